/// The table `lab run` prints: one row per mode with the measured and predicted seconds, the
/// error and the throughput, then the speedup.
struct ResultsTable {
    let result: ExperimentResult
    /// Whether to add ANSI colour (a terminal without `NO_COLOR`).
    var color = false

    /// The column titles: a hashing experiment's jobs are payloads, not downloads.
    var headers: [String] {
        ["mode", "client", result.experiment.workload == .hash ? "payloads" : "downloads", "measured", "predicted", "error", "throughput"]
    }

    /// The cells of each row, as printed.
    var rows: [[String]] {
        let repeated = result.experiment.repetitions > 1
        return result.runs.map { run in
            var measured = Format.seconds(run.seconds)
            if repeated { measured += " (\(Format.seconds(run.samples.min))–\(Format.seconds(run.samples.max)))" }
            if run.interrupted { measured += " (interrupted)" }
            return [
                run.mode.description, run.client, "\(run.downloads)", result.simulated ? "-" : measured,
                Format.seconds(run.predictedSeconds),
                result.simulated ? "-" : run.errorPercent.map(Format.percent) ?? "-",
                result.simulated ? "-" : Format.rate(run.throughput),
            ]
        }
    }

    /// The table with aligned columns (text left, numbers right) and the speedup line.
    var text: String {
        let (headers, rows) = (self.headers, self.rows)
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String], header: Bool) -> String {
            cells.indices.map { column in
                let cell = cells[column]
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                var text = column < 2 ? cell + pad : pad + cell
                if color, header { text = "\u{1B}[1m\(text)\u{1B}[0m" }
                if color, !header, column == 5, let value = Double(cell.dropLast()) {
                    text = (abs(value) <= 3 ? "\u{1B}[32m" : "\u{1B}[33m") + text + "\u{1B}[0m"
                }
                return text
            }.joined(separator: "  ")
        }
        var lines = [line(headers, header: true)] + rows.map { line($0, header: false) }
        if let speedup = speedupLine { lines += ["", speedup] }
        return lines.joined(separator: "\n")
    }

    /// `Speedup: 9.14× (concurrent vs sequential; the model predicts 9.20×)`.
    var speedupLine: String? {
        guard let best = result.best, let baseline = result.baseline, best.mode != baseline.mode,
            let predicted = result.predictedSpeedup(of: best)
        else { return nil }
        // Not measured: a mode that completed no job (or was cut short) has no time to compare.
        let measured = result.simulated ? Format.factor(predicted) : (result.speedup.map(Format.factor) ?? "not measured")
        let label = color ? "\u{1B}[1mSpeedup: \(measured)\u{1B}[0m" : "Speedup: \(measured)"
        return label + " (\(best.mode) vs \(baseline.mode)" + (result.simulated ? ", predicted)" : "; the model predicts \(Format.factor(predicted)))")
    }
}
