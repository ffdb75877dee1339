/// Comma-separated values as RFC 4180 writes them: a header row, then one row per record;
/// fields holding a comma, a quote or a line break are quoted.
struct CSVWriter {
    var header: [String]
    private(set) var rows: [[String]] = []

    init(header: [String]) {
        self.header = header
    }

    /// Adds a row; it must have one field per header column.
    mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "a CSV row needs \(header.count) fields")
        rows.append(row)
    }

    /// The document, lines ended by CRLF as RFC 4180 says.
    var text: String {
        ([header] + rows).map { $0.map(Self.field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// `value`, quoted (with quotes doubled) when it needs to be.
    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number as CSV carries it: plain decimal, no grouping.
    static func number(_ value: Double) -> String {
        let rounded = ExperimentResult.rounded(value)
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : String(rounded)
    }
}
