/// `report.html`: one self-contained page (no scripts, no external files) with the settings,
/// the results table, the chart inline, a preformatted figure (the timeline) and the
/// explanation.
struct HTMLReport {
    var title: String
    var summary: String
    /// Settings shown as a definition list: ("link", "latency=250ms ...").
    var facts: [(name: String, value: String)]
    var headers: [String]
    var rows: [[String]]
    /// An SVG document, embedded as is.
    var chart: String
    /// Monospaced text shown as is after the chart (`lab run`'s timeline); nil for none.
    var preformatted: String? = nil
    var paragraphs: [String]

    var html: String {
        let facts = self.facts.map { "<dt>\(Self.escape($0.name))</dt><dd>\(Self.escape($0.value))</dd>" }.joined()
        let head = headers.map { "<th>\(Self.escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        let text = paragraphs.map { "<p>\(Self.escape($0))</p>" }.joined(separator: "\n")
        let svg = chart.drop { $0 != "<" }.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", with: "")
        let pre = preformatted.map { "<pre>\(Self.escape($0))</pre>" } ?? ""
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
            table { border-collapse: collapse; margin: 1.2em 0; font-variant-numeric: tabular-nums; }
            th, td { padding: 0.35em 0.8em; border-bottom: 1px solid #ddd; text-align: right; }
            th:nth-child(-n+2), td:nth-child(-n+2) { text-align: left; }
            th { background: #f4f4f4; }
            figure { margin: 1.2em 0; overflow-x: auto; }
            svg { max-width: 100%; height: auto; }
            pre { font-family: ui-monospace, monospace; font-size: 0.85em; line-height: 1.2; overflow-x: auto; }
            </style>
            </head>
            <body>
            <h1>\(Self.escape(title))</h1>
            <p class="summary">\(Self.escape(summary))</p>
            <dl>\(facts)</dl>
            <table>
            <thead><tr>\(head)</tr></thead>
            <tbody>
            \(body)
            </tbody>
            </table>
            <figure>
            \(svg)
            </figure>
            \(pre)
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
