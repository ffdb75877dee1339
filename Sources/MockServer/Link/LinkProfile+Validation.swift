extension LinkProfile {
    /// The slowest rate a link may have: 1 byte per second. A slower one would hold a
    /// connection for longer than any test waits, and rates that round to nothing
    /// (`1e-300`) would never send a byte.
    public static let minimumRate = Bandwidth.bytesPerSecond(1)

    /// The fastest rate a link may have: 10^15 bytes per second (1,000,000 GB/s), far beyond
    /// any loopback, and the largest rate every form (Swift, query, JSON) writes and reads back
    /// exactly.
    public static let maximumRate = Bandwidth.bytesPerSecond(1e15)

    /// The longest delay a link (or a `slice` fault) may add: a day. Anything longer is a
    /// typo or a hang, and stays far from the arithmetic limits of the clock.
    public static let maximumDelay = Duration.seconds(86_400)

    /// Checks the bounds every path shares (Swift, query parameters, `lab serve` flags and
    /// `PUT /_lab/link`): `latency`, `connectLatency` and the jitter's amplitude from zero to
    /// ``maximumDelay``, every rate from ``minimumRate`` to ``maximumRate``.
    ///
    /// ``MockServer/start(_:)`` and ``MockServer/setLink(_:)`` call it, so a link built in
    /// Swift is refused with ``MockServerError/invalidLink(_:)`` before it is used.
    ///
    /// ```swift
    /// try LinkProfile(latency: .seconds(-1)).validate()   // throws .outOfRange(parameter: "latency", ...)
    /// ```
    public func validate() throws(LinkParameterError) {
        try Self.check(latency, Parameter.latency.rawValue)
        try Self.check(connectLatency, Parameter.connectLatency.rawValue)
        switch jitter {
        case .none: break
        case .uniform(let amplitude): try Self.check(amplitude, Parameter.jitter.rawValue)
        case .normal(let sigma): try Self.check(sigma, Parameter.jitter.rawValue)
        }
        try Self.check(bandwidth, Parameter.bandwidth.rawValue)
        try Self.check(linkBandwidth, Parameter.linkBandwidth.rawValue)
        try Self.check(uploadBandwidth, Parameter.uploadBandwidth.rawValue)
        try Self.check(uploadLinkBandwidth, Parameter.uploadLinkBandwidth.rawValue)
    }

    /// The bound a duration breaks, said so that a user can act on it.
    static var delayBound: String { "a duration from 0 to 24h (86400s)" }

    /// Checks that `duration`, the value of the parameter `name`, is one a link holds: from 0
    /// to ``maximumDelay``. Toxics hold their durations to the same bound.
    package static func check(_ duration: Duration, _ name: String) throws(LinkParameterError) {
        guard duration >= .zero, duration <= maximumDelay else {
            throw .outOfRange(parameter: name, value: duration.labDescription, bound: delayBound)
        }
    }

    private static func check(_ rate: Bandwidth?, _ name: String) throws(LinkParameterError) {
        guard let rate else { return }
        // On the numbers: Comparable's derived `>=` would let NaN through.
        let bytesPerSecond = rate.bytesPerSecond
        guard bytesPerSecond >= minimumRate.bytesPerSecond, bytesPerSecond <= maximumRate.bytesPerSecond else {
            throw .outOfRange(
                parameter: name, value: "\(rate.bytesPerSecond)B/s",
                bound: "a rate from 1B/s to 1000000GB/s, or none for no cap")
        }
    }
}
