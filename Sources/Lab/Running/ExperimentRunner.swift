import Foundation
import LabBench
import MockServer
import NetworkCore

/// Runs an experiment: every mode, `repetitions` times (interleaved, so a slow spell of a
/// busy machine spreads over the modes), each against a fresh MockServer started before its
/// timing begins. A stop (Ctrl-C) ends the current mode and keeps what was measured.
struct ExperimentRunner {
    var experiment: Experiment
    /// Whether to draw progress bars on stderr.
    var progress: Bool
    /// Put before the mode in progress lines (a sweep's point).
    var label: String? = nil

    /// The model's numbers alone, without sockets or waiting (`--simulate`).
    static func simulate(_ experiment: Experiment, started: Date = Date()) -> ExperimentResult {
        let hashRate = experiment.workload == .hash ? HashRate.calibrate(bytes: 256 * 1024, runs: 2) : 0
        let model = ExperimentModel(experiment, hashRate: hashRate, cores: ProcessInfo.processInfo.activeProcessorCount)
        let runs = experiment.modes.map { mode in
            let predicted = model.predictedSeconds(mode)
            let measurement = Measurement(
                seconds: predicted, completed: experiment.count, bytes: Int64(experiment.count) * experiment.size.bytes,
                failures: [], retries: 0, interrupted: false)
            return RunResult(mode: mode, client: mode.client(for: experiment.workload), downloads: experiment.count,
                             measurements: [measurement], predictedSeconds: predicted)
        }
        return ExperimentResult(model: model, runs: runs, simulated: true, interrupted: false, started: started)
    }

    /// Measures every mode and returns the results, complete or as far as a stop let them get.
    func run(started: Date = Date()) async -> ExperimentResult {
        StopSignal.install()
        let hashRate = experiment.workload == .hash ? HashRate.calibrate() : 0
        let model = ExperimentModel(experiment, hashRate: hashRate, cores: ProcessInfo.processInfo.activeProcessorCount)
        let size = Int(experiment.size.bytes)
        let payloads = experiment.workload == .hash
            ? (0..<experiment.count).map { Payload.checkedBytes(seed: experiment.seed, offset: Int64($0 * size), count: size) }
            : []
        var measured = experiment.modes.map { _ in [Measurement]() }
        var interrupted = false
        repetitions: for repetition in 1...experiment.repetitions {
            for (index, mode) in experiment.modes.enumerated() {
                if StopSignal.requested {
                    interrupted = true
                    break repetitions
                }
                var label = experiment.repetitions > 1 ? "\(mode) \(repetition)/\(experiment.repetitions)" : "\(mode)"
                if let prefix = self.label { label = prefix + " " + label }
                let measurement = await measure(mode, label: label, payloads: payloads)
                measured[index].append(measurement)
                if measurement.interrupted {
                    interrupted = true
                    break repetitions
                }
            }
        }
        let runs = experiment.modes.indices.filter { !measured[$0].isEmpty }.map { index in
            let mode = experiment.modes[index]
            return RunResult(mode: mode, client: mode.client(for: experiment.workload), downloads: experiment.count,
                             measurements: measured[index], predictedSeconds: model.predictedSeconds(mode))
        }
        return ExperimentResult(model: model, runs: runs, simulated: false, interrupted: interrupted, started: started)
    }

    /// One run of one mode, with its progress line.
    private func measure(_ mode: Mode, label: String, payloads: [[UInt8]]) async -> Measurement {
        let control = RunControl()
        let bar = progress ? ProgressBar(label: label, total: Int64(experiment.count) * experiment.size.bytes) : nil
        switch experiment.workload {
        case .hash:
            let monitor = RunMonitor(control: control, bar: bar, onStop: {})
            let cpuBefore = ProcessResources.cpuSeconds()
            var measurement = await HashModes.run(mode, payloads: payloads, control: control)
            measurement.cpuSeconds = ProcessResources.cpuSeconds() - cpuBefore
            await monitor.finish(seconds: measurement.seconds)
            return measurement
        case .download:
            let configuration = MockServer.Configuration(
                seed: experiment.seed, fixtures: nil, link: experiment.link, faults: experiment.faults, controlEndpoints: false)
            let server: MockServer
            do {
                server = try await MockServer.start(configuration)
            } catch {
                return Measurement(seconds: 0, completed: 0, bytes: 0, failures: ["cannot start the mock server: \(error)"],
                                   retries: 0, interrupted: false)
            }
            let (url, count, seed) = (server.url("/bytes/\(experiment.size.bytes)"), experiment.count, experiment.seed)
            let cpuBefore = ProcessResources.cpuSeconds()
            let work = Task { await DownloadModes.run(mode, url: url, count: count, seed: seed, control: control) }
            let monitor = RunMonitor(control: control, bar: bar) {
                // Cancelling closes the async clients' connections; closing the server's wakes
                // the blocking ones, and refusing new connections ends their retries.
                work.cancel()
                await server.closeClientConnections()
                await server.close()
            }
            var measurement = await work.value
            measurement.cpuSeconds = ProcessResources.cpuSeconds() - cpuBefore
            await server.settled()
            let entries = server.journal.entries
            let origin = entries.map(\.start.seconds).min() ?? 0
            measurement.responses = entries.map { entry in
                let start = entry.start.seconds - origin
                return ResponseSpan(start: start, firstByte: entry.timeToFirstByte.map { start + $0.seconds },
                                    end: start + entry.duration.seconds)
            }
            await monitor.finish(seconds: measurement.seconds)
            await server.close()
            return measurement
        }
    }
}
