#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point on the monotonic clock, in nanoseconds.
///
/// Pacing deadlines, timers and journal times are all `Instant`s, so that pure scheduling logic
/// can be driven by literal instants in tests and by `Instant.now()` on the event loop.
package struct Instant: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Nanoseconds since an arbitrary origin (boot, for the monotonic clock).
    package var nanoseconds: Int64

    package init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// The instant `seconds` after the origin; convenient for tests written in seconds.
    package init(seconds: Double) {
        self.nanoseconds = Int64((seconds * 1e9).rounded())
    }

    /// The current time on the monotonic clock (`CLOCK_MONOTONIC`), which never jumps.
    package static func now() -> Instant {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Instant(nanoseconds: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec))
    }

    /// The origin: useful as a start for manual clocks in tests.
    package static let zero = Instant(nanoseconds: 0)

    /// Seconds since the origin, as a floating-point number.
    package var seconds: Double { Double(nanoseconds) / 1e9 }

    package static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    // The arithmetic saturates instead of wrapping: an instant beyond 64 bits of nanoseconds is
    // "never" (or "long ago"), so a latency of centuries or a rate of a byte per century waits
    // for ever rather than wrapping into the past and firing at once.

    package static func + (lhs: Instant, rhs: Duration) -> Instant {
        Instant(nanoseconds: saturating(lhs.nanoseconds.addingReportingOverflow(rhs.nanoseconds), towardsMax: rhs > .zero))
    }

    package static func - (lhs: Instant, rhs: Duration) -> Instant {
        Instant(nanoseconds: saturating(lhs.nanoseconds.subtractingReportingOverflow(rhs.nanoseconds), towardsMax: rhs < .zero))
    }

    package static func - (lhs: Instant, rhs: Instant) -> Duration {
        .nanoseconds(saturating(lhs.nanoseconds.subtractingReportingOverflow(rhs.nanoseconds), towardsMax: lhs > rhs))
    }

    private static func saturating(_ result: (partialValue: Int64, overflow: Bool), towardsMax: Bool) -> Int64 {
        guard result.overflow else { return result.partialValue }
        return towardsMax ? .max : .min
    }

    package var description: String { "Instant(\(seconds)s)" }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating for durations beyond ±292 years).
    /// Read from the 128-bit attoseconds, never from `components`, which traps for a sum of
    /// durations beyond `Int64` seconds (`.seconds(Int64.max) + .seconds(1)`).
    package var nanoseconds: Int64 {
        let nanoseconds = attoseconds / 1_000_000_000
        return nanoseconds > Int128(Int64.max) ? .max : nanoseconds < Int128(Int64.min) ? .min : Int64(nanoseconds)
    }

    /// The duration in seconds, as a floating-point number (any duration, without trapping).
    package var seconds: Double {
        let whole = attoseconds / 1_000_000_000_000_000_000
        // Below 10^18, the fraction fits 64 bits. So does every whole part but those beyond
        // ±292 billion years: through Int64, the conversion to Double is one instruction, where
        // Double(Int128) takes the generic path (a tenth of the server's time per request, in
        // the journal's figures).
        let fraction = Double(Int64(truncatingIfNeeded: attoseconds % 1_000_000_000_000_000_000)) / 1e18
        let narrow = Int64(truncatingIfNeeded: whole)
        return (Int128(narrow) == whole ? Double(narrow) : Double(whole)) + fraction
    }

    /// A duration of `seconds` (a floating-point number of seconds), rounded to nanoseconds and,
    /// like ``nanoseconds``, saturating beyond ±292 years; NaN is zero. Any number a client sends
    /// (`{"latency": 1e300}`) gives a duration, never a trap.
    package static func seconds(double seconds: Double) -> Duration {
        let nanoseconds = (seconds * 1e9).rounded()
        if nanoseconds.isNaN { return .zero }
        if nanoseconds >= 0x1p63 { return .nanoseconds(Int64.max) }
        if nanoseconds < -0x1p63 { return .nanoseconds(Int64.min) }
        return .nanoseconds(Int64(nanoseconds))
    }
}
