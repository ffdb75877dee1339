import Foundation
@testable import Lab
import MockServer

/// Results built by hand, so the table, files and explanation are tested without running.
enum ResultFixtures {
    static func article(
        sequential: Double = 12.0, concurrent: Double = 1.31, simulated: Bool = false, size: ByteCount = .mebibytes(10)
    ) -> ExperimentResult {
        var experiment = Experiment.article
        experiment.size = size
        let model = ExperimentModel(experiment, cores: 2)
        let bytes: Int64 = 10 * size.bytes
        func run(_ mode: Mode, _ seconds: Double) -> RunResult {
            RunResult(
                mode: mode, client: mode.client(for: .download), downloads: 10,
                measurements: [Measurement(seconds: seconds, completed: 10, bytes: bytes, failures: [], retries: 0, interrupted: false)],
                predictedSeconds: model.predictedSeconds(mode))
        }
        return ExperimentResult(
            model: model, runs: [run(.sequential, sequential), run(.concurrent, concurrent)],
            simulated: simulated, interrupted: false, started: Date(timeIntervalSince1970: 0))
    }
}
