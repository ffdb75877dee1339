import Foundation
import MockServer

/// The options `lab run` and `lab sweep` share: which experiment, what to change in it, and
/// where and how to report.
struct ExperimentOptions: Sendable {
    var experiment: Experiment
    /// The model alone, no sockets (`--simulate`).
    var simulate: Bool
    /// JSON on stdout instead of the table (`--json`).
    var json: Bool
    /// No progress bars or status lines (`--quiet`).
    var quiet: Bool
    /// The results folder (`--out`); nil for `lab-results/NAME-TIMESTAMP`.
    var out: String?

    /// The help text for these options, shared by both commands' `--help`.
    static let help = """
          --count N             jobs per mode (default: the experiment's)
          --size SIZE           payload of each job: 256KiB, 10MB, 1.5GiB (default: the experiment's)
          --modes LIST          modes to compare, comma-separated: sequential, concurrent,
                                bounded:K, threads:K, urlsession (the first is the baseline)
          --repeat N            run each mode N times; report the median, min and max
          --seed N              seed for payload bytes, jitter and faults (default 0)
          --profile NAME        start from a link preset (see 'lab profiles')
          --latency D           time to first byte of each response (250ms, 2s; bare = ms)
          --jitter D            random extra latency: 20ms (uniform +-20ms) or normal:20ms
          --connect-latency D   extra delay before the first response on each new connection
          --bandwidth R         per-connection cap (11MB/s, 80Mbit/s; bare = B/s; none)
          --link-bandwidth R    one cap shared fairly by all connections (none for no cap)
          --fault SPEC          inject a fault: status:CODE, reset, reset-after:SIZE, close,
                                truncate-after:SIZE, stall-after:SIZE, corrupt:N, ...
          --fault-rate P        fire the fault with probability P (0 to 1; default 1)
          --fault-first N       fire it only on the first N requests for each URL
          --retry-after S       with status:CODE, add Retry-After: S
          --simulate            the model's numbers alone, at once: no server, no sockets
          --out DIR             folder for results.json, results.csv, chart.svg, report.html
                                (default lab-results/NAME-TIMESTAMP/)
          --json                print the results as JSON on stdout instead of the table
          --quiet               no progress bars or status lines
        """

    /// Reads the options, then the experiment (`NAME` or `FILE`, default `article`); `varying`
    /// names the parameters a sweep varies, which the summary leaves to the sweep.
    init(_ arguments: inout Arguments, command: String, varying: [String] = []) throws(UsageError) {
        simulate = arguments.flag("simulate")
        json = arguments.flag("json")
        quiet = arguments.flag("quiet")
        out = try arguments.option("out")
        let count = try arguments.option("count") { text -> Int in
            guard let count = Int(text), (1...Experiment.maximumCount).contains(count) else {
                throw Message("\"\(text)\" is not a count; use a whole number from 1 to \(Experiment.maximumCount)")
            }
            return count
        }
        let size = try arguments.option("size") { text in try ByteCount(parsing: text) }
        let modes = try arguments.option("modes") { text in try Mode.list(parsing: text) }
        let repetitions = try arguments.option("repeat") { text -> Int in
            guard let count = Int(text), count >= 1 else { throw Message("\"\(text)\" is not a number of runs; use a whole number of at least 1") }
            return count
        }
        let seed = try arguments.option("seed", LabParsing.seed)
        let link = try LabParsing.linkFlags(&arguments)
        // The experiments' downloads send no request body: an upload cap would change nothing.
        if let flag = ["upload-bandwidth", "upload-link-bandwidth"].first(where: { link.values[$0] != nil }) {
            throw UsageError("--\(flag) caps request bodies, and the downloads of 'lab \(command)' send none; drop it ('lab serve' and 'lab proxy' take it)")
        }
        let faults = try LabParsing.faults(&arguments)

        try arguments.rejectUnknownOptions(command: command)
        let name = arguments.positional() ?? Experiment.article.name
        let original = try Self.experiment(named: name, command: command)
        var experiment = original
        if let count { experiment.count = count }
        if let size { experiment.size = size }
        if let modes { experiment.modes = modes }
        if let repetitions { experiment.repetitions = repetitions }
        if let seed { experiment.seed = seed }
        if experiment.workload == .hash, !link.isEmpty || !faults.rules.isEmpty {
            throw UsageError("'\(experiment.name)' hashes in memory: link and fault flags do not apply; drop them or run a download experiment")
        }
        if !link.isEmpty {
            experiment.link = try link.applied(to: experiment.link)
            experiment.linkName = link.values.isEmpty ? link.profile : nil
        }
        if !faults.rules.isEmpty { experiment.faults = faults }
        do {
            try experiment.validate()
        } catch {
            throw UsageError("\(error); see 'lab \(command) --help'")
        }
        if !simulate {
            do { try RunBudget.check(experiment) } catch { throw UsageError("\(error)") }
        }
        // The summary describes the experiment as defined ("a 10 MiB file downloaded ten
        // times ... 11.96 s vs 1.30 s"): a report must not claim it for other jobs.
        let changes = Self.changes(from: original, to: experiment, varying: varying)
        if !changes.isEmpty { experiment.summary += "; here " + changes.joined(separator: ", ") }
        self.experiment = experiment
    }

    /// How `experiment` differs from `original` in what a summary describes: its jobs (but a
    /// number a sweep varies), modes, link and faults.
    static func changes(from original: Experiment, to experiment: Experiment, varying: [String]) -> [String] {
        var changes: [String] = []
        if (experiment.count != original.count && !varying.contains("count")) || (experiment.size != original.size && !varying.contains("size")) {
            changes.append(experiment.jobs(varying: varying))
        }
        if experiment.modes != original.modes { changes.append("modes " + experiment.modes.map(\.description).joined(separator: ", ")) }
        if experiment.link != original.link { changes.append("link " + LabFormat.link(experiment.link)) }
        if experiment.faults != original.faults { changes.append("faults " + LabFormat.faults(experiment.faults)) }
        return changes
    }

    /// A built-in experiment by name, or a scenario file by path.
    static func experiment(named name: String, command: String) throws(UsageError) -> Experiment {
        if let experiment = Experiment.named(name) { return experiment }
        guard FileManager.default.fileExists(atPath: name) else {
            throw UsageError("\"\(name)\" is neither an experiment (\(Experiment.builtIn.map(\.name).joined(separator: ", "))) nor a scenario file; see 'lab \(command) --help'")
        }
        do {
            return try Scenario.load(path: name)
        } catch {
            throw UsageError(error.description)
        }
    }

    /// Whether to draw progress bars: on a terminal, unless quiet or simulating.
    var showsProgress: Bool { !quiet && !simulate && Console.isTerminal }
}
