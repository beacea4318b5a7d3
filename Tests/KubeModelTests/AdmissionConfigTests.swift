// Tests of ConfigMap, Secret, Namespace, ServiceAccount, Endpoints, Lease and generic metadata validation.
import Testing
import KubeModel

@Suite struct AdmissionConfigTests {
    func configMap(_ data: JSON, immutable: Bool? = nil) -> JSON {
        var cm: JSON = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "cfg", "namespace": "default"], "data": data]
        if let immutable { cm["immutable"] = .bool(immutable) }
        return cm
    }

    @Test func configMapKeys() {
        #expect(admCheck("", "ConfigMap", configMap(["good.key": "v"])).isEmpty)
        let errs = admCheck("", "ConfigMap", configMap(["bad/key": "v"]))
        #expect(errs == ["data[bad/key]: Invalid value: \"bad/key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"])
    }

    @Test func configMapSizeLimit() {
        let big = String(repeating: "x", count: 1024 * 1024)
        #expect(admCheck("", "ConfigMap", configMap(["a": .string(big)])).isEmpty)
        #expect(admCheck("", "ConfigMap", configMap(["a": .string(big), "b": "y"])) == [": Too long: may not be more than 1048576 bytes"])
    }

    @Test func immutableConfigMapRejectsDataChanges() {
        let old = configMap(["a": "1"], immutable: true)
        #expect(admCheck("", "ConfigMap", configMap(["a": "2"], immutable: true), old: old) == [
            "data: Forbidden: field is immutable when `immutable` is set",
        ])
        #expect(admCheck("", "ConfigMap", configMap(["a": "1"], immutable: false), old: old) == [
            "immutable: Forbidden: field is immutable when `immutable` is set",
        ])
        var relabelled = configMap(["a": "1"], immutable: true)
        relabelled[["metadata", "labels"]] = ["x": "y"]
        #expect(admCheck("", "ConfigMap", relabelled, old: old).isEmpty)
        #expect(admCheck("", "ConfigMap", configMap(["a": "2"]), old: configMap(["a": "1"])).isEmpty)
    }

    @Test func secretRules() {
        let secret: JSON = ["metadata": ["name": "s", "namespace": "default"], "data": ["tls.crt": "YQ=="], "type": "kubernetes.io/tls"]
        #expect(admCheck("", "Secret", secret) == ["data[tls.key]: Required value"])
        var opaque = secret
        opaque["type"] = .null
        #expect(admCheck("", "Secret", opaque).isEmpty)
        #expect(admCheck("", "Secret", opaque, old: secret) == [
            "type: Invalid value: \"Opaque\": field is immutable",
        ])
        var badKey = opaque
        badKey["data"] = ["a b": "YQ=="]
        #expect(admCheck("", "Secret", badKey).first?.hasPrefix("data[a b]: Invalid value: \"a b\": a valid config key") == true)
        var frozen = opaque
        frozen["immutable"] = true
        var thawed = frozen
        thawed["data"] = ["tls.crt": "Yg=="]
        #expect(admCheck("", "Secret", thawed, old: frozen) == ["data: Forbidden: field is immutable when `immutable` is set"])
    }

    @Test func secretSizeCountsDecodedBytes() {
        // 1 MiB of zero bytes is 1398104 base64 characters; one more byte goes over the limit.
        let exact = String(repeating: "A", count: 1_398_100) + "AA=="
        var s: JSON = ["metadata": ["name": "s"], "data": ["k": .string(exact)]]
        #expect(admCheck("", "Secret", s).isEmpty)
        s["data"] = ["k": .string(exact), "k2": "AA=="]
        #expect(admCheck("", "Secret", s) == ["data: Too long: may not be more than 1048576 bytes"])
    }

    @Test func namespaceNameIsLabel() {
        let ns: JSON = ["metadata": ["name": "tcp-demo"]]
        #expect(admCheck("", "Namespace", ns).isEmpty)
        #expect(admCheck("", "Namespace", ["metadata": ["name": "a.b"]]) == ["metadata.name: Invalid value: \"a.b\": must not contain dots"])
        #expect(admCheck("", "Namespace", ["metadata": ["name": "x"], "spec": ["finalizers": ["custom"]]]) == [
            "spec.finalizers: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified",
        ])
    }

    @Test func serviceAccountName() {
        #expect(admCheck("", "ServiceAccount", ["metadata": ["name": "tcp-echo"]]).isEmpty)
        #expect(admCheck("", "ServiceAccount", ["metadata": ["name": "TCP"]]).first?.hasPrefix(
            "metadata.name: Invalid value: \"TCP\": a lowercase RFC 1123 subdomain") == true)
        #expect(admCheck("", "ServiceAccount", ["metadata": [:]]) == ["metadata.name: Required value: name or generateName is required"])
    }

    @Test func metadataImmutableOnUpdate() {
        let old: JSON = ["metadata": ["name": "a", "namespace": "n", "uid": "1"]]
        let new: JSON = ["metadata": ["name": "a", "namespace": "n", "uid": "2"]]
        #expect(admCheck("", "ServiceAccount", new, old: old) == ["metadata.uid: Invalid value: \"2\": field is immutable"])
        #expect(admCheck("", "ServiceAccount", old, old: old).isEmpty)
    }

    @Test func endpointsRules() {
        let good: JSON = ["metadata": ["name": "e"], "subsets": [["addresses": [["ip": "10.0.0.5"]], "ports": [["port": 80]]]]]
        #expect(admCheck("", "Endpoints", good).isEmpty)
        let bad: JSON = ["metadata": ["name": "e"], "subsets": [["addresses": [["ip": "0.0.0.0"]],
                                                                  "ports": [["port": 80], ["port": 81, "name": "b"]]]]]
        #expect(admCheck("", "Endpoints", bad) == [
            "subsets[0].addresses[0].ip: Invalid value: \"0.0.0.0\": may not be unspecified (0.0.0.0)",
            "subsets[0].ports[0].name: Required value",
        ])
        #expect(admCheck("", "Endpoints", ["metadata": ["name": "e"], "subsets": [[:]]]) == [
            "subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`",
        ])
    }

    @Test func leaseRules() {
        #expect(admCheck("coordination.k8s.io", "Lease", ["metadata": ["name": "l"], "spec": ["leaseDurationSeconds": 15]]).isEmpty)
        #expect(admCheck("coordination.k8s.io", "Lease", ["metadata": ["name": "l"], "spec": ["leaseDurationSeconds": 0]]) == [
            "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
        ])
    }

    @Test func customResourcesGetMetadataChecks() {
        let cr: JSON = ["metadata": ["name": "Bad_Name", "labels": ["ok": "yes"]]]
        #expect(BuiltinValidation.validateMetadata(of: cr, old: nil).count == 1)
        #expect(BuiltinValidation.validate(group: "specs.smi-spec.io", kind: "TCPRoute", object: cr, old: nil).count == 1)
        #expect(BuiltinValidation.validateMetadata(of: ["metadata": ["name": "tcp-echo-route"]], old: nil).isEmpty)
    }

    @Test func rbacNamesArePathSegments() {
        let role: JSON = ["metadata": ["name": "system:osm-controller"]]
        #expect(admCheck("rbac.authorization.k8s.io", "ClusterRole", role).isEmpty)
        #expect(admCheck("rbac.authorization.k8s.io", "ClusterRole", ["metadata": ["name": "a/b%c"]]) == [
            "metadata.name: Invalid value: \"a/b%c\": may not contain '/'",
            "metadata.name: Invalid value: \"a/b%c\": may not contain '%'",
        ])
        #expect(admCheck("rbac.authorization.k8s.io", "Role", ["metadata": ["name": ".."]]) == [
            "metadata.name: Invalid value: \"..\": may not be '..'",
        ])
        // Other kinds keep the DNS subdomain rule.
        #expect(admCheck("", "ConfigMap", role).count == 1)
    }

    @Test func generateNamePrefix() {
        #expect(admCheck("", "ConfigMap", ["metadata": ["generateName": "cfg-"]]).isEmpty)
        #expect(admCheck("", "ConfigMap", ["metadata": ["generateName": "Cfg-"]]).first?.hasPrefix(
            "metadata.generateName: Invalid value: \"Cfg-\": a lowercase RFC 1123 subdomain") == true)
    }

    @Test func errorsCarryKindsForStatusCauses() {
        let errs = BuiltinValidation.validate(group: "", kind: "Service", object: admService(["ports": [["port": 0]]]), old: nil)
        let port = errs.first { $0.field == "spec.ports[0].port" }
        #expect(port?.kind == .invalid)
        #expect(port?.cause == ["reason": "FieldValueInvalid", "message": "Invalid value: 0: must be between 1 and 65535, inclusive",
                                "field": "spec.ports[0].port"])
        #expect(errs.contains { $0.field == "spec.type" && $0.kind == .required })
    }
}
