/// Why a fault spec, a fault parameter or a `/_lab/faults` body was rejected.
///
/// Every message says what was wrong and what would be accepted, so it can be shown as-is:
/// as a `400` body, or as the one-line usage error of `lab serve`.
public enum FaultSpecError: Error, Hashable, CustomStringConvertible {
    /// `spec` is not one of the fault forms, or its value is out of range (`reason`, when known).
    case invalidFault(spec: String, reason: String?)
    /// A rule parameter (`fault-rate`, `fault-first`, `retry-after`) has a bad value, is repeated,
    /// or comes without a `fault` to apply to.
    case invalidParameter(name: String, value: String, reason: String)
    /// A `/_lab/faults` body has the wrong shape or an unknown key.
    case invalidJSON(reason: String)

    /// The fault forms, as every ``invalidFault(spec:reason:)`` message lists them.
    public static let validFaults = "status:CODE, reset, reset-after:SIZE, close, truncate-after:SIZE, "
        + "stall-after:SIZE, malformed, corrupt:N, slice:SIZE,DELAY (SIZE like 1MB or 64KiB, DELAY like 10ms)"

    /// One line saying what was wrong and what would be accepted.
    public var description: String {
        switch self {
        case .invalidFault(let spec, nil):
            "\"\(spec)\" is not a fault; valid faults: \(Self.validFaults)"
        case .invalidFault(let spec, let reason?):
            "\"\(spec)\" is not a valid fault (\(reason)); valid faults: \(Self.validFaults)"
        case .invalidParameter(let name, let value, let reason):
            "\(name)=\(value): \(reason)"
        case .invalidJSON(let reason):
            "fault rules: \(reason)"
        }
    }
}
