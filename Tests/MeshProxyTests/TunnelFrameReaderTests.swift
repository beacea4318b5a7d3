// The incremental tunnel reader: whatever the read boundaries, it finds what the whole-frame
// codec finds; DATA comes out as slices of the input (no copy); a bad header fails as soon as
// its nine bytes are in; random and mutated input never crash, hang or make it hoard bytes.
@testable import MeshProxy
import NIOCore
import SeededRandom
import Testing

@Suite("Tunnel frame reader")
struct TunnelFrameReaderTests {
    /// What a frame sequence means to a tunnel: control frames, and each run of DATA of one
    /// stream as its bytes (pieces of one payload, or payloads in a row, join up).
    enum Meaning: Equatable {
        case frame(TunnelFrame)
        case bytes(stream: UInt32, [UInt8])
    }

    static func meaning(of inputs: [TunnelInput]) -> [Meaning] {
        var out: [Meaning] = []
        for input in inputs {
            switch input {
            case .frame(let f): out.append(.frame(f))
            case .data(let id, let chunk):
                let bytes = Array(chunk.readableBytesView)
                if case .bytes(let last, let before)? = out.last, last == id {
                    out[out.count - 1] = .bytes(stream: id, before + bytes)
                } else if !bytes.isEmpty {
                    out.append(.bytes(stream: id, bytes))
                }
            }
        }
        return out
    }

    static func meaning(of frames: [TunnelFrame]) -> [Meaning] {
        meaning(of: frames.map { f -> TunnelInput in
            if case .data(let id, let p) = f { return .data(stream: id, chunk: p) }
            return .frame(f)
        })
    }

    /// Feeds `bytes` cut at `cuts` and collects what comes out, up to the first error.
    static func read(_ bytes: [UInt8], cuts: [Int]) -> (inputs: [TunnelInput], error: TunnelProtocolError?) {
        var reader = TunnelFrameReader()
        var inputs: [TunnelInput] = []
        var start = 0
        for end in (cuts + [bytes.count]).sorted() where end >= start {
            var piece = ByteBuffer(bytes: bytes[start..<end])
            start = end
            do {
                while let input = try reader.next(from: &piece) { inputs.append(input) }
            } catch {
                return (inputs, error)
            }
            #expect(piece.readableBytes == 0, "every byte is taken or kept")
        }
        return (inputs, nil)
    }

    static var sampleBytes: [UInt8] {
        var buffer = ByteBuffer()
        for frame in TunnelFrameTests.samples { frame.write(to: &buffer) }
        TunnelFrame.data(stream: 5, payload: ByteBuffer(repeating: 0xAB, count: 40_000)).write(to: &buffer)
        TunnelFrame.fin(stream: 5).write(to: &buffer)
        return Array(buffer.readableBytesView)
    }

    static var sampleMeaning: [Meaning] {
        meaning(of: TunnelFrameTests.samples + [
            .data(stream: 5, payload: ByteBuffer(repeating: 0xAB, count: 40_000)), .fin(stream: 5),
        ])
    }

    @Test func everySingleCutGivesTheSameFrames() {
        let bytes = Self.sampleBytes
        for cut in 0...bytes.count where cut < 300 || cut % 97 == 0 || cut > bytes.count - 40 {
            let (inputs, error) = Self.read(bytes, cuts: [cut])
            #expect(error == nil)
            #expect(Self.meaning(of: inputs) == Self.sampleMeaning, "cut at \(cut)")
        }
    }

    @Test func byteByByteGivesTheSameFrames() {
        let bytes = Self.sampleBytes
        let (inputs, error) = Self.read(bytes, cuts: Array(0..<bytes.count))
        #expect(error == nil)
        #expect(Self.meaning(of: inputs) == Self.sampleMeaning)
    }

    @Test func dataIsHandedOutAsSlicesOfTheInputNotCopies() throws {
        var input = ByteBuffer()
        TunnelFrame.data(stream: 9, payload: ByteBuffer(repeating: 7, count: 1000)).write(to: &input)
        var first = input.getSlice(at: 0, length: 600)!
        var second = input.getSlice(at: 600, length: input.readableBytes - 600)!
        var reader = TunnelFrameReader()
        let a = try #require(try reader.next(from: &first))
        #expect(try reader.next(from: &first) == nil)
        let b = try #require(try reader.next(from: &second))
        guard case .data(9, let one) = a, case .data(9, let two) = b else {
            Issue.record("expected two DATA pieces, got \(a) and \(b)")
            return
        }
        #expect(one.readableBytes == 591 && two.readableBytes == 409)
        let base = input.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress!) }
        #expect(one.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress!) } == base + 9)
        #expect(two.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress!) } == base + 600)
    }

    @Test func aBadHeaderFailsBeforeItsPayloadArrives() {
        let cases: [([UInt8], TunnelProtocolError)] = [
            ([0, 0, 0x03, 0xE8, 3, 0, 0, 0, 1], .malformed("text longer than 255 bytes")),  // RESET of 1000 bytes
            ([0, 0, 0x10, 0, 0, 0, 0, 0, 1], .malformed("OPEN payload")),  // OPEN of 4096 bytes
            ([0, 0x20, 0, 0, 1, 0, 0, 0, 1], .frameTooLarge(0x20_0000)),
            ([0, 0, 0, 0, 9, 0, 0, 0, 1], .unknownFrameType(9)),
            ([0, 0, 0, 0, 2, 0, 0, 0, 0], .malformed("stream 0 is reserved for tunnel-wide frames")),
            ([0, 0, 0, 0, 5, 0, 0, 0, 4], .malformed("GOAWAY on a stream")),
            ([0, 0, 0, 3, 4, 0, 0, 0, 1], .malformed("WINDOW payload")),
        ]
        for (header, expected) in cases {
            for cut in 0..<header.count {
                #expect(Self.read(header, cuts: [cut]).error == expected, "\(header) cut at \(cut)")
            }
        }
    }

    @Test func agreesWithTheWholeFrameCodecOnMutatedInput() {
        let original = Self.sampleBytes.prefix(400)
        var rng = SplitMix64(seed: 0x7EAD)
        for _ in 0..<5_000 {
            var bytes = Array(original)
            for _ in 0..<(1 + rng.next() % 3) {
                bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            let cuts = (0..<Int(rng.next() % 6)).map { _ in Int(rng.next() % UInt64(bytes.count)) }
            let (inputs, error) = Self.read(bytes, cuts: cuts)
            var whole = ByteBuffer(bytes: bytes)
            var frames: [TunnelFrame] = []
            var wholeError: TunnelProtocolError?
            do {
                while let f = try TunnelFrame.read(from: &whole) { frames.append(f) }
            } catch { wholeError = error }
            // The codec waits for a whole frame before it looks at the header, and fails a length
            // from four bytes; the reader checks a header once its nine bytes are in. With a whole
            // header left they fail alike; a truncated one may fail on one side only.
            if let wholeError {
                if whole.readableBytes >= TunnelFrame.headerSize {
                    #expect(error == wholeError)
                } else {
                    #expect(error == nil || error == wholeError)
                }
            } else if error != nil {
                #expect(whole.readableBytes > 0, "the reader fails only on bytes the codec has not judged")
            }
            // The reader may also hand out the start of a DATA payload the codec still waits for.
            let got = Self.meaning(of: inputs), want = Self.meaning(of: frames)
            #expect(Array(got.prefix(want.count)) == want)
            #expect(got.count <= want.count + 1)
        }
    }

    @Test func randomBytesNeverCrashHangOrHoard() {
        var rng = SplitMix64(seed: 0xB0B)
        for _ in 0..<5_000 {
            let bytes = (0..<Int(rng.next() % 600)).map { _ in UInt8(truncatingIfNeeded: rng.next() % 8 == 0 ? 0 : rng.next()) }
            var reader = TunnelFrameReader()
            var buffer = ByteBuffer(bytes: bytes)
            var steps = 0
            while steps <= bytes.count + 1, let _ = try? reader.next(from: &buffer) { steps += 1 }
            #expect(steps <= bytes.count + 1, "every input consumes bytes")
            #expect(reader.pendingBytes <= TunnelFrameReader.longestControl)
        }
    }
}
