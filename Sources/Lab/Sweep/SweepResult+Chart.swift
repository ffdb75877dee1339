extension SweepResult {
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
        let what = base.jobs(varying: axes.map(\.name)) + (base.workload == .download ? " downloads" : " hashed")
        return LineChart(
            title: "Seconds against \(axis.name): \(base.name)",
            subtitle: what + (simulated ? " (model only)" : "") + (interrupted ? " (interrupted)" : ""),
            xLabel: (numeric ? axis.unitLabel : axis.name) + (simulated ? "" : "; solid: measured, dashed: the model's prediction"),
            xTicks: axis.values.map { (x($0), $0) },
            series: series,
            logarithmic: numeric && positions.allSatisfy { $0! > 0 } && positions.map { $0! }.max()! >= 20 * positions.map { $0! }.min()!)
    }
}
