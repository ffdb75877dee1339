import Foundation

extension FaultPlan {
    /// The plan as `GET /_lab/faults` shows it, ready for `JSONSerialization`:
    /// `{"faults": [{"fault": "reset-after:1MB", "fault-rate": 0.3, "fault-first": 2}]}`,
    /// leaving out parameters at their defaults.
    public func jsonObject() -> [String: Any] {
        let objects = rules.map { rule -> [String: Any] in
            var object: [String: Any] = ["fault": rule.fault.description]
            if rule.rate != 1 { object["fault-rate"] = rule.rate }
            if let first = rule.first { object["fault-first"] = first }
            if let retryAfter = rule.retryAfter { object["retry-after"] = retryAfter }
            return object
        }
        return ["faults": objects]
    }

    /// The plan a `PUT /_lab/faults` body asks for, as parsed by `JSONSerialization`: the
    /// ``jsonObject()`` form, a single rule object, or a bare array of rule objects.
    ///
    /// A rule object has `"fault"` and optionally `"fault-rate"`, `"fault-first"` and
    /// `"retry-after"` (numbers, or strings as in a query), validated as in ``init(query:)``.
    /// `{"faults": []}` or `[]` clears the plan. Unknown keys are an error naming the valid ones.
    public init(jsonObject: Any) throws(FaultSpecError) {
        let list: Any
        if let object = jsonObject as? [String: Any] {
            guard let faults = object["faults"] else {
                self.init([try Self.rule(json: object)])
                return
            }
            if let key = object.keys.sorted().first(where: { $0 != "faults" }) {
                throw .invalidJSON(reason: "unknown key \"\(key)\" beside \"faults\"; send {\"faults\": [rule, ...]}")
            }
            list = faults
        } else {
            list = jsonObject
        }
        guard let items = list as? [Any] else {
            throw .invalidJSON(reason: "expected {\"faults\": [rule, ...]}, a rule object or an array of rule objects")
        }
        var rules: [FaultRule] = []
        for item in items { rules.append(try Self.rule(json: item)) }
        self.init(rules)
    }

    private static func rule(json: Any) throws(FaultSpecError) -> FaultRule {
        let valid = parameterNames.joined(separator: ", ")
        guard let object = json as? [String: Any] else {
            throw .invalidJSON(reason: "a rule must be an object like {\"fault\": \"reset\"}; valid keys: \(valid)")
        }
        if let key = object.keys.sorted().first(where: { !parameterNames.contains($0) }) {
            throw .invalidJSON(reason: "unknown key \"\(key)\" in a rule; valid keys: \(valid)")
        }
        var values: [String: String] = [:]
        for (key, value) in object {
            guard let text = text(json: value) else {
                throw .invalidParameter(name: key, value: "\(value)", reason: "must be a string or a number")
            }
            values[key] = text
        }
        guard let fault = values["fault"] else {
            throw .invalidJSON(reason: "a rule needs \"fault\", like {\"fault\": \"reset\"}; valid keys: \(valid)")
        }
        let plan = try FaultPlan(
            fault: fault, faultRate: values["fault-rate"],
            faultFirst: values["fault-first"], retryAfter: values["retry-after"])
        return plan.rules[0]
    }

    /// A JSON string or number as the text a query would carry; `nil` for anything else.
    private static func text(json value: Any) -> String? {
        switch value {
        case let string as String:
            return string
        case let number as NSNumber:
            // JSONSerialization gives true/false as NSNumbers of type "c"; they are not numbers here.
            switch String(cString: number.objCType) {
            case "c": return nil
            case "d", "f": return "\(number.doubleValue)"
            default: return "\(number.int64Value)"
            }
        default:
            return nil
        }
    }
}
