import Foundation

/// Everything one `lab run` found: the experiment, each mode's result beside its prediction,
/// and the speedups, ready for the table, the files and the explanation.
struct ExperimentResult: Sendable {
    /// The model the predictions came from; it holds the experiment.
    var model: ExperimentModel
    /// One per mode, in the experiment's order; a stop may leave out the later modes.
    var runs: [RunResult]
    /// Whether the numbers are the model's alone (`--simulate`): nothing was measured.
    var simulated: Bool
    /// Whether a stop (Ctrl-C) cut the experiment short.
    var interrupted: Bool
    /// When the experiment started.
    var started: Date

    var experiment: Experiment { model.experiment }

    /// The mode speedups are measured against: the first.
    var baseline: RunResult? { runs.first }

    /// How many times faster than the baseline `run` was (measured); nil unless both are
    /// ``RunResult/comparable``.
    func speedup(of run: RunResult) -> Double? {
        guard let baseline, baseline.comparable, run.comparable, run.seconds > 0 else { return nil }
        return baseline.seconds / run.seconds
    }

    /// How many times faster than the baseline the model says `run` should be.
    func predictedSpeedup(of run: RunResult) -> Double? {
        guard let baseline, run.predictedSeconds > 0 else { return nil }
        return baseline.predictedSeconds / run.predictedSeconds
    }

    /// The fastest mode other than the baseline; the baseline when it is alone.
    var best: RunResult? {
        runs.dropFirst().min { $0.seconds < $1.seconds } ?? baseline
    }

    /// The headline speedup: the baseline against the fastest other mode.
    var speedup: Double? { best.flatMap(speedup(of:)) }

    /// The model's headline speedup, for the same mode as ``speedup``.
    var predictedSpeedup: Double? { best.flatMap(predictedSpeedup(of:)) }

    /// Whether a job failed after its retries: the experiment failed (exit 1).
    var failed: Bool { runs.contains { $0.errors > 0 } }
}
