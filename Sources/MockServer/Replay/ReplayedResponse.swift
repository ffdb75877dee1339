import NetworkCore

/// A recorded response as replay sends it: the status, the headers cleaned for HTTP/1.1 and
/// the decoded body, and the recorded times.
struct ReplayedResponse: Sendable, Hashable {
    var status: Int
    var headers: HeaderFields
    var body: [UInt8]
    /// Recorded time to the first byte (`timings.wait`).
    var wait: Duration
    /// Recorded time to read the body (`timings.receive`).
    var receive: Duration

    /// Header fields the server writes itself or that describe a framing replay does not use
    /// (but a 304's `Content-Length`, the cached representation's length, is kept).
    private static let framing: Set<String> = ["content-length", "transfer-encoding", "connection", "keep-alive", "proxy-connection", "upgrade"]

    /// The response of `entry`, or nil when it has none to replay: a final status outside
    /// 200...599. DevTools writes 0 for requests that failed or were blocked and 101 for a
    /// WebSocket's upgrade, which replay cannot carry on; beyond 599 a status is invalid.
    init?(_ entry: HAREntry) {
        let response = entry.response
        guard Self.isReplayable(status: response.status) else { return nil }
        status = response.status
        body = status == 204 || status == 304 ? [] : response.content.bytes
        // A gzip body recorded as is still starts with gzip's magic bytes and keeps its header;
        // any other body is stored decoded, as HAR says, and must not claim an encoding.
        let stillGzipped = body.starts(with: [0x1F, 0x8B])
        var headers = HeaderFields()
        for pair in response.headers where !pair.isPseudoHeader && HeaderFields.isValidName(pair.name) {
            let name = pair.name.lowercased()
            if Self.framing.contains(name) && !(status == 304 && name == "content-length") { continue }
            if name == "content-encoding" && !(stillGzipped && pair.value.lowercased().contains("gzip")) { continue }
            headers.add(pair.name, pair.value)
        }
        self.headers = headers
        wait = Self.duration(milliseconds: entry.timings.wait)
        receive = Self.duration(milliseconds: entry.timings.receive)
    }

    /// Whether a recorded status can be replayed as a final response.
    static func isReplayable(status: Int) -> Bool {
        (200...599).contains(status)
    }

    /// For `--replay-timing recorded`: the body in pieces whose starts are spread evenly over
    /// the recorded receive time (the last piece starts when it ends), or nil when the body
    /// is too short to spread or took no time.
    var recordedSlices: (bytes: Int, delay: Duration)? {
        guard body.count >= 2, receive > .zero else { return nil }
        let pieces = min(body.count, 20)
        let size = (body.count + pieces - 1) / pieces
        let starts = (body.count + size - 1) / size
        guard starts >= 2 else { return nil }
        return (size, receive / (starts - 1))
    }

    private static func duration(milliseconds: Double) -> Duration {
        guard milliseconds.isFinite, milliseconds > 0 else { return .zero }
        return .microseconds(Int64(min(milliseconds, 86_400_000) * 1000))
    }
}
