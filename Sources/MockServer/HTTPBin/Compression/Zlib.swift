/// The zlib format (RFC 1950) around stored DEFLATE blocks: what HTTP's
/// `Content-Encoding: deflate` means (RFC 9110 §8.4.1.2), and what httpbin's `/deflate` sends.
enum Zlib {
    /// `bytes` as a zlib stream with its Adler-32 trailer.
    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        // CMF 0x78: deflate with a 32 KiB window; FLG 0x01 makes CMF·256 + FLG a multiple of 31.
        var out: [UInt8] = [0x78, 0x01]
        out += Deflate.stored(bytes)
        let adler = Adler32.checksum(bytes)
        out += (0..<4).map { UInt8(truncatingIfNeeded: adler >> (24 - 8 * $0)) }
        return out
    }
}
