import NetworkCore

/// Where the async hashing tasks run: one actor, so at most one of them computes at any
/// moment, as coroutines do on Python's asyncio event loop. Each task yields between slices
/// so the others interleave with it, and none of them runs in parallel with another.
actor HashingActor {
    /// Bytes hashed between two yields.
    static let slice = 64 * 1024

    /// The SHA-256 of `payload`, yielding to the other tasks after every slice; nil if the
    /// run was stopped.
    func hash(_ payload: [UInt8], control: RunControl) async -> [UInt8]? {
        var sha = SHA256()
        var offset = 0
        while offset < payload.count {
            guard !control.isStopping else { return nil }
            let end = min(payload.count, offset + Self.slice)
            payload.withUnsafeBytes { sha.update(UnsafeRawBufferPointer(rebasing: $0[offset..<end])) }
            control.add(end - offset)
            offset = end
            await Task.yield()
        }
        return sha.finalize()
    }
}
