// The mesh's certificate authority, kept in Secret `osm-ca-bundle` (keys `ca.crt`,
// `private.key`) in the control plane's namespace: created by the first controller, loaded by
// every later one, so a controller restart keeps every issued certificate valid.
import Foundation
import KubeClient
import KubeModel
import MeshPKI
import MeshProtocol

/// Loading and creating the mesh CA.
public enum MeshCertificateAuthority {
    /// The Secret's name, as OSM names it.
    public static let secretName = "osm-ca-bundle"

    /// The CA in `namespace`, created when missing (a concurrent creator wins and is loaded).
    public static func loadOrCreate(client: KubeClient, namespace: String) async throws -> CertificateAuthority {
        let path = ResourcePath.secrets.object(secretName, namespace: namespace)
        do {
            return try parse(try await client.get(path))
        } catch let error as KubeClientError where error.isNotFound {
            let ca = try CertificateAuthority.create(commonName: "osm-ca.openservicemesh.io")
            let pem = try ca.credential()
            let secret: JSON = [
                "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                "metadata": ["name": .string(secretName), "namespace": .string(namespace)],
                "data": ["ca.crt": .string(Data(pem.certificatePEM.utf8).base64EncodedString()),
                         "private.key": .string(Data(pem.privateKeyPEM.utf8).base64EncodedString())],
            ]
            do {
                _ = try await client.create(ResourcePath.secrets.collection(namespace: namespace), secret)
                return ca
            } catch let error as KubeClientError where error.isConflict {
                return try parse(try await client.get(path))
            }
        }
    }

    /// The CA held by a Secret.
    static func parse(_ secret: JSON) throws -> CertificateAuthority {
        func field(_ key: String) throws -> String {
            guard let b64 = secret[["data", key]].stringValue, let data = Data(base64Encoded: b64) else {
                throw MeshCAError(description: "Secret \(secretName) has no \(key)")
            }
            return String(decoding: data, as: UTF8.self)
        }
        return try CertificateAuthority(certificatePEM: field("ca.crt"), privateKeyPEM: field("private.key"))
    }

    /// The names of a certificate for `identity`: CN and DNS SAN `<sa>.<ns>.<trustDomain>`, the
    /// SPIFFE URI, and extra DNS names (a Service's name for the controller).
    public static func names(_ identity: ServiceIdentity, trustDomain: String, extraDNS: [String] = []) -> LeafNames {
        let principal = identity.principal(trustDomain: trustDomain)
        return LeafNames(commonName: principal, dnsNames: [principal] + extraDNS, uris: [identity.spiffeID(trustDomain: trustDomain)])
    }
}

/// The CA Secret is unusable.
public struct MeshCAError: Error, CustomStringConvertible {
    /// One line.
    public let description: String
}
