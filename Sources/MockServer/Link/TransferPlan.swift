/// A set of downloads to predict with ``LinkModel``: their sizes, when they may start, and how
/// many may be in flight at once.
///
/// ```swift
/// let plan = TransferPlan.sequential(count: 10, size: 10 * 1024 * 1024)
/// let prediction = LinkModel.predict(plan, on: .preset(named: "article")!)
/// print(prediction.total)  // 11.96
/// ```
public struct TransferPlan: Sendable, Hashable {
    /// One download: a request whose response body has `size` bytes.
    public struct Download: Sendable, Hashable {
        /// Response body bytes.
        public var size: Int64
        /// The earliest start, in seconds after the plan starts.
        public var startAt: Double
        /// Whether the request opens a new connection (and so waits the link's `connectLatency`).
        public var newConnection: Bool
        /// This request's own link, as its query overrides make it
        /// (``LinkProfile/overriding(query:)``); nil for the link the plan runs on. Its delays
        /// and `bandwidth` apply to this download; the shared link is always the plan's.
        public var link: LinkProfile?

        /// A download of `size` body bytes that may start `startAt` seconds into the plan.
        public init(size: Int64, startAt: Double = 0, newConnection: Bool, link: LinkProfile? = nil) {
            self.size = size
            self.startAt = startAt
            self.newConnection = newConnection
            self.link = link
        }
    }

    /// The downloads, in the order they take free slots.
    public var downloads: [Download]
    /// At most this many downloads in flight (at least 1; smaller values count as 1): the next
    /// one in order starts when one finishes, or at its `startAt` if later. nil: each starts
    /// at its `startAt`.
    public var concurrency: Int?

    /// A plan of `downloads`, at most `concurrency` in flight (nil for no limit; under 1 is 1).
    public init(downloads: [Download], concurrency: Int?) {
        self.downloads = downloads
        self.concurrency = concurrency.map { max(1, $0) }
    }

    /// `count` downloads one after another on one keep-alive connection.
    public static func sequential(count: Int, size: Int64) -> TransferPlan {
        bounded(count: count, size: size, concurrency: 1)
    }

    /// `count` downloads all at once, each on its own new connection.
    public static func concurrent(count: Int, size: Int64) -> TransferPlan {
        TransferPlan(downloads: Array(repeating: Download(size: size, newConnection: true), count: count), concurrency: nil)
    }

    /// `count` downloads at most `concurrency` at a time, on a pool of `concurrency` keep-alive
    /// connections: only the first `concurrency` downloads open one.
    public static func bounded(count: Int, size: Int64, concurrency: Int) -> TransferPlan {
        TransferPlan(
            downloads: (0..<count).map { Download(size: size, newConnection: $0 < concurrency) },
            concurrency: concurrency
        )
    }
}
