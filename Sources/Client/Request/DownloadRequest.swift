import Foundation
import NetworkCore

/// What to download: an `http://` URL, a method, extra header fields and an optional body.
///
/// Any method is sent as it is (`GET`, `HEAD`, `POST`, `PUT`, `DELETE`, or a name of your
/// own): it must be a token (letters, digits and the symbols RFC 9110 allows in one, such as `-` and `_`). A ``body`` is sent
/// with its `Content-Length`, for `POST`, `PUT` or any other method; a 303 redirect turns
/// the request into a body-less `GET`, 307 and 308 send it again as it was.
///
/// The client manages `Host`, `Connection`, `Content-Length`, `Transfer-Encoding`, `Range`,
/// `If-Range` and `Want-Repr-Digest` itself; a request's own values for them are replaced.
/// Retries, resume and redirects apply to every method alike: a test client retries a
/// `POST` after a reset just as it retries a `GET`, so set ``ClientConfiguration/retry`` to
/// ``RetryPolicy/none`` where a request must not be sent twice.
///
/// ```swift
/// var request = DownloadRequest(url: URL(string: "http://127.0.0.1:8080/bytes/10MB")!)
/// request.headers.add("Accept", "application/octet-stream")
/// let result = try await client.download(request)
///
/// let upload = DownloadRequest(url: url, method: .post, body: Data(#"{"name": "x"}"#.utf8))
/// ```
public struct DownloadRequest: Sendable, Hashable {
    /// The resource; only `http://` URLs can be downloaded.
    public var url: URL
    /// The method, `GET` by default; any token is sent as it is.
    public var method: RequestMethod
    /// Fields added to those the client sends; a `User-Agent` here replaces the configured one.
    /// `Authorization`, `Cookie` and `Proxy-Authorization` go to the URL's host and port only:
    /// a redirect elsewhere drops them. An `Authorization` here wins over the URL's
    /// `user:password@`, which is otherwise sent as Basic credentials.
    public var headers: HeaderFields
    /// The request body, sent with `Content-Length`; nil sends none.
    public var body: Data?

    /// A request for `url`.
    public init(url: URL, method: RequestMethod = .get, headers: HeaderFields = [:], body: Data? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }

    /// Checks that the request can be sent: the method and every header name are tokens, and
    /// no header value holds a line break or NUL (which could smuggle in another header).
    /// Both clients call it before sending; it throws ``DownloadError/invalidRequest(_:)``.
    public func validate() throws(DownloadError) {
        guard method.isToken else {
            throw .invalidRequest("method \"\(method.rawValue)\" is not a token (letters, digits and !#$%&'*+-.^_`|~)")
        }
        for (name, value) in headers {
            guard HeaderFields.isValidName(name) else { throw .invalidRequest("header name \"\(name)\" is not a token") }
            guard !value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else {
                throw .invalidRequest("header \(name) holds a line break or NUL")
            }
        }
    }
}
