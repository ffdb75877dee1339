import MockServer
import NetworkCore

/// `lab bench link`: how exactly MockServer's link emulation keeps what ``LinkProfile``
/// promises: bandwidth caps, time to first byte, a shared link against ``LinkModel``, and
/// many capped downloads at once.
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
        try await sharedLink(&report)
        return report
    }

    /// One download per cap, alone, read by a plain blocking reader; the caps in turn, round
    /// after round.
    private func rates(_ server: MockServer, _ report: inout BenchReport) async throws(BenchError) {
        let caps: [Double] = quick ? [64e3, 10e6] : [64e3, 256e3, 1e6, 10e6, 100e6, 1e9]
        let seconds = quick ? 0.25 : 2.0
        var errors = caps.map { _ in BenchSamples() }
        var achieved = caps.map { _ in BenchSamples() }
        var readers = caps.map { _ in BenchSamples() }
        for round in 0..<rounds {
            for (index, cap) in caps.enumerated() {
                let target = "/bytes/\(Int64(cap * seconds))?bandwidth=\(Int64(cap))&seed=\(round * 100 + index + 1)"
                let outcome = try await PlainReader.download(target, port: server.port)
                let entry = try await BenchServer.entries(server, targets: [target])[0]
                achieved[index].append(entry.bodyRate)
                errors[index].append(abs(entry.bodyRate - cap) / cap)
                readers[index].append(Double(outcome.bodyBytes) / (outcome.end - outcome.head).seconds)
            }
        }
        report.sections.append(BenchReport.Section(
            title: "Bandwidth caps: GET /bytes/SIZE?bandwidth=CAP, SIZE = CAP x \(BenchUnit.seconds.format(seconds)), one download at a time, \(rounds) round\(rounds == 1 ? "" : "s")",
            figures: caps.indices.map { index in
                .init(
                    key: "rate.\(Int64(caps[index])).error", label: "\(BenchUnit.bytesPerSecond.format(caps[index])) cap: rate error", value: errors[index].median,
                    unit: .fraction, samples: errors[index].values,
                    note: "median; achieved \(BenchUnit.bytesPerSecond.format(achieved[index].median)) (server), \(BenchUnit.bytesPerSecond.format(readers[index].median)) (reader)"
                )
            },
            definitions: [
                "rate error = |achieved - cap| / cap; achieved = body bytes / body transfer time, measured by the server (journal, on its event loop's clock):",
                "  from the response head's send, when the body may start, to the send of its last byte (journal duration - timeToFirstByte).",
                "The reader's figure, for comparison: body bytes / time from the response head read to the last byte read, on the reader's thread.",
            ]
        ))
        let worst = errors.map(\.median).max()!
        report.expect("rate.maxError", "every cap from \(BenchUnit.bytesPerSecond.format(caps.first!)) to \(BenchUnit.bytesPerSecond.format(caps.last!)) within 1% (largest median error)", worst, .fraction, below: 0.01)
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
        var clientMedians = latencies.map { _ in BenchSamples() }, clientP99s = latencies.map { _ in BenchSamples() }
        var largest = latencies.map { _ in 0.0 }
        for round in 0..<rounds {
            for (index, latency) in latencies.enumerated() {
                let targets = (0..<samples).map { "/bytes/1KiB?latency=\(latency)ms&seed=\(round * 10_000_000 + latency * 1000 + $0)" }
                let transfers = await load.fetch(targets.map { LoadRequest($0) }, stagger: stagger, timeout: .seconds(10))
                if let problem = transfers.lazy.compactMap(\.problem).first { throw BenchError("GET /bytes/1KiB?latency=\(latency)ms: \(problem)") }
                let entries = try await BenchServer.entries(server, targets: targets)
                let wanted = Double(latency) / 1000
                let errors = BenchSamples(entries.map { abs(($0.timeToFirstByte ?? .nan) - wanted) })
                let clientErrors = BenchSamples(transfers.map { abs(($0.firstByte! - $0.sent!).seconds - wanted) })
                medians[index].append(errors.median)
                p99s[index].append(errors.percentile(0.99))
                clientMedians[index].append(clientErrors.median)
                clientP99s[index].append(clientErrors.percentile(0.99))
                largest[index] = max(largest[index], errors.max)
            }
        }
        report.sections.append(BenchReport.Section(
            title: "Time to first byte: \(samples) GET /bytes/1KiB?latency=L per latency, one every \(BenchUnit.seconds.format(stagger.seconds)), each on its own kept-alive connection, \(rounds) round\(rounds == 1 ? "" : "s")",
            figures: latencies.indices.flatMap { index -> [BenchReport.Figure] in
                [
                    .init(key: "ttfb.\(latencies[index])ms.median", label: "\(latencies[index]) ms: error, median", value: medians[index].median, unit: .seconds,
                          samples: medians[index].values, note: "client-observed \(BenchUnit.seconds.format(clientMedians[index].median))"),
                    .init(key: "ttfb.\(latencies[index])ms.p99", label: "\(latencies[index]) ms: error, 99th pct", value: p99s[index].median, unit: .seconds,
                          samples: p99s[index].values,
                          note: "client-observed \(BenchUnit.seconds.format(clientP99s[index].median)); largest of all \(BenchUnit.seconds.format(largest[index]))"),
                ]
            },
            definitions: [
                "error = |time to first byte - L|, measured by the server (journal, on its event loop's clock): from the request head complete to the send of the response's first byte.",
                "Median and 99th percentile of the \(samples) requests of a round; the figure is the median over the rounds.",
                "Client-observed, for comparison: from the request written to the first response byte read, on the load generator's thread (its own event loop), loopback transit included.",
            ]
        ))
        report.expect("ttfb.median", "time-to-first-byte error < 1 ms, median (worst latency)", medians.map(\.median).max()!, .seconds, below: 0.001)
        report.expect("ttfb.p99", "time-to-first-byte error < 3 ms, 99th percentile (worst latency)", p99s.map(\.median).max()!, .seconds, below: 0.003)
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
        var largest = BenchSamples(), medians = BenchSamples(), p99s = BenchSamples(), clientLargest = BenchSamples()
        var within = Int.max
        for round in 0..<rounds {
            let seeds = (0..<count).map { 100_000 * (round + 1) + $0 }
            let targets = seeds.map { "/bytes/\(size)?bandwidth=\(Int64(rate))&seed=\($0)" }
            let transfers = await load.fetch(targets.indices.map { LoadRequest(targets[$0], seed: UInt64(seeds[$0])) }, timeout: .seconds(seconds * 5 + 10))
            if let problem = transfers.lazy.compactMap(\.problem).first {
                throw BenchError("\(transfers.count { !$0.succeeded }) of \(count) capped downloads failed, e.g. \(problem)")
            }
            let entries = try await BenchServer.entries(server, targets: targets)
            let errors = BenchSamples(entries.map { abs($0.bodyRate - rate) / rate })
            largest.append(errors.max)
            medians.append(errors.median)
            p99s.append(errors.percentile(0.99))
            clientLargest.append(transfers.compactMap { $0.bodyRate.map { abs($0 - rate) / rate } }.max() ?? .nan)
            within = min(within, errors.values.count { $0 < 0.02 })
        }
        report.sections.append(BenchReport.Section(
            title: "\(count) concurrent downloads, each GET /bytes/\(ByteCount(bytes: size))?bandwidth=\(BenchUnit.bytesPerSecond.format(rate)), on \(ProcessResources.cores) cores, \(rounds) round\(rounds == 1 ? "" : "s")",
            figures: [
                .init(key: "capped.within", label: "within 2% of the cap", value: Double(within), unit: .count, note: "of \(count), in the worst round; all complete and intact"),
                .init(key: "capped.median", label: "rate error, median", value: medians.median, unit: .fraction, samples: medians.values),
                .init(key: "capped.p99", label: "rate error, 99th pct", value: p99s.median, unit: .fraction, samples: p99s.values),
                .init(key: "capped.max", label: "rate error, largest", value: largest.median, unit: .fraction, samples: largest.values,
                      note: "median over rounds of each round's largest; reader-side \(BenchUnit.fraction.format(clientLargest.median))"),
            ],
            definitions: [
                "rate error as for the caps above (server-measured body transfer time); each figure is the median over the rounds of that round's statistic.",
                "All requests of a round are sent at once by the load generator, which reads every connection on its own event loop thread and checks each body against the payload.",
            ]
        ))
        report.expect("capped.max", "every one of \(count) downloads within 2% of its cap (largest error, median round)", largest.median, .fraction, below: 0.02)
    }

    /// Downloads of different sizes sharing one link, two of them with a lower cap of their
    /// own, against the fluid model's prediction from their actual start times.
    private func sharedLink(_ report: inout BenchReport) async throws(BenchError) {
        let unit: Int64 = quick ? 200_000 : 1_000_000
        let count = quick ? 4 : 10
        let linkRate = quick ? 4e6 : 20e6
        let capRate = Double(unit)
        let link = LinkProfile(linkBandwidth: .bytesPerSecond(linkRate))
        let capped = [0, 1]
        var errors = (0..<count).map { _ in BenchSamples() }
        var measured = errors, predicted = errors
        try await BenchServer.with(MockServer.Configuration(link: link)) { server throws(BenchError) in
            let load = try LoadGenerator(port: server.port)
            defer { load.shutdown() }
            try await load.openAll(count)
            for round in 0..<rounds {
                let seeds = (0..<count).map { 1000 * (round + 1) + $0 }
                let targets = (0..<count).map { index in
                    "/bytes/\(unit * Int64(index + 1))?seed=\(seeds[index])" + (capped.contains(index) ? "&bandwidth=\(Int64(capRate))" : "")
                }
                let transfers = await load.fetch(targets.indices.map { LoadRequest(targets[$0], seed: UInt64(seeds[$0])) }, timeout: .seconds(60))
                if let problem = transfers.lazy.compactMap(\.problem).first { throw BenchError("a shared-link download failed: \(problem)") }
                let entries = try await BenchServer.entries(server, targets: targets)
                let origin = entries.map(\.start).min() ?? 0
                let plan = TransferPlan(
                    downloads: entries.indices.map { index in
                        TransferPlan.Download(
                            size: unit * Int64(index + 1), startAt: entries[index].start - origin, newConnection: true,
                            link: capped.contains(index) ? LinkProfile(bandwidth: .bytesPerSecond(capRate)) : nil
                        )
                    },
                    concurrency: nil
                )
                let prediction = LinkModel.predict(plan, on: link)
                for (index, entry) in entries.enumerated() {
                    let expected = prediction.downloads[index].finish - prediction.downloads[index].start
                    measured[index].append(entry.duration)
                    predicted[index].append(expected)
                    errors[index].append(abs(entry.duration - expected) / expected)
                }
            }
        }
        report.sections.append(BenchReport.Section(
            title: "Shared link: \(count) downloads of 1..\(count) x \(ByteCount(bytes: unit)) at once on a \(BenchUnit.bytesPerSecond.format(linkRate)) link-bandwidth, the first two capped at \(BenchUnit.bytesPerSecond.format(capRate)), vs LinkModel, \(rounds) round\(rounds == 1 ? "" : "s")",
            figures: (0..<count).map { index in
                .init(
                    key: "shared.\(index).error", label: "download \(index + 1) (\(ByteCount(bytes: unit * Int64(index + 1)))\(capped.contains(index) ? ", capped" : "")): error",
                    value: errors[index].median, unit: .fraction, samples: errors[index].values,
                    note: "median; measured \(BenchUnit.seconds.format(measured[index].median)), model \(BenchUnit.seconds.format(predicted[index].median))"
                )
            },
            definitions: [
                "error = |measured - predicted| / predicted time of each download. Measured by the server (journal duration, on its event loop's clock):",
                "  from the request head complete to the send of the last body byte. Predicted by LinkModel.predict from each request's actual arrival time.",
            ]
        ))
        report.expect("shared.maxError", "\(count) downloads sharing a link within 2% of the model (largest median error)", errors.map(\.median).max()!, .fraction, below: 0.02)
    }
}
