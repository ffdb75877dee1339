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
        case .proxy: "unshaped throughput through the HTTP proxy vs straight to the same upstream"
        }
    }

    /// Runs the benchmark (`quick`: a smoke run of a few seconds) and returns its report.
    package func run(quick: Bool) async throws(BenchError) -> BenchReport {
        switch self {
        case .server: try await ServerBench(quick: quick).run()
        case .link: try await LinkBench(quick: quick).run()
        case .client: try await ClientBench(quick: quick).run()
        case .scale: try await ScaleBench(quick: quick).run()
        case .proxy: try await Self.proxy(quick: quick)
        }
    }

    private static func proxy(quick: Bool) async throws(BenchError) -> BenchReport {
        var report = BenchReport(name: BenchName.proxy.rawValue)
        try await HTTPProxyBench(quick: quick).measure(&report)
        return report
    }
}
