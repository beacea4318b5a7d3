// Tests of malformed and unsupported queries, EDNS handling and truncation to the UDP limit.
import Testing
import DNSWire

@Suite struct ClusterDNSErrorTests {
    let dns = ClusterDNS()
    let echo = DNSQuestion(name: name("tcp-echo.tcp-demo.svc.cluster.local"), type: .a)

    @Test func multipleOrNoQuestionsAreFORMERR() {
        let two = dns.answer(DNSMessage(id: 1, recursionDesired: true, questions: [echo, echo]), records: fixtureRecords)
        #expect(two.rcode == .formatError && two.isResponse && two.recursionDesired)
        #expect(two.questions.isEmpty && two.answers.isEmpty && !two.authoritative)
        let none = dns.answer(DNSMessage(id: 2), records: fixtureRecords)
        #expect(none.rcode == .formatError)
    }

    @Test func nonQueryOpcodesAreNOTIMP() {
        for opcode in [DNSOpcode.notify, .update, .status, .inverseQuery, DNSOpcode(rawValue: 9)] {
            let reply = dns.answer(DNSMessage(id: 3, opcode: opcode, questions: [echo]), records: fixtureRecords)
            #expect(reply.rcode == .notImplemented, "\(opcode)")
            #expect(reply.opcode == opcode && reply.answers.isEmpty)
        }
    }

    @Test func unsupportedClassesAndTransfersAreRefused() {
        let chaos = DNSQuestion(name: name("version.bind"), type: .txt, recordClass: .chaos)
        #expect(dns.answer(DNSMessage(id: 4, questions: [chaos]), records: fixtureRecords).rcode == .refused)
        #expect(ask("cluster.local", .axfr).rcode == .refused)
        #expect(ask("cluster.local", .ixfr).rcode == .refused)
        #expect(ask("tcp-echo.tcp-demo.svc.cluster.local", .opt).rcode == .formatError)
        let anyClass = DNSQuestion(name: echo.name, type: .a, recordClass: .any)
        #expect(dns.answer(DNSMessage(id: 4, questions: [anyClass]), records: fixtureRecords).answers.count == 1)
    }

    @Test func responsesAreNotAnswered() throws {
        var response = DNSMessage.query(id: 5, name: echo.name, type: .a)
        response.isResponse = true
        #expect(dns.respond(to: try response.encode(), records: fixtureRecords) == nil)
        #expect(dns.answer(response, records: fixtureRecords).rcode == .formatError)
        #expect(dns.respond(to: [0, 1, 0], records: fixtureRecords) == nil)
    }

    @Test func undecodablePacketsGetFORMERRWithTheirId() throws {
        // A header claiming one question, then a name pointer loop.
        let packet: [UInt8] = [0xCA, 0xFE, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1]
        let reply = try DNSMessage(decoding: try #require(dns.respond(to: packet, records: fixtureRecords)))
        #expect(reply.id == 0xCAFE && reply.rcode == .formatError && reply.isResponse && reply.recursionDesired)
        #expect(reply.questions.isEmpty)
    }

    @Test func ednsIsAnsweredWithOurSize() {
        let reply = ask("tcp-echo.tcp-demo.svc.cluster.local", edns: EDNS(udpPayloadSize: 4096, dnssecOK: true))
        #expect(reply.edns == EDNS(udpPayloadSize: 1232))
        #expect(!reply.authenticData)
        #expect(ask("tcp-echo.tcp-demo.svc.cluster.local").edns == nil)
    }

    @Test func unknownEDNSVersionIsBADVERS() throws {
        let reply = ask("tcp-echo.tcp-demo.svc.cluster.local", edns: EDNS(udpPayloadSize: 1232, version: 1))
        #expect(reply.rcode == .badVersion && reply.answers.isEmpty)
        #expect(reply.edns?.version == 0)
        #expect(try DNSMessage(decoding: try reply.encode()).rcode == .badVersion)
    }

    @Test func responseLimits() {
        let plain = DNSMessage.query(id: 1, name: echo.name, type: .a)
        #expect(dns.responseLimit(for: plain, transport: .udp) == 512)
        #expect(dns.responseLimit(for: plain, transport: .tcp) == 65535)
        var small = plain
        small.edns = EDNS(udpPayloadSize: 100)
        #expect(dns.responseLimit(for: small, transport: .udp) == 512)
        var big = plain
        big.edns = EDNS(udpPayloadSize: 65000)
        #expect(dns.responseLimit(for: big, transport: .udp) == 1232)
        big.edns = EDNS(udpPayloadSize: 800)
        #expect(dns.responseLimit(for: big, transport: .udp) == 800)
    }

    @Test func largeUDPAnswerWithoutEDNSIsTruncated() throws {
        let query = DNSMessage.query(id: 6, name: name("wide.load.svc.cluster.local"), type: .a)
        let bytes = try #require(dns.respond(to: try query.encode(), records: fixtureRecords))
        #expect(bytes.count <= 512)
        let reply = try DNSMessage(decoding: bytes)
        #expect(reply.truncated && reply.rcode == .noError)
        #expect(reply.answers.count > 0 && reply.answers.count < 60)
        // The answers kept are the first ones, in order.
        #expect(reply.answers.first?.data == .a(ip("10.244.1.1")))
        #expect(dns.answer(query, records: fixtureRecords) == reply)
    }

    @Test func ednsOrTCPCarryTheWholeAnswer() throws {
        let withEDNS = ask("wide.load.svc.cluster.local", edns: EDNS(udpPayloadSize: 4096))
        #expect(!withEDNS.truncated && withEDNS.answers.count == 60)
        #expect(try withEDNS.encode().count <= 1232)
        let overTCP = ask("wide.load.svc.cluster.local", transport: .tcp)
        #expect(!overTCP.truncated && overTCP.answers.count == 60)
    }

    @Test func additionalDataGoesFirstWithoutTC() throws {
        // 18 SRV answers (~59 bytes each) fit in 1232 bytes; their 18 A records (16 bytes each) do not.
        let endpoints = (1...18).map { ClusterDNSEndpoint(ip: IPv4Address(10, 244, 2, UInt8($0))) }
        let records = ClusterDNSRecords(services: [
            ClusterDNSService(
                name: "mid", namespace: "load", kind: .headless(endpoints), ports: [ClusterDNSPort(name: "http", port: 80)])
        ])
        let question = "_http._tcp.mid.load.svc.cluster.local"
        let full = ask(question, .srv, transport: .tcp, records: records)
        #expect(full.answers.count == 18 && full.additional.count == 18 && !full.truncated)
        #expect(try full.encode().count > 1232)
        let edns = ask(question, .srv, edns: EDNS(udpPayloadSize: 1232), records: records)
        #expect(!edns.truncated && edns.answers.count == 18 && edns.additional.isEmpty)
        let plain = ask(question, .srv, records: records)
        #expect(plain.truncated && plain.additional.isEmpty && plain.answers.count < 18)
    }

    @Test func truncationKeepsHeaderQuestionAndOPT() throws {
        let message = DNSMessage(
            id: 1, isResponse: true, questions: [echo],
            answers: Array(
                repeating: DNSResourceRecord(
                    name: echo.name, ttl: 5, data: .unknown(type: .mx, bytes: Array(repeating: 1, count: 600))),
                count: 3),
            edns: EDNS(udpPayloadSize: 1232))
        let fitted = try message.fitted(to: 512)
        #expect(fitted.message.truncated && fitted.message.answers.isEmpty)
        #expect(fitted.message.questions == [echo] && fitted.message.edns != nil)
        #expect(fitted.bytes.count <= 512)
        let roomy = try message.fitted(to: 1300)
        #expect(roomy.message.answers.count == 2 && roomy.bytes.count <= 1300)
    }
}
