extension ClientConfiguration {
    /// The largest ``readBufferSize``: 64 MiB. A blocking download allocates a buffer this
    /// large, so a typo must not ask for all of memory.
    public static let maximumReadBufferSize = 64 << 20

    /// The longest duration a configuration may hold (a timeout, a backoff, the progress
    /// interval): a day. Longer is a typo or a hang, and stays far from the clock's limits.
    public static let maximumDuration = Duration.seconds(86_400)

    /// Checks every field against its stated bound: ``readBufferSize`` 1 to
    /// ``maximumReadBufferSize``; ``redirectLimit`` and ``maxIdleConnectionsPerHost`` 0 or
    /// more; each timeout nil or above zero and at most ``maximumDuration``;
    /// ``progressInterval`` 0 to ``maximumDuration``; and the ``retry`` policy
    /// (``RetryPolicy/validate()``).
    ///
    /// Both clients call it before sending anything: a bad configuration fails every download
    /// with ``DownloadError/invalidConfiguration(field:value:reason:)``, never a trap.
    ///
    /// ```swift
    /// try ClientConfiguration(readBufferSize: 0).validate()   // readBufferSize = 0: must be 1 to 67108864 bytes
    /// ```
    public func validate() throws(DownloadError) {
        guard (1...Self.maximumReadBufferSize).contains(readBufferSize) else {
            throw .invalidConfiguration(
                field: "readBufferSize", value: "\(readBufferSize)",
                reason: "must be 1 to \(Self.maximumReadBufferSize) bytes")
        }
        for (name, value) in [("redirectLimit", redirectLimit), ("maxIdleConnectionsPerHost", maxIdleConnectionsPerHost)]
        where value < 0 {
            throw .invalidConfiguration(field: name, value: "\(value)", reason: "must be 0 or more")
        }
        for phase in DownloadError.TimeoutPhase.allCases {
            guard let limit = timeouts[phase] else { continue }
            try Self.check(limit, "timeouts.\(phase.rawValue)", allowZero: false)
        }
        try Self.check(progressInterval, "progressInterval", allowZero: true)
        try retry.validate()
    }

    /// Checks that `duration` is at least zero (above it unless `allowZero`) and at most a day.
    static func check(_ duration: Duration, _ field: String, allowZero: Bool) throws(DownloadError) {
        let aboveMinimum = allowZero ? duration >= .zero : duration > .zero
        guard aboveMinimum, duration <= maximumDuration else {
            throw .invalidConfiguration(
                field: field, value: "\(duration)",
                reason: "must be \(allowZero ? "0" : "above zero") and at most a day (86400 seconds)")
        }
    }
}

extension RetryPolicy {
    /// The most attempts a policy may make: 1,000.
    public static let maximumAttempts = 1_000

    /// Checks the policy: ``maxAttempts`` 1 to ``maximumAttempts``; ``initialBackoff``,
    /// ``maxBackoff`` and ``maxRetryAfter`` 0 to a day; ``multiplier`` finite and at least 1;
    /// ``jitter`` from 0 to 1 (NaN is neither).
    public func validate() throws(DownloadError) {
        guard (1...Self.maximumAttempts).contains(maxAttempts) else {
            throw .invalidConfiguration(
                field: "retry.maxAttempts", value: "\(maxAttempts)", reason: "must be 1 (no retry) to \(Self.maximumAttempts)")
        }
        try ClientConfiguration.check(initialBackoff, "retry.initialBackoff", allowZero: true)
        try ClientConfiguration.check(maxBackoff, "retry.maxBackoff", allowZero: true)
        try ClientConfiguration.check(maxRetryAfter, "retry.maxRetryAfter", allowZero: true)
        guard multiplier.isFinite, multiplier >= 1 else {
            throw .invalidConfiguration(field: "retry.multiplier", value: "\(multiplier)", reason: "must be a finite number of at least 1")
        }
        guard (0...1).contains(jitter) else {
            throw .invalidConfiguration(field: "retry.jitter", value: "\(jitter)", reason: "must be a fraction from 0 to 1")
        }
    }
}
