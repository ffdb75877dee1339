extension SweepResult {
    /// `report.html` for a sweep.
    var report: HTMLReport {
        HTMLReport(
            title: "lab sweep \(base.name)",
            summary: "\(base.summary): " + axes.map { "\($0.name) = \($0.values.joined(separator: ", "))" }.joined(separator: "; "),
            facts: [
                ("base link", LabFormat.link(base.link)), ("jobs", "\(base.count) × \(base.size)"),
                ("modes", modes.map(\.description).joined(separator: ", ")), ("seed", "\(base.seed)"),
                ("measured", simulated ? "no: model only (--simulate)" : "yes"),
            ],
            headers: columns, rows: rows, chart: lineChart.svg, paragraphs: insights)
    }
}
