import Foundation
import KubeModel
import KubeStorage

/// Compiled label and field selectors of a list or watch request.
struct ListFilter: Sendable {
    var labels: LabelSelector?
    var fields: FieldSelector?
    let group: String
    let kind: String

    init(_ req: APIRequest, _ r: APIResource) throws {
        group = r.group
        kind = r.kind
        if let l = req.query["labelSelector"], !l.isEmpty {
            do { labels = try LabelSelector(parsing: l) } catch { throw APIError.badRequest(error.message) }
        }
        if let f = req.query["fieldSelector"], !f.isEmpty {
            do { fields = try FieldSelector(parsing: f).validated(group: r.group, kind: r.kind) } catch {
                throw APIError.badRequest(error.message)
            }
        }
    }

    func matches(_ obj: JSON) -> Bool {
        if let labels, !labels.matches(obj.labels) { return false }
        if let fields, !fields.matches(FieldSelector.fields(of: obj, group: group, kind: kind)) { return false }
        return true
    }
}

extension APIServerCore {
    func list(_ req: APIRequest, _ r: APIResource, namespace: String?) async throws -> APIResponse {
        let filter = try ListFilter(req, r)
        let (all, rv) = await store.list(collection: r.collection, namespace: r.namespaced ? namespace : nil)
        var items = all.filter(filter.matches)
        // Pagination: `continue` carries the last key returned.
        if let token = req.query["continue"], !token.isEmpty {
            guard let data = Data(base64Encoded: token), let start = String(data: data, encoding: .utf8) else {
                throw APIError.badRequest("continue key is not valid: illegal base64 data")
            }
            items = items.filter { "\($0.namespace)/\($0.name)" > start }
        }
        var cont: String?
        var remaining: Int64?
        if let limitText = req.query["limit"], let limit = Int(limitText), limit > 0, items.count > limit {
            remaining = Int64(items.count - limit)
            items = Array(items.prefix(limit))
            let last = items[items.count - 1]
            cont = Data("\(last.namespace)/\(last.name)".utf8).base64EncodedString()
        }
        items = items.map { served($0, as: r) }
        if req.wantsTable {
            var t = try table(r, items, resourceVersion: String(rv))
            if let cont { t[["metadata", "continue"]] = .string(cont) }
            if let remaining { t[["metadata", "remainingItemCount"]] = .int(remaining) }
            return .ok(t)
        }
        var meta: JSON = ["resourceVersion": .string(String(rv))]
        if let cont { meta["continue"] = .string(cont) }
        if let remaining { meta["remainingItemCount"] = .int(remaining) }
        return .ok(["kind": .string(r.listKind), "apiVersion": .string(r.apiVersion), "metadata": meta,
                    "items": .array(items)])
    }

    /// Renders objects of `r` as a Table, with a CRD's printer columns where it has them.
    func table(_ r: APIResource, _ objects: [JSON], resourceVersion: String, includeColumns: Bool = true) throws -> JSON {
        var columns: [PrinterColumn]?
        if r.isCustom, let custom = registry.custom(group: r.group, version: r.version, resource: r.resource),
            let defs = custom.printerColumns?.arrayValue
        {
            columns = defs.compactMap(PrinterColumn.init(json:))
        }
        return TablePrinter.table(group: r.group, kind: r.kind, objects: objects, resourceVersion: resourceVersion,
                                  now: now, includeColumns: includeColumns, printerColumns: columns)
    }
}
