/// Why `lab` could not speak TLS to an https:// upstream.
enum TLSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// OpenSSL 3 could not be loaded; the reason names the missing library or symbol.
    case unavailable(String)
    /// A trust bundle or certificate file could not be used (`--upstream-ca FILE`).
    case configuration(String)
    /// The handshake or a record failed: "certificate verify failed: self-signed certificate".
    case failed(String)

    var description: String {
        switch self {
        case .unavailable(let reason), .configuration(let reason), .failed(let reason): reason
        }
    }

    /// The text in a NUL-terminated buffer the C side filled.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
