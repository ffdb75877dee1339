import NetworkCore

/// A `slice` fault: the body goes out in pieces of `bytes`, the start of each `delay` after
/// the previous one's, counted from when the first piece could go.
struct SliceStage: Equatable {
    let bytes: Int
    let delay: Duration
    private(set) var start: Instant?

    init(bytes: Int, delay: Duration) {
        self.bytes = max(1, bytes)
        self.delay = delay
    }

    /// What may go now, with `bodySent` body bytes sent and `budget` wanted.
    mutating func allowance(bodySent: Int64, budget: Int64, at now: Instant) -> Allowance {
        let start = self.start ?? now
        self.start = start
        let piece = Int64(bytes)
        let pieceStart = start + delay * Int(bodySent / piece)
        if now < pieceStart { return .waitUntil(pieceStart) }
        return .upTo(min(budget, piece - bodySent % piece))
    }
}
