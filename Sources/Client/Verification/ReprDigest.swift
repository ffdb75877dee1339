import Foundation

/// Reads the SHA-256 out of a `Repr-Digest` field (RFC 9530): `sha-256=:BASE64:`, possibly
/// among other algorithms (`sha-512=:...:, sha-256=:...:`), which are ignored.
package enum ReprDigest {
    /// The 32-byte SHA-256 in `field`, or nil when it has none or it is not valid base64.
    package static func sha256(_ field: String) -> [UInt8]? {
        for member in field.split(separator: ",") {
            let parts = member.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "sha-256" else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            guard value.count >= 2, value.hasPrefix(":"), value.hasSuffix(":"),
                let bytes = Data(base64Encoded: String(value.dropFirst().dropLast())), bytes.count == 32
            else { return nil }
            return Array(bytes)
        }
        return nil
    }

    /// `digest` as it appears between the colons of the field.
    package static func base64(_ digest: [UInt8]) -> String {
        Data(digest).base64EncodedString()
    }
}
