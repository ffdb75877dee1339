import Foundation

/// `lab sweep`: an experiment over a grid of link parameters, to see where concurrency
/// helps most and where it stops helping.
struct SweepCommand: LabCommand {
    static let name = "sweep"
    static let summary = "run an experiment over a grid of link parameters"
    static let help = """
        lab sweep: run an experiment for every combination of parameter values, and chart the
        seconds of each mode (measured and predicted) against the varied parameter.

        USAGE: lab sweep [NAME|FILE] --vary NAME=V1,V2,... [--vary ...] [OPTIONS]

        The grid is every combination of the --vary lists. NAME is a link parameter
        (\(SweepAxis.names.filter { $0 != "count" && $0 != "size" }.joined(separator: ", "))) or count or size.
        Each point is a full 'lab run' of the base experiment (default article) with those
        values; scale it down with --count and --size so the sweep finishes quickly, or use
        --simulate for the model alone. Writes results.json, results.csv (one row per grid
        point), chart.svg (a line chart, x: the first --vary parameter) and report.html.

        OPTIONS:
          --vary NAME=V1,V2,...  a parameter and its values (repeat for more axes)
        \(ExperimentOptions.help)

        RESULTS (results.json): experiment, seed, link (the base), payloads, modes, repeat,
        vary [{name, values}], simulated, interrupted, insights, and points: a list of
        {parameters {NAME: VALUE}, link, count, size, runs (as in 'lab run'), speedup,
        predictedSpeedup}.

        EXIT STATUS: as 'lab run': 0, 1 (a job failed), 2 (usage), 130 (Ctrl-C).

        EXAMPLES:
          lab sweep --vary latency=0ms,50ms,100ms,200ms --count 10 --size 1MiB
          lab sweep --vary link-bandwidth=10MB/s,50MB/s,100MB/s,1GB/s --simulate
          lab sweep --vary latency=10ms,100ms --vary bandwidth=1MB/s,10MB/s --simulate
          lab sweep three-pages --vary count=1,2,4,8 --modes sequential,concurrent,bounded:2
        """

    var axes: [SweepAxis]
    var options: ExperimentOptions
    var grid: SweepGrid

    init(_ arguments: inout Arguments) throws {
        var axes: [SweepAxis] = []
        for text in try arguments.options("vary") {
            do {
                axes.append(try SweepAxis(parsing: text))
            } catch {
                throw UsageError("--vary: \(error)")
            }
        }
        guard !axes.isEmpty else {
            // An unknown option is the mistake to name first (`--latencies` for `--vary latency=`).
            _ = try ExperimentOptions(&arguments, command: Self.name)
            throw UsageError("nothing to sweep; add --vary NAME=V1,V2,... e.g. --vary latency=0ms,50ms,100ms,200ms")
        }
        if let repeated = axes.map(\.name).first(where: { name in axes.filter { $0.name == name }.count > 1 }) {
            throw UsageError("--vary \(repeated) is given twice; give its values in one list")
        }
        self.axes = axes
        options = try ExperimentOptions(&arguments, command: Self.name, varying: axes.map(\.name))
        if options.experiment.workload == .hash, axes.contains(where: { $0.name != "count" && $0.name != "size" }) {
            throw UsageError("'\(options.experiment.name)' hashes in memory: only count and size can be varied")
        }
        do {
            grid = try SweepGrid(base: options.experiment, axes: axes)
        } catch {
            throw UsageError("--vary: \(error)")
        }
        // A varied count or size may need more than the base experiment.
        if !options.simulate {
            for point in grid.points {
                do { try RunBudget.check(point.experiment) } catch { throw UsageError("--vary: \(error)") }
            }
        }
    }

    func run() async -> Int32 {
        let started = Date()
        let base = options.experiment
        if !options.json, !options.quiet {
            Console.out("sweep of \(base.name) over \(grid.points.count) point\(grid.points.count == 1 ? "" : "s") ("
                + axes.map { "\($0.name) = \($0.values.joined(separator: ", "))" }.joined(separator: "; ") + ")"
                + (options.simulate ? ", model only" : ""))
        }
        var sweep = SweepResult(base: base, axes: axes, points: [], simulated: options.simulate, interrupted: false, started: started)
        for point in grid.points {
            if StopSignal.requested && !options.simulate {
                sweep.interrupted = true
                break
            }
            let result = options.simulate
                ? ExperimentRunner.simulate(point.experiment, started: started)
                : await ExperimentRunner(experiment: point.experiment, progress: options.showsProgress, label: point.label).run(started: started)
            sweep.points.append((point, result))
            if result.interrupted {
                sweep.interrupted = true
                break
            }
        }
        let folder: ResultsFolder
        do {
            folder = try ResultsFolder.chosen(out: options.out, name: "sweep-\(base.name)", date: started)
            try folder.write([
                ("results.json", ExperimentResult.data(sweep.jsonObject())),
                ("results.csv", Data(sweep.csv.text.utf8)),
                ("chart.svg", Data(sweep.lineChart.svg.utf8)),
                ("report.html", Data(sweep.report.html.utf8)),
            ])
        } catch {
            Console.error("lab sweep: \(error)")
            return ExitStatus.failure
        }
        if options.json {
            Console.write(ExperimentResult.data(sweep.jsonObject()))
        } else {
            Console.out("")
            Console.out(sweep.table.text)
            if !options.simulate { Console.out("(measured, with the model's prediction in parentheses)") }
            Console.out("")
            for line in sweep.insights { Console.out(line) }
            Console.out("")
            Console.out("Results: \(folder.path)/ (results.json, results.csv, chart.svg, report.html)")
        }
        if sweep.interrupted {
            Console.error("lab sweep: interrupted; the results hold the points measured before the stop")
            return ExitStatus.interrupted
        }
        let failures = sweep.points.flatMap { point, result in result.runs.flatMap { run in run.failures.map { "\(point.label) \(run.mode): \($0)" } } }
        if let first = failures.first {
            Console.error("lab sweep: \(failures.count) job\(failures.count == 1 ? "" : "s") failed after retries (first: \(first)); see failures in results.json")
            return ExitStatus.failure
        }
        return ExitStatus.success
    }
}
