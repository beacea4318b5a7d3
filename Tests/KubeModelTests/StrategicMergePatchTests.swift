// Tests of strategic merge patch semantics: map merging, list strategies, every directive, and errors.

import Testing
@testable import KubeModel

private func doc(_ text: String) -> JSON {
    do { return try JSON.parse(text) } catch { fatalError("bad test JSON: \(error)") }
}

/// A schema in the style of apimachinery's own tests: one list of each strategy, nested once.
private let schema: PatchSchema = {
    var s = PatchSchema()
    s.setStrategy(.merge(key: "name"), at: ["mergingList"])
    s.setStrategy(.mergeSet, at: ["mergingIntList"])
    s.setStrategy(.merge(key: "name"), at: ["mergingList", "mergingList"])
    s.setStrategy(.mergeSet, at: ["mergingList", "mergingIntList"])
    s.setStrategy(.replace, at: ["atomicMap"])
    s.setRetainKeys(at: ["retainKeysMap"])
    return s
}()

private func smp(_ target: String, _ patch: String) throws(PatchError) -> JSON {
    try StrategicMergePatch.apply(doc(patch), to: doc(target), schema: schema)
}

private func failure(_ target: String, _ patch: String) -> String? {
    do {
        _ = try smp(target, patch)
        return nil
    } catch {
        return error.message
    }
}

@Suite struct StrategicMergePatchTests {
    @Test func mapsMergeAndNullDeletes() throws {
        #expect(try smp(#"{"a":{"b":1,"c":2},"d":3}"#, #"{"a":{"c":null,"e":4},"d":null}"#) == doc(#"{"a":{"b":1,"e":4}}"#))
        #expect(try smp(#"{"a":1}"#, #"{"b":{"c":null,"d":{"e":null,"f":1}}}"#) == doc(#"{"a":1,"b":{"d":{"f":1}}}"#))
        #expect(try smp(#"{"a":"x"}"#, #"{"a":{"b":1}}"#) == doc(#"{"a":{"b":1}}"#))
        #expect(try smp(#"{"a":{"b":1}}"#, #"{"a":[1]}"#) == doc(#"{"a":[1]}"#))
    }

    @Test func listsWithoutAStrategyAreReplaced() throws {
        #expect(try smp(#"{"plain":[{"name":"a","x":1}],"args":["1","2"]}"#, #"{"plain":[{"name":"b"}],"args":["3"]}"#)
            == doc(#"{"plain":[{"name":"b"}],"args":["3"]}"#))
    }

    /// Without `$setElementOrder`, apimachinery emits an element new to the list as soon as the patch reaches it,
    /// before stored elements that follow; stored elements keep their relative order.
    @Test func listsOfObjectsMergeByKeyInApimachineryOrder() throws {
        let result = try smp(
            #"{"mergingList":[{"name":"1","value":"a"},{"name":"2","value":"b"},{"name":"3"}]}"#,
            #"{"mergingList":[{"name":"2","other":"x"},{"name":"4","value":"d"}]}"#)
        #expect(result == doc(#"{"mergingList":[{"name":"1","value":"a"},{"name":"2","value":"b","other":"x"},{"name":"4","value":"d"},{"name":"3"}]}"#))
    }

    @Test func patchListOrderWinsForMentionedElements() throws {
        // apimachinery: "preserve the order from the patch in a merging list 2".
        let result = try smp(
            #"{"mergingList":[{"name":"1"},{"name":"2","value":"b"},{"name":"3"}]}"#,
            #"{"mergingList":[{"name":"3","value":"c"},{"name":"1","value":"a"}]}"#)
        #expect(result == doc(#"{"mergingList":[{"name":"2","value":"b"},{"name":"3","value":"c"},{"name":"1","value":"a"}]}"#))
    }

    @Test func nestedMergingListsMergeInsideMatchedElements() throws {
        let result = try smp(
            #"{"mergingList":[{"name":"a","mergingList":[{"name":"x","v":1}],"mergingIntList":[1]}]}"#,
            #"{"mergingList":[{"name":"a","mergingList":[{"name":"y","v":2}],"mergingIntList":[2]}]}"#)
        #expect(result == doc(#"{"mergingList":[{"name":"a","mergingList":[{"name":"y","v":2},{"name":"x","v":1}],"mergingIntList":[2,1]}]}"#))
    }

    @Test func primitiveListsMergeAsASetUnion() throws {
        #expect(try smp(#"{"mergingIntList":[1,2]}"#, #"{"mergingIntList":[2,3,3]}"#) == doc(#"{"mergingIntList":[1,2,3]}"#))
        #expect(try smp(#"{"mergingIntList":[1,2]}"#, #"{"mergingIntList":[0]}"#) == doc(#"{"mergingIntList":[0,1,2]}"#))
        #expect(try smp(#"{"mergingIntList":[1,2,3]}"#, #"{"mergingIntList":[3,1]}"#) == doc(#"{"mergingIntList":[2,3,1]}"#))
    }

    @Test func deleteFromPrimitiveList() throws {
        #expect(try smp(#"{"mergingIntList":[1,2,3]}"#, #"{"$deleteFromPrimitiveList/mergingIntList":[2,9]}"#)
            == doc(#"{"mergingIntList":[1,3]}"#))
        #expect(try smp(#"{"other":1}"#, #"{"$deleteFromPrimitiveList/mergingIntList":[2]}"#) == doc(#"{"other":1}"#))
        let both = try smp(#"{"mergingIntList":[1,2]}"#, #"""
        {"$setElementOrder/mergingIntList":[1,3],"mergingIntList":[3],"$deleteFromPrimitiveList/mergingIntList":[2]}
        """#)
        #expect(both == doc(#"{"mergingIntList":[1,3]}"#))
    }

    @Test func patchReplaceDirectiveInAMap() throws {
        #expect(try smp(#"{"m":{"a":1,"b":2},"k":1}"#, #"{"m":{"$patch":"replace","c":3}}"#) == doc(#"{"m":{"c":3},"k":1}"#))
        #expect(try smp(#"{"a":1,"b":2}"#, #"{"$patch":"replace"}"#) == doc("{}"))
        #expect(try smp(#"{"k":1}"#, #"{"m":{"$patch":"replace","c":3}}"#) == doc(#"{"k":1,"m":{"c":3}}"#))
    }

    @Test func patchDeleteDirectiveInAMap() throws {
        // apimachinery leaves an empty map behind for a stored map, and adds nothing for a missing one.
        #expect(try smp(#"{"m":{"a":1},"k":1}"#, #"{"m":{"$patch":"delete"}}"#) == doc(#"{"m":{},"k":1}"#))
        #expect(try smp(#"{"k":1}"#, #"{"m":{"$patch":"delete"}}"#) == doc(#"{"k":1}"#))
    }

    @Test func patchMergeDirectiveIsANoOp() throws {
        #expect(try smp(#"{"m":{"a":1}}"#, #"{"m":{"$patch":"merge","b":2}}"#) == doc(#"{"m":{"a":1,"b":2}}"#))
    }

    @Test func listElementDeletionAndListReplacement() throws {
        #expect(try smp(#"{"mergingList":[{"name":"1"},{"name":"2","value":"a"},{"name":"3"}]}"#,
                        #"{"mergingList":[{"name":"1","$patch":"delete"},{"name":"3","$patch":"delete"}]}"#)
            == doc(#"{"mergingList":[{"name":"2","value":"a"}]}"#))
        #expect(try smp(#"{"mergingList":[{"name":"1"},{"name":"2"}]}"#, #"{"mergingList":[{"$patch":"replace"}]}"#)
            == doc(#"{"mergingList":[]}"#))
        #expect(try smp(#"{"mergingList":[{"name":"1","v":1},{"name":"2"}]}"#,
                        #"{"mergingList":[{"name":"1","w":2},{"$patch":"replace"}]}"#)
            == doc(#"{"mergingList":[{"name":"1","w":2}]}"#))
    }

    @Test func newListsAndMapsAreStoredWithoutDirectives() throws {
        let result = try smp(#"{}"#, #"""
        {"mergingList":[{"name":"1","mergingList":[{"name":"x","$patch":"delete"},{"name":"y"}]},{"name":"2","$patch":"delete"}],
         "m":{"$retainKeys":["a"],"a":{"$patch":"replace","b":1}},"$setElementOrder/mergingIntList":[1]}
        """#)
        #expect(result == doc(#"{"mergingList":[{"name":"1","mergingList":[{"name":"y"}]}],"m":{"a":{"b":1}}}"#))
    }

    @Test func setElementOrderIsNeverStored() throws {
        let result = try smp(#"{"mergingList":[{"name":"1"},{"name":"2"}]}"#,
                             #"{"$setElementOrder/mergingList":[{"name":"2"},{"name":"1"}]}"#)
        #expect(result == doc(#"{"mergingList":[{"name":"2"},{"name":"1"}]}"#))
        #expect(try smp(#"{}"#, #"{"$setElementOrder/mergingList":[{"name":"2"}]}"#) == doc("{}"))
        #expect(try smp(#"{"plain":[1,2]}"#, #"{"$setElementOrder/plain":[2,1],"plain":[3]}"#) == doc(#"{"plain":[3]}"#))
    }

    @Test func setElementOrderWithServerOnlyItems() throws {
        // apimachinery: "set elements order in a list with server-only items 2".
        let result = try smp(
            #"{"mergingList":[{"name":"1","other":"a"},{"name":"2","value":2},{"name":"9"},{"name":"3","value":3},{"name":"4","value":4}]}"#,
            #"{"$setElementOrder/mergingList":[{"name":"2"},{"name":"1"},{"name":"4"},{"name":"3"}]}"#)
        #expect(result == doc(#"{"mergingList":[{"name":"2","value":2},{"name":"1","other":"a"},{"name":"9"},{"name":"4","value":4},{"name":"3","value":3}]}"#))

        let ints = try smp(#"{"mergingIntList":[1,2,7,9,8,3,4]}"#, #"{"$setElementOrder/mergingIntList":[2,1,4,3]}"#)
        #expect(ints == doc(#"{"mergingIntList":[2,1,7,9,8,4,3]}"#))
    }

    @Test func setElementOrderMustAgreeWithThePatchList() {
        let message = failure(#"{"mergingList":[{"name":"1"},{"name":"3"},{"name":"2"}]}"#, #"""
        {"$setElementOrder/mergingList":[{"name":"1"},{"name":"2"},{"name":"3"}],"mergingList":[{"name":"3","value":3},{"name":"1","value":1}]}
        """#)
        #expect(message?.contains("doesn't match $setElementOrder list") == true)
        #expect(failure("{}", #"{"$setElementOrder/mergingList":{"name":"1"}}"#) == "invalid patch format of setElementOrder list")
    }

    @Test func retainKeysClearsUnlistedKeys() throws {
        #expect(try smp(#"{"retainKeysMap":{"name":"foo","value":"a","other":"b"}}"#,
                        #"{"retainKeysMap":{"$retainKeys":["name","value"],"value":"c"}}"#)
            == doc(#"{"retainKeysMap":{"name":"foo","value":"c"}}"#))
        #expect(failure(#"{"retainKeysMap":{"name":"foo"}}"#, #"{"retainKeysMap":{"$retainKeys":["name"],"value":"c"}}"#)
            == "invalid patch format of retainKeys: value is set but not listed in $retainKeys")
        #expect(failure(#"{}"#, #"{"$retainKeys":"name"}"#) == "invalid patch format of retainKeys")
    }

    @Test func atomicMapsAreReplaced() throws {
        #expect(try smp(#"{"atomicMap":{"a":1,"b":2}}"#, #"{"atomicMap":{"c":3,"d":null}}"#) == doc(#"{"atomicMap":{"c":3}}"#))
    }

    @Test func missingMergeKeyIsAnError() {
        #expect(failure(#"{"mergingList":[{"name":"1","value":"a"}]}"#, #"{"mergingList":[{"value":"b"}]}"#)
            == #"map: {"value":"b"} does not contain declared merge key: name"#)
        #expect(failure(#"{"mergingList":[{"name":"1"}]}"#, #"{"mergingList":[{"$patch":"delete","value":"b"}]}"#)
            == #"map: {"$patch":"delete","value":"b"} does not contain declared merge key: name"#)
        #expect(failure(#"{"mergingList":[{"value":"1"}]}"#, #"{"mergingList":[{"name":"2"}]}"#)
            == #"map: {"value":"1"} does not contain declared merge key: name"#)
    }

    @Test func malformedPatchesAreRejected() {
        #expect(failure("{}", "[1]") == "a strategic merge patch must be a JSON object, not [1]")
        #expect(failure(#"{"m":{}}"#, #"{"m":{"$patch":"frob"}}"#) == #"unknown patch type: "frob" in map: {}"#)
        #expect(failure(#"{"mergingList":[{"name":"1"}]}"#, #"{"mergingList":[{"name":"1","$patch":"frob"}]}"#)
            == #"unknown patch type: "frob" in map: {"$patch":"frob","name":"1"}"#)
        #expect(failure(#"{"mergingList":[{"name":"1"}]}"#, #"{"mergingList":["x"]}"#)?.hasPrefix("list element types are not identical") == true)
        #expect(failure(#"{"mergingIntList":[[1]]}"#, #"{"mergingIntList":[[2]]}"#) == "lists of lists are not supported")
        #expect(failure(#"{}"#, #"{"$deleteFromPrimitiveListmergingIntList":[1]}"#) == "invalid patch format of primitive list")
    }

    @Test func otherDollarKeysAreOrdinaryFields() throws {
        let result = try smp(##"{"schema":{"$ref":"#/a"}}"##, #"{"schema":{"$schema":"draft-04"}}"#)
        #expect(result == doc(##"{"schema":{"$ref":"#/a","$schema":"draft-04"}}"##))
    }

    @Test func numbersMatchMergeKeysByValue() throws {
        var ports = PatchSchema()
        ports.setStrategy(.merge(key: "containerPort"), at: ["ports"])
        let result = try StrategicMergePatch.apply(doc(#"{"ports":[{"containerPort":80.0,"protocol":"TCP"}]}"#),
                                                   to: doc(#"{"ports":[{"containerPort":80,"name":"http"}]}"#), schema: ports)
        #expect(result["ports"].arrayValue?.count == 1)
        #expect(result["ports"].arrayValue?.first?["name"] == "http")
    }
}
