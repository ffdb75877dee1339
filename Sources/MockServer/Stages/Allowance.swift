import NetworkCore

/// What a stage lets a response body send now: up to some bytes, or nothing before an
/// instant (the connection arms a timer for it).
enum Allowance: Equatable {
    case upTo(Int64)
    case waitUntil(Instant)

    /// Applies `next` after this allowance: the smaller of two limits, or the first wait (a
    /// stage after a wait is not consulted, as it must not start its clock yet).
    func then(_ next: (Int64) -> Allowance) -> Allowance {
        guard case .upTo(let bytes) = self, bytes > 0 else { return self }
        return next(bytes)
    }
}
