extension FaultPlan {
    /// The names of the rule parameters, in queries, JSON rule objects and (with `--`) `lab serve` flags.
    static let parameterNames = ["fault", "fault-rate", "fault-first", "retry-after"]

    /// The plan a request's query asks for: `fault=SPEC` with optional `fault-rate=P`,
    /// `fault-first=N` and `retry-after=SECONDS`, decoded name/value pairs in any order.
    ///
    /// Other parameters are ignored; without `fault` the plan is ``none``. A URL carries one
    /// rule, so a repeated parameter is an error (install several with `PUT /_lab/faults`).
    public init(query: [(String, String)]) throws(FaultSpecError) {
        var values: [String: String] = [:]
        for (name, value) in query where Self.parameterNames.contains(name) {
            guard values.updateValue(value, forKey: name) == nil else {
                throw .invalidParameter(
                    name: name, value: value,
                    reason: "given twice; a URL carries one fault rule (PUT /_lab/faults installs several)")
            }
        }
        try self.init(
            fault: values["fault"], faultRate: values["fault-rate"],
            faultFirst: values["fault-first"], retryAfter: values["retry-after"])
    }

    /// The plan `lab serve --fault SPEC --fault-rate P --fault-first N --retry-after SECONDS`
    /// asks for, from the flags' raw strings (`nil` for an absent flag).
    ///
    /// Without `fault` the plan is ``none``; the other flags without `fault` are an error.
    public init(
        fault: String?, faultRate: String? = nil, faultFirst: String? = nil, retryAfter: String? = nil
    ) throws(FaultSpecError) {
        guard let fault else {
            let orphans = [("fault-rate", faultRate), ("fault-first", faultFirst), ("retry-after", retryAfter)]
            for case let (name, value?) in orphans {
                throw .invalidParameter(name: name, value: value, reason: "needs a fault=SPEC to apply to")
            }
            self = .none
            return
        }
        var rule = FaultRule(try Fault(spec: fault))
        if let faultRate {
            guard let rate = Double(faultRate), (0...1).contains(rate) else {
                throw .invalidParameter(name: "fault-rate", value: faultRate, reason: "must be a number from 0 to 1")
            }
            rule.rate = rate
        }
        if let faultFirst {
            guard let first = Int(faultFirst), first >= 0 else {
                throw .invalidParameter(
                    name: "fault-first", value: faultFirst, reason: "must be a whole number, 0 or more")
            }
            rule.first = first
        }
        if let retryAfter {
            guard let seconds = Int(retryAfter), seconds >= 0 else {
                throw .invalidParameter(
                    name: "retry-after", value: retryAfter, reason: "must be whole seconds, 0 or more")
            }
            rule.retryAfter = seconds
        }
        try rule.validate()
        self.init([rule])
    }
}
