import KubeModel

/// A decoded HTTP request as the API handlers see it.
struct APIRequest: Sendable {
    var method: String
    var path: String
    var query: QueryParameters
    /// Header values by lower-cased name.
    var headers: [String: String]
    var body: [UInt8]

    /// Whether the client asked for a `meta.k8s.io` Table.
    var wantsTable: Bool {
        guard let accept = headers["accept"] else { return false }
        return accept.split(separator: ",").first.map { $0.contains("as=Table") } ?? false
    }

    /// The media type of the body without parameters.
    var contentType: String {
        let ct = headers["content-type"] ?? "application/json"
        return ct.split(separator: ";").first.map { String($0).trimmingSpaces.lowercased() } ?? ct
    }

    /// Whether the request asks for a dry run (`dryRun=All`).
    var dryRun: Bool { query.all("dryRun").contains("All") }
}

/// A streaming body writer for watch and log responses.
protocol StreamSink: Sendable {
    /// Sends bytes to the client now; throws once the client is gone.
    func write(_ bytes: [UInt8]) async throws
}

/// What a handler answers.
enum APIResponse: Sendable {
    /// A JSON document with a status code, optional content type override and `Warning` headers.
    case json(Int, JSON, contentType: String = "application/json", warnings: [String] = [])
    /// Plain bytes.
    case bytes(Int, [UInt8], contentType: String)
    /// A chunked stream.
    case stream(contentType: String, @Sendable (any StreamSink) async throws -> Void)

    static func ok(_ j: JSON, warnings: [String] = []) -> APIResponse { .json(200, j, warnings: warnings) }
    static func error(_ e: APIError) -> APIResponse { .json(e.code, e.status) }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
