import Foundation

extension SweepResult {
    /// `results.json` for a sweep.
    func jsonObject() -> [String: Any] {
        [
            "experiment": base.name,
            "workload": base.workload.rawValue,
            "seed": base.seed,
            "link": base.link.jsonObject(),
            "payloads": ["count": base.count, "size": base.size.description, "bytes": base.size.bytes],
            "modes": modes.map(\.description),
            "repeat": base.repetitions,
            "vary": axes.map { ["name": $0.name, "values": $0.values] },
            "simulated": simulated,
            "interrupted": interrupted,
            "started": ISO8601DateFormatter().string(from: started),
            "insights": insights,
            "points": points.map { point, result -> [String: Any] in
                var object: [String: Any] = [
                    "parameters": Dictionary(uniqueKeysWithValues: point.values.map { ($0.name, $0.value) }),
                    "link": result.experiment.link.jsonObject(),
                    "count": result.experiment.count,
                    "size": result.experiment.size.description,
                    "runs": result.runs.map(result.jsonObject(run:)),
                    "interrupted": result.interrupted,
                ]
                if let speedup = speedup(result) { object["speedup"] = ExperimentResult.rounded(speedup) }
                if let predicted = result.predictedSpeedup { object["predictedSpeedup"] = ExperimentResult.rounded(predicted) }
                return object
            },
        ]
    }
}
