import NetworkCore
import Testing
@testable import MockServer

@Suite struct ExchangeLinkTests {
    private func decide(_ target: String, server: MockServer.Configuration = .init(), routeFaults: FaultPlan? = nil, first: Bool = false) throws(Exchange.BadParameter) -> (Exchange, Duration) {
        let state = ServerState(server)
        let head = HTTPRequestHead(method: .get, target: target, headers: ["Host": "t"])
        let exchange = Exchange(journalID: 1, head: head, receivedAt: Instant(seconds: 1), seed: state.seed)
        let context = RequestContext(head: head, query: Array(QueryItems(head.query ?? "")!), body: [], state: state)
        let delay = try exchange.decideLinkAndFault(context, routeFaults: routeFaults, firstOnConnection: first)
        return (exchange, delay)
    }

    @Test func queryLatency_isTheDelay_andConnectLatencyAddsOnTheFirstRequest() throws {
        #expect(try decide("/bytes/1?latency=250ms").1 == .milliseconds(250))
        #expect(try decide("/bytes/1?latency=250ms&connect-latency=1s", first: true).1 == .milliseconds(1_250))
        #expect(try decide("/bytes/1?latency=250ms&connect-latency=1s", first: false).1 == .milliseconds(250))
    }

    @Test func queryFault_overridesTheRoutes_whichOverridesTheServers() throws {
        let server = MockServer.Configuration(faults: FaultPlan([FaultRule(.reset)]))
        let route = FaultPlan([FaultRule(.close)])
        #expect(try decide("/bytes/1", server: server).0.fault?.fault == .reset)
        #expect(try decide("/bytes/1", server: server, routeFaults: route).0.fault?.fault == .close)
        #expect(try decide("/bytes/1?fault=status:503", server: server, routeFaults: route).0.fault?.fault == .status(503))
    }

    @Test func queryBandwidth_isACapFixedNow() throws {
        let (exchange, _) = try decide("/bytes/1?bandwidth=1KB/s")
        #expect(exchange.cap == 1_000)
        #expect(exchange.capFromQuery)
        #expect(try decide("/bytes/1").0.capFromQuery == false)
    }

    @Test func followingTheLink_takesItsCapUnlessTheQueryFixedOne_andSaysWhenToPace() throws {
        let slow = LinkProfile(bandwidth: .bytesPerSecond(2_000))
        let (free, _) = try decide("/bytes/1")
        #expect(free.followLink(LinkProfile(), sharedBandwidth: nil) == false)
        #expect(free.cap == nil)
        #expect(free.followLink(slow, sharedBandwidth: nil))
        #expect(free.cap == 2_000)
        #expect(free.followLink(LinkProfile(), sharedBandwidth: 5_000))
        #expect(free.cap == nil)

        let (fixed, _) = try decide("/bytes/1?bandwidth=1KB/s")
        #expect(fixed.followLink(slow, sharedBandwidth: nil))
        #expect(fixed.cap == 1_000)

        // The control endpoints are never shaped, whatever limits the link.
        free.shaped = false
        #expect(free.followLink(slow, sharedBandwidth: 5_000) == false)
    }

    @Test func requestsAreNumberedPerMethodAndTarget() throws {
        let state = ServerState(.init())
        let head = HTTPRequestHead(method: .get, target: "/bytes/1", headers: ["Host": "t"])
        let ordinals = try (0..<3).map { _ in
            let exchange = Exchange(journalID: 1, head: head, receivedAt: Instant(seconds: 1), seed: 0)
            _ = try exchange.decideLinkAndFault(RequestContext(head: head, query: [], body: [], state: state), routeFaults: nil, firstOnConnection: false)
            return exchange.ordinal
        }
        #expect(ordinals == [0, 1, 2])
    }

    @Test func badParameters_areRefusedWithTheirMessage() {
        for (target, parameter) in [("/bytes/1?latency=soon", "latency"), ("/bytes/1?fault=explode", "fault")] {
            do {
                _ = try decide(target)
                Issue.record("\(target) was accepted")
            } catch {
                #expect(error.message.contains(parameter), "\(error.message)")
            }
        }
    }
}
