/// Hands out unique addresses from a range (ClusterIPs) or numbers from a range (NodePorts).
actor RangeAllocator {
    private let low: UInt32
    private let high: UInt32
    private var used: Set<UInt32>
    private var next: UInt32

    /// A pool over `low...high`, with some values reserved.
    init(low: UInt32, high: UInt32, reserved: [UInt32] = []) {
        self.low = low
        self.high = high
        self.used = Set(reserved)
        self.next = low
    }

    /// Marks a value as taken; false if it was already taken or out of range.
    func claim(_ v: UInt32) -> Bool {
        guard v >= low, v <= high, !used.contains(v) else { return false }
        used.insert(v)
        return true
    }

    /// Whether a value lies in the range.
    nonisolated func contains(_ v: UInt32) -> Bool { v >= low && v <= high }

    /// Takes the next free value (round-robin so released values are not reused at once); nil when full.
    func allocate() -> UInt32? {
        let size = high - low + 1
        for _ in 0..<size {
            let v = next
            next = next == high ? low : next + 1
            if !used.contains(v) {
                used.insert(v)
                return v
            }
        }
        return nil
    }

    /// Returns a value to the pool.
    func release(_ v: UInt32) { used.remove(v) }
}

/// IPv4 dotted-quad conversions.
enum IPv4 {
    static func parse(_ s: String) -> UInt32? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard let o = UInt32(p), o <= 255, p.count <= 3 else { return nil }
            v = v << 8 | o
        }
        return v
    }

    static func format(_ v: UInt32) -> String {
        "\(v >> 24).\(v >> 16 & 255).\(v >> 8 & 255).\(v & 255)"
    }
}
