import NetworkCore

/// A MockServer without sockets or real time: the server's ``ExchangeMachine``, its routing
/// table, endpoints, link, faults and body stages, answering requests on a virtual connection
/// and saying at which virtual instant each piece of the answer leaves.
///
/// It answers the built-in endpoints (`/bytes`, `/status`, `/fixtures`, `/_lab/*`), paces
/// bodies against the link as the server does (its caps and shared link, one flow at a time),
/// and applies the fault plan (statuses with `Retry-After`, resets, closes, cuts, stalls,
/// corruption, slices), and paces request bodies under the upload caps; bodies in flight, both
/// ways, follow link changes from their instants. Custom routes, concurrent flows sharing a
/// link and digests are left to live tests.
package final class VirtualServer {
    let state: ServerState
    /// Connections opened so far.
    package var connections = 0

    /// When the server started: virtual time starts here, so the journal's times are virtual too.
    package var startedAt: Instant { state.startedAt }

    package init(_ configuration: MockServer.Configuration = .init()) {
        state = ServerState(configuration)
    }

    /// The journal, as `GET /_lab/journal` would show it.
    package var journal: [JournalEntry] { state.journal.entries }

    /// Link changes still to come, in time order.
    private var linkChanges: [(at: Instant, link: LinkProfile)] = []

    /// Sets the server's link at `instant`, as `setLink` or `PUT /_lab/link` would then:
    /// requests from then on get it, and bodies in flight follow its caps from that instant.
    package func setLink(_ link: LinkProfile, at instant: Instant) {
        linkChanges.append((instant, link))
        linkChanges.sort { $0.at < $1.at }
    }

    /// Makes the changes due by `now` the server's link, one after the other, calling `each`
    /// with each one's instant once it is in force.
    func applyLinkChanges(until now: Instant, each: (Instant) -> Void = { _ in }) {
        while let next = linkChanges.first, next.at <= now {
            linkChanges.removeFirst()
            state.link = next.link
            each(next.at)
        }
    }

    /// The next link change, if one is due before `instant`.
    func linkChange(before instant: Instant) -> Instant? {
        linkChanges.first.flatMap { $0.at < instant ? $0.at : nil }
    }

    /// One connection to the server, opened at `now`.
    package func connect(at now: Instant) -> Connection {
        Connection(server: self, now: now)
    }

    /// What the server sends on a connection, in time order.
    package enum Output: Equatable {
        case bytes([UInt8])
        /// Our side shut (the client reads end of stream) or closed.
        case end
        /// Closed with a reset.
        case reset
    }

    package final class Connection {
        package let server: VirtualServer
        package let id: Int
        var machine: ExchangeMachine
        /// What the client will read, with when it leaves the server; in time order.
        private(set) var outbox: [(at: Instant, output: Output)] = []
        private var ended = false
        /// The exchange being answered (or stalled), for the journal.
        private var current: Exchange?
        /// The request body's pacing while one is read (a control endpoint's is not): a
        /// scheduler of its own (one upload at a time), under the query's upload cap or the
        /// link's, following the link's changes unless the query fixed its cap.
        private var upload: (scheduler: FairShareScheduler, flow: FairShareScheduler.FlowID, capFromQuery: Bool)?
        init(server: VirtualServer, now: Instant) {
            self.server = server
            id = server.connections
            server.connections += 1
            let table = server.state.table
            machine = ExchangeMachine(limits: server.state.limits, collectsBody: { table.needsBody($0) }, now: now)
        }

        /// Takes the next piece the client can read, if the server ever sends one.
        package func take() -> (at: Instant, output: Output)? {
            outbox.isEmpty ? nil : outbox.removeFirst()
        }

        /// The client sent `bytes` at `now`: the server reads them and answers every whole
        /// request among them, in order, at the instants the link and faults decide.
        package func receive(_ bytes: [UInt8], at now: Instant) {
            guard !ended else { return }
            server.applyLinkChanges(until: now, each: uploadFollowsLink)
            // A connection left idle past its timeout was closed by the server meanwhile.
            advance(to: now)
            guard !ended else { return }
            bytes.withUnsafeBytes { machine.receive($0, now: now) }
            var clock = now
            while true {
                var allowance = Int.max
                if machine.phase == .readingBody, let (scheduler, flow, _) = upload {
                    // As the socket driver does: a whole chunk of credit (or the rest of the
                    // body) at a time, the same pacing stage as response bodies.
                    switch PacingStage.allowance(scheduler, flow: flow, budget: machine.bodyRemaining ?? .max, at: clock) {
                    case .waitUntil(let instant):
                        // A link change while the body waits paces it from then on.
                        clock = server.linkChange(before: instant) ?? instant
                        server.applyLinkChanges(until: clock, each: uploadFollowsLink)
                        continue
                    case .upTo(let bytes):
                        allowance = Int(bytes)
                    }
                }
                let actions = machine.advance(now: clock, uploadAllowance: allowance)
                if actions.isEmpty { return }
                clock = perform(actions, at: clock)
            }
        }

        /// A request body starts at `now`: pace it as its route says, under its query's upload
        /// cap or the link's, sharing the upload link as if alone on it (a flow nothing limits
        /// goes as fast as it comes, until a link change limits it).
        private func startUpload(_ head: HTTPRequestHead, at now: Instant) {
            let state = server.state
            let pacing = state.table.uploadPacing(for: head)
            guard pacing != .unpaced else { return }
            let query = pacing == .queryOrLink ? head.query : nil
            let link = state.link
            let scheduler = FairShareScheduler(linkBandwidth: link.uploadLinkBandwidth?.bytesPerSecond)
            upload = (scheduler, scheduler.addFlow(cap: link.uploadCap(query: query), at: now), LinkProfile.uploadCapIsFixed(byQuery: query))
            _ = scheduler.settle()
        }

        /// The body being read follows the server's link as it became at `instant`: the upload
        /// link, and the upload cap unless the body's query fixed its own.
        private func uploadFollowsLink(at instant: Instant) {
            guard let (scheduler, flow, capFromQuery) = upload else { return }
            let link = server.state.link
            scheduler.setLinkBandwidth(link.uploadLinkBandwidth?.bytesPerSecond, at: instant)
            if !capFromQuery { scheduler.setCap(flow, link.uploadBandwidth?.bytesPerSecond, at: instant) }
            _ = scheduler.settle()
        }

        /// Lets virtual time pass until `now`: the server's timeouts (idle, header, body,
        /// linger) due by then fire at their own instants.
        package func advance(to now: Instant) {
            while !ended, let deadline = machine.deadline, deadline <= now {
                perform(machine.timerFired(now: deadline), at: deadline)
                if machine.deadline == deadline { return }
            }
        }

        /// The client closed the connection at `now` (after its timeout, or done with it).
        package func clientClosed(at now: Instant) {
            perform(machine.endOfInput(), at: now)
            ended = true
        }

        /// Carries out the machine's actions at `now`; returns when the last one is done.
        @discardableResult
        private func perform(_ actions: [ExchangeAction], at now: Instant) -> Instant {
            var clock = now
            for action in actions {
                switch action {
                case .write(let bytes): send(.bytes(bytes), at: clock)
                case .dispatch(let request): clock = answer(request, at: clock)
                case .reject(let rejection): clock = refuse(rejection, exchange: nil, at: clock)
                case .shutDownWriting, .close: send(.end, at: clock)
                case .reset: send(.reset, at: clock)
                case .journal(let aborted):
                    current?.record(aborted: aborted, connection: id, in: server.state, end: clock)
                    current = nil
                case .uploadStarted(let head): startUpload(head, at: clock)
                case .uploaded(let count):
                    if let (scheduler, flow, _) = upload, count > 0 { scheduler.consume(flow, bytes: count, at: clock) }
                case .uploadEnded: upload = nil
                // The virtual server has no proxy route, so no body streams.
                case .sendHead, .streamBody, .streamEnded: break
                }
            }
            return clock
        }

        private func send(_ output: Output, at instant: Instant) {
            guard !ended else { return }
            if output != .end || outbox.last?.output != .end { outbox.append((instant, output)) }
            ended = output == .end || output == .reset
        }

        private func answer(_ request: ExchangeRequest, at now: Instant) -> Instant {
            let state = server.state
            let exchange = Exchange.answering(request, state: state)
            let plan: ResponsePlan
            let start: Instant
            switch Dispatch.decide(request, exchange: exchange, state: state) {
            case .refuse(let message):
                return refuse(.init(status: 400, message: message, head: request.head, headAt: nil), exchange: exchange, at: now)
            case .respond(let routed, let delay):
                (plan, start) = (routed, now + delay)
            case .handle:
                preconditionFailure("VirtualServer answers the built-in endpoints and recordings only")
            }
            exchange.settle(plan)
            return respond(exchange, at: start)
        }

        private func refuse(_ rejection: ExchangeRejection, exchange earlier: Exchange?, at now: Instant) -> Instant {
            if earlier != nil { _ = machine.reject(status: rejection.status, message: rejection.message, head: rejection.head) }
            return respond(Exchange.refusing(rejection, earlier: earlier, state: server.state, now: now), at: now)
        }

        /// Sends the response from `now`: its head, then its body through the same pump as
        /// `ServerConnection` (pacing, slicing, corruption, the cut), on virtual time.
        private func respond(_ exchange: Exchange, at now: Instant) -> Instant {
            guard exchange.plan != nil else { return now }
            current = exchange
            precondition(exchange.plan?.body.length != nil, "VirtualServer sends bodies of known length only")
            guard let start = exchange.responseStart(date: "Sun, 06 Dec 2026 00:00:00 GMT") else { return now }
            let actions = machine.startResponse(start, now: now)
            guard case .sendHead(let head, let chunked)? = actions.first else {
                perform(actions, at: now)
                return now
            }
            exchange.headBytes = head
            exchange.chunked = chunked
            var clock = now
            // A link set while the request waited (its latency) shapes the whole body.
            server.applyLinkChanges(until: clock)
            let scheduler = FairShareScheduler(linkBandwidth: server.state.link.linkBandwidth?.bytesPerSecond)
            if exchange.followLink(server.state.link, sharedBandwidth: scheduler.linkBandwidth) {
                exchange.flow = scheduler.addFlow(cap: exchange.cap, at: clock)
                _ = scheduler.settle()
            }
            let pump = ResponsePump(exchange)
            while true {
                switch pump.next(at: clock, writable: true, pacing: scheduler) {
                case .write(let headCount, let budget):
                    var piece = Array(exchange.headBytes[exchange.headSent...].prefix(headCount))
                    var body = [UInt8](repeating: 0, count: Int(min(budget, 64 * 1024)))
                    body.removeSubrange(body.withUnsafeMutableBytes { pump.readBody(into: $0) }...)
                    piece += body
                    send(.bytes(piece), at: clock)
                    let bodyCount = pump.wrote(piece.count, at: clock)
                    if let flow = exchange.flow { scheduler.consume(flow, bytes: bodyCount, at: clock) }
                case .wake(let instant):
                    guard let change = server.linkChange(before: instant) else {
                        clock = instant
                        break
                    }
                    // The link changes while the body waits: it follows the new caps from then.
                    clock = change
                    server.applyLinkChanges(until: change)
                    let link = server.state.link
                    scheduler.setLinkBandwidth(link.linkBandwidth?.bytesPerSecond, at: clock)
                    let paced = exchange.followLink(link, sharedBandwidth: scheduler.linkBandwidth)
                    if let flow = exchange.flow {
                        scheduler.setCap(flow, exchange.cap, at: clock)
                    } else if paced {
                        exchange.flow = scheduler.addFlow(cap: exchange.cap, at: clock)
                    }
                    _ = scheduler.settle()
                case .ended(let end):
                    perform(machine.responseEnded(end, now: clock), at: clock)
                    return clock
                case .abort:
                    perform(machine.close(), at: clock)
                    return clock
                case .blocked, .awaitSource:
                    preconditionFailure("a virtual socket is always writable, and a body of known length never waits")
                }
            }
        }
    }
}
