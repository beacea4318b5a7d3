// The pod-template-hash a Deployment stamps on its ReplicaSets and pods: FNV-1a (32-bit) of the
// template's canonical JSON plus the collision count, written in Kubernetes' "safe" alphabet.
import KubeModel

/// Hashes pod templates the way Deployments name their ReplicaSets.
public enum TemplateHash {
    /// The alphabet Kubernetes uses for generated name suffixes (no vowels, no confusable digits).
    static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    /// The hash of `template` (its canonical, key-sorted JSON) and `collisionCount`.
    public static func of(_ template: JSON, collisionCount: Int64 = 0) -> String {
        var hash: UInt32 = 2_166_136_261
        func feed(_ bytes: some Sequence<UInt8>) {
            for b in bytes {
                hash ^= UInt32(b)
                hash = hash &* 16_777_619
            }
        }
        feed(template.serialized())
        if collisionCount > 0 { feed(String(collisionCount).utf8) }
        return encode(hash)
    }

    /// A 32-bit value in the safe alphabet (like `rand.SafeEncodeString(fmt.Sprint(hash))`).
    static func encode(_ value: UInt32) -> String {
        String(String(value).utf8.map { alphabet[Int($0) % alphabet.count] })
    }
}
