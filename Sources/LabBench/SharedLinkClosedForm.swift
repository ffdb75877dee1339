/// What downloads sharing a link must take, worked out by hand from first principles. None of
/// MockServer's code (not `FairShareScheduler`, not `LinkModel`) is involved, so the server
/// cannot agree with these figures by construction: `lab bench link` holds it to them.
enum SharedLinkClosedForm {
    /// N downloads of S, 2S, ..., NS bytes start together on a link of capacity C, none with a
    /// cap of its own; returns when each ends, in seconds from the start.
    ///
    /// N equal flows on capacity C each get C/N. All N move at C/N until the smallest, S bytes,
    /// is done: at N·S/C, when every flow has moved S. Then N−1 flows move at C/(N−1), and the
    /// next smallest, with S left, ends (N−1)·S/C later; and so on. Download k ends at
    ///
    ///     t_k = (S/C)·(N + (N−1) + ... + (N−k+1)) = (S/C)·(k·N − k(k−1)/2),
    ///
    /// and the last at (S/C)·N(N+1)/2: every byte over C, the link never idle.
    static func staircase(count n: Int, unit s: Double, capacity c: Double) -> [Double] {
        (1...n).map { k in s / c * Double(k * n - k * (k - 1) / 2) }
    }

    /// Six flows on one link, as fractions of its capacity: per-connection caps of 5%, 10%,
    /// 25% and 40%, and two flows without a cap of their own.
    static let mixedCaps: [Double?] = [0.05, 0.10, 0.25, 0.40, nil, nil]

    /// The max-min fair shares of the ``mixedCaps`` flows, by filling by hand.
    ///
    /// An equal share is 1/6 = 16.7%. The caps of 5% and 10% lie below it: those two flows get
    /// their caps. The 85% left goes to the four others, 21.25% each, which is below the caps
    /// of 25% and 40%: those caps never bind. Shares: 5, 10, 21.25, 21.25, 21.25, 21.25 (sum 100).
    static let mixedShares: [Double] = [0.05, 0.10, 0.2125, 0.2125, 0.2125, 0.2125]

    /// The article's three numbers: 250 ms to the first byte, 11.08 MB/s on one connection,
    /// 99.86 MB/s shared by all.
    static let articleFirstByte = 0.25
    static let articlePerConnection = 11.08e6
    static let articleShared = 99.86e6

    /// `count` downloads of `size` bytes one after another on the article's link: each waits
    /// for its first byte, then moves at the per-connection rate (one flow alone never
    /// reaches the shared rate). 10 x 10 MiB: 10 x (0.25 + 10,485,760 / 11.08e6) = 11.96 s.
    static func articleSequential(count: Int, size: Double) -> Double {
        Double(count) * (articleFirstByte + size / articlePerConnection)
    }

    /// `count` downloads of `size` bytes all at once on the article's link: the waits for a
    /// first byte overlap, then each flow gets 99.86 / `count` MB/s, below 11.08 for ten, so
    /// the shared rate binds. 10 x 10 MiB: 0.25 + 104,857,600 / 99.86e6 = 1.30 s.
    static func articleConcurrent(count: Int, size: Double) -> Double {
        let rate = min(articlePerConnection, articleShared / Double(count))
        return articleFirstByte + size / rate
    }
}
