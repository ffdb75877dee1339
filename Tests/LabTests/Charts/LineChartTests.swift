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
        // A dot per measured point, a ring per predicted point, and one of each in the legend.
        #expect(check.counts["circle"] == 6)
        #expect(check.texts.contains("100ms"))
    }

    @Test func predictedPoints_areRingedAndDrawnFirst_soAMeasuredLineCannotHideThem() {
        let chart = LineChart(
            title: "t", subtitle: "s", xLabel: "x", xTicks: [(0, "0"), (1, "1")],
            series: [
                .init(name: "m", points: [(0, 1), (1, 2)], color: "#123456", dashed: false),
                .init(name: "m (model)", points: [(0, 1), (1, 2)], color: "#123456", dashed: true),
            ])
        let svg = chart.svg
        let rings = svg.matches(of: /<circle[^>]*fill="none" stroke="#123456"/).count
        #expect(rings == 3, "two points and the legend")
        let dashed = svg.range(of: "stroke-dasharray=\"6 4\"")!.lowerBound
        let solidDot = svg.range(of: "fill=\"#123456\">")!.lowerBound
        #expect(dashed < solidDot, "the model's line is under the measured one, not over it")
    }
}
