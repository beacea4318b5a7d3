// The leader's chore: a Warning Event on each policy object the mesh ignores (or that admits nobody), once per
// object and message while it stays so; followers only keep the current notices in case they come to lead.
import KubeClient
import KubeModel
import MeshPolicy

/// Writes policy notices as Events while this replica leads.
public actor PolicyEventWriter {
    private let recorder: EventRecorder
    private var notices: [PolicyNotice] = []
    private var written: Set<PolicyNotice> = []
    private var leading = false

    /// A writer reporting as `osm-controller`.
    public init(client: KubeClient) {
        recorder = EventRecorder(client: client, component: "osm-controller")
    }

    /// The notices of the latest snapshot.
    public func update(_ next: [PolicyNotice]) async {
        notices = next
        written.formIntersection(Set(next))  // a notice that went away is written again if it comes back
        await flush()
    }

    /// Leadership changed.
    public func setLeading(_ value: Bool) async {
        leading = value
        if !value { written = [] }
        await flush()
    }

    private func flush() async {
        guard leading else { return }
        for notice in notices where !written.contains(notice) {
            // Each write suspends: leadership may have been lost meanwhile.
            guard leading else { return }
            written.insert(notice)
            await recorder.record(notice.involvedObject, type: "Warning", reason: notice.reason, message: notice.message)
        }
    }
}
