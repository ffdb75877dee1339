/// SHA-256 (FIPS 180-4), for RFC 9530 `Repr-Digest: sha-256=:…:` headers on payloads of any
/// size and for clients checking what they downloaded.
///
/// Feed bytes incrementally with `update` and read the 32-byte digest with `finalize()`; the
/// digest does not depend on how the input was split. Whole 64-byte blocks are compressed
/// straight from the caller's memory, so hashing a stream costs no allocation per block.
///
/// ```swift
/// var sha = SHA256()
/// for chunk in chunks { sha.update(chunk) }
/// let header = "sha-256=:\(Data(sha.finalize()).base64EncodedString()):"
/// ```
package struct SHA256: Sendable {
    /// The digest length in bytes.
    package static let byteCount = 32

    private var state: InlineArray<8, UInt32> = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
        0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    /// Bytes of an incomplete block, waiting for the rest of it.
    private var pending = InlineArray<64, UInt8>(repeating: 0)
    private var pendingCount = 0
    private var length: UInt64 = 0

    /// A hasher that has seen no bytes.
    package init() {}

    /// Hashes `bytes` as the continuation of everything given so far.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var input = bytes.baseAddress, !bytes.isEmpty else { return }
        var remaining = bytes.count
        length &+= UInt64(remaining)
        if pendingCount > 0 {
            let taken = min(64 - pendingCount, remaining)
            for i in 0..<taken { pending[pendingCount + i] = input.load(fromByteOffset: i, as: UInt8.self) }
            pendingCount += taken
            input += taken
            remaining -= taken
            guard pendingCount == 64 else { return }
            pending.span.withUnsafeBytes { Self.compress(&state, blocks: $0.baseAddress!, count: 1) }
            pendingCount = 0
        }
        let whole = remaining / 64
        if whole > 0 {
            Self.compress(&state, blocks: input, count: whole)
            input += whole * 64
            remaining -= whole * 64
        }
        for i in 0..<remaining { pending[i] = input.load(fromByteOffset: i, as: UInt8.self) }
        pendingCount = remaining
    }

    /// Hashes `bytes` as the continuation of everything given so far.
    package mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    /// The 32-byte digest of everything given so far. The hasher itself is left unchanged.
    package func finalize() -> [UInt8] {
        var copy = self
        let bitLength = length &* 8
        // Padding: 0x80, zeros up to 56 mod 64, then the message length in bits, big-endian.
        let padding = (pendingCount < 56 ? 56 : 120) - pendingCount
        var tail = [UInt8](repeating: 0, count: padding + 8)
        tail[0] = 0x80
        for i in 0..<8 { tail[padding + i] = UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * i)) }
        copy.update(tail)
        var digest = [UInt8](repeating: 0, count: Self.byteCount)
        for i in 0..<8 {
            for j in 0..<4 { digest[4 * i + j] = UInt8(truncatingIfNeeded: copy.state[i] >> (24 - 8 * j)) }
        }
        return digest
    }

    /// The digest of `bytes`.
    package static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var sha = SHA256()
        sha.update(bytes)
        return sha.finalize()
    }

    /// Compresses `count` consecutive 64-byte blocks starting at `blocks` into `state`.
    private static func compress(_ state: inout InlineArray<8, UInt32>, blocks: UnsafeRawPointer, count: Int) {
        var h0 = state[0], h1 = state[1], h2 = state[2], h3 = state[3]
        var h4 = state[4], h5 = state[5], h6 = state[6], h7 = state[7]
        roundConstants.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                for block in 0..<count {
                    let base = blocks + block * 64
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: base.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let a = w[t - 15], b = w[t - 2]
                        let s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a &>> 3)
                        let s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b &>> 10)
                        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                    }
                    var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                    // Eight rounds per pass with the roles of the variables rotated, instead of
                    // shifting eight values every round: about 20% faster.
                    for pass in 0..<8 {
                        let t = pass * 8
                        round(a, b, c, &d, e, f, g, &h, k[t] &+ w[t])
                        round(h, a, b, &c, d, e, f, &g, k[t + 1] &+ w[t + 1])
                        round(g, h, a, &b, c, d, e, &f, k[t + 2] &+ w[t + 2])
                        round(f, g, h, &a, b, c, d, &e, k[t + 3] &+ w[t + 3])
                        round(e, f, g, &h, a, b, c, &d, k[t + 4] &+ w[t + 4])
                        round(d, e, f, &g, h, a, b, &c, k[t + 5] &+ w[t + 5])
                        round(c, d, e, &f, g, h, a, &b, k[t + 6] &+ w[t + 6])
                        round(b, c, d, &e, f, g, h, &a, k[t + 7] &+ w[t + 7])
                    }
                    h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
                    h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
                }
            }
        }
        state = [h0, h1, h2, h3, h4, h5, h6, h7]
    }

    /// One round: `d` and `h` are the two working variables that change.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32
    ) {
        let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ (g ^ (e & (f ^ g))) &+ kw
        d &+= t1
        h = t1 &+ (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) | (c & (a | b)))
    }

    // Masking shifts: the smart `>>` and `<<` are generic calls in debug builds, 3x slower.
    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { x &>> n | x &<< (32 &- n) }

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}
