import MockServer
import NetworkCore

/// `lab bench link`: how exactly MockServer's link emulation keeps what ``LinkProfile``
/// promises: bandwidth caps, time to first byte, a shared link against ``LinkModel``, and
/// many capped downloads at once.
struct LinkBench {
    let quick: Bool

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

    /// One download per cap, alone, read by a plain blocking reader.
    private func rates(_ server: MockServer, _ report: inout BenchReport) async throws(BenchError) {
        let caps: [Double] = quick ? [64e3, 10e6] : [64e3, 256e3, 1e6, 10e6, 100e6, 1e9]
        let seconds = quick ? 0.25 : 2.0
        var section = BenchReport.Section(title: "Bandwidth caps: one GET /bytes/SIZE?bandwidth=CAP per cap, SIZE = CAP x \(BenchUnit.seconds.format(seconds)), one at a time")
        var worst = 0.0
        for (index, cap) in caps.enumerated() {
            let target = "/bytes/\(Int64(cap * seconds))?bandwidth=\(Int64(cap))&seed=\(index + 1)"
            let outcome = try await BenchThread.run("lab-bench-reader") { () throws(BenchError) in try PlainReader.get(target, port: server.port) }
            let entry = try await BenchServer.entries(server, targets: [target])[0]
            let achieved = Self.bodyRate(entry)
            let error = abs(achieved - cap) / cap
            worst = max(worst, error)
            let reader = Double(outcome.bodyBytes) / (outcome.end - outcome.head).seconds
            section.figures.append(.init(
                key: "rate.\(Int64(cap)).error", label: "\(BenchUnit.bytesPerSecond.format(cap)) cap: rate error", value: error, unit: .fraction,
                note: "achieved \(BenchUnit.bytesPerSecond.format(achieved)) (server), \(BenchUnit.bytesPerSecond.format(reader)) (reader)"
            ))
        }
        section.definitions = [
            "rate error = |achieved - cap| / cap; achieved = body bytes / body transfer time, measured by the server (journal, on its event loop's clock):",
            "  from the response head's send, when the body may start, to the send of its last byte (journal duration - timeToFirstByte).",
            "The reader's figure, for comparison: body bytes / time from the response head read to the last byte read, on the reader's thread.",
        ]
        report.sections.append(section)
        report.expect("rate.maxError", "every cap from \(BenchUnit.bytesPerSecond.format(caps.first!)) to \(BenchUnit.bytesPerSecond.format(caps.last!)) within 1% (largest error)", worst, .fraction, below: 0.01)
    }

    /// Requests with a `latency`, spread over time, each on its own idle connection.
    private func firstByte(_ server: MockServer, _ report: inout BenchReport) async throws(BenchError) {
        let latencies: [Int] = quick ? [10, 100] : [10, 100, 1000]
        let samples = quick ? 20 : 200
        let stagger = Duration.milliseconds(quick ? 2 : 5)
        let load = try LoadGenerator(port: server.port)
        defer { load.shutdown() }
        let opened = await load.open(samples)
        guard opened.open == samples else { throw BenchError("opened \(opened.open) of \(samples) connections: \(opened.error ?? "?")") }
        var section = BenchReport.Section(title: "Time to first byte: \(samples) GET /bytes/1KiB?latency=L per latency, one every \(BenchUnit.seconds.format(stagger.seconds)), each on its own kept-alive connection")
        var worstMedian = 0.0, worstP99 = 0.0
        for latency in latencies {
            let targets = (0..<samples).map { "/bytes/1KiB?latency=\(latency)ms&seed=\(latency * 1000 + $0)" }
            let transfers = await load.fetch(targets.map { LoadRequest($0) }, stagger: stagger, timeout: .seconds(10))
            if let failure = transfers.first(where: { !$0.succeeded }) { throw BenchError("GET /bytes/1KiB?latency=\(latency)ms: \(failure.error ?? "status \(failure.status ?? 0)")") }
            let entries = try await BenchServer.entries(server, targets: targets)
            let wanted = Double(latency) / 1000
            let serverErrors = BenchSamples(entries.map { abs(($0.timeToFirstByte ?? .nan) - wanted) })
            let clientErrors = BenchSamples(transfers.map { abs(($0.firstByte! - $0.sent!).seconds - wanted) })
            worstMedian = max(worstMedian, serverErrors.median)
            worstP99 = max(worstP99, serverErrors.percentile(0.99))
            section.figures += [
                .init(key: "ttfb.\(latency)ms.median", label: "\(latency) ms: error, median", value: serverErrors.median, unit: .seconds,
                      note: "client-observed \(BenchUnit.seconds.format(clientErrors.median))"),
                .init(key: "ttfb.\(latency)ms.p99", label: "\(latency) ms: error, 99th pct", value: serverErrors.percentile(0.99), unit: .seconds,
                      note: "client-observed \(BenchUnit.seconds.format(clientErrors.percentile(0.99))); largest \(BenchUnit.seconds.format(serverErrors.max))"),
            ]
        }
        section.definitions = [
            "error = |time to first byte - L|, measured by the server (journal, on its event loop's clock): from the request head complete to the send of the response's first byte.",
            "Client-observed, for comparison: from the request written to the first response byte read, on the load generator's thread (its own event loop), loopback transit included.",
        ]
        report.sections.append(section)
        report.expect("ttfb.median", "time-to-first-byte error < 1 ms, median (worst latency)", worstMedian, .seconds, below: 0.001)
        report.expect("ttfb.p99", "time-to-first-byte error < 3 ms, 99th percentile (worst latency)", worstP99, .seconds, below: 0.003)
    }

    /// Many downloads at once, each with its own cap and no shared link.
    private func manyCapped(_ server: MockServer, _ report: inout BenchReport) async throws(BenchError) {
        let count = quick ? 50 : 1000
        let rate = 100_000.0
        let seconds = quick ? 0.5 : 2.0
        let size = Int64(rate * seconds)
        let load = try LoadGenerator(port: server.port)
        defer { load.shutdown() }
        let opened = await load.open(count)
        guard opened.open == count else { throw BenchError("opened \(opened.open) of \(count) connections: \(opened.error ?? "?")") }
        let targets = (0..<count).map { "/bytes/\(size)?bandwidth=\(Int64(rate))&seed=\(100_000 + $0)" }
        let transfers = await load.fetch(targets.indices.map { LoadRequest(targets[$0], seed: UInt64(100_000 + $0)) }, timeout: .seconds(seconds * 5 + 10))
        let succeeded = transfers.count { $0.succeeded }
        let entries = try await BenchServer.entries(server, targets: targets)
        let errors = BenchSamples(entries.map { abs(Self.bodyRate($0) - rate) / rate })
        let clientErrors = BenchSamples(transfers.compactMap { $0.bodyRate.map { abs($0 - rate) / rate } })
        let within = errors.values.count { $0 < 0.02 }
        report.sections.append(BenchReport.Section(
            title: "\(count) concurrent downloads, each GET /bytes/\(ByteCount(bytes: size))?bandwidth=\(BenchUnit.bytesPerSecond.format(rate)), on \(ProcessResources.cores) cores",
            figures: [
                .init(key: "capped.succeeded", label: "complete and intact", value: Double(succeeded), unit: .count, note: "of \(count)"),
                .init(key: "capped.within", label: "within 2% of the cap", value: Double(within), unit: .count, note: "of \(count)"),
                .init(key: "capped.median", label: "rate error, median", value: errors.median, unit: .fraction),
                .init(key: "capped.p99", label: "rate error, 99th pct", value: errors.percentile(0.99), unit: .fraction),
                .init(key: "capped.max", label: "rate error, largest", value: errors.max, unit: .fraction,
                      note: "reader-side largest \(BenchUnit.fraction.format(clientErrors.max))"),
            ],
            definitions: [
                "rate error as for the caps above (server-measured body transfer time). All requests are sent at once by the load generator,",
                "which reads every connection on its own event loop thread and checks each body against the payload.",
            ]
        ))
        report.expect("capped.max", "every one of \(count) downloads within 2% of its cap (largest error)", succeeded == count ? errors.max : .infinity, .fraction, below: 0.02)
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
        let targets = (0..<count).map { index in
            "/bytes/\(unit * Int64(index + 1))?seed=\(200 + index)" + (capped.contains(index) ? "&bandwidth=\(Int64(capRate))" : "")
        }
        let entries = try await BenchServer.with(MockServer.Configuration(link: link)) { server throws(BenchError) in
            let load = try LoadGenerator(port: server.port)
            defer { load.shutdown() }
            let opened = await load.open(count)
            guard opened.open == count else { throw BenchError("opened \(opened.open) of \(count) connections: \(opened.error ?? "?")") }
            let transfers = await load.fetch(targets.indices.map { LoadRequest(targets[$0], seed: UInt64(200 + $0)) }, timeout: .seconds(60))
            if let failure = transfers.first(where: { !$0.succeeded }) { throw BenchError("a shared-link download failed: \(failure.error ?? "status \(failure.status ?? 0)")") }
            return try await BenchServer.entries(server, targets: targets)
        }
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
        var section = BenchReport.Section(title: "Shared link: \(count) downloads of 1..\(count) x \(ByteCount(bytes: unit)) at once on a \(BenchUnit.bytesPerSecond.format(linkRate)) link-bandwidth, the first two capped at \(BenchUnit.bytesPerSecond.format(capRate)), vs LinkModel")
        var worst = 0.0
        for (index, entry) in entries.enumerated() {
            let predicted = prediction.downloads[index].finish - prediction.downloads[index].start
            let error = abs(entry.duration - predicted) / predicted
            worst = max(worst, error)
            section.figures.append(.init(
                key: "shared.\(index).error", label: "download \(index + 1) (\(ByteCount(bytes: unit * Int64(index + 1)))\(capped.contains(index) ? ", capped" : "")): error",
                value: error, unit: .fraction,
                note: "measured \(BenchUnit.seconds.format(entry.duration)), model \(BenchUnit.seconds.format(predicted))"
            ))
        }
        section.definitions = [
            "error = |measured - predicted| / predicted time of each download. Measured by the server (journal duration, on its event loop's clock):",
            "  from the request head complete to the send of the last body byte. Predicted by LinkModel.predict from each request's actual arrival time.",
        ]
        report.sections.append(section)
        report.expect("shared.maxError", "\(count) downloads sharing a link within 2% of the model (largest error)", worst, .fraction, below: 0.02)
    }

    /// Body bytes over body transfer time, as the server measured them.
    private static func bodyRate(_ entry: JournalEntry) -> Double {
        Double(entry.bytesSent) / (entry.duration - (entry.timeToFirstByte ?? 0))
    }
}
