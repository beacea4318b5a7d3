import Foundation
import KubeAPIServer
import Logging
import MeshPKI
import Yams

/// The embedded cluster's files under its data directory, and how they are created.
struct ClusterFiles {
    let dataDir: String

    var pkiDir: String { dataDir + "/pki" }
    var caCert: String { pkiDir + "/ca.crt" }
    var caKey: String { pkiDir + "/ca.key" }
    var serverCert: String { pkiDir + "/apiserver.crt" }
    var serverKey: String { pkiDir + "/apiserver.key" }
    var adminToken: String { pkiDir + "/admin.token" }
    var signingSecret: String { pkiDir + "/sa.secret" }
    var database: String { dataDir + "/state.db" }
    var kubeconfig: String { dataDir + "/admin.kubeconfig" }
    var pidFile: String { dataDir + "/apiserver.pid" }
    var logFile: String { dataDir + "/apiserver.log" }
    var readyFile: String { dataDir + "/apiserver.ready" }

    /// The credentials the server needs, created on first start and reused afterwards.
    struct Credentials {
        var caPEM: String
        var serverCertPEM: String
        var serverKeyPEM: String
        var adminToken: String
        var signingSecret: [UInt8]
        /// Why the serving certificate was issued again on this start, if it was.
        var servingRenewal: String?
    }

    /// How long a serving certificate is issued for.
    static let servingValidity = 365 * 86_400.0
    /// A serving certificate with less than this left is issued again when the cluster starts.
    static let servingRenewWithin = 90 * 86_400.0

    static let serverIPs = ["127.0.0.1", "10.96.0.1", "10.244.0.1"]
    static let serverDNS = ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                            "kubernetes.default.svc.cluster.local"]

    /// Reads the cluster's credentials, creating the CA, serving certificate, admin token and signing secret if missing,
    /// and issuing the serving certificate again when it expires within 90 days, is not the CA's, lacks a name or does
    /// not match its key.
    func ensureCredentials() throws -> Credentials {
        let fm = FileManager.default
        try fm.createDirectory(atPath: pkiDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let ca: CertificateAuthority
        if fm.fileExists(atPath: caCert), fm.fileExists(atPath: caKey) {
            ca = try CertificateAuthority(certificatePEM: try read(caCert), privateKeyPEM: try read(caKey))
        } else {
            ca = try CertificateAuthority.create(commonName: "swift-osm cluster CA")
            let cred = try ca.credential()
            try write(caCert, cred.certificatePEM, mode: 0o644)
            try write(caKey, cred.privateKeyPEM, mode: 0o600)
            try? fm.removeItem(atPath: serverCert)
        }
        let names = LeafNames(commonName: "kube-apiserver", dnsNames: Self.serverDNS, ipAddresses: Self.serverIPs)
        let present = fm.fileExists(atPath: serverCert) && fm.fileExists(atPath: serverKey)
        let renewal = present
            ? ca.reissueReason(for: try read(serverCert), keyPEM: try read(serverKey), names: names, renewWithin: Self.servingRenewWithin)
            : nil
        if !present || renewal != nil {
            let leaf = try ca.issue(names, validFor: Self.servingValidity)
            // The key first: a crash in between leaves a new key with the old certificate, which
            // the next start finds not matching and issues again.
            try write(serverKey, leaf.privateKeyPEM, mode: 0o600)
            try write(serverCert, leaf.certificatePEM, mode: 0o644)
        }
        if !fm.fileExists(atPath: adminToken) {
            try write(adminToken, Self.randomHex(32), mode: 0o600)
        }
        if !fm.fileExists(atPath: signingSecret) {
            try write(signingSecret, Self.randomHex(32), mode: 0o600)
        }
        return Credentials(caPEM: try ca.certificatePEM(), serverCertPEM: try read(serverCert),
                           serverKeyPEM: try read(serverKey),
                           adminToken: try read(adminToken).trimmingCharacters(in: .whitespacesAndNewlines),
                           signingSecret: Array(try read(signingSecret).utf8), servingRenewal: renewal)
    }

    /// Logs why the serving certificate was issued again, if it was.
    static func logRenewal(_ credentials: Credentials, file: String, logger: Logger) {
        guard let reason = credentials.servingRenewal else { return }
        logger.notice("issued a new serving certificate", metadata: ["reason": "\(reason)", "file": "\(file)"])
    }

    /// For a running server: issues the serving certificate again when due (as on start), and
    /// serves the files' certificate from now on when it is not the one served (renewed, or
    /// replaced by hand). Failures are logged; the served certificate stays.
    func refreshServing(_ tls: ServingTLS, logger: Logger) {
        // A missing CA is not made again here: a new CA would leave every kubeconfig and node trusting the old one.
        guard FileManager.default.fileExists(atPath: caCert), FileManager.default.fileExists(atPath: caKey) else {
            logger.error("the cluster CA is missing; the served certificate stays", metadata: ["file": "\(caCert)"])
            return
        }
        do {
            let credentials = try ensureCredentials()
            Self.logRenewal(credentials, file: serverCert, logger: logger)
            guard credentials.serverCertPEM != tls.certificatePEM else { return }
            try tls.replace(certificatePEM: credentials.serverCertPEM, keyPEM: credentials.serverKeyPEM)
            logger.notice("serving the new certificate", metadata: ["file": "\(serverCert)"])
        } catch {
            logger.error("cannot renew the serving certificate", metadata: ["error": "\(error)"])
        }
    }

    static func randomHex(_ bytes: Int) -> String {
        (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    func read(_ path: String) throws -> String {
        do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CLIError("cannot read \(path): \(error.localizedDescription)")
        }
    }

    func write(_ path: String, _ text: String, mode: Int) throws {
        let tmp = path + ".tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8), attributes: [.posixPermissions: mode]) else {
            throw CLIError("cannot write \(path)")
        }
        _ = rename(tmp, path)
    }

    /// The admin kubeconfig for this cluster, as a dictionary ready for YAML.
    static func kubeconfig(server: String, caPEM: String, token: String, name: String) -> [String: Any] {
        [
            "apiVersion": "v1", "kind": "Config", "preferences": [String: Any](),
            "clusters": [["name": name, "cluster": ["server": server,
                                                   "certificate-authority-data": Data(caPEM.utf8).base64EncodedString()]]],
            "users": [["name": name + "-admin", "user": ["token": token]]],
            "contexts": [["name": name, "context": ["cluster": name, "user": name + "-admin"]]],
            "current-context": name,
        ]
    }

    /// Writes the admin kubeconfig into the data directory.
    func writeKubeconfig(server: String, credentials: Credentials) throws {
        let doc = Self.kubeconfig(server: server, caPEM: credentials.caPEM, token: credentials.adminToken, name: "swift-osm")
        try write(kubeconfig, try Yams.dump(object: doc), mode: 0o600)
    }

    /// Merges the `swift-osm` cluster, user and context into a kubeconfig file (e.g. `~/.kube/config`) and selects it.
    static func mergeKubeconfig(at path: String, server: String, credentials: Credentials) throws {
        let ours = kubeconfig(server: server, caPEM: credentials.caPEM, token: credentials.adminToken, name: "swift-osm")
        var doc: [String: Any] = ["apiVersion": "v1", "kind": "Config"]
        if let text = try? String(contentsOfFile: path, encoding: .utf8), !text.isEmpty {
            guard let loaded = try Yams.load(yaml: text) as? [String: Any] else {
                throw CLIError("\(path) is not a kubeconfig (expected a YAML mapping); fix or move it and retry")
            }
            doc = loaded
        }
        for section in ["clusters", "users", "contexts"] {
            let entries = (ours[section] as? [[String: Any]]) ?? []
            let names = Set(entries.compactMap { $0["name"] as? String })
            let kept = ((doc[section] as? [[String: Any]]) ?? []).filter { !names.contains(($0["name"] as? String) ?? "") }
            doc[section] = kept + entries
        }
        doc["current-context"] = "swift-osm"
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try ClusterFiles(dataDir: dir).write(path, try Yams.dump(object: doc), mode: 0o600)
    }
}
