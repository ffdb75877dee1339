import NetworkCore
import Testing
@testable import MockServer

@Suite struct ExchangeTests {
    @Test func inFlight_showsTheExchange_andItsStageByTheMachinesPhase() {
        let state = ServerState(.init())
        let head = HTTPRequestHead(method: .get, target: "/bytes/1MB?n=1", headers: ["Host": "t"])
        let exchange = Exchange(journalID: 7, head: head, receivedAt: state.startedAt + .seconds(2), seed: 0)
        exchange.status = 200
        exchange.bodySent = 4_096
        exchange.fault = FaultRule(.stallAfter(bytes: 4_096))
        let shown = exchange.inFlight(connection: 3, phase: .stalled, state: state)
        #expect(shown == InFlightExchange(
            id: 7, connection: 3, method: "GET", path: "/bytes/1MB", query: "n=1", status: 200, bytesSent: 4_096,
            start: .seconds(2), stage: .stalled, fault: "stall-after:4KiB"
        ))
        let stages = [ExchangeMachine.Phase.idle, .readingBody, .waiting, .writing, .lingering, .closed].map {
            exchange.inFlight(connection: 3, phase: $0, state: state).stage
        }
        #expect(stages == [.waiting, .waiting, .waiting, .sending, .sending, .sending])
    }
}
