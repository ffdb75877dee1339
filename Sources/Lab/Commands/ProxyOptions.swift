import MockServer

/// What `lab proxy` reads in both modes: where to listen, the upstream, the seed, the link
/// and the faults.
struct ProxyOptions: Sendable {
    /// The upstream as given: `HOST:PORT`, `tcp://HOST:PORT`, `http://...` or `https://...`.
    var upstream: String
    var host: String
    var port: Int
    var seed: UInt64
    var link: LinkProfile
    var faults: FaultPlan

    /// True when the upstream is an HTTP or HTTPS URL: the HTTP reverse proxy.
    var isHTTP: Bool { upstream.hasPrefix("http://") || upstream.hasPrefix("https://") }

    init(_ arguments: inout Arguments) throws(UsageError) {
        guard let upstream = try arguments.option("upstream") else {
            throw UsageError("lab proxy needs --upstream HOST:PORT (TCP) or --upstream http://HOST:PORT (HTTP)")
        }
        self.upstream = upstream
        host = try LabParsing.host(&arguments)
        port = try LabParsing.port(&arguments) ?? 0
        seed = try arguments.option("seed", LabParsing.seed) ?? 0
        link = try LabParsing.link(&arguments)
        faults = try LabParsing.faults(&arguments)
    }
}
