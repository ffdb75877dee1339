extension ExperimentResult {
    /// `results.csv`: one row per mode, the JSON run keys as columns.
    var csv: CSVWriter {
        var csv = CSVWriter(header: [
            "experiment", "mode", "client", "downloads", "bytes", "seconds", "minSeconds", "maxSeconds",
            "predictedSeconds", "errorPercent", "throughput", "errors", "retries", "speedup", "verified", "interrupted",
            "cpuSeconds", "busyCores",
        ])
        for run in runs {
            csv.append([
                experiment.name, run.mode.description, run.client, "\(run.downloads)", "\(run.bytes)",
                CSVWriter.number(run.seconds), CSVWriter.number(run.samples.min), CSVWriter.number(run.samples.max),
                CSVWriter.number(run.predictedSeconds), run.errorPercent.map(CSVWriter.number) ?? "",
                CSVWriter.number(run.throughput), "\(run.errors)", "\(run.retries)",
                speedup(of: run).map(CSVWriter.number) ?? "", "\(run.verified && !simulated)", "\(run.interrupted)",
                run.cpuSeconds.map(CSVWriter.number) ?? "", run.busyCores.map(CSVWriter.number) ?? "",
            ])
        }
        return csv
    }
}
