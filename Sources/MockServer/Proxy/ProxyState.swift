import NetworkCore

/// What a ``TCPProxy`` and its event-loop side share: the fixed configuration, the settings
/// that change at run time, and the journal.
final class ProxyState: Sendable {
    let name: String
    let seed: UInt64
    let journal: ProxyJournal
    let startedAt = Instant.now()
    private let current: Lock<ProxySettings>
    private let observer = Lock<(@Sendable (ProxySettings) -> Void)?>(nil)

    init(name: String, seed: UInt64, settings: ProxySettings, journalCapacity: Int) {
        self.name = name
        self.seed = seed
        journal = ProxyJournal(capacity: journalCapacity)
        current = Lock(settings)
    }

    /// The settings; changing them notifies the engine, which applies them to open connections.
    var settings: ProxySettings {
        current.withLock { $0 }
    }

    func update(_ change: (inout ProxySettings) -> Void) {
        let settings = current.withLock { settings in
            change(&settings)
            return settings
        }
        observer.withLock { $0 }?(settings)
    }

    func onChange(_ body: (@Sendable (ProxySettings) -> Void)?) {
        observer.withLock { $0 = body }
    }

    /// Seconds since the proxy started.
    func elapsed(at instant: Instant) -> Double {
        (instant - startedAt).seconds
    }
}

/// The connections a proxy relayed, most recent last, up to a capacity (the oldest go first).
public final class ProxyJournal: Sendable {
    private let records: Lock<Ring<ProxyConnectionRecord>>

    init(capacity: Int) {
        records = Lock(Ring(capacity: capacity))
    }

    func append(_ record: ProxyConnectionRecord) {
        records.withLock { $0.append(record) }
    }

    /// The closed connections, in the order they closed.
    public var entries: [ProxyConnectionRecord] { records.withLock { $0.elements } }

    /// Forgets every record.
    public func clear() {
        records.withLock { $0.removeAll() }
    }
}
