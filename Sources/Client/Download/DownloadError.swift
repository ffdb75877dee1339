import Foundation
import NetworkCore

/// Why a download failed, with the numbers needed to act on it.
///
/// Every client (``LabClient``, ``BlockingLabClient``, and `URLSessionDownloader` in `lab`) reports
/// failures with these cases; ``description`` is one line for a user.
///
/// ```swift
/// do {
///     _ = try await client.download(url)
/// } catch DownloadError.truncated(let expected, let received) {
///     print("short body: \(received) of \(expected.map(String.init) ?? "?") bytes")
/// } catch {
///     print(error)   // e.g. "no response byte within 30 s (first-byte timeout)"
/// }
/// ```
public enum DownloadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The phase of a download that a timeout limits (see ``Timeouts``).
    public enum TimeoutPhase: String, Sendable, Hashable, CaseIterable {
        /// Name resolution and the TCP handshake.
        case connect
        /// From sending the request to the first byte of the response.
        case firstByte
        /// Silence between two reads once the response has started.
        case idle
        /// The whole download, retries included.
        case total
    }

    /// The URL cannot be downloaded from: no host, or a bad port.
    case invalidURL(String)
    /// The URL's scheme is not `http` (`https` needs TLS, which this client does not speak).
    case unsupportedScheme(String)
    /// The host name could not be resolved to an address.
    case resolution(host: String, reason: String)
    /// Nothing accepts connections at `host:port`.
    case refused(host: String, port: Int)
    /// The connection failed for another network reason (unreachable host, ...).
    case network(String)
    /// The server reset the connection; `received` bytes of the body had arrived in all.
    case reset(received: Int64)
    /// The server closed the connection without sending any response.
    case emptyReply
    /// The body ended early: `received` of `expected` bytes (nil when the length was not
    /// announced, as in a chunked body cut before its last chunk).
    case truncated(expected: Int64?, received: Int64)
    /// A phase of the download took longer than its limit.
    case timeout(TimeoutPhase, limit: Duration)
    /// The server answered with a status that is not a success; `body` is the start of the
    /// response body (at most ``maxBodyExcerpt`` bytes, as UTF-8 with invalid bytes replaced),
    /// where servers say why: `bad size "abc": a size looks like ...`. Empty for a `HEAD`
    /// request or a body-less answer.
    case httpStatus(Int, body: String)
    /// The response is not valid HTTP/1.1, or contradicts the request.
    case malformedResponse(String)
    /// More redirects than the configured limit.
    case tooManyRedirects(limit: Int)
    /// The body's SHA-256 differs from the `Repr-Digest` the server announced (base64).
    case digestMismatch(expected: String, actual: String)
    /// The server sent a different version of the resource when asked to resume at byte
    /// `offset`; a sink, which cannot take bytes back, cannot start over.
    case representationChanged(offset: Int64)
    /// The caller's sink threw, which aborts the download.
    case sinkFailed(String)
    /// The destination file or its `.part` file could not be written, renamed or removed.
    case file(path: String, reason: String)
    /// The download's task was cancelled.
    case cancelled
    /// A field of ``ClientConfiguration`` (named as in Swift, `timeouts.idle`) is out of the
    /// range `reason` states; nothing was sent (see ``ClientConfiguration/validate()``).
    case invalidConfiguration(field: String, value: String, reason: String)
    /// The ``DownloadRequest`` cannot be sent as it is (a method that is not a token, a header
    /// field with a line break); nothing was sent.
    case invalidRequest(String)

    /// The status of an ``httpStatus(_:body:)`` error, nil for every other case:
    /// `#expect(error.status == 503)`.
    public var status: Int? {
        if case .httpStatus(let code, _) = self { code } else { nil }
    }

    /// The most body bytes ``httpStatus(_:body:)`` carries: enough for a server's reason,
    /// bounded so that an error page never fills memory.
    public static let maxBodyExcerpt = 512

    /// One line saying what happened and, where it helps, what to do about it.
    public var description: String {
        switch self {
        case .invalidURL(let url):
            "invalid URL \(url): " + Self.whatIsWrong(url: url)
        case .unsupportedScheme(let scheme) where scheme.lowercased() == "https":
            "https is not supported: this client does not speak TLS; use an http:// URL"
        case .unsupportedScheme(let scheme):
            "unsupported URL scheme \(scheme): only http:// URLs can be downloaded"
        case .resolution(let host, let reason):
            "cannot resolve host \(host): \(reason)"
        case .refused(let host, let port):
            "connection refused by \(host.contains(":") ? "[\(host)]" : host):\(port): is the server running on that port?"
        case .network(let reason):
            "network error: \(reason)"
        case .reset(let received):
            "the server reset the connection after \(received) body bytes"
        case .emptyReply:
            "the server closed the connection without sending a response"
        case .truncated(let expected?, let received):
            "the body ended after \(received) of \(expected) bytes"
        case .truncated(nil, let received):
            "the body ended after \(received) bytes, before its announced end"
        case .timeout(let phase, let limit):
            "\(Self.describe(phase)) within \(Self.format(limit)) (\(phase.rawValue) timeout)"
        case .httpStatus(let code, let body):
            "the server answered \(code) \(HTTPStatus.reason(code))\(Self.hint(code))\(Self.excerpt(body))"
        case .malformedResponse(let reason):
            "malformed response: \(reason)"
        case .tooManyRedirects(let limit):
            "more than \(limit) redirects: the server may be redirecting in a loop; raise redirectLimit if not"
        case .digestMismatch(let expected, let actual):
            "the body's SHA-256 is \(actual) but the server announced \(expected): the bytes were corrupted"
        case .representationChanged(let offset):
            "the resource changed while resuming at byte \(offset); download it again from the start"
        case .sinkFailed(let reason):
            "the sink stopped the download: \(reason)"
        case .file(let path, let reason):
            "cannot write \(path): \(reason)"
        case .cancelled:
            "the download was cancelled"
        case .invalidConfiguration(let field, let value, let reason):
            "client configuration \(field) = \(value): \(reason)"
        case .invalidRequest(let reason):
            "cannot send this request: \(reason)"
        }
    }

    private static func describe(_ phase: TimeoutPhase) -> String {
        switch phase {
        case .connect: "could not connect"
        case .firstByte: "no response byte"
        case .idle: "no body byte"
        case .total: "the download did not finish"
        }
    }

    private static func format(_ duration: Duration) -> String {
        let milliseconds = Int64((duration.seconds * 1000).rounded())
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
    }

    /// The body's first line or so, after a colon, for a one-line message.
    private static func excerpt(_ body: String) -> String {
        let line = body.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? "" : " (\"\(trimmed)\")"
    }

    private static func hint(_ code: Int) -> String {
        switch code {
        case 404, 410: ": check the URL"
        case 429, 500..<600: ": retry later"
        default: ""
        }
    }
}

extension DownloadError {
    /// What an ``invalidURL(_:)`` lacks: a port out of range or no host, else the form.
    fileprivate static func whatIsWrong(url: String) -> String {
        let components = URLComponents(string: url)
        if let port = components?.port, !(1...65535).contains(port) {
            return "port \(port) is out of range; use 1 to 65535"
        }
        if let components, components.percentEncodedHost?.isEmpty ?? true {
            return "it names no host; expected http://host[:port]/path"
        }
        return "expected http://host[:port]/path"
    }
}
