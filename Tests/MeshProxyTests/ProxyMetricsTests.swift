// Tests for ProxyMetrics: the rendered exposition text after a sequence of connection events,
// cumulative histogram buckets, label escaping and deterministic ordering.
import MeshProxy
import Testing

@Suite("ProxyMetrics")
struct ProxyMetricsTests {
    /// The rendered lines, without comments.
    func samples(_ m: ProxyMetrics) -> [String] {
        m.render().split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }

    @Test func connectionEventsRender() {
        let m = ProxyMetrics()
        m.connectionOpened(direction: .outbound, peer: "tcp-demo/tcp-echo")
        m.connectionOpened(direction: .outbound, peer: "tcp-demo/tcp-echo")
        m.connectionOpened(direction: .inbound, peer: "curl.curl")
        m.connectionClosed(direction: .outbound, peer: "tcp-demo/tcp-echo", bytesReceived: 6, bytesSent: 21,
                           durationSeconds: 0.2)
        let lines = samples(m)
        let out = #"{direction="outbound",peer="tcp-demo/tcp-echo"}"#
        let inb = #"{direction="inbound",peer="curl.curl"}"#
        #expect(lines.contains("osm_tcp_connections_opened_total\(out) 2"))
        #expect(lines.contains("osm_tcp_connections_opened_total\(inb) 1"))
        #expect(lines.contains("osm_tcp_connections_closed_total\(out) 1"))
        #expect(lines.contains("osm_tcp_connections_closed_total\(inb) 0"))
        #expect(lines.contains("osm_tcp_connections_active\(out) 1"))
        #expect(lines.contains("osm_tcp_connections_active\(inb) 1"))
        #expect(lines.contains("osm_tcp_received_bytes_total\(out) 6"))
        #expect(lines.contains("osm_tcp_sent_bytes_total\(out) 21"))
        #expect(lines.contains("osm_tcp_connection_duration_seconds_sum\(out) 0.2"))
        #expect(lines.contains("osm_tcp_connection_duration_seconds_count\(out) 1"))
        // Inbound sorts before outbound.
        let first = lines.firstIndex { $0.hasPrefix("osm_tcp_connections_opened_total") }!
        #expect(lines[first].contains("inbound"))
    }

    @Test func everyFamilyHasHelpAndType() {
        let text = ProxyMetrics().render()
        for (name, type) in [
            ("osm_tcp_connections_opened_total", "counter"), ("osm_tcp_connections_closed_total", "counter"),
            ("osm_tcp_connections_active", "gauge"), ("osm_tcp_received_bytes_total", "counter"),
            ("osm_tcp_sent_bytes_total", "counter"), ("osm_tcp_connection_duration_seconds", "histogram"),
            ("osm_tls_handshake_failures_total", "counter"), ("osm_authorization_total", "counter"),
            ("osm_connections_denied_total", "counter"), ("osm_proxy_config_version", "gauge"),
            ("osm_tunnels_open", "gauge"),
        ] {
            #expect(text.contains("# HELP \(name) "))
            #expect(text.contains("# TYPE \(name) \(type)\n"))
        }
        #expect(text.hasSuffix("\n"))
    }

    @Test func histogramBucketsAreCumulative() {
        let m = ProxyMetrics()
        for d in [0.0005, 0.003, 0.003, 0.7, 1.0, 400.0] {
            m.connectionClosed(direction: .inbound, peer: "p", bytesReceived: 0, bytesSent: 0, durationSeconds: d)
        }
        let prefix = #"osm_tcp_connection_duration_seconds_bucket{direction="inbound",peer="p",le="#
        let buckets = samples(m).filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        #expect(buckets == [
            #""0.001"} 1"#, #""0.005"} 3"#, #""0.01"} 3"#, #""0.05"} 3"#, #""0.1"} 3"#, #""0.5"} 3"#,
            #""1"} 5"#, #""5"} 5"#, #""10"} 5"#, #""60"} 5"#, #""300"} 5"#, #""+Inf"} 6"#,
        ])
        #expect(samples(m).contains(#"osm_tcp_connection_duration_seconds_count{direction="inbound",peer="p"} 6"#))
    }

    @Test func labelValuesAreEscaped() {
        let m = ProxyMetrics()
        m.connectionOpened(direction: .outbound, peer: "a\"b\\c\nd")
        #expect(samples(m).contains(#"osm_tcp_connections_opened_total{direction="outbound",peer="a\"b\\c\nd"} 1"#))
    }

    @Test func decisionsDenialsAndGauges() {
        let m = ProxyMetrics()
        m.handshakeFailed(direction: .inbound, reason: "bad_certificate")
        m.handshakeFailed(direction: .inbound, reason: "bad_certificate")
        m.authorized(direction: .inbound, policy: "traffic-target", allowed: true)
        m.authorized(direction: .inbound, policy: "traffic-target", allowed: false)
        m.authorized(direction: .inbound, policy: "permissive", allowed: true)
        m.denied(direction: .outbound, reason: "no_route")
        m.denied(direction: .inbound, reason: "unauthorized")
        m.configVersion(42)
        m.tunnelsOpen(delta: 3)
        m.tunnelsOpen(delta: -1)
        let lines = samples(m)
        #expect(lines.contains(#"osm_tls_handshake_failures_total{direction="inbound",reason="bad_certificate"} 2"#))
        let authz = lines.filter { $0.hasPrefix("osm_authorization_total") }
        #expect(authz == [
            #"osm_authorization_total{direction="inbound",policy="permissive",result="allow"} 1"#,
            #"osm_authorization_total{direction="inbound",policy="traffic-target",result="allow"} 1"#,
            #"osm_authorization_total{direction="inbound",policy="traffic-target",result="deny"} 1"#,
        ])
        let denied = lines.filter { $0.hasPrefix("osm_connections_denied_total") }
        #expect(denied == [
            #"osm_connections_denied_total{direction="inbound",reason="unauthorized"} 1"#,
            #"osm_connections_denied_total{direction="outbound",reason="no_route"} 1"#,
        ])
        #expect(lines.contains("osm_proxy_config_version 42"))
        #expect(lines.contains("osm_tunnels_open 2"))
    }

    @Test func renderIsDeterministic() {
        let a = ProxyMetrics(), b = ProxyMetrics()
        let peers = ["z", "a", "m", "b"]
        for p in peers { a.connectionOpened(direction: .outbound, peer: p) }
        for p in peers.reversed() { b.connectionOpened(direction: .outbound, peer: p) }
        #expect(a.render() == b.render())
    }
}
