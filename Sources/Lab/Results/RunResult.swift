/// One mode's row of the results: its measurements over the repetitions beside the model's
/// prediction.
struct RunResult: Sendable {
    var mode: Mode
    /// What ran the jobs (`blocking`, `async`, ...).
    var client: String
    /// Jobs per run.
    var downloads: Int
    /// Every run of the mode, in order.
    var measurements: [Measurement]
    var predictedSeconds: Double

    /// The run times.
    var samples: Samples { Samples(values: measurements.map(\.seconds)) }
    /// The median time: the one the table, speedups and charts use.
    var seconds: Double { samples.median }
    /// Verified bytes in one run (the smallest, if failures made runs differ).
    var bytes: Int64 { measurements.map(\.bytes).min() ?? 0 }
    /// Jobs that failed after their retries, over all runs.
    var errors: Int { measurements.reduce(0) { $0 + $1.failures.count } }
    /// Retries over all runs.
    var retries: Int { measurements.reduce(0) { $0 + $1.retries } }
    var failures: [String] { measurements.flatMap(\.failures) }
    var interrupted: Bool { measurements.contains { $0.interrupted } }
    /// Whether every job of every run finished with its bytes verified.
    var verified: Bool { measurements.allSatisfy { $0.completed == downloads && $0.failures.isEmpty && !$0.interrupted } }

    /// Whether its time says something: some job completed and no run was cut short. A mode
    /// whose every job failed took the time of its retries, not of its work.
    var comparable: Bool { !interrupted && measurements.contains { $0.completed > 0 } }

    /// How far the measurement is from the prediction, in percent of the prediction; nil
    /// unless ``comparable``.
    var errorPercent: Double? {
        guard predictedSeconds > 0, comparable else { return nil }
        return (seconds - predictedSeconds) / predictedSeconds * 100
    }

    /// The mean server-side wait before a response's first byte; nil when not recorded.
    var serverFirstByte: Double? {
        let waits = measurements.flatMap(\.serverFirstByte)
        return waits.isEmpty ? nil : waits.reduce(0, +) / Double(waits.count)
    }

    /// The median of the server's view of each run; nil when not recorded.
    var serverSeconds: Double? {
        let spans = measurements.compactMap(\.serverSeconds)
        return spans.isEmpty ? nil : Samples(values: spans).median
    }

    /// The median CPU time of a run; nil when not measured (a simulation).
    var cpuSeconds: Double? {
        let times = measurements.compactMap(\.cpuSeconds)
        return times.isEmpty ? nil : Samples(values: times).median
    }

    /// How many cores the runs kept busy on average: CPU time over wall time. Work on one
    /// thread or one actor stays at or below 1 however busy the machine is, since other
    /// programs can only take CPU time away.
    var busyCores: Double? {
        let timed = measurements.filter { $0.cpuSeconds != nil }
        let wall = timed.reduce(0) { $0 + $1.seconds }
        guard wall > 0 else { return nil }
        return timed.reduce(0) { $0 + $1.cpuSeconds! } / wall
    }

    /// Verified bytes per second of wall time.
    var throughput: Double { seconds > 0 ? Double(bytes) / seconds : 0 }
}
