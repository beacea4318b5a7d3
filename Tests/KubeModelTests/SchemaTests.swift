// Validation of custom resources against structural schemas: SMI/OSM-like schemas, upstream wording and paths.

import Testing

@testable import KubeModel

/// Small, realistic CRD schemas shared by the schema tests.
enum SchemaFixtures {
    static func schema(_ text: String) throws -> StructuralSchema {
        try StructuralSchema(json: JSON.parse(text))
    }

    static func object(_ text: String) throws -> JSON { try JSON.parse(text) }

    static let tcpRoute = """
        {"type":"object","properties":{"spec":{"type":"object","required":["matches"],"properties":{
          "matches":{"type":"object","required":["ports"],"properties":{
            "ports":{"type":"array","items":{"type":"integer","minimum":1,"maximum":65535}}}}}}}}
        """

    static let trafficTarget = """
        {"type":"object","properties":{"spec":{"type":"object","required":["destination","rules","sources"],"properties":{
          "destination":{"type":"object","required":["kind","name"],"properties":{
            "kind":{"type":"string"},"name":{"type":"string"},"namespace":{"type":"string"}}},
          "sources":{"type":"array","items":{"type":"object","required":["kind","name"],"properties":{
            "kind":{"type":"string"},"name":{"type":"string"},"namespace":{"type":"string"}}}},
          "rules":{"type":"array","items":{"type":"object","required":["kind","name"],"properties":{
            "kind":{"type":"string","enum":["HTTPRouteGroup","TCPRoute","UDPRoute"]},
            "name":{"type":"string","pattern":"^[a-z0-9-]+$","maxLength":20},
            "matches":{"type":"array","maxItems":2,"items":{"type":"string","minLength":2}}}}}}}}}
        """

    static let meshConfig = """
        {"type":"object","description":"MeshConfig is the configuration of the mesh","properties":{
          "spec":{"type":"object","properties":{
            "sidecar":{"type":"object","properties":{
              "logLevel":{"type":"string","enum":["trace","debug","info","warning","warn","error","critical","off"]},
              "enablePrivilegedInitContainer":{"type":"boolean"},
              "maxDataPlaneConnections":{"type":"integer","minimum":0},
              "tlsMinProtocolVersion":{"type":"string","default":"TLSv1_2","enum":["TLS_AUTO","TLSv1_0","TLSv1_1","TLSv1_2","TLSv1_3"]},
              "localProxyMode":{"type":"string","default":"Localhost","enum":["Localhost","PodIP"]},
              "configResyncInterval":{"type":"string","format":"duration"},
              "resources":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
            "traffic":{"type":"object","properties":{
              "enableEgress":{"type":"boolean","default":true},
              "outboundIPRangeExclusionList":{"type":"array","x-kubernetes-list-type":"set","items":{
                "type":"string","pattern":"((?:\\\\d{1,3}\\\\.){3}\\\\d{1,3})\\\\/(\\\\d{1,2})$"}},
              "outboundPortExclusionList":{"type":"array","items":{"type":"integer","minimum":1,"maximum":65535}},
              "inboundExternalAuthorization":{"type":"object","default":{},"properties":{
                "enable":{"type":"boolean"},"port":{"type":"integer","minimum":1,"maximum":65535},
                "statPrefix":{"type":"string","default":"inboundExtAuthz"},
                "timeout":{"type":"string","default":"1s"}}}}},
            "certificate":{"type":"object","required":["serviceCertValidityDuration","certKeyBitSize"],"properties":{
              "serviceCertValidityDuration":{"type":"string"},
              "certKeyBitSize":{"type":"integer","minimum":2048,"maximum":4096,"multipleOf":1024},
              "notBefore":{"type":"string","format":"date-time","nullable":true}}}}}}}
        """
}

@Suite struct SchemaValidationTests {
    typealias F = SchemaFixtures

    func messages(_ schema: String, _ object: String) throws -> [String] {
        try F.schema(schema).validate(F.object(object)).map(\.description)
    }

    @Test func validObjectsPass() throws {
        #expect(
            try messages(
                F.tcpRoute,
                #"{"apiVersion":"specs.smi-spec.io/v1alpha4","kind":"TCPRoute","metadata":{"name":"r"},"spec":{"matches":{"ports":[8080,443]}}}"#
            ) == [])
        let target = #"""
            {"spec":{"destination":{"kind":"ServiceAccount","name":"server","namespace":"s"},
             "sources":[{"kind":"ServiceAccount","name":"client","namespace":"c"}],
             "rules":[{"kind":"TCPRoute","name":"tcp-route"},{"kind":"HTTPRouteGroup","name":"g","matches":["ab"]}]}}
            """#
        #expect(try messages(F.trafficTarget, target) == [])
        let mesh = #"""
            {"spec":{"sidecar":{"logLevel":"error","maxDataPlaneConnections":0,"configResyncInterval":"30s"},
             "traffic":{"outboundIPRangeExclusionList":["10.0.0.0/8"],"outboundPortExclusionList":[6379]},
             "certificate":{"serviceCertValidityDuration":"24h","certKeyBitSize":2048,"notBefore":null}}}
            """#
        #expect(try messages(F.meshConfig, mesh) == [])
    }

    @Test func wrongTypesAreReportedWithUpstreamWording() throws {
        let errs = try F.schema(F.tcpRoute).validate(F.object(#"{"spec":{"matches":{"ports":["80",443,1.5]}}}"#))
        #expect(
            errs.map(\.description) == [
                #"spec.matches.ports[0]: Invalid value: "string": spec.matches.ports[0] in body must be of type integer: "string""#,
                #"spec.matches.ports[2]: Invalid value: "number": spec.matches.ports[2] in body must be of type integer: "number""#,
                "<nil>: Invalid value: \"\": Checked value must be of type integer (default format) in spec.matches.ports[2]",
            ])
        #expect(errs[0].kind == .typeInvalid)
        #expect(errs[0].cause["reason"] == "FieldValueTypeInvalid")
        // An integral double counts as an integer; an integer counts as a number.
        #expect(try messages(F.tcpRoute, #"{"spec":{"matches":{"ports":[80.0]}}}"#) == [])
        #expect(try messages(#"{"type":"object","properties":{"r":{"type":"number"}}}"#, #"{"r":3}"#) == [])
        #expect(
            try messages(F.tcpRoute, #"{"spec":{"matches":"x"}}"#) == [
                #"spec.matches: Invalid value: "string": spec.matches in body must be of type object: "string""#
            ])
    }

    @Test func enumPatternLengthAndCountErrors() throws {
        let target = #"""
            {"spec":{"destination":{"kind":"ServiceAccount","name":"server"},"sources":[],
             "rules":[{"kind":"UDPRoutes","name":"Bad_Name"},{"kind":"TCPRoute","name":"abcdefghijklmnopqrstuvwxyz"},
                      {"kind":"TCPRoute","name":"ok","matches":["a","bb","cc"]}]}}
            """#
        #expect(
            try messages(F.trafficTarget, target) == [
                #"spec.rules[0].kind: Unsupported value: "UDPRoutes": supported values: "HTTPRouteGroup", "TCPRoute", "UDPRoute""#,
                #"spec.rules[0].name: Invalid value: "Bad_Name": spec.rules[0].name in body should match '^[a-z0-9-]+$'"#,
                "spec.rules[1].name: Too long: may not be more than 20 bytes",
                #"spec.rules[2].matches[0]: Invalid value: "a": spec.rules[2].matches[0] in body should be at least 2 chars long"#,
                "spec.rules[2].matches: Too many: 3: must have at most 2 items",
            ])
    }

    @Test func requiredFieldsAtEveryDepth() throws {
        let errs = try F.schema(F.trafficTarget).validate(
            F.object(#"{"spec":{"destination":{"kind":"ServiceAccount"},"rules":[{"kind":"TCPRoute"}]}}"#))
        #expect(
            errs.map(\.description) == [
                "spec.destination.name: Required value",
                "spec.rules[0].name: Required value",
                "spec.sources: Required value",
            ])
        #expect(errs.allSatisfy { $0.kind == .required })
        #expect(try messages(F.tcpRoute, #"{"spec":{}}"#) == ["spec.matches: Required value"])
        #expect(try messages(F.tcpRoute, #"{}"#) == [])
    }

    @Test func numericBounds() throws {
        let bounded =
            #"{"type":"object","properties":{"spec":{"type":"object","properties":{"count":{"type":"integer","maximum":10},"ratio":{"type":"number","minimum":0.5,"exclusiveMinimum":true},"big":{"type":"number","maximum":1000000}}}}}"#
        #expect(
            try messages(bounded, #"{"spec":{"count":11,"ratio":0.5,"big":1000000.5}}"#) == [
                "spec.big: Invalid value: 1.0000005e+06: spec.big in body should be less than or equal to 1e+06",
                "spec.count: Invalid value: 11: spec.count in body should be less than or equal to 10",
                "spec.ratio: Invalid value: 0.5: spec.ratio in body should be greater than 0.5",
            ])
        #expect(try messages(bounded, #"{"spec":{"count":10,"ratio":0.75}}"#) == [])
        let mesh = #"{"spec":{"certificate":{"serviceCertValidityDuration":"24h","certKeyBitSize":3000}}}"#
        #expect(
            try messages(F.meshConfig, mesh) == [
                "spec.certificate.certKeyBitSize: Invalid value: 3000: spec.certificate.certKeyBitSize in body should be a multiple of 1024"
            ])
    }

    @Test func nullsAndNullable() throws {
        #expect(
            try messages(F.trafficTarget, #"{"spec":{"destination":{"kind":null,"name":"n"},"rules":[],"sources":[]}}"#)
                == [
                    #"spec.destination.kind: Invalid value: "null": spec.destination.kind in body must be of type string: "null""#
                ])
        let ok =
            #"{"spec":{"certificate":{"serviceCertValidityDuration":"1h","certKeyBitSize":2048,"notBefore":null}}}"#
        #expect(try messages(F.meshConfig, ok) == [])
    }

    @Test func formats() throws {
        let s =
            #"{"type":"object","properties":{"t":{"type":"string","format":"date-time"},"b":{"type":"string","format":"byte"},"ip":{"type":"string","format":"ipv4"},"u":{"type":"string","format":"uuid"},"n":{"type":"integer","format":"int32"},"d":{"type":"string","format":"duration"}}}"#
        #expect(
            try messages(
                s,
                #"{"t":"2024-02-29T10:00:00.5Z","b":"aGVsbG8=","ip":"10.0.0.1","u":"123e4567-e89b-12d3-a456-426614174000","n":1099511627776,"d":"1h30m"}"#
            ) == [])
        #expect(
            try messages(s, #"{"t":"2023-02-29T10:00:00Z","b":"abc","ip":"10.0.0.256","u":"nope","d":"soon"}"#) == [
                #"b: Invalid value: "abc": b in body must be of type byte: "abc""#,
                #"d: Invalid value: "soon": d in body must be of type duration: "soon""#,
                #"ip: Invalid value: "10.0.0.256": ip in body must be of type ipv4: "10.0.0.256""#,
                #"t: Invalid value: "2023-02-29T10:00:00Z": t in body must be of type date-time: "2023-02-29T10:00:00Z""#,
                #"u: Invalid value: "nope": u in body must be of type uuid: "nope""#,
            ])
        // A formatted string field given a number names the format and Go's type, as upstream does.
        #expect(
            try messages(s, #"{"t":5}"#) == [
                #"t: Invalid value: "int64": t in body must be of type date-time: "int64""#
            ])
    }

    @Test func intOrString() throws {
        let s =
            #"{"type":"object","properties":{"port":{"x-kubernetes-int-or-string":true,"anyOf":[{"type":"integer"},{"type":"string"}]}}}"#
        #expect(try messages(s, #"{"port":8080}"#) == [])
        #expect(try messages(s, #"{"port":"http"}"#) == [])
        #expect(
            try messages(s, #"{"port":true}"#) == [
                #"port: Invalid value: "boolean": port in body must be of type integer,string: "boolean""#,
                "<nil>: Invalid value: \"\": \"port\" must validate at least one schema (anyOf)",
                // the closest failing branch is reported too, as go-openapi does
                #"port: Invalid value: "boolean": port in body must be of type integer: "boolean""#,
            ])
    }

    @Test func combinators() throws {
        let s = #"""
            {"type":"object","properties":{"spec":{"type":"object",
              "properties":{"a":{"type":"string"},"b":{"type":"string"},"n":{"type":"integer"}},
              "oneOf":[{"required":["a"]},{"required":["b"]}],
              "not":{"required":["n"]}}}}
            """#
        #expect(try messages(s, #"{"spec":{"a":"x"}}"#) == [])
        #expect(
            try messages(s, #"{"spec":{"a":"x","b":"y","n":1}}"#) == [
                "<nil>: Invalid value: \"\": \"spec\" must validate one and only one schema (oneOf). Found 2 valid alternatives",
                "<nil>: Invalid value: \"\": \"spec\" must not validate the schema (not)",
            ])
        #expect(
            try messages(s, #"{"spec":{}}"#) == [
                "<nil>: Invalid value: \"\": \"spec\" must validate one and only one schema (oneOf). Found none valid",
                "spec.a: Required value",
            ])
        let all = #"{"type":"object","properties":{"v":{"type":"integer","allOf":[{"minimum":1},{"maximum":5}]}}}"#
        #expect(
            try messages(all, #"{"v":9}"#) == [
                "v: Invalid value: 9: v in body should be less than or equal to 5",
                "<nil>: Invalid value: \"\": \"v\" must validate all the schemas (allOf)",
            ])
    }

    @Test func listTypesMapsAndEmbeddedResources() throws {
        let s = #"""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "tags":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}},
              "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                "items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"},"port":{"type":"integer"}}}},
              "labels":{"type":"object","maxProperties":2,"additionalProperties":{"type":"string"}},
              "template":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}}}}}
            """#
        let obj = #"""
            {"spec":{"tags":["a","b","a","a"],"ports":[{"name":"http","port":80},{"name":"http","port":81}],
             "labels":{"a":"x","b":1,"c":"z"},"template":{"apiVersion":"v1"}}}
            """#
        #expect(
            try messages(s, obj) == [
                "spec.labels: Too many: 3: must have at most 2 items",
                #"spec.labels.b: Invalid value: "integer": spec.labels.b in body must be of type string: "integer""#,
                "spec.template.kind: Required value",
                #"spec.ports[1]: Duplicate value: map[string]interface {}{"name":"http"}"#,
                #"spec.tags[2]: Duplicate value: "a""#,
            ])
        #expect(try messages(s, #"{"spec":{"template":{"apiVersion":"a/b/c","kind":"Pod_X"}}}"#).count == 2)
    }
}
