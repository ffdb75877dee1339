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
    /// The method, such as `GET`.
    package var method: RequestMethod
    /// The request-target exactly as sent: `/path?query` (origin form), `http://host/path`
    /// (absolute form), `host:port` (CONNECT) or `*` (OPTIONS).
    package var target: String
    /// The protocol version of the request line.
    package var version: HTTPVersion
    /// The header fields, in the order sent.
    package var headers: HeaderFields

    /// A request head; clients normally leave `version` at HTTP/1.1.
    package init(method: RequestMethod, target: String, version: HTTPVersion = .http1_1, headers: HeaderFields = [:]) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
    }

    /// The target's path, still percent-encoded: the target up to `?`, with the scheme and
    /// authority of an absolute-form target removed (`http://h/a?b` gives `/a`).
    package var path: String {
        var target = target
        return target.withUTF8 { bytes in
            let end = bytes.firstIndex(of: UInt8(ascii: "?")) ?? bytes.count
            let start = Self.absoluteFormPathStart(UnsafeBufferPointer(rebasing: bytes[..<end])) ?? 0
            return start == end && start > 0 ? "/" : String(decoding: bytes[start..<end], as: UTF8.self)
        }
    }

    /// The target's query after the first `?`, still percent-encoded, or nil without a `?`.
    package var query: String? {
        var target = target
        return target.withUTF8 { bytes in
            bytes.firstIndex(of: UInt8(ascii: "?")).map { String(decoding: bytes[($0 + 1)...], as: UTF8.self) }
        }
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
        version.append(to: &out)
        out.append(contentsOf: HTTPSyntax.crlf)
        headers.serialize(into: &out)
        out.append(contentsOf: HTTPSyntax.crlf)
        return out
    }

    /// Where the path starts in an absolute-form target (`http://host/path`), or nil for any
    /// other form.
    private static func absoluteFormPathStart(_ target: UnsafeBufferPointer<UInt8>) -> Int? {
        guard target.first != UInt8(ascii: "/") else { return nil }  // origin form, the usual one
        let lowercasedPrefix = target.prefix(8).map(HTTPSyntax.lowercased)
        let schemeLength: Int
        if lowercasedPrefix.starts(with: "http://".utf8) {
            schemeLength = 7
        } else if lowercasedPrefix.starts(with: "https://".utf8) {
            schemeLength = 8
        } else {
            return nil
        }
        return target[schemeLength...].firstIndex(of: UInt8(ascii: "/")) ?? target.count
    }
}
