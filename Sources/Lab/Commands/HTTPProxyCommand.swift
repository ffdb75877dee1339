import Foundation
import MockServer
import NetworkCore

/// `lab proxy --upstream http://...` (or `https://...`): the HTTP reverse proxy mode of `lab
/// proxy`. A MockServer whose every request but `/_lab/*` goes upstream, so its link, faults,
/// journal and control endpoints apply to a real server's responses. An https:// upstream is
/// reached over ``TLSTransport`` (OpenSSL, loaded at run time) under the same forwarder, the
/// MockServer library speaking no TLS.
struct HTTPProxyCommand: Sendable {
    static let optionsHelp = """
        HTTP MODE (--upstream http://HOST:PORT):
          Every request is forwarded over a keep-alive pool (hop-by-hop fields dropped, Via
          added) and every response comes back through the link and the HTTP faults, per
          request (status:CODE and malformed too; --fault-rate and --fault-first count per
          URL). /_lab/journal, /_lab/link and /_lab/faults are answered by the proxy. An
          upstream that refuses, resets or sends an ambiguous response gets the client a 502
          saying which; one silent past --upstream-timeout a 504. First stdout line:
          http://HOST:PORT.
          --upstream-timeout D    wait this long for the upstream's response head (default 30s)
          --no-control            forward /_lab/* to the upstream too
          --early-hints           forward the upstream's 103 Early Hints to HTTP/1.1 clients
                                  (off by default: Python's requests takes one for the response)
          --max-body SIZE         largest request body forwarded; larger answers 413 (default: any
                                  size over http://, streamed; 64MiB over https://, held whole)
          --record FILE.har       write every exchange to a HAR 1.2 file, valid at every moment
                                  (after Ctrl-C, SIGTERM or an upstream crash). Authorization,
                                  Proxy-Authorization, Cookie and Set-Cookie values are replaced
                                  by a marker, unless --keep-secrets.
          --keep-secrets          record secret header and cookie values as sent

        HTTPS UPSTREAMS (--upstream https://HOST[:PORT][/BASE]):
          The same, over TLS 1.2 or 1.3 (the OpenSSL 3 that libcurl already loads:
          libssl.so.3): the upstream's certificate must be valid for HOST and signed by a
          CA of the system's store (/etc/ssl/certs/ca-certificates.crt). Bodies, fields and
          the upstream's HTTP version pass through as they are, as with http://. A failed
          handshake or certificate check gets the client a 502 saying why.
          --upstream-ca FILE      trust only the CA certificates in this PEM file (a
                                  private CA), instead of the system's store
        """

    /// The options of HTTP mode alone (`--upstream-ca` aside: https:// alone), which a TCP
    /// upstream refuses by name.
    static let flags = ["upstream-timeout", "no-control", "max-body", "record", "keep-secrets", "early-hints"]

    var configuration: MockServer.Configuration
    /// `--upstream-ca FILE`: the only CAs an https:// upstream's certificate may chain to.
    var authorities: String?
    var record: String?
    var keepSecrets: Bool

    /// Reads the HTTP-only flags after `lab proxy`'s shared ones (listening address, seed, link
    /// and faults).
    init(_ options: ProxyOptions, _ arguments: inout Arguments) throws(UsageError) {
        var configuration = MockServer.Configuration()
        configuration.host = options.host
        configuration.port = options.port
        configuration.seed = options.seed
        configuration.link = options.link
        configuration.faults = options.faults
        try self.init(upstream: options.upstream, configuration: configuration, &arguments)
    }

    /// Reads the HTTP-only flags; the shared ones come in `configuration` (listening address,
    /// seed, link and faults).
    init(upstream: String, configuration: MockServer.Configuration, _ arguments: inout Arguments) throws(UsageError) {
        guard let url = URL(string: upstream), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty, url.query == nil, url.user == nil else {
            throw UsageError("--upstream: \"\(upstream)\" is not an http://HOST:PORT or https://HOST[:PORT] URL")
        }
        authorities = try arguments.option("upstream-ca")
        if authorities != nil && scheme != "https" {
            throw UsageError("--upstream-ca applies to https:// upstreams only; \(upstream) is http://")
        }
        self.configuration = configuration
        var proxied = MockServer.Upstream(url: url)
        if let timeout = try arguments.option("upstream-timeout", LabParsing.timeout) { proxied.timeout = timeout }
        proxied.forwardsEarlyHints = arguments.flag("early-hints")
        if let body = try arguments.option("max-body", { try ByteCount(parsing: $0).bytes }) {
            self.configuration.limits.maxRequestBody = body
            proxied.maxRequestBody = body
        }
        self.configuration.upstream = proxied
        self.configuration.fixtures = nil
        self.configuration.controlEndpoints = !arguments.flag("no-control")
        record = try arguments.option("record")
        keepSecrets = arguments.flag("keep-secrets")
        if keepSecrets && record == nil { throw UsageError("--keep-secrets only applies with --record FILE.har") }
    }

    func run() async -> Int32 {
        let upstream = configuration.upstream?.url.absoluteString ?? ""
        var notes: [String] = []
        if let address = SocketAddress(numericHost: configuration.host, port: 0), !address.isLoopback {
            notes.append("warning: listening on \(configuration.host), not loopback: other machines can reach \(upstream) through this proxy")
        }
        let recording = record.map { path in
            ServerRun.Recording(path: path, keepSecrets: keepSecrets, continuing: false, label: "lab proxy: --record") { recorder in
                "recorded \(recorder.count) exchanges in \(recorder.path)"
            }
        }
        let run = ServerRun(
            command: "lab proxy", title: "HTTP proxy", forwardsTo: upstream, configuration: configuration, authorities: authorities, recording: recording)
        return await run.run(notes: notes)
    }
}
