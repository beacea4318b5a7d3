// Tests for JSON patch (RFC 6902): every operation, pointer escapes, and the error messages of failures.

import Testing
@testable import KubeModel

private func doc(_ text: String) -> JSON {
    do { return try JSON.parse(text) } catch { fatalError("bad test JSON: \(error)") }
}

private func patched(_ target: String, _ patch: String) throws(PatchError) -> JSON {
    try JSONPatch.apply(doc(patch), to: doc(target))
}

private func failure(_ target: String, _ patch: String) -> String? {
    do {
        _ = try patched(target, patch)
        return nil
    } catch {
        return error.message
    }
}

@Suite struct JSONPatchTests {
    @Test func addSetsMembersAndInsertsIntoArrays() throws {
        #expect(try patched(#"{"a":1}"#, #"[{"op":"add","path":"/b","value":{"c":2}}]"#) == doc(#"{"a":1,"b":{"c":2}}"#))
        #expect(try patched(#"{"a":1}"#, #"[{"op":"add","path":"/a","value":5}]"#) == doc(#"{"a":5}"#))
        #expect(try patched(#"{"l":[1,3]}"#, #"[{"op":"add","path":"/l/1","value":2}]"#) == doc(#"{"l":[1,2,3]}"#))
        #expect(try patched(#"{"l":[1,3]}"#, #"[{"op":"add","path":"/l/2","value":4}]"#) == doc(#"{"l":[1,3,4]}"#))
        #expect(try patched(#"{"l":[1]}"#, #"[{"op":"add","path":"/l/-","value":2}]"#) == doc(#"{"l":[1,2]}"#))
        #expect(try patched(#"{"l":[1,2,3]}"#, #"[{"op":"add","path":"/l/-1","value":9}]"#) == doc(#"{"l":[1,2,9,3]}"#))
        #expect(try patched(#"{"a":1}"#, #"[{"op":"add","path":"","value":[1]}]"#) == doc("[1]"))
        #expect(try patched(#"{}"#, #"[{"op":"add","path":"/n","value":null}]"#) == .object(["n": .null]))
    }

    @Test func addIntoAKubernetesObject() throws {
        let pod = #"{"metadata":{"name":"p","labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"a"}]}}"#
        let ops = #"""
        [{"op":"add","path":"/metadata/labels/tier","value":"demo"},
         {"op":"replace","path":"/spec/containers/0/image","value":"b"},
         {"op":"add","path":"/spec/containers/-","value":{"name":"d","image":"x"}}]
        """#
        let result = try patched(pod, ops)
        #expect(result["metadata"]["labels"] == doc(#"{"app":"web","tier":"demo"}"#))
        #expect(result["spec"]["containers"] == doc(#"[{"name":"c","image":"b"},{"name":"d","image":"x"}]"#))
    }

    @Test func removeMembersAndElements() throws {
        #expect(try patched(#"{"a":1,"b":2}"#, #"[{"op":"remove","path":"/a"}]"#) == doc(#"{"b":2}"#))
        #expect(try patched(#"{"l":[1,2,3]}"#, #"[{"op":"remove","path":"/l/0"}]"#) == doc(#"{"l":[2,3]}"#))
        #expect(try patched(#"{"l":[1,2,3]}"#, #"[{"op":"remove","path":"/l/-1"}]"#) == doc(#"{"l":[1,2]}"#))
    }

    @Test func replaceExistingValues() throws {
        #expect(try patched(#"{"a":{"b":1}}"#, #"[{"op":"replace","path":"/a/b","value":[2]}]"#) == doc(#"{"a":{"b":[2]}}"#))
        #expect(try patched(#"{"l":["x","y"]}"#, #"[{"op":"replace","path":"/l/1","value":"z"}]"#) == doc(#"{"l":["x","z"]}"#))
        #expect(try patched(#"{"a":1}"#, #"[{"op":"replace","path":"","value":{"b":2}}]"#) == doc(#"{"b":2}"#))
    }

    @Test func moveAndCopy() throws {
        #expect(try patched(#"{"a":{"x":1},"b":{}}"#, #"[{"op":"move","from":"/a/x","path":"/b/y"}]"#)
            == doc(#"{"a":{},"b":{"y":1}}"#))
        #expect(try patched(#"{"l":[1,2,3]}"#, #"[{"op":"move","from":"/l/0","path":"/l/-"}]"#) == doc(#"{"l":[2,3,1]}"#))
        #expect(try patched(#"{"a":{"x":[1]}}"#, #"[{"op":"copy","from":"/a/x","path":"/b"}]"#)
            == doc(#"{"a":{"x":[1]},"b":[1]}"#))
        #expect(try patched(#"{"a":1}"#, #"[{"op":"move","from":"/a","path":"/a"}]"#) == doc(#"{"a":1}"#))
    }

    @Test func testOperationComparesSemantically() throws {
        let target = #"{"a":{"n":1,"s":"x","l":[1,{"k":true}]}}"#
        #expect(try patched(target, #"[{"op":"test","path":"/a/n","value":1.0}]"#) == doc(target))
        #expect(try patched(target, #"[{"op":"test","path":"/a","value":{"l":[1,{"k":true}],"s":"x","n":1}}]"#) == doc(target))
        #expect(try patched(target, #"[{"op":"test","path":"/a/missing","value":null}]"#) == doc(target))
        #expect(failure(target, #"[{"op":"test","path":"/a/s","value":"y"}]"#) == "testing value /a/s failed: test failed")
        #expect(failure(target, #"[{"op":"test","path":"/a/missing","value":0}]"#) == "testing value /a/missing failed: test failed")
        #expect(failure(target, #"[{"op":"test","path":"/nope/x","value":1}]"#)
            == "test operation does not apply: is missing path: /nope/x: missing value")
    }

    @Test func pointerEscapes() throws {
        let target = #"{"metadata":{"annotations":{"example.com/a~b":"1"}}}"#
        let result = try patched(target, #"""
        [{"op":"test","path":"/metadata/annotations/example.com~1a~0b","value":"1"},
         {"op":"replace","path":"/metadata/annotations/example.com~1a~0b","value":"2"},
         {"op":"add","path":"/metadata/annotations/~01","value":"3"}]
        """#)
        #expect(result["metadata"]["annotations"] == doc(#"{"example.com/a~b":"2","~1":"3"}"#))
    }

    @Test func failedOperationsReportLikeKubeApiserver() {
        #expect(failure(#"{"spec":{}}"#, #"[{"op":"add","path":"/spec/x/y","value":1}]"#)
            == #"add operation does not apply: doc is missing path: "/spec/x/y": missing value"#)
        #expect(failure(#"{"a":1}"#, #"[{"op":"add","path":"/a/b","value":1}]"#)
            == #"add operation does not apply: doc is missing path: "/a/b": missing value"#)
        #expect(failure(#"{"l":[1]}"#, #"[{"op":"add","path":"/l/5","value":1}]"#)
            == "error in add for path: '/l/5': Unable to access invalid index: 5: invalid index referenced")
        #expect(failure(#"{"l":[1]}"#, #"[{"op":"add","path":"/l/x","value":1}]"#)
            == "error in add for path: '/l/x': value was not a proper array index: 'x'")
        #expect(failure(#"{"a":{}}"#, #"[{"op":"remove","path":"/a/b"}]"#)
            == "error in remove for path: '/a/b': Unable to remove nonexistent key: b: missing value")
        #expect(failure(#"{"a":{}}"#, #"[{"op":"remove","path":"/x/b"}]"#)
            == #"remove operation does not apply: doc is missing path: "/x/b": missing value"#)
        #expect(failure(#"{"l":[]}"#, #"[{"op":"remove","path":"/l/0"}]"#)
            == "error in remove for path: '/l/0': Unable to access invalid index: 0: invalid index referenced")
        #expect(failure(#"{"a":{}}"#, #"[{"op":"replace","path":"/a/b","value":1}]"#)
            == "replace operation does not apply: doc is missing key: /a/b: missing value")
        #expect(failure(#"{"a":{}}"#, #"[{"op":"replace","path":"/x/b","value":1}]"#)
            == "replace operation does not apply: doc is missing path: /x/b: missing value")
        #expect(failure(#"{"a":{}}"#, #"[{"op":"move","from":"/nope","path":"/b"}]"#)
            == "move operation does not apply: doc is missing from path: /nope: missing value")
        #expect(failure(#"{"a":1}"#, #"[{"op":"move","from":"/a","path":"/x/y"}]"#)
            == "move operation does not apply: doc is missing destination path: /x/y: missing value")
        #expect(failure(#"{"a":{}}"#, #"[{"op":"copy","from":"/nope","path":"/b"}]"#)
            == "copy operation does not apply: doc is missing from path: /nope: missing value")
        #expect(failure(#"{"a":{}}"#, #"[{"op":"remove","path":""}]"#)
            == #"remove operation does not apply: doc is missing path: "": missing value"#)
    }

    @Test func malformedPatchesAreRejected() {
        #expect(failure("{}", #"{"op":"add","path":"/a","value":1}"#) == "a JSON patch must be an array of operations, not an object")
        #expect(failure("{}", #"[1]"#) == "JSON patch operation 0 must be an object, not 1")
        #expect(failure("{}", #"[{"op":"frob","path":"/a"}]"#) == "Unexpected kind: frob")
        #expect(failure("{}", #"[{"path":"/a","value":1}]"#) == "Unexpected kind: unknown")
        #expect(failure("{}", #"[{"op":"add","value":1}]"#) == "add operation failed to decode path: missing value")
        #expect(failure("{}", #"[{"op":"add","path":"/a"}]"#) == "add operation, missing value field: missing value")
        #expect(failure("{}", #"[{"op":"copy","path":"/a"}]"#) == "copy operation failed to decode from: missing value")
        #expect(failure("{}", #"[{"op":"add","path":"a","value":1}]"#)
            == #"add operation does not apply: doc is missing path: "a": missing value"#)
    }

    @Test func aFailingOperationFailsTheWholePatch() {
        let target = doc(#"{"a":1}"#)
        var result: JSON? = nil
        do {
            result = try JSONPatch.apply(doc(#"[{"op":"add","path":"/b","value":2},{"op":"test","path":"/a","value":2}]"#), to: target)
        } catch {
            #expect(error == PatchError("testing value /a failed: test failed"))
        }
        #expect(result == nil)
        #expect(target == doc(#"{"a":1}"#))
    }

    @Test func emptyPatchReturnsTargetUnchanged() throws {
        #expect(try patched(#"{"a":[1,{"b":2}]}"#, "[]") == doc(#"{"a":[1,{"b":2}]}"#))
    }
}
