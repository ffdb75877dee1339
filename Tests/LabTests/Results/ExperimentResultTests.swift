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

    @Test func timeline_showsEachModesRunNearestTheMedian_andNothingWithoutResponses() throws {
        var result = ResultFixtures.article()
        #expect(result.timeline == nil, "no journal, no timeline")
        func measurement(_ seconds: Double) -> Measurement {
            var measurement = Measurement(seconds: seconds, completed: 10, bytes: 0, failures: [], retries: 0, interrupted: false)
            measurement.responses = [ResponseSpan(start: 0, firstByte: 0.25, end: seconds)]
            return measurement
        }
        result.runs[0].measurements = [measurement(11), measurement(12), measurement(15)]
        result.runs[1].measurements = [measurement(1.3)]
        let timeline = try #require(result.timeline)
        #expect(timeline.rows.map(\.label) == ["sequential", "concurrent"])
        #expect(timeline.rows.map { $0.responses.map(\.end) } == [[12], [1.3]])
        result.simulated = true
        #expect(result.timeline == nil)
    }

    @Test func waterfall_drawsTheTimelinesRuns_withTheModelsFinishes_inTheBarsColours() throws {
        var result = ResultFixtures.article()
        #expect(result.waterfall == nil, "no journal, no waterfall")
        var measurement = Measurement(seconds: 1.3, completed: 10, bytes: 0, failures: [], retries: 0, interrupted: false)
        measurement.responses = (0..<10).map { _ in ResponseSpan(start: 0, firstByte: 0.25, end: 1.3) }
        result.runs[1].measurements = [measurement]
        let waterfall = try #require(result.waterfall)
        #expect(waterfall.groups.map(\.label) == ["concurrent"])
        #expect(waterfall.groups[0].color == SVG.palette[1], "concurrent is the second bar")
        let finishes = waterfall.groups[0].predictedFinishes
        #expect(finishes.count == 10)
        #expect(abs(finishes.max()! - result.runs[1].predictedSeconds) < 1e-9)
        #expect(result.report.html.contains("Where the time went"))
    }
}
