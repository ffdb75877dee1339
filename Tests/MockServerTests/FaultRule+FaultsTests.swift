import MockServer
import Testing

@Suite struct FaultRuleFaultsTests {
    @Test func plainFaults_readAsRules_whereRulesAreExpected() {
        let plan: FaultPlan = [.reset, .status(503), .resetAfter(bytes: 1), .close, .truncateAfter(bytes: 2),
                               .stallAfter(bytes: 3), .malformed, .corrupt(count: 4), .slice(bytes: 5, delay: .milliseconds(6))]
        let faults: [Fault] = [.reset, .status(503), .resetAfter(bytes: 1), .close, .truncateAfter(bytes: 2),
                               .stallAfter(bytes: 3), .malformed, .corrupt(count: 4), .slice(bytes: 5, delay: .milliseconds(6))]
        #expect(plan.rules == faults.map { FaultRule($0) })
        let configuration = MockServer.Configuration(faults: [.status(503).first(2)])
        #expect(configuration.faults.rules == [FaultRule(.status(503), first: 2)])
    }

    @Test func setFaults_withAPlainFault_injectsIt() async throws {
        try await withMockServer { server in
            try server.setFaults([.status(418)])
            let response = try await server.get("/bytes/10")
            #expect(response.status == 418)
        }
    }
}
