import NetworkCore

/// The header fields a proxy must not forward (RFC 9110 §7.6.1): those describing one
/// connection rather than the message, and those the `Connection` field names.
enum HopByHopHeaders {
    /// Fields that are always hop-by-hop. `Proxy-Connection` is not standard but clients still send it.
    static let names = ["Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade"]

    /// `headers` without the hop-by-hop fields, the fields named in `Connection`, and `also`.
    static func removing(from headers: HeaderFields, also: [String] = []) -> HeaderFields {
        var named: [String] = []
        for value in headers.values(for: "Connection") {
            for token in value.split(separator: ",") {
                let name = token.trimmingCharacters(in: " \t")
                if !name.isEmpty { named.append(name) }
            }
        }
        var result = headers
        for name in names + named + also { result.remove(name) }
        return result
    }

    /// The `Via` entry this proxy adds for a message received over `version` (§7.6.3).
    static func via(receivedOver version: HTTPVersion, pseudonym: String) -> String {
        "\(version == .http1_0 ? "1.0" : "1.1") \(pseudonym)"
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        return String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}
