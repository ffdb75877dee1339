extension LinkProfile {
    /// The named links of ``presets``, as a type: every case, in the order `lab profiles`
    /// lists them, with its name, summary and link.
    ///
    /// ```swift
    /// for preset in LinkProfile.Preset.allCases { print(preset.name, preset.summary) }
    /// let link = LinkProfile.preset(.slow4G)
    /// ```
    public enum Preset: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// Chrome DevTools "3G": 50 KB/s each way per connection, 2 s latency.
        case threeG = "3g"
        /// Chrome DevTools "Slow 4G": 180 KB/s down per connection, 562.5 ms latency.
        case slow4G = "slow-4g"
        /// Chrome DevTools "Fast 4G": 1012.5 KB/s down per connection, 165 ms latency.
        case fast4G = "fast-4g"
        /// Firefox DevTools "GPRS": 50 Kibit/s down shared, 500 ms latency.
        case gprs
        /// WebPageTest "Mobile EDGE": 240 kbit/s down shared, 840 ms.
        case edge
        /// WebPageTest "DSL": 1.5 Mbit/s down shared, 50 ms.
        case dsl
        /// WebPageTest "LTE": 12 Mbit/s shared, 70 ms.
        case lte
        /// Firefox DevTools "Wi-Fi": 30 Mibit/s down shared, 2 ms.
        case wifi
        /// No shaping.
        case loopback
        /// The link behind the classic "11.96 s vs 1.30 s" measurement (`lab run article`).
        case article

        /// The preset called `name`, in any case (`"3G"` is ``threeG``), or nil.
        public init?(named name: String) {
            self.init(rawValue: name.lowercased())
        }

        /// The name users type (`3g`, `slow-4g`), as `lab profiles` and `--profile` take it.
        public var name: String { rawValue }

        /// Where the numbers come from, in one line.
        public var summary: String {
            switch self {
            case .threeG:
                "Chrome DevTools \"3G\" (formerly \"Slow 3G\"): 500 kbit/s × 0.8 = 50 KB/s each way per connection, 400 ms × 5 = 2 s latency"
            case .slow4G:
                "Chrome DevTools \"Slow 4G\": 1.6 Mbit/s × 0.9 = 180 KB/s down, 750 kbit/s × 0.9 = 84.375 KB/s up per connection, 150 ms × 3.75 = 562.5 ms latency"
            case .fast4G:
                "Chrome DevTools \"Fast 4G\": 9 Mbit/s × 0.9 = 1012.5 KB/s down, 1.5 Mbit/s × 0.9 = 168.75 KB/s up per connection, 60 ms × 2.75 = 165 ms latency"
            case .gprs:
                "Firefox DevTools \"GPRS\" (Chrome DevTools' former preset): 50 Kibit/s down, 20 Kibit/s up shared, 500 ms latency"
            case .edge:
                "WebPageTest \"Mobile EDGE\": 240 kbit/s down, 200 kbit/s up shared, 840 ms round trip"
            case .dsl:
                "WebPageTest \"DSL\": 1.5 Mbit/s down, 384 kbit/s up shared, 50 ms round trip"
            case .lte:
                "WebPageTest \"LTE\": 12 Mbit/s each way shared, 70 ms round trip"
            case .wifi:
                "Firefox DevTools \"Wi-Fi\" (Chrome DevTools' former preset): 30 Mibit/s down, 15 Mibit/s up shared, 2 ms latency"
            case .loopback:
                "No shaping: loopback as it is"
            case .article:
                "Reproduces \"10 MB ten times: 11.96 s sequentially, 1.30 s concurrently\": 250 ms to first byte, 11084313 B/s per connection, 99864381 B/s shared"
            }
        }

        /// The link.
        public var profile: LinkProfile {
            switch self {
            case .threeG:
                LinkProfile(latency: .milliseconds(2000), bandwidth: LinkProfile.rate(50_000), uploadBandwidth: LinkProfile.rate(50_000))
            case .slow4G:
                LinkProfile(latency: .microseconds(562_500), bandwidth: LinkProfile.rate(180_000), uploadBandwidth: LinkProfile.rate(84_375))
            case .fast4G:
                LinkProfile(latency: .milliseconds(165), bandwidth: LinkProfile.rate(1_012_500), uploadBandwidth: LinkProfile.rate(168_750))
            case .gprs:
                LinkProfile(latency: .milliseconds(500), linkBandwidth: LinkProfile.rate(6_400), uploadLinkBandwidth: LinkProfile.rate(2_560))
            case .edge:
                LinkProfile(latency: .milliseconds(840), linkBandwidth: LinkProfile.rate(30_000), uploadLinkBandwidth: LinkProfile.rate(25_000))
            case .dsl:
                LinkProfile(latency: .milliseconds(50), linkBandwidth: LinkProfile.rate(187_500), uploadLinkBandwidth: LinkProfile.rate(48_000))
            case .lte:
                LinkProfile(latency: .milliseconds(70), linkBandwidth: LinkProfile.rate(1_500_000), uploadLinkBandwidth: LinkProfile.rate(1_500_000))
            case .wifi:
                LinkProfile(latency: .milliseconds(2), linkBandwidth: LinkProfile.rate(3_932_160), uploadLinkBandwidth: LinkProfile.rate(1_966_080))
            case .loopback:
                LinkProfile.unlimited
            case .article:
                LinkProfile.article
            }
        }

        /// The name.
        public var description: String { rawValue }
    }
}
