import Foundation
@testable import MockServer
import NetworkCore
import TestSupport
import Testing

/// The dashboard's event feed without sockets: what a subscriber gets first, each change once,
/// and the end of every stream when the server closes.
@Suite struct EventFeedTests {
    static func entry(_ id: Int, path: String = "/bytes/10") -> JournalEntry {
        JournalEntry(id: id, connection: 0, method: "GET", path: path, status: 200, bytesSent: 10, start: Double(id),
                     timeToFirstByte: 0.1, duration: 0.2, seed: 0, outcome: .complete)
    }

    /// The event's name and its JSON object.
    static func decode(_ bytes: [UInt8]?) throws -> (name: String, data: [String: Any]) {
        let bytes = try #require(bytes)
        return try #require(parse(bytes), "\(String(decoding: bytes, as: UTF8.self))")
    }

    /// The event's name and its JSON object; nil when it is not in the wire format. Records
    /// nothing, so that it can run off the test's task.
    static func parse(_ bytes: [UInt8]) -> (name: String, data: [String: Any])? {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 4, lines[0].hasPrefix("event: "), lines[1].hasPrefix("data: "), lines[2].isEmpty,
              let data = try? JSONSerialization.jsonObject(with: Data(lines[1].dropFirst(6).utf8)) as? [String: Any]
        else { return nil }
        return (String(lines[0].dropFirst(7)), data)
    }

    @Test func subscriber_getsServerLinkFaultsEveryKeptEntryAndATickFirst_thenEachChangeOnce() async throws {
        let state = ServerState(.init(seed: 42, link: LinkProfile(latency: .milliseconds(20))))
        state.journal.record(Self.entry(0), faultKind: nil)
        state.journal.record(Self.entry(1, path: "/status/404"), faultKind: nil)
        var events = state.eventStream().makeAsyncIterator()

        let server = try Self.decode(await events.next())
        #expect(server.name == "server")
        #expect(server.data["seed"] as? Int == 42)
        #expect(server.data["upstream"] == nil, "not a proxy: \(server.data)")
        let link = try Self.decode(await events.next())
        #expect(link.name == "link")
        #expect(link.data["latency"] as? String == "20ms")
        #expect(try Self.decode(await events.next()).name == "faults")
        #expect(try Self.decode(await events.next()).data["path"] as? String == "/bytes/10")
        #expect(try Self.decode(await events.next()).data["path"] as? String == "/status/404")
        // A page draws the last minute's throughput from it at once, without waiting for the
        // ticker. Off the server's loop (here), the exchanges in flight come with the ticker's.
        let tick = try Self.decode(await events.next())
        #expect(tick.name == "tick")
        #expect(tick.data["bytesSent"] as? Int == 0)
        #expect(tick.data["time"] is Double)
        #expect(tick.data["inFlight"] == nil && tick.data["inFlightCount"] == nil, "\(tick.data)")

        state.journal.record(Self.entry(2, path: "/fixtures/a"), faultKind: nil)
        let request = try Self.decode(await events.next())
        #expect(request.name == "request")
        #expect(request.data["id"] as? Int == 2)
        #expect(request.data["path"] as? String == "/fixtures/a")

        state.link = .preset(named: "3g")!
        let changed = try Self.decode(await events.next())
        #expect(changed.name == "link")
        #expect(changed.data["bandwidth"] as? String == "50KB/s")

        state.faults = [Fault.status(503).rate(0.5)]
        let faults = try Self.decode(await events.next())
        #expect(faults.name == "faults")
        #expect((faults.data["faults"] as? [[String: Any]])?.first?["fault"] as? String == "status:503")

        state.journal.clear()
        #expect(try Self.decode(await events.next()).name == "clear")
        state.events.finish()
        #expect(await events.next() == nil, "a closing server ends the stream")
    }

    /// On the server's loop, where `GET /_lab/events` takes its snapshot, the snapshot's tick
    /// lists the exchanges in flight: a page (or a screenshot taken as it loads) shows a slow
    /// download at once, not half a second later.
    @Test func snapshotTakenOnTheLoop_listsTheExchangesInFlight() async throws {
        let state = ServerState(.init())
        let stalled = InFlightExchange(
            id: 3, connection: 1, method: "GET", path: "/bytes/1MB", query: "fault=stall-after:10KB", status: 200,
            bytesSent: 10_000, start: .milliseconds(1500), stage: .stalled, fault: "stall-after:10KB")
        let loop = EventLoop.shared
        state.inFlightFrom(ServerState.InFlightSource(loop: loop) { [stalled] })
        #expect(state.inFlightOnLoop() == nil, "off the loop, it cannot be listed at once")
        #expect(await state.inFlight().map(\.id) == [3])
        var events = await loop.submit { state.eventStream() }.makeAsyncIterator()
        var tick = try Self.decode(await events.next())
        while tick.name != "tick" { tick = try Self.decode(await events.next()) }
        let listed = try #require(tick.data["inFlight"] as? [[String: Any]], "\(tick.data)")
        #expect(listed.map { $0["path"] as? String } == ["/bytes/1MB"])
        #expect(listed.first?["stage"] as? String == "stalled")
        #expect(tick.data["inFlightCount"] as? Int == 1)
        state.events.finish()
    }

    /// A proxy's page names the upstream it forwards to, not only the address it was opened at.
    @Test func aProxysServerEvent_namesItsUpstream() async throws {
        let forwarder = try await HTTPForwarder.resolve(.init(url: URL(string: "http://127.0.0.1:9/api")!))
        let state = ServerState(.init(seed: 7), forwarder: forwarder)
        var events = state.eventStream().makeAsyncIterator()
        let server = try Self.decode(await events.next())
        #expect(server.name == "server")
        #expect(server.data["upstream"] as? String == "http://127.0.0.1:9/api")
        #expect(server.data["seed"] as? Int == 7)
        state.events.finish()
    }

    @Test func finishedFeed_endsNewStreamsAtOnce() async {
        let state = ServerState(.init())
        state.events.finish()
        var events = state.eventStream().makeAsyncIterator()
        #expect(await events.next() == nil)
    }

    @Test func consumerThatStops_unsubscribes() async throws {
        let state = ServerState(.init())
        let stream = state.eventStream()
        #expect(state.events.hasSubscribers)
        let reader = Task { for await _ in stream {} }
        reader.cancel()
        await reader.value
        #expect(!state.events.hasSubscribers)
    }

    /// A subscriber that stops reading holds at most its snapshot and ``EventFeed/backlog``
    /// events; past that it is disconnected, so it gets no gap, only an end (a browser
    /// reconnects). Ticks may take a few of the places, so the entries it gets are a prefix.
    /// Ten thousand events are encoded and decoded on a thread of the test's own: seconds of
    /// work in a debug build, which on the cooperative pool would starve other tests' servers.
    @Test func subscriberTooFarBehind_isDisconnected_withoutAGap() async throws {
        let state = ServerState(.init())
        state.journal.record(Self.entry(0), faultKind: nil)
        let stream = state.eventStream()
        try await blocking {
            for id in 1...EventFeed.backlog + 50 { state.journal.record(Self.entry(id), faultKind: nil) }
        }
        #expect(!state.events.hasSubscribers)
        var received: [[UInt8]] = []
        for await bytes in stream { received.append(bytes) }
        let (ids, malformed) = try await blocking { [received] () -> ([Int], Int) in
            var ids: [Int] = [], malformed = 0
            for bytes in received {
                guard let event = Self.parse(bytes) else {
                    malformed += 1
                    continue
                }
                if event.name == "request", let id = event.data["id"] as? Int { ids.append(id) }
            }
            return (ids, malformed)
        }
        #expect(malformed == 0, "events not in the wire format")
        #expect(ids.count > EventFeed.backlog - 50 && ids.count <= EventFeed.backlog + 1, "\(ids.count) entries")
        #expect(ids == Array(0..<ids.count), "every entry it got, in order, then the end")
    }

    @Test func tick_saysTheServersTimeAndTheBodyBytesSent() throws {
        let state = ServerState(.init())
        state.bodyBytesSent.add(1234, ordering: .relaxed)
        let tick = try Self.decode(state.tickEvent(at: state.startedAt + .milliseconds(2500), inFlight: []))
        #expect(tick.name == "tick")
        #expect(tick.data["time"] as? Double == 2.5)
        #expect(tick.data["bytesSent"] as? Int == 1234)
        #expect((tick.data["inFlight"] as? [Any])?.isEmpty == true)
        #expect(tick.data["inFlightCount"] as? Int == 0)
    }

    @Test func tick_listsTheOldestExchangesInFlight_withWhatTheJournalWillSay() throws {
        let state = ServerState(.init())
        let stalled = InFlightExchange(
            id: 7, connection: 3, method: "GET", path: "/bytes/1MB", query: "fault=stall-after:10KB", status: 200,
            bytesSent: 10_000, start: .milliseconds(1500), stage: .stalled, fault: "stall-after:10KB")
        let waiting = InFlightExchange(
            id: 8, connection: 4, method: "POST", path: "/slow", query: nil, status: nil,
            bytesSent: 0, start: .seconds(2), stage: .waiting, fault: nil)
        let many = [stalled, waiting] + (9..<(9 + ServerState.inFlightListed)).map { id in
            InFlightExchange(id: id, connection: id, method: "GET", path: "/", query: nil, status: nil,
                             bytesSent: 0, start: .seconds(3), stage: .waiting, fault: nil)
        }
        let tick = try Self.decode(state.tickEvent(at: state.startedAt + .seconds(4), inFlight: many))
        let listed = try #require(tick.data["inFlight"] as? [[String: Any]])
        #expect(listed.count == ServerState.inFlightListed)
        #expect(tick.data["inFlightCount"] as? Int == ServerState.inFlightListed + 2)
        #expect(listed[0]["id"] as? Int == 7)
        #expect(listed[0]["connection"] as? Int == 3)
        #expect(listed[0]["path"] as? String == "/bytes/1MB")
        #expect(listed[0]["query"] as? String == "fault=stall-after:10KB")
        #expect(listed[0]["status"] as? Int == 200)
        #expect(listed[0]["bytesSent"] as? Int == 10_000)
        #expect(listed[0]["start"] as? Double == 1.5)
        #expect(listed[0]["stage"] as? String == "stalled")
        #expect(listed[0]["fault"] as? String == "stall-after:10KB")
        #expect(listed[1]["method"] as? String == "POST")
        #expect(listed[1]["stage"] as? String == "waiting")
        #expect(listed[1]["status"] == nil && listed[1]["query"] == nil && listed[1]["fault"] == nil)
    }

    @Test func event_isOneLineOfJSON_evenForTextWithNewlines() throws {
        let bytes = EventFeed.event("request", ["error": "two\nlines"])
        let event = try Self.decode(bytes)
        #expect(event.data["error"] as? String == "two\nlines")
    }
}
