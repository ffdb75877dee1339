import Foundation
import MockServer

/// Scenario files: experiments written as JSON, run with `lab run FILE`.
///
/// ```json
/// {
///   "name": "article-small",
///   "summary": "the article's experiment scaled down to 10 × 256 KiB",
///   "workload": "download",
///   "link": {"profile": "article", "latency": "40ms", "bandwidth": "2.5MiB/s"},
///   "faults": [{"fault": "reset-after:64KiB", "fault-rate": 0.2}],
///   "payloads": {"count": 10, "size": "256KiB"},
///   "modes": ["sequential", "concurrent", "bounded:3", "threads:4", "urlsession"],
///   "repeat": 3,
///   "seed": 7
/// }
/// ```
///
/// Only `payloads` is required. `link` is a preset name or an object of link parameters
/// (those of `lab serve`), optionally starting from `"profile"`; `faults` is a list of rules as
/// `PUT /_lab/faults` takes them; `workload` is `download` (default) or `hash`; `modes`
/// defaults to sequential and concurrent; `name` to the file's name. Unknown keys are errors.
enum Scenario {
    /// The keys a scenario may have.
    static let keys = ["name", "summary", "workload", "link", "faults", "payloads", "modes", "repeat", "seed"]

    /// Reads the scenario file at `path`.
    static func load(path: String) throws(ScenarioError) -> Experiment {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ScenarioError(path: path, reason: "cannot be read (\(FileFailure.reason(error)))")
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        do {
            return try experiment(from: data, defaultName: name)
        } catch {
            throw ScenarioError(path: path, reason: error.description)
        }
    }

    /// The experiment a scenario's JSON describes; `defaultName` names it when it has no `name`.
    static func experiment(from data: Data, defaultName: String) throws(Message) -> Experiment {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw Message("is not valid JSON\(JSON.reason(error)); see 'lab run --help' for the scenario format")
        }
        guard let object = json as? [String: Any] else {
            throw Message("is not a JSON object; see 'lab run --help' for the scenario format")
        }
        if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
            throw Message("unknown key \"\(unknown)\"; a scenario has \(keys.joined(separator: ", "))")
        }
        let name = try string(object, "name") ?? defaultName
        var experiment = Experiment(
            name: name, summary: try string(object, "summary") ?? "scenario \(name)",
            workload: .download, link: .unlimited, linkName: nil, faults: .none,
            count: 0, size: 0, modes: [.sequential, .concurrent], repetitions: 1, seed: 0)
        if let workload = try string(object, "workload") {
            guard let value = Workload(rawValue: workload) else {
                throw Message("workload \"\(workload)\" is unknown; use download or hash")
            }
            experiment.workload = value
        }
        if let link = object["link"] {
            (experiment.link, experiment.linkName) = try self.link(link)
        }
        if let faults = object["faults"] {
            do {
                experiment.faults = try FaultPlan(jsonObject: faults)
            } catch {
                throw Message("faults: \(error)")
            }
        }
        guard let payloads = object["payloads"] as? [String: Any] else {
            throw Message("needs \"payloads\": {\"count\": 10, \"size\": \"10MiB\"}")
        }
        guard let count = payloads["count"] as? Int, (1...Experiment.maximumCount).contains(count) else {
            throw Message("payloads.count must be a whole number from 1 to \(Experiment.maximumCount)")
        }
        experiment.count = count
        let size: String
        switch payloads["size"] {
        case let text as String: size = text
        case let bytes as Int: size = String(bytes)
        default: throw Message("needs payloads.size, a size like \"10MiB\" or a number of bytes")
        }
        do {
            experiment.size = try ByteCount(parsing: size)
        } catch {
            throw Message("payloads.size: \(error)")
        }
        if let extra = payloads.keys.sorted().first(where: { $0 != "count" && $0 != "size" }) {
            throw Message("unknown key \"payloads.\(extra)\"; payloads has count and size")
        }
        if let modes = object["modes"] {
            guard let list = modes as? [String] else { throw Message("modes must be a list of strings, e.g. [\"sequential\", \"concurrent\"]") }
            experiment.modes = try Mode.list(parsing: list.joined(separator: ","))
        }
        if let repetitions = object["repeat"] {
            guard let value = repetitions as? Int, value >= 1 else { throw Message("repeat must be a whole number of at least 1") }
            experiment.repetitions = value
        }
        if let seed = object["seed"] {
            guard let value = (seed as? NSNumber).flatMap({ UInt64(exactly: $0.doubleValue) }) else {
                throw Message("seed must be a whole number from 0 to \(UInt64.max)")
            }
            experiment.seed = value
        }
        try experiment.validate()
        return experiment
    }

    /// A link from a preset name or a parameter object (with an optional base `profile`).
    static func link(_ value: Any) throws(Message) -> (LinkProfile, String?) {
        let presets = LinkProfile.presets.map(\.name).joined(separator: ", ")
        if let name = value as? String {
            guard let preset = LinkProfile.preset(named: name) else { throw Message("link \"\(name)\" is not a preset; use one of \(presets)") }
            return (preset, name)
        }
        guard var object = value as? [String: Any] else {
            throw Message("link must be a preset name or an object like {\"latency\": \"250ms\", \"bandwidth\": \"1MB/s\"}")
        }
        var base = LinkProfile.unlimited
        var baseName: String?
        if let profile = object.removeValue(forKey: "profile") {
            guard let name = profile as? String, let preset = LinkProfile.preset(named: name) else {
                throw Message("link.profile \"\(profile)\" is not a preset; use one of \(presets)")
            }
            base = preset
            baseName = name
        }
        let merged = base.jsonObject().merging(object) { $1 }
        do {
            return (try LinkProfile(jsonObject: merged), object.isEmpty ? baseName : nil)
        } catch {
            throw Message("link: \(error)")
        }
    }

    private static func string(_ object: [String: Any], _ key: String) throws(Message) -> String? {
        guard let value = object[key] else { return nil }
        guard let text = value as? String else { throw Message("\(key) must be a string") }
        return text
    }
}
