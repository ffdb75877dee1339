/// `report.html`: one self-contained page (no scripts, no external files) with the settings,
/// the results table, the charts inline (`lab run`'s waterfall after its bar chart) and the
/// explanation.
struct HTMLReport {
    var title: String
    var summary: String
    /// Settings shown as a definition list: ("link", "latency=250ms ...").
    var facts: [(name: String, value: String)]
    /// Headers over groups of columns (`("sequential", 2)` over its measured and predicted
    /// columns); empty for none. The spans should add up to the number of columns.
    var headerGroups: [(title: String, span: Int)] = []
    var headers: [String]
    var rows: [[String]]
    /// How many leading columns hold text (left-aligned); the rest hold numbers.
    var textColumns = 2
    /// SVG documents, embedded as they are, one figure each.
    var charts: [String]
    var paragraphs: [String]

    var html: String {
        let facts = self.facts.map { "<dt>\(Self.escape($0.name))</dt><dd>\(Self.escape($0.value))</dd>" }.joined()
        let groups = headerGroups.isEmpty ? "" : "<tr class=\"groups\">" + headerGroups.map { group in
            "<th colspan=\"\(group.span)\"\(group.span > 1 ? " class=\"group\"" : "")>\(Self.escape(group.title))</th>"
        }.joined() + "</tr>"
        let head = headers.map { "<th>\(Self.escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        let text = paragraphs.map { "<p>\(Self.escape($0))</p>" }.joined(separator: "\n")
        let figures = charts.map { chart in
            "<figure>\n" + chart.drop { $0 != "<" }.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", with: "") + "</figure>"
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(title))</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1040px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
            h1 { font-size: 1.6em; margin-bottom: 0.2em; }
            .summary { color: #555; margin-top: 0; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; font-size: 0.92em; }
            dt { font-weight: 600; }
            dd { margin: 0; font-family: ui-monospace, monospace; }
            .table { overflow-x: auto; margin: 1.2em 0; }
            table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.92em; }
            th, td { padding: 0.35em 0.55em; border-bottom: 1px solid #ddd; text-align: right; }
            td { white-space: nowrap; }
            th:nth-child(-n+\(textColumns)), td:nth-child(-n+\(textColumns)) { text-align: left; }
            th { background: #f4f4f4; vertical-align: bottom; }
            tr.groups th { text-align: center; border-bottom: 0; }
            tr.groups th.group { border-bottom: 2px solid #bbb; }
            figure { margin: 1.2em 0; overflow-x: auto; }
            svg { max-width: 100%; height: auto; }
            </style>
            </head>
            <body>
            <h1>\(Self.escape(title))</h1>
            <p class="summary">\(Self.escape(summary))</p>
            <dl>\(facts)</dl>
            <div class="table"><table>
            <thead>\(groups)<tr>\(head)</tr></thead>
            <tbody>
            \(body)
            </tbody>
            </table></div>
            \(figures)
            \(text)
            </body>
            </html>

            """
    }

    /// `text` with HTML's special characters escaped.
    static func escape(_ text: String) -> String {
        SVG.escape(text)
    }
}
