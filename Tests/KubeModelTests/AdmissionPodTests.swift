// Tests of Pod validation on create and update.
import Testing
import KubeModel

@Suite struct AdmissionPodTests {
    func check(_ containers: JSON, extra: [String: JSON] = [:], old: JSON? = nil) -> [String] {
        var pod = admPod(containers: containers)
        for (k, v) in extra { pod[["spec", k]] = v }
        return admCheck("", "Pod", pod, old: old)
    }

    @Test func validPodPasses() {
        #expect(check([["name": "app", "image": "nginx:1.25", "ports": [["containerPort": 80, "name": "http"]],
                        "env": [["name": "A", "value": "1"]],
                        "readinessProbe": ["tcpSocket": ["port": "http"]]]]).isEmpty)
    }

    @Test func atLeastOneContainer() {
        #expect(check([]) == ["spec.containers: Required value"])
    }

    @Test func containerNamesAreUniqueLabels() {
        #expect(check([["name": "app", "image": "a"], ["name": "app", "image": "b"]]) == [
            "spec.containers[1].name: Duplicate value: \"app\"",
        ])
        #expect(check([["name": "App", "image": "a"]]).first?.hasPrefix(
            "spec.containers[0].name: Invalid value: \"App\": a lowercase RFC 1123 label") == true)
        #expect(check([["image": "a"]]).contains("spec.containers[0].name: Required value"))
        let initClash = check([["name": "app", "image": "a"]], extra: ["initContainers": [["name": "app", "image": "b"]]])
        #expect(initClash == ["spec.initContainers[0].name: Duplicate value: \"app\""])
        #expect(check([["name": "app", "image": "a"]], extra: ["initContainers": [["name": "setup", "image": "b"]]]).isEmpty)
    }

    @Test func imageRequired() {
        #expect(check([["name": "app"]]) == ["spec.containers[0].image: Required value"])
        #expect(check([["name": "app", "image": " nginx"]]) == [
            "spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing whitespace",
        ])
    }

    @Test func containerPorts() {
        #expect(check([["name": "app", "image": "a", "ports": [["containerPort": 70000]]]]) == [
            "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
        ])
        #expect(check([["name": "app", "image": "a", "ports": [["name": "p"]]]]) == [
            "spec.containers[0].ports[0].containerPort: Required value",
        ])
        #expect(check([["name": "app", "image": "a", "ports": [["containerPort": 80, "name": "web"],
                                                               ["containerPort": 81, "name": "web"]]]]) == [
            "spec.containers[0].ports[1].name: Duplicate value: \"web\"",
        ])
        #expect(check([["name": "app", "image": "a", "ports": [["containerPort": 80, "protocol": "ICMP"]]]]) == [
            "spec.containers[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
        ])
    }

    @Test func envNames() {
        #expect(check([["name": "app", "image": "a", "env": [["name": "A=B", "value": "x"]]]]) == [
            "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
        ])
        #expect(check([["name": "app", "image": "a", "env": [["value": "x"]]]]) == ["spec.containers[0].env[0].name: Required value"])
        #expect(check([["name": "app", "image": "a", "env": [["name": "my.var-1", "value": "x"]]]]).isEmpty)
        #expect(check([["name": "app", "image": "a", "env": [["name": "X", "valueFrom": [:]]]]]) == [
            "spec.containers[0].env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
        ])
        #expect(check([["name": "app", "image": "a", "env": [["name": "X", "valueFrom": ["fieldRef": ["fieldPath": "spec.bogus"]]]]]]).first?
            .hasPrefix("spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: \"spec.bogus\"") == true)
        #expect(check([["name": "app", "image": "a", "env": [["name": "X", "valueFrom": ["fieldRef": ["fieldPath": "metadata.labels['app']"]]]]]]).isEmpty)
    }

    @Test func volumesAndMounts() {
        let mount: JSON = [["name": "app", "image": "a", "volumeMounts": [["name": "data", "mountPath": "/data"]]]]
        #expect(check(mount) == ["spec.containers[0].volumeMounts[0].name: Invalid value: \"data\": not found"])
        #expect(check(mount, extra: ["volumes": [["name": "data", "emptyDir": [:]]]]).isEmpty)
        #expect(check([["name": "app", "image": "a"]], extra: ["volumes": [["name": "d", "emptyDir": [:]], ["name": "d", "emptyDir": [:]]]]) == [
            "spec.volumes[1].name: Duplicate value: \"d\"",
        ])
        #expect(check([["name": "app", "image": "a"]], extra: ["volumes": [["name": "d", "emptyDir": [:], "hostPath": ["path": "/x"]]]]) == [
            "spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type",
        ])
        #expect(check([["name": "app", "image": "a"]], extra: ["volumes": [["name": "s", "secret": ["defaultMode": 1000]]]]) == [
            "spec.volumes[0].secret.secretName: Required value",
            "spec.volumes[0].secret.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive",
        ])
        let twice: JSON = [["name": "app", "image": "a", "volumeMounts": [["name": "d", "mountPath": "/x"], ["name": "d", "mountPath": "/x"]]]]
        #expect(check(twice, extra: ["volumes": [["name": "d", "emptyDir": [:]]]]) == [
            "spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/x\": must be unique",
        ])
    }

    @Test func restartAndDNSPolicyEnums() {
        #expect(check([["name": "app", "image": "a"]], extra: ["restartPolicy": "Sometimes"]) == [
            "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
        ])
        #expect(check([["name": "app", "image": "a"]], extra: ["restartPolicy": "Never"]).isEmpty)
        #expect(check([["name": "app", "image": "a"]], extra: ["dnsPolicy": "None"]) == [
            "spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None",
        ])
    }

    @Test func probes() {
        #expect(check([["name": "app", "image": "a", "livenessProbe": ["periodSeconds": 5]]]) == [
            "spec.containers[0].livenessProbe: Required value: must specify a handler type",
        ])
        #expect(check([["name": "app", "image": "a", "livenessProbe": ["exec": ["command": ["true"]], "successThreshold": 2]]]) == [
            "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
        ])
        #expect(check([["name": "app", "image": "a", "readinessProbe": ["exec": ["command": ["true"]], "httpGet": ["port": 80]]]]) == [
            "spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type",
        ])
        #expect(check([["name": "app", "image": "a"]], extra: ["initContainers": [["name": "i", "image": "b", "readinessProbe": ["exec": ["command": ["x"]]]]]]) == [
            "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
        ])
    }

    @Test func tolerationsAndScheduling() {
        #expect(check([["name": "app", "image": "a"]], extra: ["tolerations": [["value": "x"]]]) == [
            "spec.tolerations[0].operator: Invalid value: \"\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
        ])
        #expect(check([["name": "app", "image": "a"]], extra: ["tolerations": [["key": "k", "operator": "Exists", "effect": "NoExecute"]]]).isEmpty)
        #expect(check([["name": "app", "image": "a"]], extra: ["activeDeadlineSeconds": 0]) == [
            "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive",
        ])
        #expect(check([["name": "app", "image": "a"]], extra: ["serviceAccountName": "Bad"]).first?.hasPrefix(
            "spec.serviceAccountName: Invalid value: \"Bad\": a lowercase RFC 1123 subdomain") == true)
    }

    @Test func podNameIsSubdomain() {
        #expect(admCheck("", "Pod", admPod("web.v1")).isEmpty)
        #expect(admCheck("", "Pod", admPod("Web")).first?.hasPrefix("metadata.name: Invalid value: \"Web\"") == true)
        var generated = admPod("")
        generated[["metadata", "generateName"]] = "web-"
        #expect(admCheck("", "Pod", generated).isEmpty)
        #expect(admCheck("", "Pod", admPod("")) == ["metadata.name: Required value: name or generateName is required"])
    }

    @Test func metadataLabelsAndAnnotations() {
        var pod = admPod()
        pod[["metadata", "labels"]] = ["app": "a b"]
        pod[["metadata", "annotations"]] = ["bad key!": "x"]
        let errs = admCheck("", "Pod", pod)
        #expect(errs.count == 2)
        #expect(errs[0].hasPrefix("metadata.labels: Invalid value: \"a b\": a valid label must be an empty string"))
        #expect(errs[1].hasPrefix("metadata.annotations: Invalid value: \"bad key!\": name part must consist of"))
        var big = admPod()
        big[["metadata", "annotations"]] = ["k": .string(String(repeating: "x", count: 262_144))]
        #expect(admCheck("", "Pod", big) == ["metadata.annotations: Too long: may not be more than 262144 bytes"])
    }

    @Test func updateMayChangeImage() {
        let old = admPod()
        let new = admPod(containers: [["name": "app", "image": "nginx:1.26"]])
        #expect(admCheck("", "Pod", new, old: old).isEmpty)
    }

    @Test func updateMayNotChangeOtherFields() {
        let old = admPod(containers: [["name": "app", "image": "nginx:1.25", "ports": [["containerPort": 80]]]])
        let new = admPod(containers: [["name": "app", "image": "nginx:1.25", "ports": [["containerPort": 81]]]])
        let errs = admCheck("", "Pod", new, old: old)
        #expect(errs.count == 1)
        #expect(errs.first?.hasPrefix("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n") == true)
        #expect(errs.first?.contains("containers[0].ports[0].containerPort: 81") == true)
    }

    @Test func updateContainerCountAndDeadline() {
        let old = admPod()
        let more = admPod(containers: [["name": "app", "image": "nginx:1.25"], ["name": "b", "image": "x"]])
        #expect(admCheck("", "Pod", more, old: old) == ["spec.containers: Forbidden: pod updates may not add or remove containers"])
        var withDeadline = admPod()
        withDeadline[["spec", "activeDeadlineSeconds"]] = 100
        #expect(admCheck("", "Pod", withDeadline, old: old).isEmpty)
        var longer = admPod()
        longer[["spec", "activeDeadlineSeconds"]] = 200
        #expect(admCheck("", "Pod", longer, old: withDeadline) == [
            "spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value",
        ])
    }

    @Test func updateTolerationsOnlyAdded() {
        var old = admPod()
        old[["spec", "tolerations"]] = [["key": "a", "operator": "Exists", "effect": "NoSchedule"]]
        var added = old
        added[["spec", "tolerations"]] = [["key": "a", "operator": "Exists", "effect": "NoSchedule"],
                                          ["key": "b", "operator": "Exists", "effect": "NoSchedule"]]
        #expect(admCheck("", "Pod", added, old: old).isEmpty)
        var changed = old
        changed[["spec", "tolerations"]] = [["key": "c", "operator": "Exists", "effect": "NoSchedule"]]
        #expect(admCheck("", "Pod", changed, old: old) == [
            "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds",
        ])
    }

    @Test func ephemeralContainersForbiddenOnCreate() {
        var pod = admPod()
        pod[["spec", "ephemeralContainers"]] = [["name": "debug", "image": "busybox"]]
        #expect(admCheck("", "Pod", pod) == ["spec.ephemeralContainers: Forbidden: cannot be set on create"])
    }
}
