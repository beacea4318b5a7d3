// The cluster DNS server's answering logic: one query message in, one response message out.

/// The transport a query arrived on; it decides how large the response may be.
public enum DNSTransport: Sendable, Hashable {
    /// UDP: 512 bytes, or the EDNS(0) size (capped by `ClusterDNSSettings.maxUDPPayload`).
    case udp
    /// TCP: up to 65535 bytes (the caller adds the 2-byte length prefix).
    case tcp
}

/// Answers queries for the cluster domain the way kube-dns/CoreDNS do, from a `ClusterDNSRecords`
/// snapshot, with no I/O.
///
/// Rules: every answer is authoritative (AA) with TTL `settings.ttl`; RD and CD are copied, RA is
/// never set. A name that does not exist gets NXDOMAIN, and a name that exists without the asked
/// type gets NODATA (NOERROR, no answers); both carry the zone's SOA in the authority section for
/// negative caching. The server is authoritative for `<domain>` and for the reverse names of the
/// service and pod networks only.
///
/// Names outside those zones get REFUSED without AA. The embedded cluster has no upstream
/// network, so there is nothing to forward to. REFUSED says exactly that and comes back at once:
/// the stub resolver retries once and gives up within milliseconds (dataplane lab §1c), with no
/// false claim that the name does not exist anywhere (NXDOMAIN) and no wait for a timeout (a
/// dropped query). Names under the cluster domain are unaffected: with `ndots:5` the search list
/// is tried before the bare name, so `tcp-echo.tcp-demo` resolves on its second query.
public struct ClusterDNS: Sendable {
    /// Zone, TTL, address and network parameters.
    public var settings: ClusterDNSSettings

    /// Creates the answering logic with the given (by default the embedded cluster's) settings.
    public init(settings: ClusterDNSSettings = ClusterDNSSettings()) {
        self.settings = settings
    }

    /// The response to `query`, already cut to fit `transport` (TC set if answers had to go).
    public func answer(_ query: DNSMessage, records: ClusterDNSRecords, transport: DNSTransport = .udp) -> DNSMessage {
        fit(completeAnswer(query, records: records), to: responseLimit(for: query, transport: transport)).message
    }

    /// The response bytes for a raw query packet, or nil when it must be dropped (shorter than a
    /// header, or itself a response). Undecodable queries get FORMERR with the id and RD copied.
    public func respond(to packet: [UInt8], records: ClusterDNSRecords, transport: DNSTransport = .udp) -> [UInt8]? {
        guard packet.count >= DNSMessage.headerLength, packet[2] & 0x80 == 0 else { return nil }
        let query: DNSMessage
        do {
            query = try DNSMessage(decoding: packet)
        } catch {
            let reply = DNSMessage(
                id: UInt16(packet[0]) << 8 | UInt16(packet[1]), isResponse: true,
                opcode: DNSOpcode(rawValue: packet[2] >> 3), recursionDesired: packet[2] & 0x01 != 0,
                rcode: .formatError)
            return try? reply.encode()
        }
        return fit(completeAnswer(query, records: records), to: responseLimit(for: query, transport: transport)).bytes
    }

    /// The largest response allowed for `query` on `transport`.
    public func responseLimit(for query: DNSMessage, transport: DNSTransport) -> Int {
        switch transport {
        case .tcp:
            return DNSMessage.maxLength
        case .udp:
            guard let edns = query.edns else { return 512 }
            return min(edns.effectivePayloadSize, max(512, Int(settings.maxUDPPayload)))
        }
    }

    /// The response before any size limit is applied.
    func completeAnswer(_ query: DNSMessage, records: ClusterDNSRecords) -> DNSMessage {
        var response = DNSMessage(
            id: query.id, isResponse: true, opcode: query.opcode, recursionDesired: query.recursionDesired,
            checkingDisabled: query.checkingDisabled)
        if let edns = query.edns {
            response.edns = EDNS(udpPayloadSize: settings.maxUDPPayload)
            if edns.version != 0 {
                response.questions = Array(query.questions.prefix(1))
                response.rcode = .badVersion
                return response
            }
        }
        guard !query.isResponse else { return failing(response, .formatError) }
        guard query.opcode == .query else {
            response.questions = Array(query.questions.prefix(1))
            return failing(response, .notImplemented)
        }
        guard query.questions.count == 1, let question = query.questions.first else {
            return failing(response, .formatError)
        }
        response.questions = [question]
        guard question.recordClass == .internet || question.recordClass == .any else {
            return failing(response, .refused)
        }
        switch question.type {
        case .opt:
            return failing(response, .formatError)
        case .axfr, .ixfr:
            return failing(response, .refused)
        default:
            break
        }
        guard classify(question.name, records: records) != .outside else { return failing(response, .refused) }

        let result = lookup(question.name, type: question.type, records: records)
        response.authoritative = true
        response.rcode = result.rcode
        response.answers = result.answers
        response.additional = result.additional
        if let zone = result.negativeZone { response.authority = [startOfAuthority(zone, records: records)] }
        return response
    }

    private func failing(_ response: DNSMessage, _ rcode: DNSResponseCode) -> DNSMessage {
        var response = response
        response.rcode = rcode
        return response
    }

    private func fit(_ response: DNSMessage, to limit: Int) -> (message: DNSMessage, bytes: [UInt8]?) {
        if let fitted = try? response.fitted(to: limit) { return fitted }
        // Only reachable if a snapshot holds data that cannot be encoded; report it, not garbage.
        let failure = DNSMessage(
            id: response.id, isResponse: true, opcode: response.opcode,
            recursionDesired: response.recursionDesired, rcode: .serverFailure,
            questions: response.questions, edns: response.edns)
        return (failure, try? failure.encode())
    }
}
