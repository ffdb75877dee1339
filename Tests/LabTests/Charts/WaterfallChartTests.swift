import Foundation
import Testing
@testable import Lab

@Suite struct WaterfallChartTests {
    static let chart = WaterfallChart(title: "Where", subtitle: "s", groups: [
        .init(label: "sequential", responses: [ResponseSpan(start: 2, firstByte: 3, end: 4), ResponseSpan(start: 0, firstByte: 1, end: 2)],
              predictedFinishes: [2, 4], color: SVG.palette[0]),
        .init(label: "concurrent", responses: [ResponseSpan(start: 0, firstByte: 1, end: 2), ResponseSpan(start: 0, firstByte: nil, end: 1.5)],
              predictedFinishes: [2], color: SVG.palette[1]),
    ])

    @Test func svg_drawsAWaitAndAnArrivalPerResponse_inItsModesColour() throws {
        let svg = Self.chart.svg
        let check = try SVGCheck.elements(Data(svg.utf8))
        #expect(check.texts.contains("sequential"))
        #expect(check.texts.contains("concurrent"))
        let titles = svg.matches(of: /<title>([^<]*)<\/title>/).map { String($0.output.1) }
        #expect(titles.filter { $0.contains("waited") }.count == 4)
        // A response cut before its first byte is a wait alone.
        #expect(titles.filter { $0.contains("received") }.count == 3)
        #expect(svg.contains("fill=\"\(SVG.palette[1])\"><title>concurrent #1: received"))
    }

    @Test func rows_runInStartOrder_eachWithItsPredictedFinish() {
        let svg = Self.chart.svg
        let first = svg.range(of: "sequential #1: waited 1.00 s")
        let second = svg.range(of: "sequential #2: waited 1.00 s")
        #expect(first != nil && second != nil)
        // Two marks for sequential, one for concurrent (its second response has no prediction)
        // and one in the legend.
        let marks = svg.matches(of: /<line[^>]*stroke="#222222" stroke-width="2"/).count
        #expect(marks == 4)
    }
}
