/// An HTTP request method, such as `GET`.
///
/// Methods are case-sensitive tokens (RFC 9110 §9.1); any token is a valid method, the common
/// ones have names:
///
/// ```swift
/// let method: HTTPMethod = "PROPFIND"
/// if request.method == .head { ... }
/// ```
public struct HTTPMethod: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The method as it appears on the request line.
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public var description: String { rawValue }

    public static let get = HTTPMethod(rawValue: "GET")
    public static let head = HTTPMethod(rawValue: "HEAD")
    public static let post = HTTPMethod(rawValue: "POST")
    public static let put = HTTPMethod(rawValue: "PUT")
    public static let delete = HTTPMethod(rawValue: "DELETE")
    public static let options = HTTPMethod(rawValue: "OPTIONS")
    public static let patch = HTTPMethod(rawValue: "PATCH")
    /// Asks for a tunnel; a 2xx answer to it has no body (RFC 9112 §6.3).
    public static let connect = HTTPMethod(rawValue: "CONNECT")
}
