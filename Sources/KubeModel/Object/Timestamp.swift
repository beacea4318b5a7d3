/// RFC 3339 timestamps as Kubernetes writes them (`2026-11-29T10:22:58Z`, whole seconds, UTC).
public enum Timestamp {
    /// Formats seconds since the Unix epoch.
    public static func format(_ unixSeconds: Double) -> String {
        // Saturates: a time beyond what Int64 seconds hold (a huge grace period or expiry) is the latest one.
        let whole = unixSeconds.rounded(.down)
        let secs = whole.isNaN ? 0 : whole >= 9.2e18 ? Int64(9.2e18) : whole <= -9.2e18 ? Int64(-9.2e18) : Int64(whole)
        return format(wholeSeconds: secs)
    }

    /// Formats whole seconds since the Unix epoch; `civilYears` limits the year (Go rejects years outside 0–9999).
    static func format(wholeSeconds secs: Int64, civilYears: ClosedRange<Int64>? = nil) -> String? {
        var days = secs / 86_400
        var rem = secs % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = civil(fromDays: days)
        if let civilYears, !civilYears.contains(y) { return nil }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rem / 3600, 2)):\(pad(rem % 3600 / 60, 2)):\(pad(rem % 60, 2))Z"
    }

    private static func format(wholeSeconds secs: Int64) -> String {
        format(wholeSeconds: secs, civilYears: nil)!
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` into seconds since the epoch; nil when malformed.
    public static func parse(_ s: String) -> Double? {
        let b = Array(s.utf8)
        func num(_ at: Int, _ count: Int) -> Int64? {
            guard at + count <= b.count else { return nil }
            var v: Int64 = 0
            for i in at..<(at + count) {
                guard (0x30...0x39).contains(b[i]) else { return nil }
                v = v * 10 + Int64(b[i] - 0x30)
            }
            return v
        }
        guard b.count >= 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54 || b[10] == 0x74, b[13] == 0x3A, b[16] == 0x3A,
            let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
            let se = num(17, 2), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, se < 61
        else { return nil }
        var i = 19
        var frac = 0.0
        if i < b.count, b[i] == 0x2E {
            i += 1
            let start = i
            var scale = 0.1
            while i < b.count, (0x30...0x39).contains(b[i]) { frac += Double(b[i] - 0x30) * scale; scale /= 10; i += 1 }
            guard i > start else { return nil }
        }
        var offset: Int64 = 0
        guard i < b.count else { return nil }
        if b[i] == 0x5A || b[i] == 0x7A {
            i += 1
        } else if b[i] == 0x2B || b[i] == 0x2D, i + 6 <= b.count, b[i + 3] == 0x3A, let oh = num(i + 1, 2), let om = num(i + 4, 2) {
            offset = (oh * 3600 + om * 60) * (b[i] == 0x2D ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        return Double(days(fromCivil: y, mo, d) * 86_400 + h * 3600 + mi * 60 + se - offset) + frac
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    // Days from 1970-01-01 to a civil date (proleptic Gregorian), and back.
    static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }
}
