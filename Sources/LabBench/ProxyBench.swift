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
        let upstream = try ProxyBenchUpstream.start()
        defer { upstream.stop() }
        let proxy = try await Self.proxy(to: upstream)
        try await throughput(direct: upstream.port, proxy: proxy.port, &report)
        try await echo(direct: upstream.port, proxied: proxy.port, &report)
        await proxy.close()
        try await manyCapped(&report)
        return report
    }

    private static func proxy(to upstream: BenchUpstream) async throws(BenchError) -> TCPProxy {
        do {
            return try await TCPProxy.start(upstream: "127.0.0.1:\(upstream.port)")
        } catch {
            throw BenchError("proxy: \(error)")
        }
    }

    /// One download of `bytes` straight and through the proxy, round after round.
    private func throughput(direct: Int, proxy: Int, _ report: inout BenchReport) async throws(BenchError) {
        let bytes: Int64 = quick ? 64 << 20 : 1 << 30
        var directRates = BenchSamples(), proxiedRates = BenchSamples(), ratios = BenchSamples()
        var loop = ThreadSchedule(running: 0, waiting: 0)
        var proxiedSeconds = 0.0, straightSeconds = 0.0
        // The whole process's CPU time per path (upstream, reader, and the proxy's loop when
        // proxied), and the reader's own.
        var straightCPU = 0.0, proxiedCPU = 0.0
        var readerCPU = (straight: 0.0, proxied: 0.0)
        for _ in 0..<rounds {
            let cpuBefore = ProcessResources.cpuSeconds()
            let straight = try await Self.download(bytes, port: direct)
            let cpuBetween = ProcessResources.cpuSeconds()
            let before = await ThreadSchedule.of(EventLoop.shared)
            let through = try await Self.download(bytes, port: proxy)
            let after = await ThreadSchedule.of(EventLoop.shared)
            proxiedCPU += ProcessResources.cpuSeconds() - cpuBetween
            straightCPU += cpuBetween - cpuBefore
            loop = loop + (after - before)
            readerCPU.straight += straight.readerCPU
            readerCPU.proxied += through.readerCPU
            straightSeconds += straight.seconds
            proxiedSeconds += through.seconds
            directRates.append(Double(bytes) / straight.seconds)
            proxiedRates.append(Double(bytes) / through.seconds)
            ratios.append(straight.seconds / through.seconds)
        }
        let gibibytes = Double(bytes) * Double(rounds) / Double(1 << 30)
        // Proxied, every byte costs the process this much CPU; with every core on it the path
        // could move at most cores / that, which against the straight rate bounds the ratio.
        let proxiedBytesPerSecond = Double(ProcessResources.cores) * Double(bytes) * Double(rounds) / max(proxiedCPU, .leastNonzeroMagnitude)
        let ceiling = proxiedBytesPerSecond / directRates.median
        report.sections.append(BenchReport.Section(
            title: "Unshaped throughput: \(BenchUnit.bytes.format(Double(bytes))) from a blocking upstream, straight and through the proxy, \(rounds) round\(rounds == 1 ? "" : "s")",
            figures: [
                .init(key: "throughput.direct", label: "straight to the upstream", value: directRates.median, unit: .bytesPerSecond, samples: directRates.values, note: "median"),
                .init(key: "throughput.proxied", label: "through the TCP proxy", value: proxiedRates.median, unit: .bytesPerSecond, samples: proxiedRates.values, note: "median"),
                .init(key: "throughput.ratio", label: "proxied / straight", value: ratios.median, unit: .ratio, samples: ratios.values, note: "median of each round's ratio"),
                .init(key: "throughput.proxy.busy", label: "proxy's event loop on a CPU", value: loop.running / proxiedSeconds, unit: .fraction, note: "of the proxied transfers' time"),
                .init(key: "throughput.proxy.cpu", label: "proxy's CPU time per GiB", value: loop.running / gibibytes, unit: .seconds, note: "the cost, whatever the load"),
                .init(key: "throughput.proxy.waiting", label: "proxy's event loop waiting for a CPU", value: loop.waiting / proxiedSeconds, unit: .fraction, note: "of the proxied transfers' time"),
                .init(key: "throughput.cpu.direct", label: "process CPU time per GiB, straight", value: straightCPU / gibibytes, unit: .seconds,
                      note: "upstream and reader; \(BenchUnit.ratio.format(straightCPU / straightSeconds)) cores busy"),
                .init(key: "throughput.cpu.proxied", label: "process CPU time per GiB, through the proxy", value: proxiedCPU / gibibytes, unit: .seconds,
                      note: "upstream, proxy and reader; \(BenchUnit.ratio.format(proxiedCPU / proxiedSeconds)) cores busy"),
                .init(key: "throughput.reader.direct", label: "reader's CPU time per GiB, straight", value: readerCPU.straight / gibibytes, unit: .seconds),
                .init(key: "throughput.reader.proxied", label: "reader's CPU time per GiB, proxied", value: readerCPU.proxied / gibibytes, unit: .seconds),
                .init(key: "throughput.ceiling", label: "ratio the cores allow at that CPU per GiB", value: ceiling, unit: .ratio,
                      note: "\(ProcessResources.cores) cores / proxied CPU per byte / straight rate"),
            ],
            definitions: [
                "rate = bytes / time from the request's send to the last byte's recv, on the reader's own thread (blocking recv, 256 KiB).",
                "The upstream writes 1 MiB per blocking send on a thread of its own; the proxy, on its one event loop, reads as much as the client's socket can take (up to 4 MiB) and sends it on.",
                "Straight, 2 threads move the bytes on 2 cores; proxied, 3 threads and twice the TCP work share them, so a loaded machine costs the proxied run more (see the load average and the loop's waiting).",
                "CPU time = getrusage for the process (user and system), schedstat for the reader's thread. Most of it is the kernel's TCP work, once per hop: the proxied path costs 1.2 to 2.5 times the straight one per GiB, so it keeps up only while the straight run leaves a core idle.",
                "The ceiling is what the machine's cores could carry at the proxied path's measured CPU per GiB, over the straight rate: a machine whose ceiling is under 0.7 cannot meet the target whatever the proxy does (its CPU per GiB, measured under contention, may be a little above what the path costs alone).",
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
        let upstream = try ProxyBenchUpstream.start()
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
        let loopBefore = await ThreadSchedule.of(EventLoop.shared)
        let started = Instant.now()
        let outcome = try await DedicatedThread.run(name: "lab-bench-proxy-capped") {
            Result { () throws(BenchError) in try ProxyBenchPoller.download(connections: connections, bytes: bytes, port: port) }
        }.get()
        let wall = (Instant.now() - started).seconds
        let loop = await ThreadSchedule.of(EventLoop.shared) - loopBefore
        await proxy.close()
        let rates = outcome.rates
        let errors = BenchSamples(rates.map { abs($0 - cap) / cap })
        report.sections.append(BenchReport.Section(
            title: "\(connections) proxied connections at once, each capped at \(BenchUnit.bytesPerSecond.format(cap)), \(BenchUnit.bytes.format(Double(bytes))) each",
            figures: [
                .init(key: "capped.rate.median", label: "rate, median", value: BenchSamples(rates).median, unit: .bytesPerSecond),
                .init(key: "capped.rate.min", label: "rate, slowest connection", value: BenchSamples(rates).min, unit: .bytesPerSecond),
                .init(key: "capped.error.median", label: "deviation from the cap, median", value: errors.median, unit: .fraction),
                .init(key: "capped.error.max", label: "deviation from the cap, worst", value: errors.max, unit: .fraction),
                .init(key: "capped.outside", label: "connections off by more than 2%", value: Double(errors.values.filter { $0 > 0.02 }.count), unit: .count),
                .init(key: "capped.reader.busy", label: "reader thread busy", value: outcome.readerBusy, unit: .fraction,
                      note: "CPU time / wall time of the one thread reading all \(connections)"),
                .init(key: "capped.reader.largest", label: "largest single read", value: Double(outcome.largestRead), unit: .bytes),
                .init(key: "capped.reader.waiting", label: "reader runnable, waiting for a CPU", value: outcome.readerSchedule.waiting / outcome.wall, unit: .fraction,
                      note: "of the wall time"),
                .init(key: "capped.proxy.busy", label: "proxy's event loop on a CPU", value: loop.running / wall, unit: .fraction, note: "of the wall time"),
                .init(key: "capped.proxy.waiting", label: "proxy's event loop runnable, waiting for a CPU", value: loop.waiting / wall, unit: .fraction,
                      note: "of the wall time: the machine's other load"),
            ],
            definitions: [
                "rate = bytes after the first read / time from the first read to the last byte's recv, per connection, measured by one client thread reading every socket under one edge-triggered epoll set.",
                "deviation = |rate - cap| / cap.",
                "Who misses: a reader busy well under 100% with small reads was waiting for bytes, so a miss is the proxy's; a reader near 100%, or reads near a socket's whole buffer, means the reader fell behind.",
                "Running and waiting come from the scheduler (/proc/thread-self/schedstat): a proxy loop that spends much of the run runnable but off the CPU lost that time to other processes, not to its own work.",
            ]))
        report.expect("capped.error.max", "every connection within 2% of its cap", errors.max, .fraction, below: 0.02)
    }

    /// Downloads `bytes` from the bench upstream at `port` on a thread of its own: the
    /// seconds it took and the reader thread's CPU time.
    private static func download(_ bytes: Int64, port: Int) async throws(BenchError) -> (seconds: Double, readerCPU: Double) {
        try await DedicatedThread.run(name: "lab-bench-proxy-reader") { () -> Result<(seconds: Double, readerCPU: Double), BenchError> in
            Result { () throws(BenchError) in
                let socket = try PlainReader.connect(port: port)
                defer { socket.close() }
                let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: PlainReader.bufferSize, alignment: 16)
                defer { buffer.deallocate() }
                let start = Instant.now(), schedule = ThreadSchedule.current()
                try PlainReader.write(ProxyBenchUpstream.request(bytes: bytes), to: socket)
                try PlainReader.drain(socket, count: bytes, buffer: buffer)
                return ((Instant.now() - start).seconds, (ThreadSchedule.current() - schedule).running)
            }
        }.get()
    }
}
