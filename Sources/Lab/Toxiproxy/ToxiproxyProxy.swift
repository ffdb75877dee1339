import MockServer

/// One proxy of `lab toxiproxy`: what toxiproxy's API shows (name, listen, upstream, enabled,
/// toxics) and the ``TCPProxy`` serving it while enabled.
struct ToxiproxyProxy: Sendable {
    var name: String
    /// The address to listen on; once started, the address actually bound (port 0 resolved).
    var listen: String
    var upstream: String
    var toxics: [ToxiproxyToxic] = []
    /// The running proxy; nil while disabled.
    var live: TCPProxy?

    var enabled: Bool { live != nil }

    /// The JSON object toxiproxy answers with.
    var json: [String: Any] {
        ["name": name, "listen": listen, "upstream": upstream, "enabled": enabled, "toxics": toxics.map(\.json)]
    }

    /// Starts listening on ``listen`` with the toxics in force.
    mutating func start(seed: UInt64) async throws(ToxiproxyError) {
        guard live == nil else { return }
        let (host, port) = try Self.split(listen)
        var configuration = TCPProxy.Configuration()
        configuration.host = host
        configuration.port = port
        configuration.name = name
        configuration.seed = seed
        configuration.toxics = toxics.map(\.toxic)
        do {
            let proxy = try await TCPProxy.start(upstream: upstream, configuration)
            live = proxy
            listen = proxy.address
        } catch {
            if case .invalidUpstream = error { throw ToxiproxyError("\(error)", 400) }
            throw ToxiproxyError("\(error)", 500)
        }
    }

    /// Stops listening and closes every connection.
    mutating func stop() async {
        guard let live else { return }
        self.live = nil
        await live.close()
    }

    /// Hands the toxics to the running proxy, which applies them to open connections at once.
    func applyToxics() {
        try? live?.setToxics(toxics.map(\.toxic))
    }

    /// `HOST:PORT` (toxiproxy also takes `:PORT` and `localhost:PORT`) as a numeric host and port.
    static func split(_ listen: String) throws(ToxiproxyError) -> (String, Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
              (0...65535).contains(port) else {
            throw ToxiproxyError("listen \"\(listen)\": use HOST:PORT such as 127.0.0.1:0", 400)
        }
        var host = String(listen[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty || host == "localhost" { host = "127.0.0.1" }
        return (host, port)
    }
}
