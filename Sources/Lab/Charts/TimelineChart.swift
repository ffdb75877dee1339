/// The terminal's picture of where each mode's time went: a row per mode, a column per slice
/// of time, `░` while responses are awaited and `█` while their bytes arrive. Sequential
/// downloads show a wait before every transfer; concurrent ones show one wait.
struct TimelineChart {
    /// One mode's row.
    struct Row {
        var label: String
        var responses: [ResponseSpan]
    }

    /// The line above the rows.
    var title: String
    var rows: [Row]
    /// Columns of the time axis.
    var width = 60

    static let waiting: Character = "░"
    static let arriving: Character = "█"

    /// The title and a legend, the rows, aligned, and a ruler in seconds.
    var text: String {
        let labelWidth = rows.map(\.label.count).max() ?? 0
        let end = rows.flatMap(\.responses).map(\.end).max() ?? 0
        let axis = AxisScale(maximum: max(end, 1e-3), count: 6)
        let slice = axis.upper / Double(width)
        let indent = String(repeating: " ", count: labelWidth + 2)
        var lines = ["\(title) (\(Self.waiting) awaiting a first byte, \(Self.arriving) bytes arriving):"]
        lines += rows.map { row in
            let pad = String(repeating: " ", count: labelWidth - row.label.count)
            let arrivals = row.responses.compactMap { response in response.firstByte.map { ($0, response.end) } }
            let busy = arrivals + row.responses.map { ($0.start, $0.firstByte ?? $0.end) }
            let cells = (0..<width).map { column in
                Self.cell(arrivals: arrivals, busy: busy, from: Double(column) * slice, to: Double(column + 1) * slice)
            }
            return row.label + pad + "  " + String(String(cells).reversed().drop { $0 == " " }.reversed())
        }
        var ruler = Array(repeating: Character("─"), count: width + 1)
        var labels = Array(repeating: Character(" "), count: width + 12)
        for tick in axis.ticks {
            let column = Int(axis.position(tick, length: Double(width)).rounded())
            ruler[column] = "┴"
            let label = axis.label(tick) + (tick == axis.ticks.last ? " s" : "")
            let first = min(max(0, column - label.count / 2), labels.count - label.count)
            labels.replaceSubrange(first..<first + label.count, with: label)
        }
        lines.append(indent + String(ruler))
        lines.append(indent + String(String(labels).reversed().drop { $0 == " " }.reversed()))
        return lines.joined(separator: "\n")
    }

    /// What the slice `from..<to` mostly held: bytes arriving on some connection, else
    /// some response awaited, else nothing (a slice less than a fifth busy shows blank).
    /// `busy` is every wait and arrival: what it covers beyond the arrivals is waiting.
    private static func cell(arrivals: [(Double, Double)], busy: [(Double, Double)], from: Double, to: Double) -> Character {
        let arrivingPart = covered(arrivals, from: from, to: to)
        let waitingPart = covered(busy, from: from, to: to) - arrivingPart
        let length = to - from
        if max(arrivingPart, waitingPart) < length / 5 { return " " }
        return arrivingPart >= waitingPart ? arriving : waiting
    }

    /// How much of `from..<to` the union of `intervals` covers.
    private static func covered(_ intervals: [(Double, Double)], from: Double, to: Double) -> Double {
        let clipped: [(Double, Double)] = intervals.map { (max($0.0, from), min($0.1, to)) }.filter { $0.0 < $0.1 }.sorted { $0.0 < $1.0 }
        var total = 0.0
        var reached = from
        for (start, end) in clipped where end > reached {
            total += end - max(start, reached)
            reached = end
        }
        return total
    }
}
