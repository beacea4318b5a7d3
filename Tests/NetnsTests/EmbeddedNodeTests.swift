// The embedded node end to end with the real kubectl: `osm cluster up` (its pod bridge in a hub
// namespace made by the test) runs a BusyBox Deployment's pods as processes in their own network
// namespaces — Running with pod IPs, exec, logs, pod-to-pod TCP, CrashLoopBackOff, ErrImagePull —
// and deleting them, or stopping the cluster, leaves no namespace and no process behind.
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Embedded node with kubectl", .serialized, .enabled(if: NetnsFixture.available))
struct EmbeddedNodeTests {
    static let manifests = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: sleeper}
        spec:
          replicas: 2
          selector: {matchLabels: {app: sleeper}}
          template:
            metadata: {labels: {app: sleeper}}
            spec:
              containers:
              - name: main
                image: busybox:1.36
                command: ["/bin/sleep", "3600"]
                env:
                - {name: MY_POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: server, labels: {app: server}}
        spec:
          volumes:
          - {name: config, configMap: {name: greeting}}
          containers:
          - name: main
            image: busybox
            command: ["sh", "-c", "while true; do echo hi-from-server | nc -l -p 7000; done"]
            volumeMounts: [{name: config, mountPath: /config}]
            env:
            - {name: FROM_SECRET, valueFrom: {secretKeyRef: {name: creds, key: password}}}
            envFrom:
            - {configMapRef: {name: greeting}, prefix: CM_}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: greeting}
        data: {greeting: hello from a configmap}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: creds}
        stringData: {password: s3cret}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: server}
        spec:
          selector: {app: server}
          ports: [{name: tcp, port: 80, targetPort: 7000}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: nobody}
        spec:
          selector: {app: nobody}
          ports: [{port: 81}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: probed}
        spec:
          containers:
          - name: main
            image: busybox
            command: ["sh", "-c", "sleep 2; while true; do echo ok | nc -l -p 8080; done"]
            readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: flaky, labels: {app: flaky}}
        spec:
          volumes: [{name: data, emptyDir: {}}]
          containers:
          - name: main
            image: busybox
            command: ["sleep", "3600"]
            volumeMounts: [{name: data, mountPath: /data}]
            readinessProbe: {exec: {command: ["cat", "/data/ready"]}, periodSeconds: 1, failureThreshold: 1}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: flaky}
        spec:
          selector: {app: flaky}
          ports: [{port: 80}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: unhealthy}
        spec:
          containers:
          - name: main
            image: busybox
            command: ["sleep", "3600"]
            livenessProbe: {exec: {command: ["false"]}, periodSeconds: 1, failureThreshold: 1}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: hostnet}
        spec:
          hostNetwork: true
          containers:
          - {name: main, image: busybox, command: ["sleep", "3600"]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: crash}
        spec:
          containers:
          - {name: main, image: busybox, command: ["sh", "-c", "echo starting; exit 3"]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: noimage}
        spec:
          containers:
          - {name: main, image: "nginx:1.25"}
        """

    @Test func podsRunAsProcessesInTheirOwnNamespaces() throws {
        let before = Set(try NetnsFixture.run("/usr/sbin/ip", ["netns", "list"]).out.split(separator: "\n").map(String.init))
        let cluster = try NodeCluster("osm-node")
        defer { cluster.tearDown() }
        var r = (code: Int32(0), out: "", err: "")
        func kubectl(_ args: String..., stdin: String? = nil) throws -> (code: Int32, out: String, err: String) {
            guard let stdin else { return try cluster.kubectl(args) }
            let file = cluster.dir + "/input.yaml"
            try stdin.write(toFile: file, atomically: true, encoding: .utf8)
            return try cluster.kubectl(args.map { $0 == "-" ? file : $0 })
        }
        func eventually(_ what: String, seconds: Int = 30, _ check: () throws -> Bool) throws {
            if try !cluster.eventually(what, seconds: seconds, check) { Issue.record("timed out: \(what)") }
        }
        r = try kubectl("apply", "-f", "-", stdin: Self.manifests)
        #expect(r.code == 0, "\(r)")
        try eventually("2 available sleepers") {
            try kubectl("get", "deploy", "sleeper", "-o", "jsonpath={.status.availableReplicas}").out == "2"
        }
        try eventually("server running") { try kubectl("get", "pod", "server", "--no-headers").out.contains("1/1   Running") }
        let pods = try kubectl("get", "pods", "-l", "app=sleeper", "-o", "jsonpath={.items[*].status.podIP}").out
        #expect(pods.split(separator: " ").allSatisfy { $0.hasPrefix("10.244.") } && pods.split(separator: " ").count == 2, "\(pods)")

        r = try kubectl("exec", "deploy/sleeper", "--", "sh", "-c", "echo hello $MY_POD_IP")
        #expect(r.code == 0 && r.out.hasPrefix("hello 10.244."), "\(r)")
        // The pod's own host name, its service-account files, and a ConfigMap volume.
        r = try kubectl("exec", "server", "--", "sh", "-c",
                        "hostname; cat /var/run/secrets/kubernetes.io/serviceaccount/namespace; echo; head -c 27 /var/run/secrets/kubernetes.io/serviceaccount/ca.crt; echo; cat /config/greeting; echo; test -s /var/run/secrets/kubernetes.io/serviceaccount/token && echo token")
        #expect(r.out == "server\ndefault\n-----BEGIN CERTIFICATE-----\nhello from a configmap\ntoken\n", "\(r)")
        r = try kubectl("exec", "server", "--", "sh", "-c", "echo $FROM_SECRET $CM_greeting")
        #expect(r.out == "s3cret hello from a configmap\n", "environment from a Secret and a ConfigMap: \(r)")
        let serverIP = try kubectl("get", "pod", "server", "-o", "jsonpath={.status.podIP}").out
        var answer = (code: Int32(1), out: "", err: "")
        for _ in 0..<20 {
            answer = try kubectl("exec", "deploy/sleeper", "--", "sh", "-c", "nc \(serverIP) 7000 </dev/null")
            if answer.out.contains("hi-from-server") { break }
            usleep(200_000)
        }
        #expect(answer.out == "hi-from-server\n", "pod-to-pod TCP over the bridge: \(answer)")

        // ClusterIP routing: the Service's port reaches the pod's target port; one without endpoints refuses at once.
        let clusterIP = try kubectl("get", "svc", "server", "-o", "jsonpath={.spec.clusterIP}").out
        for _ in 0..<30 {
            answer = try kubectl("exec", "deploy/sleeper", "--", "sh", "-c", "nc \(clusterIP) 80 </dev/null")
            if answer.out.contains("hi-from-server") { break }
            usleep(200_000)
        }
        #expect(answer.out == "hi-from-server\n", "ClusterIP \(clusterIP):80 → server:7000: \(answer)")
        // Cluster DNS: the short name (search path) and the full name resolve to the ClusterIP.
        for name in ["server", "server.default.svc.cluster.local"] {
            for _ in 0..<30 {
                answer = try kubectl("exec", "deploy/sleeper", "--", "sh", "-c", "nc \(name) 80 </dev/null")
                if answer.out.contains("hi-from-server") { break }
                usleep(200_000)
            }
            #expect(answer.out == "hi-from-server\n", "\(name):80 through cluster DNS: \(answer)")
        }
        let lookupAt = Date()
        let external = try kubectl("exec", "deploy/sleeper", "--", "nslookup", "example.com")
        #expect(external.code != 0 && Date().timeIntervalSince(lookupAt) < 5, "names outside the cluster fail fast: \(external)")
        let nobody = try kubectl("get", "svc", "nobody", "-o", "jsonpath={.spec.clusterIP}").out
        let refusedAt = Date()
        let refused = try kubectl("exec", "deploy/sleeper", "--", "sh", "-c", "nc \(nobody) 81 </dev/null")
        #expect(refused.code != 0 && Date().timeIntervalSince(refusedAt) < 5, "no endpoints: refused at once: \(refused)")

        // An in-cluster client: the service-account token and CA reach the API server at 10.96.0.1:443.
        let client = """
            import json, ssl, urllib.request
            d = '/var/run/secrets/kubernetes.io/serviceaccount/'
            ctx = ssl.create_default_context(cafile=d + 'ca.crt')
            req = urllib.request.Request('https://10.96.0.1/api/v1/namespaces/default/pods/server',
                                         headers={'Authorization': 'Bearer ' + open(d + 'token').read()})
            print(json.load(urllib.request.urlopen(req, context=ctx))['metadata']['name'])
            """
        r = try kubectl("exec", "server", "--", "/usr/bin/python3", "-c", client)
        #expect(r.code == 0 && r.out == "server\n", "in-cluster API access: \(r)")

        // A hostNetwork pod sees the node's own interfaces.
        try eventually("hostnet running") { try kubectl("get", "pod", "hostnet", "--no-headers").out.contains("1/1   Running") }
        let nodeInterfaces = try String(contentsOfFile: "/proc/net/dev", encoding: .utf8).split(separator: "\n").dropFirst(2)
            .compactMap { $0.split(separator: ":").first?.trimmingCharacters(in: .whitespaces) }.sorted()
        r = try kubectl("exec", "hostnet", "--", "sh", "-c", "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort")
        #expect(r.out.split(separator: "\n").map(String.init) == nodeInterfaces, "\(r) vs \(nodeInterfaces)")

        // Probes: readiness follows the port opening; a failing liveness probe restarts the container.
        try eventually("probed pod ready") { try kubectl("get", "pod", "probed", "--no-headers").out.contains("1/1   Running") }
        // A failing readiness probe takes the pod out of its Service's endpoints, and back in when it passes.
        func flakyReady() throws -> String {
            try kubectl("get", "endpoints", "flaky", "-o", "jsonpath={.subsets[*].addresses[*].ip}").out
        }
        #expect(try kubectl("exec", "flaky", "--", "touch", "/data/ready").code == 0)
        try eventually("flaky in endpoints") { try flakyReady().hasPrefix("10.244.") }
        #expect(try kubectl("exec", "flaky", "--", "rm", "/data/ready").code == 0)
        try eventually("flaky out of endpoints") { try flakyReady().isEmpty }
        try eventually("liveness restart") {
            (Int(try kubectl("get", "pod", "unhealthy", "-o", "jsonpath={.status.containerStatuses[0].restartCount}").out) ?? 0) >= 1
        }

        try eventually("crash loop") { try kubectl("get", "pod", "crash", "--no-headers").out.contains("CrashLoopBackOff") }
        try eventually("BackOff and Unhealthy events") {
            let events = try kubectl("get", "events", "-o", "jsonpath={range .items[*]}{.reason}{\" \"}{.involvedObject.name}{\"\\n\"}{end}").out
            return events.contains("BackOff crash") && events.contains("Unhealthy unhealthy") && events.contains("Started server")
        }
        r = try kubectl("logs", "crash")
        #expect(r.out.hasPrefix("starting\n"), "\(r)")
        // --previous shows the instance before the current one; --timestamps prefixes RFC3339 times.
        try eventually("crash restarted", seconds: 40) {
            (Int(try kubectl("get", "pod", "crash", "-o", "jsonpath={.status.containerStatuses[0].restartCount}").out) ?? 0) >= 1
        }
        r = try kubectl("logs", "crash", "--previous")
        #expect(r.code == 0 && r.out == "starting\n", "\(r)")
        r = try kubectl("logs", "crash", "--timestamps", "--tail=1")
        #expect(r.out.range(of: #"^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z starting\n$"#, options: .regularExpression) != nil, "\(r)")
        r = try kubectl("logs", "server", "--previous")
        #expect(r.code != 0 && r.err.contains("previous terminated container \"main\" in pod \"server\" not found"), "\(r)")
        // An unknown image: ErrImagePull, then ImagePullBackOff between attempts; the event says how to
        // register it, and once registered in images.json the next attempt starts the pod.
        // (ErrImagePull shows for the moment of each attempt, so a slow run may only ever see the back-off.)
        try eventually("image pull error") {
            let row = try kubectl("get", "pod", "noimage", "--no-headers").out
            return row.contains("ErrImagePull") || row.contains("ImagePullBackOff")
        }
        try eventually("image pull back-off") { try kubectl("get", "pod", "noimage", "--no-headers").out.contains("ImagePullBackOff") }
        r = try kubectl("get", "events", "-o", "jsonpath={.items[*].message}")
        #expect(r.out.contains("images.json"), "the event says how to register the image: \(r)")
        let registered = #"{"nginx": {"path": ["\#(cluster.dir)/images/busybox/bin"], "entrypoint": ["sleep"], "cmd": ["3600"]}}"#
        try registered.write(toFile: cluster.dir + "/images.json", atomically: true, encoding: .utf8)

        // Deleting the Deployment stops its pods at once (SIGTERM reaches the app) and removes their namespaces.
        let uids = try kubectl("get", "pods", "-l", "app=sleeper", "-o", "jsonpath={.items[*].metadata.uid}").out
            .split(separator: " ").map { "osm-" + $0.replacingOccurrences(of: "-", with: "").prefix(12) }
        let started = Date()
        r = try kubectl("delete", "deploy", "sleeper")
        try eventually("sleeper pods gone") {
            try kubectl("get", "pods", "-l", "app=sleeper", "--no-headers").out.isEmpty
        }
        #expect(Date().timeIntervalSince(started) < 15, "SIGTERM ended the pods well before the 30 s grace period")
        let namespaces = try NetnsFixture.run("/usr/sbin/ip", ["netns", "list"]).out
        #expect(uids.count == 2 && uids.allSatisfy { !namespaces.contains($0) }, "\(uids) in \(namespaces)")

        // The next attempt comes when the current back-off ends (at most 160 s).
        try eventually("registered image runs", seconds: 200) {
            try kubectl("get", "pod", "noimage", "--no-headers").out.contains("1/1   Running")
        }

        r = try cluster.down()
        #expect(r.code == 0, "\(r)")
        let after = Set(try NetnsFixture.run("/usr/sbin/ip", ["netns", "list"]).out.split(separator: "\n").map(String.init))
        let leftovers = after.subtracting(before).filter { $0.hasPrefix("osm-") }
        #expect(leftovers.isEmpty, "every sandbox is removed when the cluster stops: \(leftovers)")
        if !leftovers.isEmpty { print(cluster.logTail()) }
    }
}

@Suite("kubectl rollout on the embedded node", .serialized, .enabled(if: NetnsFixture.available))
struct RolloutTests {
    @Test func setImageRollsAndUndoReturnsToTheFirstReplicaSet() throws {
        let cluster = try NodeCluster("osm-roll")
        defer { cluster.tearDown() }
        var r = (code: Int32(0), out: "", err: "")
        func kubectl(_ args: String...) throws -> (code: Int32, out: String, err: String) { try cluster.kubectl(args) }
        #expect(try kubectl("create", "deployment", "web", "--image=busybox", "--replicas=2", "--", "sleep", "3600").code == 0)
        r = try kubectl("rollout", "status", "deploy/web", "--timeout=60s")
        #expect(r.out.contains("successfully rolled out"), "\(r)")
        let first = try kubectl("get", "rs", "-o", "jsonpath={.items[0].metadata.name}").out
        // Every state of the Service's Endpoints during the rolling update is watched: none may be empty.
        #expect(try kubectl("expose", "deployment", "web", "--port=80").code == 0)
        #expect(try cluster.eventually("web endpoints") {
            try kubectl("get", "endpoints", "web", "-o", "jsonpath={.subsets[*].addresses[*].ip}").out.split(separator: " ").count == 2
        })
        let watch = Process()
        watch.executableURL = URL(fileURLWithPath: NodeCluster.kubectlPath)
        watch.arguments = ["--kubeconfig", cluster.dir + "/admin.kubeconfig", "get", "endpoints", "web", "-w",
                           "-o", #"jsonpath={.metadata.resourceVersion}={.subsets[*].addresses[*].ip}{"\n"}"#]
        let watched = Pipe()
        watch.standardOutput = watched
        try watch.run()
        // The update starts once the watch printed the current state (it lists before it watches).
        var seen = Data()
        while !seen.contains(UInt8(ascii: "\n")) {
            let more = watched.fileHandleForReading.availableData
            if more.isEmpty { break }
            seen.append(more)
        }
        #expect(try kubectl("set", "image", "deploy/web", "busybox=busybox:1.36").code == 0)
        r = try kubectl("rollout", "status", "deploy/web", "--timeout=60s")
        #expect(r.out.contains("successfully rolled out"), "\(r)")
        usleep(500_000)
        watch.terminate()
        watch.waitUntilExit()
        let states = String(decoding: seen + watched.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").map { $0.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false) }
        #expect(states.count > 2, "the watch saw the update: \(states)")
        #expect(states.allSatisfy { $0.count == 2 && !$0[1].isEmpty }, "a ready endpoint at every moment: \(states)")
        #expect(try kubectl("rollout", "undo", "deploy/web").code == 0)
        r = try kubectl("rollout", "status", "deploy/web", "--timeout=60s")
        #expect(r.out.contains("successfully rolled out"), "\(r)")
        r = try kubectl("rollout", "history", "deploy/web")
        #expect(r.out.contains("2         <none>") && r.out.contains("3         <none>") && !r.out.contains("1         <none>"), "\(r)")
        r = try kubectl("get", "rs", first, "-o", "jsonpath={.spec.replicas} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}")
        #expect(r.out == "2 3", "the first ReplicaSet serves again, as revision 3: \(r)")
    }
}
