// Tests of Deployment and ReplicaSet validation.
import Testing
import KubeModel

@Suite struct AdmissionAppsTests {
    @Test func validDeploymentPasses() {
        #expect(admCheck("apps", "Deployment", admDeployment()).isEmpty)
    }

    @Test func selectorMustMatchTemplateLabels() {
        let errs = admCheck("apps", "Deployment", admDeployment(labels: ["app": "other"]))
        #expect(errs == ["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`"])
        let expr: JSON = ["matchExpressions": [["key": "app", "operator": "In", "values": ["web", "api"]]]]
        #expect(admCheck("apps", "Deployment", admDeployment(selector: expr)).isEmpty)
        let notIn: JSON = ["matchExpressions": [["key": "app", "operator": "NotIn", "values": ["web"]]]]
        #expect(admCheck("apps", "Deployment", admDeployment(selector: notIn)).count == 1)
    }

    @Test func selectorRequired() {
        var d = admDeployment()
        d[["spec", "selector"]] = .null
        let errs = admCheck("apps", "Deployment", d)
        #expect(errs.contains("spec.selector: Required value"))
        #expect(errs.contains("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"))
        let empty = admCheck("apps", "Deployment", admDeployment(selector: [:]))
        #expect(empty == ["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"])
    }

    @Test func selectorSyntax() {
        let bad: JSON = ["matchLabels": ["app": "web"], "matchExpressions": [["key": "tier", "operator": "In"]]]
        var d = admDeployment(selector: bad)
        d[["spec", "template", "metadata", "labels"]] = ["app": "web", "tier": "x"]
        #expect(admCheck("apps", "Deployment", d).contains(
            "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"))
    }

    @Test func selectorImmutable() {
        let old = admDeployment()
        let new = admDeployment(labels: ["app": "web", "v": "2"], selector: ["matchLabels": ["app": "web", "v": "2"]])
        #expect(admCheck("apps", "Deployment", new, old: old) == [
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"v\":\"2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable",
        ])
        var scaled = admDeployment()
        scaled[["spec", "replicas"]] = 5
        #expect(admCheck("apps", "Deployment", scaled, old: old).isEmpty)
    }

    @Test func replicasNonNegative() {
        var d = admDeployment()
        d[["spec", "replicas"]] = -1
        #expect(admCheck("apps", "Deployment", d) == ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"])
        d[["spec", "replicas"]] = 0
        #expect(admCheck("apps", "Deployment", d).isEmpty)
    }

    @Test func strategyTypeEnum() {
        var d = admDeployment()
        d[["spec", "strategy"]] = ["type": "BlueGreen"]
        #expect(admCheck("apps", "Deployment", d) == [
            "spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\"",
        ])
        d[["spec", "strategy"]] = ["type": "Recreate", "rollingUpdate": ["maxSurge": 1]]
        #expect(admCheck("apps", "Deployment", d) == [
            "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
        ])
        d[["spec", "strategy"]] = ["type": "Recreate"]
        #expect(admCheck("apps", "Deployment", d).isEmpty)
    }

    @Test func rollingUpdateBounds() {
        var d = admDeployment()
        d[["spec", "strategy"]] = ["rollingUpdate": ["maxUnavailable": 0, "maxSurge": "0%"]]
        #expect(admCheck("apps", "Deployment", d) == [
            "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0",
        ])
        d[["spec", "strategy"]] = ["rollingUpdate": ["maxUnavailable": "110%"]]
        #expect(admCheck("apps", "Deployment", d) == [
            "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"110%\"}: must not be greater than 100%",
        ])
        d[["spec", "strategy"]] = ["rollingUpdate": ["maxSurge": "ten"]]
        #expect(admCheck("apps", "Deployment", d).first?.hasPrefix(
            "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"ten\"}: a valid percent string must be") == true)
        d[["spec", "strategy"]] = ["rollingUpdate": ["maxUnavailable": 0, "maxSurge": 1]]
        #expect(admCheck("apps", "Deployment", d).isEmpty)
    }

    @Test func templateRestartPolicyAlwaysOnly() {
        var d = admDeployment()
        d[["spec", "template", "spec", "restartPolicy"]] = "OnFailure"
        #expect(admCheck("apps", "Deployment", d) == [
            "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"",
        ])
    }

    @Test func templatePodSpecValidated() {
        var d = admDeployment()
        d[["spec", "template", "spec", "containers"]] = [["name": "app"]]
        #expect(admCheck("apps", "Deployment", d) == ["spec.template.spec.containers[0].image: Required value"])
        d[["spec", "template", "spec", "containers"]] = []
        #expect(admCheck("apps", "Deployment", d) == ["spec.template.spec.containers: Required value"])
    }

    @Test func progressDeadlineAfterMinReady() {
        var d = admDeployment()
        d[["spec", "minReadySeconds"]] = 600
        #expect(admCheck("apps", "Deployment", d) == [
            "spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds",
        ])
    }

    @Test func replicaSetSelectorRules() {
        var rs = admDeployment()
        rs["kind"] = "ReplicaSet"
        #expect(admCheck("apps", "ReplicaSet", rs).isEmpty)
        rs[["spec", "template", "metadata", "labels"]] = ["app": "x"]
        #expect(admCheck("apps", "ReplicaSet", rs) == [
            "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`",
        ])
    }
}
