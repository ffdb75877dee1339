import Testing
@testable import MockServer

@Suite struct FaultRuleTests {
    private func firings(_ rule: FaultRule, seed: UInt64 = 42, url: String = "/bytes/1MB", count: Int = 10_000) -> [Bool] {
        (0..<count).map { rule.fires(seed: seed, method: "GET", url: url, ordinal: $0) }
    }

    @Test func builders_compose_fromFaultAndRule() {
        #expect(Fault.reset.rate(0.3).first(2) == FaultRule(.reset, rate: 0.3, first: 2))
        #expect(Fault.reset.first(2).rate(0.3) == FaultRule(.reset, rate: 0.3, first: 2))
        #expect(Fault.status(503).retryAfter(5) == FaultRule(.status(503), retryAfter: 5))
        #expect(FaultRule(.close) == FaultRule(.close, rate: 1, first: nil, retryAfter: nil))
    }

    @Test func rate_firesOnThatShareOfRequests() {
        let share = Double(firings(Fault.reset.rate(0.3)).filter { $0 }.count) / 10_000
        #expect(abs(share - 0.3) <= 0.02)
    }

    @Test func rateZero_neverFires_andRateOne_alwaysFires() {
        #expect(!firings(Fault.reset.rate(0)).contains(true))
        #expect(!firings(FaultRule(.reset)).contains(false))
    }

    @Test func sameSeed_givesSameSequence_otherSeedOrURL_aDifferentOne() {
        let rule = Fault.reset.rate(0.5)
        #expect(firings(rule, seed: 7) == firings(rule, seed: 7))
        #expect(firings(rule, seed: 7) != firings(rule, seed: 8))
        #expect(firings(rule, seed: 7, url: "/a") != firings(rule, seed: 7, url: "/b"))
        let get = (0..<1000).map { rule.fires(seed: 7, method: "GET", url: "/a", ordinal: $0) }
        let head = (0..<1000).map { rule.fires(seed: 7, method: "HEAD", url: "/a", ordinal: $0) }
        #expect(get != head)
    }

    @Test func first_firesOnTheFirstOrdinalsOnly() {
        #expect(firings(Fault.reset.first(2), count: 100) == [true, true] + Array(repeating: false, count: 98))
        #expect(!firings(Fault.reset.first(0), count: 100).contains(true))
    }

    @Test func firstAndRate_fireOnlyWithinFirst_asTheRateDraws() {
        let limited = firings(Fault.reset.rate(0.5).first(100), count: 200)
        let unlimited = firings(Fault.reset.rate(0.5), count: 100)
        #expect(Array(limited.prefix(100)) == unlimited)
        #expect(!limited.suffix(100).contains(true))
    }

    @Test func validate_rejectsBadParameters_namingThem() throws {
        let cases: [(FaultRule, String)] = [
            (Fault.reset.rate(1.5), "fault-rate="),
            (Fault.reset.rate(-0.1), "fault-rate="),
            (Fault.reset.rate(.nan), "fault-rate="),
            (Fault.reset.first(-1), "fault-first="),
            (Fault.reset.retryAfter(5), "retry-after="),
            (Fault.status(503).retryAfter(-1), "retry-after="),
            (Fault.status(42).rate(0.5), "\"status:42\""),
        ]
        for (rule, prefix) in cases {
            let error = #expect(throws: FaultSpecError.self) { try rule.validate() }
            #expect(error?.description.hasPrefix(prefix) == true, "\(rule)")
        }
        try Fault.status(503).retryAfter(0).first(3).rate(0).validate()
    }
}
