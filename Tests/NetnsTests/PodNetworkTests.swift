// Pod sandboxes on a bridge that lives in a hub namespace made by the test: two pods reach each
// other by IP, have no route out, and removing a sandbox leaves nothing behind; a pod whose
// setup fails after its sandbox was made leaves none either.
import Foundation
import KubeModel
import LinuxNet
import Logging
import NetPlan
import NodeRuntime
import Testing

@Suite("Pod sandboxes", .serialized, .enabled(if: NetnsFixture.available))
struct PodNetworkTests {
    @Test func sandboxesTalkOverTheBridgeAndLeaveNothingBehind() throws {
        let hub = try NetnsFixture()
        let network = PodNetwork(bridge: "osmtbr0", gateway: "10.244.0.1", bridgeNamespace: hub.name)
        let uids = ["aaaaaaaa-1111-2222-3333-444444444444", "bbbbbbbb-1111-2222-3333-444444444444"]
        defer {
            for uid in uids { network.removeSandbox(podUID: uid) }
            hub.remove()
        }
        try network.ensureBridge()
        try network.ensureBridge()  // idempotent
        let a = try network.createSandbox(podUID: uids[0], address: "10.244.0.2")
        let b = try network.createSandbox(podUID: uids[1], address: "10.244.0.3")
        try network.createSandbox(podUID: uids[0], address: "10.244.0.2")  // repairing an intact one changes nothing
        #expect(network.existingSandboxes().contains(a) && network.existingSandboxes().contains(b))
        let listener = Process()
        listener.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        listener.arguments = ["netns", "exec", b, "/usr/bin/python3", "-c",
                              "import socket\ns=socket.socket(); s.bind(('10.244.0.3',7000)); s.listen(1); s.settimeout(60)\nc,p=s.accept(); c.sendall(('hello '+p[0]).encode()); c.close()"]
        try listener.run()
        defer { if listener.isRunning { kill(listener.processIdentifier, SIGKILL) } }
        var reply = (code: Int32(1), out: "", err: "")
        for _ in 0..<30 {
            reply = try NetnsFixture.run("/usr/sbin/ip", ["netns", "exec", a, "/usr/bin/python3", "-c",
                "import socket\nc=socket.create_connection(('10.244.0.3',7000),timeout=2); print(c.recv(64).decode())"])
            if reply.code == 0 { break }
            usleep(100_000)
        }
        #expect(reply.out == "hello 10.244.0.2\n", "\(reply)")
        // No default route: anything off the pod and service networks is unreachable at once.
        let out = try NetnsFixture.run("/usr/sbin/ip", ["netns", "exec", a, "/usr/bin/python3", "-c",
            "import socket\ntry:\n  socket.create_connection(('192.0.2.1',80),timeout=2)\nexcept OSError as e: print(e.errno)"])
        #expect(out.out == "101\n", "ENETUNREACH: \(out)")
        network.removeSandbox(podUID: uids[0])
        #expect(!network.existingSandboxes().contains(a))
        // Programming a sandbox that is gone is an error naming it (the node logs it), never a crash.
        let route = ServicePortRoute(clusterIP: "10.96.0.20", port: 80, proto: "tcp", endpoints: ["10.244.0.3:7000"])
        #expect { try ServiceRules().apply([route], namespace: a) } throws: { "\($0)".contains(a) }
        let links = try NetnsFixture.run("/usr/sbin/ip", ["-n", hub.name, "link", "show"]).out
        #expect(!links.contains(PodNetwork.hostInterface(podUID: uids[0])), "the veth pair went with the namespace")
        #expect(links.contains(PodNetwork.hostInterface(podUID: uids[1])))
        // The bridge keeps its own MAC whichever ports come and go (pods' ARP entries for the gateway stay valid).
        let bridge = try NetnsFixture.run("/usr/sbin/ip", ["-n", hub.name, "link", "show", "osmtbr0"]).out
        #expect(bridge.contains("link/ether 02:00:0a:f4:00:01"), "\(bridge)")
    }

    @Test func aPodWhoseSetupFailsAfterItsSandboxLeavesNoSandbox() async throws {
        let hub = try NetnsFixture()
        let network = PodNetwork(bridge: "osmtbr0", gateway: "10.244.0.1", bridgeNamespace: hub.name)
        let uid = "cccccccc-1111-2222-3333-444444444444"
        let sandbox = PodNetwork.namespaceName(podUID: uid)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("osm-podsetup-\(getpid())").path
        defer {
            network.removeSandbox(podUID: uid)
            try? FileManager.default.removeItem(atPath: "/etc/netns/\(sandbox)")
            try? FileManager.default.removeItem(atPath: dir)
            hub.remove()
        }
        try network.ensureBridge()
        // The pods directory is under a regular file: the pod's log directory cannot be made, after
        // its network namespace and /etc/netns files were.
        #expect(FileManager.default.createFile(atPath: dir, contents: Data()))
        let runtime = PodRuntime(
            network: network, ipam: try PodIPAM(path: nil),
            catalog: ImageCatalog(busyboxDir: "/nonexistent", binaryDir: "/nonexistent"),
            podsDir: "\(dir)/pods", logger: Logger(label: "test"))
        let pod = try JSON.parse(#"{"metadata": {"name": "p", "namespace": "default", "uid": "\#(uid)"}, "spec": {"containers": []}}"#)
        let error = await #expect(throws: (any Error).self) { try await runtime.ensureRunning(pod) }
        #expect(String(describing: error).contains("\(dir)/pods"), "it failed at the pod's folder, after the sandbox: \(String(describing: error))")
        #expect(!network.existingSandboxes().contains(sandbox), "the namespace made for the pod is gone")
        #expect(!FileManager.default.fileExists(atPath: "/etc/netns/\(sandbox)"))
        #expect(await !runtime.isRunning(uid: uid))
    }
}
