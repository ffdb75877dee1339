/// The benchmarks of `lab bench`, in the order `lab bench` with no name runs them.
package enum BenchName: String, CaseIterable, Sendable {
    case server, link, client, scale, proxy

    /// One line for `lab bench --help`.
    package var summary: String {
        switch self {
        case .server: "MockServer throughput vs a raw socket pump, requests/s, start+close time, memory while serving 10 GiB"
        case .link: "bandwidth caps, time-to-first-byte, a shared link vs the model, 1,000 capped downloads"
        case .client: "each client and URLSession vs the raw pump, 1,000 concurrent downloads, 10 x 10 MiB"
        case .scale: "most connections one server holds, 10,000 shaped downloads, clients in a child process"
        case .proxy: "TCP and HTTP proxy throughput vs straight, latency added to a 1-byte echo, 1,000 capped connections"
        }
    }

    /// Runs the benchmark (`quick`: a smoke run of a few seconds) and returns its report.
    package func run(quick: Bool) async throws(BenchError) -> BenchReport {
        switch self {
        case .server: return try await ServerBench(quick: quick).run()
        case .link: return try await LinkBench(quick: quick).run()
        case .client: return try await ClientBench(quick: quick).run()
        case .scale: return try await ScaleBench(quick: quick).run()
        case .proxy:
            var report = try await ProxyBench(quick: quick).run()
            try await HTTPProxyBench(quick: quick).measure(&report)
            return report
        }
    }
}
