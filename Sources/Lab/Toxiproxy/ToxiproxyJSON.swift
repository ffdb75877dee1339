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
}
