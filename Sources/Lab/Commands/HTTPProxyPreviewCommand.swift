import MockServer

/// `lab proxy` for HTTP upstreams until the shared `lab proxy` command (TCP and HTTP) lands.
struct HTTPProxyPreviewCommand: LabCommand {
    static let name = "proxy"
    static let summary = "put the emulated link and faults in front of a real HTTP server"
    static let help = """
        lab proxy: the emulated link and faults in front of a real HTTP server.

        USAGE: lab proxy --upstream http://HOST:PORT [--host ADDRESS] [--port N] [--seed N]
                         [--profile NAME] [--latency D] [--jitter D] [--bandwidth R] [--link-bandwidth R]
                         [--fault SPEC [--fault-rate P] [--fault-first N] [--retry-after S]]
                         [--upstream-timeout D] [--no-control] [--record FILE.har [--keep-secrets]]

        \(HTTPProxyCommand.optionsHelp)
        """

    var command: HTTPProxyCommand

    init(_ arguments: inout Arguments) throws {
        guard let upstream = try arguments.option("upstream") else {
            throw UsageError("lab proxy needs --upstream http://HOST:PORT")
        }
        var configuration = MockServer.Configuration()
        configuration.host = try arguments.option("host") ?? "127.0.0.1"
        if let port = try arguments.option("port", { text -> Int in
            guard let port = Int(text), (0...65535).contains(port) else { throw Message("\"\(text)\" is not a port; use 0 to 65535") }
            return port
        }) {
            configuration.port = port
        }
        configuration.seed = try arguments.option("seed", LabParsing.seed) ?? 0
        configuration.link = try LabParsing.link(&arguments)
        configuration.faults = try LabParsing.faults(&arguments)
        command = try HTTPProxyCommand(upstream: upstream, configuration: configuration, &arguments)
    }

    func run() async -> Int32 {
        await command.run()
    }
}
