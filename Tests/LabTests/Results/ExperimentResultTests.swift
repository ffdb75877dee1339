import Testing
@testable import Lab

@Suite struct ExperimentResultTests {
    @Test func speedup_isTheBaselineOverTheFastest() throws {
        let result = ResultFixtures.article(sequential: 12, concurrent: 1.5)
        #expect(result.speedup == 8)
        #expect(result.best?.mode == .concurrent)
        #expect(!result.failed)
    }

    @Test func jsonObject_holdsTheContractKeys() throws {
        let json = ResultFixtures.article().jsonObject()
        for key in ["experiment", "seed", "link", "runs", "speedup", "baseline", "explanation", "interrupted", "simulated"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        let run = try #require((json["runs"] as? [[String: Any]])?.first)
        for key in ["mode", "client", "downloads", "bytes", "seconds", "predictedSeconds", "errors"] {
            #expect(run[key] != nil, "missing runs[].\(key)")
        }
        #expect((json["link"] as? [String: Any])?["link-bandwidth"] as? String == "99864381B/s")
    }

    @Test func csv_hasOneRowPerMode() {
        let csv = ResultFixtures.article().csv
        #expect(csv.rows.count == 2)
        #expect(csv.rows[0][1] == "sequential")
    }
}
