import Foundation
import Testing
@testable import Lab

@Suite struct SweepResultTests {
    private func simulated(_ axes: [String]) throws -> SweepResult {
        var base = Experiment.article
        base.size = .kibibytes(256)
        let parsed = try axes.map { try SweepAxis(parsing: $0) }
        let grid = try SweepGrid(base: base, axes: parsed)
        return SweepResult(
            base: base, axes: parsed,
            points: grid.points.map { ($0, ExperimentRunner.simulate($0.experiment)) },
            simulated: true, interrupted: false, started: Date())
    }

    @Test func csv_hasOneRowPerPoint_andInsightsNameTheExtremes() throws {
        let sweep = try simulated(["latency=0ms,100ms,400ms"])
        #expect(sweep.csv.rows.count == 3)
        #expect(sweep.columns.first == "latency")
        #expect(sweep.insights.first?.contains("helps most at latency=400ms") == true)
        #expect(sweep.table.rows.count == 3)
    }

    @Test func chart_drawsPredictionsPerModeAndGroup() throws {
        let sweep = try simulated(["latency=0ms,100ms", "link-bandwidth=10MB/s,100MB/s"])
        let check = try SVGCheck.elements(Data(sweep.lineChart.svg.utf8))
        #expect(check.counts["polyline"] == 4)
        let json = sweep.jsonObject()
        #expect((json["points"] as? [[String: Any]])?.count == 4)
    }
}
