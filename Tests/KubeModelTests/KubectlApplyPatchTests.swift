// Tests of strategic merge patch against the patches kubectl apply really sends for built-in kinds.

import Testing
@testable import KubeModel

private func doc(_ text: String) -> JSON {
    do { return try JSON.parse(text) } catch { fatalError("bad test JSON: \(error)") }
}

/// True when any object key anywhere in `value` is a strategic-merge-patch directive.
private func hasDirective(_ value: JSON) -> Bool {
    switch value {
    case .object(let members):
        return members.contains { key, member in
            key == "$patch" || key == "$retainKeys" || key.hasPrefix("$setElementOrder/")
                || key.hasPrefix("$deleteFromPrimitiveList/") || hasDirective(member)
        }
    case .array(let elements): return elements.contains(where: hasDirective)
    default: return false
    }
}

/// A tcp-echo Deployment as kube-apiserver stores it after create: defaults filled in, status written.
private let storedDeployment = doc(#"""
{"apiVersion":"apps/v1","kind":"Deployment",
 "metadata":{"name":"tcp-echo","namespace":"tcp-demo","uid":"de2b1a31-c9a6-4b45-a6a7-c676bc9f0e82",
   "resourceVersion":"1011","generation":1,"creationTimestamp":"2026-11-29T10:27:00Z",
   "annotations":{"deployment.kubernetes.io/revision":"1","kubectl.kubernetes.io/last-applied-configuration":"old\n"}},
 "spec":{"replicas":1,"selector":{"matchLabels":{"app":"tcp-echo","version":"v1"}},
   "progressDeadlineSeconds":600,"revisionHistoryLimit":10,
   "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
   "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"tcp-echo","version":"v1"}},
     "spec":{"containers":[{"name":"tcp-echo-server","image":"simonkowallik/tcp-echo:v1","imagePullPolicy":"Always",
         "ports":[{"containerPort":9000,"protocol":"TCP"}],"resources":{},
         "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
       "dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},
       "serviceAccount":"tcp-echo","serviceAccountName":"tcp-echo","terminationGracePeriodSeconds":30}}},
 "status":{"observedGeneration":1,"replicas":1,"readyReplicas":1,
   "conditions":[{"type":"Available","status":"True","reason":"MinimumReplicasAvailable"},
                 {"type":"Progressing","status":"True","reason":"NewReplicaSetAvailable"}]}}
"""#)

private let deployments = PatchSchema.builtin(group: "apps", kind: "Deployment")

@Suite struct KubectlApplyPatchTests {
    /// The exact body kubectl 1.32 sent on the second `kubectl apply` of tcp-echo (replicas 1→2, image v1→v2).
    @Test func secondApplyOfTheDeploymentKeepsDefaultedFields() throws {
        let patch = doc(#"""
        {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},\"name\":\"tcp-echo\",\"namespace\":\"tcp-demo\"},\"spec\":{\"replicas\":2,\"selector\":{\"matchLabels\":{\"app\":\"tcp-echo\",\"version\":\"v1\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"tcp-echo\",\"version\":\"v1\"}},\"spec\":{\"containers\":[{\"image\":\"simonkowallik/tcp-echo:v2\",\"imagePullPolicy\":\"Always\",\"name\":\"tcp-echo-server\",\"ports\":[{\"containerPort\":9000}]}],\"serviceAccountName\":\"tcp-echo\"}}}}\n"}},"spec":{"replicas":2,"template":{"spec":{"$setElementOrder/containers":[{"name":"tcp-echo-server"}],"containers":[{"image":"simonkowallik/tcp-echo:v2","name":"tcp-echo-server"}]}}}}
        """#)
        let result = try StrategicMergePatch.apply(patch, to: storedDeployment, schema: deployments)

        var expected = storedDeployment
        expected[["spec", "replicas"]] = 2
        expected[["metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration"]] =
            patch["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"]
        var container = storedDeployment[["spec", "template", "spec", "containers"]].arrayValue![0]
        container["image"] = "simonkowallik/tcp-echo:v2"
        expected[["spec", "template", "spec", "containers"]] = [container]

        #expect(result == expected)
        #expect(!hasDirective(result))
        #expect(result["spec"]["template"]["spec"]["containers"].arrayValue?.first?["ports"]
            == doc(#"[{"containerPort":9000,"protocol":"TCP"}]"#))
        #expect(result["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "1")
        #expect(result["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"].stringValue?.hasSuffix("}\n") == true)
    }

    @Test func secondApplyOfTheServiceAddsALabelAndKeepsDefaults() throws {
        let stored = doc(#"""
        {"apiVersion":"v1","kind":"Service",
         "metadata":{"name":"tcp-echo","namespace":"tcp-demo","labels":{"app":"tcp-echo","service":"tcp-echo"},
           "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"old\n"}},
         "spec":{"clusterIP":"10.96.0.20","clusterIPs":["10.96.0.20"],"type":"ClusterIP","sessionAffinity":"None",
           "ports":[{"appProtocol":"tcp","name":"tcp","port":9000,"protocol":"TCP","targetPort":9000}],
           "selector":{"app":"tcp-echo"}},"status":{"loadBalancer":{}}}
        """#)
        let patch = doc(#"""
        {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"annotations\":{},\"labels\":{\"app\":\"tcp-echo\",\"service\":\"tcp-echo\",\"tier\":\"demo\"},\"name\":\"tcp-echo\",\"namespace\":\"tcp-demo\"},\"spec\":{\"ports\":[{\"appProtocol\":\"tcp\",\"name\":\"tcp\",\"port\":9000}],\"selector\":{\"app\":\"tcp-echo\"}}}\n"},"labels":{"tier":"demo"}}}
        """#)
        let result = try StrategicMergePatch.apply(patch, to: stored, schema: .builtin(group: "", kind: "Service"))
        #expect(result["metadata"]["labels"] == doc(#"{"app":"tcp-echo","service":"tcp-echo","tier":"demo"}"#))
        #expect(result["spec"] == stored["spec"])
        #expect(result["status"] == stored["status"])
    }

    @Test func servicePortsMergeByPort() throws {
        let stored = doc(#"{"spec":{"ports":[{"name":"a","port":80,"protocol":"TCP","targetPort":8080},{"name":"b","port":443,"protocol":"TCP","targetPort":8443}]}}"#)
        let patch = doc(#"{"spec":{"$setElementOrder/ports":[{"port":80},{"port":9000}],"ports":[{"name":"c","port":9000},{"port":443,"$patch":"delete"}]}}"#)
        let result = try StrategicMergePatch.apply(patch, to: stored, schema: .builtin(group: "core", kind: "Service"))
        #expect(result == doc(#"{"spec":{"ports":[{"name":"a","port":80,"protocol":"TCP","targetPort":8080},{"name":"c","port":9000}]}}"#))
    }

    @Test func envVarsMergeByNameInsideTheMergedContainer() throws {
        var stored = storedDeployment
        stored[["spec", "template", "spec", "containers"]] = doc(#"""
        [{"name":"app","image":"a","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]
        """#)
        let patch = doc(#"""
        {"spec":{"template":{"spec":{"containers":[{"name":"app",
          "$setElementOrder/env":[{"name":"A"},{"name":"B"},{"name":"C"}],
          "env":[{"name":"B","value":"two"},{"name":"C","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}]}}}}
        """#)
        let result = try StrategicMergePatch.apply(patch, to: stored, schema: deployments)
        #expect(result[["spec", "template", "spec", "containers"]] == doc(#"""
        [{"name":"app","image":"a","env":[{"name":"A","value":"1"},{"name":"B","value":"two"},
          {"name":"C","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}]
        """#))
        #expect(!hasDirective(result))
    }

    @Test func removingAContainerWithPatchDelete() throws {
        var stored = storedDeployment
        stored[["spec", "template", "spec", "containers"]] = doc(#"""
        [{"name":"app","image":"a"},{"name":"sidecar","image":"envoy"},{"name":"logger","image":"l"}]
        """#)
        let patch = doc(#"""
        {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"app"},{"name":"logger"}],
          "containers":[{"$patch":"delete","name":"sidecar"}]}}}}
        """#)
        let result = try StrategicMergePatch.apply(patch, to: stored, schema: deployments)
        #expect(result[["spec", "template", "spec", "containers"]] == doc(#"[{"name":"app","image":"a"},{"name":"logger","image":"l"}]"#))
        #expect(!hasDirective(result))
    }

    @Test func switchingStrategyToRecreateClearsRollingUpdate() throws {
        let patch = doc(#"{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}}}"#)
        let result = try StrategicMergePatch.apply(patch, to: storedDeployment, schema: deployments)
        #expect(result["spec"]["strategy"] == doc(#"{"type":"Recreate"}"#))
        #expect(result["spec"]["replicas"] == 1)

        let withoutNull = doc(#"{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"#)
        let cleared = try StrategicMergePatch.apply(withoutNull, to: storedDeployment, schema: deployments)
        #expect(cleared["spec"]["strategy"] == doc(#"{"type":"Recreate"}"#))
    }

    @Test func strategyWithoutRetainKeysDirectiveMergesAsTheApiserverDoes() throws {
        let patch = doc(#"{"spec":{"strategy":{"type":"Recreate"}}}"#)
        let result = try StrategicMergePatch.apply(patch, to: storedDeployment, schema: deployments)
        #expect(result["spec"]["strategy"]["type"] == "Recreate")
        #expect(result["spec"]["strategy"]["rollingUpdate"] == doc(#"{"maxSurge":"25%","maxUnavailable":"25%"}"#))
        #expect(deployments[["spec", "strategy"]].retainKeys)
    }

    @Test func volumeSourceSwitchWithRetainKeys() throws {
        let stored = doc(#"{"spec":{"volumes":[{"name":"data","emptyDir":{}},{"name":"cfg","configMap":{"name":"c","defaultMode":420}}]}}"#)
        let patch = doc(#"""
        {"spec":{"$setElementOrder/volumes":[{"name":"data"},{"name":"cfg"}],
          "volumes":[{"$retainKeys":["name","persistentVolumeClaim"],"name":"data","emptyDir":null,"persistentVolumeClaim":{"claimName":"pvc"}}]}}
        """#)
        let result = try StrategicMergePatch.apply(patch, to: stored, schema: .builtin(group: "", kind: "Pod"))
        #expect(result == doc(#"{"spec":{"volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"pvc"}},{"name":"cfg","configMap":{"name":"c","defaultMode":420}}]}}"#))
    }

    @Test func injectedSidecarKeepsItsPlaceAmongTheAppliedContainers() throws {
        var stored = storedDeployment
        stored[["spec", "template", "spec", "containers"]] = doc(#"[{"name":"a","image":"1"},{"name":"envoy","image":"e"},{"name":"b","image":"2"}]"#)
        let patch = doc(#"{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"name":"b","image":"3"}]}}}}"#)
        let result = try StrategicMergePatch.apply(patch, to: stored, schema: deployments)
        #expect(result[["spec", "template", "spec", "containers"]]
            == doc(#"[{"name":"a","image":"1"},{"name":"envoy","image":"e"},{"name":"b","image":"3"}]"#))

        // Reordering: listed containers follow the order list; the server-only one goes before the first listed
        // container that stood after it in the stored list.
        let reorder = doc(#"{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}}}"#)
        let reordered = try StrategicMergePatch.apply(reorder, to: stored, schema: deployments)
        let names = reordered[["spec", "template", "spec", "containers"]].arrayValue?.compactMap { $0["name"].stringValue }
        #expect(names == ["envoy", "b", "a"])
    }

    @Test func thirdApplyWithEmptyPatchChangesNothing() throws {
        #expect(try StrategicMergePatch.apply(doc("{}"), to: storedDeployment, schema: deployments) == storedDeployment)
    }
}
