/// The faults a server injects: an ordered list of rules, of which the first that fires wins.
///
/// ```swift
/// let plan: FaultPlan = [
///     Fault.status(503).first(1).retryAfter(1),   // every URL's first request gets a 503
///     Fault.resetAfter(bytes: 1_000_000).rate(0.3),
/// ]
/// plan.decide(seed: 42, method: "GET", url: "/bytes/10MB", ordinal: 0)   // the 503 rule
/// ```
public struct FaultPlan: Sendable, Hashable, ExpressibleByArrayLiteral {
    /// The rules, tried in order.
    public var rules: [FaultRule]

    /// No faults: every response is served as asked.
    public static let none = FaultPlan([])

    /// A plan trying `rules` in order.
    public init(_ rules: [FaultRule]) {
        self.rules = rules
    }

    /// A plan of the listed rules, in order: `[.reset.rate(0.1), .status(503).first(1)]`.
    public init(arrayLiteral rules: FaultRule...) {
        self.init(rules)
    }

    /// The rule to apply to the `ordinal`-th request (0-based) for `method url`, or `nil`.
    ///
    /// Pure: each rule draws independently from `(seed, rule index, method, url, ordinal)`, so
    /// the same seed gives the same decisions whatever the interleaving of other URLs' requests.
    public func decide(seed: UInt64, method: String, url: String, ordinal: Int) -> FaultRule? {
        rules.indices
            .first { rules[$0].fires(seed: seed, method: method, url: url, ordinal: ordinal, ruleIndex: $0) }
            .map { rules[$0] }
    }

    /// Checks every rule (``FaultRule/validate()``).
    public func validate() throws(FaultSpecError) {
        for rule in rules { try rule.validate() }
    }
}
