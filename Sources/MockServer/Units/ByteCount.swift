/// A number of bytes, as the lab's users write sizes: `4096`, `10MB`, `1.5GiB`.
///
/// The grammar, shared by URLs (`/bytes/10MB`), command-line flags and JSON:
/// - a plain byte count (`4096`), or a number followed by `B`, `KB`, `MB`, `GB` (10^3, 10^6,
///   10^9 bytes) or `KiB`, `MiB`, `GiB` (2^10, 2^20, 2^30 bytes);
/// - unit letters may be in any case except `B`, which must be uppercase (`10mb` is refused:
///   many read `b` as bits);
/// - a fraction is allowed when the result is a whole number of bytes (`1.5GB`, `0.5KiB`;
///   not `1.1KiB`, which is 1126.4 bytes): sizes are exact, never rounded;
/// - nothing else: no sign, no spaces, no exponent, at most `Int64.max` bytes.
///
/// ```swift
/// let size = try ByteCount(parsing: "1.5GB")   // 1_500_000_000 bytes
/// print(ByteCount.mebibytes(10))               // 10MiB
/// ```
public struct ByteCount: Sendable, Hashable, Comparable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The count; parsing gives zero or more.
    public var bytes: Int64

    /// A count of `bytes` bytes.
    public init(bytes: Int64) {
        self.bytes = bytes
    }

    /// A count written as a literal number of bytes: `let size: ByteCount = 4096`.
    public init(integerLiteral bytes: Int64) {
        self.bytes = bytes
    }

    /// Reads a size written in the grammar above.
    public init(parsing text: String) throws(UnitParseError) {
        let quantity = try UnitText(text, kind: .size)
        bytes = try quantity.scaled(by: quantity.lookUp(in: Self.units))
    }

    /// `count` thousand bytes. Like the other unit constructors, a count past Int64 saturates
    /// (it never traps): where a size is used, a limit refuses it with a message.
    public static func kilobytes(_ count: Int64) -> ByteCount { scaled(count, by: 1_000) }
    /// `count` million bytes.
    public static func megabytes(_ count: Int64) -> ByteCount { scaled(count, by: 1_000_000) }
    /// `count` billion bytes.
    public static func gigabytes(_ count: Int64) -> ByteCount { scaled(count, by: 1_000_000_000) }
    /// `count` times 2^10 bytes.
    public static func kibibytes(_ count: Int64) -> ByteCount { scaled(count, by: 1 << 10) }
    /// `count` times 2^20 bytes.
    public static func mebibytes(_ count: Int64) -> ByteCount { scaled(count, by: 1 << 20) }
    /// `count` times 2^30 bytes.
    public static func gibibytes(_ count: Int64) -> ByteCount { scaled(count, by: 1 << 30) }

    private static func scaled(_ count: Int64, by unit: Int64) -> ByteCount {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: unit)
        return ByteCount(bytes: overflow ? (count < 0 ? .min : .max) : bytes)
    }

    /// Orders counts by bytes.
    public static func < (lhs: ByteCount, rhs: ByteCount) -> Bool { lhs.bytes < rhs.bytes }

    /// The size in the largest unit that shows it exactly with at most two decimals, binary
    /// units first (`10MiB`, `1.5GB`, `4KiB`, `1234B`). It parses back to the same count.
    public var description: String {
        for (symbol, unit) in Self.units.reversed() where unit > 1 && bytes >= unit {
            if let number = UnitText.decimal(UInt64(bytes), over: UInt64(unit), maxFractionDigits: 2) {
                return number + symbol
            }
        }
        return "\(bytes)B"
    }

    /// Ordered from the smallest unit so that `reversed()` tries the largest first, and the
    /// binary unit before the decimal one of about the same size.
    private static let units: KeyValuePairs<String, Int64> = [
        "": 1, "B": 1, "KB": 1_000, "KiB": 1 << 10, "MB": 1_000_000, "MiB": 1 << 20,
        "GB": 1_000_000_000, "GiB": 1 << 30,
    ]
}
