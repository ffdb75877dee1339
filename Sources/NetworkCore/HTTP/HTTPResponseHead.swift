/// The head of an HTTP/1.x response: status line and header fields.
///
/// The server builds one and writes `serialized()`; the clients get one from
/// `HTTPHeadParser.parseResponse`:
///
/// ```swift
/// let head = HTTPResponseHead(status: 200, headers: ["Content-Length": "5"])
/// try socket.write(head.serialized() + Array("hello".utf8))
/// ```
package struct HTTPResponseHead: Sendable, Equatable {
    /// The status code, 100 to 999.
    package var status: Int
    /// The reason phrase; clients should not act on it (RFC 9112 §4).
    package var reason: String
    /// The protocol version of the status line.
    package var version: HTTPVersion
    /// The header fields, in the order sent.
    package var headers: HeaderFields

    /// A response head; `reason` defaults to the standard phrase of `status`.
    package init(status: Int, reason: String? = nil, version: HTTPVersion = .http1_1, headers: HeaderFields = [:]) {
        self.status = status
        self.reason = reason ?? HTTPStatus.reason(status)
        self.version = version
        self.headers = headers
    }

    /// Whether the headers let the connection stay open: HTTP/1.1 unless `Connection: close`;
    /// HTTP/1.0 only with `Connection: keep-alive`. A body framed `.untilClose` ends the
    /// connection whatever this says.
    package var keepAlive: Bool { version.keepsAlive(headers) }

    /// The status line, the header fields and the empty line, ready to write. CR, LF and NUL
    /// inside the reason or a field are written as spaces, so no value can split the head.
    package func serialized() -> [UInt8] {
        serialized(setting: [])
    }

    /// ``serialized()`` with `settings` set on the header fields as ``HeaderFields/set(_:_:)``
    /// would set them, one after another, without copying the fields (names must differ).
    package func serialized(setting settings: [HeaderFields.Element]) -> [UInt8] {
        var out: [UInt8] = []
        let fieldBytes = { (total: Int, field: HeaderFields.Element) in total + field.name.utf8.count + field.value.utf8.count + 4 }
        out.reserveCapacity(64 + reason.utf8.count + headers.reduce(0, fieldBytes) + settings.reduce(0, fieldBytes))
        version.append(to: &out)
        out.append(HTTPSyntax.space)
        HTTPSyntax.appendDecimal(status, to: &out)
        out.append(HTTPSyntax.space)
        HTTPSyntax.appendSafely(reason, to: &out)
        out.append(contentsOf: HTTPSyntax.crlf)
        headers.serialize(into: &out, setting: settings)
        out.append(contentsOf: HTTPSyntax.crlf)
        return out
    }
}
