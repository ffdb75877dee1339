import NetworkCore

/// Paces one stream of bytes at a rate: credit accrues continuously and a byte may leave only
/// once it has been paid for.
///
/// The bucket starts empty ("pay then send"), so a transfer of S bytes at rate r that always
/// sends as soon as it may sends its last byte exactly S/r after the start, as the fluid model
/// of ``LinkModel`` says. Credit is capped at `burst`, so a sender that could not send for a
/// while (a client not reading) does not later exceed the rate by more than `burst` bytes.
/// Sending more than the credit is allowed and leaves a debt that later bytes repay.
struct TokenBucket {
    /// Bytes per second; at zero the bucket never fills.
    private(set) var rate: Double
    /// The most credit the bucket holds, in bytes.
    private(set) var burst: Int
    private var credit: Double = 0
    private var updated: Instant

    /// A bucket filling at `rate` from `start`, empty unless it starts with `credit` (what a
    /// paused flow held when it paused; negative for a debt).
    init(rate: Double, burst: Int, at start: Instant, credit: Double = 0) {
        precondition(rate >= 0 && burst >= 0, "a token bucket needs a rate and a burst of at least zero")
        self.rate = rate
        self.burst = burst
        self.credit = credit
        self.updated = start
    }

    /// The whole bytes that may be sent at `now`.
    func available(at now: Instant) -> Int {
        // The tolerance absorbs rounding, so that at `deadline(forBytes:at:)` the bytes are there.
        Int(max(0, credit(at: now) + 1e-6).rounded(.down))
    }

    /// Records that `bytes` were sent at `now`.
    mutating func consume(_ bytes: Int, at now: Instant) {
        credit = credit(at: now) - Double(bytes)
        updated = max(updated, now)
    }

    /// The earliest instant, not before `now`, at which `bytes` may be sent; as the bucket never
    /// holds more than `burst`, larger requests get the instant it is full.
    func deadline(forBytes bytes: Int, at now: Instant) -> Instant {
        let missing = Double(min(bytes, burst)) - credit(at: now)
        guard missing > 1e-6 else { return now }
        let wait = (missing / rate * 1e9).rounded(.up)
        // At a rate of a few bytes per century (or zero) the wait overflows 64 bits: never.
        guard wait < 0x1p63 else { return Instant(nanoseconds: .max) }
        return now + .nanoseconds(Int64(wait))
    }

    /// Changes the rate (and the burst, unless nil) from `now` on; the credit earned until
    /// `now` is kept, at the old rate.
    mutating func setRate(_ rate: Double, burst: Int? = nil, at now: Instant) {
        precondition(rate >= 0, "a token bucket needs a rate of at least zero")
        credit = credit(at: now)
        updated = max(updated, now)
        self.rate = rate
        if let burst { self.burst = burst }
    }

    /// The credit at `now`, in bytes: what may be sent without waiting (negative for a debt).
    func credit(at now: Instant) -> Double {
        // Credit above the burst (left when the burst shrank) is kept but does not grow.
        guard credit < Double(burst), now > updated else { return credit }
        return min(Double(burst), credit + rate * Double(now.nanoseconds - updated.nanoseconds) / 1e9)
    }
}
