import NetworkCore

extension Fault {
    /// The body positions a `corrupt:count` fault flips in responses to `method url` under
    /// `seed`: `count` distinct positions in `0..<bodyLength`, ascending (all of them when
    /// `count` ≥ `bodyLength`).
    ///
    /// They depend on the seed, method, URL and length, not on which request this is, so every
    /// response for that URL is corrupted at the same places and a test can compute them.
    /// Costs O(count log count) time and O(count) memory whatever `bodyLength` (10 GB is fine).
    public static func corruptionPositions(
        count: Int, bodyLength: Int64, seed: UInt64, method: String, url: String
    ) -> [Int64] {
        guard count > 0, bodyLength > 0 else { return [] }
        if Int64(count) >= bodyLength { return Array(0..<bodyLength) }
        // Floyd's sampling: `count` distinct values from `count` draws, without a table of the length.
        let draw = DeterministicDraw(seed: seed, key: "corrupt \(method) \(url)")
        var chosen = Set<Int64>(minimumCapacity: count)
        for (index, upper) in (bodyLength - Int64(count)..<bodyLength).enumerated() {
            let candidate = Int64(draw.below(UInt64(upper) + 1, UInt64(index)))
            if !chosen.insert(candidate).inserted { chosen.insert(upper) }
        }
        return chosen.sorted()
    }

    /// XORed into each corrupted byte: all bits flip, so every chosen byte changes and a second
    /// pass restores the original.
    public static let corruptionMask: UInt8 = 0xFF

    /// Flips (``corruptionMask``) the bytes at `positions` that fall in `buffer`, which holds
    /// body bytes `bodyOffset ..< bodyOffset + buffer.count`.
    ///
    /// `positions` must be ascending, as ``corruptionPositions(count:bodyLength:seed:method:url:)``
    /// returns them. Corrupting a body piece by piece as it streams gives the same bytes as
    /// corrupting it whole; each piece costs O(log positions + flipped bytes).
    public static func applyCorruption(
        positions: [Int64], to buffer: UnsafeMutableRawBufferPointer, bodyOffset: Int64
    ) {
        let end = bodyOffset + Int64(buffer.count)
        var low = 0
        var high = positions.count
        while low < high {
            let middle = (low + high) / 2
            if positions[middle] < bodyOffset { low = middle + 1 } else { high = middle }
        }
        while low < positions.count, positions[low] < end {
            buffer[Int(positions[low] - bodyOffset)] ^= corruptionMask
            low += 1
        }
    }
}
