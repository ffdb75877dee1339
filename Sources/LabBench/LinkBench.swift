import MockServer
import NetworkCore

/// `lab bench link`: how exactly MockServer's link emulation keeps what ``LinkProfile``
/// promises: bandwidth caps, time to first byte, many capped downloads at once, and shared
/// links (``SharedLinkBench``).
///
/// Every target is decided on what a client observes, on the client's clock (a reader's or
/// the load generator's own thread); the server's journal figure, timed on its event loop,
/// is printed beside it as a diagnostic and decides nothing.
struct LinkBench {
    let quick: Bool

    /// Rounds of each measurement: a stall of the machine (another process taking both
    /// cores for tens of milliseconds) spoils one round, not the median of three.
    private var rounds: Int { quick ? 1 : 3 }

    func run() async throws(BenchError) -> BenchReport {
        var report = BenchReport(name: BenchName.link.rawValue)
        try await BenchServer.with { server throws(BenchError) in
            try await rates(server, &report)
            try await firstByte(server, &report)
            try await manyCapped(server, &report)
        }
        try await SharedLinkBench(quick: quick).run(&report)
        return report
    }

    /// One download per cap, alone, read by a plain blocking reader; the caps in turn, round
    /// after round.
    private func rates(_ server: MockServer, _ report: inout BenchReport) async throws(BenchError) {
        let caps: [Double] = quick ? [64e3, 10e6] : [64e3, 256e3, 1e6, 10e6, 100e6, 1e9]
        let seconds = quick ? 0.25 : 2.0
        var errors = caps.map { _ in BenchSamples() }
        var achieved = caps.map { _ in BenchSamples() }
        var journal = caps.map { _ in BenchSamples() }
        for round in 0..<rounds {
            for (index, cap) in caps.enumerated() {
                let target = "/bytes/\(Int64(cap * seconds))?bandwidth=\(Int64(cap))&seed=\(round * 100 + index + 1)"
                let outcome = try await PlainReader.download(target, port: server.port)
                let entry = try await BenchServer.entries(server, targets: [target])[0]
                let rate = Double(outcome.bodyBytes) / (outcome.end - outcome.head).seconds
                achieved[index].append(rate)
                errors[index].append(abs(rate - cap) / cap)
                journal[index].append(entry.bodyRate)
            }
        }
        report.sections.append(BenchReport.Section(
            title: "Bandwidth caps: GET /bytes/SIZE?bandwidth=CAP, SIZE = CAP x \(BenchUnit.seconds.format(seconds)), one download at a time, \(rounds) round\(rounds == 1 ? "" : "s")",
            figures: caps.indices.map { index in
                .init(
                    key: "rate.\(Int64(caps[index])).error", label: "\(BenchUnit.bytesPerSecond.format(caps[index])) cap: rate error", value: errors[index].median,
                    unit: .fraction, samples: errors[index].values,
                    note: "median; reader \(BenchUnit.bytesPerSecond.format(achieved[index].median)); server journal \(BenchUnit.bytesPerSecond.format(journal[index].median))"
                )
            },
            definitions: [
                "rate error = |achieved - cap| / cap; achieved = body bytes / time from the response head read to the last body byte read,",
                "  on the reader's thread (a plain blocking socket, CLOCK_MONOTONIC): what a client observes.",
                "Server journal, a diagnostic: body bytes / (journal duration - timeToFirstByte), from the head's send to the last byte's send on its event loop.",
            ]
        ))
        let worst = errors.map(\.median).max()!
        report.expect("rate.maxError", "every cap from \(BenchUnit.bytesPerSecond.format(caps.first!)) to \(BenchUnit.bytesPerSecond.format(caps.last!)) within 1%, as the reader sees it (largest median error)", worst, .fraction, below: 0.01)
    }

    /// Requests with a `latency`, spread over time, each on its own idle connection.
    private func firstByte(_ server: MockServer, _ report: inout BenchReport) async throws(BenchError) {
        let latencies: [Int] = quick ? [10, 100] : [10, 100, 1000]
        let samples = quick ? 20 : 200
        let stagger = Duration.milliseconds(quick ? 2 : 5)
        let load = try LoadGenerator(port: server.port)
        defer { load.shutdown() }
        try await load.openAll(samples)
        var medians = latencies.map { _ in BenchSamples() }, p99s = latencies.map { _ in BenchSamples() }
        var journalMedians = latencies.map { _ in BenchSamples() }, journalP99s = latencies.map { _ in BenchSamples() }
        var largest = latencies.map { _ in 0.0 }
        for round in 0..<rounds {
            for (index, latency) in latencies.enumerated() {
                let targets = (0..<samples).map { "/bytes/1KiB?latency=\(latency)ms&seed=\(round * 10_000_000 + latency * 1000 + $0)" }
                let transfers = await load.fetch(targets.map { LoadRequest($0) }, stagger: stagger, timeout: .seconds(10))
                if let problem = transfers.lazy.compactMap(\.problem).first { throw BenchError("GET /bytes/1KiB?latency=\(latency)ms: \(problem)") }
                let entries = try await BenchServer.entries(server, targets: targets)
                let wanted = Double(latency) / 1000
                let errors = BenchSamples(transfers.map { abs(($0.firstByte! - $0.sent!).seconds - wanted) })
                let journalErrors = BenchSamples(entries.map { abs(($0.timeToFirstByte?.seconds ?? .nan) - wanted) })
                medians[index].append(errors.median)
                p99s[index].append(errors.percentile(0.99))
                journalMedians[index].append(journalErrors.median)
                journalP99s[index].append(journalErrors.percentile(0.99))
                largest[index] = max(largest[index], errors.max)
            }
        }
        report.sections.append(BenchReport.Section(
            title: "Time to first byte: \(samples) GET /bytes/1KiB?latency=L per latency, one every \(BenchUnit.seconds.format(stagger.seconds)), each on its own kept-alive connection, \(rounds) round\(rounds == 1 ? "" : "s")",
            figures: latencies.indices.flatMap { index -> [BenchReport.Figure] in
                [
                    .init(key: "ttfb.\(latencies[index])ms.median", label: "\(latencies[index]) ms: error, median", value: medians[index].median, unit: .seconds,
                          samples: medians[index].values, note: "server journal \(BenchUnit.seconds.format(journalMedians[index].median))"),
                    .init(key: "ttfb.\(latencies[index])ms.p99", label: "\(latencies[index]) ms: error, 99th pct", value: p99s[index].median, unit: .seconds,
                          samples: p99s[index].values,
                          note: "server journal \(BenchUnit.seconds.format(journalP99s[index].median)); largest of all \(BenchUnit.seconds.format(largest[index]))"),
                ]
            },
            definitions: [
                "error = |time to first byte - L|, as the client observes it: from the request written to the first response byte read,",
                "  on the load generator's thread (its own event loop, CLOCK_MONOTONIC), loopback transit included.",
                "Median and 99th percentile of the \(samples) requests of a round; the figure is the median over the rounds.",
                "Server journal, a diagnostic: from the request head complete to the send of the response's first byte, on the server's event loop.",
            ]
        ))
        report.expect("ttfb.median", "time-to-first-byte error < 1 ms as the client sees it, median (worst latency)", medians.map(\.median).max()!, .seconds, below: 0.001)
        report.expect("ttfb.p99", "time-to-first-byte error < 3 ms as the client sees it, 99th percentile (worst latency)", p99s.map(\.median).max()!, .seconds, below: 0.003)
    }

    /// Many downloads at once, each with its own cap and no shared link.
    private func manyCapped(_ server: MockServer, _ report: inout BenchReport) async throws(BenchError) {
        let count = quick ? 50 : 1000
        let rate = 100_000.0
        let seconds = quick ? 0.5 : 2.0
        let size = Int64(rate * seconds)
        let load = try LoadGenerator(port: server.port)
        defer { load.shutdown() }
        try await load.openAll(count)
        var largest = BenchSamples(), medians = BenchSamples(), p99s = BenchSamples(), journalLargest = BenchSamples()
        var within = Int.max
        for round in 0..<rounds {
            let seeds = (0..<count).map { 100_000 * (round + 1) + $0 }
            let targets = seeds.map { "/bytes/\(size)?bandwidth=\(Int64(rate))&seed=\($0)" }
            let transfers = await load.fetch(targets.indices.map { LoadRequest(targets[$0], seed: UInt64(seeds[$0])) }, timeout: .seconds(seconds * 5 + 10))
            if let problem = transfers.lazy.compactMap(\.problem).first {
                throw BenchError("\(transfers.count { !$0.succeeded }) of \(count) capped downloads failed, e.g. \(problem)")
            }
            let entries = try await BenchServer.entries(server, targets: targets)
            let errors = BenchSamples(transfers.map { abs(($0.bodyRate ?? .nan) - rate) / rate })
            largest.append(errors.values.contains(where: \.isNaN) ? .infinity : errors.max)
            medians.append(errors.median)
            p99s.append(errors.percentile(0.99))
            journalLargest.append(entries.map { abs($0.bodyRate - rate) / rate }.max() ?? .nan)
            within = min(within, errors.values.count { $0 < 0.02 })
        }
        report.sections.append(BenchReport.Section(
            title: "\(count) concurrent downloads, each GET /bytes/\(ByteCount(bytes: size))?bandwidth=\(BenchUnit.bytesPerSecond.format(rate)), on \(ProcessResources.cores) cores, \(rounds) round\(rounds == 1 ? "" : "s")",
            figures: [
                .init(key: "capped.within", label: "within 2% of the cap", value: Double(within), unit: .count, note: "of \(count), in the worst round; all complete and intact"),
                .init(key: "capped.median", label: "rate error, median", value: medians.median, unit: .fraction, samples: medians.values),
                .init(key: "capped.p99", label: "rate error, 99th pct", value: p99s.median, unit: .fraction, samples: p99s.values),
                .init(key: "capped.max", label: "rate error, largest", value: largest.median, unit: .fraction, samples: largest.values,
                      note: "median over rounds of each round's largest; server journal \(BenchUnit.fraction.format(journalLargest.median))"),
            ],
            definitions: [
                "rate error = |achieved - cap| / cap; achieved = body bytes / time from the response head read to the last body byte read, as the client observes it",
                "  (the load generator, on its own event loop thread, reading every connection and checking each body against the payload).",
                "All requests of a round are sent at once; each figure is the median over the rounds of that round's statistic.",
                "Server journal, a diagnostic: the same error from the server's body transfer time (head sent to last byte sent, on its event loop).",
            ]
        ))
        report.expect("capped.max", "every one of \(count) downloads within 2% of its cap as the client sees it (largest error, median round)", largest.median, .fraction, below: 0.02)
    }
}
