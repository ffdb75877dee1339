import Foundation
import NetworkCore

/// What `GET /_lab/events` streams: one Server-Sent Event per journal entry, per link or fault
/// change and per throughput tick, to every subscriber.
///
/// A new subscriber first gets the server's description, the link, the faults, every kept
/// journal entry and a `tick`, then the changes as they happen: each entry exactly once,
/// because entries are recorded and snapshots taken under the journal's lock. The events
/// (`event:` name, `data:` one line of JSON):
/// - `server`: `{"seed": the server's seed, "upstream": the URL a proxy forwards to}`, once;
/// - `link`: the link as `GET /_lab/link` shows it;
/// - `faults`: the faults as `GET /_lab/faults` shows them;
/// - `request`: one journal entry as `GET /_lab/journal` shows it;
/// - `clear`: the journal was cleared (`{}`);
/// - `tick`: `{"time": seconds since the server started, "bytesSent": response body bytes sent
///   so far by the endpoints the link shapes, "inFlight": the exchanges being answered,
///   "inFlightCount": how many}`, twice a second, for the throughput chart and the in-flight
///   list; the snapshot's tick too, with `inFlight` and `inFlightCount` when it is taken on
///   the server's loop (as `GET /_lab/events` does).
final class EventFeed: Sendable {
    private let state = Lock(Subscribers())
    /// How often a `tick` goes out while anyone listens.
    static let tickInterval = Duration.milliseconds(500)
    /// Events a subscriber may fall behind by, past its snapshot, before it is disconnected:
    /// memory stays bounded for a client that stops reading, and a browser's `EventSource`
    /// reconnects by itself and starts again from a fresh snapshot.
    static let backlog = 10_000

    private struct Subscribers {
        var streams: [Int: AsyncStream<[UInt8]>.Continuation] = [:]
        var nextID = 0
        var ticker: Task<Void, Never>?
        var finished = false
    }

    /// A new subscriber's stream: `snapshot` (run while no subscriber can miss a change made
    /// after it) gives the events it starts with. Ends when ``finish()`` is called, or when
    /// the subscriber falls more than ``backlog`` events behind; a consumer that stops reading
    /// unsubscribes.
    func subscribe(ticks: @escaping @Sendable () async -> [UInt8]?, snapshot: () -> [[UInt8]]) -> AsyncStream<[UInt8]> {
        let (stream, continuation, accepted) = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            let events = state.finished ? [] : snapshot()
            let (stream, continuation) = AsyncStream.makeStream(
                of: [UInt8].self, bufferingPolicy: .bufferingOldest(events.count + Self.backlog)
            )
            continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
            guard !state.finished else { return (stream, continuation, false) }
            state.streams[id] = continuation
            for event in events { continuation.yield(event) }
            if state.ticker == nil { state.ticker = Self.startTicker(self, ticks) }
            return (stream, continuation, true)
        }
        // Outside the lock: finishing runs `onTermination`, which takes it.
        if !accepted { continuation.finish() }
        return stream
    }

    /// Whether anyone listens: callers skip encoding events nobody would get.
    var hasSubscribers: Bool {
        state.withLock { !$0.streams.isEmpty }
    }

    /// Sends `event` to every subscriber.
    func publish(_ event: [UInt8]) {
        publish { event }
    }

    /// Sends `event()` to every subscriber, encoding it only if there is one; runs under the
    /// feed's lock so that a subscriber's snapshot and this event come in the order they happened.
    /// A subscriber whose backlog is full is disconnected rather than sent a gap.
    func publish(_ event: () -> [UInt8]) {
        let laggards = state.withLock { state -> [AsyncStream<[UInt8]>.Continuation] in
            guard !state.streams.isEmpty else { return [] }
            let bytes = event()
            var laggards: [AsyncStream<[UInt8]>.Continuation] = []
            for (id, continuation) in state.streams {
                guard case .dropped = continuation.yield(bytes) else { continue }
                state.streams[id] = nil
                laggards.append(continuation)
            }
            return laggards
        }
        // Outside the lock: finishing runs `onTermination`, which takes it.
        for continuation in laggards { continuation.finish() }
    }

    /// Ends every stream and refuses new subscribers: the server is closing.
    func finish() {
        let (streams, ticker) = state.withLock { state in
            state.finished = true
            defer {
                state.streams.removeAll()
                state.ticker = nil
            }
            return (Array(state.streams.values), state.ticker)
        }
        ticker?.cancel()
        for continuation in streams { continuation.finish() }
    }

    private func unsubscribe(_ id: Int) {
        let ticker: Task<Void, Never>? = state.withLock { state in
            state.streams[id] = nil
            guard state.streams.isEmpty else { return nil }
            defer { state.ticker = nil }
            return state.ticker
        }
        ticker?.cancel()
    }

    private static func startTicker(_ feed: EventFeed, _ ticks: @escaping @Sendable () async -> [UInt8]?) -> Task<Void, Never> {
        Task { [weak feed] in
            let clock = ContinuousClock()
            var deadline = clock.now
            while !Task.isCancelled {
                deadline += tickInterval
                // Absolute deadlines: relative sleeps would drift and skew the rate.
                try? await clock.sleep(until: deadline)
                guard let feed, !Task.isCancelled else { return }
                if let event = await ticks() { feed.publish(event) }
            }
        }
    }

    /// One event in the wire format: `event: NAME`, `data: JSON` on one line, a blank line.
    static func event(_ name: String, _ object: Any) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Array("event: \(name)\ndata: ".utf8) + Array(data) + Array("\n\n".utf8)
    }
}
