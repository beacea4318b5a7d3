// Rejection of non-structural CRD schemas with upstream's messages, and CRD version discovery ordering.

import Testing

@testable import KubeModel

@Suite struct SchemaStructuralTests {
    func error(_ text: String, path: String = "openAPIV3Schema") throws -> SchemaError? {
        do {
            _ = try StructuralSchema(json: JSON.parse(text), fieldPath: path)
            return nil
        } catch let e as SchemaError {
            return e
        }
    }

    @Test func acceptsRealisticSchemasAndKeepsTheJSON() throws {
        for text in [SchemaFixtures.tcpRoute, SchemaFixtures.trafficTarget, SchemaFixtures.meshConfig] {
            let json = try JSON.parse(text)
            #expect(try StructuralSchema(json: json).json == json)
        }
        let withMeta = #"""
            {"type":"object","properties":{"metadata":{"type":"object","properties":{"name":{"type":"string","maxLength":5}}},
             "spec":{"x-kubernetes-int-or-string":true,"anyOf":[{"type":"integer"},{"type":"string"}]}}}
            """#
        let schema = try StructuralSchema(json: JSON.parse(withMeta))
        #expect(
            schema.validate(try JSON.parse(#"{"metadata":{"name":"toolong"}}"#)).map(\.description) == [
                "metadata.name: Too long: may not be more than 5 bytes"
            ])
    }

    @Test func missingTypesAndItems() throws {
        let e = try #require(
            try error(#"{"type":"object","properties":{"spec":{"properties":{"a":{"type":"array"}}}}}"#))
        #expect(
            e.causes.map(\.description) == [
                "openAPIV3Schema.properties[spec].properties[a].items: Required value: must be specified",
                "openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields",
            ])
        #expect(e.message == "[" + e.causes.map(\.description).joined(separator: ", ") + "]")
        let root = try #require(try error(#"{"type":"string"}"#, path: "spec.versions[0].schema.openAPIV3Schema"))
        #expect(
            root.message
                == #"spec.versions[0].schema.openAPIV3Schema.type: Invalid value: "string": must be object at the root"#
        )
        #expect(
            try error(#"{"properties":{}}"#)?.message
                == "openAPIV3Schema.type: Required value: must not be empty at the root")
        #expect(try error("[]")?.causes.first?.field == "openAPIV3Schema")
    }

    @Test func forbiddenConstructs() throws {
        let cases: [(String, String)] = [
            (
                #"{"type":"object","properties":{"a":{"type":"array","uniqueItems":true,"items":{"type":"string"}}}}"#,
                "openAPIV3Schema.properties[a].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic"
            ),
            (
                #"{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"string"}},"additionalProperties":{"type":"string"}}}}"#,
                "openAPIV3Schema.properties[a].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive"
            ),
            (
                #"{"type":"object","properties":{"a":{"type":"string","anyOf":[{"type":"string"}]}}}"#,
                "openAPIV3Schema.properties[a].anyOf[0].type: Forbidden: must be empty to be structural"
            ),
            (
                #"{"type":"object","properties":{"a":{"type":"string","x-kubernetes-preserve-unknown-fields":false}}}"#,
                "openAPIV3Schema.properties[a].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined"
            ),
            (
                #"{"type":"object","properties":{"a":{"type":"array","x-kubernetes-list-type":"map","items":{"type":"object"}}}}"#,
                "openAPIV3Schema.properties[a].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map"
            ),
            (
                #"{"type":"object","properties":{"a":{"type":"string","x-kubernetes-list-type":"bag"}}}"#,
                #"[openAPIV3Schema.properties[a].type: Invalid value: "string": must be array if x-kubernetes-list-type is specified, openAPIV3Schema.properties[a].x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map"]"#
            ),
            (
                #"{"type":"object","properties":{"metadata":{"type":"object","properties":{"labels":{"type":"object"}}}}}"#,
                "openAPIV3Schema.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified"
            ),
            (
                #"{"type":"object","allOf":[{"properties":{"ghost":{"minLength":1}}}]}"#,
                "openAPIV3Schema.properties[ghost]: Required value: because it is defined in openAPIV3Schema.allOf[0].properties[ghost]"
            ),
            (
                #"{"type":"object","nullable":true}"#,
                "openAPIV3Schema.nullable: Forbidden: nullable cannot be true at the root"
            ),
            (
                #"{"type":"object","properties":{"a":{"type":"null"}}}"#,
                #"[openAPIV3Schema.properties[a].type: Unsupported value: "null": supported values: "array", "boolean", "integer", "number", "object", "string", openAPIV3Schema.properties[a].type: Forbidden: type cannot be set to null, use nullable as an alternative]"#
            ),
            (
                #"{"type":"object","properties":{"a":{"type":"string","pattern":"a(b"}}}"#,
                "openAPIV3Schema.properties[a].pattern: Invalid value: \"a(b\": must be a valid regular expression, but isn't: error parsing regexp: missing closing ): `a(b`"
            ),
            (
                #"{"type":"object","properties":{"metadata":{"type":"object","properties":{"name":{"type":"string","default":"x"}}}}}"#,
                "openAPIV3Schema.properties[metadata].properties[name].default: Forbidden: must not be set in top-level metadata"
            ),
        ]
        for (schema, message) in cases {
            #expect(try error(schema)?.message == message, "\(schema)")
        }
    }

    @Test func defaultsMustValidateAndBePruned() throws {
        let bad = try #require(
            try error(
                #"""
                {"type":"object","properties":{"spec":{"type":"object","properties":{
                  "replicas":{"type":"integer","default":"three"},
                  "tls":{"type":"object","default":{"mode":"x","extra":1},"properties":{"mode":{"type":"string","enum":["on","off"]}}}}}}}
                """#))
        #expect(
            bad.causes.map(\.description) == [
                #"openAPIV3Schema.properties[spec].properties[replicas].default: Invalid value: "string":  in body must be of type integer: "string""#,
                #"openAPIV3Schema.properties[spec].properties[tls].default: Invalid value: map[string]interface {}{"extra":1, "mode":"x"}: must not have unknown fields"#,
                #"openAPIV3Schema.properties[spec].properties[tls].default.mode: Unsupported value: "x": supported values: "on", "off""#,
            ])
        #expect(bad.causes[0].kind == .typeInvalid)
    }
}

@Suite struct CRDVersionsTests {
    @Test func priorityOrder() {
        #expect(
            CRDVersions.versionPriorityOrder(["foo", "v1alpha1", "v1beta1", "v1", "v1alpha2", "v1beta2"])
                == ["v1", "v1beta2", "v1beta1", "v1alpha2", "v1alpha1", "foo"])
        #expect(
            CRDVersions.versionPriorityOrder([
                "foo10", "v11alpha2", "v12alpha1", "v3beta1", "v10beta3", "v11beta2", "v1", "foo1", "v2",
            ])
                == ["v2", "v1", "v11beta2", "v10beta3", "v3beta1", "v12alpha1", "v11alpha2", "foo1", "foo10"])
        #expect(
            CRDVersions.versionPriorityOrder(["v1gamma1", "v1beta", "v", "V1", "v1"]) == [
                "v1", "V1", "v", "v1beta", "v1gamma1",
            ])
    }

    @Test func servedVersionsOfACRD() throws {
        let crd = try JSON.parse(
            #"""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"meshconfigs.config.openservicemesh.io"},
             "spec":{"group":"config.openservicemesh.io","versions":[
               {"name":"v1alpha1","served":true,"storage":false,"schema":{"openAPIV3Schema":{"type":"object"}}},
               {"name":"v1alpha0","served":false,"storage":false},
               {"name":"v1alpha2","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}},
                "additionalPrinterColumns":[{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}],
                "subresources":{"status":{},"scale":{"specReplicasPath":".spec.replicas","statusReplicasPath":".status.replicas"}}}]}}
            """#)
        let versions = CRDVersions.servedVersions(crd: crd)
        #expect(versions.map(\.name) == ["v1alpha2", "v1alpha1"])
        #expect(versions.map(\.storage) == [true, false])
        #expect(versions[0].schema == ["type": "object", "x-kubernetes-preserve-unknown-fields": true])
        #expect(versions[0].printerColumns?.arrayValue?.first?["name"] == "Age")
        #expect(versions[0].subresources?[["scale", "specReplicasPath"]] == ".spec.replicas")
        #expect(versions[1].printerColumns == nil)
        #expect(versions[1].subresources == nil)
        #expect(CRDVersions.servedVersions(crd: ["spec": [:]]).isEmpty)
    }
}
