#if canImport(Glibc)
import Glibc
#endif
import MockServer
import NetworkCore

/// `lab bench proxy`: what the TCP proxy costs. Unshaped throughput through ``TCPProxy`` beside
/// the same upstream reached directly, the latency it adds to a 1-byte echo, and how closely
/// 1,000 proxied connections capped at 100 KB/s each keep their cap, measured by the client.
struct ProxyBench {
    let quick: Bool

    private var rounds: Int { quick ? 1 : 3 }

    func run() async throws(BenchError) -> BenchReport {
        var report = BenchReport(name: BenchName.proxy.rawValue)
        let upstream = try ProxyBenchUpstream()
        defer { upstream.stop() }
        let proxy: TCPProxy
        do {
            proxy = try await TCPProxy.start(upstream: "127.0.0.1:\(upstream.port)")
        } catch {
            throw BenchError("proxy: \(error)")
        }
        try await throughput(direct: upstream.port, proxied: proxy.port, &report)
        try await echo(direct: upstream.port, proxied: proxy.port, &report)
        await proxy.close()
        try await manyCapped(&report)
        return report
    }

    /// One download of `bytes` each way, alternating, round after round.
    private func throughput(direct: Int, proxied: Int, _ report: inout BenchReport) async throws(BenchError) {
        let bytes: Int64 = quick ? 64 << 20 : 1 << 30
        var directRates = BenchSamples(), proxiedRates = BenchSamples(), ratios = BenchSamples()
        for _ in 0..<rounds {
            let straight = try await Self.download(bytes, port: direct)
            let through = try await Self.download(bytes, port: proxied)
            directRates.append(Double(bytes) / straight)
            proxiedRates.append(Double(bytes) / through)
            ratios.append(straight / through)
        }
        report.sections.append(BenchReport.Section(
            title: "Unshaped throughput: \(BenchUnit.bytes.format(Double(bytes))) from a blocking upstream, straight and through the proxy, \(rounds) round\(rounds == 1 ? "" : "s")",
            figures: [
                .init(key: "throughput.direct", label: "straight to the upstream", value: directRates.median, unit: .bytesPerSecond, samples: directRates.values, note: "median"),
                .init(key: "throughput.proxied", label: "through the TCP proxy", value: proxiedRates.median, unit: .bytesPerSecond, samples: proxiedRates.values, note: "median"),
                .init(key: "throughput.ratio", label: "proxied / straight", value: ratios.median, unit: .ratio, samples: ratios.values, note: "median of each round's ratio"),
            ],
            definitions: [
                "rate = bytes / time from the request's send to the last byte's recv, on the reader's own thread (blocking recv, 256 KiB).",
                "The upstream writes 1 MiB per blocking send on a thread of its own; the proxy copies through user space on its one event loop.",
            ]))
        report.expect("throughput.ratio", "proxied throughput >= 0.7 x straight", ratios.median, .ratio, atLeast: 0.7)
    }

    /// 1-byte round trips on one connection each way, interleaved.
    private func echo(direct: Int, proxied: Int, _ report: inout BenchReport) async throws(BenchError) {
        let count = quick ? 200 : 5_000
        let result = await DedicatedThread.run(name: "lab-bench-proxy-echo") { () -> Result<([Double], [Double]), BenchError> in
            Result { () throws(BenchError) in
                let a = try PlainReader.connect(port: direct), b = try PlainReader.connect(port: proxied)
                defer { a.close(); b.close() }
                try PlainReader.write([UInt8(ascii: "E")], to: a)
                try PlainReader.write([UInt8(ascii: "E")], to: b)
                var straight: [Double] = [], through: [Double] = []
                let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1, alignment: 1)
                defer { buffer.deallocate() }
                for index in 0..<(count + count / 10) {
                    for (socket, isProxied) in [(a, false), (b, true)] {
                        let start = Instant.now()
                        try PlainReader.write([UInt8(truncatingIfNeeded: index)], to: socket)
                        guard try PlainReader.receive(socket, into: buffer) == 1 else { throw BenchError("echo: the connection closed") }
                        // The first tenth warms up both paths.
                        guard index >= count / 10 else { continue }
                        if isProxied { through.append((Instant.now() - start).seconds) } else { straight.append((Instant.now() - start).seconds) }
                    }
                }
                return (straight, through)
            }
        }
        let (straight, through) = try result.get()
        let direct = BenchSamples(straight), proxiedSamples = BenchSamples(through)
        let addedMedian = proxiedSamples.median - direct.median
        let addedP99 = proxiedSamples.percentile(0.99) - direct.percentile(0.99)
        report.sections.append(BenchReport.Section(
            title: "Added latency: \(count) 1-byte echoes straight and through the proxy, interleaved",
            figures: [
                .init(key: "echo.direct.median", label: "round trip straight, median", value: direct.median, unit: .seconds),
                .init(key: "echo.proxied.median", label: "round trip proxied, median", value: proxiedSamples.median, unit: .seconds),
                .init(key: "echo.added.median", label: "added by the proxy, median", value: addedMedian, unit: .seconds),
                .init(key: "echo.added.p99", label: "added by the proxy, p99", value: addedP99, unit: .seconds),
            ],
            definitions: [
                "round trip = send of 1 byte to recv of its echo, on the client's thread; added = proxied percentile - straight percentile.",
            ]))
        report.expect("echo.added.median", "added latency median < 100 µs", addedMedian, .seconds, below: 100e-6)
        report.expect("echo.added.p99", "added latency p99 < 1 ms", addedP99, .seconds, below: 1e-3)
    }

    /// Many connections through a proxy capping each at 100 KB/s, read by one polling thread.
    private func manyCapped(_ report: inout BenchReport) async throws(BenchError) {
        let connections = quick ? 100 : 1_000
        let cap = 100_000.0
        let bytes: Int64 = quick ? 100_000 : 300_000
        let upstream = try ProxyBenchUpstream()
        defer { upstream.stop() }
        var configuration = TCPProxy.Configuration()
        configuration.link = LinkProfile(bandwidth: .bytesPerSecond(cap))
        let proxy: TCPProxy
        do {
            proxy = try await TCPProxy.start(upstream: "127.0.0.1:\(upstream.port)", configuration)
        } catch {
            throw BenchError("proxy: \(error)")
        }
        let port = proxy.port
        let rates = try await DedicatedThread.run(name: "lab-bench-proxy-capped") {
            Result { () throws(BenchError) in try ProxyBenchPoller.download(connections: connections, bytes: bytes, port: port) }
        }.get()
        await proxy.close()
        let errors = BenchSamples(rates.map { abs($0 - cap) / cap })
        report.sections.append(BenchReport.Section(
            title: "\(connections) proxied connections at once, each capped at \(BenchUnit.bytesPerSecond.format(cap)), \(BenchUnit.bytes.format(Double(bytes))) each",
            figures: [
                .init(key: "capped.rate.median", label: "rate, median", value: BenchSamples(rates).median, unit: .bytesPerSecond),
                .init(key: "capped.error.median", label: "rate error, median", value: errors.median, unit: .fraction),
                .init(key: "capped.error.max", label: "rate error, largest", value: errors.max, unit: .fraction),
            ],
            definitions: [
                "rate = bytes after the first read / time from the first read to the last byte's recv, per connection, measured by one client thread polling every socket.",
                "rate error = |rate - cap| / cap.",
            ]))
        report.expect("capped.error.max", "every connection within 2% of its cap", errors.max, .fraction, below: 0.02)
    }

    /// Downloads `bytes` from the bench upstream at `port` on the calling thread.
    private static func download(_ bytes: Int64, port: Int) async throws(BenchError) -> Double {
        try await DedicatedThread.run(name: "lab-bench-proxy-reader") { () -> Result<Double, BenchError> in
            Result { () throws(BenchError) in
                let socket = try PlainReader.connect(port: port)
                defer { socket.close() }
                let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: PlainReader.bufferSize, alignment: 16)
                defer { buffer.deallocate() }
                let start = Instant.now()
                try PlainReader.write(ProxyBenchUpstream.request(bytes: bytes), to: socket)
                try PlainReader.drain(socket, count: bytes, buffer: buffer)
                return (Instant.now() - start).seconds
            }
        }.get()
    }
}
