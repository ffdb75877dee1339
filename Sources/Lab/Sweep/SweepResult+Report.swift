import Foundation

extension SweepResult {
    /// `report.html` for a sweep.
    var report: HTMLReport {
        let table = reportTable
        return HTMLReport(
            title: "lab sweep \(base.name)",
            summary: "\(base.summary): " + axes.map { "\($0.name) = \($0.values.joined(separator: ", "))" }.joined(separator: "; "),
            facts: [
                ("base link", LabFormat.link(base.link)), ("jobs", base.jobs(varying: axes.map(\.name))),
                ("modes", modes.map(\.description).joined(separator: ", ")), ("seed", "\(base.seed)"),
                ("measured", simulated ? "no: model only (--simulate)" : "yes"),
            ],
            headerGroups: table.groups, headers: table.headers, rows: table.rows, textColumns: axes.count,
            charts: [lineChart.svg], paragraphs: insights)
    }

    /// The report's table: the axes, then each mode's seconds measured and predicted side by
    /// side under the mode's name, then the speedup likewise; two decimals. The predictions
    /// alone when simulating.
    var reportTable: (groups: [(title: String, span: Int)], headers: [String], rows: [[String]]) {
        let pair = simulated ? ["predicted"] : ["measured", "predicted"]
        let groups = [(title: "", span: axes.count)] + modes.map { (title: "\($0) (seconds)", span: pair.count) } + [(title: "speedup", span: pair.count)]
        let headers = axes.map(\.name) + Array(repeating: pair, count: modes.count + 1).flatMap { $0 }
        let rows = points.map { point, result in
            let seconds = modes.flatMap { mode -> [String] in
                guard let run = result.runs.first(where: { $0.mode == mode }) else { return pair.map { _ in "-" } }
                let predicted = String(format: "%.2f", run.predictedSeconds)
                return simulated ? [predicted] : [String(format: "%.2f", run.seconds), predicted]
            }
            let predicted = result.predictedSpeedup.map(Format.factor) ?? "-"
            let speedup = simulated ? [predicted] : [result.speedup.map(Format.factor) ?? "-", predicted]
            return point.values.map(\.value) + seconds + speedup
        }
        return (groups, headers, rows)
    }
}
