import NetworkCore

/// First-byte latency and jitter: how long after the whole request its response may start.
///
/// The jitter is drawn from the seed, method, URL and the request's ordinal for that URL, so
/// the same run waits the same; the first response on a connection also pays the link's
/// connection latency.
enum LatencyStage {
    static func delay(link: LinkProfile, seed: UInt64, method: String, target: String, ordinal: Int, firstOnConnection: Bool) -> Duration {
        let draw = DeterministicDraw(seed: seed, key: "jitter \(method) \(target)#\(ordinal)")
        return link.responseDelay(draw: draw, firstOnConnection: firstOnConnection)
    }
}
