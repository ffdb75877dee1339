/// The protocol version of an HTTP/1.x message; the parser accepts only 1.0 and 1.1.
package struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    /// The major version: 1.
    package var major: Int
    /// The minor version: 0 or 1.
    package var minor: Int

    /// The version `major.minor`.
    package init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// HTTP/1.0: connections close after each response unless `Connection: keep-alive`.
    package static let http1_0 = HTTPVersion(major: 1, minor: 0)
    /// HTTP/1.1: connections persist unless `Connection: close`.
    package static let http1_1 = HTTPVersion(major: 1, minor: 1)

    /// The version as written on a start line: `HTTP/1.1`.
    package var description: String {
        // The two versions the parser accepts, without formatting them for every journal entry.
        switch (major, minor) {
        case (1, 1): "HTTP/1.1"
        case (1, 0): "HTTP/1.0"
        default: "HTTP/\(major).\(minor)"
        }
    }

    private static let name = Array("HTTP/".utf8)

    /// Appends the version as written on a start line, as ``description`` spells it.
    func append(to out: inout [UInt8]) {
        out.append(contentsOf: Self.name)
        HTTPSyntax.appendDecimal(major, to: &out)
        out.append(UInt8(ascii: "."))
        HTTPSyntax.appendDecimal(minor, to: &out)
    }

    /// Whether connections persist by default (HTTP/1.1 and later minors, RFC 9112 §9.3).
    var persistsByDefault: Bool { major > 1 || (major == 1 && minor >= 1) }

    /// Whether `headers` keep the connection open under this version's default: `close` always
    /// ends it, `keep-alive` is needed before HTTP/1.1.
    func keepsAlive(_ headers: HeaderFields) -> Bool {
        if headers.containsToken("close", in: "Connection") { return false }
        return persistsByDefault || headers.containsToken("keep-alive", in: "Connection")
    }
}
