import NetworkCore

/// HTTP Digest authentication (RFC 7616) as httpbin's `/digest-auth` does it: MD5 or SHA-256,
/// `qop` of `auth`, `auth-int` or none (RFC 2069), with nonces drawn from the server's seed and
/// the request's ordinal, so that each challenge is fresh yet every run is the same.
struct DigestAuth {
    /// The hash named by the `algorithm` parameter.
    enum Algorithm: String {
        case md5 = "MD5"
        case sha256 = "SHA-256"

        /// The lowercase hex digest of `text`.
        func hash(_ text: String) -> String {
            hash(Array(text.utf8))
        }

        func hash(_ bytes: [UInt8]) -> String {
            switch self {
            case .md5: MD5.hex(bytes)
            case .sha256: SHA256.hash(bytes).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            }
        }
    }

    /// httpbin's realm, which clients echo back.
    static let realm = "me@kennethreitz.com"

    var algorithm: Algorithm
    /// `auth`, `auth-int`, or nil to offer both.
    var qop: String?

    /// The `WWW-Authenticate` value of a challenge with `nonce`.
    func challenge(nonce: String, opaque: String, stale: Bool) -> String {
        let offered = qop ?? "auth, auth-int"
        return "Digest realm=\"\(Self.realm)\", nonce=\"\(nonce)\", opaque=\"\(opaque)\", qop=\"\(offered)\", algorithm=\(algorithm.rawValue), stale=\(stale ? "TRUE" : "FALSE")"
    }

    /// The `response` a client with `password` must send for `credentials` (the parameters of
    /// its `Authorization: Digest` header) on a request with `method`, `uri` and `body`; nil
    /// when the credentials lack a parameter their `qop` requires.
    static func expectedResponse(
        credentials: [String: String], password: String, method: String, uri: String, body: [UInt8]
    ) -> String? {
        let algorithm = Algorithm(rawValue: credentials["algorithm"]?.uppercased() ?? "MD5") ?? .md5
        let ha1 = algorithm.hash("\(credentials["username"] ?? ""):\(credentials["realm"] ?? ""):\(password)")
        let qop = credentials["qop"]
        let ha2: String
        switch qop {
        case nil, "auth": ha2 = algorithm.hash("\(method):\(uri)")
        case "auth-int": ha2 = algorithm.hash("\(method):\(uri):\(algorithm.hash(body))")
        default: return nil
        }
        let nonce = credentials["nonce"] ?? ""
        guard let qop else { return algorithm.hash("\(ha1):\(nonce):\(ha2)") }
        guard let nc = credentials["nc"], let cnonce = credentials["cnonce"] else { return nil }
        return algorithm.hash("\(ha1):\(nonce):\(nc):\(cnonce):\(qop):\(ha2)")
    }

    /// The parameters of an `Authorization: Digest k=v, k="v"` header (names lowercased), or
    /// nil when it is not a digest header.
    static func credentials(_ header: String) -> [String: String]? {
        guard header.count > 7, header.prefix(7).lowercased() == "digest " else { return nil }
        var parameters: [String: String] = [:]
        var rest = Substring(header.dropFirst(7))
        while true {
            rest = rest.drop { $0 == " " || $0 == "," || $0 == "\t" }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let name = rest[..<equals].trimmingSpaces.lowercased()
            rest = rest[rest.index(after: equals)...].drop { $0 == " " }
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                while let character = rest.first, character != "\"" {
                    rest = rest.dropFirst()
                    if character == "\\", let escaped = rest.first {
                        value.append(escaped)
                        rest = rest.dropFirst()
                    } else {
                        value.append(character)
                    }
                }
                rest = rest.dropFirst()
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingSpaces
                rest = rest[end...]
            }
            parameters[name] = value
        }
        return parameters.isEmpty ? nil : parameters
    }
}
