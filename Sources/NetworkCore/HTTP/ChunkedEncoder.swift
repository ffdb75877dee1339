/// Frames body bytes as chunks (RFC 9112 §7.1) for a response or request of unknown length.
///
/// ```swift
/// for piece in pieces { try socket.write(ChunkedEncoder.chunk(piece)) }
/// try socket.write(ChunkedEncoder.terminator)
/// ```
package enum ChunkedEncoder {
    /// `data` framed as one chunk: hex size, CRLF, the bytes, CRLF. Empty for empty `data`,
    /// since a zero-size chunk would end the body.
    package static func chunk(_ data: some Collection<UInt8>) -> [UInt8] {
        guard !data.isEmpty else { return [] }
        let size = String(data.count, radix: 16).utf8
        var out: [UInt8] = []
        out.reserveCapacity(size.count + data.count + 4)
        out.append(contentsOf: size)
        out.append(contentsOf: HTTPSyntax.crlf)
        out.append(contentsOf: data)
        out.append(contentsOf: HTTPSyntax.crlf)
        return out
    }

    /// The last chunk and an empty trailer section: `0` CRLF CRLF.
    package static let terminator: [UInt8] = Array("0\r\n\r\n".utf8)
}
