import Testing
@testable import Lab

@Suite struct ResultsTableTests {
    @Test func rows_showMeasuredPredictedAndError() {
        let table = ResultsTable(result: ResultFixtures.article(sequential: 12.0, concurrent: 1.3))
        #expect(table.rows[0] == ["sequential", "blocking", "10", "12.00 s", "11.96 s", "+0.3%", "8.74 MB/s"])
        #expect(table.speedupLine == "Speedup: 9.23× (concurrent vs sequential; the model predicts 9.20×)")
        #expect(!table.text.contains("\u{1B}["))
    }

    @Test func simulated_showsOnlyThePrediction() {
        let table = ResultsTable(result: ResultFixtures.article(simulated: true))
        #expect(table.rows[1][3] == "-")
        #expect(table.speedupLine == "Speedup: 9.20× (concurrent vs sequential, predicted)")
    }

    /// A mode whose every job failed took the time of its retries: no speedup is claimed
    /// from it (a run where every download was reset said "Speedup: 3.17×").
    @Test func aModeThatCompletedNoJob_getsNoMeasuredSpeedup() {
        var result = ResultFixtures.article(sequential: 1.78, concurrent: 0.56)
        result.runs[0].measurements = [Measurement(seconds: 1.78, completed: 0, bytes: 0, failures: ["reset"], retries: 9, interrupted: false)]
        #expect(ResultsTable(result: result).speedupLine == "Speedup: not measured (concurrent vs sequential; the model predicts 9.20×)")
        #expect(result.speedup == nil)
        #expect(result.runs[0].errorPercent == nil)
    }

    @Test func headers_countDownloads_orHashedPayloads() {
        #expect(ResultsTable(result: ResultFixtures.article()).headers[2] == "downloads")
        let hashing = ResultsTable(result: ExperimentRunner.simulate(.cpuBound))
        #expect(hashing.headers == ["mode", "client", "payloads", "measured", "predicted", "error", "throughput"])
        #expect(hashing.text.hasPrefix("mode        client            payloads"), "\(hashing.text)")
    }

    @Test func color_marksTheHeader() {
        #expect(ResultsTable(result: ResultFixtures.article(), color: true).text.contains("\u{1B}[1m"))
    }
}
