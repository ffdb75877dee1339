import MockServer

/// Why the modes took what they took, in plain words built from the experiment's numbers:
/// where the time went, what overlapping the waits saved, and what capped the gain.
struct Explanation {
    /// One paragraph per line.
    let lines: [String]

    init(result: ExperimentResult) {
        var lines: [String]
        switch result.experiment.workload {
        case .download: lines = Self.download(result)
        case .hash: lines = Self.hash(result)
        }
        lines += Self.accuracy(result)
        if result.interrupted {
            lines.append("The run was interrupted: the rows hold what was measured until the stop, and later modes did not run.")
        }
        self.lines = lines
    }

    private static func download(_ result: ExperimentResult) -> [String] {
        let experiment = result.experiment
        let link = experiment.link
        let count = experiment.count
        let size = Double(experiment.size.bytes)
        let wait = link.expectedResponseDelay(firstOnConnection: false).seconds
        let perConnection = link.bandwidth?.bytesPerSecond
        let shared = link.linkBandwidth?.bytesPerSecond
        let single = [perConnection, shared].compactMap { $0 }.min()
        let body = single.map { size / $0 } ?? 0
        var lines: [String] = []

        let moving = single.map {
            "then moves its \(experiment.size) at \(Format.rate($0)) (\(perConnection == $0 ? "one connection's cap" : "the whole link")) in \(Format.seconds(body))"
        } ?? "then gets its \(experiment.size) at once (nothing limits the bandwidth)"
        let oneByOne = Double(count) * (wait + body)
        lines.append(
            "One after another, each of the \(count) downloads waits \(Format.seconds(wait)) for its first byte and \(moving): "
                + "\(count) × \(Format.seconds(wait + body)) = \(Format.seconds(oneByOne)), "
                + (body == 0 ? "all of it waiting." : "\(Format.seconds(Double(count) * wait)) of it spent waiting."))

        // The fastest mode that overlaps downloads, whatever its place: alone, `bounded:3` does too.
        func downloadsInFlight(_ run: RunResult) -> Int { min(run.mode.concurrency ?? count, count) }
        guard let best = result.runs.filter({ downloadsInFlight($0) > 1 }).min(by: { $0.seconds < $1.seconds }) else { return lines }
        let inFlight = downloadsInFlight(best)
        let overlap = inFlight >= count
            ? "the waits overlap: the program waits \(Format.seconds(wait)) once instead of \(count) times, and the bodies flow side by side"
            : "the waits overlap \(inFlight) at a time, and \(inFlight) bodies flow side by side"
        lines.append("With \(inFlight) in flight (\(best.mode), \(best.client) client), \(overlap).")

        if let shared, inFlight > 1 {
            let share = shared / Double(inFlight)
            var uncapped = link
            uncapped.linkBandwidth = nil
            let free = result.model.predictedSeconds(best.mode, on: uncapped)
            let predicted = best.predictedSeconds
            let through = Double(count) * size / shared
            if share < (perConnection ?? .infinity), predicted > free * 1.01 {
                // Speedups against the baseline, when it is another mode.
                let factors = result.baseline.flatMap { $0.mode == best.mode ? nil : $0.predictedSeconds }
                    .map { " (\(Format.factor($0 / free)) instead of \(Format.factor($0 / predicted)))" } ?? ""
                lines.append(
                    "But all connections share the \(Format.rate(shared)) link: \(count) × \(experiment.size) need "
                        + "\(Format.seconds(through)) through it however many connections carry them "
                        + "(\(Format.rate(share)) each), so the model expects \(Format.seconds(predicted)). "
                        + "This is where concurrency stops helping: without the shared cap it would be \(Format.seconds(free))"
                        + "\(factors), and more connections would only split the same link.")
            } else if share < (perConnection ?? .infinity) {
                lines.append(
                    "The \(Format.rate(shared)) shared link is not the limit here: \(count) × \(experiment.size) pass through it in "
                        + "\(Format.seconds(through)), little beside the \(Format.seconds(wait)) wait; more or larger downloads would fill it.")
            } else {
                lines.append(
                    "The \(Format.rate(shared)) shared link is not the limit here: \(inFlight) connections get "
                        + "\(Format.rate(share)) each, above a connection's own \(Format.rate(perConnection ?? 0)).")
            }
        } else if single == nil {
            lines.append(
                "Nothing here is limited by bandwidth: all the time is waiting, so overlapping the waits divides it by the number in flight.")
        }
        lines.append(
            "Concurrency pays off as long as the time goes to waiting (latency); once the bytes fill a shared link, it stops paying.")
        if let note = faultsNote(experiment.faults) { lines.append(note) }
        return lines
    }

    /// That `faults` were injected and their retries are time the model leaves out; nil for none.
    /// Said of a run and of a sweep alike.
    static func faultsNote(_ faults: FaultPlan) -> String? {
        faults.rules.isEmpty ? nil : "Faults were injected (\(LabFormat.faults(faults))): the retries they cause add time the model does not count."
    }

    private static func hash(_ result: ExperimentResult) -> [String] {
        let experiment = result.experiment
        let model = result.model
        let job = model.hashRate > 0 ? Double(experiment.size.bytes) / model.hashRate : 0
        var lines = [
            "Hashing keeps a core busy from start to end; there is no waiting to overlap. Each of the \(experiment.count) payloads "
                + "(\(experiment.size)) takes about \(Format.seconds(job)) on one core (\(Format.rate(model.hashRate)), measured before the run)."
        ]
        for run in result.runs.dropFirst() {
            let factor = result.speedup(of: run).map(Format.factor) ?? "?"
            switch run.mode {
            case .concurrent, .bounded:
                lines.append(
                    "As async tasks (\(run.mode)) they all run on one actor, the way Python's asyncio runs coroutines on one event loop: "
                        + "they take turns on one core\(Self.busy(run)), so interleaving them reorders the work without sharing it out: \(factor).")
            case .threads(let threads):
                let used = min(threads, model.cores)
                let expected = result.predictedSpeedup(of: run).map(Format.factor) ?? "?"
                lines.append(
                    "On \(threads) thread\(threads == 1 ? "" : "s") the hashing can run on \(used) of this machine's \(model.cores) cores at once: "
                        + (result.simulated ? "\(expected) expected" : "\(factor) measured, \(expected) expected\(Self.busy(run))")
                        + (threads > model.cores ? "; threads beyond the cores only take turns." : ".")
                        + (!result.simulated && (result.speedup(of: run) ?? 0) < 0.75 * (result.predictedSpeedup(of: run) ?? 0)
                            ? " Less than expected means other programs were using the cores." : ""))
            case .sequential, .urlsession:
                break
            }
        }
        lines.append("Async code helps a program that waits (network, disk); work that computes needs more cores: threads or processes.")
        return lines
    }

    /// ` (1.00 cores busy on average)`, or nothing when CPU time was not measured.
    private static func busy(_ run: RunResult) -> String {
        run.busyCores.map { String(format: " (%.2f cores busy on average)", $0) } ?? ""
    }

    private static func accuracy(_ result: ExperimentResult) -> [String] {
        guard !result.simulated else { return ["These are the model's numbers alone (--simulate): nothing was measured."] }
        let compared = result.runs.filter(\.comparable)
        let off = compared.filter { abs($0.errorPercent ?? 0) > 3 }
        guard !off.isEmpty else {
            let others = result.runs.filter { !$0.comparable }.map(\.mode.description)
            if result.runs.isEmpty { return [] }
            if compared.isEmpty { return ["No mode completed a job, so none is compared with the model."] }
            return [others.isEmpty
                ? "Every mode is within 3% of the model's prediction."
                : "Every mode compared is within 3% of the model's prediction; \(others.joined(separator: ", ")) completed no job or was cut short, so is not compared."]
        }
        let expectedWait = result.experiment.link.expectedResponseDelay(firstOnConnection: false).seconds
        return off.map { run in
            if let wait = run.serverFirstByte, wait > 2 * expectedWait + 0.05 {
                // The journal shows where the time went: responses waited at the server.
                return "\(run.mode) took \(Format.percent(run.errorPercent ?? 0)) against the model. The server's journal shows why: "
                    + "its responses started \(Format.seconds(wait)) after their requests on average, not the link's \(Format.seconds(expectedWait)), "
                    + "so they were served one after another rather than side by side. The time went to the mock server's pacing, not to the client."
            }
            if let server = run.serverSeconds {
                return "\(run.mode) took \(Format.percent(run.errorPercent ?? 0)) against the model. The server's journal puts "
                    + "\(Format.seconds(server)) between the first request and the last response, so the client and its checks added "
                    + "\(Format.seconds(max(0, run.seconds - server))); the rest went to the server's pacing, retries or a busy machine."
            }
            return "\(run.mode) took \(Format.percent(run.errorPercent ?? 0)) against the model: time the model does not count "
                + "(client and verification work, retries, a busy machine) went into it."
        }
    }
}
