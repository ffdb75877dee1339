extension ExperimentResult {
    /// Where each mode's time went in its typical run (the one nearest the median), as the
    /// server's journal saw it; nil when nothing was downloaded (hashing, a simulation).
    var timeline: TimelineChart? {
        guard !simulated else { return nil }
        let rows = runs.compactMap { run -> TimelineChart.Row? in
            let typical = run.measurements.filter { !$0.responses.isEmpty }
                .min { abs($0.seconds - run.seconds) < abs($1.seconds - run.seconds) }
            return typical.map { TimelineChart.Row(label: run.mode.description, responses: $0.responses) }
        }
        return rows.isEmpty ? nil : TimelineChart(title: "Where the time went", rows: rows)
    }

    /// The same runs as ``timeline`` drawn for `report.html`: a row per download, with the
    /// model's predicted finish of each; nil when nothing was downloaded.
    var waterfall: WaterfallChart? {
        guard !simulated else { return nil }
        let groups = runs.enumerated().compactMap { index, run -> WaterfallChart.Group? in
            let typical = run.measurements.filter { !$0.responses.isEmpty }
                .min { abs($0.seconds - run.seconds) < abs($1.seconds - run.seconds) }
            return typical.map {
                WaterfallChart.Group(label: run.mode.description, responses: $0.responses,
                                     predictedFinishes: model.predictedFinishes(run.mode), color: SVG.palette[index % SVG.palette.count])
            }
        }
        guard !groups.isEmpty else { return nil }
        return WaterfallChart(
            title: "Where the time went",
            subtitle: "Each mode's run nearest its median, as the server's journal saw it: one row per response",
            groups: groups)
    }
}
