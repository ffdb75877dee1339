import Foundation

/// What a sweep found: one experiment result per grid point, and where concurrency helped
/// most and least.
struct SweepResult: Sendable {
    var base: Experiment
    var axes: [SweepAxis]
    /// The points run so far, in grid order, each with its result.
    var points: [(point: SweepGrid.Point, result: ExperimentResult)]
    var simulated: Bool
    var interrupted: Bool
    var started: Date

    var modes: [Mode] { base.modes }

    /// Headers of the table and the CSV: the axes, then seconds and prediction per mode, then
    /// the speedups.
    var columns: [String] {
        axes.map(\.name) + modes.flatMap { ["\($0).seconds", "\($0).predictedSeconds"] } + ["speedup", "predictedSpeedup"]
    }

    /// One row of cells per point, as in the CSV (plain numbers).
    var rows: [[String]] {
        points.map { point, result in
            let cells = modes.flatMap { mode -> [String] in
                guard let run = result.runs.first(where: { $0.mode == mode }) else { return ["", ""] }
                return [simulated ? "" : CSVWriter.number(run.seconds), CSVWriter.number(run.predictedSeconds)]
            }
            let speedup = simulated ? "" : result.speedup.map(CSVWriter.number) ?? ""
            let predicted = result.best.flatMap(result.predictedSpeedup(of:)).map(CSVWriter.number) ?? ""
            return point.values.map(\.value) + cells + [speedup, predicted]
        }
    }

    /// The terminal table: seconds per mode (measured, then predicted in parentheses) and the
    /// speedup; the predictions alone when simulating.
    var table: TextTable {
        let headers = axes.map(\.name) + modes.map(\.description) + ["speedup"]
        let rows = points.map { point, result in
            let cells = modes.map { mode -> String in
                guard let run = result.runs.first(where: { $0.mode == mode }) else { return "-" }
                let predicted = Format.seconds(run.predictedSeconds)
                return simulated ? predicted : "\(Format.seconds(run.seconds)) (\(predicted))"
            }
            let predicted = result.best.flatMap(result.predictedSpeedup(of:)).map(Format.factor) ?? "-"
            let speedup = simulated ? predicted : "\(result.speedup.map(Format.factor) ?? "-") (\(predicted))"
            return point.values.map(\.value) + cells + [speedup]
        }
        return TextTable(headers: headers, rows: rows, leftColumns: axes.count)
    }

    /// `results.csv`: one row per grid point.
    var csv: CSVWriter {
        var csv = CSVWriter(header: columns)
        for row in rows { csv.append(row) }
        return csv
    }

    /// The speedup at each point: measured, or predicted when simulating.
    func speedup(_ result: ExperimentResult) -> Double? {
        simulated ? result.best.flatMap(result.predictedSpeedup(of:)) : result.speedup
    }

    /// Where concurrency helped most and least, in words.
    var insights: [String] {
        let scored = points.compactMap { point, result in speedup(result).map { (point.label, $0) } }
        guard modes.count > 1, let most = scored.max(by: { $0.1 < $1.1 }), let least = scored.min(by: { $0.1 < $1.1 }) else { return [] }
        var lines = ["Concurrency helps most at \(most.0) (\(Format.factor(most.1))) and least at \(least.0) (\(Format.factor(least.1)))."]
        let flat = scored.filter { $0.1 < 1.15 }.map(\.0)
        if !flat.isEmpty {
            lines.append("It barely helps (under 1.15×) at \(flat.joined(separator: "; ")): there the time is spent moving bytes through a link that one connection already fills, not waiting.")
        }
        lines.append("The more of the time is latency, the more overlapping requests saves; the more a shared link is the bottleneck, the less.")
        return lines
    }

    /// `results.json` for a sweep.
    func jsonObject() -> [String: Any] {
        [
            "experiment": base.name,
            "workload": base.workload.rawValue,
            "seed": base.seed,
            "link": base.link.jsonObject(),
            "payloads": ["count": base.count, "size": base.size.description, "bytes": base.size.bytes],
            "modes": modes.map(\.description),
            "repeat": base.repetitions,
            "vary": axes.map { ["name": $0.name, "values": $0.values] },
            "simulated": simulated,
            "interrupted": interrupted,
            "started": ISO8601DateFormatter().string(from: started),
            "insights": insights,
            "points": points.map { point, result -> [String: Any] in
                var object: [String: Any] = [
                    "parameters": Dictionary(uniqueKeysWithValues: point.values.map { ($0.name, $0.value) }),
                    "link": result.experiment.link.jsonObject(),
                    "count": result.experiment.count,
                    "size": result.experiment.size.description,
                    "runs": result.runs.map(result.jsonObject(run:)),
                    "interrupted": result.interrupted,
                ]
                if let speedup = speedup(result) { object["speedup"] = ExperimentResult.rounded(speedup) }
                if let best = result.best, let predicted = result.predictedSpeedup(of: best) {
                    object["predictedSpeedup"] = ExperimentResult.rounded(predicted)
                }
                return object
            },
        ]
    }

    /// The chart: seconds against the first axis, a line per mode (and per value of the
    /// other axes), measured solid and predicted dashed.
    var lineChart: LineChart {
        let axis = axes[0]
        let positions = axis.values.map(axis.position)
        let numeric = !positions.contains(nil) && Set(positions).count == positions.count
        func x(_ value: String) -> Double {
            numeric ? axis.position(value)! : Double(axis.values.firstIndex(of: value) ?? 0)
        }
        let others = points.map { entry in entry.point.values.dropFirst().map { "\($0.name)=\($0.value)" }.joined(separator: " ") }
        var groups: [String] = []
        for label in others where !groups.contains(label) { groups.append(label) }
        var series: [LineChart.Series] = []
        for (modeIndex, mode) in modes.enumerated() {
            for (groupIndex, group) in groups.enumerated() {
                let color = SVG.palette[(modeIndex * groups.count + groupIndex) % SVG.palette.count]
                let members = points.indices.filter { others[$0] == group }
                var measured: [(x: Double, y: Double)] = []
                var predicted: [(x: Double, y: Double)] = []
                for index in members {
                    let (point, result) = points[index]
                    guard let run = result.runs.first(where: { $0.mode == mode }) else { continue }
                    let position = x(point.values[0].value)
                    measured.append((position, run.seconds))
                    predicted.append((position, run.predictedSeconds))
                }
                let name = group.isEmpty ? "\(mode)" : "\(mode), \(group)"
                if !simulated { series.append(.init(name: "\(name)", points: measured, color: color, dashed: false)) }
                series.append(.init(name: "\(name) (model)", points: predicted, color: color, dashed: true))
            }
        }
        let what = base.workload == .download ? "\(base.count) × \(base.size) downloads" : "\(base.count) × \(base.size) hashed"
        return LineChart(
            title: "Seconds against \(axis.name): \(base.name)",
            subtitle: what + (simulated ? " (model only)" : "") + (interrupted ? " (interrupted)" : ""),
            xLabel: (numeric ? axis.unitLabel : axis.name) + (simulated ? "" : "; solid: measured, dashed: the model's prediction"),
            xTicks: axis.values.map { (x($0), $0) },
            series: series,
            logarithmic: numeric && positions.allSatisfy { $0! > 0 } && positions.map { $0! }.max()! >= 20 * positions.map { $0! }.min()!)
    }

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
