// The tunnel frame codec: round trips, partial input, and random or malformed bytes (never a
// crash or a hang, only a frame, "need more" or a protocol error).
import MeshProxy
import NIOCore
import SeededRandom
import Testing

@Suite("Tunnel frames")
struct TunnelFrameTests {
    static let samples: [TunnelFrame] = [
        .open(stream: 1, port: 9000, origin: "10.244.0.11:40000"),
        .data(stream: 1, payload: ByteBuffer(string: "hello\n")),
        .data(stream: 7, payload: ByteBuffer()),
        .fin(stream: 1),
        .reset(stream: 3, reason: "traffic-target: identity curl.curl is not allowed on port 9000"),
        .window(stream: 1, increment: 131_072),
        .goAway(reason: "draining"),
    ]

    @Test func everyFrameRoundTrips() throws {
        var buffer = ByteBuffer()
        for frame in Self.samples { frame.write(to: &buffer) }
        var decoded: [TunnelFrame] = []
        while let frame = try TunnelFrame.read(from: &buffer) { decoded.append(frame) }
        #expect(decoded == Self.samples)
        #expect(buffer.readableBytes == 0)
    }

    @Test func aPartialFrameWaitsAndConsumesNothing() throws {
        var whole = ByteBuffer()
        TunnelFrame.data(stream: 5, payload: ByteBuffer(string: "abcdef")).write(to: &whole)
        for cut in 0..<whole.readableBytes {
            var part = whole.getSlice(at: 0, length: cut)!
            #expect(try TunnelFrame.read(from: &part) == nil)
            #expect(part.readableBytes == cut)
        }
    }

    @Test func longTextIsCutToTheLimit() throws {
        var buffer = ByteBuffer()
        TunnelFrame.reset(stream: 1, reason: String(repeating: "x", count: 1000)).write(to: &buffer)
        guard case .reset(_, let reason) = try TunnelFrame.read(from: &buffer) else {
            Issue.record("not a reset")
            return
        }
        #expect(reason.utf8.count == 255)
    }

    @Test func malformedFramesAreProtocolErrors() {
        func bytes(_ b: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: b) }
        let cases: [(ByteBuffer, TunnelProtocolError)] = [
            (bytes([0, 0, 0, 0, 9, 0, 0, 0, 1]), .unknownFrameType(9)),
            (bytes([0x10, 0, 0, 0, 1, 0, 0, 0, 1]), .frameTooLarge(0x1000_0000)),
            (bytes([0, 0, 0, 1, 2, 0, 0, 0, 1, 0]), .malformed("FIN with a payload")),
            (bytes([0, 0, 0, 0, 1, 0, 0, 0, 0]), .malformed("stream 0 is reserved for tunnel-wide frames")),
            (bytes([0, 0, 0, 2, 4, 0, 0, 0, 1, 0, 1]), .malformed("WINDOW payload")),
            (bytes([0, 0, 0, 4, 4, 0, 0, 0, 1, 0, 0, 0, 0]), .malformed("WINDOW payload")),
            (bytes([0, 0, 0, 3, 0, 0, 0, 0, 1, 0, 0, 0]), .malformed("OPEN to port 0")),
            (bytes([0, 0, 0, 3, 0, 0, 0, 0, 1, 0, 80, 5]), .malformed("OPEN payload")),
            (bytes([0, 0, 0, 0, 5, 0, 0, 0, 3]), .malformed("GOAWAY on a stream")),
        ]
        for (input, expected) in cases {
            var b = input
            #expect(throws: expected) { try TunnelFrame.read(from: &b) }
        }
    }

    @Test func randomBytesNeverCrashOrLoop() {
        var rng = SplitMix64(seed: 0x05A1_F00D)
        for _ in 0..<20_000 {
            let count = Int(rng.next() % 64)
            var buffer = ByteBuffer(bytes: (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            // Bias some inputs towards valid headers so decoding goes deep.
            if count >= 9, rng.next() % 2 == 0 {
                buffer.setInteger(UInt32(count - 9), at: 0)
                buffer.setInteger(UInt8(rng.next() % 7), at: 4)
            }
            var steps = 0
            while steps < 100 {
                steps += 1
                let before = buffer.readableBytes
                guard let frame = try? TunnelFrame.read(from: &buffer) else { break }
                #expect(buffer.readableBytes < before, "a decoded frame consumes bytes: \(frame)")
            }
            #expect(steps < 100)
        }
    }

    @Test func mutatedValidStreamsNeverCrash() {
        var valid = ByteBuffer()
        for frame in Self.samples { frame.write(to: &valid) }
        let original = Array(valid.readableBytesView)
        var rng = SplitMix64(seed: 42)
        for _ in 0..<20_000 {
            var bytes = original
            for _ in 0..<(1 + rng.next() % 4) {
                bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            var buffer = ByteBuffer(bytes: bytes.prefix(Int(rng.next() % UInt64(bytes.count + 1))))
            while let _ = try? TunnelFrame.read(from: &buffer) {}
        }
    }
}
