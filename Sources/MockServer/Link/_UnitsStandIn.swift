// STAND-IN, drop at merge: minimal copies of the `Units` API (Bandwidth, Duration(parsing:),
// UnitParseError) that the `units` branch provides in Sources/MockServer/Units/. The link code
// only relies on these signatures, plus Bandwidth being Sendable and Hashable with a public
// `init(bytesPerSecond:)`.

/// A data rate in bytes per second (stand-in).
public struct Bandwidth: Sendable, Hashable {
    /// Bytes per second.
    public var bytesPerSecond: Double

    /// The rate of `bytesPerSecond`.
    public init(bytesPerSecond: Double) {
        self.bytesPerSecond = bytesPerSecond
    }

    /// Parses `B/s KB/s MB/s GB/s KiB/s MiB/s GiB/s kbit/s Mbit/s Gbit/s`; a bare number is B/s.
    public init(parsing text: String) throws(UnitParseError) {
        let units: [String: Double] = [
            "": 1, "B/s": 1, "KB/s": 1e3, "MB/s": 1e6, "GB/s": 1e9,
            "KiB/s": 1024, "MiB/s": 1_048_576, "GiB/s": 1_073_741_824,
            "kbit/s": 125, "Mbit/s": 125_000, "Gbit/s": 125_000_000,
        ]
        let (number, unit) = try splitQuantity(text)
        guard let scale = units[unit] else { throw UnitParseError(input: text) }
        self.init(bytesPerSecond: number * scale)
    }
}

/// A string that is not a quantity in the units grammar (stand-in).
public struct UnitParseError: Error, Hashable, CustomStringConvertible {
    /// The text that did not parse.
    public var input: String
    public var description: String { "\"\(input)\" is not a valid quantity" }
}

extension Duration {
    /// Parses `us`, `ms` or `s`; a bare number is milliseconds (stand-in).
    public init(parsing text: String) throws(UnitParseError) {
        let units: [String: Double] = ["": 1e-3, "us": 1e-6, "ms": 1e-3, "s": 1]
        let (number, unit) = try splitQuantity(text)
        guard let scale = units[unit] else { throw UnitParseError(input: text) }
        self = .nanoseconds(Int64((number * scale * 1e9).rounded()))
    }
}

private func splitQuantity(_ text: String) throws(UnitParseError) -> (Double, String) {
    let trimmed = text.trimmingCharacters(in: " ")
    let digits = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
    guard let number = Double(digits), number.isFinite else { throw UnitParseError(input: text) }
    return (number, trimmed.dropFirst(digits.count).trimmingCharacters(in: " "))
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}
