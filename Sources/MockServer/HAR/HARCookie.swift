import Foundation

/// A cookie sent with a request (`Cookie`) or set by a response (`Set-Cookie`), as HAR lists them.
public struct HARCookie: Codable, Sendable, Hashable {
    /// The cookie's name.
    public var name: String
    /// Its value (the secrets marker unless a recording keeps secrets).
    public var value: String
    /// The `Path` attribute.
    public var path: String?
    /// The `Domain` attribute.
    public var domain: String?
    /// The `Expires` attribute, as sent.
    public var expires: String?
    /// The `HttpOnly` attribute.
    public var httpOnly: Bool?
    /// The `Secure` attribute.
    public var secure: Bool?

    /// A cookie.
    public init(name: String, value: String, path: String? = nil, domain: String? = nil, expires: String? = nil, httpOnly: Bool? = nil, secure: Bool? = nil) {
        self.name = name
        self.value = value
        self.path = path
        self.domain = domain
        self.expires = expires
        self.httpOnly = httpOnly
        self.secure = secure
    }

    private enum CodingKeys: String, CodingKey {
        case name, value, path, domain, expires, httpOnly, secure
    }

    /// Reads the fields HAR defines, tolerating what real exporters leave out; `_`-prefixed fields are ignored.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        value = try container.decodeIfPresent(String.self, forKey: .value) ?? ""
        path = try container.decodeIfPresent(String.self, forKey: .path)
        domain = try container.decodeIfPresent(String.self, forKey: .domain)
        expires = try container.decodeIfPresent(String.self, forKey: .expires)
        httpOnly = try container.decodeIfPresent(Bool.self, forKey: .httpOnly)
        secure = try container.decodeIfPresent(Bool.self, forKey: .secure)
    }

    /// The cookies of a `Cookie` request header (`a=1; b=2`).
    static func requestCookies(_ header: String) -> [HARCookie] {
        header.split(separator: ";").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { return nil }
            return HARCookie(name: name, value: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
    }

    /// The cookie a `Set-Cookie` response header sets (`id=7; Path=/; HttpOnly`); nil when it has no name.
    static func responseCookie(_ header: String) -> HARCookie? {
        let attributes = header.split(separator: ";")
        guard let first = attributes.first else { return nil }
        let parts = first.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let name = parts[0].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return nil }
        var cookie = HARCookie(name: name, value: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        for attribute in attributes.dropFirst() {
            let pair = attribute.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = pair[0].trimmingCharacters(in: .whitespaces).lowercased()
            let value = pair.count > 1 ? pair[1].trimmingCharacters(in: .whitespaces) : ""
            switch key {
            case "path": cookie.path = value
            case "domain": cookie.domain = value
            case "expires": cookie.expires = value
            case "httponly": cookie.httpOnly = true
            case "secure": cookie.secure = true
            default: break
            }
        }
        return cookie
    }
}
