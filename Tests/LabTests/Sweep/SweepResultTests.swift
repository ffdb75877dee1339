import Foundation
import Testing
import MockServer
@testable import Lab

@Suite struct SweepResultTests {
    private func simulated(_ axes: [String], count: Int? = nil, base: Experiment = .article) throws -> SweepResult {
        var base = base
        base.size = .kibibytes(256)
        if let count { base.count = count }
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

    /// Four downloads at their own 11 MB/s caps never fill the article's 100 MB/s shared link:
    /// four at once take as long as one, whatever the latency. A sweep of latency then finds
    /// nothing to rank, and says so instead of naming noise as the extremes.
    @Test func insights_sayTheSpeedupDoesNotMove_whenTheModelGivesEveryPointTheSame() throws {
        var sweep = try simulated(["latency=0ms,100ms,200ms"], count: 4)
        #expect(sweep.insights.first == "Concurrency helps as much at every point: 4.00×.", "\(sweep.insights)")
        #expect(sweep.insights.last?.hasPrefix("Varying latency does not change what limits these downloads.") == true)

        // Measured speedups that differ by noise: a range, and the model's figure beside it.
        sweep.simulated = false
        for (index, seconds) in [(0, 0.36), (1, 0.76), (2, 1.16)] {
            sweep.points[index].result.runs[0].measurements = [Measurement(seconds: seconds, completed: 4, bytes: 0, failures: [], retries: 0, interrupted: false)]
            sweep.points[index].result.runs[1].measurements = [Measurement(seconds: seconds / [3.97, 3.99, 3.98][index], completed: 4, bytes: 0, failures: [], retries: 0, interrupted: false)]
        }
        #expect(sweep.insights.first == "Concurrency helps as much at every point: 3.97× to 3.99× measured, 4.00× in the model.", "\(sweep.insights)")
    }

    /// A varied count or size is named, not given the base's number: a sweep of count 2 and
    /// 8 ran no point of 10 downloads, as its report, chart and summary used to say.
    @Test func jobs_nameWhatTheSweepVaries() throws {
        let sweep = try simulated(["count=2,8"])
        #expect(sweep.report.facts.first { $0.0 == "jobs" }?.1 == "count × 256KiB")
        #expect(sweep.lineChart.subtitle == "count × 256KiB downloads (model only)")
        #expect(try simulated(["latency=0ms,100ms"]).lineChart.subtitle == "10 × 256KiB downloads (model only)")
        #expect(Experiment.article.jobs(varying: ["size", "count"]) == "count × size")

        var changed = Experiment.article
        changed.size = .megabytes(1)
        #expect(ExperimentOptions.changes(from: .article, to: changed, varying: ["count"]) == ["count × 1MB"])
        #expect(ExperimentOptions.changes(from: .article, to: changed, varying: ["size"]) == [])
        changed.count = 4
        #expect(ExperimentOptions.changes(from: .article, to: changed, varying: []) == ["4 × 1MB"])
    }

    /// Hashing has no link and no waits: its insights speak of cores, never of downloads.
    @Test func insights_ofAHashSweep_speakOfCores_notOfALink() throws {
        let cpuBound = try #require(Experiment.named("cpu-bound"))
        for axes in [["size=1MB,4MB"], ["count=1,4"]] {
            let text = try simulated(axes, base: cpuBound).insights.joined(separator: "\n")
            #expect(text.contains("only threads share the work"), "\(text)")
            #expect(!text.contains("download") && !text.contains("link") && !text.contains("latency"), "\(text)")
        }
    }

    /// Measured with faults, the points' times hold retries the model leaves out: the
    /// insights say so, as `lab run`'s explanation does.
    @Test func insights_sayFaultsAddTimeTheModelDoesNotCount() throws {
        var sweep = try simulated(["latency=0ms,100ms"])
        #expect(!sweep.insights.joined().contains("Faults"))
        sweep.base.faults = [Fault.reset.rate(0.5)]
        #expect(!sweep.insights.joined().contains("Faults"), "the model alone has no retries")
        sweep.simulated = false
        #expect(sweep.insights.last == "Faults were injected (reset rate=0.5): the retries they cause add time the model does not count.", "\(sweep.insights)")
    }

    @Test func chart_drawsPredictionsPerModeAndGroup() throws {
        let sweep = try simulated(["latency=0ms,100ms", "link-bandwidth=10MB/s,100MB/s"])
        let check = try SVGCheck.elements(Data(sweep.lineChart.svg.utf8))
        #expect(check.counts["polyline"] == 4)
        let json = sweep.jsonObject()
        #expect((json["points"] as? [[String: Any]])?.count == 4)
    }

    @Test func reportTable_namesColumnsForPeople_andRoundsToTwoDecimals() throws {
        var sweep = try simulated(["latency=0ms,100ms"])
        // As if measured: the measured seconds sit beside the predicted ones.
        sweep.simulated = false
        sweep.points[0].result.runs[0].measurements = [
            Measurement(seconds: 9.463348, completed: 10, bytes: 0, failures: [], retries: 0, interrupted: false)
        ]
        let table = sweep.reportTable
        #expect(table.groups.map(\.title) == ["", "sequential (seconds)", "concurrent (seconds)", "speedup"])
        #expect(table.groups.map(\.span) == [1, 2, 2, 2])
        #expect(table.headers == ["latency", "measured", "predicted", "measured", "predicted", "measured", "predicted"])
        #expect(table.rows[0][0] == "0ms")
        #expect(table.rows[0][1] == "9.46")
        #expect(table.rows.allSatisfy { $0.dropFirst().allSatisfy { !$0.contains(".") || $0.split(separator: ".")[1].prefix { $0.isNumber }.count == 2 } })
        #expect(!sweep.report.html.contains("predictedSeconds"))
        #expect(sweep.columns.contains("sequential.predictedSeconds"), "the CSV keeps its contract names")
    }

    @Test func reportTable_showsPredictionsAlone_whenSimulated() throws {
        let table = try simulated(["latency=0ms,100ms"]).reportTable
        #expect(table.headers == ["latency", "predicted", "predicted", "predicted"])
        #expect(table.groups.map(\.span) == [1, 1, 1, 1])
    }
}
