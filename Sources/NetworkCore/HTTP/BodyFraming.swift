/// How the body of a message is delimited (RFC 9112 §6.3), decided from its head.
///
/// ```swift
/// switch try BodyFraming.request(head) {
/// case .none: ...
/// case .contentLength(let length): ...   // read exactly `length` bytes (0 included)
/// case .chunked: ...                     // feed a ChunkedDecoder
/// case .untilClose: ...                  // responses only
/// }
/// ```
package enum BodyFraming: Equatable, Sendable {
    /// No body follows the head.
    case none
    /// Exactly this many bytes follow.
    case contentLength(Int64)
    /// A chunked body follows; decode it with `ChunkedDecoder`.
    case chunked
    /// The body is everything until the peer closes the connection (responses only).
    case untilClose

    /// The framing of a request's body. Without `Content-Length` or `Transfer-Encoding` a
    /// request has no body. Refuses, rather than guesses, any head whose body length two
    /// readers could see differently (request smuggling): both fields, differing lengths,
    /// `Transfer-Encoding` in HTTP/1.0, or a coding other than `chunked` alone.
    package static func request(_ head: HTTPRequestHead) throws(HTTPParseError) -> BodyFraming {
        if head.headers.contains("Transfer-Encoding") {
            guard !head.headers.contains("Content-Length") else { throw .conflictingFraming }
            return try chunked(head.headers, version: head.version)
        }
        return try contentLength(head.headers).map { .contentLength($0) } ?? .none
    }

    /// The framing of a response's body, given the method of the request it answers: none for
    /// HEAD, 1xx, 204, 304 and a 2xx to CONNECT; then `Transfer-Encoding` (which overrides a
    /// `Content-Length`), `Content-Length`, or else until the connection closes.
    package static func response(
        _ head: HTTPResponseHead,
        requestMethod: RequestMethod
    ) throws(HTTPParseError) -> BodyFraming {
        switch head.status {
        case 100..<200, 204, 304: return .none
        case 200..<300 where requestMethod == .connect: return .none
        case _ where requestMethod == .head: return .none
        default: break
        }
        if head.headers.contains("Transfer-Encoding") {
            return try chunked(head.headers, version: head.version)
        }
        return try contentLength(head.headers).map { .contentLength($0) } ?? .untilClose
    }

    /// `.chunked` if `Transfer-Encoding` is exactly `chunked` in an HTTP/1.1 message. We
    /// decode no other coding, so a message using one cannot be read (RFC 9112 §6.1).
    private static func chunked(_ headers: HeaderFields, version: HTTPVersion) throws(HTTPParseError) -> BodyFraming {
        guard version.persistsByDefault else { throw .conflictingFraming }
        var codings = 0
        var chunked = false
        for value in headers.values(for: "Transfer-Encoding") {
            HTTPSyntax.forEachListElement(in: value) { coding in
                codings += 1
                chunked = HTTPSyntax.equalsIgnoringCase(coding, HTTPSyntax.bytes("chunked"))
            }
        }
        guard codings == 1, chunked else { throw .unsupportedTransferEncoding }
        return .chunked
    }

    /// The `Content-Length`, nil without one. Repeated fields and lists (`5, 5`) must all
    /// agree (RFC 9110 §8.6).
    private static func contentLength(_ headers: HeaderFields) throws(HTTPParseError) -> Int64? {
        var length: Int64?
        for value in headers.values(for: "Content-Length") {
            for element in value.utf8.split(separator: HTTPSyntax.comma, omittingEmptySubsequences: false) {
                let digits = HTTPSyntax.trimmed(element)
                guard !digits.isEmpty else { throw .invalidContentLength }
                var parsed: Int64 = 0
                for byte in digits {
                    guard HTTPSyntax.isDigit(byte) else { throw .invalidContentLength }
                    let (times10, overflow1) = parsed.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte &- UInt8(ascii: "0")))
                    guard !overflow1, !overflow2 else { throw .invalidContentLength }
                    parsed = sum
                }
                guard length == nil || length == parsed else { throw .conflictingFraming }
                length = parsed
            }
        }
        return length
    }
}
