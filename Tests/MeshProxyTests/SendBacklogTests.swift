// The bytes a stream keeps back beyond its credit: order kept, buffers cut exactly at the credit.
@testable import MeshProxy
import NIOCore
import SeededRandom
import Testing

@Suite("Send backlog")
struct SendBacklogTests {
    @Test func takesInOrderAndCutsAtTheLimit() {
        var b = SendBacklog()
        b.append(ByteBuffer(string: "hello "))
        b.append(ByteBuffer())
        b.append(ByteBuffer(string: "world"))
        #expect(b.count == 11)
        #expect(b.take(upTo: 0).isEmpty)
        #expect(b.take(upTo: 8) == [ByteBuffer(string: "hello "), ByteBuffer(string: "wo")])
        #expect(b.count == 3 && !b.isEmpty)
        #expect(b.take(upTo: 100) == [ByteBuffer(string: "rld")])
        #expect(b.isEmpty)
    }

    @Test func randomCutsKeepEveryByteInOrder() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<500 {
            var b = SendBacklog()
            var input: [UInt8] = [], output: [UInt8] = []
            for _ in 0..<Int(rng.next() % 10) {
                let chunk = (0..<Int(rng.next() % 50)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                input += chunk
                b.append(ByteBuffer(bytes: chunk))
            }
            while !b.isEmpty {
                let before = b.count
                let limit = Int(rng.next() % 20)
                let taken = b.take(upTo: limit)
                let n = taken.reduce(0) { $0 + $1.readableBytes }
                #expect(n == min(limit, before) && b.count == before - n)
                for t in taken { output += Array(t.readableBytesView) }
            }
            #expect(output == input)
        }
    }

    @Test func removeAllEmpties() {
        var b = SendBacklog()
        b.append(ByteBuffer(string: "x"))
        b.removeAll()
        #expect(b.isEmpty && b.take(upTo: 10).isEmpty)
    }
}
