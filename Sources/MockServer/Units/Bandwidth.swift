/// A transfer rate, as the lab's users write them: `1MB/s`, `100Mbit/s`, `512KiB/s`.
///
/// The grammar, shared by URLs (`?bandwidth=1MB/s`), command-line flags and JSON:
/// - a plain number of bytes per second (`250000`), or a number followed by `B/s`, `KB/s`,
///   `MB/s`, `GB/s` (10^3, 10^6, 10^9 bytes), `KiB/s`, `MiB/s`, `GiB/s` (2^10, 2^20, 2^30
///   bytes) or `kbit/s`, `Mbit/s`, `Gbit/s` (10^3, 10^6, 10^9 bits);
/// - unit letters may be in any case except `B`, which must be uppercase (`10Mb/s` is refused:
///   it reads as megabits to many and megabytes to others);
/// - fractions are allowed (`1.5MB/s`); the rate must be more than zero;
/// - nothing else: no sign, no spaces, no exponent.
///
/// ```swift
/// let link = try Bandwidth(parsing: "100Mbit/s")   // 12_500_000 bytes per second
/// print(link)                                      // 12.5MB/s
/// ```
public struct Bandwidth: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Bytes per second: more than zero and finite when parsed; a rate built in Swift is
    /// checked where a link is used (``LinkProfile/validate()``: 1 B/s to 10^15 B/s).
    public let bytesPerSecond: Double

    private init(_ bytesPerSecond: Double) {
        self.bytesPerSecond = bytesPerSecond
    }

    /// Reads a rate written in the grammar above.
    public init(parsing text: String) throws(UnitParseError) {
        let quantity = try UnitText(text, kind: .rate)
        let rate = try quantity.value * quantity.lookUp(in: Self.units)
        guard rate > 0 else { throw UnitParseError(text, .rate, .notPositive) }
        guard rate.isFinite else { throw UnitParseError(text, .rate, .tooLarge) }
        self.init(rate)
    }

    /// A rate of `rate` bytes per second. Any number makes a value; a server refuses a link
    /// whose rates are under ``LinkProfile/minimumRate``, over ``LinkProfile/maximumRate`` or not a number (``LinkProfile/validate()``).
    public static func bytesPerSecond(_ rate: Double) -> Bandwidth { Bandwidth(rate) }
    /// `rate` thousand bytes per second.
    public static func kilobytesPerSecond(_ rate: Double) -> Bandwidth { Bandwidth(rate * 1e3) }
    /// `rate` million bytes per second.
    public static func megabytesPerSecond(_ rate: Double) -> Bandwidth { Bandwidth(rate * 1e6) }
    /// `rate` billion bytes per second.
    public static func gigabytesPerSecond(_ rate: Double) -> Bandwidth { Bandwidth(rate * 1e9) }
    /// `rate` times 2^10 bytes per second.
    public static func kibibytesPerSecond(_ rate: Double) -> Bandwidth { Bandwidth(rate * 0x1p10) }
    /// `rate` times 2^20 bytes per second.
    public static func mebibytesPerSecond(_ rate: Double) -> Bandwidth { Bandwidth(rate * 0x1p20) }
    /// `rate` times 2^30 bytes per second.
    public static func gibibytesPerSecond(_ rate: Double) -> Bandwidth { Bandwidth(rate * 0x1p30) }
    /// `rate` thousand bits per second.
    public static func kilobitsPerSecond(_ rate: Double) -> Bandwidth { Bandwidth(rate * 125) }
    /// `rate` million bits per second.
    public static func megabitsPerSecond(_ rate: Double) -> Bandwidth { Bandwidth(rate * 125_000) }
    /// `rate` billion bits per second.
    public static func gigabitsPerSecond(_ rate: Double) -> Bandwidth { Bandwidth(rate * 125_000_000) }

    /// Orders rates by bytes per second.
    public static func < (lhs: Bandwidth, rhs: Bandwidth) -> Bool { lhs.bytesPerSecond < rhs.bytesPerSecond }

    /// The rate in bytes, in the largest unit that shows it with at most two decimals, binary
    /// units first (`1MB/s`, `12.5MB/s`, `1.5GiB/s`), else in `B/s` with as many digits as it
    /// takes. It parses back to the same rate for any rate from 0.0001 B/s to 9 PB/s (beyond,
    /// Swift may print the number with an exponent, which the grammar refuses).
    public var description: String {
        for (symbol, unit) in Self.units.reversed() where unit > 1 && !symbol.hasSuffix("bit/s") {
            guard bytesPerSecond >= unit else { continue }
            let number = Self.shortest(bytesPerSecond / unit)
            let decimals = number.split(separator: ".").dropFirst().first?.count ?? 0
            if decimals <= 2, Double(number).map({ $0 * unit }) == bytesPerSecond { return number + symbol }
        }
        return Self.shortest(bytesPerSecond) + "B/s"
    }

    /// The shortest decimal that reads back as `value`, without a trailing `.0`.
    private static func shortest(_ value: Double) -> String {
        let text = "\(value)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// Ordered from the smallest unit so that `reversed()` tries the largest first, and the
    /// binary unit before the decimal one of about the same size.
    private static let units: KeyValuePairs<String, Double> = [
        "": 1, "B/s": 1, "kbit/s": 125, "KB/s": 1e3, "KiB/s": 0x1p10, "Mbit/s": 125_000, "MB/s": 1e6,
        "MiB/s": 0x1p20, "Gbit/s": 125_000_000, "GB/s": 1e9, "GiB/s": 0x1p30,
    ]
}
