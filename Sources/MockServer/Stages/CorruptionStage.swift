/// A `corrupt` fault: the body bytes at fixed positions are flipped as they go out, piece by
/// piece, the same whatever the pieces.
struct CorruptionStage: Equatable {
    /// Body positions (from the start of the body as sent), ascending.
    let positions: [Int64]

    /// The positions for `count` flips in a body of `length` bytes (a body of unknown length
    /// is corrupted as if it were 1 MiB long) for this request.
    init(count: Int, length: Int64?, seed: UInt64, method: String, url: String) {
        positions = Fault.corruptionPositions(count: count, bodyLength: length ?? 1 << 20, seed: seed, method: method, url: url)
    }

    /// Flips the chosen bytes in `buffer`, which holds body bytes from `bodyOffset` on.
    func apply(to buffer: UnsafeMutableRawBufferPointer, bodyOffset: Int64) {
        guard !positions.isEmpty else { return }
        Fault.applyCorruption(positions: positions, to: buffer, bodyOffset: bodyOffset)
    }
}
