// The on-disk format of container logs, as CRI runtimes write them: one record per line,
// `<RFC3339Nano time> <stdout|stderr> <F|P> <content>` (P: a partial line, continued by the next
// record). Writing splits output into records; reading turns records back into what `kubectl logs`
// shows, with --timestamps, --tail and --since-seconds.
import Foundation

/// One log record.
public struct LogRecord: Sendable, Equatable {
    /// When the node read it (RFC3339 with nanoseconds, UTC).
    public var time: String
    /// `stdout` or `stderr`.
    public var stream: String
    /// Whether the line continues in the next record.
    public var partial: Bool
    /// The bytes of the line, without its newline.
    public var content: [UInt8]
}

/// Encoding and rendering of container log records.
public enum ContainerLogFormat {
    /// Lines longer than this are split into partial records.
    public static let maxLine = 16 * 1024

    /// Where the previous instance's log of the container logging to `path` is kept.
    public static func previousPath(_ path: String) -> String {
        (path.hasSuffix(".log") ? String(path.dropLast(4)) : path) + ".previous.log"
    }

    /// An RFC3339Nano UTC timestamp for `seconds` since 1970.
    public static func timestamp(_ seconds: Double) -> String {
        let whole = floor(seconds)
        var t = time_t(whole)
        var parts = tm()
        gmtime_r(&t, &parts)
        let nanos = Int((seconds - whole) * 1e9)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%09dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, nanos)
    }

    /// Splits `pending + chunk` into complete records; returns them encoded and the bytes kept for
    /// later (an unfinished line). `flush` (at end of output) emits the rest as a partial record.
    public static func encode(_ chunk: [UInt8], pending: inout [UInt8], stream: String, time: String, flush: Bool = false) -> [UInt8] {
        pending += chunk
        var out: [UInt8] = []
        var start = 0
        func emit(_ end: Int, partial: Bool) {
            out += Array("\(time) \(stream) \(partial ? "P" : "F") ".utf8) + pending[start..<end] + [0x0A]
        }
        var i = 0
        while i < pending.count {
            if pending[i] == 0x0A {
                emit(i, partial: false)
                start = i + 1
            } else if i - start + 1 >= maxLine {
                emit(i + 1, partial: true)
                start = i + 1
            }
            i += 1
        }
        if flush, start < pending.count {
            emit(pending.count, partial: true)
            start = pending.count
        }
        pending = Array(pending[start...])
        return out
    }

    /// Parses one on-disk line; nil for a malformed one.
    public static func decode(_ line: ArraySlice<UInt8>) -> LogRecord? {
        let fields = line.split(separator: 0x20, maxSplits: 3, omittingEmptySubsequences: false)
        guard fields.count >= 3 else { return nil }
        let tag = String(decoding: fields[2], as: UTF8.self)
        guard tag == "F" || tag == "P" else { return nil }
        return LogRecord(time: String(decoding: fields[0], as: UTF8.self), stream: String(decoding: fields[1], as: UTF8.self),
                         partial: tag == "P", content: fields.count > 3 ? Array(fields[3]) : [])
    }

    /// What `kubectl logs` shows for a file's bytes: partial records joined into lines, the last
    /// `tail` lines, those not older than `since` (a timestamp), each prefixed with its time when asked.
    public static func render(_ data: [UInt8], timestamps: Bool, tail: Int? = nil, since: String? = nil) -> [UInt8] {
        var lines: [(time: String, bytes: [UInt8], complete: Bool)] = []
        var open: (time: String, bytes: [UInt8])?
        for raw in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
            guard let record = decode(raw) else { continue }
            var current = open ?? (record.time, [])
            current.bytes += record.content
            if record.partial {
                open = current
            } else {
                lines.append((current.time, current.bytes, true))
                open = nil
            }
        }
        if let open { lines.append((open.time, open.bytes, false)) }
        if let since { lines = lines.filter { $0.time >= since } }
        if let tail { lines = Array(lines.suffix(max(0, tail))) }
        var out: [UInt8] = []
        for line in lines {
            if timestamps { out += Array((line.time + " ").utf8) }
            out += line.bytes
            if line.complete { out.append(0x0A) }
        }
        return out
    }
}
