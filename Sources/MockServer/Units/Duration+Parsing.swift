import NetworkCore

extension Duration {
    /// Reads a duration as the lab's users write them: `200ms`, `1.5s`, `500us`, or a plain
    /// number of milliseconds (`200`).
    ///
    /// Unit letters may be in any case; fractions are allowed down to the nanosecond
    /// (`1.5us`, not `0.0001us`); nothing else: no sign, no spaces, no exponent, at most
    /// `Int64.max` nanoseconds (292 years).
    ///
    /// ```swift
    /// let latency = try Duration(parsing: "200ms")
    /// ```
    public init(parsing text: String) throws(UnitParseError) {
        let quantity = try UnitText(text, kind: .duration)
        self = .nanoseconds(try quantity.scaled(by: quantity.lookUp(in: Self.labUnits)))
    }

    /// The duration to the nanosecond in the largest of `s`, `ms` and `us` in which it is at
    /// least 1, as in `1.5s`, `200ms`, `250us` or `0.05us`; zero is `0ms`; beyond 2^64
    /// nanoseconds (584 years), whole seconds. It parses back to the same duration up to
    /// `Int64.max` nanoseconds, except that negative durations have a leading `-` that the
    /// grammar refuses.
    public var labDescription: String {
        let nanoseconds = attoseconds / 1_000_000_000
        // Past 2^64 nanoseconds (584 years), whole seconds say enough; a saturated figure
        // (9223372036.854775807s) would show a value nobody wrote.
        guard let magnitude = UInt64(exactly: nanoseconds.magnitude) else { return "\(attoseconds / 1_000_000_000_000_000_000)s" }
        guard magnitude > 0 else { return "0ms" }
        let (symbol, unit): (String, UInt64) =
            magnitude >= 1_000_000_000 ? ("s", 1_000_000_000) : magnitude >= 1_000_000 ? ("ms", 1_000_000) : ("us", 1_000)
        // Nine decimals always suffice: a unit is at most 10^9 nanoseconds.
        let number = UnitText.decimal(magnitude, over: unit, maxFractionDigits: 9)!
        return (nanoseconds < 0 ? "-" : "") + number + symbol
    }

    /// Nanoseconds per unit, from the smallest; a plain number is milliseconds.
    private static let labUnits: KeyValuePairs<String, Int64> = [
        "": 1_000_000, "us": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
    ]
}
