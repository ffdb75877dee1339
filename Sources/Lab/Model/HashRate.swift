import MockServer
import NetworkCore

/// How fast this machine hashes on one core, measured on a small payload before timing, so
/// the hash workload has a prediction to compare with.
enum HashRate {
    /// Bytes per second, the best of a few short runs (a busy machine only makes runs slower).
    static func calibrate(bytes: Int = 1 << 20, runs: Int = 3) -> Double {
        let payload = Payload.checkedBytes(seed: 0, count: max(bytes, 0))
        var best = Double.infinity
        for _ in 0..<runs {
            let start = Instant.now()
            var sha = SHA256()
            payload.withUnsafeBytes { sha.update($0) }
            _ = sha.finalize()
            best = min(best, (Instant.now() - start).seconds)
        }
        return Double(bytes) / max(best, 1e-9)
    }
}
