extension Route {
    /// Checks the route as the `index`th of a configuration's ``MockServer/Configuration/routes``:
    /// a path that a request's path can match (`/` first, or `*` alone for every path), with
    /// `{name}` parameters written whole and `{name*}` only last, and each fault rule
    /// (``FaultRule/validate()``).
    /// Errors name the field, `routes[1].path` or `routes[1].faults[0]`.
    ///
    /// A segment such as `:id` (another framework's way of writing a parameter) is refused,
    /// not taken literally: it would match only a path holding `:id` itself, and the route
    /// would answer nothing while its author waited for it.
    func validate(index: Int) throws(MockServerError) {
        let field = "routes[\(index)]"
        func refuse(_ reason: String) -> MockServerError {
            .invalidConfiguration(field: field + ".path", value: "\"\(path)\"", reason: reason)
        }
        if path != "*" {
            guard path.hasPrefix("/") else { throw refuse("must start with / (a request's path always does), or be * for every path") }
            if let problem = pattern.problem { throw refuse(problem) }
        }
        for (ruleIndex, rule) in faults.rules.enumerated() {
            do throws(FaultSpecError) {
                try rule.validate()
            } catch {
                throw .invalidConfiguration(field: "\(field).faults[\(ruleIndex)]", value: rule.fault.description, reason: error.description)
            }
        }
    }
}
