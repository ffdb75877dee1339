/// A set of downloads to predict with ``LinkModel``: their sizes, when they may start, and how
/// many may be in flight at once.
///
/// ```swift
/// let plan = TransferPlan.sequential(count: 10, size: 10 * 1024 * 1024)
/// let prediction = try LinkModel.predict(plan, on: .preset(named: "article")!)
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

    /// A `count` past ``maximumCount`` given to a constructor below, which built no downloads
    /// for it: ``LinkModel/predict(_:on:)`` refuses the plan, naming it.
    private var countPastMaximum: Int?

    /// The most downloads the constructors below build: the model of a million takes about
    /// two seconds; a count with a few zeros too many would take more memory than a machine has.
    public static let maximumCount = 1_000_000

    /// A plan of `downloads`, at most `concurrency` in flight (nil for no limit; under 1 is 1).
    public init(downloads: [Download], concurrency: Int?) {
        self.downloads = downloads
        self.concurrency = concurrency.map { max(1, $0) }
    }

    /// `count` downloads one after another on one keep-alive connection (under 0 is 0).
    public static func sequential(count: Int, size: Int64) -> TransferPlan {
        bounded(count: count, size: size, concurrency: 1)
    }

    /// `count` downloads all at once, each on its own new connection (under 0 is 0; past
    /// ``maximumCount``, a plan the model refuses).
    public static func concurrent(count: Int, size: Int64) -> TransferPlan {
        counted(count, concurrency: nil) { _ in Download(size: size, newConnection: true) }
    }

    /// `count` downloads at most `concurrency` at a time, on a pool of `concurrency` keep-alive
    /// connections: only the first `concurrency` downloads open one. A `count` under 0 is 0;
    /// past ``maximumCount``, the plan is one the model refuses.
    public static func bounded(count: Int, size: Int64, concurrency: Int) -> TransferPlan {
        counted(count, concurrency: concurrency) { Download(size: size, newConnection: $0 < concurrency) }
    }

    /// A plan of the downloads `make` builds for places 0 to `count - 1`, or of none
    /// (remembering `count`) past ``maximumCount``.
    private static func counted(_ count: Int, concurrency: Int?, _ make: (Int) -> Download) -> TransferPlan {
        guard count <= maximumCount else {
            var plan = TransferPlan(downloads: [], concurrency: concurrency)
            plan.countPastMaximum = count
            return plan
        }
        return TransferPlan(downloads: (0..<max(0, count)).map(make), concurrency: concurrency)
    }
}

extension TransferPlan {
    /// Checks what ``LinkModel`` needs to predict the plan on `link`: a constructor's count
    /// within ``maximumCount``, the link and each download's own link within
    /// ``LinkProfile/validate()``'s bounds, sizes of 0 or more, starts finite and not negative.
    /// The error names the first value out of range, a download's by its place
    /// (`downloads[2].size`, `downloads[0].link.latency`).
    func validate(on link: LinkProfile) throws(LinkParameterError) {
        if let count = countPastMaximum {
            throw .outOfRange(parameter: "count", value: "\(count)", bound: "at most \(Self.maximumCount) downloads")
        }
        try link.validate()
        for (index, download) in downloads.enumerated() {
            let name = "downloads[\(index)]"
            guard download.size >= 0 else {
                throw .outOfRange(parameter: "\(name).size", value: "\(download.size)", bound: "a size of 0 bytes or more")
            }
            guard download.startAt.isFinite, download.startAt >= 0 else {
                throw .outOfRange(parameter: "\(name).startAt", value: "\(download.startAt)", bound: "a finite start of 0 seconds or more")
            }
            do {
                try download.link?.validate()
            } catch {
                guard case .outOfRange(let parameter, let value, let bound) = error else { throw error }
                throw .outOfRange(parameter: "\(name).link.\(parameter)", value: value, bound: bound)
            }
        }
    }
}
