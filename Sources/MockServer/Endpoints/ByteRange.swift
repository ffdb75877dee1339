/// How a request's `Range` and `If-Range` headers select bytes of a representation (RFC 9110 §14).
enum ByteRange: Equatable {
    /// Send the whole representation (no range, an unparsable or multi-range header, or a stale `If-Range`).
    case whole
    /// Send these bytes with 206.
    case partial(Range<Int64>)
    /// No byte of the range exists: 416.
    case unsatisfiable

    /// Decides for a representation of `size` bytes whose strong validator is `etag`.
    /// Only single ranges are honoured; a multi-range request gets the whole body, which
    /// RFC 9110 allows.
    static func resolve(range: String?, ifRange: String?, etag: String, size: Int64) -> ByteRange {
        guard let range else { return .whole }
        if let ifRange, ifRange.trimmingSpaces != etag { return .whole }
        let spec = range.trimmingSpaces
        guard spec.lowercased().hasPrefix("bytes=") else { return .whole }
        let set = spec.dropFirst("bytes=".count)
        guard !set.contains(",") else { return .whole }
        let parts = set.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .whole }
        let first = parts[0].trimmingSpaces, last = parts[1].trimmingSpaces
        if first.isEmpty {
            guard let suffix = Int64(digits: last) else { return .whole }
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .partial(max(0, size - suffix)..<size)
        }
        guard let start = Int64(digits: first) else { return .whole }
        var end = size - 1
        if !last.isEmpty {
            guard let value = Int64(digits: last), value >= start else { return .whole }
            end = min(value, size - 1)
        }
        guard start < size else { return .unsatisfiable }
        return .partial(start..<(end + 1))
    }
}

extension Int64 {
    /// Parses ASCII digits only (no sign, no spaces); nil on overflow.
    init?(digits: some StringProtocol) {
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int64(digits) else { return nil }
        self = value
    }
}

extension Int {
    /// Parses ASCII digits only; nil for anything else or on overflow.
    init?(digits: some StringProtocol) {
        guard let value = Int64(digits: digits), let int = Int(exactly: value) else { return nil }
        self = int
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
