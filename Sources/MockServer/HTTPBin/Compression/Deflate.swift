/// A raw DEFLATE stream (RFC 1951) of stored blocks: valid for every inflater, compressing
/// nothing, which is all a test server needs and needs no compressor.
enum Deflate {
    /// The largest stored block.
    private static let maxBlock = 65_535

    /// `bytes` as stored blocks, the last one marked final (an empty input is one empty block).
    static func stored(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 5 * (bytes.count / maxBlock + 1))
        var start = 0
        repeat {
            let end = min(start + maxBlock, bytes.count)
            let length = UInt16(end - start)
            // BFINAL in bit 0, BTYPE 00 (stored) in bits 1-2; the rest of the byte is padding.
            out.append(end == bytes.count ? 1 : 0)
            out += [UInt8(length & 0xff), UInt8(length >> 8), UInt8(~length & 0xff), UInt8(~length >> 8)]
            out += bytes[start..<end]
            start = end
        } while start < bytes.count
        return out
    }
}
