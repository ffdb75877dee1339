import Foundation
import MockServer

extension ExperimentResult {
    /// The contract of `results.json` and `--json`; see `lab run --help`.
    func jsonObject() -> [String: Any] {
        var object: [String: Any] = [
            "experiment": experiment.name,
            "summary": experiment.summary,
            "workload": experiment.workload.rawValue,
            "seed": experiment.seed,
            "link": experiment.workload == .download ? experiment.link.jsonObject() : NSNull(),
            "faults": experiment.faults.jsonObject()["faults"] ?? [],
            "payloads": ["count": experiment.count, "size": experiment.size.description, "bytes": experiment.size.bytes],
            "repeat": experiment.repetitions,
            "simulated": simulated,
            "interrupted": interrupted,
            "cores": model.cores,
            "started": ISO8601DateFormatter().string(from: started),
            "runs": runs.map(jsonObject(run:)),
            "explanation": Explanation(result: self).lines,
        ]
        if let linkName = experiment.linkName { object["profile"] = linkName }
        if experiment.workload == .hash { object["hashRate"] = Self.rounded(model.hashRate) }
        if let baseline { object["baseline"] = baseline.mode.description }
        if let best, let speedup {
            object["speedup"] = Self.rounded(speedup)
            object["speedupMode"] = best.mode.description
            object["predictedSpeedup"] = predictedSpeedup(of: best).map(Self.rounded) ?? NSNull()
        }
        return object
    }

    /// `jsonObject()` as pretty-printed UTF-8 with sorted keys.
    func jsonData() -> Data {
        Self.data(jsonObject())
    }

    /// One run's object in `runs`.
    func jsonObject(run: RunResult) -> [String: Any] {
        let samples = run.samples
        return [
            "mode": run.mode.description,
            "client": run.client,
            "downloads": run.downloads,
            "completed": run.measurements.map(\.completed).min() ?? 0,
            "bytes": run.bytes,
            "verified": run.verified && !simulated,
            "seconds": Self.rounded(run.seconds),
            "minSeconds": Self.rounded(samples.min),
            "maxSeconds": Self.rounded(samples.max),
            "samples": samples.values.map(Self.rounded),
            "predictedSeconds": Self.rounded(run.predictedSeconds),
            "errorPercent": run.errorPercent.map(Self.rounded) ?? NSNull(),
            "throughput": Self.rounded(run.throughput),
            "errors": run.errors,
            "failures": run.failures,
            "retries": run.retries,
            "speedup": speedup(of: run).map(Self.rounded) ?? NSNull(),
            "interrupted": run.interrupted,
            "serverFirstByteSeconds": run.serverFirstByte.map(Self.rounded) ?? NSNull(),
            "serverSeconds": run.serverSeconds.map(Self.rounded) ?? NSNull(),
            "cpuSeconds": run.cpuSeconds.map(Self.rounded) ?? NSNull(),
            "busyCores": run.busyCores.map(Self.rounded) ?? NSNull(),
        ]
    }

    /// Six decimals: microseconds for times, enough for every ratio.
    static func rounded(_ value: Double) -> Double {
        value.isFinite ? (value * 1e6).rounded() / 1e6 : 0
    }

    /// Pretty-printed JSON with sorted keys and a final newline.
    static func data(_ object: [String: Any]) -> Data {
        var data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }
}
