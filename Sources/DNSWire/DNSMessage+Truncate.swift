// Fitting a response into a UDP size limit, setting TC when required data had to go (RFC 2181 §9).

extension DNSMessage {
    /// The message cut down to at most `limit` bytes, and its encoding.
    ///
    /// First the additional section goes (that alone does not set TC), then the authority section
    /// and trailing answers until it fits, with TC set. A limit below what the header, question and
    /// OPT need returns them anyway, with no records and TC set.
    public func fitted(to limit: Int) throws(DNSWireError) -> (message: DNSMessage, bytes: [UInt8]) {
        let full = try encode()
        if full.count <= limit { return (self, full) }

        var smaller = self
        smaller.additional = []
        let noAdditional = try smaller.encode()
        if noAdditional.count <= limit { return (smaller, noAdditional) }

        smaller.truncated = true
        smaller.authority = []
        let answers = self.answers
        // Largest prefix of the answers that fits; encoded size grows with the prefix length.
        var low = 0
        var high = answers.count
        var best: (DNSMessage, [UInt8])?
        while low <= high {
            let middle = (low + high) / 2
            var candidate = smaller
            candidate.answers = Array(answers.prefix(middle))
            let bytes = try candidate.encode()
            if bytes.count <= limit {
                best = (candidate, bytes)
                low = middle + 1
            } else {
                high = middle - 1
            }
        }
        if let best { return best }
        smaller.answers = []
        return (smaller, try smaller.encode())
    }
}
