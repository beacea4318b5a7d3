// Tests for decoding Kubernetes protobuf envelopes into JSON objects.

import Testing

@testable import KubeModel

/// A tiny protobuf encoder for building test bodies, writing fields the way gogo-protobuf does.
struct ProtoWriter {
    var data: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            data.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        data.append(UInt8(v))
    }
    mutating func tag(_ field: Int, _ wireType: Int) { varint(UInt64(field << 3 | wireType)) }
    mutating func int(_ field: Int, _ value: Int64) {
        tag(field, 0)
        varint(UInt64(bitPattern: value))
    }
    mutating func bool(_ field: Int, _ value: Bool) { int(field, value ? 1 : 0) }
    mutating func bytes(_ field: Int, _ value: [UInt8]) {
        tag(field, 2)
        varint(UInt64(value.count))
        data.append(contentsOf: value)
    }
    mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }
    mutating func message(_ field: Int, _ build: (inout ProtoWriter) -> Void = { _ in }) {
        var inner = ProtoWriter()
        build(&inner)
        bytes(field, inner.data)
    }
    mutating func entry(_ field: Int, _ key: String, _ value: String) {
        message(field) {
            $0.string(1, key)
            $0.string(2, value)
        }
    }
    /// ObjectMeta as kubectl writes it: every non-pointer scalar present, zero timestamp as an empty message.
    mutating func meta(_ field: Int, name: String, namespace: String = "", labels: [(String, String)] = []) {
        message(field) { m in
            m.string(1, name)
            m.string(2, "")
            m.string(3, namespace)
            m.string(4, "")
            m.string(5, "")
            m.string(6, "")
            m.int(7, 0)
            m.message(8)
            for (k, v) in labels { m.entry(11, k, v) }
        }
    }
}

/// Wraps raw object bytes in the "k8s\0" + runtime.Unknown envelope.
func protoEnvelope(_ apiVersion: String, _ kind: String, _ build: (inout ProtoWriter) -> Void) -> [UInt8] {
    var raw = ProtoWriter()
    build(&raw)
    var unknown = ProtoWriter()
    unknown.message(1) {
        $0.string(1, apiVersion)
        $0.string(2, kind)
    }
    unknown.bytes(2, raw.data)
    unknown.string(3, "")
    unknown.string(4, "")
    return [0x6B, 0x38, 0x73, 0x00] + unknown.data
}

/// Bytes from a hex string.
func protoHexBytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    return stride(from: 0, to: digits.count, by: 2).map {
        UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
    }
}

/// Expects `got` to equal the JSON document `expected`, printing what was decoded otherwise.
func expectProtoJSON(_ got: JSON, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let want = try JSON.parse(expected)
    #expect(got == want, "got \(got.text)", sourceLocation: sourceLocation)
}

/// Expects decoding `bytes` to fail with exactly `message`.
func expectProtoError(_ bytes: [UInt8], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(throws: ProtobufError(message), sourceLocation: sourceLocation) { try KubeProtobuf.decode(bytes) }
}

/// The body of `kubectl create namespace tcp-demo` (kubectl 1.32), byte for byte.
let protoNamespaceCapture = protoHexBytes(
    "6b3873000a0f0a02763112094e616d6573706163651220"
        + "0a180a087463702d64656d6f12001a0022002a0032003800420012001a020a001a002200")

@Suite struct ProtobufEnvelopeTests {
    @Test func namespaceCaptureDecodesLikeGoJSON() throws {
        #expect(protoNamespaceCapture.count == 59)
        let decoded = try KubeProtobuf.decodeObject(protoNamespaceCapture)
        #expect(decoded.isKnownKind && decoded.skippedFields.isEmpty)
        #expect(decoded.apiVersion == "v1" && decoded.kind == "Namespace")
        // Present structs stay (Go never omits them); "" phase, "" strings, generation 0, zero time go.
        #expect(
            try KubeProtobuf.decode(protoNamespaceCapture).text
                == #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"tcp-demo"},"spec":{},"status":{}}"#)
    }

    @Test func recognisesTheMagicPrefix() {
        #expect(KubeProtobuf.isEnvelope(protoNamespaceCapture))
        #expect(KubeProtobuf.isEnvelope(protoNamespaceCapture[0..<4]))
        #expect(!KubeProtobuf.isEnvelope(Array(#"{"kind":"Namespace"}"#.utf8)))
        #expect(!KubeProtobuf.isEnvelope([0x6B, 0x38, 0x73]))
        #expect(!KubeProtobuf.isEnvelope([UInt8]()))
        #expect(KubeProtobuf.mediaType == "application/vnd.kubernetes.protobuf")
    }

    @Test func unknownKindKeepsOnlyMetadata() throws {
        let body = protoEnvelope("example.com/v1", "Widget") {
            $0.meta(1, name: "w", namespace: "ns")
            $0.message(2) { $0.string(1, "size") }
        }
        #expect(throws: ProtobufError(#"unsupported kind "Widget" in version "example.com/v1""#)) {
            try KubeProtobuf.decode(body)
        }
        let decoded = try KubeProtobuf.decodeObject(body)
        #expect(!decoded.isKnownKind)
        #expect(decoded.skippedFields == ["#2"])
        try expectProtoJSON(
            decoded.object,
            #"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"ns"}}"#)
        #expect(KubeProtobuf.supports(apiVersion: "apps/v1", kind: "Deployment"))
        #expect(!KubeProtobuf.supports(apiVersion: "v1", kind: "Deployment"))
        #expect(!KubeProtobuf.supports(apiVersion: "example.com/v1", kind: "Widget"))
    }

    @Test func fieldsMissingFromTheSchemaAreReportedWithTheirPath() throws {
        let body = protoEnvelope("apps/v1", "Deployment") {
            $0.meta(1, name: "d")
            $0.message(2) { spec in
                spec.message(3) { template in
                    template.message(2) { pod in
                        pod.message(2) { $0.string(1, "a") }
                        pod.message(2) {
                            $0.string(1, "b")
                            $0.int(99, 7)
                        }
                        pod.message(34) { $0.string(1, "debugger") }
                    }
                }
            }
        }
        let decoded = try KubeProtobuf.decodeObject(body)
        #expect(decoded.isKnownKind)
        #expect(decoded.skippedFields == ["spec.template.spec.containers[1]#99", "spec.template.spec#34"])
        try expectProtoJSON(
            try KubeProtobuf.decode(body),
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"#
                + #""spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}}}"#)
    }
}

@Suite struct ProtobufErrorTests {
    let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    @Test func rejectsBodiesWithoutTheMagic() {
        expectProtoError(Array("{}".utf8), ProtobufError.badMagic.message)
        expectProtoError([], ProtobufError.badMagic.message)
        #expect(ProtobufError.badMagic.description.contains("k8s\\0"))
    }

    @Test func reportsWireFormatErrorsWithOffsets() {
        expectProtoError(magic + [0x0A, 0x80], "truncated varint at offset 5")
        expectProtoError(magic + [0x0A, 0x05, 0x01], "truncated length-delimited value at offset 5: needs 5 bytes, 1 left")
        expectProtoError(magic + [0x0B], "unsupported wire type 3 at offset 4")
        expectProtoError(magic + [0x02, 0x00], "invalid field number 0 at offset 4")
        let longVarint = magic + [0x28] + Array(repeating: 0xFF, count: 10) + [0x01]
        expectProtoError(longVarint, "varint longer than 10 bytes at offset 5")
        expectProtoError(magic + [0x29, 0x01, 0x02], "truncated fixed64 value at offset 5: needs 8 bytes, 2 left")
        expectProtoError(
            magic + [0x08, 0x01], "field 1 (typeMeta) of runtime.Unknown has wire type 0, expected 2, at offset 4")
    }

    @Test func reportsSchemaAndEnvelopeErrors() {
        let badPort = protoEnvelope("v1", "Service") { $0.message(2) { $0.message(1) { $0.string(3, "80") } } }
        expectProtoError(badPort, "field 3 (port) of ServicePort has wire type 2, expected 0, at offset 25")
        expectProtoError(protoEnvelope("v1", "") { $0.meta(1, name: "x") }, "the envelope carries no kind")
        var gzip = ProtoWriter()
        gzip.message(1) {
            $0.string(1, "v1")
            $0.string(2, "Namespace")
        }
        gzip.string(3, "gzip")
        expectProtoError(magic + gzip.data, #"unsupported content encoding "gzip" in the envelope"#)
        let badFields = protoEnvelope("v1", "ConfigMap") {
            $0.message(1) { $0.message(17) { $0.message(7) { $0.string(1, "{not json") } } }
        }
        #expect(throws: ProtobufError.self) { try KubeProtobuf.decode(badFields) }
        let farFuture = protoEnvelope("v1", "ConfigMap") { $0.message(1) { $0.message(8) { $0.int(1, 253_402_300_800) } } }
        #expect(throws: ProtobufError.self) { try KubeProtobuf.decode(farFuture) }
    }

    @Test func truncatedAndGarbageInputNeverCrashes() {
        let body = ProtobufObjectTests.deploymentBody
        var failures = 0
        for length in 0..<body.count where (try? KubeProtobuf.decode(Array(body[0..<length]))) == nil {
            failures += 1
        }
        // Every cut inside the raw object overruns a length prefix; only a few cuts land on field boundaries.
        #expect(failures >= body.count - 10)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for _ in 0..<2_000 {
            var mutated = body
            for _ in 0..<(1 + next() % 4) { mutated[4 + Int(next() % UInt64(body.count - 4))] = UInt8(next() & 0xFF) }
            _ = try? KubeProtobuf.decodeObject(mutated)
            let garbage = magic + (0..<Int(next() % 64)).map { _ in UInt8(next() & 0xFF) }
            _ = try? KubeProtobuf.decodeObject(garbage)
        }
    }
}

@Suite struct ProtobufFormatTests {
    @Test func formatsTimestampsAsRFC3339() {
        #expect(ProtobufFormat.rfc3339(secondsSinceEpoch: 0) == "1970-01-01T00:00:00Z")
        #expect(ProtobufFormat.rfc3339(secondsSinceEpoch: 1_700_000_000) == "2023-11-14T22:13:20Z")
        #expect(ProtobufFormat.rfc3339(secondsSinceEpoch: 951_782_400) == "2000-02-29T00:00:00Z")
        #expect(ProtobufFormat.rfc3339(secondsSinceEpoch: -1) == "1969-12-31T23:59:59Z")
        #expect(ProtobufFormat.rfc3339(secondsSinceEpoch: 253_402_300_799) == "9999-12-31T23:59:59Z")
        #expect(ProtobufFormat.rfc3339(secondsSinceEpoch: -62_135_596_800) == "0001-01-01T00:00:00Z")
        #expect(ProtobufFormat.rfc3339(secondsSinceEpoch: -62_167_219_200) == "0000-01-01T00:00:00Z")
        #expect(ProtobufFormat.rfc3339(secondsSinceEpoch: 253_402_300_800) == nil)
        #expect(ProtobufFormat.rfc3339(secondsSinceEpoch: -62_167_219_201) == nil)
        #expect(ProtobufFormat.rfc3339(secondsSinceEpoch: .min) == nil)
        #expect(ProtobufFormat.rfc3339(secondsSinceEpoch: .max) == nil)
    }

    @Test func encodesBase64WithPadding() {
        #expect(ProtobufFormat.base64([UInt8]()) == "")
        #expect(ProtobufFormat.base64(Array("f".utf8)) == "Zg==")
        #expect(ProtobufFormat.base64(Array("fo".utf8)) == "Zm8=")
        #expect(ProtobufFormat.base64(Array("foo".utf8)) == "Zm9v")
        #expect(ProtobufFormat.base64(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(ProtobufFormat.base64([0x00, 0xFF, 0xFE, 0x3F]) == "AP/+Pw==")
    }
}
