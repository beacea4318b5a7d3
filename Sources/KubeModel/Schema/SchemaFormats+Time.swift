// Date, date-time and duration formats, checked as go-openapi's strfmt checks them.

extension SchemaFormats {
    /// A full date `2006-01-02` with a day that exists in that month.
    static func isDate(_ s: String) -> Bool {
        let c = Array(s.utf8)
        guard c.count == 10, c[4] == UInt8(ascii: "-"), c[7] == UInt8(ascii: "-"),
            c[0..<4].allSatisfy(isDigit), c[5..<7].allSatisfy(isDigit), c[8..<10].allSatisfy(isDigit)
        else { return false }
        let num: (ArraySlice<UInt8>) -> Int = { $0.reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        let year = num(c[0..<4])
        let month = num(c[5..<7])
        let day = num(c[8..<10])
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    /// RFC 3339 date-time, case-insensitive: a date, `T`, `hh:mm:ss`, optional fraction, and `Z` or an offset.
    static func isDateTime(_ s: String) -> Bool {
        guard s.utf8.count >= 4 else { return false }
        let parts = s.lowercased().split(separator: "t", omittingEmptySubsequences: false)
        guard parts.count >= 2, isDate(String(parts[0])) else { return false }
        let t = Array(parts[1].unicodeScalars)
        func digits(_ r: Range<Int>) -> Bool { r.upperBound <= t.count && t[r].allSatisfy { ("0"..."9").contains($0) } }
        guard t.count >= 9, digits(0..<2), t[2] == ":", digits(3..<5), t[5] == ":", digits(6..<8) else { return false }
        let clock = String(String.UnicodeScalarView(t[0..<8]))
        guard clock.prefix(2) <= "23", clock.dropFirst(3).prefix(2) <= "59", clock.suffix(2) <= "59" else {
            return false
        }
        let tail = Array(t[8...])
        func isZone(_ z: ArraySlice<Unicode.Scalar>) -> Bool {
            if z.count == 1 { return z.first == "z" }
            let a = Array(z)
            return a.count == 6 && (a[0] == "+" || a[0] == "-") && a[3] == ":"
                && [a[1], a[2], a[4], a[5]].allSatisfy { ("0"..."9").contains($0) }
        }
        if isZone(tail[...]) { return true }
        // `(.[0-9]+)?`: any one character, then digits, then the zone
        var j = 1
        while j < tail.count, ("0"..."9").contains(tail[j]) { j += 1 }
        return j > 1 && isZone(tail[j...])
    }

    /// Go's `time.ParseDuration`, or go-openapi's lenient `<n> <unit>` forms (`3 days`, `1h30m`, `2 weeks`).
    static func isDuration(_ s: String) -> Bool {
        isGoDuration(s) || isLenientDuration(s)
    }

    static func isGoDuration(_ s: String) -> Bool {
        var u = Array(s.unicodeScalars)
        if let f = u.first, f == "+" || f == "-" { u.removeFirst() }
        if u.count == 1 && u[0] == "0" { return true }
        guard !u.isEmpty else { return false }
        let units: Set<String> = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]
        var i = 0
        while i < u.count {
            let start = i
            while i < u.count, ("0"..."9").contains(u[i]) { i += 1 }
            var sawDigits = i > start
            if i < u.count, u[i] == "." {
                i += 1
                let fracStart = i
                while i < u.count, ("0"..."9").contains(u[i]) { i += 1 }
                sawDigits = sawDigits || i > fracStart
            }
            guard sawDigits else { return false }
            let unitStart = i
            while i < u.count, u[i] != ".", !("0"..."9").contains(u[i]) { i += 1 }
            guard units.contains(String(String.UnicodeScalarView(u[unitStart..<i]))) else { return false }
        }
        return true
    }

    static func isLenientDuration(_ s: String) -> Bool {
        let variants: [[String]] = [
            ["ns", "nano"], ["us", "µs", "micro"], ["ms", "milli"], ["s", "sec"], ["m", "min"], ["h", "hr", "hour"],
            ["d", "day"], ["w", "wk", "week"],
        ]
        let u = Array(s.unicodeScalars)
        let isDigitScalar: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        let isUnitScalar: (Unicode.Scalar) -> Bool = {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "µ"
        }
        var i = 0
        while i < u.count {
            guard isDigitScalar(u[i]) else {
                i += 1
                continue
            }
            while i < u.count, isDigitScalar(u[i]) { i += 1 }
            while i < u.count, [" ", "\t", "\n", "\r", "\u{0C}"].contains(u[i]) { i += 1 }
            let unitStart = i
            while i < u.count, isUnitScalar(u[i]) { i += 1 }
            guard i > unitStart else { continue }
            let unit = String(String.UnicodeScalarView(u[unitStart..<i])).lowercased()
            for list in variants {
                for (k, v) in list.enumerated() where unit == v || (k == list.count - 1 && unit.hasPrefix(v)) {
                    return true
                }
            }
        }
        return false
    }
}
