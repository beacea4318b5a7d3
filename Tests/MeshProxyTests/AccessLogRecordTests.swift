// Tests for AccessLogRecord.jsonLine: key order, omitted nils, JSON string escaping, the RFC 3339
// timestamp, and that the line parses as JSON.
import Foundation
import MeshProxy
import Testing

@Suite("AccessLogRecord")
struct AccessLogRecordTests {
    func record(start: Double = 1_714_566_896.789) -> AccessLogRecord {
        AccessLogRecord(
            startTime: start, direction: .outbound, source: "10.0.0.5:41234", destination: "10.96.0.20:9000",
            bytesReceived: 6, bytesSent: 21, durationMillis: 12.3456, result: .ok)
    }

    func parse(_ line: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func minimalRecordOmitsNilsInFixedOrder() {
        #expect(record().jsonLine() == #"{"start_time":"2024-05-01T12:34:56.789Z","direction":"outbound","#
            + #""source":"10.0.0.5:41234","destination":"10.96.0.20:9000","bytes_received":6,"bytes_sent":21,"#
            + #""duration_ms":12.346,"result":"ok"}"#)
    }

    @Test func fullRecordParsesAsJSON() throws {
        var r = record()
        r.direction = .inbound
        r.upstream = "127.0.0.1:9000"
        r.peerIdentity = "curl.curl"
        r.service = "tcp-demo/tcp-echo"
        r.route = "traffic-target"
        r.result = .denied
        r.reason = "unauthorized"
        let line = r.jsonLine()
        #expect(!line.contains("\n"))
        let keys = ["start_time", "direction", "source", "destination", "upstream", "peer_identity", "service",
                    "route", "bytes_received", "bytes_sent", "duration_ms", "result", "reason"]
        let positions = keys.map { line.range(of: "\"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted())
        let json = try parse(line)
        #expect(json.count == keys.count)
        #expect(json["peer_identity"] as? String == "curl.curl")
        #expect(json["result"] as? String == "denied")
        #expect(json["reason"] as? String == "unauthorized")
        #expect((json["bytes_sent"] as? NSNumber)?.intValue == 21)
    }

    @Test func stringsAreEscaped() throws {
        var r = record()
        let nasty = "a\"b\\c\nd\te\u{01}f\u{1F}g é ✓"
        r.route = nasty
        let line = r.jsonLine()
        #expect(line.contains(#""route":"a\"b\\c\u000ad\u0009e\u0001f\u001fg é ✓""#))
        #expect(try parse(line)["route"] as? String == nasty)
    }

    @Test func timestampsAreRFC3339UTCWithMilliseconds() throws {
        let cases: [(Double, String)] = [
            (1_714_566_896.789, "2024-05-01T12:34:56.789Z"),
            (0, "1970-01-01T00:00:00.000Z"),
            (-1.5, "1969-12-31T23:59:58.500Z"),
            (1_709_251_199.9996, "2024-02-29T23:59:59.999Z"),
            (.nan, "1970-01-01T00:00:00.000Z"),
        ]
        for (start, text) in cases {
            #expect(try parse(record(start: start).jsonLine())["start_time"] as? String == text)
        }
    }

    @Test func durationsAreFiniteNumbers() throws {
        var r = record()
        r.durationMillis = .infinity
        #expect(r.jsonLine().contains(#""duration_ms":0.000,"#))
        r.durationMillis = 1500
        #expect(r.jsonLine().contains(#""duration_ms":1500.000,"#))
        #expect(try parse(r.jsonLine())["duration_ms"] as? Double == 1500)
    }
}
