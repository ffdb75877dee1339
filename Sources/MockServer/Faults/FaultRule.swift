import NetworkCore

/// A fault and when it fires: always, with probability ``rate``, and/or only on the first
/// ``first`` requests for each URL. Every decision is drawn from the server's seed.
///
/// ```swift
/// Fault.resetAfter(bytes: 1_000_000).rate(0.3)   // 30% of requests, the same ones for a seed
/// Fault.status(503).first(2).retryAfter(1)       // the first two requests per URL get a 503
/// ```
public struct FaultRule: Sendable, Hashable {
    /// What happens to the response when the rule fires.
    public var fault: Fault
    /// The probability, 0 to 1, that the rule fires on a request (1: always, 0: never).
    public var rate: Double
    /// Fire only on the first `first` requests for each method+URL (ordinals `0..<first`);
    /// `nil` means no limit.
    public var first: Int?
    /// Seconds to announce in a `Retry-After` header; only ``Fault/status(_:)`` sends it.
    public var retryAfter: Int?

    /// A rule for `fault`; the defaults fire on every request.
    public init(_ fault: Fault, rate: Double = 1, first: Int? = nil, retryAfter: Int? = nil) {
        self.fault = fault
        self.rate = rate
        self.first = first
        self.retryAfter = retryAfter
    }

    /// Whether the rule fires on the `ordinal`-th request (0-based) for `method url` under `seed`.
    ///
    /// A pure function of its arguments, so replaying a seed replays the decisions whatever
    /// the interleaving of requests to other URLs. `url` is the target as sent (path and query).
    public func fires(seed: UInt64, method: String, url: String, ordinal: Int) -> Bool {
        fires(seed: seed, method: method, url: url, ordinal: ordinal, ruleIndex: 0)
    }

    /// `ruleIndex` (the rule's place in its plan) keeps the draws of a plan's rules independent.
    func fires(seed: UInt64, method: String, url: String, ordinal: Int, ruleIndex: Int) -> Bool {
        if let first, ordinal >= first { return false }
        return DeterministicDraw(seed: seed, key: "fault-rate \(ruleIndex) \(method) \(url)#\(ordinal)").unit() < rate
    }

    /// Checks the fault (``Fault/validate()``), a rate in 0...1, `first` ≥ 0, and a
    /// `retryAfter` ≥ 0 given only with a status fault. The parsers always validate; call this
    /// for rules built in Swift before serving them.
    public func validate() throws(FaultSpecError) {
        try fault.validate()
        guard (0...1).contains(rate) else {
            throw .invalidParameter(name: "fault-rate", value: "\(rate)", reason: "must be a number from 0 to 1")
        }
        if let first, first < 0 {
            throw .invalidParameter(name: "fault-first", value: "\(first)", reason: "must be 0 or more")
        }
        if let retryAfter {
            guard case .status = fault else {
                throw .invalidParameter(
                    name: "retry-after", value: "\(retryAfter)",
                    reason: "applies only to status:CODE faults, not \(fault.kind)")
            }
            guard retryAfter >= 0 else {
                throw .invalidParameter(
                    name: "retry-after", value: "\(retryAfter)", reason: "must be 0 or more seconds")
            }
        }
    }

    /// This rule firing with probability `probability` (0 to 1).
    public func rate(_ probability: Double) -> FaultRule {
        var rule = self
        rule.rate = probability
        return rule
    }

    /// This rule firing only on the first `count` requests for each method+URL.
    public func first(_ count: Int) -> FaultRule {
        var rule = self
        rule.first = count
        return rule
    }

    /// This rule with a `Retry-After: seconds` header (status faults only).
    public func retryAfter(_ seconds: Int) -> FaultRule {
        var rule = self
        rule.retryAfter = seconds
        return rule
    }
}

extension Fault {
    /// A rule firing this fault with probability `probability` (0 to 1).
    public func rate(_ probability: Double) -> FaultRule { FaultRule(self).rate(probability) }

    /// A rule firing this fault only on the first `count` requests for each method+URL.
    public func first(_ count: Int) -> FaultRule { FaultRule(self).first(count) }

    /// A rule firing this fault with a `Retry-After: seconds` header (status faults only).
    public func retryAfter(_ seconds: Int) -> FaultRule { FaultRule(self).retryAfter(seconds) }
}
