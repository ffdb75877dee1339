import NetworkCore

/// What one direction of one proxied connection does to its bytes: the toxics that apply to
/// it, folded into one value with absolute instants and stream offsets.
///
/// Several toxics of one kind combine the way a chain of them would: latencies add, rates and
/// byte limits take the smallest, deadlines the earliest.
struct RelaySettings: Sendable, Hashable {
    /// The fixed delay of every chunk.
    var latency: Duration = .zero
    /// The per-chunk variation of `latency`.
    var jitter: Jitter = .none
    /// The connection's own cap in bytes per second; nil for none.
    var cap: Double?
    /// The shared link's rate in bytes per second when this connection takes part in it.
    var linkCap: Double?
    /// Cuts chunks into pieces.
    var slicer: Slicer?
    /// The stream offset after which no byte is forwarded, and what happens then.
    var cut: Cut?
    /// Bytes to flip among the stream's first ``Toxic/corruptionWindow`` bytes.
    var corruptCount: Int?
    /// When the connection is reset (`reset_peer`).
    var resetAt: Instant?
    /// From when every byte is dropped (`timeout`), and when the connection is closed (nil: never).
    var dropping: Dropping?
    /// How long the end of the stream is held back (`slow_close`).
    var slowClose: Duration = .zero

    struct Slicer: Sendable, Hashable {
        var averageSize: Int
        var sizeVariation: Int
        var delay: Duration
    }

    struct Cut: Sendable, Hashable {
        /// The absolute stream offset: bytes at or beyond it are never forwarded.
        var offset: Int64
        var then: Then

        enum Then: Sendable, Hashable {
            /// Close both sides cleanly.
            case close
            /// Wait until the peer has the bytes, then reset both sides.
            case reset
            /// Forward nothing more and keep the connection open.
            case stall
        }
    }

    struct Dropping: Sendable, Hashable {
        var since: Instant
        var closeAt: Instant?
    }

    /// The tighter of ``cap`` and ``linkCap``: the most this direction can move per second;
    /// nil when neither paces it.
    var pacingRate: Double? {
        guard let cap else { return linkCap }
        guard let linkCap else { return cap }
        return min(cap, linkCap)
    }

    /// True when bytes pass as they come: the relay may write straight from its read buffer.
    var isPassThrough: Bool {
        latency == .zero && jitter == .none && slicer == nil && cut == nil && corruptCount == nil
            && dropping == nil && cap == nil && linkCap == nil
    }

    /// Folds `toxics`, each with the instant and stream offset at which it began to apply to
    /// this connection, into settings.
    init(_ toxics: [(effect: Toxic.Effect, since: Instant, offset: Int64)] = []) {
        for (effect, since, offset) in toxics {
            switch effect {
            case .latency(let latency, let jitter):
                self.latency += latency
                if jitter != .none { self.jitter = jitter }
            case .bandwidth(let rate):
                cap = min(cap ?? .infinity, rate.bytesPerSecond)
            case .linkBandwidth(let rate):
                linkCap = min(linkCap ?? .infinity, rate.bytesPerSecond)
            case .slicer(let average, let variation, let delay):
                slicer = Slicer(averageSize: average, sizeVariation: variation, delay: delay)
            case .limitData(let bytes):
                addCut(Cut(offset: offset + bytes, then: .close))
            case .resetAfter(let bytes):
                addCut(Cut(offset: offset + bytes, then: .reset))
            case .stallAfter(let bytes):
                addCut(Cut(offset: offset + bytes, then: .stall))
            case .resetPeer(let after):
                resetAt = min(resetAt ?? Instant(nanoseconds: .max), since + after)
            case .timeout(let timeout):
                let closeAt = timeout == .zero ? nil : since + timeout
                dropping = Dropping(since: min(dropping?.since ?? since, since), closeAt: [dropping?.closeAt, closeAt].compactMap { $0 }.min())
            case .slowClose(let delay):
                slowClose += delay
            case .corrupt(let count):
                corruptCount = max(corruptCount ?? 0, count)
            }
        }
    }

    private mutating func addCut(_ new: Cut) {
        if let cut, cut.offset <= new.offset { return }
        cut = new
    }
}
