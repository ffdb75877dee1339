extension LinkProfile {
    /// Named links for `lab --link NAME` and `?link=NAME`, each with a one-line summary that says
    /// where its numbers come from.
    ///
    /// Two kinds of shaping, as in their sources: Chrome DevTools throttles each request on
    /// its own, so `3g`, `slow-4g` and `fast-4g` cap each connection (`bandwidth`); the other
    /// radio and wired links are one physical link that all connections share (`linkBandwidth`).
    public static let presets: [(name: String, summary: String, profile: LinkProfile)] = [
        (
            "3g",
            "Chrome DevTools \"3G\" (formerly \"Slow 3G\"): 500 kbit/s × 0.8 = 50 KB/s each way per connection, 400 ms × 5 = 2 s latency",
            LinkProfile(latency: .milliseconds(2000), bandwidth: rate(50_000), uploadBandwidth: rate(50_000))
        ),
        (
            "slow-4g",
            "Chrome DevTools \"Slow 4G\": 1.6 Mbit/s × 0.9 = 180 KB/s down, 750 kbit/s × 0.9 = 84.375 KB/s up per connection, 150 ms × 3.75 = 562.5 ms latency",
            LinkProfile(latency: .microseconds(562_500), bandwidth: rate(180_000), uploadBandwidth: rate(84_375))
        ),
        (
            "fast-4g",
            "Chrome DevTools \"Fast 4G\": 9 Mbit/s × 0.9 = 1012.5 KB/s down, 1.5 Mbit/s × 0.9 = 168.75 KB/s up per connection, 60 ms × 2.75 = 165 ms latency",
            LinkProfile(latency: .milliseconds(165), bandwidth: rate(1_012_500), uploadBandwidth: rate(168_750))
        ),
        (
            "gprs",
            "Firefox DevTools \"GPRS\" (Chrome DevTools' former preset): 50 Kibit/s down, 20 Kibit/s up shared, 500 ms latency",
            LinkProfile(latency: .milliseconds(500), linkBandwidth: rate(6_400), uploadLinkBandwidth: rate(2_560))
        ),
        (
            "edge",
            "WebPageTest \"Mobile EDGE\": 240 kbit/s down, 200 kbit/s up shared, 840 ms round trip",
            LinkProfile(latency: .milliseconds(840), linkBandwidth: rate(30_000), uploadLinkBandwidth: rate(25_000))
        ),
        (
            "dsl",
            "WebPageTest \"DSL\": 1.5 Mbit/s down, 384 kbit/s up shared, 50 ms round trip",
            LinkProfile(latency: .milliseconds(50), linkBandwidth: rate(187_500), uploadLinkBandwidth: rate(48_000))
        ),
        (
            "lte",
            "WebPageTest \"LTE\": 12 Mbit/s each way shared, 70 ms round trip",
            LinkProfile(latency: .milliseconds(70), linkBandwidth: rate(1_500_000), uploadLinkBandwidth: rate(1_500_000))
        ),
        (
            "wifi",
            "Firefox DevTools \"Wi-Fi\" (Chrome DevTools' former preset): 30 Mibit/s down, 15 Mibit/s up shared, 2 ms latency",
            LinkProfile(latency: .milliseconds(2), linkBandwidth: rate(3_932_160), uploadLinkBandwidth: rate(1_966_080))
        ),
        ("loopback", "No shaping: loopback as it is", .unlimited),
        (
            "article",
            "Reproduces \"10 MB ten times: 11.96 s sequentially, 1.30 s concurrently\": 250 ms to first byte, 11084313 B/s per connection, 99864381 B/s shared",
            article
        ),
    ]

    /// The preset called `name` (see ``presets``), or nil if there is none.
    public static func preset(named name: String) -> LinkProfile? {
        presets.first { $0.name == name }?.profile
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
    private static let article = LinkProfile(
        latency: .milliseconds(250),
        bandwidth: rate(11_084_313),
        linkBandwidth: rate(99_864_381)
    )

    private static func rate(_ bytesPerSecond: Double) -> Bandwidth {
        Bandwidth.bytesPerSecond(bytesPerSecond)
    }
}
