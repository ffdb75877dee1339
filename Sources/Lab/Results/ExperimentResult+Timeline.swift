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
}
