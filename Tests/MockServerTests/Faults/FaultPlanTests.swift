import Foundation
import Testing
@testable import MockServer

@Suite struct FaultPlanTests {
    // MARK: decide

    @Test func decide_givesTheFirstRuleThatFires() {
        let plan: FaultPlan = [Fault.status(503).first(1), FaultRule(.reset)]
        #expect(plan.decide(seed: 1, method: "GET", url: "/a", ordinal: 0) == Fault.status(503).first(1))
        #expect(plan.decide(seed: 1, method: "GET", url: "/a", ordinal: 1) == FaultRule(.reset))
        #expect(FaultPlan.none.decide(seed: 1, method: "GET", url: "/a", ordinal: 0) == nil)
    }

    @Test func decide_withOneRule_agreesWithTheRule() {
        let rule = Fault.reset.rate(0.4)
        let plan: FaultPlan = [rule]
        for ordinal in 0..<1_000 {
            let fired = rule.fires(seed: 5, method: "GET", url: "/a", ordinal: ordinal)
            #expect((plan.decide(seed: 5, method: "GET", url: "/a", ordinal: ordinal) != nil) == fired)
        }
    }

    @Test func decide_drawsEachRuleIndependently() {
        // Had both rules shared one draw, the second could never fire where the first did not.
        let plan: FaultPlan = [Fault.reset.rate(0.5), Fault.close.rate(0.5)]
        let kinds = (0..<10_000).map { plan.decide(seed: 3, method: "GET", url: "/a", ordinal: $0)?.fault.kind ?? "none" }
        for (kind, share) in [("reset", 0.5), ("close", 0.25), ("none", 0.25)] {
            #expect(abs(Double(kinds.filter { $0 == kind }.count) / 10_000 - share) <= 0.02, "\(kind)")
        }
    }

    @Test func decisionsForOneURL_ignoreHowManyRequestsOtherURLsHad() {
        let plan: FaultPlan = [Fault.reset.rate(0.5)]
        func decisionsForA(interleavedWith otherRequests: Int) -> [Bool] {
            let ordinals = RequestOrdinals()
            return (0..<200).map { _ in
                for _ in 0..<otherRequests { _ = ordinals.next(method: "GET", url: "/b") }
                let ordinal = ordinals.next(method: "GET", url: "/a")
                return plan.decide(seed: 11, method: "GET", url: "/a", ordinal: ordinal) != nil
            }
        }
        #expect(decisionsForA(interleavedWith: 0) == decisionsForA(interleavedWith: 3))
    }

    // MARK: query and CLI

    @Test func query_givesOneRule_ignoringOtherParameters() throws {
        let plan = try FaultPlan(query: [
            ("latency", "50ms"), ("fault", "reset-after:1MB"), ("fault-rate", "0.3"), ("fault-first", "2"),
        ])
        #expect(plan == [Fault.resetAfter(bytes: 1_000_000).rate(0.3).first(2)])
        let status = try FaultPlan(query: [("retry-after", "5"), ("fault", "status:503")])
        #expect(status == [Fault.status(503).retryAfter(5)])
    }

    @Test func query_withoutFault_givesNoPlan() throws {
        #expect(try FaultPlan(query: []) == .none)
        #expect(try FaultPlan(query: [("size", "1MB")]) == .none)
    }

    @Test(arguments: [
        ([("fault", "reset"), ("fault-rate", "1.5")], "fault-rate=1.5: "),
        // The value as written, not as parsed ("2.0").
        ([("fault", "reset"), ("fault-rate", "2")], "fault-rate=2: "),
        ([("fault", "reset"), ("fault-rate", "lots")], "fault-rate=lots: "),
        ([("fault", "reset"), ("fault-rate", "nan")], "fault-rate=nan: "),
        ([("fault", "reset"), ("fault-first", "-1")], "fault-first=-1: "),
        ([("fault", "reset"), ("fault-first", "two")], "fault-first=two: "),
        ([("fault", "reset"), ("retry-after", "5")], "retry-after=5: "),
        ([("fault", "status:503"), ("retry-after", "soon")], "retry-after=soon: "),
        ([("fault-rate", "0.3")], "fault-rate=0.3: needs a fault"),
        ([("fault-first", "1")], "fault-first=1: needs a fault"),
        ([("fault", "reset"), ("fault", "close")], "fault=close: given twice"),
        ([("fault", "explode")], "\"explode\" is not a fault"),
        ([("fault", "")], "\"\" is not a fault"),
    ] as [([(String, String)], String)])
    func badQuery_throws_namingTheParameter(query: [(String, String)], message: String) {
        let error = #expect(throws: FaultSpecError.self) { try FaultPlan(query: query) }
        #expect(error?.description.hasPrefix(message) == true, "\(error.map(String.init(describing:)) ?? "")")
    }

    @Test func cliFlags_giveTheSamePlanAsTheQuery() throws {
        #expect(try FaultPlan(fault: "slice:64KiB,10ms", faultRate: "0.5", faultFirst: "3")
            == [Fault.slice(bytes: 65_536, delay: .milliseconds(10)).rate(0.5).first(3)])
        #expect(try FaultPlan(fault: nil) == .none)
        let error = #expect(throws: FaultSpecError.self) { try FaultPlan(fault: nil, faultRate: "0.3") }
        #expect(error == .invalidParameter(name: "fault-rate", value: "0.3", reason: "needs a fault=SPEC to apply to"))
    }

    // MARK: JSON

    private func throughJSON(_ object: Any) throws -> Any {
        try JSONSerialization.jsonObject(with: JSONSerialization.data(withJSONObject: object))
    }

    private func parse(_ json: String) throws -> FaultPlan {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        return try FaultPlan(jsonObject: object)
    }

    @Test func jsonObject_listsRules_omittingDefaults() throws {
        let plan: FaultPlan = [
            Fault.resetAfter(bytes: 1_000_000).rate(0.3).first(2),
            Fault.status(503).retryAfter(5),
        ]
        let data = try JSONSerialization.data(withJSONObject: plan.jsonObject(), options: [.sortedKeys])
        #expect(String(decoding: data, as: UTF8.self) == """
            {"faults":[{"fault":"reset-after:1MB","fault-first":2,"fault-rate":0.3},\
            {"fault":"status:503","retry-after":5}]}
            """)
    }

    @Test func jsonObject_roundTripsThroughJSONSerialization() throws {
        let plan: FaultPlan = [
            Fault.slice(bytes: 1_024, delay: .microseconds(250)).rate(0.3),
            Fault.corrupt(count: 3).first(0),
            FaultRule(.malformed),
        ]
        #expect(try FaultPlan(jsonObject: throughJSON(plan.jsonObject())) == plan)
        // In memory the rate survives to the last bit (Linux JSONSerialization's parser may not).
        let exact: FaultPlan = [Fault.reset.rate(0.1 + 0.2)]
        #expect(try FaultPlan(jsonObject: exact.jsonObject()) == exact)
        #expect(try FaultPlan(jsonObject: FaultPlan.none.jsonObject()) == .none)
    }

    @Test func json_acceptsARuleObject_aBareArray_andStringNumbers() throws {
        #expect(try parse(#"{"fault": "reset", "fault-rate": 0.25}"#) == [Fault.reset.rate(0.25)])
        #expect(try parse(#"[{"fault": "close"}, {"fault": "status:429", "retry-after": 1}]"#)
            == [FaultRule(.close), Fault.status(429).retryAfter(1)])
        #expect(try parse(#"{"fault": "reset", "fault-rate": "0.5", "fault-first": "2"}"#) == [Fault.reset.rate(0.5).first(2)])
        #expect(try parse(#"{"faults": []}"#) == .none)
        #expect(try parse("[]") == .none)
        #expect(try FaultPlan(jsonObject: ["fault": "reset", "fault-first": 1] as [String: Any]) == [Fault.reset.first(1)])
    }

    @Test(arguments: [
        (#"{"fault": "reset", "rate": 0.3}"#, #"fault rules: unknown key "rate" in a rule; valid keys: fault, fault-rate, fault-first, retry-after"#),
        (#"{"faults": [], "extra": 1}"#, #"fault rules: unknown key "extra" beside "faults""#),
        (#"{"faults": "reset"}"#, "fault rules: expected {\"faults\""),
        (#""reset""#, "fault rules: expected {\"faults\""),
        (#"["reset"]"#, "fault rules: a rule must be an object"),
        (#"{}"#, "fault rules: a rule needs \"fault\""),
        (#"{"fault-rate": 0.5}"#, "fault rules: a rule needs \"fault\""),
        (#"{"fault": "reset", "fault-rate": true}"#, "fault-rate="),
        (#"{"fault": "reset", "fault-rate": 2}"#, "fault-rate=2"),
        (#"{"fault": "reset", "fault-first": 1.5}"#, "fault-first=1.5"),
        (#"{"fault": "reset", "retry-after": 3}"#, "retry-after=3"),
        (#"{"fault": null}"#, "fault="),
        (#"{"faults": [{"fault": "explode"}]}"#, "\"explode\" is not a fault"),
    ])
    func badJSON_throws_sayingWhatIsWrong(json: String, message: String) {
        let error = #expect(throws: FaultSpecError.self) { try parse(json) }
        #expect(error?.description.hasPrefix(message) == true, "\(error.map(String.init(describing:)) ?? "")")
    }
}
