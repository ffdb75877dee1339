/// The gzip format (RFC 1952) around stored DEFLATE blocks, for `Content-Encoding: gzip`.
enum Gzip {
    /// `bytes` as a gzip member: no name, no modification time, CRC-32 and length trailer.
    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        // ID1 ID2, CM = 8 (deflate), FLG = 0, MTIME = 0 (none), XFL = 0, OS = 255 (unknown).
        var out: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]
        out += Deflate.stored(bytes)
        out += littleEndian(CRC32.checksum(bytes))
        out += littleEndian(UInt32(truncatingIfNeeded: bytes.count))
        return out
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
