import Foundation
import LabBench

/// `lab bench`: the performance benchmarks, each target decided on what a client observes,
/// with a plain verdict on every target and exit status 1 when one is missed.
struct BenchCommand: LabCommand {
    static let name = "bench"
    static let summary = "measure the server, the link emulation and the clients against their targets"
    static let help = """
        lab bench: measure MockServer, its link emulation and the clients against their targets.

        USAGE: lab bench [NAME] [--quick] [--json] [--no-fail]

        Run it from a release build: swift run -c release lab bench. With no NAME, runs every
        benchmark one after another (several minutes). Every target is decided on what a
        client observes, on the client's clock; the server's own figure (its journal, timed on
        its event loop) is printed beside it as a diagnostic. Throughput targets are ratios to
        a yardstick measured side by side in the same run (alternating rounds, medians), and
        shared-link figures are held to closed forms worked out by hand. Each report starts
        with the machine's load average and ends with its targets, MET or MISSED.

        BENCHMARKS:
        \(BenchName.allCases.map { "  " + $0.rawValue.padding(9) + $0.summary }.joined(separator: "\n"))

        OPTIONS:
          --quick    a smoke run of a few seconds per benchmark: small sizes, short windows,
                     one round. Its figures are not meaningful; the targets are still judged.
          --no-fail  exit 0 even when a target is missed (for exploring; a benchmark that
                     could not run still exits 1).
          --json     print one JSON document instead of text: {"benchmarks": [{"benchmark",
                     "setting", "sections": [{"title", "definitions", "figures": [{"key",
                     "label", "value", "unit", "samples"}]}], "targets": [{"key", "statement",
                     "value", "unit", "met"}]}]}; values in bytes, seconds, bytes/s, ratios;
                     null where a figure could not be measured.

        Exit status: 0 when every benchmark ran and met its targets; 1 when a target was
        missed (unless --no-fail) or a benchmark could not run (the others still do); 2 for a
        wrong command line.

        EXAMPLES:
          swift run -c release lab bench                 all of them, in text
          swift run -c release lab bench server          one benchmark
          .build/release/lab bench link --json > link.json
          lab bench --quick --no-fail                    a smoke run of all
        """

    /// The benchmarks to run.
    var names: [BenchName]
    var quick: Bool
    var json: Bool
    /// Exit 0 even when a target is missed.
    var noFail: Bool
    /// Set for the hidden `lab bench scale-client --port N`: the client side of `bench scale`,
    /// run by that benchmark in a child process and driven over stdin and stdout.
    var scaleClientPort: Int?

    init(_ arguments: inout Arguments) throws {
        quick = arguments.flag("quick")
        json = arguments.flag("json")
        noFail = arguments.flag("no-fail")
        let port = try arguments.option("port") { text -> Int in
            guard let port = Int(text), (1...65535).contains(port) else { throw Message("\"\(text)\" is not a port; use 1 to 65535") }
            return port
        }
        try arguments.rejectUnknownOptions(command: Self.name)
        switch arguments.positional() {
        case nil, "all"?:
            names = BenchName.allCases
        case ScaleClient.commandName?:
            guard let port else { throw UsageError("\(ScaleClient.commandName) needs --port N (it is run by 'lab bench scale')") }
            names = []
            scaleClientPort = port
        case let name?:
            guard let bench = BenchName(rawValue: name) else {
                throw UsageError("\"\(name)\" is not a benchmark; use one of \(BenchName.allCases.map(\.rawValue).joined(separator: ", ")), or none for all")
            }
            names = [bench]
        }
        if port != nil, scaleClientPort == nil { throw UsageError("unknown option --port for 'lab bench'; see 'lab bench --help'") }
    }

    func run() async -> Int32 {
        if let scaleClientPort { return await ScaleClient.run(port: scaleClientPort) }
        var documents: [[String: Any]] = []
        var failed = false
        var missed = false
        for name in names {
            let loadBefore = ProcessResources.loadAverage()
            do {
                var report = try await name.run(quick: quick)
                report.setting = setting(loadBefore: loadBefore, loadAfter: ProcessResources.loadAverage())
                missed = missed || report.targets.contains { !$0.met }
                if json { documents.append(report.jsonObject) } else { Console.out(report.text + "\n") }
            } catch {
                failed = true
                Console.error("lab bench \(name.rawValue): \(error)")
                documents.append(["benchmark": name.rawValue, "error": error.description])
            }
        }
        if json {
            let document: [String: Any] = ["benchmarks": documents]
            let data = (try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
            Console.out(String(decoding: data, as: UTF8.self))
        }
        return failed || (missed && !noFail) ? ExitStatus.failure : ExitStatus.success
    }

    /// The lines that say under which conditions the figures were measured.
    private func setting(loadBefore: [Double], loadAfter: [Double]) -> [String] {
        let loads = { (loads: [Double]) in loads.map { String(format: "%.2f", $0) }.joined(separator: " ") }
        var lines: [String] = []
        #if DEBUG
        lines.append("build: DEBUG; the figures mean little: run swift run -c release lab bench")
        #else
        lines.append("build: release")
        #endif
        if quick { lines.append("mode: --quick, a smoke run: small sizes, short windows, one round; the figures are not meaningful") }
        lines.append("machine: \(ProcessResources.cores) cores; load average (1, 5, 15 min) \(loads(loadBefore)) at start, \(loads(loadAfter)) at end")
        return lines
    }
}
