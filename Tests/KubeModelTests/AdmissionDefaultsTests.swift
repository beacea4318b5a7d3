// Tests of built-in defaulting against what kube-apiserver stores for the same manifests.
import Testing
import KubeModel

@Suite struct AdmissionDefaultsTests {
    /// The tcp-echo Deployment of the capture manifests, as kubectl sends it.
    static let tcpEchoDeployment = """
    {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"tcp-echo","namespace":"tcp-demo"},
     "spec":{"replicas":1,"selector":{"matchLabels":{"app":"tcp-echo","version":"v1"}},
       "template":{"metadata":{"labels":{"app":"tcp-echo","version":"v1"}},
         "spec":{"serviceAccountName":"tcp-echo","containers":[{"name":"tcp-echo-server",
           "image":"simonkowallik/tcp-echo:v1","imagePullPolicy":"Always","ports":[{"containerPort":9000}]}]}}}}
    """

    @Test func deploymentFromManifestGetsUpstreamDefaults() {
        var d = admFixture(Self.tcpEchoDeployment)
        BuiltinDefaults.apply(group: "apps", kind: "Deployment", to: &d)
        let expected = admFixture("""
        {"replicas":1,"revisionHistoryLimit":10,"progressDeadlineSeconds":600,
         "selector":{"matchLabels":{"app":"tcp-echo","version":"v1"}},
         "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}},
         "template":{"metadata":{"labels":{"app":"tcp-echo","version":"v1"}},
           "spec":{"containers":[{"name":"tcp-echo-server","image":"simonkowallik/tcp-echo:v1","imagePullPolicy":"Always",
               "ports":[{"containerPort":9000,"protocol":"TCP"}],"resources":{},
               "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
             "dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},
             "serviceAccount":"tcp-echo","serviceAccountName":"tcp-echo","terminationGracePeriodSeconds":30}}}
        """)
        #expect(d["spec"] == expected)
        #expect(BuiltinValidation.validate(group: "apps", kind: "Deployment", object: d, old: nil).isEmpty)
    }

    @Test func deploymentDefaultsKeepExplicitValues() {
        var d = admDeployment()
        d[["spec", "replicas"]] = 3
        d[["spec", "strategy"]] = ["type": "Recreate"]
        BuiltinDefaults.apply(group: "apps", kind: "Deployment", to: &d)
        #expect(d["spec"]["replicas"] == 3)
        #expect(d["spec"]["strategy"] == ["type": "Recreate"])
        let c = d["spec"]["template"]["spec"]["containers"].admIndex(0)
        #expect(c["imagePullPolicy"] == "IfNotPresent")
        // Templates get no admission-plugin defaults.
        #expect(d["spec"]["template"]["spec"]["serviceAccountName"].isNull)
        #expect(d["spec"]["template"]["spec"]["enableServiceLinks"].isNull)
        #expect(d["spec"]["template"]["spec"]["tolerations"].isNull)
    }

    @Test func serviceWithOnlyPortGetsTargetPortAndProtocol() {
        var s = admService(["ports": [["port": 9000]], "selector": ["app": "tcp-echo"]])
        BuiltinDefaults.apply(group: "", kind: "Service", to: &s)
        #expect(s["spec"]["ports"] == [["port": 9000, "protocol": "TCP", "targetPort": 9000]])
        #expect(s["spec"]["type"] == "ClusterIP")
        #expect(s["spec"]["sessionAffinity"] == "None")
        #expect(s["spec"]["internalTrafficPolicy"] == "Cluster")
        #expect(s["spec"]["ipFamilyPolicy"] == "SingleStack")
        #expect(s["spec"]["ipFamilies"] == ["IPv4"])
        #expect(s["spec"]["externalTrafficPolicy"].isNull)
        #expect(s["status"] == ["loadBalancer": [:]])
    }

    @Test func serviceTypeSpecificDefaults() {
        var np = admService(["type": "NodePort", "ports": [["port": 80, "targetPort": "http"]]])
        BuiltinDefaults.apply(group: "", kind: "Service", to: &np)
        #expect(np["spec"]["externalTrafficPolicy"] == "Cluster")
        #expect(np["spec"]["ports"].admIndex(0)["targetPort"] == "http")
        #expect(np["spec"]["allocateLoadBalancerNodePorts"].isNull)

        var lb = admService(["type": "LoadBalancer", "ports": [["port": 80]]])
        BuiltinDefaults.apply(group: "", kind: "Service", to: &lb)
        #expect(lb["spec"]["allocateLoadBalancerNodePorts"] == true)
        #expect(lb["spec"]["externalTrafficPolicy"] == "Cluster")

        var ext = admService(["type": "ExternalName", "externalName": "example.com"])
        BuiltinDefaults.apply(group: "", kind: "Service", to: &ext)
        #expect(ext["spec"]["ipFamilies"].isNull)
        #expect(ext["spec"]["ipFamilyPolicy"].isNull)
        #expect(ext["spec"]["internalTrafficPolicy"].isNull)

        var headless = admService(["clusterIP": "None", "ports": [["port": 80]]])
        BuiltinDefaults.apply(group: "", kind: "Service", to: &headless)
        #expect(headless["spec"]["clusterIPs"] == ["None"])
        #expect(headless["spec"]["ipFamilyPolicy"] == "RequireDualStack")

        var v6 = admService(["clusterIP": "fd00::10", "ports": [["port": 80]]])
        BuiltinDefaults.apply(group: "", kind: "Service", to: &v6)
        #expect(v6["spec"]["ipFamilies"] == ["IPv6"])

        var affinity = admService(["sessionAffinity": "ClientIP", "ports": [["port": 80]]])
        BuiltinDefaults.apply(group: "", kind: "Service", to: &affinity)
        #expect(affinity["spec"]["sessionAffinityConfig"] == ["clientIP": ["timeoutSeconds": 10800]])
    }

    @Test func podDefaultsIncludeAdmissionPlugins() {
        var pod = admPod(containers: [["name": "app", "image": "nginx",
                                       "livenessProbe": ["httpGet": ["port": 8080]],
                                       "env": [["name": "NODE", "valueFrom": ["fieldRef": ["fieldPath": "spec.nodeName"]]]],
                                       "resources": ["limits": ["cpu": "1"]]]])
        pod[["spec", "volumes"]] = [["name": "scratch"], ["name": "cfg", "configMap": ["name": "c"]],
                                    ["name": "sec", "secret": ["secretName": "s"]]]
        BuiltinDefaults.apply(group: "", kind: "Pod", to: &pod)
        let spec = pod["spec"]
        #expect(spec["serviceAccountName"] == "default")
        #expect(spec["serviceAccount"] == "default")
        #expect(spec["enableServiceLinks"] == true)
        #expect(spec["priority"] == 0)
        #expect(spec["preemptionPolicy"] == "PreemptLowerPriority")
        #expect(spec["tolerations"] == [
            ["key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
            ["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
        ])
        let c = spec["containers"].admIndex(0)
        #expect(c["imagePullPolicy"] == "Always")
        #expect(c["livenessProbe"] == ["httpGet": ["port": 8080, "path": "/", "scheme": "HTTP"],
                                       "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3])
        #expect(c["env"].admIndex(0)["valueFrom"]["fieldRef"]["apiVersion"] == "v1")
        #expect(c["resources"]["requests"] == ["cpu": "1"])
        #expect(spec["volumes"].admIndex(0)["emptyDir"] == [:])
        #expect(spec["volumes"].admIndex(1)["configMap"]["defaultMode"] == 420)
        #expect(spec["volumes"].admIndex(2)["secret"]["defaultMode"] == 420)
        #expect(BuiltinValidation.validate(group: "", kind: "Pod", object: pod, old: nil).isEmpty)
    }

    @Test func podTolerationsNotDuplicated() {
        var pod = admPod()
        pod[["spec", "tolerations"]] = [["operator": "Exists"]]
        pod[["spec", "priorityClassName"]] = "system-node-critical"
        BuiltinDefaults.apply(group: "", kind: "Pod", to: &pod)
        #expect(pod["spec"]["tolerations"] == [["operator": "Exists"]])
        #expect(pod["spec"]["priority"] == 2_000_001_000)
    }

    @Test func hostNetworkPodGetsHostPorts() {
        var pod = admPod(containers: [["name": "app", "image": "x:1", "ports": [["containerPort": 8080]]]])
        pod[["spec", "hostNetwork"]] = true
        BuiltinDefaults.apply(group: "", kind: "Pod", to: &pod)
        #expect(pod["spec"]["containers"].admIndex(0)["ports"].admIndex(0)["hostPort"] == 8080)
    }

    @Test func imagePullPolicyFollowsTag() {
        #expect(BuiltinDefaults.imagePullPolicy(forImage: "nginx") == "Always")
        #expect(BuiltinDefaults.imagePullPolicy(forImage: "nginx:latest") == "Always")
        #expect(BuiltinDefaults.imagePullPolicy(forImage: "nginx:1.25") == "IfNotPresent")
        #expect(BuiltinDefaults.imagePullPolicy(forImage: "localhost:5000/nginx") == "Always")
        #expect(BuiltinDefaults.imagePullPolicy(forImage: "localhost:5000/nginx:2") == "IfNotPresent")
        #expect(BuiltinDefaults.imagePullPolicy(forImage: "nginx@sha256:abcd") == "IfNotPresent")
    }

    @Test func namespaceSecretAndReplicaSetDefaults() {
        var ns: JSON = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "tcp-demo"]]
        BuiltinDefaults.apply(group: "", kind: "Namespace", to: &ns)
        #expect(ns["spec"] == ["finalizers": ["kubernetes"]])
        #expect(ns["status"] == ["phase": "Active"])
        #expect(ns["metadata"]["labels"] == ["kubernetes.io/metadata.name": "tcp-demo"])

        var secret: JSON = ["metadata": ["name": "s"], "data": ["a": "YQ=="], "stringData": ["b": "hello"]]
        BuiltinDefaults.apply(group: "", kind: "Secret", to: &secret)
        #expect(secret["type"] == "Opaque")
        #expect(secret["data"] == ["a": "YQ==", "b": "aGVsbG8="])
        #expect(secret["stringData"].isNull)

        var rs: JSON = ["metadata": ["name": "r"], "spec": ["template": ["spec": ["containers": [["name": "a", "image": "b"]]]]]]
        BuiltinDefaults.apply(group: "apps", kind: "ReplicaSet", to: &rs)
        #expect(rs["spec"]["replicas"] == 1)
        #expect(rs["spec"]["template"]["spec"]["restartPolicy"] == "Always")

        var ep: JSON = ["metadata": ["name": "e"], "subsets": [["ports": [["port": 80]]]]]
        BuiltinDefaults.apply(group: "", kind: "Endpoints", to: &ep)
        #expect(ep["subsets"].admIndex(0)["ports"].admIndex(0)["protocol"] == "TCP")

        var sa: JSON = ["metadata": ["name": "sa"]]
        BuiltinDefaults.apply(group: "", kind: "ServiceAccount", to: &sa)
        #expect(sa == ["metadata": ["name": "sa"]])
    }

    @Test func webhookAndCRDDefaults() {
        var m: JSON = ["metadata": ["name": "inj"], "webhooks": [[
            "name": "a.b.c", "sideEffects": "None", "admissionReviewVersions": ["v1"],
            "clientConfig": ["service": ["name": "s", "namespace": "n"]],
            "rules": [["operations": ["CREATE"], "apiGroups": [""], "apiVersions": ["v1"], "resources": ["pods"]]],
        ]]]
        BuiltinDefaults.apply(group: "admissionregistration.k8s.io", kind: "MutatingWebhookConfiguration", to: &m)
        let hook = m["webhooks"].admIndex(0)
        #expect(hook["failurePolicy"] == "Fail")
        #expect(hook["matchPolicy"] == "Equivalent")
        #expect(hook["namespaceSelector"] == [:])
        #expect(hook["objectSelector"] == [:])
        #expect(hook["timeoutSeconds"] == 10)
        #expect(hook["reinvocationPolicy"] == "Never")
        #expect(hook["rules"].admIndex(0)["scope"] == "*")
        #expect(hook["clientConfig"]["service"]["port"] == 443)
        #expect(hook["sideEffects"] == "None")

        var v = m
        v["webhooks"] = [["name": "a.b.c"]]
        BuiltinDefaults.apply(group: "admissionregistration.k8s.io", kind: "ValidatingWebhookConfiguration", to: &v)
        #expect(v["webhooks"].admIndex(0)["reinvocationPolicy"].isNull)
        #expect(v["webhooks"].admIndex(0)["sideEffects"].isNull)

        var crd: JSON = ["metadata": ["name": "meshconfigs.config.openservicemesh.io"],
                         "spec": ["group": "config.openservicemesh.io", "names": ["kind": "MeshConfig", "plural": "meshconfigs"],
                                  "versions": [["name": "v1alpha1", "served": true, "storage": false],
                                               ["name": "v1alpha2", "served": true, "storage": true]]]]
        BuiltinDefaults.apply(group: "apiextensions.k8s.io", kind: "CustomResourceDefinition", to: &crd)
        #expect(crd["spec"]["names"]["singular"] == "meshconfig")
        #expect(crd["spec"]["names"]["listKind"] == "MeshConfigList")
        #expect(crd["spec"]["conversion"] == ["strategy": "None"])
        #expect(crd["status"]["storedVersions"] == ["v1alpha2"])
    }

    @Test func unknownKindsAndNonObjectsUntouched() {
        var cr: JSON = ["spec": ["x": 1]]
        BuiltinDefaults.apply(group: "specs.smi-spec.io", kind: "TCPRoute", to: &cr)
        #expect(cr == ["spec": ["x": 1]])
        var s: JSON = "text"
        BuiltinDefaults.apply(group: "", kind: "Pod", to: &s)
        #expect(s == "text")
    }
}
