import KubeModel
import Logging

/// Calls the admission webhooks registered in Mutating/ValidatingWebhookConfigurations.
struct WebhookDispatcher: Sendable {
    let logger: Logger

    /// Runs matching mutating webhooks in order, applying their JSONPatch responses. Returns warnings.
    func mutate(_ obj: inout JSON, old: JSON?, resource: APIResource, operation: AdmissionOperation, dryRun: Bool,
                namespaceLabels: [String: String], core: APIServerCore) async throws -> [String] {
        []
    }

    /// Runs matching validating webhooks; throws the first denial.
    func validate(_ obj: JSON, old: JSON?, resource: APIResource, operation: AdmissionOperation, dryRun: Bool,
                  namespaceLabels: [String: String], core: APIServerCore) async throws {
    }
}
