/// A link parameter (from JSON, a query or the command line) that could not be used; the
/// message names the parameter and the forms it accepts.
public enum LinkParameterError: Error, Hashable, CustomStringConvertible {
    /// `value` given for `parameter` is not a duration of zero or more.
    case notADuration(parameter: String, value: String)
    /// `value` given for `parameter` is not a rate, nor `none`.
    case notARate(parameter: String, value: String)
    /// A rate of zero for `parameter`, which would never send a byte.
    case zeroRate(parameter: String)
    /// `value` given for `jitter` is not a jitter.
    case notAJitter(value: String)
    /// `name` is not one of the link parameters.
    case unknownParameter(name: String)
    /// `value` of `parameter` is outside `bound` (see ``LinkProfile/validate()``): a negative
    /// or over-long duration, a rate under 1 B/s or not finite.
    case outOfRange(parameter: String, value: String, bound: String)

    /// One line saying what was wrong and what to write instead.
    public var description: String {
        switch self {
        case .notADuration(let parameter, let value):
            "\(parameter): \"\(value)\" is not a duration; use us, ms or s, e.g. 250ms (a bare number is milliseconds; a JSON number is seconds)"
        case .notARate(let parameter, let value):
            "\(parameter): \"\(value)\" is not a rate; use B/s, KB/s, MB/s, GB/s, KiB/s, MiB/s, GiB/s, kbit/s, Mbit/s or Gbit/s (a bare number is bytes per second), or none for no cap"
        case .zeroRate(let parameter):
            "\(parameter): a rate of zero would never send a byte; use a positive rate, or none for no cap"
        case .notAJitter(let value):
            "jitter: \"\(value)\" is not a jitter; use a duration for uniform ±jitter (20ms), uniform:20ms, normal:20ms (standard deviation), or none"
        case .outOfRange(let parameter, let value, let bound):
            "\(parameter): \(value) is out of range; use \(bound)"
        case .unknownParameter(let name):
            "\"\(name)\" is not a link parameter; use \(LinkProfile.Parameter.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }
}
