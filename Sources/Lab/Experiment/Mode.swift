import URLSessionClient

/// How the jobs of an experiment are run: one after another, all at once, or a few at a time,
/// and by which client. The names are the public contract of `--modes` and scenario files.
///
/// For downloads: `sequential` is the blocking client, one download after another on one
/// keep-alive connection; `concurrent` the async client with every download in flight;
/// `bounded:K` the async client with K in flight; `threads:K` the blocking client on K threads;
/// `urlsession` Foundation's URLSession with every download in flight. For hashing (CPU-bound
/// work) `sequential` hashes on one thread, `concurrent` and `bounded:K` as async tasks that all
/// run on one actor (like Python's asyncio on its event loop), `threads:K` on K threads.
enum Mode: Hashable, Sendable, CustomStringConvertible {
    case sequential
    case concurrent
    case bounded(Int)
    case threads(Int)
    case urlsession

    /// Reads `sequential`, `concurrent`, `bounded:K`, `threads:K` or `urlsession`.
    init(parsing text: String) throws(Message) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first ?? "", parts.count) {
        case ("sequential", 1): self = .sequential
        case ("concurrent", 1): self = .concurrent
        case ("urlsession", 1): self = .urlsession
        case ("bounded", 2), ("threads", 2):
            guard let count = Int(parts[1]), count >= 1 else {
                throw Message("\"\(text)\" needs a whole number of at least 1 after the colon, e.g. \(parts[0]):4")
            }
            self = parts[0] == "bounded" ? .bounded(count) : .threads(count)
        default:
            throw Message("\"\(text)\" is not a mode; use sequential, concurrent, bounded:K, threads:K or urlsession")
        }
    }

    /// Reads a comma-separated list of modes (`sequential,concurrent`), at least one, no repeats.
    static func list(parsing text: String) throws(Message) -> [Mode] {
        var modes: [Mode] = []
        for word in text.split(separator: ",", omittingEmptySubsequences: false) {
            let mode = try Mode(parsing: String(word))
            guard !modes.contains(mode) else { throw Message("\"\(mode)\" is listed twice") }
            modes.append(mode)
        }
        guard !modes.isEmpty else { throw Message("no modes given; use e.g. sequential,concurrent") }
        return modes
    }

    /// The name as written on the command line: `bounded:4`.
    var description: String {
        switch self {
        case .sequential: "sequential"
        case .concurrent: "concurrent"
        case .bounded(let count): "bounded:\(count)"
        case .threads(let count): "threads:\(count)"
        case .urlsession: "urlsession"
        }
    }

    /// The most jobs in flight at once; nil for all of them.
    var concurrency: Int? {
        switch self {
        case .sequential: 1
        case .concurrent, .urlsession: nil
        case .bounded(let count), .threads(let count): count
        }
    }

    /// The most connections this mode holds open at once for `count` downloads: one per
    /// download in flight (URLSession's, at most its limit per host).
    func peakConnections(count: Int) -> Int {
        switch self {
        case .urlsession: min(count, URLSessionDownloader.maximumConnectionsPerHost)
        default: min(count, concurrency ?? count)
        }
    }

    /// What runs the jobs, for the table and the JSON `client` key.
    func client(for workload: Workload) -> String {
        switch (self, workload) {
        case (.sequential, .download), (.threads, .download): "blocking"
        case (.concurrent, .download), (.bounded, .download): "async"
        case (.urlsession, _): "urlsession"
        case (.sequential, .hash): "one thread"
        case (.concurrent, .hash), (.bounded, .hash): "async, one actor"
        case (.threads(let count), .hash): "\(count) threads"
        }
    }
}
