// The kubectl the integration tests drive.
import Foundation

/// Where the tests find kubectl.
public enum KubectlBinary {
    /// `$KUBECTL`, else the first kubectl on PATH (then /usr/local/bin, /usr/bin).
    public static let path: String = {
        let env = ProcessInfo.processInfo.environment
        if let path = env["KUBECTL"] { return path }
        let dirs = (env["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/local/bin", "/usr/bin"]
        return dirs.map { $0 + "/kubectl" }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/kubectl"
    }()
}
