import NetworkCore

extension EventFeed {
    /// Turns a journal change into its event; called under the journal's lock.
    func journalChanged(_ change: RequestJournal.Change) {
        switch change {
        case .recorded(let entry): publish { Self.event("request", entry.jsonObject) }
        case .cleared: publish { Self.event("clear", [String: Any]()) }
        }
    }
}

extension ServerState {
    /// A new `GET /_lab/events` stream: what this server is, the link, the faults, every kept
    /// journal entry and a `tick` (so that a page draws the last minute's throughput and the
    /// exchanges in flight at once), then each change as it happens, and a `tick` twice a second.
    ///
    /// Called on the engine's loop, as the endpoint is, the first tick lists the exchanges in
    /// flight: none of them can end between that list and the journal's snapshot. Anywhere
    /// else (``VirtualServer``, a test) it leaves them out.
    func eventStream() -> AsyncStream<[UInt8]> {
        let inFlightNow = inFlightOnLoop()
        return journal.withEntries { entries in
            events.subscribe(ticks: { [weak self] in
                guard let self else { return nil }
                let inFlight = await self.inFlight()
                return self.tickEvent(at: Instant.now(), inFlight: inFlight)
            }) {
                [
                    EventFeed.event("server", serverDescription),
                    EventFeed.event("link", link.jsonObject()),
                    EventFeed.event("faults", faults.jsonObject()),
                ] + entries.map { EventFeed.event("request", $0.jsonObject) } + [tickEvent(at: Instant.now(), inFlight: inFlightNow)]
            }
        }
    }

    /// The `server` event's data: the seed every decision comes from, and for a proxy the
    /// upstream it forwards to (a page otherwise names only the address it was opened at).
    var serverDescription: [String: Any] {
        var description: [String: Any] = ["seed": seed]
        if let forwarder { description["upstream"] = forwarder.upstream.url.absoluteString }
        return description
    }

    /// The `tick` event at `now`: the server's clock, its body bytes sent so far, and the
    /// exchanges `inFlight` (the oldest ``inFlightListed`` of them, and how many there are),
    /// which the journal lists only once they end; nil leaves both out (a snapshot's tick taken
    /// off the loop, where they cannot be listed at once).
    func tickEvent(at now: Instant, inFlight: [InFlightExchange]?) -> [UInt8] {
        var tick: [String: Any] = ["time": elapsed(at: now), "bytesSent": bodyBytesSent.load(ordering: .relaxed)]
        if let inFlight {
            tick["inFlight"] = inFlight.prefix(Self.inFlightListed).map(\.jsonObject)
            tick["inFlightCount"] = inFlight.count
        }
        return EventFeed.event("tick", tick)
    }

    /// At most this many exchanges in flight go in a `tick`: a page has room for no more, and a
    /// thousand would make each tick hundreds of kilobytes.
    static let inFlightListed = 100
}
