/// `lab proxy --upstream http://...`: the HTTP reverse proxy mode of ``ProxyCommand``.
///
/// The entry point the HTTP mode fills in: `init` reads the HTTP-only flags (`--upstream-ca`,
/// `--upstream-timeout`, `--no-control`) after the shared ones, and `run()` serves.
struct HTTPProxyCommand: Sendable {
    var options: ProxyOptions

    init(_ options: ProxyOptions, _ arguments: inout Arguments) throws(UsageError) {
        self.options = options
    }

    func run() async -> Int32 {
        Console.error("lab proxy: HTTP mode is not built yet; use --upstream HOST:PORT for the TCP proxy")
        return ExitStatus.usage
    }
}
