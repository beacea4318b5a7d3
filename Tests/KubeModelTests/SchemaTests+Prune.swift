// Pruning of unknown fields (with reported paths) and defaulting of custom resources.

import Testing

@testable import KubeModel

@Suite struct SchemaPruneTests {
    typealias F = SchemaFixtures

    @Test func unknownFieldsArePrunedAndReported() throws {
        let schema = try F.schema(F.trafficTarget)
        let object = try F.object(
            #"""
            {"apiVersion":"access.smi-spec.io/v1alpha3","kind":"TrafficTarget","extra":1,
             "metadata":{"name":"t","namespace":"n","labels":{"a":"b"},"bogus":true,
                         "ownerReferences":[{"apiVersion":"v1","kind":"Pod","name":"p","uid":"u","oops":1}]},
             "spec":{"bogus":{"x":1},"destination":{"kind":"ServiceAccount","name":"s","extra":"e"},
                     "sources":[{"kind":"ServiceAccount","name":"a"},{"kind":"ServiceAccount","name":"b","foo":[1]}],
                     "rules":[{"kind":"TCPRoute","name":"r","matches":["ab"]}]}}
            """#)
        let (pruned, unknown) = schema.prune(object)
        #expect(
            unknown == [
                "metadata.bogus", "metadata.ownerReferences[0].oops",
                "extra", "spec.bogus", "spec.destination.extra", "spec.sources[1].foo",
            ])
        #expect(pruned["apiVersion"] == "access.smi-spec.io/v1alpha3")
        #expect(pruned["kind"] == "TrafficTarget")
        #expect(
            pruned["metadata"] == [
                "name": "t", "namespace": "n", "labels": ["a": "b"],
                "ownerReferences": [["apiVersion": "v1", "kind": "Pod", "name": "p", "uid": "u"]],
            ])
        #expect(pruned[["spec", "destination"]] == ["kind": "ServiceAccount", "name": "s"])
        #expect(
            pruned[["spec", "sources"]] == [
                ["kind": "ServiceAccount", "name": "a"], ["kind": "ServiceAccount", "name": "b"],
            ])
        #expect(pruned[["spec", "rules"]] == [["kind": "TCPRoute", "name": "r", "matches": ["ab"]]])
        #expect(pruned[["spec", "bogus"]] == nil)
        // Pruning is idempotent and a clean object reports nothing.
        #expect(schema.prune(pruned).unknownFields == [])
        #expect(schema.prune(pruned).pruned == pruned)
    }

    @Test func preserveUnknownFieldsKeepsThem() throws {
        let schema = try F.schema(F.meshConfig)
        let object = try F.object(
            #"""
            {"spec":{"sidecar":{"resources":{"limits":{"cpu":"1"},"anything":[{"deep":true}]},"nope":1}}}
            """#)
        let (pruned, unknown) = schema.prune(object)
        #expect(unknown == ["spec.sidecar.nope"])
        #expect(pruned[["spec", "sidecar", "resources"]] == ["limits": ["cpu": "1"], "anything": [["deep": true]]])

        let open = try F.schema(
            #"""
            {"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{
              "spec":{"type":"object","properties":{"a":{"type":"string"}}}}}
            """#)
        let (p2, u2) = open.prune(try F.object(#"{"free":{"x":1},"spec":{"a":"x","b":2}}"#))
        #expect(u2 == ["spec.b"])
        #expect(p2 == ["free": ["x": 1], "spec": ["a": "x"]])
    }

    @Test func mapsEmbeddedResourcesAndNulls() throws {
        let schema = try F.schema(
            #"""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "labels":{"type":"object","additionalProperties":{"type":"object","properties":{"v":{"type":"string"}}}},
              "template":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{
                "spec":{"type":"object","properties":{"image":{"type":"string"}}}}},
              "name":{"type":"string"},"note":{"type":"string","nullable":true},
              "mode":{"type":"string","default":"auto"}}}}}
            """#)
        let object = try F.object(
            #"""
            {"spec":{"labels":{"k1":{"v":"a","w":"b"}},
             "template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","junk":1},"spec":{"image":"i","x":1},"y":2},
             "name":null,"note":null,"mode":null}}
            """#)
        let (pruned, unknown) = schema.prune(object)
        #expect(
            unknown == ["spec.labels.k1.w", "spec.template.spec.x", "spec.template.y", "spec.template.metadata.junk"])
        #expect(
            pruned[["spec", "template"]] == [
                "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"], "spec": ["image": "i"],
            ])
        #expect(pruned[["spec", "labels"]] == ["k1": ["v": "a"]])
        // A non-nullable null without a default goes; a nullable one stays; one with a default is left for defaulting.
        let spec = pruned["spec"].objectValue ?? [:]
        #expect(spec["name"] == nil)
        #expect(spec["note"] == JSON.null)
        #expect(spec["mode"] == JSON.null)
    }
}

@Suite struct SchemaDefaultTests {
    typealias F = SchemaFixtures

    @Test func defaultsFillAbsentFieldsRecursively() throws {
        let schema = try F.schema(F.meshConfig)
        var object = try F.object(#"{"spec":{"sidecar":{"logLevel":"info"},"traffic":{}}}"#)
        schema.applyDefaults(&object)
        #expect(
            object[["spec", "sidecar"]] == [
                "logLevel": "info", "tlsMinProtocolVersion": "TLSv1_2", "localProxyMode": "Localhost",
            ])
        // inboundExternalAuthorization defaults to {} and then receives its own members' defaults.
        #expect(
            object[["spec", "traffic"]] == [
                "enableEgress": true,
                "inboundExternalAuthorization": ["statPrefix": "inboundExtAuthz", "timeout": "1s"],
            ])
        // Absent parents are not created.
        #expect(object[["spec", "certificate"]] == nil)
        // Values present are kept, including false.
        var set = try F.object(
            #"{"spec":{"traffic":{"enableEgress":false,"inboundExternalAuthorization":{"timeout":"5s"}}}}"#)
        schema.applyDefaults(&set)
        #expect(set[["spec", "traffic", "enableEgress"]] == false)
        #expect(
            set[["spec", "traffic", "inboundExternalAuthorization"]] == [
                "timeout": "5s", "statPrefix": "inboundExtAuthz",
            ])
    }

    @Test func nullsAndArrayItems() throws {
        let schema = try F.schema(
            #"""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "mode":{"type":"string","default":"auto"},
              "opt":{"type":"string","nullable":true,"default":"x"},
              "rules":{"type":"array","items":{"type":"object","properties":{"weight":{"type":"integer","default":1}}}}}}}}
            """#)
        var object = try F.object(#"{"spec":{"mode":null,"opt":null,"rules":[{},{"weight":5}]}}"#)
        schema.applyDefaults(&object)
        #expect(object[["spec", "mode"]] == "auto")
        #expect(object["spec"].objectValue?["opt"] == JSON.null)
        #expect(object[["spec", "rules"]] == [["weight": 1], ["weight": 5]])
        // Defaulted objects then validate cleanly.
        #expect(schema.validate(object).map(\.description) == [])
    }
}
