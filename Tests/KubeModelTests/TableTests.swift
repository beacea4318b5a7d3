// Tests for server-side Tables: ages, built-in printers, custom resource columns and the Table document.

import Testing

@testable import KubeModel

private let now = TableTime.parse("2026-11-29T12:00:00Z")!

extension JSON {
    /// Array element access for assertions (`.null` when out of range).
    fileprivate subscript(index: Int) -> JSON {
        guard let a = arrayValue, a.indices.contains(index) else { return .null }
        return a[index]
    }
}

/// An RFC 3339 timestamp `seconds` before `now`.
private func ago(_ seconds: Double) -> JSON { .string(TableTime.format(now - seconds)) }

private func meta(_ name: String, age: Double = 300, namespace: String? = "default") -> JSON {
    var m: JSON = ["name": .string(name), "uid": .string("u-\(name)"), "resourceVersion": "7", "creationTimestamp": ago(age)]
    if let namespace { m["namespace"] = .string(namespace) }
    return m
}

private func pod(
    _ name: String = "web-1", spec: JSON = ["containers": [["name": "app", "image": "nginx"]]], status: JSON,
    deleting: Bool = false
) -> JSON {
    var m = meta(name)
    if deleting { m["deletionTimestamp"] = ago(1) }
    return ["apiVersion": "v1", "kind": "Pod", "metadata": m, "spec": spec, "status": status]
}

private func podCells(_ p: JSON) -> [JSON] { TablePrinter.cells(group: "", kind: "Pod", object: p, now: now) }
private func status(_ p: JSON) -> String? { podCells(p)[2].stringValue }

@Suite("HumanDuration")
struct HumanDurationTests {
    @Test func thresholds() {
        let cases: [(Double, String)] = [
            (-5, "<invalid>"), (-2, "<invalid>"), (-1.5, "0s"), (-1, "0s"), (0, "0s"), (0.9, "0s"), (59, "59s"),
            (119, "119s"), (120, "2m"), (150, "2m30s"), (599, "9m59s"), (600, "10m"), (10_799, "179m"),
            (10_800, "3h"), (12_600, "3h30m"), (28_799, "7h59m"), (28_800, "8h"), (172_799, "47h"),
            (172_800, "2d"), (190_800, "2d5h"), (691_199, "7d23h"), (691_200, "8d"), (63_071_999, "729d"),
            (63_072_000, "2y"), (63_936_000, "2y10d"), (252_288_000, "8y"), (1e12, "31709y"),
        ]
        for (seconds, text) in cases {
            #expect(HumanDuration.string(seconds: seconds) == text, "\(seconds)")
        }
        #expect(HumanDuration.string(seconds: .nan) == "<invalid>")
    }
}

@Suite("Pod printer")
struct PodPrinterTests {
    @Test func runningPodMatchesCapturedRow() {
        let p = pod(
            "tcp-echo-5d8f7c9b4-x2k9p",
            spec: ["nodeName": "node1", "containers": [["name": "a"], ["name": "b"]]],
            status: [
                "phase": "Running", "podIP": "10.244.0.9", "podIPs": [["ip": "10.244.0.9"]],
                "containerStatuses": [
                    ["name": "a", "ready": true, "restartCount": 0, "state": ["running": ["startedAt": ago(60)]]],
                    ["name": "b", "ready": true, "restartCount": 0, "state": ["running": ["startedAt": ago(60)]]],
                ],
            ])
        #expect(podCells(p) == ["tcp-echo-5d8f7c9b4-x2k9p", "2/2", "Running", "0", "5m", "10.244.0.9", "node1", "<none>", "<none>"])
    }

    @Test func pendingWithoutStatusesIsNotReady() {
        let cells = podCells(pod(status: ["phase": "Pending"]))
        #expect(cells[1] == "0/1")
        #expect(cells[2] == "Pending")
        #expect(cells[5] == "<none>")
        #expect(cells[6] == "<none>")
    }

    @Test func waitingReasonsWin() {
        for reason in ["ContainerCreating", "ErrImagePull", "ImagePullBackOff", "CrashLoopBackOff"] {
            let p = pod(status: ["phase": "Pending", "containerStatuses": [["name": "app", "state": ["waiting": ["reason": .string(reason)]]]]])
            #expect(status(p) == reason)
        }
    }

    @Test func restartsShowWhenTheLastOneEnded() {
        let p = pod(status: [
            "phase": "Running",
            "containerStatuses": [[
                "name": "app", "ready": false, "restartCount": 5,
                "state": ["waiting": ["reason": "CrashLoopBackOff"]],
                "lastState": ["terminated": ["exitCode": 1, "reason": "Error", "finishedAt": ago(300)]],
            ]],
        ])
        let cells = podCells(p)
        #expect(cells[1] == "0/1")
        #expect(cells[2] == "CrashLoopBackOff")
        #expect(cells[3] == "5 (5m ago)")
        // Without a finish time the count is shown alone.
        let bare = pod(status: ["phase": "Running", "containerStatuses": [["name": "app", "restartCount": 2, "state": ["running": [:]]]]])
        #expect(podCells(bare)[3] == "2")
    }

    @Test func initContainerProgress() {
        let spec: JSON = ["initContainers": [["name": "i1"], ["name": "i2"]], "containers": [["name": "app"]]]
        let running = pod(spec: spec, status: [
            "phase": "Pending",
            "initContainerStatuses": [["name": "i1", "state": ["running": [:]]], ["name": "i2", "state": ["waiting": ["reason": "PodInitializing"]]]],
        ])
        #expect(status(running) == "Init:0/2")
        let second = pod(spec: spec, status: [
            "phase": "Pending",
            "initContainerStatuses": [
                ["name": "i1", "state": ["terminated": ["exitCode": 0, "reason": "Completed"]]],
                ["name": "i2", "state": ["waiting": ["reason": "PodInitializing"]]],
            ],
        ])
        #expect(status(second) == "Init:1/2")
        let crash = pod(spec: spec, status: [
            "phase": "Pending",
            "initContainerStatuses": [["name": "i1", "restartCount": 3, "state": ["waiting": ["reason": "CrashLoopBackOff"]]]],
        ])
        #expect(status(crash) == "Init:CrashLoopBackOff")
        #expect(podCells(crash)[3] == "3")
        let failed = pod(spec: spec, status: [
            "phase": "Pending", "initContainerStatuses": [["name": "i1", "state": ["terminated": ["exitCode": 1, "reason": "Error"]]]],
        ])
        #expect(status(failed) == "Init:Error")
        let exitCode = pod(spec: spec, status: [
            "phase": "Pending", "initContainerStatuses": [["name": "i1", "state": ["terminated": ["exitCode": 3]]]],
        ])
        #expect(status(exitCode) == "Init:ExitCode:3")
        let signal = pod(spec: spec, status: [
            "phase": "Pending", "initContainerStatuses": [["name": "i1", "state": ["terminated": ["exitCode": 137, "signal": 9]]]],
        ])
        #expect(status(signal) == "Init:Signal:9")
    }

    @Test func podInitializingAfterInitContainersFinish() {
        let p = pod(
            spec: ["initContainers": [["name": "i1"]], "containers": [["name": "app"]]],
            status: [
                "phase": "Pending",
                "conditions": [["type": "Initialized", "status": "True"]],
                "initContainerStatuses": [["name": "i1", "state": ["terminated": ["exitCode": 0, "reason": "Completed"]]]],
                "containerStatuses": [["name": "app", "state": ["waiting": ["reason": "PodInitializing"]]]],
            ])
        #expect(status(p) == "PodInitializing")
    }

    @Test func sidecarsCountAsContainers() {
        let p = pod(
            spec: ["initContainers": [["name": "proxy", "restartPolicy": "Always"]], "containers": [["name": "app"]]],
            status: [
                "phase": "Running", "conditions": [["type": "Initialized", "status": "True"]],
                "initContainerStatuses": [["name": "proxy", "started": true, "ready": true, "restartCount": 1, "state": ["running": [:]]]],
                "containerStatuses": [["name": "app", "ready": true, "restartCount": 0, "state": ["running": [:]]]],
            ])
        let cells = podCells(p)
        #expect(cells[1] == "2/2")
        #expect(cells[2] == "Running")
        #expect(cells[3] == "1")
    }

    @Test func completedAndFailedPods() {
        let done = pod(status: [
            "phase": "Succeeded",
            "containerStatuses": [["name": "app", "state": ["terminated": ["exitCode": 0, "reason": "Completed"]]]],
        ])
        #expect(status(done) == "Completed")
        let table = TablePrinter.table(group: "", kind: "Pod", objects: [done], resourceVersion: "9", now: now)
        #expect(table["rows"][0]["conditions"] == [["type": "Completed", "status": "True", "reason": "Succeeded", "message": "The pod has completed successfully."]])
        let oom = pod(status: ["phase": "Failed", "containerStatuses": [["name": "app", "state": ["terminated": ["exitCode": 137, "reason": "OOMKilled"]]]]])
        #expect(status(oom) == "OOMKilled")
        let killed = pod(status: ["phase": "Failed", "containerStatuses": [["name": "app", "state": ["terminated": ["exitCode": 2, "signal": 15]]]]])
        #expect(status(killed) == "Signal:15")
        let exited = pod(status: ["phase": "Failed", "containerStatuses": [["name": "app", "state": ["terminated": ["exitCode": 2]]]]])
        #expect(status(exited) == "ExitCode:2")
        let evicted = pod(status: ["phase": "Failed", "reason": "Evicted"])
        #expect(status(evicted) == "Evicted")
    }

    @Test func completedContainerBesideARunningOne() {
        let spec: JSON = ["containers": [["name": "a"], ["name": "b"]]]
        var statusJSON: JSON = [
            "phase": "Running",
            "containerStatuses": [
                ["name": "a", "ready": true, "state": ["running": [:]]],
                ["name": "b", "state": ["terminated": ["exitCode": 0, "reason": "Completed"]]],
            ],
        ]
        #expect(status(pod(spec: spec, status: statusJSON)) == "NotReady")
        statusJSON["conditions"] = [["type": "Ready", "status": "True"]]
        #expect(status(pod(spec: spec, status: statusJSON)) == "Running")
    }

    @Test func deletionShowsTerminatingUnlessFinished() {
        let running: JSON = ["phase": "Running", "containerStatuses": [["name": "app", "ready": true, "state": ["running": [:]]]]]
        #expect(status(pod(status: running, deleting: true)) == "Terminating")
        #expect(status(pod(status: ["phase": "Running", "reason": "NodeLost"], deleting: true)) == "Unknown")
        let done: JSON = ["phase": "Succeeded", "containerStatuses": [["name": "app", "state": ["terminated": ["exitCode": 0, "reason": "Completed"]]]]]
        #expect(status(pod(status: done, deleting: true)) == "Completed")
    }

    @Test func schedulingGatedAndReadinessGates() {
        let gated = pod(status: ["phase": "Pending", "conditions": [["type": "PodScheduled", "status": "False", "reason": "SchedulingGated"]]])
        #expect(status(gated) == "SchedulingGated")
        let gates = pod(
            spec: ["containers": [["name": "app"]], "readinessGates": [["conditionType": "a.io/x"], ["conditionType": "a.io/y"]]],
            status: ["phase": "Running", "nominatedNodeName": "n2", "conditions": [["type": "a.io/x", "status": "True"], ["type": "a.io/y", "status": "False"]]])
        let cells = podCells(gates)
        #expect(cells[7] == "n2")
        #expect(cells[8] == "1/2")
    }
}

@Suite("Network printers")
struct NetworkPrinterTests {
    private func service(_ spec: JSON, status: JSON = [:]) -> JSON {
        ["apiVersion": "v1", "kind": "Service", "metadata": meta("svc", age: 1), "spec": spec, "status": status]
    }
    private func cells(_ s: JSON) -> [JSON] { TablePrinter.cells(group: "", kind: "Service", object: s, now: now) }

    @Test func clusterIPServiceMatchesCapture() {
        let s = service([
            "type": "ClusterIP", "clusterIP": "10.96.4.9", "clusterIPs": ["10.96.4.9"],
            "ports": [["port": 9000, "protocol": "TCP", "targetPort": 9000]], "selector": ["app": "tcp-echo"],
        ])
        #expect(cells(s) == ["svc", "ClusterIP", "10.96.4.9", "<none>", "9000/TCP", "1s", "app=tcp-echo"])
    }

    @Test func nodePortHeadlessAndExternalName() {
        let np = service([
            "type": "NodePort", "clusterIPs": ["10.96.0.20"], "externalIPs": ["1.2.3.4"],
            "ports": [["port": 80, "nodePort": 30080, "protocol": "TCP"], ["port": 53, "nodePort": 30053, "protocol": "UDP"]],
            "selector": ["tier": "web", "app": "x"],
        ])
        let c = cells(np)
        #expect(c[3] == "1.2.3.4")
        #expect(c[4] == "80:30080/TCP,53:30053/UDP")
        #expect(c[6] == "app=x,tier=web")
        let headless = service(["type": "ClusterIP", "clusterIP": "None", "clusterIPs": ["None"], "ports": [["port": 9000]]])
        #expect(cells(headless)[2] == "None")
        #expect(cells(headless)[4] == "9000/TCP")
        let external = service(["type": "ExternalName", "externalName": "db.example.com"])
        #expect(Array(cells(external)[1...4]) == ["ExternalName", "<none>", "db.example.com", "<none>"])
        #expect(cells(external)[6] == "<none>")
    }

    @Test func loadBalancerExternalIP() {
        let pending = service(["type": "LoadBalancer", "clusterIPs": ["10.0.0.1"], "ports": [["port": 443, "nodePort": 31443, "protocol": "TCP"]]])
        #expect(cells(pending)[3] == "<pending>")
        let ready = service(
            ["type": "LoadBalancer", "clusterIPs": ["10.0.0.1"], "externalIPs": ["9.9.9.9"]],
            status: ["loadBalancer": ["ingress": [["ip": "5.6.7.8"], ["hostname": "lb.example.com"], ["ip": "5.6.7.8"]]]])
        #expect(cells(ready)[3] == "5.6.7.8,lb.example.com,9.9.9.9")
    }

    @Test func endpointsListing() {
        func ep(_ subsets: JSON) -> [JSON] {
            TablePrinter.cells(group: "", kind: "Endpoints", object: ["metadata": meta("svc"), "subsets": subsets], now: now)
        }
        #expect(ep([["addresses": [["ip": "10.244.0.5"]], "ports": [["port": 9000]]]]) == ["svc", "10.244.0.5:9000", "5m"])
        let five: JSON = [["addresses": .array((1...5).map { ["ip": .string("10.0.0.\($0)")] }), "ports": [["port": 80]]]]
        #expect(ep(five)[1] == "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...")
        #expect(ep([])[1] == "<none>")
        #expect(ep([["addresses": [["ip": "fd00::1"]], "ports": [["port": 80]]]])[1] == "[fd00::1]:80")
        #expect(ep([["addresses": [["ip": "10.0.0.1"], ["ip": "10.0.0.2"]]]])[1] == "10.0.0.1,10.0.0.2")
    }

    @Test func endpointSliceListing() {
        let slice: JSON = [
            "metadata": meta("svc-abc"), "addressType": "IPv4",
            "ports": [["port": 80, "name": "http"], ["name": "grpc"], [:], ["port": 1], ["port": 2]],
            "endpoints": [["addresses": ["10.0.0.1"]], ["addresses": ["10.0.0.2", "10.0.0.3"]]],
        ]
        let c = TablePrinter.cells(group: "discovery.k8s.io", kind: "EndpointSlice", object: slice, now: now)
        #expect(c == ["svc-abc", "IPv4", "80,grpc,* + 2 more...", "10.0.0.1,10.0.0.2,10.0.0.3", "5m"])
        let empty = TablePrinter.cells(group: "discovery.k8s.io", kind: "EndpointSlice", object: ["metadata": meta("e")], now: now)
        #expect(empty[2] == "<unset>")
        #expect(empty[3] == "<unset>")
    }
}

@Suite("Other built-in printers")
struct BuiltinPrinterTests {
    @Test func deploymentAndReplicaSet() {
        let template: JSON = ["spec": ["containers": [["name": "app", "image": "nginx:1"], ["name": "proxy", "image": "envoy"]]]]
        let d: JSON = [
            "metadata": meta("web"),
            "spec": ["replicas": 3, "selector": ["matchLabels": ["app": "web"], "matchExpressions": [["key": "tier", "operator": "In", "values": ["b", "a"]]]], "template": template],
            "status": ["readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2],
        ]
        #expect(TablePrinter.cells(group: "apps", kind: "Deployment", object: d, now: now)
            == ["web", "2/3", 3, 2, "5m", "app,proxy", "nginx:1,envoy", "app=web,tier in (a,b)"])
        let rs: JSON = ["metadata": meta("web-1"), "spec": ["selector": ["matchLabels": ["app": "web"]], "template": template], "status": ["replicas": 1]]
        #expect(TablePrinter.cells(group: "apps", kind: "ReplicaSet", object: rs, now: now)
            == ["web-1", 1, 1, 0, "5m", "app,proxy", "nginx:1,envoy", "app=web"])
        // A Deployment in another group is not printed as one.
        #expect(TablePrinter.columns(group: "example.com", kind: "Deployment").map(\.name) == ["Name", "Age"])
    }

    @Test func namespaceSecretConfigMapServiceAccountLease() {
        #expect(TablePrinter.cells(group: "", kind: "Namespace", object: ["metadata": meta("tcp-demo", namespace: nil), "status": ["phase": "Terminating"]], now: now)
            == ["tcp-demo", "Terminating", "5m"])
        #expect(TablePrinter.cells(group: "", kind: "Secret", object: ["metadata": meta("s"), "type": "Opaque", "data": ["a": "", "b": ""]], now: now)
            == ["s", "Opaque", 2, "5m"])
        #expect(TablePrinter.cells(group: "", kind: "ConfigMap", object: ["metadata": meta("c"), "data": ["a": "1"], "binaryData": ["b": ""]], now: now)
            == ["c", 2, "5m"])
        #expect(TablePrinter.cells(group: "", kind: "ServiceAccount", object: ["metadata": meta("default")], now: now) == ["default", 0, "5m"])
        #expect(TablePrinter.cells(group: "coordination.k8s.io", kind: "Lease", object: ["metadata": meta("l"), "spec": ["holderIdentity": "osm-1"]], now: now)
            == ["l", "osm-1", "5m"])
        #expect(TablePrinter.cells(group: "admissionregistration.k8s.io", kind: "MutatingWebhookConfiguration", object: ["metadata": meta("w", namespace: nil), "webhooks": [[:], [:]]], now: now)
            == ["w", 2, "5m"])
    }

    @Test func customResourceDefinitionsShowCreatedAt() {
        let crd: JSON = ["metadata": ["name": "meshconfigs.config.openservicemesh.io", "creationTimestamp": "2026-11-29T10:22:15Z"]]
        #expect(TablePrinter.columns(group: "apiextensions.k8s.io", kind: "CustomResourceDefinition").map(\.name) == ["Name", "Created At"])
        #expect(TablePrinter.columns(group: "apiextensions.k8s.io", kind: "CustomResourceDefinition")[1].type == "date")
        #expect(TablePrinter.cells(group: "apiextensions.k8s.io", kind: "CustomResourceDefinition", object: crd, now: now)
            == ["meshconfigs.config.openservicemesh.io", "2026-11-29T10:22:15Z"])
        let offset: JSON = ["metadata": ["name": "x", "creationTimestamp": "2026-11-29T12:22:15+02:00"]]
        #expect(TablePrinter.cells(group: "apiextensions.k8s.io", kind: "CustomResourceDefinition", object: offset, now: now)[1] == "2026-11-29T10:22:15Z")
    }

    @Test func nodes() {
        let node: JSON = [
            "metadata": ["name": "node1", "creationTimestamp": ago(3 * 86_400), "labels": ["node-role.kubernetes.io/control-plane": "", "kubernetes.io/role": "edge", "node-role.kubernetes.io/": "x"]],
            "spec": ["unschedulable": true],
            "status": [
                "conditions": [["type": "MemoryPressure", "status": "False"], ["type": "Ready", "status": "True"]],
                "addresses": [["type": "InternalIP", "address": "172.18.0.2"]],
                "nodeInfo": ["kubeletVersion": "v1.32.0", "osImage": "Debian"],
            ],
        ]
        #expect(TablePrinter.cells(group: "", kind: "Node", object: node, now: now)
            == ["node1", "Ready,SchedulingDisabled", "control-plane,edge", "3d", "v1.32.0", "172.18.0.2", "<none>", "Debian", "<unknown>", "<unknown>"])
        let bare: JSON = ["metadata": ["name": "n2"]]
        let cells = TablePrinter.cells(group: "", kind: "Node", object: bare, now: now)
        #expect(cells[1] == "Unknown")
        #expect(cells[2] == "<none>")
        #expect(cells[3] == "<unknown>")
    }

    @Test func coreEvents() {
        let e: JSON = [
            "metadata": meta("curl.17f"), "type": "Normal", "reason": "Started", "message": "  Started container curl\n",
            "involvedObject": ["kind": "Pod", "name": "curl-7d9c6b8f5-abcde", "fieldPath": "spec.containers{curl}"],
            "source": ["component": "kubelet", "host": "node1"], "firstTimestamp": ago(600), "lastTimestamp": ago(2), "count": 3,
        ]
        #expect(TablePrinter.cells(group: "", kind: "Event", object: e, now: now)
            == ["2s", "Normal", "Started", "pod/curl-7d9c6b8f5-abcde", "spec.containers{curl}", "kubelet, node1", "Started container curl", "10m", 3, "curl.17f"])
        let sparse: JSON = ["metadata": meta("e2"), "involvedObject": ["kind": "Node"], "eventTime": "2026-11-29T11:59:50.123456Z", "reportingComponent": "ctrl"]
        let c = TablePrinter.cells(group: "", kind: "Event", object: sparse, now: now)
        #expect(c[0] == "9s")
        #expect(c[3] == "node")
        #expect(c[5] == "ctrl")
        #expect(c[7] == "9s")
        #expect(c[8] == 1)
        let series: JSON = ["metadata": meta("e3"), "firstTimestamp": ago(100), "series": ["count": 7, "lastObservedTime": ago(4)]]
        let s = TablePrinter.cells(group: "", kind: "Event", object: series, now: now)
        #expect(s[0] == "4s")
        #expect(s[8] == 7)
        let never = TablePrinter.cells(group: "", kind: "Event", object: ["metadata": meta("e4")], now: now)
        #expect(never[0] == "<unknown>")
    }

    @Test func eventsAPIEventsPrintLikeCoreEvents() {
        let e: JSON = [
            "apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": meta("x.1"), "type": "Warning", "reason": "BackOff",
            "note": "Back-off restarting", "regarding": ["kind": "Pod", "name": "p"], "reportingController": "kubelet",
            "reportingInstance": "node1", "eventTime": ago(30), "series": ["count": 4, "lastObservedTime": ago(5)],
        ]
        #expect(TablePrinter.cells(group: "events.k8s.io", kind: "Event", object: e, now: now)
            == ["5s", "Warning", "BackOff", "pod/p", "", "kubelet, node1", "Back-off restarting", "30s", 4, "x.1"])
    }
}

@Suite("Custom resource columns")
struct CustomColumnTests {
    private let object: JSON = [
        "apiVersion": "example.com/v1", "kind": "Widget",
        "metadata": ["name": "w1", "namespace": "default", "creationTimestamp": ago(4 * 3600), "labels": ["app.kubernetes.io/name": "wid"]],
        "spec": ["replicas": 3, "ratio": 1.5, "enabled": true, "tags": ["a", "b"]],
        "status": ["conditions": [["type": "Synced", "status": "False"], ["type": "Ready", "status": "True", "lastTransitionTime": ago(90)]]],
    ]

    @Test func printerColumnsBecomeTypedCells() {
        let columns = [
            PrinterColumn(name: "Replicas", type: "integer", jsonPath: ".spec.replicas"),
            PrinterColumn(name: "Ready", type: "string", description: "Readiness", jsonPath: ".status.conditions[?(@.type==\"Ready\")].status"),
            PrinterColumn(name: "First", type: "string", jsonPath: ".status.conditions[0].type"),
            PrinterColumn(name: "Last", type: "string", jsonPath: ".status.conditions[-1].type"),
            PrinterColumn(name: "App", type: "string", priority: 1, jsonPath: ".metadata.labels['app.kubernetes.io/name']"),
            PrinterColumn(name: "Since", type: "date", jsonPath: ".status.conditions[?(@.type=='Ready')].lastTransitionTime"),
            PrinterColumn(name: "Ratio", type: "number", jsonPath: ".spec.ratio"),
            PrinterColumn(name: "RatioInt", type: "integer", jsonPath: ".spec.ratio"),
            PrinterColumn(name: "On", type: "boolean", jsonPath: ".spec.enabled"),
            PrinterColumn(name: "Count", type: "string", jsonPath: ".spec.replicas"),
            PrinterColumn(name: "Tags", type: "string", jsonPath: ".spec.tags"),
            PrinterColumn(name: "Missing", type: "string", jsonPath: ".spec.nothing.here"),
            PrinterColumn(name: "Mismatch", type: "integer", jsonPath: ".spec.enabled"),
        ]
        let table = TablePrinter.table(group: "example.com", kind: "Widget", objects: [object], resourceVersion: "42", now: now, printerColumns: columns)
        #expect(table["rows"][0]["cells"] == [
            "w1", 3, "True", "Synced", "Ready", "wid", "90s", 1.5, 1, true, "3", "[\"a\",\"b\"]", nil, nil,
        ])
        let defs = table["columnDefinitions"].arrayValue ?? []
        #expect(defs.count == 14)
        #expect(defs[0] == ["name": "Name", "type": "string", "format": "name", "description": .string(TablePrinter.nameDoc), "priority": 0])
        #expect(defs[1]["description"] == "Custom resource definition column (in JSONPath format): .spec.replicas")
        #expect(defs[2]["description"] == "Readiness")
        #expect(defs[5]["priority"] == 1)
        #expect(defs[6]["type"] == "date")
    }

    @Test func noPrinterColumnsMeansAge() {
        let table = TablePrinter.table(group: "example.com", kind: "Widget", objects: [object], resourceVersion: "1", now: now, printerColumns: [])
        #expect((table["columnDefinitions"].arrayValue ?? []).map { $0["name"] } == ["Name", "Age"])
        #expect(table["columnDefinitions"][1]["type"] == "date")
        #expect(table["rows"][0]["cells"] == ["w1", "4h"])
        // Unknown kinds without printer columns print the same way.
        #expect(TablePrinter.cells(group: "example.com", kind: "Widget", object: object, now: now) == ["w1", "4h"])
    }

    @Test func dateCellEdgeCases() {
        #expect(TablePrinter.customCell(type: "date", value: "yesterday", now: now) == "<invalid>")
        #expect(TablePrinter.customCell(type: "date", value: "", now: now) == "<unknown>")
        #expect(TablePrinter.customCell(type: "date", value: "0001-01-01T00:00:00Z", now: now) == "<unknown>")
        #expect(TablePrinter.customCell(type: "date", value: 5, now: now) == nil)
        #expect(TablePrinter.customCell(type: "object", value: "x", now: now) == nil)
    }

    @Test func jsonPathSubset() {
        #expect(TableJSONPath(".a['b.c']")?.evaluate(["a": ["b.c": 1, "b": ["c": 2]]]) == [1])
        #expect(TableJSONPath("{.a.b}")?.evaluate(["a": ["b": "x"]]) == ["x"])
        #expect(TableJSONPath("$.a[*].n")?.evaluate(["a": [["n": 1], ["n": 2]]]) == [1, 2])
        #expect(TableJSONPath(".a[?(@.k!='x')].v")?.evaluate(["a": [["k": "x", "v": 1], ["k": "y", "v": 2], ["v": 3]]]) == [2])
        #expect(TableJSONPath(".a[?(@.n==2)].v")?.evaluate(["a": [["n": 1, "v": "one"], ["n": 2.0, "v": "two"]]]) == ["two"])
        #expect(TableJSONPath(".a[5]")?.evaluate(["a": [1]]) == [])
        #expect(TableJSONPath(".a.b")?.evaluate(["a": "scalar"]) == [])
        for bad in ["spec", ".a..b", ".a[", ".a[x]", ".a[?(@.k~1)]", ".a[?(k==1)]"] {
            #expect(TableJSONPath(bad) == nil, "\(bad)")
        }
    }

    @Test func printerColumnsFromCRD() {
        let crd: JSON = [
            "spec": [
                "versions": [
                    ["name": "v1alpha1", "additionalPrinterColumns": [["name": "Old", "type": "string", "jsonPath": ".spec.old"]]],
                    ["name": "v1", "additionalPrinterColumns": [
                        ["name": "Phase", "type": "string", "jsonPath": ".status.phase", "priority": 1, "description": "phase", "format": "x"],
                        ["name": "Broken", "type": "string"],
                    ]],
                    ["name": "v2"],
                ],
                "additionalPrinterColumns": [["name": "Legacy", "type": "integer", "JSONPath": ".spec.n"]],
            ],
        ]
        #expect(PrinterColumn.columns(crd: crd, version: "v1") == [
            PrinterColumn(name: "Phase", type: "string", format: "x", description: "phase", priority: 1, jsonPath: ".status.phase")
        ])
        #expect(PrinterColumn.columns(crd: crd, version: "v2") == [PrinterColumn(name: "Legacy", type: "integer", jsonPath: ".spec.n")])
        #expect(PrinterColumn.columns(crd: ["spec": [:]], version: "v1").isEmpty)
    }
}

@Suite("Table document")
struct TableDocumentTests {
    @Test func tableShapeAndRowObject() {
        let svc: JSON = [
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": "tcp-echo", "namespace": "tcp-demo", "uid": "u1", "resourceVersion": "1011", "creationTimestamp": ago(0), "labels": ["app": "tcp-echo"]],
            "spec": ["type": "ClusterIP", "clusterIPs": ["10.96.4.9"], "ports": [["port": 9000, "protocol": "TCP"]], "selector": ["app": "tcp-echo"]],
        ]
        let table = TablePrinter.table(group: "", kind: "Service", objects: [svc], resourceVersion: "1012", now: now)
        #expect(table["kind"] == "Table")
        #expect(table["apiVersion"] == "meta.k8s.io/v1")
        #expect(table["metadata"] == ["resourceVersion": "1012"])
        let defs = table["columnDefinitions"].arrayValue ?? []
        #expect(defs.map { $0["name"] } == ["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"])
        #expect(defs.map { $0["priority"] } == [0, 0, 0, 0, 0, 0, 1])
        #expect(defs[0]["format"] == "name")
        #expect(defs[1]["format"] == "")
        let row = table["rows"][0]
        #expect(row["cells"] == ["tcp-echo", "ClusterIP", "10.96.4.9", "<none>", "9000/TCP", "0s", "app=tcp-echo"])
        #expect(row["object"] == ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": svc["metadata"]])
        #expect(row["conditions"].isNull)
    }

    @Test func watchEventsCanOmitColumns() {
        let p = pod(status: ["phase": "Pending"])
        let table = TablePrinter.table(group: "", kind: "Pod", objects: [p], resourceVersion: "", now: now, includeColumns: false)
        #expect(table["columnDefinitions"] == [])
        #expect(table["metadata"] == [:])
        #expect(table["rows"].arrayValue?.count == 1)
        let empty = TablePrinter.table(group: "", kind: "Pod", objects: [], resourceVersion: "5", now: now)
        #expect(empty["rows"] == [])
        #expect(empty["columnDefinitions"].arrayValue?.count == 9)
    }

    @Test func columnSetsMatchUpstream() {
        func names(_ g: String, _ k: String) -> [String] { TablePrinter.columns(group: g, kind: k).map(\.name) }
        #expect(names("", "Pod") == ["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"])
        #expect(TablePrinter.columns(group: "", kind: "Pod").map(\.priority) == [0, 0, 0, 0, 0, 1, 1, 1, 1])
        #expect(names("", "Namespace") == ["Name", "Status", "Age"])
        #expect(names("apps", "Deployment") == ["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"])
        #expect(names("apps", "ReplicaSet") == ["Name", "Desired", "Current", "Ready", "Age", "Containers", "Images", "Selector"])
        #expect(names("", "Event") == ["Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen", "Count", "Name"])
        #expect(TablePrinter.columns(group: "", kind: "Event").filter { $0.priority == 0 }.map(\.name) == ["Last Seen", "Type", "Reason", "Object", "Message"])
        #expect(names("", "ServiceAccount") == ["Name", "Secrets", "Age"])
        #expect(names("", "Secret") == ["Name", "Type", "Data", "Age"])
        #expect(names("", "ConfigMap") == ["Name", "Data", "Age"])
        #expect(names("", "Endpoints") == ["Name", "Endpoints", "Age"])
        #expect(names("discovery.k8s.io", "EndpointSlice") == ["Name", "AddressType", "Ports", "Endpoints", "Age"])
        #expect(names("", "Node") == ["Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime"])
        #expect(names("coordination.k8s.io", "Lease") == ["Name", "Holder", "Age"])
        #expect(names("admissionregistration.k8s.io", "ValidatingWebhookConfiguration") == ["Name", "Webhooks", "Age"])
        #expect(names("config.openservicemesh.io", "MeshConfig") == ["Name", "Age"])
        // Every built-in row has one cell per column.
        let kinds = [("", "Pod"), ("", "Service"), ("", "Namespace"), ("apps", "Deployment"), ("apps", "ReplicaSet"), ("", "Endpoints"),
                     ("discovery.k8s.io", "EndpointSlice"), ("", "ServiceAccount"), ("", "Secret"), ("", "ConfigMap"), ("", "Event"),
                     ("", "Node"), ("coordination.k8s.io", "Lease"), ("apiextensions.k8s.io", "CustomResourceDefinition"),
                     ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"), ("x.io", "Thing")]
        for (g, k) in kinds {
            #expect(TablePrinter.cells(group: g, kind: k, object: ["metadata": meta("o")], now: now).count == TablePrinter.columns(group: g, kind: k).count, "\(k)")
        }
    }
}
