/// The head of an HTTP/1.x request: request line and header fields.
///
/// The server gets one from `HTTPHeadParser.parseRequest`; the clients build one and write
/// `serialized()`:
///
/// ```swift
/// let head = HTTPRequestHead(method: .get, target: "/bytes/10MB", headers: ["Host": "127.0.0.1:8080"])
/// try socket.write(head.serialized())
/// ```
package struct HTTPRequestHead: Sendable, Equatable {
    package var method: HTTPMethod
    /// The request-target exactly as sent: `/path?query` (origin form), `http://host/path`
    /// (absolute form), `host:port` (CONNECT) or `*` (OPTIONS).
    package var target: String
    package var version: HTTPVersion
    package var headers: HTTPHeaders

    package init(method: HTTPMethod, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = [:]) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
    }

    /// The target's path, still percent-encoded: the target up to `?`, with the scheme and
    /// authority of an absolute-form target removed (`http://h/a?b` gives `/a`).
    package var path: String {
        let utf8 = target.utf8
        let end = utf8.firstIndex(of: UInt8(ascii: "?")) ?? utf8.endIndex
        guard let start = Self.absoluteFormPathStart(utf8[..<end]) else { return String(target[..<end]) }
        return start == end ? "/" : String(target[start..<end])
    }

    /// The target's query after the first `?`, still percent-encoded, or nil without a `?`.
    package var query: String? {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        return String(target[target.utf8.index(after: mark)...])
    }

    /// Whether the connection stays open after this request: HTTP/1.1 unless
    /// `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    package var keepAlive: Bool { version.keepsAlive(headers) }

    /// Whether the client waits for `100 Continue` before sending the body (`Expect:
    /// 100-continue`, any case). Always false for HTTP/1.0, which has no interim responses.
    package var expectsContinue: Bool {
        version.persistsByDefault && headers.containsToken("100-continue", in: "Expect")
    }

    /// The request line, the header fields and the empty line, ready to write. CR, LF and NUL
    /// inside the target or a field are written as spaces, so no value can split the head.
    package func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + target.utf8.count + headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 })
        HTTPSyntax.appendSafely(method.rawValue, to: &out)
        out.append(HTTPSyntax.space)
        HTTPSyntax.appendSafely(target, to: &out)
        out.append(HTTPSyntax.space)
        out.append(contentsOf: version.description.utf8)
        out.append(contentsOf: HTTPSyntax.crlf)
        headers.serialize(into: &out)
        out.append(contentsOf: HTTPSyntax.crlf)
        return out
    }

    /// Where the path starts in an absolute-form target (`http://host/path`), or nil for any
    /// other form.
    private static func absoluteFormPathStart(_ target: Substring.UTF8View) -> String.Index? {
        for scheme in ["http://", "https://"] {
            guard let authority = target.index(target.startIndex, offsetBy: scheme.utf8.count, limitedBy: target.endIndex),
                HTTPSyntax.equalsIgnoringCase(target[..<authority], scheme.utf8)
            else { continue }
            return target[authority...].firstIndex(of: UInt8(ascii: "/")) ?? target.endIndex
        }
        return nil
    }
}
