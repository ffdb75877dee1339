import NetworkLabClient
import URLSessionClient
import Foundation
import MockServer
import NetworkCore

/// `lab bench client`: our two clients and URLSession against the same MockServer, with the
/// raw socket pump as the yardstick.
struct ClientBench {
    let quick: Bool

    /// Who reads a single stream, yardsticks included.
    private enum Reader: String, CaseIterable {
        case pump = "raw socket pump"
        case plain = "plain blocking reader"
        case blocking = "BlockingLabClient"
        case async = "LabClient (async)"
        case urlSession = "URLSession"
    }

    /// The clients of the batch figures, with their sequential and concurrent runs.
    private enum Runner: String, CaseIterable {
        case blocking = "BlockingLabClient"
        case async = "LabClient (async)"
        case urlSession = "URLSession"
    }

    private let blocking = BlockingLabClient()
    private let async = LabClient()
    private let session = URLSessionDownloader()

    init(quick: Bool) {
        self.quick = quick
    }

    func run() async throws(BenchError) -> BenchReport {
        var report = BenchReport(name: BenchName.client.rawValue)
        try await BenchServer.with { server throws(BenchError) in
            try await singleStream(server, &report)
            try await manyConcurrent(server, &report)
            try await tenByTen(server, &report)
        }
        return report
    }

    /// One unshaped download per reader per round, the order rotating each round.
    private func singleStream(_ server: MockServer, _ report: inout BenchReport) async throws(BenchError) {
        let size: Int64 = quick ? 32 << 20 : 1 << 30
        let rounds = quick ? 1 : 3
        let url = server.url("/bytes/\(ByteCount(bytes: size))")
        var rates: [Reader: BenchSamples] = [:]
        var ratios: [Reader: BenchSamples] = [:]
        for round in 0..<rounds {
            var order = Reader.allCases
            order = Array(order[(round % order.count)...] + order[..<(round % order.count)])
            var seconds: [Reader: Double] = [:]
            for reader in order {
                seconds[reader] = try await measure(reader, url: url, size: size, port: server.port)
            }
            for reader in Reader.allCases {
                rates[reader, default: BenchSamples()].append(Double(size) / seconds[reader]!)
                ratios[reader, default: BenchSamples()].append(seconds[.pump]! / seconds[reader]!)
            }
        }
        var figures: [BenchReport.Figure] = Reader.allCases.map { reader in
            .init(key: "single.\(reader).rate", label: reader.rawValue, value: rates[reader]!.median, unit: .bytesPerSecond, samples: rates[reader]!.values,
                  note: reader == .pump ? "median" : "median; / pump \(BenchUnit.ratio.format(ratios[reader]!.median))")
        }
        let ahead = { (reader: Reader) in
            BenchSamples(zip(rates[reader]!.values, rates[.urlSession]!.values).map { $0 / $1 }).median
        }
        figures += [
            .init(key: "single.blocking.ratio", label: "BlockingLabClient / pump", value: ratios[.blocking]!.median, unit: .ratio, samples: ratios[.blocking]!.values, note: "median of per-round ratios"),
            .init(key: "single.async.ratio", label: "LabClient / pump", value: ratios[.async]!.median, unit: .ratio, samples: ratios[.async]!.values, note: "median of per-round ratios"),
            .init(key: "single.blocking.vsPlain", label: "BlockingLabClient / plain reader", value: BenchSamples(zip(rates[.blocking]!.values, rates[.plain]!.values).map { $0 / $1 }).median,
                  unit: .ratio, note: "median of per-round ratios: the client's own cost"),
            .init(key: "single.async.vsPlain", label: "LabClient / plain reader", value: BenchSamples(zip(rates[.async]!.values, rates[.plain]!.values).map { $0 / $1 }).median,
                  unit: .ratio, note: "median of per-round ratios: the client's own cost"),
            .init(key: "single.urlSession.ratio", label: "URLSession / pump", value: ratios[.urlSession]!.median, unit: .ratio, samples: ratios[.urlSession]!.values, note: "median of per-round ratios"),
            .init(key: "single.blocking.vsURLSession", label: "BlockingLabClient / URLSession", value: ahead(.blocking), unit: .ratio, note: "median of per-round ratios"),
            .init(key: "single.async.vsURLSession", label: "LabClient / URLSession", value: ahead(.async), unit: .ratio, note: "median of per-round ratios"),
        ]
        report.sections.append(BenchReport.Section(
            title: "Single-stream throughput: one unshaped GET \(url.path) per reader, \(rounds) round\(rounds == 1 ? "" : "s"), the order rotating",
            figures: figures,
            definitions: [
                "throughput = body bytes / wall time of the download call, on the caller's clock (pump: from its first send to its last recv).",
                "Clients download to a sink that drops the bytes (DownloadDestination.sink); each keeps its connection alive between rounds.",
                "The plain reader (blocking recv into 256 KiB, no HTTP client) shows what the server alone allows; ratios are taken within each round.",
            ]
        ))
        report.expect("single.blocking.ratio", "BlockingLabClient >= 0.80 x raw pump", ratios[.blocking]!.median, .ratio, atLeast: 0.8)
        report.expect("single.async.ratio", "LabClient >= 0.80 x raw pump", ratios[.async]!.median, .ratio, atLeast: 0.8)
        report.expect("single.blocking.vsURLSession", "BlockingLabClient ahead of URLSession (throughput ratio > 1)", ahead(.blocking), .ratio, atLeast: 1.000_001)
        report.expect("single.async.vsURLSession", "LabClient ahead of URLSession (throughput ratio > 1)", ahead(.async), .ratio, atLeast: 1.000_001)
    }

    /// Many 1 MiB downloads at once with the async client.
    private func manyConcurrent(_ server: MockServer, _ report: inout BenchReport) async throws(BenchError) {
        let count = quick ? 50 : 1000
        let urls = (0..<count).map { server.url("/bytes/1MiB?seed=\($0 + 1)") }
        let client = LabClient()
        let before = ProcessResources.residentBytes() ?? .nan
        ProcessResources.resetPeak()
        let batch = await client.downloadAll(urls) { index, _ in Self.verifyingSink(seed: UInt64(index + 1)) }
        let peak = ProcessResources.peakResidentBytes() ?? .nan
        client.close()
        if let failure = batch.results.first(where: { (try? $0.get()) == nil }), case .failure(let error) = failure {
            throw BenchError("\(count - batch.succeeded) of \(count) concurrent downloads failed, e.g. \(error)")
        }
        let wall = batch.wallTime.seconds
        report.sections.append(BenchReport.Section(
            title: "\(count) concurrent GET /bytes/1MiB with LabClient.downloadAll (all at once)",
            figures: [
                .init(key: "concurrent.wall", label: "wall time", value: wall, unit: .seconds),
                .init(key: "concurrent.rate", label: "aggregate throughput", value: Double(count << 20) / wall, unit: .bytesPerSecond),
                .init(key: "concurrent.peakGrowth", label: "peak resident growth", value: peak - before, unit: .bytes,
                      note: "\(BenchUnit.bytes.format((peak - before) / Double(count))) per download"),
                .init(key: "concurrent.peak", label: "peak resident", value: peak, unit: .bytes),
            ],
            definitions: [
                "wall time = DownloadBatch.wallTime. Each body goes to a sink that checks it against the payload and keeps nothing.",
                "peak resident growth = peak resident memory (VmHWM, reset before the batch) - resident memory before; server and client share the process.",
            ]
        ))
    }

    /// Ten 10 MiB downloads, one after another and all at once, with each client.
    private func tenByTen(_ server: MockServer, _ report: inout BenchReport) async throws(BenchError) {
        let size: Int64 = quick ? 1 << 20 : 10 << 20
        let rounds = quick ? 1 : 3
        let urls = (0..<10).map { server.url("/bytes/\(ByteCount(bytes: size))?seed=\($0 + 1)") }
        var times: [String: BenchSamples] = [:]
        for round in 0..<rounds {
            for runner in Runner.allCases {
                for concurrent in round % 2 == 0 ? [false, true] : [true, false] {
                    let wall = try await batch(runner, urls: urls, concurrent: concurrent)
                    times["\(runner)/\(concurrent)", default: BenchSamples()].append(wall)
                }
            }
        }
        var figures: [BenchReport.Figure] = []
        var lead: [Runner: Double] = [:]
        for runner in Runner.allCases {
            let sequential = times["\(runner)/false"]!, concurrent = times["\(runner)/true"]!
            figures.append(.init(key: "tenByTen.\(runner).sequential", label: "\(runner.rawValue), sequential", value: sequential.median, unit: .seconds, samples: sequential.values, note: "median"))
            figures.append(.init(key: "tenByTen.\(runner).concurrent", label: "\(runner.rawValue), concurrent", value: concurrent.median, unit: .seconds, samples: concurrent.values,
                                 note: "median; speed-up over sequential \(BenchUnit.ratio.format(sequential.median / concurrent.median))x"))
            if runner != .urlSession {
                lead[runner] = min(
                    times["urlSession/false"]!.median / sequential.median,
                    times["urlSession/true"]!.median / concurrent.median
                )
            }
        }
        report.sections.append(BenchReport.Section(
            title: "10 x GET /bytes/\(ByteCount(bytes: size)), sequential (one after another) vs concurrent (all 10 at once), \(rounds) round\(rounds == 1 ? "" : "s")",
            figures: figures,
            definitions: [
                "time = DownloadBatch.wallTime of downloadAll into memory: sequential = 1 thread or concurrency 1; concurrent = 10 threads (blocking) or concurrency 10.",
                "Unshaped loopback: the link is not the bottleneck, so this measures each client's own cost.",
            ]
        ))
        report.expect("tenByTen.blocking.vsURLSession", "BlockingLabClient ahead of URLSession at 10 x \(ByteCount(bytes: size)) (URLSession time / ours, worse mode)", lead[.blocking]!, .ratio, atLeast: 1.000_001)
        report.expect("tenByTen.async.vsURLSession", "LabClient ahead of URLSession at 10 x \(ByteCount(bytes: size)) (URLSession time / ours, worse mode)", lead[.async]!, .ratio, atLeast: 1.000_001)
    }

    /// Seconds for one reader to take `size` bytes.
    private func measure(_ reader: Reader, url: URL, size: Int64, port: Int) async throws(BenchError) -> Double {
        let start = Instant.now()
        let sink = DownloadDestination.sink { _, _ in }
        do {
            switch reader {
            case .pump:
                return try await RawPump.measure(bytes: size)
            case .plain:
                _ = try await PlainReader.download(url.path, port: port)
            case .blocking:
                _ = try await DedicatedThread.run(name: "lab-bench-blocking") { [blocking] in
                    Result { () throws(DownloadError) in try blocking.download(url, to: sink) }
                }.get()
            case .async:
                _ = try await async.download(url, to: sink)
            case .urlSession:
                _ = try await session.download(url, to: sink)
            }
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("\(reader.rawValue): GET \(url.path): \(error)")
        }
        return (Instant.now() - start).seconds
    }

    /// The wall time of one batch of `urls`.
    private func batch(_ runner: Runner, urls: [URL], concurrent: Bool) async throws(BenchError) -> Double {
        let batch: DownloadBatch
        switch runner {
        case .blocking:
            batch = await DedicatedThread.run(name: "lab-bench-blocking") { [blocking] in blocking.downloadAll(urls, concurrency: concurrent ? urls.count : 1) }
        case .async:
            batch = await async.downloadAll(urls, concurrency: concurrent ? urls.count : 1)
        case .urlSession:
            batch = await session.downloadAll(urls, concurrency: concurrent ? urls.count : 1)
        }
        if let failure = batch.results.first(where: { (try? $0.get()) == nil }), case .failure(let error) = failure {
            throw BenchError("\(runner.rawValue): \(urls.count - batch.succeeded) of \(urls.count) downloads failed, e.g. \(error)")
        }
        return batch.wallTime.seconds
    }

    /// A sink that checks each piece against the payload of `seed` and keeps nothing.
    private static func verifyingSink(seed: UInt64) -> DownloadDestination {
        .sink { offset, bytes in
            if let index = try Payload.firstMismatch(in: bytes, seed: seed, offset: offset) {
                throw BenchError("body byte \(offset + Int64(index)) is not the payload")
            }
        }
    }
}
