import MockServer
import NetworkCore

/// `lab bench server`: how fast MockServer streams, how many small requests it answers, how
/// quickly it starts and closes, and how little memory a huge download costs it.
struct ServerBench {
    let quick: Bool

    func run() async throws(BenchError) -> BenchReport {
        var report = BenchReport(name: BenchName.server.rawValue)
        try await BenchServer.with { server throws(BenchError) in
            try await throughput(server, &report)
            try await requestRate(server, &report)
            try await memory(server, &report)
        }
        try await startAndClose(&report)
        return report
    }

    /// One unshaped download to a plain blocking reader, against the raw pump, alternating.
    private func throughput(_ server: MockServer, _ report: inout BenchReport) async throws(BenchError) {
        let size: Int64 = quick ? 64 << 20 : 1 << 30
        let rounds = quick ? 1 : 3
        let path = "/bytes/\(ByteCount(bytes: size))"
        var pump = BenchSamples(), served = BenchSamples(), ratios = BenchSamples()
        for round in 0..<rounds {
            var rates: [Bool: Double] = [:]
            for isPump in round % 2 == 0 ? [true, false] : [false, true] {
                if isPump {
                    rates[true] = Double(size) / (try await RawPump.measure(bytes: size))
                } else {
                    let outcome = try await PlainReader.download(path, port: server.port)
                    rates[false] = Double(outcome.bodyBytes) / (outcome.end - outcome.sent).seconds
                }
            }
            pump.append(rates[true]!)
            served.append(rates[false]!)
            ratios.append(rates[false]! / rates[true]!)
        }
        report.sections.append(BenchReport.Section(
            title: "Single-stream throughput: one unshaped GET \(path) vs a raw socket pump, \(rounds) round\(rounds == 1 ? "" : "s") alternating",
            figures: [
                .init(key: "throughput.pump", label: "raw socket pump", value: pump.median, unit: .bytesPerSecond, samples: pump.values, note: "median"),
                .init(key: "throughput.server", label: "MockServer GET \(path)", value: served.median, unit: .bytesPerSecond, samples: served.values, note: "median"),
                .init(key: "throughput.ratio", label: "MockServer / raw pump", value: ratios.median, unit: .ratio, samples: ratios.values, note: "median of the per-round ratios"),
            ],
            definitions: [
                "throughput = body bytes / time from the request written (pump: its first send) to the last byte read, on the reader's clock (CLOCK_MONOTONIC).",
                "Reader: one thread, blocking recv into 256 KiB, bytes counted, not checked. Pump: one thread, blocking send of 1 MiB pieces of payload bytes, over loopback TCP.",
                "Both move \(ByteCount(bytes: size)) per round, pump and server in alternating order; the ratio is taken within each round.",
            ]
        ))
        report.expect("throughput.ratio", "MockServer >= 0.80 x raw pump (median ratio)", ratios.median, .ratio, atLeast: 0.8)
    }

    /// Small requests on 1, 64 and 1,000 keep-alive connections from the load generator.
    private func requestRate(_ server: MockServer, _ report: inout BenchReport) async throws(BenchError) {
        let counts = [1, 64, 1000]
        let rounds = quick ? 1 : 3
        let (warmUp, duration): (Duration, Duration) = quick ? (.milliseconds(50), .milliseconds(200)) : (.milliseconds(300), .seconds(2))
        let load = try LoadGenerator(port: server.port)
        defer { load.shutdown() }
        try await load.openAll(counts.max()!)
        var rates = counts.map { _ in BenchSamples() }
        for round in 0..<rounds {
            for index in round % 2 == 0 ? Array(counts.indices) : counts.indices.reversed() {
                let result = await load.repeatRequests(LoadRequest("/bytes/1KiB"), connections: counts[index], warmUp: warmUp, duration: duration)
                guard result.failures == 0 else { throw BenchError("\(result.failures) of the 1 KiB requests on \(counts[index]) connections failed") }
                rates[index].append(Double(result.responses) / duration.seconds)
            }
        }
        report.sections.append(BenchReport.Section(
            title: "Requests per second: GET /bytes/1KiB on keep-alive connections, \(rounds) round\(rounds == 1 ? "" : "s")",
            figures: counts.indices.map { index in
                .init(key: "requests.c\(counts[index])", label: "\(counts[index]) connection\(counts[index] == 1 ? "" : "s")", value: rates[index].median,
                      unit: .perSecond, samples: rates[index].values, note: "median")
            },
            definitions: [
                "requests per second = 2xx responses whose last byte was read within a \(BenchUnit.seconds.format(duration.seconds)) window (after a \(BenchUnit.seconds.format(warmUp.seconds)) warm-up) / the window.",
                "Each connection sends its next request as soon as the previous response is in (no pipelining).",
                "The load generator runs in this process on its own event loop thread; the server on its loop; they share the machine's \(ProcessResources.cores) cores.",
            ]
        ))
    }

    /// `MockServer.start` then `close`, over and over.
    private func startAndClose(_ report: inout BenchReport) async throws(BenchError) {
        let count = quick ? 20 : 200
        var times = BenchSamples()
        for index in -5..<count {
            let start = Instant.now()
            try await BenchServer.with { _ throws(BenchError) in }
            if index >= 0 { times.append((Instant.now() - start).seconds) }
        }
        report.sections.append(BenchReport.Section(
            title: "Start and close: MockServer.start() with the default configuration, then close(), \(count) times",
            figures: [
                .init(key: "startClose.median", label: "start + close", value: times.median, unit: .seconds, note: "median"),
                .init(key: "startClose.p99", label: "start + close", value: times.percentile(0.99), unit: .seconds, note: "99th percentile"),
            ],
            definitions: ["From calling start() to the return of close(), on the caller's clock; 5 unmeasured runs first."]
        ))
        report.expect("startClose.median", "start + close < 5 ms (median)", times.median, .seconds, below: 0.005)
    }

    /// Peak resident memory while one huge download streams.
    private func memory(_ server: MockServer, _ report: inout BenchReport) async throws(BenchError) {
        let size: Int64 = quick ? 256 << 20 : 10 << 30
        let path = "/bytes/\(ByteCount(bytes: size))"
        let before = ProcessResources.residentBytes() ?? .nan
        let reset = ProcessResources.resetPeak()
        let outcome = try await PlainReader.download(path, port: server.port)
        let peak = ProcessResources.peakResidentBytes() ?? .nan
        let growth = peak - before
        report.sections.append(BenchReport.Section(
            title: "Memory: one unshaped GET \(path) read by a plain blocking reader",
            figures: [
                .init(key: "memory.before", label: "resident before", value: before, unit: .bytes),
                .init(key: "memory.peak", label: "peak while serving", value: peak, unit: .bytes),
                .init(key: "memory.growth", label: "peak growth", value: growth, unit: .bytes),
                .init(key: "memory.throughput", label: "throughput", value: Double(outcome.bodyBytes) / (outcome.end - outcome.sent).seconds, unit: .bytesPerSecond),
            ],
            definitions: [
                "peak growth = the process's peak resident memory (VmHWM, reset just before the download) - resident memory (VmRSS) just before.",
                "Server and reader share the process, so the reader's 256 KiB buffer and thread are counted too."
                    + (reset ? "" : " The kernel refused to reset the peak: it is the process's lifetime peak."),
            ]
        ))
        report.expect("memory.growth", "peak growth while serving \(ByteCount(bytes: size)) < 16 MiB", growth, .bytes, below: 16 * 0x1p20)
    }
}
