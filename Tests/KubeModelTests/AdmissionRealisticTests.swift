// End-to-end defaulting and validation of realistic mesh workloads (no false rejections, stable re-application).
import Testing
import KubeModel

@Suite struct AdmissionRealisticTests {
    static let injectedPod = """
    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"bookstore-v1-6b8c9d-abcde","namespace":"bookstore",
      "labels":{"app":"bookstore","version":"v1","osm-proxy-uuid":"2f5ad6c1-0a4e-4b5f-9d3e-7c1b2a3f4e5d"},
      "annotations":{"prometheus.io/scrape":"true","prometheus.io/port":"15010"},
      "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"bookstore-v1-6b8c9d","uid":"u-1","controller":true}]},
     "spec":{"serviceAccountName":"bookstore",
      "initContainers":[{"name":"osm-init","image":"openservicemesh/init:v1.2.0","command":["/bin/sh"],
        "args":["-c","iptables-restore --noflush <<EOF\\nCOMMIT\\nEOF"],
        "securityContext":{"capabilities":{"add":["NET_ADMIN"]},"privileged":false}}],
      "containers":[
        {"name":"bookstore","image":"openservicemesh/bookstore:v1.2.0","ports":[{"containerPort":14001,"name":"web"}],
         "env":[{"name":"IDENTITY","value":"bookstore-v1"},{"name":"POD_NS","valueFrom":{"fieldRef":{"fieldPath":"metadata.namespace"}}}],
         "readinessProbe":{"httpGet":{"path":"/osm-readiness-probe","port":15901}},
         "resources":{"limits":{"cpu":"500m","memory":"128Mi"}}},
        {"name":"envoy","image":"envoyproxy/envoy-distroless:v1.22.2","command":["envoy"],
         "args":["--config-path","/etc/envoy/bootstrap.yaml","--log-level","error"],
         "ports":[{"containerPort":15000,"name":"proxy-admin"},{"containerPort":15003,"name":"proxy-inbound"},
                  {"containerPort":15010,"name":"proxy-metrics"}],
         "volumeMounts":[{"name":"envoy-bootstrap-config-volume","mountPath":"/etc/envoy","readOnly":true}],
         "securityContext":{"runAsUser":1500,"allowPrivilegeEscalation":false}}],
      "volumes":[{"name":"envoy-bootstrap-config-volume","secret":{"secretName":"envoy-bootstrap-config-2f5ad6c1"}}]}}
    """

    @Test func injectedPodIsValid() {
        let pod = admFixture(Self.injectedPod)
        #expect(admCheck("", "Pod", pod).isEmpty)
    }

    @Test func defaultsAreIdempotent() {
        var once = admFixture(Self.injectedPod)
        BuiltinDefaults.apply(group: "", kind: "Pod", to: &once)
        var twice = once
        BuiltinDefaults.apply(group: "", kind: "Pod", to: &twice)
        #expect(once == twice)
        var d = admFixture(AdmissionDefaultsTests.tcpEchoDeployment)
        BuiltinDefaults.apply(group: "apps", kind: "Deployment", to: &d)
        var d2 = d
        BuiltinDefaults.apply(group: "apps", kind: "Deployment", to: &d2)
        #expect(d == d2)
    }

    @Test func reapplyingTheSameManifestIsAValidUpdate() {
        let pod = admFixture(Self.injectedPod)
        #expect(admCheck("", "Pod", pod, old: pod).isEmpty)
        let d = admFixture(AdmissionDefaultsTests.tcpEchoDeployment)
        #expect(admCheck("apps", "Deployment", d, old: d).isEmpty)
        var v2 = d
        v2[["spec", "replicas"]] = 2
        v2[["spec", "template", "spec", "containers"]] = [["name": "tcp-echo-server", "image": "simonkowallik/tcp-echo:v2",
                                                            "imagePullPolicy": "Always", "ports": [["containerPort": 9000]]]]
        #expect(admCheck("apps", "Deployment", v2, old: d).isEmpty)
    }

    @Test func meshWebhookConfigurationIsValid() {
        let cfg = admFixture("""
        {"apiVersion":"admissionregistration.k8s.io/v1","kind":"MutatingWebhookConfiguration",
         "metadata":{"name":"osm-webhook-osm","labels":{"app":"osm-injector"}},
         "webhooks":[{"name":"osm-inject.k8s.io","sideEffects":"NoneOnDryRun","admissionReviewVersions":["v1","v1beta1"],
           "clientConfig":{"service":{"name":"osm-injector","namespace":"osm-system","path":"/mutate-pod-creation","port":9090},
                           "caBundle":"LS0tLS1CRUdJTg=="},
           "failurePolicy":"Fail","matchPolicy":"Exact",
           "namespaceSelector":{"matchLabels":{"openservicemesh.io/monitored-by":"osm"},
             "matchExpressions":[{"key":"name","operator":"NotIn","values":["osm-system"]},
                                 {"key":"control-plane","operator":"DoesNotExist"}]},
           "rules":[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}]}]}
        """)
        #expect(admCheck("admissionregistration.k8s.io", "MutatingWebhookConfiguration", cfg).isEmpty)
    }
}
