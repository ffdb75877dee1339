/// Columns aligned for a terminal: the first `leftColumns` left-aligned, the rest (numbers)
/// right-aligned, two spaces apart.
struct TextTable {
    var headers: [String]
    var rows: [[String]]
    var leftColumns = 1

    var text: String {
        let widths = headers.indices.map { column in
            ([headers] + rows).map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        return ([headers] + rows).map { cells in
            cells.indices.map { column in
                let pad = String(repeating: " ", count: widths[column] - cells[column].count)
                return column < leftColumns ? cells[column] + pad : pad + cells[column]
            }.joined(separator: "  ")
        }.map { line in String(line.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
    }
}
