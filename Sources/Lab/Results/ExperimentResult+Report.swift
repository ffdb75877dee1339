extension ExperimentResult {
    /// `report.html` for this result.
    var report: HTMLReport {
        let table = ResultsTable(result: self)
        var facts: [(name: String, value: String)] = [
            ("experiment", experiment.name),
            ("jobs", "\(experiment.count) × \(experiment.size)" + (experiment.workload == .hash ? " hashed" : " downloaded")),
        ]
        if experiment.workload == .download {
            facts.append(("link", (experiment.linkName.map { "\($0): " } ?? "") + LabFormat.link(experiment.link)))
            facts.append(("faults", LabFormat.faults(experiment.faults)))
        } else {
            facts.append(("cores", "\(model.cores); one core hashes \(Format.rate(model.hashRate))"))
        }
        facts.append(("seed", "\(experiment.seed)"))
        facts.append(("repetitions", "\(experiment.repetitions)"))
        if let line = table.speedupLine { facts.append(("speedup", String(line.dropFirst("Speedup: ".count)))) }
        if simulated { facts.append(("measured", "no: model only (--simulate)")) }
        if interrupted { facts.append(("interrupted", "yes: stopped before every mode ran; the rows hold what was measured")) }
        return HTMLReport(
            title: "lab run \(experiment.name)", summary: experiment.summary, facts: facts,
            headers: table.headers, rows: table.rows, charts: [barChart.svg] + (waterfall.map { [$0.svg] } ?? []),
            paragraphs: Explanation(result: self).lines)
    }
}
