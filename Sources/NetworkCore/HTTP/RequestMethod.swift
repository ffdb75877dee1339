/// An HTTP request method, such as `GET`.
///
/// Methods are case-sensitive tokens (RFC 9110 §9.1); any token is a valid method, the common
/// ones have names:
///
/// ```swift
/// let method: RequestMethod = "PROPFIND"
/// if request.method == .head { ... }
/// ```
public struct RequestMethod: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The method as it appears on the request line.
    public let rawValue: String

    /// The method named `rawValue`, which should be a token; case matters (`get` is not `GET`).
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The method named by the literal: `let method: RequestMethod = "PROPFIND"`.
    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// The method as written on the request line.
    public var description: String { rawValue }

    /// Whether the method can go on a request line: a token (RFC 9110 §9.1), as a field name is.
    package var isToken: Bool { HeaderFields.isValidName(rawValue) }

    /// Fetches a representation; has no body by convention.
    public static let get = RequestMethod(rawValue: "GET")
    /// Like GET, but the response has no body.
    public static let head = RequestMethod(rawValue: "HEAD")
    /// Sends data for the target to process.
    public static let post = RequestMethod(rawValue: "POST")
    /// Replaces the target with the body.
    public static let put = RequestMethod(rawValue: "PUT")
    /// Removes the target.
    public static let delete = RequestMethod(rawValue: "DELETE")
    /// Asks which options the target or server supports (`OPTIONS *`).
    public static let options = RequestMethod(rawValue: "OPTIONS")
    /// Modifies part of the target.
    public static let patch = RequestMethod(rawValue: "PATCH")
    /// Asks for a tunnel; a 2xx answer to it has no body (RFC 9112 §6.3).
    public static let connect = RequestMethod(rawValue: "CONNECT")
}
