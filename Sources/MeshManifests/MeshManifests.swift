// MeshManifests: what `osm install` creates — the mesh's CustomResourceDefinitions as YAML files
// (crds/, OSM's groups, kinds, versions, schemas and short names, shipped inside the `osm` binary's
// resource bundle, so exactly the files kept in the repository are applied) and the control plane.
import Foundation

/// The mesh's CRD manifests.
public enum MeshManifests {
    /// The release these manifests belong to (the CLI's and the control plane's version).
    public static let version = "v0.1.0"

    /// The CRD files, by file name, in name order.
    public static func crds() throws -> [(name: String, yaml: String)] {
        guard let dir = Bundle.module.url(forResource: "crds", withExtension: nil) else { throw MeshManifestsError.missingBundle }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        return try names.map { ($0, try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) }
    }
}

/// The resource bundle is not beside the binary.
public enum MeshManifestsError: Error, CustomStringConvertible {
    case missingBundle
    public var description: String { "the mesh's CRD manifests are missing from the osm binary's resource bundle" }
}
