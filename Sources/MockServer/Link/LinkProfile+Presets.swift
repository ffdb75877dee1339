extension LinkProfile {
    /// Named links for `lab --link NAME` and `?link=NAME`, each with a one-line summary that says
    /// where its numbers come from.
    ///
    /// Two kinds of shaping, as in their sources: Chrome DevTools throttles each request on
    /// its own, so `3g`, `slow-4g` and `fast-4g` cap each connection (`bandwidth`); the other
    /// radio and wired links are one physical link that all connections share (`linkBandwidth`).
    public static let presets: [(name: String, summary: String, profile: LinkProfile)] =
        Preset.allCases.map { ($0.name, $0.summary, $0.profile) }

    /// The preset called `name` in any case (`"3g"`, `"3G"`, `"Slow-4G"`; see ``presets``),
    /// or nil if there is none.
    public static func preset(named name: String) -> LinkProfile? {
        Preset(named: name)?.profile
    }

    /// The link of `preset`: `.preset(.threeG)`.
    public static func preset(_ preset: Preset) -> LinkProfile {
        preset.profile
    }

    /// The link behind the classic measurement "a 10 MB file downloaded ten times: 11.96 s
    /// sequentially with Python requests, 1.30 s concurrently with asyncio+aiohttp", for the
    /// lab's 10 MiB (S = 10,485,760 bytes) downloaded ten times.
    ///
    /// - `latency` 250 ms: the time to first byte of each request, about two transcontinental
    ///   round trips (a ~125 ms RTT: connection setup, then request and response).
    /// - `bandwidth` 11,084,313 B/s (≈ 88.7 Mbit/s) per connection: what one TCP flow gets,
    ///   limited by its window over the round trip (≈ 1.39 MB in flight per 125 ms), not by the
    ///   access link. Sequentially, ten downloads on one keep-alive connection each take
    ///   0.25 + S/bandwidth, so 10 × (0.25 + S/bandwidth) = 11.96 s gives
    ///   bandwidth = S / 0.946 = 11,084,312.9 B/s, rounded to whole bytes (11.959 999 9 s).
    /// - `linkBandwidth` 99,864,381 B/s (≈ 799 Mbit/s): the access link, a gigabit line after
    ///   overheads. Concurrently, the ten flows start together and share it; their fair share
    ///   link/10 ≈ 9.99 MB/s is below the per-connection cap, so the link is the bottleneck and
    ///   all finish together at 0.25 + 10·S/link = 1.30 s, which gives
    ///   link = 10·S / 1.05 = 99,864,380.95 B/s, rounded to whole bytes (1.299 999 999 5 s).
    /// - No jitter and no connect latency, so the predictions are exact.
    static let article = LinkProfile(
        latency: .milliseconds(250),
        bandwidth: rate(11_084_313),
        linkBandwidth: rate(99_864_381)
    )

    static func rate(_ bytesPerSecond: Double) -> Bandwidth {
        Bandwidth.bytesPerSecond(bytesPerSecond)
    }
}
