// STAND-IN — delete at merge. Minimal copies of `ByteCount`, `Duration(parsing:)` and
// `UnitParseError` so `Faults/` builds before `Sources/MockServer/Units/` lands; the real
// types replace these (same names and signatures). Nothing else belongs in this file.

/// Stand-in for the Units helper's error.
public struct UnitParseError: Error, CustomStringConvertible {
    public var description: String
}

/// Stand-in for the Units helper's byte size: a plain count, or `KB MB GB` / `KiB MiB GiB`, optional `B`.
public struct ByteCount {
    public var bytes: Int64

    public init(parsing text: String) throws(UnitParseError) {
        let units: [(String, Int64)] = [
            ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10),
            ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000), ("B", 1), ("", 1),
        ]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let number = Int64(text.dropLast(suffix.count)) {
                let (product, overflow) = number.multipliedReportingOverflow(by: scale)
                if !overflow { bytes = product; return }
            }
            break
        }
        throw UnitParseError(description: "\"\(text)\" is not a size; use bytes like 1MB or 64KiB")
    }
}

extension Duration {
    /// Stand-in for the Units helper's duration parser: `us`, `ms`, `s`; a bare number is ms.
    public init(parsing text: String) throws(UnitParseError) {
        let units: [(String, Int64)] = [("us", 1), ("ms", 1_000), ("s", 1_000_000), ("", 1_000)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let number = Int64(text.dropLast(suffix.count)) {
                self = .microseconds(number) * Int(scale)
                return
            }
            break
        }
        throw UnitParseError(description: "\"\(text)\" is not a duration; use 10ms, 250us or 2s")
    }
}
