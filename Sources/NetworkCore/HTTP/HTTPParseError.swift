/// Why bytes read from a peer are not an acceptable HTTP/1.1 message.
///
/// A server answers with `status` and closes the connection, since after a framing error it
/// cannot know where the next request starts; a client reports the error for the response.
package enum HTTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The request line or status line does not follow the grammar.
    case malformedStartLine
    /// A header line is not `name: value` with a token name and a clean value, or is folded.
    case malformedHeader
    /// The request line did not end within `HTTPLimits.maxRequestLine` bytes.
    case requestLineTooLong
    /// The head did not end within `HTTPLimits.maxHeaderBytes` bytes.
    case headersTooLarge
    /// The head has more than `HTTPLimits.maxHeaderCount` fields.
    case tooManyHeaders
    /// The version is not HTTP/1.0 or HTTP/1.1 (an HTTP/2 preface, for one).
    case unsupportedVersion
    /// A `Content-Length` is not a non-negative decimal number that fits in 63 bits.
    case invalidContentLength
    /// The body's length is ambiguous: a request with both `Content-Length` and
    /// `Transfer-Encoding`, differing `Content-Length` values, or `Transfer-Encoding` in HTTP/1.0.
    case conflictingFraming
    /// `Transfer-Encoding` is anything other than just `chunked`.
    case unsupportedTransferEncoding
    /// An HTTP/1.1 request without a `Host` field, or any request with more than one or with
    /// a value that is not `host[:port]` (RFC 9112 §3.2).
    case invalidHost
    /// A chunked body breaks the chunk grammar: a bad or oversized size line, or a missing CRLF.
    case malformedChunk

    /// The response status a server should answer with.
    package var status: Int {
        switch self {
        case .requestLineTooLong: 414
        case .headersTooLarge, .tooManyHeaders: 431
        case .unsupportedVersion: 505
        case .unsupportedTransferEncoding: 501
        case .malformedStartLine, .malformedHeader, .invalidContentLength, .conflictingFraming, .invalidHost, .malformedChunk: 400
        }
    }

    /// One line saying what was wrong, for logs and error bodies.
    package var description: String {
        switch self {
        case .malformedStartLine:
            "malformed start line: expected `METHOD target HTTP/1.1` or `HTTP/1.1 200 reason`"
        case .malformedHeader:
            "malformed header line: expected `name: value` with a token name, no space before the colon, no control bytes and no folding"
        case .requestLineTooLong:
            "request line longer than HTTPLimits.maxRequestLine"
        case .headersTooLarge:
            "message head larger than HTTPLimits.maxHeaderBytes"
        case .tooManyHeaders:
            "more header fields than HTTPLimits.maxHeaderCount"
        case .unsupportedVersion:
            "unsupported HTTP version: only HTTP/1.0 and HTTP/1.1 are spoken"
        case .invalidContentLength:
            "invalid Content-Length: expected a non-negative decimal number below 2^63"
        case .conflictingFraming:
            "ambiguous body length: Content-Length with Transfer-Encoding, differing Content-Length values, or Transfer-Encoding in HTTP/1.0"
        case .unsupportedTransferEncoding:
            "unsupported Transfer-Encoding: only `chunked` alone is supported"
        case .invalidHost:
            "missing or invalid Host: an HTTP/1.1 request needs exactly one `Host: host[:port]` field"
        case .malformedChunk:
            "malformed chunked body: bad chunk size line or missing CRLF"
        }
    }
}
