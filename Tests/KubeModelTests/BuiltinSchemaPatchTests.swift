// Tests of the PatchSchema API and of the built-in table of merge keys and strategies.

import Testing
@testable import KubeModel

private func doc(_ text: String) -> JSON {
    do { return try JSON.parse(text) } catch { fatalError("bad test JSON: \(error)") }
}

@Suite struct BuiltinSchemaPatchTests {
    @Test func schemaPathsAndDefaults() {
        var s = PatchSchema()
        #expect(s[["spec", "anything"]] == PatchSchema())
        s.setStrategy(.merge(key: "name"), at: ["spec", "containers"])
        s.setStrategy(.merge(key: "name"), at: ["spec", "containers", "env"])
        s.setRetainKeys(at: ["spec", "strategy"])
        #expect(s[["spec", "containers"]].strategy == .merge(key: "name"))
        #expect(s[["spec", "containers", "env"]].strategy == .merge(key: "name"))
        #expect(s["spec"]["strategy"].retainKeys)
        #expect(s["spec"].strategy == nil)
        s.setStrategy(.replace, at: ["spec", "containers"])
        #expect(s[["spec", "containers", "env"]].strategy == .merge(key: "name"), "setting a strategy keeps the subtree")
        s[["spec"]] = PatchSchema()
        #expect(s[["spec", "containers"]].strategy == nil, "setting a node replaces the subtree")
    }

    @Test func podTemplateListsInEveryWorkload() {
        let podSpecPaths: [(String, String, [String])] = [
            ("", "Pod", ["spec"]),
            ("", "PodTemplate", ["template", "spec"]),
            ("", "ReplicationController", ["spec", "template", "spec"]),
            ("apps", "Deployment", ["spec", "template", "spec"]),
            ("apps", "ReplicaSet", ["spec", "template", "spec"]),
            ("apps", "StatefulSet", ["spec", "template", "spec"]),
            ("apps", "DaemonSet", ["spec", "template", "spec"]),
            ("batch", "Job", ["spec", "template", "spec"]),
            ("batch", "CronJob", ["spec", "jobTemplate", "spec", "template", "spec"]),
        ]
        for (group, kind, path) in podSpecPaths {
            let spec = PatchSchema.builtin(group: group, kind: kind)[path]
            #expect(spec["containers"].strategy == .merge(key: "name"), "\(kind)")
            #expect(spec["initContainers"].strategy == .merge(key: "name"), "\(kind)")
            #expect(spec["ephemeralContainers"].strategy == .merge(key: "name"), "\(kind)")
            #expect(spec["volumes"].strategy == .merge(key: "name") && spec["volumes"].retainKeys, "\(kind)")
            #expect(spec["imagePullSecrets"].strategy == .merge(key: "name"), "\(kind)")
            #expect(spec["hostAliases"].strategy == .merge(key: "ip"), "\(kind)")
            #expect(spec["topologySpreadConstraints"].strategy == .merge(key: "topologyKey"), "\(kind)")
            #expect(spec["tolerations"].strategy == nil, "\(kind)")
            for list in ["containers", "initContainers", "ephemeralContainers"] {
                let container = spec[list]
                #expect(container["env"].strategy == .merge(key: "name"))
                #expect(container["ports"].strategy == .merge(key: "containerPort"))
                #expect(container["volumeMounts"].strategy == .merge(key: "mountPath"))
                #expect(container["volumeDevices"].strategy == .merge(key: "devicePath"))
                #expect(container["args"].strategy == nil)
            }
        }
    }

    @Test func objectMetaRulesForEveryBuiltinKind() {
        for (group, kind) in [("", "ConfigMap"), ("", "Secret"), ("", "Namespace"), ("", "Endpoints"), ("apps", "Deployment"),
                              ("rbac.authorization.k8s.io", "Role"), ("core", "Service")] {
            let meta = PatchSchema.builtin(group: group, kind: kind)["metadata"]
            #expect(meta["ownerReferences"].strategy == .merge(key: "uid"), "\(kind)")
            #expect(meta["finalizers"].strategy == .mergeSet, "\(kind)")
        }
        let template = PatchSchema.builtin(group: "apps", kind: "Deployment")[["spec", "template", "metadata"]]
        #expect(template["ownerReferences"].strategy == .merge(key: "uid"))
    }

    @Test func kindSpecificRules() {
        #expect(PatchSchema.builtin(group: "", kind: "Service")[["spec", "ports"]].strategy == .merge(key: "port"))
        #expect(PatchSchema.builtin(group: "", kind: "ServiceAccount")["secrets"].strategy == .merge(key: "name"))
        #expect(PatchSchema.builtin(group: "", kind: "ServiceAccount")["imagePullSecrets"].strategy == nil)
        #expect(PatchSchema.builtin(group: "", kind: "Endpoints")["subsets"].strategy == nil)
        #expect(PatchSchema.builtin(group: "", kind: "Node")[["spec", "podCIDRs"]].strategy == .mergeSet)
        #expect(PatchSchema.builtin(group: "", kind: "Node")[["spec", "taints"]].strategy == nil)
        #expect(PatchSchema.builtin(group: "", kind: "Node")[["status", "addresses"]].strategy == .merge(key: "type"))
        #expect(PatchSchema.builtin(group: "", kind: "Pod")[["status", "podIPs"]].strategy == .merge(key: "ip"))
        #expect(PatchSchema.builtin(group: "apps", kind: "Deployment")[["spec", "strategy"]].retainKeys)
        #expect(PatchSchema.builtin(group: "apps", kind: "DaemonSet")[["spec", "updateStrategy"]].retainKeys == false)
        #expect(PatchSchema.builtin(group: "policy", kind: "PodDisruptionBudget")[["spec", "selector"]].strategy == .replace)
        let webhooks = PatchSchema.builtin(group: "admissionregistration.k8s.io", kind: "MutatingWebhookConfiguration")["webhooks"]
        #expect(webhooks.strategy == .merge(key: "name"))
        #expect(webhooks["matchConditions"].strategy == .merge(key: "name"))
        for (group, kind) in [("", "Namespace"), ("", "Service"), ("apps", "Deployment"), ("apps", "StatefulSet"), ("batch", "Job"),
                              ("", "PersistentVolumeClaim"), ("autoscaling", "HorizontalPodAutoscaler")] {
            #expect(PatchSchema.builtin(group: group, kind: kind)[["status", "conditions"]].strategy == .merge(key: "type"), "\(kind)")
        }
    }

    @Test func unknownKindsReplaceEveryList() throws {
        #expect(PatchSchema.builtin(group: "specs.smi-spec.io", kind: "TCPRoute") == PatchSchema())
        #expect(PatchSchema.builtin(group: "", kind: "Deployment") == PatchSchema())
        let stored = doc(#"{"metadata":{"finalizers":["a"]},"spec":{"template":{"spec":{"containers":[{"name":"a","image":"1"}]}}}}"#)
        let patch = doc(#"{"metadata":{"finalizers":["b"]},"spec":{"template":{"spec":{"containers":[{"name":"b"}]}}}}"#)
        let result = try StrategicMergePatch.apply(patch, to: stored, schema: .builtin(group: "example.com", kind: "Widget"))
        #expect(result == patch)
    }

    @Test func finalizersAndOwnerReferencesMergeOnAConfigMap() throws {
        let stored = doc(#"""
        {"metadata":{"name":"c","finalizers":["a/x"],"ownerReferences":[{"uid":"1","kind":"Deployment","name":"d"}]},
         "data":{"k1":"v1","k2":"v2"}}
        """#)
        let patch = doc(#"""
        {"metadata":{"finalizers":["b/y"],"ownerReferences":[{"uid":"2","kind":"ReplicaSet","name":"r"}]},"data":{"k2":null,"k3":"v3"}}
        """#)
        let result = try StrategicMergePatch.apply(patch, to: stored, schema: .builtin(group: "", kind: "ConfigMap"))
        #expect(result == doc(#"""
        {"metadata":{"name":"c","finalizers":["b/y","a/x"],
           "ownerReferences":[{"uid":"2","kind":"ReplicaSet","name":"r"},{"uid":"1","kind":"Deployment","name":"d"}]},
         "data":{"k1":"v1","k3":"v3"}}
        """#))
    }

    @Test func statusConditionsMergeByType() throws {
        let stored = doc(#"{"status":{"conditions":[{"type":"Ready","status":"False"},{"type":"PodScheduled","status":"True"}]}}"#)
        let patch = doc(#"{"status":{"conditions":[{"type":"Ready","status":"True"}]}}"#)
        let result = try StrategicMergePatch.apply(patch, to: stored, schema: .builtin(group: "", kind: "Pod"))
        #expect(result == doc(#"{"status":{"conditions":[{"type":"Ready","status":"True"},{"type":"PodScheduled","status":"True"}]}}"#))
    }
}
