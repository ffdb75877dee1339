import NetworkCore

/// One direction of one proxied connection as a pure state machine: bytes and `now` in; which
/// bytes may be written when, and how the connection ends, out. No sockets and no clock, so
/// tests drive it with literal instants.
///
/// The driver (``ProxyConnection``) follows this protocol:
/// 1. While ``wantsInput``, read from the source and ``ingest(_:at:)`` what came; on end of
///    stream or reset, ``sourceEnded(reset:at:)``.
/// 2. Write ``ready(at:)`` bytes (no more than the pacer allows) and ``consume(_:)`` what the
///    destination took.
///    While ``canForward``, the driver may send what it read straight on and count it with
///    ``forwarded(_:)``, ingesting only what the destination did not take.
/// 3. Ask ``ending(at:unsentBytes:)`` how the connection ends, if it does now.
/// 4. Sleep until ``nextWake(at:)``, or until a socket is ready.
///
/// The order of effects on the way: bytes past a timeout or a cut are dropped, corruption
/// flips bytes by stream offset, latency and jitter (per chunk, order kept) and the slicer set
/// when each piece may leave, and the pacer (bandwidth, shared link) says how fast.
struct RelayPipe {
    /// The most bytes held between the source and the destination: past it the driver stops
    /// reading, so a slow destination slows the source (backpressure) and memory stays bounded.
    static let capacity = 1 << 20

    /// What this pipe holds at most: ``capacity``, or for a capped pipe about a quarter second
    /// of its rate beyond its latency (at least 32 KiB). A paced pipe that read a whole MiB
    /// ahead only moved the source's burst into the proxy: a thousand connections whose
    /// upstream answered at once kept the proxy's loop copying for a third of a second, and
    /// the first connections' pacing fell that far behind.
    var holdLimit: Int {
        guard let rate = settings.pacingRate else { return Self.capacity }
        var ahead = 0.25 + settings.latency.seconds
        switch settings.jitter {
        case .none: break
        case .uniform(let amplitude): ahead += amplitude.seconds
        case .normal(let sigma): ahead += 3 * sigma.seconds
        }
        return Int(min(Double(Self.capacity), max(32 * 1024, (rate * ahead).rounded())))
    }

    private(set) var settings: RelaySettings
    private var chunks: [Chunk] = []
    private var head = 0
    /// Bytes held, not yet written.
    private(set) var buffered = 0
    /// Bytes taken from the source: the stream offset of the next one.
    private(set) var ingested: Int64 = 0
    /// Bytes written to the destination.
    private(set) var delivered: Int64 = 0
    /// How and when the source ended; nil while it is open.
    private(set) var sourceEnd: SourceEnd?
    private var lastRelease = Instant(nanoseconds: .min)
    private var chunkIndex: UInt64 = 0
    private let seed: UInt64
    private let key: String
    /// Corruption is keyed by the proxy and direction alone, so every connection has the same
    /// bytes flipped, as every response for a URL does in MockServer.
    private let corruptionKey: String
    private var corruptionPositions: [Int64]?

    enum SourceEnd: Equatable {
        case fin(at: Instant)
        case reset
    }

    /// How the connection must end now.
    enum Ending: Equatable {
        /// Half-close: the destination reads end of stream (FIN); the other direction goes on.
        case fin
        /// Close both sides cleanly.
        case close
        /// Reset both sides (RST).
        case reset
    }

    private struct Chunk {
        var bytes: [UInt8]
        var start: Int
        var release: Instant
    }

    /// A pipe for the stream named `key` (proxy, connection ordinal and direction), whose
    /// random draws (jitter, slicer) come from `seed` and `key`, and corruption from `seed`
    /// and `corruptionKey` (proxy and direction).
    init(settings: RelaySettings = RelaySettings(), seed: UInt64 = 0, key: String = "", corruptionKey: String = "") {
        self.settings = settings
        self.seed = seed
        self.key = key
        self.corruptionKey = corruptionKey
    }

    /// Whether the driver should read more from the source: when a quarter of what the pipe
    /// holds (at most 16 KiB) is free. Not for a sliver of room: a nearly full pipe that read
    /// what little fit sent the destination a few bytes at a time, and a thousand paced
    /// connections kept the loop busy with reads and writes of 1 to 5 bytes.
    var wantsInput: Bool { sourceEnd == nil && room >= min(holdLimit / 4, 16 * 1024) }

    /// How many more bytes the pipe takes before the driver must stop reading.
    var room: Int { max(0, holdLimit - buffered) }

    /// True when nothing is held.
    var isEmpty: Bool { buffered == 0 }

    /// Whether bytes just read may go straight to the destination (``forwarded(_:)``) instead
    /// of through here: nothing is held, and nothing would look at them or time them. A change
    /// of settings applies from the next read on.
    var canForward: Bool { isEmpty && settings.isPassThrough }

    /// Takes new settings from `now` on. Bytes held keep their release instants, except that
    /// with no latency and no slicer left they may all leave at once.
    mutating func update(_ settings: RelaySettings, at now: Instant) {
        self.settings = settings
        if settings.latency == .zero, settings.jitter == .none, settings.slicer == nil {
            for index in head..<chunks.count where chunks[index].release > now { chunks[index].release = now }
            lastRelease = min(lastRelease, now)
        }
    }

    /// Bytes that arrived from the source at `now`.
    mutating func ingest(_ bytes: UnsafeRawBufferPointer, at now: Instant) {
        let start = ingested
        ingested += Int64(bytes.count)
        if let dropping = settings.dropping, dropping.since <= now { return }
        var count = bytes.count
        if let cut = settings.cut { count = Int(max(0, min(Int64(count), cut.offset - start))) }
        guard count > 0 else { return }
        var data = Array(bytes[0..<count])
        if let corruptCount = settings.corruptCount, start < Toxic.corruptionWindow {
            if corruptionPositions == nil {
                corruptionPositions = Fault.corruptionPositions(
                    count: corruptCount, bodyLength: Toxic.corruptionWindow, seed: seed, method: "TCP", url: corruptionKey)
            }
            data.withUnsafeMutableBytes { Fault.applyCorruption(positions: corruptionPositions!, to: $0, bodyOffset: start) }
        }
        var release = now
        if settings.latency != .zero || settings.jitter != .none {
            let sample = settings.jitter == .none
                ? Duration.zero : settings.jitter.sample(DeterministicDraw(seed: seed, key: "jitter \(key)#\(chunkIndex)"))
            release = now + max(.zero, settings.latency + sample)
        }
        chunkIndex += 1
        release = max(release, lastRelease)
        if let slicer = settings.slicer {
            var pieces: [Range<Int>] = []
            slice(0..<count, slicer, into: &pieces)
            for piece in pieces {
                append(Array(data[piece]), release: release)
                release = release + slicer.delay
            }
            // The next chunk waits for the last piece's delay, as toxiproxy's slicer does.
            lastRelease = release
        } else {
            append(data, release: release)
        }
    }

    /// `count` bytes went from the source straight to the destination, never held: only while
    /// ``canForward``.
    mutating func forwarded(_ count: Int) {
        ingested += Int64(count)
        delivered += Int64(count)
    }

    /// True when the stream reached a reset-after cut and the driver must wait for the
    /// destination's kernel to send what it holds before resetting.
    var awaitsDrain: Bool {
        guard let cut = settings.cut, cut.then == .reset else { return false }
        return isEmpty && ingested >= cut.offset
    }

    /// The source sent FIN (`reset` false) or reset the connection, at `now`.
    mutating func sourceEnded(reset: Bool, at now: Instant) {
        guard sourceEnd == nil || reset else { return }
        sourceEnd = reset ? .reset : .fin(at: now)
    }

    /// The bytes that may be written at `now`: the ready part of the first chunk.
    func ready(at now: Instant) -> ArraySlice<UInt8> {
        guard head < chunks.count, chunks[head].release <= now else { return [] }
        return chunks[head].bytes[chunks[head].start...]
    }

    /// The destination took `count` bytes of ``ready(at:)``.
    mutating func consume(_ count: Int) {
        guard count > 0 else { return }
        chunks[head].start += count
        buffered -= count
        delivered += Int64(count)
        if chunks[head].start == chunks[head].bytes.count {
            head += 1
            if head == chunks.count {
                chunks.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64, head * 2 >= chunks.count {
                chunks.removeFirst(head)
                head = 0
            }
        }
    }

    /// How the connection ends at `now`, or nil while it goes on. `unsentBytes` is what the
    /// destination's kernel still holds: a reset waits for it to drain, or the peer would
    /// never see the bytes it was promised.
    func ending(at now: Instant, unsentBytes: Int) -> Ending? {
        if let resetAt = settings.resetAt, resetAt <= now { return .reset }
        if let closeAt = settings.dropping?.closeAt, closeAt <= now { return .close }
        if sourceEnd == .reset { return .reset }
        if let cut = settings.cut, isEmpty, ingested >= cut.offset {
            switch cut.then {
            case .close: return .close
            case .reset: return unsentBytes == 0 ? .reset : nil
            case .stall: return nil
            }
        }
        if case .fin(let at)? = sourceEnd, isEmpty, now >= at + settings.slowClose { return .fin }
        return nil
    }

    /// When the pipe next needs the driver without any socket event: a chunk's release, a
    /// reset or timeout deadline, the end of a slow close; nil for never.
    func nextWake(at now: Instant) -> Instant? {
        var wake: [Instant?] = [settings.resetAt, settings.dropping?.closeAt]
        if head < chunks.count, chunks[head].release > now { wake.append(chunks[head].release) }
        if case .fin(let at)? = sourceEnd, isEmpty { wake.append(at + settings.slowClose) }
        return wake.compactMap { $0 }.filter { $0 > now }.min()
    }

    private mutating func append(_ bytes: [UInt8], release: Instant) {
        guard !bytes.isEmpty else { return }
        buffered += bytes.count
        chunks.append(Chunk(bytes: bytes, start: 0, release: release))
        lastRelease = release
    }

    /// Splits `range` like toxiproxy's slicer: halves, moved by up to ± the variation, until
    /// each piece is within the variation of the average size.
    private mutating func slice(_ range: Range<Int>, _ slicer: RelaySettings.Slicer, into pieces: inout [Range<Int>]) {
        if range.count - slicer.averageSize <= slicer.sizeVariation {
            pieces.append(range)
            return
        }
        var middle = range.lowerBound + range.count / 2
        if slicer.sizeVariation > 0 {
            let draw = DeterministicDraw(seed: seed, key: "slice \(key)")
            middle += Int(draw.below(UInt64(2 * slicer.sizeVariation), UInt64(pieces.count) &+ chunkIndex << 32)) - slicer.sizeVariation
        }
        slice(range.lowerBound..<middle, slicer, into: &pieces)
        slice(middle..<range.upperBound, slicer, into: &pieces)
    }
}
