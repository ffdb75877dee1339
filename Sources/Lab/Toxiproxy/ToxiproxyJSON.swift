import Foundation

/// What Foundation's JSON parser hides: whether a value was `true`/`false` or a number. On
/// Linux both come back as `NSNumber`, and `1 as? Bool` succeeds, so toxiproxy's typed
/// decoding (`"enabled": 1` is an error, `"rate": true` too) needs the parsed value's class.
enum ToxiproxyJSON {
    /// True for a JSON `true` or `false`.
    static func isBool(_ value: Any) -> Bool {
        value is Bool && String(describing: type(of: value)) != "NSNumber"
    }

    /// The value as a number, nil for anything else (booleans included).
    static func number(_ value: Any) -> Double? {
        guard !isBool(value), let number = value as? NSNumber else { return nil }
        return number.doubleValue
    }

    /// The value as a whole number, as toxiproxy's int64 attributes take it: an integer
    /// exactly, digit for digit up to `Int64.max` (through a Double, 9223372036854775807
    /// would round past it); a number with a fraction, or none, is not.
    static func whole(_ value: Any) -> Whole {
        guard !isBool(value), let number = value as? NSNumber else { return .notANumber }
        if let integer = value as? Int64 { return .value(integer) }
        if let integer = Int64(exactly: number.doubleValue) { return .value(integer) }
        let double = number.doubleValue
        return double.isFinite && double == double.rounded() ? .outOfRange : .notWhole
    }

    /// What ``whole(_:)`` found.
    enum Whole: Equatable {
        /// A whole number within Int64.
        case value(Int64)
        /// Whole, but beyond Int64.
        case outOfRange
        /// A number with a fraction.
        case notWhole
        /// Not a number at all (a string, a boolean, null).
        case notANumber
    }
}
