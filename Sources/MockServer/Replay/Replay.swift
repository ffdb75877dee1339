/// Recorded HTTP exchanges (HAR archives) a server answers with, beside its built-in
/// endpoints: offline copies of real APIs, under any emulated link.
///
/// A request is matched on its method, path and query parameters (in any order); the host it
/// was recorded against is ignored. Repeated identical requests get the recorded responses in
/// the order they were recorded, then the last one again. A request that matches nothing and no
/// built-in endpoint gets 404 with a body naming the closest recorded requests; with an
/// ``MockServer/Configuration/upstream`` as well, it goes to that server instead
/// (`lab serve --replay-miss proxy`).
///
/// ```swift
/// let archive = try HARArchive(json: Data(contentsOf: url), source: url.path)
/// let server = try await MockServer.start(.init(link: .preset(named: "3g")!, replay: Replay(archives: [archive])))
/// ```
public struct Replay: Sendable {
    /// The archives, in the order given; their entries are replayed oldest first.
    public var archives: [HARArchive]
    /// Also match the request body against the recorded `postData` (`--replay-match-body`).
    public var matchBody: Bool
    /// Which timing replayed responses follow.
    public var timing: Timing

    /// When replayed responses start and how fast their bodies go.
    public enum Timing: String, Sendable, Hashable, CaseIterable {
        /// The server's emulated link, as for every other response (`--replay-timing link`, the default).
        case link
        /// Each entry's recorded `wait` before the first byte and its `receive` time spread over
        /// the body, so a captured slow session replays as slow as it was (`--replay-timing recorded`).
        case recorded
    }

    /// The recorded URLs no request can reach, whose entries replay skips: neither
    /// `http://`, `https://` nor a path (`data:`, `blob:` and `chrome-extension://` URLs, which
    /// browsers record too), in recorded order.
    public var unreachableURLs: [String] {
        archives.flatMap(\.log.entries).map(\.request.url).filter { !ReplayTarget.isReachable($0) }
    }

    /// Replays `archives`.
    public init(archives: [HARArchive], matchBody: Bool = false, timing: Timing = .link) {
        self.archives = archives
        self.matchBody = matchBody
        self.timing = timing
    }
}
