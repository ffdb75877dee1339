import Dispatch
import Foundation
import MockServer
import NetworkCore

/// `lab serve`: the mock server as a process, for any client (curl, Python, a browser).
struct ServeCommand: LabCommand {
    static let name = "serve"
    static let summary = "run the mock server for any HTTP client until Ctrl-C"
    static let help = """
        lab serve: run the mock server for any HTTP client (curl, Python, browsers).

        USAGE: lab serve [--host ADDRESS] [--port N] [--seed N] [--fixtures DIR]
                         [--profile NAME] [--latency D] [--jitter D] [--connect-latency D]
                         [--bandwidth R] [--link-bandwidth R] [--upload-bandwidth R] [--upload-link-bandwidth R]
                         [--fault SPEC [--fault-rate P] [--fault-first N] [--retry-after S]]
                         [--max-connections N] [--max-body SIZE] [--idle-timeout D] [--header-timeout D]
                         [--no-control] [--replay FILE.har|DIR ... [--replay-match-body]
                         [--replay-timing link|recorded] [--replay-miss 404|proxy --upstream URL]]

        The first line on stdout holds the base URL (http://127.0.0.1:PORT), the second the
        dashboard's (a live view of the requests, the link and the faults; not with
        --no-control). SIGINT or SIGTERM stop the server gracefully (exit 0).

        OPTIONS:
          --host ADDRESS        address to bind (default 127.0.0.1). Any non-loopback address
                                exposes the server, and its control endpoints, to other machines.
          --port N              port (default 0: a free port)
          --seed N              seed for payload bytes, jitter and fault decisions (default 0)
          --fixtures DIR        folder served under /fixtures/ (default ./fixtures)
          --profile NAME        start from a link preset (see 'lab profiles')
          --latency D           time to first byte of each response (200ms, 1.5s, 500us; bare = ms)
          --jitter D            random extra latency: 20ms (uniform +-20ms) or normal:20ms
          --connect-latency D   extra delay before the first response on each new connection
          --bandwidth R         per-connection cap (1MB/s, 8Mbit/s, 512KiB/s; bare = B/s)
          --link-bandwidth R    one cap shared fairly by all connections
          --upload-bandwidth R  per-connection cap on request bodies
          --upload-link-bandwidth R  one cap on request bodies shared by all connections
          --fault SPEC          inject a fault: status:CODE, reset, reset-after:SIZE, close,
                                truncate-after:SIZE, stall-after:SIZE, malformed, corrupt:N,
                                slice:SIZE,DELAY
          --fault-rate P        fire the fault with probability P (0 to 1; default 1)
          --fault-first N       fire it only on the first N requests for each URL
          --retry-after S       with status:CODE, add Retry-After: S
          --max-connections N   connections served at once; more wait in the listen queue
                                (default 16384, or 3/4 of the open-file limit if lower)
          --max-body SIZE       largest request body; larger answers 413 (default 64MiB)
          --idle-timeout D      close a connection silent this long between requests or
                                within a body (default 60s)
          --header-timeout D    answer 408 to a request head not complete this long after
                                its first byte (slow-loris clients; default 10s)
          --no-control          disable /_lab/: the dashboard, its events, journal, link and faults
          --replay FILE         answer with the responses recorded in a HAR file (DevTools,
                                Charles, mitmproxy, 'lab proxy --record'), or in every .har file
                                of a folder; repeatable. Requests match on method, path and
                                query (any order; the recorded host is ignored); repeated ones
                                get the recorded responses in order, then the last again. The
                                built-in endpoints stay; other requests get 404 naming the
                                closest recorded ones. Link and fault flags apply on top.
          --replay-match-body   also match the request body against the recorded postData
          --replay-timing T     link (default): replayed responses follow the emulated link;
                                recorded: each waits its recorded time to first byte and takes
                                its recorded receive time to send its body
          --replay-miss M       404 (default): a request no recording matches gets 404, or the
                                built-in endpoint of its path; proxy: it goes to --upstream
                                instead (every path but /_lab/), through the link and faults,
                                and the exchange is appended to the recording: to the first
                                --replay file, or to misses.har in the first --replay folder
                                (secret header values masked, as 'lab proxy --record' does)
          --upstream URL        with --replay-miss proxy: the server misses go to: http://HOST:PORT
                                or https://HOST[:PORT] (as in 'lab proxy')
          --upstream-ca FILE    with an https:// --upstream: trust only the CAs in this PEM file

        ENDPOINTS:
          GET|HEAD /bytes/{size}      deterministic bytes: 4096, 10MB, 1.5GiB; ?seed=N; Range
          GET|HEAD /fixtures/{path}   files under --fixtures
          ANY      /status/{codes}    that status; httpbin's lists and weights (200:0.9,500:0.1)
          httpbin's endpoints (GET / lists them): /anything[/{path}] /get /post, /redirect/{n},
                   /delay/{s} /drip /stream/{n}, /gzip /brotli, /basic-auth/{user}/{passwd},
                   /digest-auth/..., /cookies /cache /etag/{etag}, /json /html /image
          GET      /_lab/             the dashboard; GET /_lab/events, its live Server-Sent Events
          GET      /_lab/journal      requests served (/_lab/journal.har: as HAR); GET|PUT /_lab/link; GET|PUT /_lab/faults
          Any URL takes latency=, jitter=, bandwidth=, fault=, fault-rate=, fault-first=, retry-after=.

        EXAMPLES:
          lab serve --port 8080
          curl -o /dev/null http://127.0.0.1:8080/bytes/10MB
          lab serve --profile 3g --fault reset-after:64KiB --fault-rate 0.3 --seed 42
          curl -X PUT --data '{"latency": "200ms", "bandwidth": "1MB/s"}' http://127.0.0.1:8080/_lab/link
          lab serve --replay api.har --profile 3g
          lab serve --replay api.har --replay-miss proxy --upstream http://127.0.0.1:8000
        """

    var configuration: MockServer.Configuration
    /// Where `--replay-miss proxy` appends the exchanges it forwards.
    var missRecording: String?
    /// `--upstream-ca FILE`: the only CAs an https:// upstream's certificate may chain to.
    var upstreamAuthorities: String?

    init(_ arguments: inout Arguments) throws {
        configuration = MockServer.Configuration()
        configuration.host = try LabParsing.host(&arguments)
        if let port = try LabParsing.port(&arguments) { configuration.port = port }
        configuration.seed = try arguments.option("seed", LabParsing.seed) ?? 0
        if let fixtures = try arguments.option("fixtures") {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: fixtures, isDirectory: &isFolder), isFolder.boolValue else {
                throw UsageError("--fixtures: \"\(fixtures)\" is not a folder")
            }
            configuration.fixtures = fixtures
        }
        if let connections = try arguments.option("max-connections", { text -> Int in
            guard let count = Int(text), count > 0 else { throw Message("\"\(text)\" is not a number of connections; use a whole number above 0") }
            return count
        }) {
            configuration.limits.maxConnections = connections
        }
        if let body = try arguments.option("max-body", { try ByteCount(parsing: $0).bytes }) {
            configuration.limits.maxRequestBody = body
        }
        if let idle = try arguments.option("idle-timeout", LabParsing.timeout) {
            configuration.limits.idleTimeout = idle
        }
        if let header = try arguments.option("header-timeout", LabParsing.timeout) {
            configuration.limits.headerTimeout = header
        }
        configuration.link = try LabParsing.link(&arguments)
        configuration.faults = try LabParsing.faults(&arguments)
        configuration.controlEndpoints = !arguments.flag("no-control")
        let replayPaths = try arguments.options("replay")
        let matchBody = arguments.flag("replay-match-body")
        let timing = try arguments.option("replay-timing") { text -> Replay.Timing in
            guard let timing = Replay.Timing(rawValue: text) else { throw Message("\"\(text)\" is not a replay timing; use link or recorded") }
            return timing
        }
        if replayPaths.isEmpty {
            if matchBody || timing != nil { throw UsageError("--replay-match-body and --replay-timing need --replay FILE.har") }
        } else {
            configuration.replay = Replay(archives: try ReplayFiles.load(replayPaths), matchBody: matchBody, timing: timing ?? .link)
        }
        let miss = try arguments.option("replay-miss") { text -> String in
            guard text == "404" || text == "proxy" else { throw Message("\"\(text)\" is not a replay miss mode; use 404 or proxy") }
            return text
        }
        let upstream = try arguments.option("upstream")
        if miss != nil && replayPaths.isEmpty { throw UsageError("--replay-miss needs --replay FILE.har") }
        if miss == "proxy" {
            guard let upstream else { throw UsageError("--replay-miss proxy needs --upstream http://HOST:PORT to send misses to") }
            guard let url = URL(string: upstream), ["http", "https"].contains(url.scheme?.lowercased()), url.host != nil else {
                throw UsageError("--upstream: \"\(upstream)\" is not an http://HOST:PORT or https://HOST[:PORT] URL")
            }
            var forwarded = MockServer.Upstream(url: url)
            // A miss's body streams upstream unless it must match first; --max-body caps it still.
            forwarded.maxRequestBody = configuration.limits.maxRequestBody
            configuration.upstream = forwarded
            missRecording = ReplayFiles.missRecording(for: replayPaths[0])
            upstreamAuthorities = try arguments.option("upstream-ca")
            if upstreamAuthorities != nil && url.scheme?.lowercased() != "https" {
                throw UsageError("--upstream-ca applies to https:// upstreams only; \(upstream) is http://")
            }
        } else if upstream != nil {
            throw UsageError("--upstream only applies with --replay-miss proxy (lab proxy --upstream puts the link in front of a server)")
        }
    }

    func run() async -> Int32 {
        var notes: [String] = []
        if let replay = configuration.replay {
            let unreachable = replay.unreachableURLs
            let entries = replay.archives.reduce(0) { $0 + $1.log.entries.count } - unreachable.count
            notes.append("replaying \(entries) recorded entr\(entries == 1 ? "y" : "ies") from \(replay.archives.count) HAR file\(replay.archives.count == 1 ? "" : "s") (timing: \(replay.timing.rawValue))")
            if let first = unreachable.first {
                notes.append("skipped \(unreachable.count) entr\(unreachable.count == 1 ? "y" : "ies") whose URL no request can reach (not http:// or https://), such as \(first.prefix(80))")
            }
        }
        if let address = SocketAddress(numericHost: configuration.host, port: 0), !address.isLoopback {
            notes.append("warning: listening on \(configuration.host), not loopback: other machines can reach this server"
                + (configuration.controlEndpoints ? " and change it through /_lab/*; add --no-control to disable the control endpoints" : ""))
        }
        if configuration.fixtures != nil, !ConfinedOpen.isEnforcedByKernel {
            notes.append("warning: this kernel lacks openat2 (Linux 5.6+): /fixtures/ is confined by MockServer's own path check only, not by the kernel")
        }
        let recording = missRecording.map { path in
            ServerRun.Recording(path: path, keepSecrets: false, continuing: true, label: "lab serve: --replay-miss proxy") { recorder in
                "appended \(recorder.count) exchanges (misses included) to \(recorder.path)"
            }
        }
        let run = ServerRun(
            command: "lab serve", title: "MockServer", configuration: configuration, authorities: upstreamAuthorities, recording: recording)
        return await run.run(notes: notes)
    }
}

/// A message for a ``UsageError`` raised inside an option parser.
struct Message: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
