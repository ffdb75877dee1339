import MockServer

/// `lab proxy`: the emulated link and faults in front of any real server, as a TCP proxy
/// (`--upstream HOST:PORT`) or an HTTP reverse proxy (`--upstream http://HOST:PORT` or `https://...`).
struct ProxyCommand: LabCommand {
    static let name = "proxy"
    static let summary = "put the emulated link and faults in front of a real server (TCP or HTTP)"
    static let help = """
        lab proxy: the emulated link and faults in front of any real server.

        USAGE: lab proxy --upstream HOST:PORT|tcp://HOST:PORT|http://HOST:PORT|https://HOST[:PORT]
                         [--host ADDRESS] [--port N] [--seed N] [--profile NAME]
                         [--latency D] [--jitter D] [--connect-latency D]
                         [--bandwidth R] [--link-bandwidth R]
                         [--upload-bandwidth R] [--upload-link-bandwidth R]
                         [--fault SPEC [--fault-rate P] [--fault-first N]]
                         HTTP mode: [--upstream-timeout D] [--no-control] [--max-body SIZE]
                                    [--record FILE.har [--keep-secrets]] [--early-hints]
                         HTTPS: [--upstream-ca FILE]

        TCP mode forwards every accepted connection to the upstream, whatever its protocol
        (databases, caches, brokers, HTTP as bytes). The first line on stdout holds the
        listening address (tcp://127.0.0.1:PORT). SIGINT or SIGTERM stop the proxy (exit 0).

        OPTIONS:
          --upstream TARGET       where to forward: HOST:PORT or tcp://HOST:PORT (TCP),
                                  http://HOST:PORT or https://HOST[:PORT] (HTTP)
          --host ADDRESS          address to listen on (default 127.0.0.1)
          --port N                port (default 0: a free port)
          --seed N                seed for fault, jitter and slicing decisions (default 0)
          --profile NAME          start from a link preset (see 'lab profiles')
          --latency D             delay every chunk to the client (200ms; bare = ms)
          --jitter D              random extra delay per chunk: 20ms (uniform) or normal:20ms
          --connect-latency D     delay the connection to the upstream
          --bandwidth R           cap each connection's bytes to the client (1MB/s, 8Mbit/s)
          --link-bandwidth R      one cap shared max-min fairly by the busy connections
          --upload-bandwidth R    cap each connection's bytes to the upstream
          --upload-link-bandwidth R  one upload cap shared by the busy connections
          --fault SPEC            per connection: reset, reset-after:SIZE, close,
                                  truncate-after:SIZE, stall-after:SIZE, slice:SIZE,DELAY,
                                  corrupt:N (the first 64 KiB to the client); status:CODE and
                                  malformed are HTTP faults, refused in TCP mode
          --fault-rate P          fire the fault on a fraction P of connections (seeded)
          --fault-first N         fire it only on the first N connections

        EXAMPLES:
          lab proxy --upstream 127.0.0.1:6379 --port 16379 --latency 50ms
          redis-cli -p 16379 ping
          lab proxy --upstream tcp://127.0.0.1:5432 --bandwidth 100KB/s --fault reset-after:64KiB --fault-rate 0.3 --seed 7
          lab proxy --upstream http://127.0.0.1:8000 --latency 200ms --record api.har
          lab proxy --upstream https://localhost:8443 --profile 3g --fault status:503 --fault-rate 0.1
          lab proxy --upstream https://127.0.0.1:8443 --upstream-ca dev-ca.pem

        \(HTTPProxyCommand.optionsHelp)
        """

    var options: ProxyOptions
    var http: HTTPProxyCommand?

    init(_ arguments: inout Arguments) throws {
        options = try ProxyOptions(&arguments)
        if options.isHTTP {
            http = try HTTPProxyCommand(options, &arguments)
            return
        }
        do {
            _ = try TCPProxy.parseUpstream(options.upstream)
        } catch {
            throw UsageError("--upstream: \(error)")
        }
        if try arguments.option("upstream-ca") != nil {
            throw UsageError("--upstream-ca applies to https:// upstreams only; \(options.upstream) is a TCP upstream")
        }
        if let flag = HTTPProxyCommand.flags.first(where: arguments.contains) {
            throw UsageError("--\(flag) applies to http:// and https:// upstreams only; \(options.upstream) is a TCP upstream")
        }
        let httpOnly = options.faults.rules.map(\.fault).filter { $0.kind == "status" || $0.kind == "malformed" }
        if let fault = httpOnly.first {
            throw UsageError("--fault \(fault): status:CODE and malformed are HTTP faults; a TCP proxy cannot send them (use --upstream http://HOST:PORT)")
        }
    }

    func run() async -> Int32 {
        if let http { return await http.run() }
        StopSignal.install()
        var configuration = TCPProxy.Configuration()
        configuration.host = options.host
        configuration.port = options.port
        configuration.seed = options.seed
        configuration.link = options.link
        configuration.faults = options.faults
        let proxy: TCPProxy
        do {
            proxy = try await TCPProxy.start(upstream: options.upstream, configuration)
        } catch {
            Console.error("lab proxy: \(error.description)")
            if case .invalidUpstream = error { return ExitStatus.usage }
            return ExitStatus.failure
        }
        Console.out("NetworkLab TCP proxy on \(proxy.url) to \(proxy.upstream) (seed \(proxy.seed); link: \(LabFormat.link(proxy.link)); faults: \(LabFormat.faults(proxy.faults)))")
        let signal = await StopSignal.wait()
        Console.error("lab proxy: \(signal), stopping")
        await proxy.close()
        return ExitStatus.success
    }
}
