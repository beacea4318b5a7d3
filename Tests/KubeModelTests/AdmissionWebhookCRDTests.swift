// Tests of webhook configuration and CustomResourceDefinition validation.
import Testing
import KubeModel

@Suite struct AdmissionWebhookCRDTests {
    static let group = "admissionregistration.k8s.io"

    func hook(_ overrides: [String: JSON] = [:]) -> JSON {
        var h: JSON = ["name": "sidecar-injector.osm.io", "sideEffects": "None", "admissionReviewVersions": ["v1"],
                       "clientConfig": ["service": ["name": "osm-injector", "namespace": "osm-system", "path": "/mutate-pod-creation"]],
                       "rules": [["operations": ["CREATE"], "apiGroups": [""], "apiVersions": ["v1"], "resources": ["pods"]]]]
        for (k, v) in overrides { h[k] = v }
        return h
    }

    func check(_ hooks: [JSON], kind: String = "MutatingWebhookConfiguration", old: [JSON]? = nil) -> [String] {
        let cfg: JSON = ["metadata": ["name": "osm-webhook-osm"], "webhooks": .array(hooks)]
        let previous: JSON? = old.map { ["metadata": ["name": "osm-webhook-osm"], "webhooks": .array($0)] }
        return admCheck(Self.group, kind, cfg, old: previous)
    }

    @Test func validWebhooksPass() {
        #expect(check([hook()]).isEmpty)
        #expect(check([hook()], kind: "ValidatingWebhookConfiguration").isEmpty)
    }

    @Test func namesNeedThreeSegmentsAndAreUnique() {
        #expect(check([hook(["name": "injector.osm"])]) == [
            "webhooks[0].name: Invalid value: \"injector.osm\": should be a domain with at least three segments separated by dots",
        ])
        #expect(check([hook(["name": ""])]) == ["webhooks[0].name: Required value"])
        #expect(check([hook(), hook()]) == ["webhooks[1].name: Duplicate value: \"sidecar-injector.osm.io\""])
    }

    @Test func clientConfigExactlyOne() {
        #expect(check([hook(["clientConfig": [:]])]) == ["webhooks[0].clientConfig: Required value: exactly one of url or service is required"])
        #expect(check([hook(["clientConfig": ["url": "https://x.example.com/hook", "service": ["name": "a", "namespace": "b"]]])]) == [
            "webhooks[0].clientConfig: Required value: exactly one of url or service is required",
        ])
        #expect(check([hook(["clientConfig": ["url": "http://x.example.com/hook"]])]) == [
            "webhooks[0].clientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme; desired format: https://host[/path]",
        ])
        #expect(check([hook(["clientConfig": ["url": "https://x.example.com/hook"]])]).isEmpty)
        #expect(check([hook(["clientConfig": ["service": ["name": "a", "namespace": "b", "path": "/Bad"]]])]).first?.hasPrefix(
            "webhooks[0].clientConfig.service.path: Invalid value: \"/Bad\": segment[0]: a lowercase RFC 1123 subdomain") == true)
    }

    @Test func sideEffectsRequiredAndRestricted() {
        var noSideEffects = hook()
        noSideEffects["sideEffects"] = .null
        #expect(check([noSideEffects]) == ["webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun"])
        #expect(check([hook(["sideEffects": "Some"])]) == [
            "webhooks[0].sideEffects: Unsupported value: \"Some\": supported values: \"None\", \"NoneOnDryRun\"",
        ])
        #expect(check([hook(["sideEffects": "NoneOnDryRun"])]).isEmpty)
        // A stored configuration that already had side effects may keep them.
        #expect(check([hook(["sideEffects": "Some"])], old: [hook(["sideEffects": "Unknown"])]).isEmpty)
    }

    @Test func admissionReviewVersions() {
        #expect(check([hook(["admissionReviewVersions": []])]) == [
            "webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1",
        ])
        #expect(check([hook(["admissionReviewVersions": ["v2"]])]) == [
            "webhooks[0].admissionReviewVersions: Invalid value: []string{\"v2\"}: must include at least one of v1, v1beta1",
        ])
        #expect(check([hook(["admissionReviewVersions": ["v2", "v1beta1"]])]).isEmpty)
    }

    @Test func rulesNonEmpty() {
        let rule: JSON = ["operations": [], "apiGroups": [], "apiVersions": [], "resources": []]
        #expect(check([hook(["rules": [rule]])]) == [
            "webhooks[0].rules[0].operations: Required value",
            "webhooks[0].rules[0].apiGroups: Required value",
            "webhooks[0].rules[0].apiVersions: Required value",
            "webhooks[0].rules[0].resources: Required value",
        ])
        let badOp: JSON = ["operations": ["PATCH"], "apiGroups": ["*"], "apiVersions": ["*"], "resources": ["*/*"], "scope": "Global"]
        #expect(check([hook(["rules": [badOp]])]) == [
            "webhooks[0].rules[0].operations[0]: Unsupported value: \"PATCH\": supported values: \"*\", \"CONNECT\", \"CREATE\", \"DELETE\", \"UPDATE\"",
            "webhooks[0].rules[0].scope: Unsupported value: \"Global\": supported values: \"*\", \"Cluster\", \"Namespaced\"",
        ])
    }

    @Test func policiesAndTimeout() {
        #expect(check([hook(["failurePolicy": "Retry"])]) == [
            "webhooks[0].failurePolicy: Unsupported value: \"Retry\": supported values: \"Fail\", \"Ignore\"",
        ])
        #expect(check([hook(["timeoutSeconds": 31])]) == [
            "webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds",
        ])
        #expect(check([hook(["timeoutSeconds": 30, "failurePolicy": "Ignore", "matchPolicy": "Exact"])]).isEmpty)
        #expect(check([hook(["reinvocationPolicy": "Always"])]) == [
            "webhooks[0].reinvocationPolicy: Unsupported value: \"Always\": supported values: \"IfNeeded\", \"Never\"",
        ])
    }

    // MARK: CustomResourceDefinition

    func crd(name: String = "meshconfigs.config.openservicemesh.io", group: String = "config.openservicemesh.io",
             versions: JSON? = nil, scope: String = "Namespaced") -> JSON {
        let schema: JSON = ["openAPIV3Schema": ["type": "object"]]
        return ["metadata": ["name": .string(name)],
                "spec": ["group": .string(group), "scope": .string(scope),
                         "names": ["kind": "MeshConfig", "plural": "meshconfigs", "shortNames": ["meshconfig"]],
                         "versions": versions ?? [["name": "v1alpha2", "served": true, "storage": true, "schema": schema]]]]
    }

    @Test func validCRDPasses() {
        #expect(admCheck("apiextensions.k8s.io", "CustomResourceDefinition", crd()).isEmpty)
    }

    @Test func crdNameMustBePluralDotGroup() {
        #expect(admCheck("apiextensions.k8s.io", "CustomResourceDefinition", crd(name: "meshconfig.config.openservicemesh.io")) == [
            "metadata.name: Invalid value: \"meshconfig.config.openservicemesh.io\": must be spec.names.plural+\".\"+spec.group",
        ])
    }

    @Test func crdGroupScopeAndVersions() {
        let errs = admCheck("apiextensions.k8s.io", "CustomResourceDefinition", crd(name: "meshconfigs.", group: "", scope: "Global"))
        #expect(errs.contains("spec.group: Required value"))
        #expect(errs.contains("spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\""))
        let schema: JSON = ["openAPIV3Schema": ["type": "object"]]
        let two: JSON = [["name": "v1", "served": true, "storage": true, "schema": schema],
                         ["name": "v2", "served": true, "storage": true, "schema": schema]]
        #expect(admCheck("apiextensions.k8s.io", "CustomResourceDefinition", crd(versions: two)).first?.hasPrefix(
            "spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{") == true)
        #expect(admCheck("apiextensions.k8s.io", "CustomResourceDefinition", crd(versions: two)).first?.hasSuffix(
            "must have exactly one version marked as storage version") == true)
        let badName: JSON = [["name": "V1", "served": true, "storage": true, "schema": schema]]
        #expect(admCheck("apiextensions.k8s.io", "CustomResourceDefinition", crd(versions: badName)).first?.hasPrefix(
            "spec.versions[0].name: Invalid value: \"V1\": a DNS-1035 label") == true)
        let noSchema: JSON = [["name": "v1", "served": true, "storage": true]]
        #expect(admCheck("apiextensions.k8s.io", "CustomResourceDefinition", crd(versions: noSchema)) == [
            "spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required",
        ])
    }

    @Test func crdNamesRequired() {
        var c = crd()
        c[["spec", "names"]] = ["plural": "meshconfigs"]
        // singular is defaulted from kind, so it is missing too.
        #expect(admCheck("apiextensions.k8s.io", "CustomResourceDefinition", c) == [
            "spec.names.singular: Required value",
            "spec.names.kind: Required value",
            "spec.names.listKind: Required value",
        ])
    }

    @Test func crdGroupAndPluralImmutable() {
        var renamed = crd()
        renamed[["spec", "names", "plural"]] = "meshconfs"
        renamed[["metadata", "name"]] = "meshconfs.config.openservicemesh.io"
        let errs = admCheck("apiextensions.k8s.io", "CustomResourceDefinition", renamed, old: crd())
        #expect(errs.contains("spec.names.plural: Invalid value: \"meshconfs\": field is immutable"))
        #expect(errs.contains("metadata.name: Invalid value: \"meshconfs.config.openservicemesh.io\": field is immutable"))
    }

    @Test func protectedGroupsNeedApproval() {
        let c = crd(name: "widgets.x.k8s.io", group: "x.k8s.io")
        var cc = c
        cc[["spec", "names", "plural"]] = "widgets"
        #expect(admCheck("apiextensions.k8s.io", "CustomResourceDefinition", cc) == [
            "metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation \"api-approved.kubernetes.io\", see https://github.com/kubernetes/enhancements/pull/1111",
        ])
        cc[["metadata", "annotations"]] = ["api-approved.kubernetes.io": "unapproved, experimental"]
        #expect(admCheck("apiextensions.k8s.io", "CustomResourceDefinition", cc).isEmpty)
    }

    @Test func crdWebhookConversionNeedsClientConfig() {
        var c = crd()
        c[["spec", "conversion"]] = ["strategy": "Webhook"]
        #expect(admCheck("apiextensions.k8s.io", "CustomResourceDefinition", c) == [
            "spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook",
            "spec.conversion.conversionReviewVersions: Required value",
        ])
        c[["spec", "conversion"]] = ["strategy": "Webhook", "webhook": ["conversionReviewVersions": ["v1"],
                                                                        "clientConfig": ["service": ["name": "osm-bootstrap", "namespace": "osm-system"]]]]
        #expect(admCheck("apiextensions.k8s.io", "CustomResourceDefinition", c).isEmpty)
    }
}
