import Foundation
import Testing
@testable import Lab

@Suite struct LineChartTests {
    @Test func svg_drawsALinePerSeries() throws {
        let chart = LineChart(
            title: "t", subtitle: "s", xLabel: "latency (ms)", xTicks: [(0, "0ms"), (100, "100ms")],
            series: [
                .init(name: "sequential", points: [(0, 1), (100, 2)], color: "#000", dashed: false),
                .init(name: "sequential (model)", points: [(0, 1), (100, 2)], color: "#000", dashed: true),
            ])
        let check = try SVGCheck.elements(Data(chart.svg.utf8))
        #expect(check.counts["polyline"] == 2)
        #expect(check.counts["circle"] == 2)
        #expect(check.texts.contains("100ms"))
    }
}
