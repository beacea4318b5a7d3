// The validating webhook for TrafficTargets (OSM's `osm-validator.k8s.io`): a target must live in
// its destination's namespace, or it is rejected with OSM's message.
import KubeModel

/// Validation of SMI objects at admission.
public enum TrafficTargetValidation {
    /// The AdmissionReview answering `review` (allowed, or denied with OSM's message).
    public static func review(_ review: JSON) -> JSON {
        let request = review["request"]
        var response: JSON = ["uid": request["uid"], "allowed": true]
        if let message = problem(request["object"], namespace: request["namespace"].stringValue) {
            response["allowed"] = false
            response["status"] = ["code": 400, "reason": "BadRequest", "message": .string(message)]
        }
        return ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "response": response]
    }

    /// Why `target` is invalid, or nil.
    public static func problem(_ target: JSON, namespace: String?) -> String? {
        guard target["kind"].stringValue == "TrafficTarget" else { return nil }
        let own = target.namespace.isEmpty ? namespace ?? "" : target.namespace
        let destination = target[["spec", "destination", "namespace"]].stringValue ?? ""
        guard own != destination else { return nil }
        return "The traffic target namespace (\(own)) must match spec.Destination.Namespace (\(destination))"
    }
}
