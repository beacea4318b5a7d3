// The canonical JSON form of a snapshot: sorted keys, unescaped slashes, so equal configs
// encode to equal bytes (the controller can compare snapshots and skip identical pushes).
import Foundation

extension ProxyConfig {
    /// The encoder for the wire: compact, sorted keys, `/` not escaped.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The canonical JSON bytes of this snapshot.
    public func jsonData() throws -> Data { try Self.encoder.encode(self) }

    /// Decodes a snapshot from JSON bytes (refuses other schemas; see `init(from:)`).
    public init(jsonData: Data) throws {
        self = try JSONDecoder().decode(ProxyConfig.self, from: jsonData)
    }
}
