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
        // Background, one bar per mode, and a legend swatch of each bar's colour.
        #expect(check.counts["rect"] == 5)
    }

    @Test func legendSwatch_usesTheBarsColours_notAGreyOfItsOwn() {
        let svg = ResultFixtures.article().barChart.svg
        let fills = svg.matches(of: /<rect[^>]*fill="(#[0-9a-f]+)"/).map { String($0.output.1) }
        // Background, then the two bars, then the swatch's stripes in the same colours.
        #expect(fills == ["#ffffff", SVG.palette[0], SVG.palette[1], SVG.palette[0], SVG.palette[1]])
    }

    @Test func svg_escapesText() throws {
        let chart = BarChart(title: "a < b & \"c\"", subtitle: "", bars: [.init(label: "x", detail: "y", measured: 1, predicted: 1)])
        _ = try SVGCheck.elements(Data(chart.svg.utf8))
    }
}
