// Tests that whole objects (Service, Secret, ConfigMap, Deployment, Pod, ServiceAccount) decode to kube's JSON.

import Testing

@testable import KubeModel

@Suite struct ProtobufObjectTests {
    @Test func serviceWithIntAndStringTargetPorts() throws {
        let body = protoEnvelope("v1", "Service") {
            $0.meta(1, name: "tcp-echo", namespace: "tcp-demo", labels: [("app", "tcp-echo")])
            $0.message(2) { spec in
                spec.message(1) { port in
                    port.string(1, "tcp")
                    port.string(2, "TCP")
                    port.int(3, 9000)
                    port.message(4) {
                        $0.int(1, 0)
                        $0.int(2, 9000)
                        $0.string(3, "")
                    }
                    port.int(5, 0)
                }
                spec.message(1) { port in
                    port.string(1, "")
                    port.string(2, "TCP")
                    port.int(3, 80)
                    port.message(4) {
                        $0.int(1, 1)
                        $0.int(2, 0)
                        $0.string(3, "web")
                    }
                    port.int(5, 30080)
                    port.string(6, "http")
                }
                spec.message(1) { port in
                    port.int(3, 81)
                    port.message(4) { $0.int(1, 0) }  // a zero targetPort is left for defaulting
                }
                spec.entry(2, "app", "tcp-echo")
                spec.string(3, "")
                spec.string(4, "NodePort")
                spec.string(7, "")
                spec.int(12, 0)
                spec.bool(13, false)
                spec.string(17, "SingleStack")
                spec.bool(20, false)
            }
            $0.message(3) { $0.message(1) }
        }
        try expectProtoJSON(
            try KubeProtobuf.decode(body),
            #"""
            {"apiVersion":"v1","kind":"Service",
             "metadata":{"name":"tcp-echo","namespace":"tcp-demo","labels":{"app":"tcp-echo"}},
             "spec":{"ports":[{"name":"tcp","protocol":"TCP","port":9000,"targetPort":9000},
                              {"protocol":"TCP","port":80,"targetPort":"web","nodePort":30080,"appProtocol":"http"},
                              {"port":81}],
                     "selector":{"app":"tcp-echo"},"type":"NodePort","ipFamilyPolicy":"SingleStack",
                     "allocateLoadBalancerNodePorts":false},
             "status":{"loadBalancer":{}}}
            """#)
    }

    @Test func secretDataBecomesBase64() throws {
        let body = protoEnvelope("v1", "Secret") {
            $0.meta(1, name: "creds")
            $0.message(2) {
                $0.string(1, "blob")
                $0.bytes(2, [0x00, 0xFF, 0x10])
            }
            $0.message(2) {
                $0.string(1, "password")
                $0.bytes(2, Array("hello".utf8))
            }
            $0.message(2) { $0.string(1, "empty") }
            $0.string(3, "Opaque")
            $0.entry(4, "user", "admin")
        }
        try expectProtoJSON(
            try KubeProtobuf.decode(body),
            #"""
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"creds"},"type":"Opaque",
             "data":{"blob":"AP8Q","password":"aGVsbG8=","empty":""},"stringData":{"user":"admin"}}
            """#)
    }

    @Test func configMapWithBinaryDataAndImmutable() throws {
        let body = protoEnvelope("v1", "ConfigMap") {
            $0.meta(1, name: "cfg")
            $0.entry(2, "app.conf", "port=80\n")
            $0.message(3) {
                $0.string(1, "logo.png")
                $0.bytes(2, [0x89, 0x50, 0x4E, 0x47])
            }
            $0.bool(4, false)
        }
        try expectProtoJSON(
            try KubeProtobuf.decode(body),
            #"""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg"},
             "data":{"app.conf":"port=80\n"},"binaryData":{"logo.png":"iVBORw=="},"immutable":false}
            """#)
    }

    /// A Deployment as `kubectl create deployment` shapes it, plus an env var taken from a fieldRef.
    static let deploymentBody = protoEnvelope("apps/v1", "Deployment") {
        $0.meta(1, name: "web", labels: [("app", "web")])
        $0.message(2) { spec in
            spec.int(1, 0)
            spec.message(2) { $0.entry(1, "app", "web") }
            spec.message(3) { template in
                template.meta(1, name: "", labels: [("app", "web")])
                template.message(2) { pod in
                    pod.message(2) { c in
                        c.string(1, "nginx")
                        c.string(2, "nginx:1.27")
                        c.message(7) { env in
                            env.string(1, "POD_IP")
                            env.string(2, "")
                            env.message(3) { $0.message(1) { ref in
                                ref.string(1, "v1")
                                ref.string(2, "status.podIP")
                            } }
                        }
                        c.message(8)
                        c.string(13, "")
                        c.string(14, "")
                        c.bool(16, false)
                        c.bool(18, false)
                    }
                    pod.string(3, "")
                    pod.string(6, "")
                    pod.string(8, "")
                    pod.bool(11, false)
                }
            }
            spec.message(4) { strategy in
                strategy.string(1, "RollingUpdate")
                strategy.message(2) { rolling in
                    rolling.message(1) { $0.int(1, 0) }
                    rolling.message(2) {
                        $0.int(1, 1)
                        $0.string(3, "25%")
                    }
                }
            }
            spec.int(5, 0)
            spec.bool(7, false)
        }
        $0.message(3)
    }

    @Test func deploymentWithEnvFromFieldRef() throws {
        try expectProtoJSON(
            try KubeProtobuf.decode(Self.deploymentBody),
            #"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},
             "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},
                                 "spec":{"containers":[{"name":"nginx","image":"nginx:1.27","resources":{},
                                   "env":[{"name":"POD_IP","valueFrom":{"fieldRef":{"apiVersion":"v1",
                                                                                    "fieldPath":"status.podIP"}}}]}]}},
                     "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":"25%"}}},
             "status":{}}
            """#)
    }

    @Test func podSpecWithVolumesProbesAndResources() throws {
        let body = protoEnvelope("v1", "Pod") {
            $0.meta(1, name: "p", namespace: "default")
            $0.message(2) { pod in
                pod.message(1) { v in
                    v.string(1, "cfg")
                    v.message(2) { $0.message(19) { cm in
                        cm.message(1) { $0.string(1, "app-config") }
                        cm.int(3, 420)
                    } }
                }
                pod.message(1) { v in
                    v.string(1, "scratch")
                    v.message(2) { $0.message(2) { $0.string(1, "") } }
                }
                pod.message(2) { c in
                    c.string(1, "app")
                    c.string(3, "sh")
                    c.string(3, "-c")
                    c.string(4, "sleep 1")
                    c.message(6) { port in
                        port.string(1, "")
                        port.int(2, 0)
                        port.int(3, 8080)
                        port.string(4, "TCP")
                    }
                    c.message(8) { r in
                        r.message(1) {
                            $0.string(1, "cpu")
                            $0.message(2) { $0.string(1, "500m") }
                        }
                        r.message(2) {
                            $0.string(1, "memory")
                            $0.message(2) { $0.string(1, "64Mi") }
                        }
                    }
                    c.message(9) { m in
                        m.string(1, "cfg")
                        m.bool(2, true)
                        m.string(3, "/etc/cfg")
                    }
                    c.message(11) { probe in
                        probe.message(1) { $0.message(2) { get in
                            get.string(1, "/healthz")
                            get.message(2) { $0.int(2, 8080) }
                        } }
                        probe.int(4, 5)
                        probe.int(6, 0)
                    }
                    c.message(15) { sc in
                        sc.message(1) { $0.string(2, "ALL") }
                        sc.int(4, 1000)
                    }
                }
                pod.string(3, "Always")
                pod.int(4, 30)
                pod.string(6, "ClusterFirst")
                pod.entry(7, "disk", "ssd")
                pod.message(14) { sc in
                    sc.tag(4, 2)
                    sc.varint(2)
                    sc.data += [1, 2]
                    sc.int(4, 3)
                }
                pod.int(25, -5)
            }
            $0.message(3)
        }
        try expectProtoJSON(
            try KubeProtobuf.decode(body),
            #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},
             "spec":{"volumes":[{"name":"cfg","configMap":{"name":"app-config","defaultMode":420}},
                                {"name":"scratch","emptyDir":{}}],
                     "containers":[{"name":"app","command":["sh","-c"],"args":["sleep 1"],
                                    "ports":[{"containerPort":8080,"protocol":"TCP"}],
                                    "resources":{"limits":{"cpu":"500m"},"requests":{"memory":"64Mi"}},
                                    "volumeMounts":[{"name":"cfg","readOnly":true,"mountPath":"/etc/cfg"}],
                                    "readinessProbe":{"httpGet":{"path":"/healthz","port":8080},"periodSeconds":5},
                                    "securityContext":{"capabilities":{"drop":["ALL"]},"runAsUser":1000}}],
                     "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst",
                     "nodeSelector":{"disk":"ssd"},"securityContext":{"supplementalGroups":[1,2,3]},
                     "priority":-5},
             "status":{}}
            """#)
    }

    @Test func objectMetaInFull() throws {
        let body = protoEnvelope("v1", "ServiceAccount") {
            $0.message(1) { m in
                m.string(1, "builder")
                m.string(2, "build-")
                m.string(3, "ci")
                m.string(5, "8d6c1c2e-0000-4000-8000-000000000001")
                m.string(6, "42")
                m.int(7, 3)
                m.message(8) {
                    $0.int(1, 1_700_000_000)
                    $0.int(2, 5)
                }
                m.message(9)
                m.entry(11, "team", "a")
                m.entry(12, "note", "<x & y>")
                m.message(13) { o in
                    o.string(1, "ReplicaSet")
                    o.string(3, "rs")
                    o.string(4, "u-1")
                    o.string(5, "apps/v1")
                    o.bool(6, true)
                    o.bool(7, false)
                }
                m.string(14, "example.com/cleanup")
                m.message(17) { f in
                    f.string(1, "kubectl")
                    f.string(2, "Update")
                    f.message(4) { $0.int(1, 0) }
                    f.string(6, "FieldsV1")
                    f.message(7) { $0.string(1, #"{"f:metadata":{"f:labels":{}}}"#) }
                }
            }
            $0.message(3) { $0.string(1, "registry") }
            $0.bool(4, false)
        }
        try expectProtoJSON(
            try KubeProtobuf.decode(body),
            #"""
            {"apiVersion":"v1","kind":"ServiceAccount",
             "metadata":{"name":"builder","generateName":"build-","namespace":"ci",
                         "uid":"8d6c1c2e-0000-4000-8000-000000000001","resourceVersion":"42","generation":3,
                         "creationTimestamp":"2023-11-14T22:13:20Z","labels":{"team":"a"},
                         "annotations":{"note":"<x & y>"},
                         "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"u-1",
                                             "controller":true,"blockOwnerDeletion":false}],
                         "finalizers":["example.com/cleanup"],
                         "managedFields":[{"manager":"kubectl","operation":"Update","time":"1970-01-01T00:00:00Z",
                                           "fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{}}}}]},
             "imagePullSecrets":[{"name":"registry"}],"automountServiceAccountToken":false}
            """#)
    }

    @Test func laterOccurrencesOfSingularFieldsWin() throws {
        let body = protoEnvelope("v1", "Namespace") {
            $0.message(1) {
                $0.string(1, "first")
                $0.string(1, "second")
                $0.int(7, 4)
                $0.int(7, 0)
            }
        }
        try expectProtoJSON(
            try KubeProtobuf.decode(body), #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"second"}}"#)
    }
}
