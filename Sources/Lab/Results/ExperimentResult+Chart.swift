extension ExperimentResult {
    /// `chart.svg`: the modes as bars, measured seconds labelled, predictions marked.
    var barChart: BarChart {
        let what = experiment.workload == .download
            ? "\(experiment.count) × \(experiment.size) downloads" + (experiment.linkName.map { ", link \"\($0)\"" } ?? "")
            : "SHA-256 of \(experiment.count) × \(experiment.size) on \(model.cores) cores"
        let speed = speedup.map { ", speedup \(Format.factor($0))" } ?? ""
        return BarChart(
            title: "Time taken: \(experiment.name)",
            subtitle: what + (simulated ? " (model only)" : speed) + (interrupted ? " (interrupted)" : ""),
            bars: runs.map { run in
                BarChart.Bar(label: run.mode.description, detail: run.client, measured: simulated ? nil : run.seconds, predicted: run.predictedSeconds)
            },
            predictionLabel: experiment.workload == .download ? "predicted by the link model" : "predicted from one core's hash rate")
    }
}
