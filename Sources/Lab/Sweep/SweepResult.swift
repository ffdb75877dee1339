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
            let predicted = result.predictedSpeedup.map(CSVWriter.number) ?? ""
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
            let predicted = result.predictedSpeedup.map(Format.factor) ?? "-"
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
        simulated ? result.predictedSpeedup : result.speedup
    }

    /// Where concurrency helped most and least, in words; or, where the model gives every
    /// point the same speedup, that the swept values do not change it (the measured
    /// differences are then noise, not a finding). With faults, that their retries are time
    /// the model does not count.
    var insights: [String] {
        let rankings = rankings
        guard !simulated, !rankings.isEmpty, let note = Explanation.faultsNote(base.faults) else { return rankings }
        return rankings + [note]
    }

    /// Where concurrency helped most and least, or that it helped as much everywhere.
    private var rankings: [String] {
        let scored = points.compactMap { point, result in speedup(result).map { (point.label, $0) } }
        guard modes.count > 1, let most = scored.max(by: { $0.1 < $1.1 }), let least = scored.min(by: { $0.1 < $1.1 }) else { return [] }
        let predicted = points.compactMap(\.result.predictedSpeedup)
        let hashing = base.workload == .hash
        // Hashing waits for nothing: what concurrency gives it is the cores threads reach.
        let why = "Hashing computes and waits for nothing: only threads share the work, up to the machine's cores; async tasks take turns on one."
        if let high = predicted.max(), let low = predicted.min(), high - low <= 0.01 * high {
            let range = most.1 - least.1 < 0.005 ? Format.factor(most.1) : "\(Format.factor(least.1)) to \(Format.factor(most.1))"
            let varied = axes.map(\.name).joined(separator: " and ")
            return [
                "Concurrency helps as much at every point: \(range)\(simulated ? "" : " measured, \(Format.factor(high)) in the model").",
                hashing
                    ? "Varying \(varied) does not change it. " + why
                    : "Varying \(varied) does not change what limits these downloads. "
                        + "To see where concurrency stops helping, fill the shared link (more or larger downloads, a lower link-bandwidth).",
            ]
        }
        var lines = ["Concurrency helps most at \(most.0) (\(Format.factor(most.1))) and least at \(least.0) (\(Format.factor(least.1)))."]
        guard !hashing else { return lines + [why] }
        let flat = scored.filter { $0.1 < 1.15 }.map(\.0)
        if !flat.isEmpty {
            lines.append("It barely helps (under 1.15×) at \(flat.joined(separator: "; ")): there the time is spent moving bytes through a link that one connection already fills, not waiting.")
        }
        lines.append("The more of the time is latency, the more overlapping requests saves; the more a shared link is the bottleneck, the less.")
        return lines
    }
}
