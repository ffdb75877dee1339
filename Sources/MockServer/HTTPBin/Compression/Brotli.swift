/// A brotli stream (RFC 7932) of uncompressed meta-blocks, for `Content-Encoding: br`: valid
/// for every decoder, and needs no compressor.
///
/// Framing (bits are packed from the least significant end of each byte): the stream header
/// `WBITS` as a single 0 bit (a 64 KiB window); then per meta-block `ISLAST` = 0, `MNIBBLES`
/// (2 bits, 0 meaning four nibbles), `MLEN - 1` in 16 bits, `ISUNCOMPRESSED` = 1, zero bits up
/// to the byte boundary, and `MLEN` literal bytes. An uncompressed meta-block cannot be the last
/// one, so an empty last meta-block (`ISLAST` = 1, `ISLASTEMPTY` = 1) ends the stream.
enum Brotli {
    /// The largest meta-block this writer emits: four nibbles of length.
    private static let maxBlock = 1 << 16

    /// `bytes` as a brotli stream.
    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 3 * (bytes.count / maxBlock + 1) + 1)
        // The window bit sits alone before the first meta-block header, so each header below is
        // written shifted by one bit; after an uncompressed block the stream is byte-aligned,
        // and later headers start at bit 0.
        var shift = 1
        var start = 0
        while start < bytes.count {
            let end = min(start + maxBlock, bytes.count)
            // ISLAST 0 (bit 0), MNIBBLES 0 (bits 1-2), MLEN - 1 (bits 3-18), ISUNCOMPRESSED (bit 19).
            let header = (UInt32(end - start - 1) << 3 | 1 << 19) << UInt32(shift)
            let bits = 20 + shift
            for index in 0..<((bits + 7) / 8) { out.append(UInt8(truncatingIfNeeded: header >> (8 * index))) }
            out += bytes[start..<end]
            start = end
            shift = 0
        }
        // ISLAST 1, ISLASTEMPTY 1, after the window bit when nothing came before.
        out.append(UInt8(0b11 << shift))
        return out
    }
}
