import Foundation
import NetworkCore
import Synchronization

/// What a server's public API and its event-loop side share: the fixed configuration, the
/// settings that can change at run time, and the journal.
final class ServerState: Sendable {
    let seed: UInt64
    let limits: MockServer.Limits
    /// The user's routes and the built-in endpoints.
    let table: RoutingTable
    /// A proxy's upstream leg; nil for a plain server.
    let forwarder: HTTPForwarder?
    let controlEndpoints: Bool
    /// The fixtures folder, resolved to a real path; nil when none is served.
    let fixturesRoot: String?
    let journal: RequestJournal
    let ordinals = RequestOrdinals()
    let digests = DigestCache()
    let startedAt = Instant.now()
    /// The dashboard's live events (`GET /_lab/events`).
    let events = EventFeed()
    /// Response body bytes sent by shaped (non-control) exchanges: the dashboard's throughput.
    let bodyBytesSent = Atomic<Int64>(0)
    /// Of the response body bytes sent, those a proxy sent straight from its upstream's socket.
    let directBodyBytes = Atomic<Int64>(0)
    /// ``startedAt`` on the wall clock, for the journal's HAR times.
    let startedAtDate = Date()
    /// The recorded exchanges answered with, if any.
    let replay: ReplaySession?
    private let settings: Lock<Settings>
    private let linkObserver = Lock<(@Sendable (LinkProfile) -> Void)?>(nil)
    private let inFlightSource = Lock<InFlightSource?>(nil)

    struct Settings {
        var link: LinkProfile
        var faults: FaultPlan
    }

    init(_ configuration: MockServer.Configuration, forwarder: HTTPForwarder? = nil) {
        self.forwarder = forwarder
        seed = configuration.seed
        limits = configuration.limits
        controlEndpoints = configuration.controlEndpoints
        fixturesRoot = configuration.fixtures.flatMap(FixturesEndpoint.resolveRoot)
        journal = RequestJournal(capacity: configuration.journalCapacity)
        replay = configuration.replay.map(ReplaySession.init)
        table = RoutingTable(routes: configuration.routes, controlEndpoints: configuration.controlEndpoints, replay: replay, forward: forwarder?.route)
        settings = Lock(Settings(link: configuration.link, faults: configuration.faults))
        journal.observe { [events] change in events.journalChanged(change) }
    }

    /// The server's link; setting it notifies the engine so bodies in flight follow it.
    var link: LinkProfile {
        get { settings.withLock { $0.link } }
        set {
            settings.withLock { $0.link = newValue }
            linkObserver.withLock { $0 }?(newValue)
            events.publish { EventFeed.event("link", newValue.jsonObject()) }
        }
    }

    /// Calls `observer` with every new link; nil stops the calls.
    func onLinkChange(_ observer: (@Sendable (LinkProfile) -> Void)?) {
        linkObserver.withLock { $0 = observer }
    }

    /// Where the exchanges in flight are listed: `list`, which runs on `loop` only.
    struct InFlightSource: Sendable {
        let loop: EventLoop
        let list: @Sendable () -> [InFlightExchange]
    }

    /// Where ``inFlight()`` asks: the engine, on its loop.
    func inFlightFrom(_ source: InFlightSource) {
        inFlightSource.withLock { $0 = source }
    }

    /// The exchanges being answered now, oldest first; none when no engine serves this state.
    func inFlight() async -> [InFlightExchange] {
        guard let source = inFlightSource.withLock({ $0 }) else { return [] }
        return await source.loop.submit(source.list)
    }

    /// The exchanges being answered now, when called on the engine's loop (a built-in
    /// endpoint's work, where nothing can start or end meanwhile); nil anywhere else.
    func inFlightOnLoop() -> [InFlightExchange]? {
        guard let source = inFlightSource.withLock({ $0 }), source.loop.inEventLoop else { return nil }
        return source.list()
    }

    var faults: FaultPlan {
        get { settings.withLock { $0.faults } }
        set {
            settings.withLock { $0.faults = newValue }
            events.publish { EventFeed.event("faults", newValue.jsonObject()) }
        }
    }

    var current: Settings { settings.withLock { $0 } }

    /// Seconds since the server started, for journal times.
    func elapsed(at instant: Instant) -> Double {
        (instant - startedAt).seconds
    }
}
