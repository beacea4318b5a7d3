// Tests for JSON merge patch (RFC 7386) and recognising patch media types.

import Testing
@testable import KubeModel

private func doc(_ text: String) -> JSON {
    do { return try JSON.parse(text) } catch { fatalError("bad test JSON: \(error)") }
}

@Suite struct MergePatchTests {
    @Test func rfc7386AppendixExamples() {
        let cases: [(String, String, String)] = [
            (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
            (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
            (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
            (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
            (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
            (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
            (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
            (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
            (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
            (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
            (#"{"a":"foo"}"#, "null", "null"),
            (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
            (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
            (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
            (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
        ]
        for (target, patch, expected) in cases {
            #expect(MergePatch.apply(doc(patch), to: doc(target)) == doc(expected), "\(target) + \(patch)")
        }
    }

    @Test func meshConfigPatchFromKubectlPatchTypeMerge() {
        let stored = doc(#"""
        {"apiVersion":"config.openservicemesh.io/v1alpha2","kind":"MeshConfig",
         "metadata":{"name":"osm-mesh-config","namespace":"osm-system","resourceVersion":"7"},
         "spec":{"traffic":{"enablePermissiveTrafficPolicyMode":false,"enableEgress":true},
                 "sidecar":{"logLevel":"error"}}}
        """#)
        let patch = doc(#"{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":true}}}"#)
        let result = MergePatch.apply(patch, to: stored)
        #expect(result["spec"]["traffic"] == doc(#"{"enablePermissiveTrafficPolicyMode":true,"enableEgress":true}"#))
        #expect(result["spec"]["sidecar"]["logLevel"] == "error")
        #expect(result["metadata"] == stored["metadata"])
    }

    @Test func listsAreReplacedWholesaleNotMerged() {
        let stored = doc(#"{"spec":{"matches":{"ports":[8080,9000]},"containers":[{"name":"a","image":"x"}]}}"#)
        let patch = doc(#"{"spec":{"matches":{"ports":[9000,9001]},"containers":[{"name":"b"}]}}"#)
        let result = MergePatch.apply(patch, to: stored)
        #expect(result == doc(#"{"spec":{"matches":{"ports":[9000,9001]},"containers":[{"name":"b"}]}}"#))
    }

    @Test func nullDeletesNestedKeysAndMissingKeysAreIgnored() {
        let stored = doc(#"{"metadata":{"labels":{"app":"web","tier":"demo"},"annotations":{"x":"1"}}}"#)
        let patch = doc(#"{"metadata":{"labels":{"tier":null,"gone":null},"annotations":null}}"#)
        #expect(MergePatch.apply(patch, to: stored) == doc(#"{"metadata":{"labels":{"app":"web"}}}"#))
    }

    @Test func nullsInsideArraysAreKept() {
        let result = MergePatch.apply(doc(#"{"a":[null,{"b":null}]}"#), to: doc("{}"))
        #expect(result == doc(#"{"a":[null,{"b":null}]}"#))
    }

    @Test func emptyPatchChangesNothing() {
        let stored = doc(#"{"a":{"b":[1,2]},"c":"d"}"#)
        #expect(MergePatch.apply(doc("{}"), to: stored) == stored)
    }
}

@Suite struct PatchTypeTests {
    @Test func recognisesTheFourMediaTypes() {
        #expect(PatchType(contentType: "application/json-patch+json") == .json)
        #expect(PatchType(contentType: "application/merge-patch+json") == .merge)
        #expect(PatchType(contentType: "application/strategic-merge-patch+json") == .strategic)
        #expect(PatchType(contentType: "application/apply-patch+yaml") == .apply)
    }

    @Test func ignoresParametersCaseAndSpaces() {
        #expect(PatchType(contentType: "application/merge-patch+json; charset=utf-8") == .merge)
        #expect(PatchType(contentType: "  Application/Strategic-Merge-Patch+JSON ;charset=UTF-8") == .strategic)
        #expect(PatchType(contentType: "application/json-patch+json;") == .json)
    }

    @Test func rejectsOtherTypes() {
        #expect(PatchType(contentType: "application/json") == nil)
        #expect(PatchType(contentType: "") == nil)
        #expect(PatchType(contentType: "application/apply-patch+yaml-ish") == nil)
        #expect(PatchType(contentType: "text/plain; application/merge-patch+json") == nil)
    }

    @Test func rawValueIsTheMediaType() {
        #expect(PatchType.strategic.rawValue == "application/strategic-merge-patch+json")
    }
}
