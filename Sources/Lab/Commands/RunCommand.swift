import Foundation

/// `lab run`: one experiment, every mode measured beside the model's prediction.
struct RunCommand: LabCommand {
    static let name = "run"
    static let summary = "run an experiment (article, three-pages, cpu-bound or a scenario file)"
    static let help = """
        lab run: run an experiment and compare its modes with the link model's prediction.

        USAGE: lab run [NAME|FILE] [OPTIONS]

        Each mode runs the same jobs against a fresh in-process mock server (started before
        timing) and is timed from its first request to its last byte, every byte verified.
        Prints a table (measured, predicted, error, throughput), the speedup, where the time
        went (each mode's waits and transfers, from the server's journal) and why; writes
        results.json, results.csv, chart.svg and report.html to the results folder.

        EXPERIMENTS:
        \(Experiment.builtIn.map { "  " + $0.name.padding(13) + $0.summary }.joined(separator: "\n"))
          FILE         a scenario file (JSON); examples in fixtures/scenarios/

        OPTIONS:
        \(ExperimentOptions.help)

        MODES (the first one is the baseline of the speedups):
          sequential   blocking client, one download after another on one keep-alive connection
          concurrent   async client, every download in flight at once
          bounded:K    async client, K downloads in flight
          threads:K    blocking client on K threads
          urlsession   Foundation's URLSession, every download in flight at once
          For cpu-bound (hashing), concurrent and bounded:K are async tasks on one actor (like
          asyncio's event loop) and threads:K uses K threads.

        SCENARIO FILE:
          {"name": "article-small", "summary": "...", "workload": "download",
           "link": "article" or {"profile": "article", "latency": "40ms", "bandwidth": "2.5MiB/s"},
           "faults": [{"fault": "reset-after:64KiB", "fault-rate": 0.2}],
           "payloads": {"count": 10, "size": "256KiB"},
           "modes": ["sequential", "concurrent", "bounded:3", "threads:4", "urlsession"],
           "repeat": 3, "seed": 7}
          Only payloads is required; workload is download (default) or hash. Command-line
          options override the file.

        RESULTS (results.json, and stdout with --json):
          experiment, summary, workload, seed, link (the link's parameters), profile, faults,
          payloads {count, size, bytes}, repeat, simulated, interrupted, cores, started,
          baseline, speedup, speedupMode, predictedSpeedup, explanation, and runs: a list of
          {mode, client, downloads, completed, bytes, verified, seconds (median), minSeconds,
          maxSeconds, samples, predictedSeconds, errorPercent, throughput (B/s), errors,
          failures, retries, speedup, interrupted, serverFirstByteSeconds (the mean wait
          before each response's first byte, from the server's journal), serverSeconds
          (the run as the server saw it: first request in to last response out), cpuSeconds
          (the lab process's CPU time in a run, its in-process server included) and
          busyCores (CPU time over wall time: cores kept busy)}.

        EXIT STATUS: 0 done; 1 a job failed after its retries (or the results could not be
        written); 2 a wrong command line; 130 stopped by Ctrl-C (what was measured is written).

        EXAMPLES:
          lab                                          the article's experiment (lab run article)
          lab run three-pages                          6 s one after another, 2 s concurrently
          lab run cpu-bound                            async does not speed up hashing; threads do
          lab run article --simulate                   the model's numbers, instantly
          lab run fixtures/scenarios/article-small.json --repeat 5
          lab run --modes sequential,bounded:3,threads:3,concurrent --count 6 --size 1MiB
          lab run --profile 3g --count 5 --size 100KB --json > results.json
        """

    var options: ExperimentOptions

    init(_ arguments: inout Arguments) throws {
        options = try ExperimentOptions(&arguments, command: Self.name)
    }

    func run() async -> Int32 {
        let experiment = options.experiment
        let started = Date()
        if !options.json, !options.quiet {
            Console.out(ExperimentHeadline(experiment: experiment, simulated: options.simulate).text)
        }
        let result = options.simulate
            ? ExperimentRunner.simulate(experiment, started: started)
            : await ExperimentRunner(experiment: experiment, progress: options.showsProgress).run(started: started)
        let folder: ResultsFolder
        do {
            folder = try ResultsFolder.chosen(out: options.out, name: experiment.name, date: started)
            try folder.write([
                ("results.json", result.jsonData()),
                ("results.csv", Data(result.csv.text.utf8)),
                ("chart.svg", Data(result.barChart.svg.utf8)),
                ("report.html", Data(result.report.html.utf8)),
            ])
        } catch {
            Console.error("lab run: \(error)")
            return ExitStatus.failure
        }
        if options.json {
            Console.write(result.jsonData())
        } else {
            Console.out("")
            Console.out(ResultsTable(result: result, color: Console.useColor).text)
            Console.out("")
            if let timeline = result.timeline {
                Console.out(timeline.text)
                Console.out("")
            }
            for line in Explanation(result: result).lines { Console.out(line) }
            Console.out("")
            Console.out("Results: \(folder.path)/ (results.json, results.csv, chart.svg, report.html)")
        }
        return Self.status(result, command: Self.name)
    }

    /// The exit status of a finished experiment, saying on stderr what went wrong.
    static func status(_ result: ExperimentResult, command: String) -> Int32 {
        if result.interrupted {
            Console.error("lab \(command): interrupted; the results hold what was measured before the stop")
            return ExitStatus.interrupted
        }
        let failures = result.runs.flatMap { run in run.failures.map { "\(run.mode): \($0)" } }
        if let first = failures.first {
            Console.error("lab \(command): \(failures.count) job\(failures.count == 1 ? "" : "s") failed after retries (first: \(first)); see failures in results.json")
            return ExitStatus.failure
        }
        return ExitStatus.success
    }
}
