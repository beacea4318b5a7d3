// Tests for label and field selectors: parsing, matching, canonical text and apiserver error wording.

import Testing

@testable import KubeModel

private func parse(_ text: String) throws -> LabelSelector { try LabelSelector(parsing: text) }

private func parseError(_ text: String) -> String? {
    do {
        _ = try LabelSelector(parsing: text)
        return nil
    } catch {
        return error.message
    }
}

private func jsonError(_ json: JSON) -> String? {
    do {
        _ = try LabelSelector(json: json)
        return nil
    } catch {
        return error.message
    }
}

private func fieldError(_ text: String) -> String? {
    do {
        _ = try FieldSelector(parsing: text)
        return nil
    } catch {
        return error.message
    }
}

private let nameRule =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
private let valueRule =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

@Suite("Label selector parsing and matching")
struct LabelSelectorTests {
    @Test func emptySelectsEverything() throws {
        for text in ["", "   "] {
            let s = try parse(text)
            #expect(s.isEmpty)
            #expect(s.matches([:]))
            #expect(s.description == "")
        }
    }

    @Test func equality() throws {
        let s = try parse("app=web")
        #expect(s.requirements == [.init(key: "app", op: .equals, values: ["web"])])
        #expect(s.matches(["app": "web", "x": "y"]))
        #expect(!s.matches(["app": "api"]))
        #expect(!s.matches([:]))
        #expect(try parse("app==web").requirements[0].op == .doubleEquals)
        #expect(try parse("app==web").description == "app==web")
        let ne = try parse("app!=web")
        #expect(ne.matches([:]))
        #expect(ne.matches(["app": "api"]))
        #expect(!ne.matches(["app": "web"]))
        let emptyValue = try parse("app=")
        #expect(emptyValue.matches(["app": ""]))
        #expect(!emptyValue.matches([:]))
    }

    @Test func setBasedAndExistence() throws {
        let s = try parse("tier in ( b , a ),env notin (prod),canary,!legacy")
        #expect(s.description == "canary,env notin (prod),!legacy,tier in (a,b)")
        #expect(s.matches(["tier": "a", "canary": "", "env": "dev"]))
        #expect(s.matches(["tier": "b", "canary": "1"]))
        #expect(!s.matches(["tier": "c", "canary": "1"]))
        #expect(!s.matches(["tier": "a"]))
        #expect(!s.matches(["tier": "a", "canary": "1", "legacy": "x"]))
        #expect(!s.matches(["tier": "a", "canary": "1", "env": "prod"]))
        // Keywords are plain values inside parentheses; empty members are the empty value.
        #expect(try parse("a in (in,notin)").requirements[0].values == ["in", "notin"])
        let odd = try parse("x in (foo,,baz),y,z notin ()")
        #expect(odd.requirements == [
            .init(key: "x", op: .in, values: ["", "baz", "foo"]), .init(key: "y", op: .exists, values: []),
            .init(key: "z", op: .notIn, values: [""]),
        ])
        #expect(try parse("a in (,b)").requirements[0].values == ["", "b"])
        #expect(try parse("a in (b,)").requirements[0].values == ["", "b"])
    }

    @Test func numericComparisons() throws {
        let gt = try parse("replicas>2")
        #expect(gt.matches(["replicas": "3"]))
        #expect(!gt.matches(["replicas": "2"]))
        #expect(!gt.matches(["replicas": "x"]))
        #expect(!gt.matches([:]))
        #expect(try parse("n<10").matches(["n": "-4"]))
        #expect(gt.description == "replicas>2")
    }

    @Test func requirementsAreSortedByKey() throws {
        let s = try parse("b=1,a=2,a!=3")
        #expect(s.requirements.map(\.key) == ["a", "a", "b"])
        #expect(s.description == "a=2,a!=3,b=1")
        #expect(try parse("example.com/role=db").requirements[0].key == "example.com/role")
        #expect(LabelSelector(matchLabels: ["z": "1", "a": "2"]).description == "a=2,z=1")
        #expect(LabelSelector(matchLabels: [:]).isEmpty)
    }

    @Test func syntaxErrors() {
        #expect(parseError("a in b") == "unable to parse requirement: found 'b' expected: '('")
        #expect(parseError("a=b,") == "found '', expected: identifier after ','")
        #expect(parseError("a=b,,c") == "found ',', expected: identifier after ','")
        #expect(parseError(",a") == "found ',', expected: !, identifier, or 'end of string'")
        #expect(parseError("=a") == "found '=', expected: !, identifier, or 'end of string'")
        #expect(parseError("a b") == "unable to parse requirement: found 'b', expected: '=', '!=', '==', 'in', notin'")
        #expect(parseError("a=b c") == "found 'c', expected: ',' or 'end of string'")
        #expect(parseError("!a=b") == "found '=', expected: ',' or 'end of string'")
        #expect(parseError("!") == "unable to parse requirement: found '', expected: identifier")
        #expect(parseError("a=(b)") == "unable to parse requirement: found '(', expected: identifier")
        #expect(parseError("a in (b c)") == "unable to parse requirement: found 'c', expected: ',' or ')'")
        #expect(parseError("a in (b") == "unable to parse requirement: found '', expected: ',' or ')'")
        #expect(parseError("a in (=)") == "unable to parse requirement: found '=', expected: ',', ')' or identifier")
        #expect(parseError("a in (b,=)") == "unable to parse requirement: found '=', expected: ',', or identifier")
    }

    @Test func validationErrors() {
        #expect(parseError("-a=b") == "unable to parse requirement: <nil>: Invalid value: \"-a\": \(nameRule)")
        #expect(parseError("a=-b") == "unable to parse requirement: values[0][a]: Invalid value: \"-b\": \(valueRule)")
        #expect(parseError("a>b") == "unable to parse requirement: values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer")
        let long = String(repeating: "k", count: 64)
        #expect(parseError(long) == "unable to parse requirement: <nil>: Invalid value: \"\(long)\": name part must be no more than 63 characters")
        #expect(parseError("a=" + long) == "unable to parse requirement: values[0][a]: Invalid value: \"\(long)\": must be no more than 63 characters")
        #expect(parseError("Example.com/a") == """
            unable to parse requirement: <nil>: Invalid value: "Example.com/a": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')
            """)
        #expect(parseError("/a") == "unable to parse requirement: <nil>: Invalid value: \"/a\": prefix part must be non-empty")
        #expect(parseError("a/") == "unable to parse requirement: <nil>: Invalid value: \"a/\": name part must be non-empty; \(nameRule)")
        #expect(parseError("a/b/c")?.hasPrefix("unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist of") == true)
        #expect(parseError("a/b/c")?.hasSuffix("with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')") == true)
        #expect(parseError("a\"b") == "unable to parse requirement: <nil>: Invalid value: \"a\\\"b\": \(nameRule)")
    }

    @Test func fromJSON() throws {
        let s = try LabelSelector(json: [
            "matchLabels": ["app": "web"],
            "matchExpressions": [
                ["key": "tier", "operator": "In", "values": ["b", "a"]], ["key": "env", "operator": "NotIn", "values": ["prod"]],
                ["key": "canary", "operator": "Exists"], ["key": "legacy", "operator": "DoesNotExist"],
            ],
        ])
        #expect(s.description == "app=web,canary,env notin (prod),!legacy,tier in (a,b)")
        #expect(s.matches(["app": "web", "tier": "a", "canary": "y"]))
        #expect(!s.matches(["app": "web", "tier": "a"]))
        let everything = try LabelSelector(json: [:])
        #expect(everything.isEmpty)
        #expect(everything.matches(["any": "thing"]))
        let nothing = try LabelSelector(json: nil)
        #expect(!nothing.isEmpty)
        #expect(!nothing.matches([:]))
        #expect(nothing.description == "")
        #expect(nothing != everything)
    }

    @Test func fromJSONErrors() {
        #expect(jsonError(["matchExpressions": [["key": "a", "operator": "Foo"]]]) == "\"Foo\" is not a valid label selector operator")
        #expect(jsonError(["matchExpressions": [["key": "a", "operator": "In"]]])
            == "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty")
        #expect(jsonError(["matchExpressions": [["key": "a", "operator": "Exists", "values": ["x"]]]])
            == "values: Invalid value: []string{\"x\"}: values set must be empty for exists and does not exist")
        #expect(jsonError(["matchExpressions": [["key": "-x", "operator": "In", "values": ["-y"]]]])
            == "[key: Invalid value: \"-x\": \(nameRule), values[0][-x]: Invalid value: \"-y\": \(valueRule)]")
        #expect(jsonError(["matchLabels": ["app": "a b"]]) == "values[0][app]: Invalid value: \"a b\": \(valueRule)")
        #expect(jsonError("app=web") != nil)
        #expect(jsonError(["matchLabels": ["app": 1]]) != nil)
    }
}

@Suite("Field selectors")
struct FieldSelectorTests {
    @Test func parsingAndMatching() throws {
        let s = try FieldSelector(parsing: "status.phase!=Running,spec.nodeName==node1")
        #expect(s.requirements == [
            .init(field: "spec.nodeName", op: .doubleEquals, value: "node1"), .init(field: "status.phase", op: .notEquals, value: "Running"),
        ])
        #expect(s.matches(["spec.nodeName": "node1", "status.phase": "Pending"]))
        #expect(!s.matches(["spec.nodeName": "node1", "status.phase": "Running"]))
        #expect(!s.matches([:]))
        #expect(s.description == "spec.nodeName=node1,status.phase!=Running")
        #expect(try FieldSelector(parsing: "spec.nodeName=").matches([:]))
        #expect(try FieldSelector(parsing: "").isEmpty)
        #expect(try FieldSelector(parsing: "a=b,,c=d").requirements.count == 2)
        #expect(try FieldSelector(parsing: "metadata.name = x").requirements[0] == .init(field: "metadata.name ", op: .equals, value: " x"))
    }

    @Test func escapedValues() throws {
        let s = try FieldSelector(parsing: #"metadata.name=a\,b\=c\\d,type=x"#)
        #expect(s.requirements[0].value == #"a,b=c\d"#)
        #expect(s.requirements.count == 2)
        #expect(s.description == #"metadata.name=a\,b\=c\\d,type=x"#)
        #expect(fieldError("a=b=c") == "invalid field selector: unescaped character in value: 61")
        #expect(fieldError(#"a=b\x"#) == #"invalid field selector: invalid escape sequence: \x"#)
        #expect(fieldError(#"a=b\"#) == #"invalid field selector: invalid escape sequence: \"#)
        #expect(fieldError("foo") == "invalid selector: 'foo'; can't understand 'foo'")
        #expect(fieldError("a=b,foo") == "invalid selector: 'a=b,foo'; can't understand 'foo'")
    }

    @Test func supportedFieldsPerKind() throws {
        let pod = try FieldSelector(parsing: "spec.host=node1,status.phase=Running").validated(group: "", kind: "Pod")
        #expect(pod.requirements.map(\.field) == ["spec.nodeName", "status.phase"])
        func error(_ text: String, _ group: String, _ kind: String) -> String? {
            do {
                _ = try FieldSelector(parsing: text).validated(group: group, kind: kind)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(error("spec.containers=x", "", "Pod") == "field label not supported: spec.containers")
        #expect(error("metadata.namespace=x", "", "Node") == "field label not supported: metadata.namespace")
        #expect(error("spec.unschedulable=true", "", "Node") == nil)
        #expect(error("involvedObject.name=p,type=Warning", "", "Event") == nil)
        #expect(error("regarding.name=p", "events.k8s.io", "Event") == nil)
        #expect(error("involvedObject.name=p", "events.k8s.io", "Event") == "field label not supported: involvedObject.name")
        #expect(error("type=Opaque", "", "Secret") == nil)
        #expect(error("status.replicas=0", "apps", "ReplicaSet") == nil)
        #expect(error("spec.type=ClusterIP", "", "Service")
            == "\"spec.type\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
        #expect(error("spec.replicas=1", "apps", "Deployment")
            == "\"spec.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
        #expect(error("spec.x=1", "config.openservicemesh.io", "MeshConfig") == "field label not supported: spec.x")
        #expect(error("metadata.name=a,metadata.namespace=b", "config.openservicemesh.io", "MeshConfig") == nil)
        // The first unsupported label in evaluation order is reported.
        #expect(error("zz=1,aa=1", "", "Secret") == "field label not supported: aa")
        #expect(FieldSelector.supportedFields(group: "", kind: "Namespace") == ["metadata.name", "status.phase"])
    }

    @Test func podFields() throws {
        let pod: JSON = [
            "metadata": ["name": "p", "namespace": "ns"],
            "spec": ["nodeName": "node1", "restartPolicy": "Always", "schedulerName": "default-scheduler", "serviceAccountName": "sa", "hostNetwork": true],
            "status": ["phase": "Running", "podIP": "10.0.0.9", "podIPs": [["ip": "10.0.0.8"]]],
        ]
        let f = FieldSelector.fields(of: pod, group: "", kind: "Pod")
        #expect(f == [
            "metadata.name": "p", "metadata.namespace": "ns", "spec.nodeName": "node1", "spec.restartPolicy": "Always",
            "spec.schedulerName": "default-scheduler", "spec.serviceAccountName": "sa", "spec.hostNetwork": "true",
            "status.phase": "Running", "status.podIP": "10.0.0.8", "status.nominatedNodeName": "",
        ])
        let selector = try FieldSelector(parsing: "spec.host=node1,status.phase=Running").validated(group: "", kind: "Pod")
        #expect(selector.matches(f))
        #expect(FieldSelector.fields(of: ["spec": [:]], group: "", kind: "Pod")["spec.hostNetwork"] == "false")
    }

    @Test func otherKindFields() {
        let event: JSON = [
            "metadata": ["name": "e", "namespace": "default"], "reason": "Started", "type": "Normal",
            "involvedObject": ["kind": "Pod", "name": "p", "namespace": "default", "uid": "u1"], "reportingComponent": "",
            "source": ["component": "kubelet"],
        ]
        let f = FieldSelector.fields(of: event, group: "", kind: "Event")
        #expect(f["involvedObject.kind"] == "Pod")
        #expect(f["involvedObject.uid"] == "u1")
        #expect(f["involvedObject.fieldPath"] == "")
        #expect(f["source"] == "kubelet")
        #expect(f["reason"] == "Started")
        let newEvent: JSON = ["metadata": ["name": "e"], "regarding": ["kind": "Node", "name": "n1"], "reportingController": "ctrl", "type": "Warning"]
        let g = FieldSelector.fields(of: newEvent, group: "events.k8s.io", kind: "Event")
        #expect(g["regarding.name"] == "n1")
        #expect(g["involvedObject.name"] == "n1")
        #expect(g["reportingController"] == "ctrl")
        #expect(g["source"] == "ctrl")
        #expect(FieldSelector.fields(of: ["type": "kubernetes.io/tls"], group: "", kind: "Secret")["type"] == "kubernetes.io/tls")
        #expect(FieldSelector.fields(of: ["spec": ["unschedulable": true]], group: "", kind: "Node")["spec.unschedulable"] == "true")
        #expect(FieldSelector.fields(of: [:], group: "", kind: "Node")["spec.unschedulable"] == "false")
        #expect(FieldSelector.fields(of: ["status": ["phase": "Active"]], group: "", kind: "Namespace")["status.phase"] == "Active")
        #expect(FieldSelector.fields(of: ["status": ["replicas": 3]], group: "apps", kind: "ReplicaSet")["status.replicas"] == "3")
        #expect(FieldSelector.fields(of: [:], group: "apps", kind: "ReplicaSet")["status.replicas"] == "0")
        #expect(FieldSelector.fields(of: ["metadata": ["name": "m"]], group: "x.io", kind: "Thing") == ["metadata.name": "m", "metadata.namespace": ""])
    }
}
