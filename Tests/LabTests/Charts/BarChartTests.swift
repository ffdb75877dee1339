import Foundation
import Testing
@testable import Lab

@Suite struct BarChartTests {
    @Test func svg_isWellFormed_withABarAndAMarkPerMode() throws {
        let svg = ResultFixtures.article().barChart.svg
        let check = try SVGCheck.elements(Data(svg.utf8))
        #expect(check.counts["svg"] == 1)
        #expect(check.texts.contains("12.00 s"))
        #expect(check.texts.contains("1.31 s"))
        #expect(check.texts.contains("predicted by the link model"))
        // Background, legend swatch and one bar per mode.
        #expect(check.counts["rect"] == 4)
    }

    @Test func svg_escapesText() throws {
        let chart = BarChart(title: "a < b & \"c\"", subtitle: "", bars: [.init(label: "x", detail: "y", measured: 1, predicted: 1)])
        _ = try SVGCheck.elements(Data(chart.svg.utf8))
    }
}
