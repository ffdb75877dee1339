#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NetworkCore

/// The deterministic body of `GET /bytes/{size}?seed=N`: pseudo-random bytes that are a pure
/// function of `(seed, offset)`.
///
/// The same seed gives the same bytes in every process, on every machine, and a shorter
/// payload is a prefix of a longer one (`/bytes/1MB` is the first 1,000,000 bytes of
/// `/bytes/10MB`). The server generates the body while streaming, so 10 GB cost no memory,
/// and clients check what they received with ``firstMismatch(in:seed:offset:)``.
///
/// ## The function
///
/// Byte `i` of the payload for `seed` is byte `i % 8` of word `i / 8`, words being 64-bit
/// unsigned integers written little-endian. Each 64 KiB block is a fixed 64 KiB tile, the same
/// for every seed, rotated by an amount and masked with a key that are drawn per seed and
/// block. With all arithmetic modulo 2^64:
///
/// ```text
/// word(j)  = tile((j + rotation) mod 8192)  XOR  key
///            where key = h(mix(seed) + (j div 8192 + 1) * P) and rotation = key >> 51
/// tile(i)  = h((i + 1) * P)
/// h(s)     = hi XOR lo, where hi:lo is the 128-bit product s * (s XOR 0xe7037ed1a0b428db)
/// P        = 0xa0761d6478bd642f
/// mix(x)   = SplitMix64's finalizer:
///            z = x + 0x9e3779b97f4a7c15
///            z = (z XOR (z >> 30)) * 0xbf58476d1ce4e5b9
///            z = (z XOR (z >> 27)) * 0x94d049bb133111eb
///            mix = z XOR (z >> 31)
/// ```
///
/// The tile makes generating a block no dearer than copying it, so a server streams `/bytes`
/// about as fast as it could send a file from memory. The rotation and key make every 64 KiB
/// block of every seed different from every other, with no simple relation between two of
/// them, so a byte delivered at the wrong offset still shows.
///
/// In Python:
///
/// ```python
/// M, P = 2**64 - 1, 0xa0761d6478bd642f
/// def mix(x):
///     z = (x + 0x9e3779b97f4a7c15) & M
///     z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M
///     z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M
///     return z ^ (z >> 31)
/// def h(s):
///     p = s * (s ^ 0xe7037ed1a0b428db)
///     return ((p >> 64) ^ p) & M
/// def payload(seed, offset, count):
///     out = bytearray()
///     for j in range(offset // 8, (offset + count + 7) // 8):
///         key = h((mix(seed) + (j // 8192 + 1) * P) & M)
///         word = h(((j + (key >> 51)) % 8192 + 1) * P & M) ^ key
///         out += word.to_bytes(8, "little")
///     start = offset % 8
///     return bytes(out[start:start + count])
/// ```
///
/// Changing this function changes every payload: ``etag(seed:size:)`` carries a version for
/// that reason, and the tests pin golden bytes.
public enum Payload {
    /// Fills `buffer` with the payload bytes at `offset ..< offset + buffer.count` for `seed`.
    ///
    /// ```swift
    /// var chunk = [UInt8](repeating: 0, count: 65_536)
    /// try chunk.withUnsafeMutableBytes { try Payload.fill($0, seed: 42, offset: sent) }
    /// ```
    ///
    /// Throws ``PayloadRangeError`` if `offset` is negative or the range runs past `Int64.max`.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer, seed: UInt64, offset: Int64) throws(PayloadRangeError) {
        try PayloadRangeError.check(offset: offset, count: buffer.count)
        write(buffer, seed: seed, offset: offset)
    }

    /// ``fill(_:seed:offset:)`` for a range the caller has already checked: the server's hot path.
    package static func write(_ buffer: UnsafeMutableRawBufferPointer, seed: UInt64, offset: Int64) {
        guard let base = buffer.baseAddress else { return }
        // When the buffer's alignment matches the payload's word boundaries, whole words go
        // straight into it: no intermediate copy, which halves the cost on the server's
        // hot path (it aligns its send buffer for this).
        let lead = Int((8 - offset % 8) % 8)
        if UInt64(1).littleEndian == 1, (Int(bitPattern: base) + lead) % 8 == 0, buffer.count >= lead + 8 {
            let words = (buffer.count - lead) / 8
            if lead > 0 { fillChunked(UnsafeMutableRawBufferPointer(start: base, count: lead), seed: seed, offset: offset) }
            generate(
                into: (base + lead).assumingMemoryBound(to: UInt64.self), count: words,
                key: DeterministicDraw.mix(seed), firstWord: UInt64((offset + Int64(lead)) / 8)
            )
            let done = lead + words * 8
            if done < buffer.count {
                fillChunked(UnsafeMutableRawBufferPointer(start: base + done, count: buffer.count - done), seed: seed, offset: offset + Int64(done))
            }
            return
        }
        fillChunked(buffer, seed: seed, offset: offset)
    }

    private static func fillChunked(_ buffer: UnsafeMutableRawBufferPointer, seed: UInt64, offset: Int64) {
        forEachChunk(seed: seed, offset: offset, count: buffer.count) { position, chunk in
            (buffer.baseAddress! + position).copyMemory(from: chunk.baseAddress!, byteCount: chunk.count)
            return true
        }
    }

    /// The payload bytes at `offset ..< offset + count` for `seed`.
    ///
    /// ```swift
    /// #expect(try body == Payload.bytes(seed: 42, count: 4096))
    /// ```
    ///
    /// Throws ``PayloadRangeError`` if `offset` or `count` is negative or the range runs past
    /// `Int64.max`.
    public static func bytes(seed: UInt64, offset: Int64 = 0, count: Int) throws(PayloadRangeError) -> [UInt8] {
        try PayloadRangeError.check(offset: offset, count: count)
        return checkedBytes(seed: seed, offset: offset, count: count)
    }

    /// ``bytes(seed:offset:count:)`` for a range the caller has already checked.
    package static func checkedBytes(seed: UInt64, offset: Int64 = 0, count: Int) -> [UInt8] {
        // Not through `unsafeUninitializedCapacity` for none: in an optimized build that writes
        // the count into the shared empty-array singleton, which ThreadSanitizer reports.
        guard count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            write(UnsafeMutableRawBufferPointer(buffer), seed: seed, offset: offset)
            initialized = count
        }
    }

    /// The strong ETag (quoted) of the `size`-byte payload for `seed`, e.g.
    /// `"payload-v2-seed42-size10000000"`; the version changes if the function ever does.
    public static func etag(seed: UInt64, size: Int64) -> String {
        "\"payload-v2-seed\(seed)-size\(size)\""
    }

    /// The index in `buffer` of the first byte that differs from the payload at `offset` for
    /// `seed`, or `nil` if all of `buffer` matches.
    ///
    /// Allocates nothing, so a client can check each chunk of a download as it arrives:
    ///
    /// ```swift
    /// if let index = try Payload.firstMismatch(in: chunk, seed: 42, offset: received) {
    ///     print("corrupt at byte \(received + Int64(index))")
    /// }
    /// ```
    ///
    /// Throws ``PayloadRangeError`` if `offset` is negative or the range runs past `Int64.max`.
    public static func firstMismatch(in buffer: UnsafeRawBufferPointer, seed: UInt64, offset: Int64) throws(PayloadRangeError) -> Int? {
        try PayloadRangeError.check(offset: offset, count: buffer.count)
        var found: Int?
        forEachChunk(seed: seed, offset: offset, count: buffer.count) { position, chunk in
            guard memcmp(buffer.baseAddress! + position, chunk.baseAddress!, chunk.count) != 0 else { return true }
            found = position + chunk.indices.first { buffer[position + $0] != chunk[$0] }!
            return false
        }
        return found
    }

    /// The multiplier of the counters fed to ``hash(_:)``.
    private static let increment: UInt64 = 0xa076_1d64_78bd_642f

    /// Words in the tile: 64 KiB, which stays in cache while it is copied out.
    private static let tileWords = 8192

    /// The tile shared by all seeds and blocks: word `i` is `hash((i + 1) * increment)`.
    private static let tile: [UInt64] = (0..<UInt64(tileWords)).map { hash(($0 &+ 1) &* increment) }

    /// wyhash's mum mix: the high and low halves of `s * (s ^ constant)`, folded.
    @inline(__always)
    private static func hash(_ s: UInt64) -> UInt64 {
        let product = s.multipliedFullWidth(by: s ^ 0xe703_7ed1_a0b4_28db)
        return product.high ^ product.low
    }

    /// Writes payload words `firstWord ..< firstWord + count` (native byte order) at `words`.
    private static func generate(into words: UnsafeMutablePointer<UInt64>, count: Int, key seedKey: UInt64, firstWord: UInt64) {
        tile.withUnsafeBufferPointer { tile in
            var word = firstWord
            var next = words
            var left = count
            while left > 0 {
                // One run: the rest of this block, or of the tile once rotated, whichever ends first.
                let key = hash(seedKey &+ (word / UInt64(tileWords) &+ 1) &* increment)
                let inBlock = Int(word % UInt64(tileWords))
                let index = (inBlock + Int(key >> 51)) % tileWords
                let run = min(left, tileWords - inBlock, tileWords - index)
                let source = tile.baseAddress! + index
                for position in 0..<run { next[position] = source[position] ^ key }
                next += run
                left -= run
                word += UInt64(run)
            }
        }
    }

    /// Words generated per chunk: 8 KiB of stack.
    private static let chunkWords = 1024

    /// Generates the payload at `offset ..< offset + count` in chunks of at most 8 KiB and
    /// hands each to `body` with its position in the range, until `body` returns `false`.
    private static func forEachChunk(
        seed: UInt64, offset: Int64, count: Int, _ body: (Int, UnsafeRawBufferPointer) -> Bool
    ) {
        let key = DeterministicDraw.mix(seed)
        var word = UInt64(offset / 8)
        var skip = Int(offset % 8)
        var position = 0
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: chunkWords) { scratch in
            let words = scratch.baseAddress!
            while position < count {
                let wordCount = min(chunkWords, (skip + count - position + 7) / 8)
                generate(into: words, count: wordCount, key: key, firstWord: word)
                if UInt64(1).littleEndian != 1 {
                    for i in 0..<wordCount { words[i] = words[i].byteSwapped }
                }
                let length = min(wordCount * 8 - skip, count - position)
                guard body(position, UnsafeRawBufferPointer(start: UnsafeRawPointer(words) + skip, count: length)) else {
                    return
                }
                position += length
                word += UInt64(wordCount)
                skip = 0
            }
        }
    }
}
