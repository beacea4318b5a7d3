// Images without a container engine: an image reference names a program environment on this
// machine — BusyBox's applets for `busybox` and `curlimages/curl`, the project's own binaries
// for its images — plus whatever users register in `<data-dir>/images.json`.
import Foundation

/// One runnable image: where its programs are found and what runs when a container names no command.
public struct CatalogImage: Sendable, Equatable, Codable {
    /// Directories searched for a command (the container's PATH).
    public var path: [String]
    /// The image's ENTRYPOINT.
    public var entrypoint: [String]
    /// The image's CMD (default arguments).
    public var cmd: [String]

    /// An image.
    public init(path: [String], entrypoint: [String], cmd: [String] = []) {
        self.path = path
        self.entrypoint = entrypoint
        self.cmd = cmd
    }
}

/// Resolves image references to runnable environments.
public struct ImageCatalog: Sendable {
    private var images: [String: CatalogImage]
    /// The users' images file, read again at every lookup (so registering an image needs no restart).
    private var userFile: String?

    /// The built-in images: BusyBox (`busybox`, `curlimages/curl`) from `busyboxDir` (a directory of
    /// applet links), the project's images (`swift-osm/osm`, `swift-osm/osm-proxy`) from `binaryDir`,
    /// and the guide's demo images (`openservicemesh/tcp-echo-server`) from `demoDir` (launchers of
    /// `osm demo …`). `extra` adds or replaces images by name, and so does `userFile` (images.json).
    public init(busyboxDir: String, binaryDir: String, demoDir: String = "", extra: [String: CatalogImage] = [:],
                userFile: String? = nil) {
        self.userFile = userFile
        let busybox = CatalogImage(path: [busyboxDir], entrypoint: [], cmd: ["sh"])
        images = [
            "busybox": busybox,
            "curlimages/curl": CatalogImage(path: [busyboxDir], entrypoint: ["curl"]),
            "swift-osm/osm": CatalogImage(path: [binaryDir, busyboxDir], entrypoint: ["osm"]),
            "swift-osm/osm-proxy": CatalogImage(path: [binaryDir, busyboxDir], entrypoint: ["osm-proxy"]),
            "openservicemesh/tcp-echo-server": CatalogImage(path: [demoDir], entrypoint: ["/tcp-echo-server"], cmd: ["--port", "9090"]),
        ]
        for (name, image) in extra { images[name] = image }
    }

    /// Loads user images from a JSON file `{"name": {"path": [...], "entrypoint": [...], "cmd": [...]}}`.
    public static func userImages(at path: String) throws -> [String: CatalogImage] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        return try JSONDecoder().decode([String: CatalogImage].self, from: data)
    }

    /// The repository name of a reference: registry host, tag and digest removed
    /// (`docker.io/library/busybox:1.36` → `busybox`).
    public static func repository(_ reference: String) -> String {
        var name = reference
        if let at = name.firstIndex(of: "@") { name = String(name[..<at]) }
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") { name = String(name[..<colon]) }
        var parts = name.split(separator: "/").map(String.init)
        if parts.count > 1, parts[0].contains(".") || parts[0].contains(":") || parts[0] == "localhost" { parts.removeFirst() }
        if parts.first == "library" { parts.removeFirst() }
        return parts.joined(separator: "/")
    }

    /// The image for a reference, or nil when the catalog does not know it (ErrImagePull).
    public func image(_ reference: String) -> CatalogImage? {
        let name = Self.repository(reference)
        if let userFile, let registered = (try? Self.userImages(at: userFile))?[name] { return registered }
        return images[name]
    }

    /// The command line of a container, Kubernetes' rules: `command` replaces the entrypoint,
    /// `args` replaces the image's CMD (and with a `command`, the CMD is dropped).
    public static func commandLine(_ image: CatalogImage, command: [String]?, args: [String]?) -> [String] {
        if let command, !command.isEmpty { return command + (args ?? []) }
        return image.entrypoint + (args ?? image.cmd)
    }

    /// Resolves a program name to a path: absolute paths are tried as they are, then by their last
    /// component in the image's PATH (so `/bin/sleep` in a BusyBox image is BusyBox's `sleep`).
    public static func resolve(_ program: String, in image: CatalogImage) -> String? {
        let name = program.split(separator: "/").last.map(String.init) ?? program
        for dir in image.path where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        if program.hasPrefix("/"), FileManager.default.isExecutableFile(atPath: program) { return program }
        return nil
    }
}
