// When a certificate the cluster CA issued is issued again: expiring within the window, expired,
// signed by another CA, missing a name, or unreadable; never when it is fine.
import Foundation
import MeshPKI
import Testing

@Suite("Certificate renewal")
struct CertificateRenewalTests {
    let names = LeafNames(commonName: "kube-apiserver", dnsNames: ["localhost", "kubernetes"], ipAddresses: ["127.0.0.1", "10.96.0.1"])
    let day = 86_400.0

    @Test func aFreshCertificateWithEveryNameIsKept() throws {
        let ca = try CertificateAuthority.create(commonName: "test CA")
        let leaf = try ca.issue(names, validFor: 365 * day)
        #expect(ca.reissueReason(for: leaf.certificatePEM, names: names, renewWithin: 90 * day) == nil)
    }

    @Test func oneExpiringWithinTheWindowOrExpiredIsReissued() throws {
        let ca = try CertificateAuthority.create(commonName: "test CA")
        let leaf = try ca.issue(names, validFor: 365 * day)
        let expiring = ca.reissueReason(for: leaf.certificatePEM, names: names, renewWithin: 90 * day, now: Date() + 300 * day)
        #expect(expiring?.hasPrefix("it expires on ") == true, "\(expiring ?? "kept")")
        let expired = ca.reissueReason(for: leaf.certificatePEM, names: names, renewWithin: 90 * day, now: Date() + 400 * day)
        #expect(expired?.hasPrefix("it expired on ") == true, "\(expired ?? "kept")")
    }

    @Test func oneFromAnotherCAOrUnreadableIsReissued() throws {
        let ca = try CertificateAuthority.create(commonName: "test CA")
        // Same subject, other key: only the signature tells them apart.
        let other = try CertificateAuthority.create(commonName: "test CA")
        let foreign = try other.issue(names, validFor: 365 * day)
        #expect(ca.reissueReason(for: foreign.certificatePEM, names: names, renewWithin: 90 * day) == "it was not signed by the cluster CA")
        #expect(ca.reissueReason(for: "not a certificate", names: names, renewWithin: 90 * day) == "it cannot be read")
    }

    @Test func oneMissingANameIsReissuedAndSaysWhich() throws {
        let ca = try CertificateAuthority.create(commonName: "test CA")
        let narrow = try ca.issue(LeafNames(commonName: "kube-apiserver", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"]),
                                  validFor: 365 * day)
        #expect(ca.reissueReason(for: narrow.certificatePEM, names: names, renewWithin: 90 * day)
                == "it lacks the names 10.96.0.1, kubernetes")
    }
}

extension CertificateRenewalTests {
    @Test func oneThatDoesNotMatchItsKeyIsReissued() throws {
        let ca = try CertificateAuthority.create(commonName: "test CA")
        let leaf = try ca.issue(names, validFor: 365 * day), other = try ca.issue(names, validFor: 365 * day)
        #expect(ca.reissueReason(for: leaf.certificatePEM, keyPEM: leaf.privateKeyPEM, names: names, renewWithin: 90 * day) == nil)
        #expect(ca.reissueReason(for: leaf.certificatePEM, keyPEM: other.privateKeyPEM, names: names, renewWithin: 90 * day)
                == "it does not match its key")
        #expect(ca.reissueReason(for: leaf.certificatePEM, keyPEM: "garbage", names: names, renewWithin: 90 * day)
                == "it does not match its key")
    }
}
