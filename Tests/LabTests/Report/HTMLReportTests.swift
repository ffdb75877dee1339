import Testing
@testable import Lab

@Suite struct HTMLReportTests {
    @Test func html_embedsTheTableAndTheChart_andEscapes() {
        let html = HTMLReport(
            title: "t <1>", summary: "s", facts: [("link", "a&b")], headers: ["mode"], rows: [["sequential"]],
            charts: ["<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>"], paragraphs: ["why"]
        ).html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>t &lt;1&gt;</title>"))
        #expect(html.contains("<td>sequential</td>"))
        #expect(html.contains("<svg xmlns"))
        #expect(html.contains("a&amp;b"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<pre>"))
    }

    @Test func html_showsEachChartInItsOwnFigure_inOrder_beforeTheExplanation() throws {
        let html = HTMLReport(
            title: "t", summary: "s", facts: [], headers: [], rows: [],
            charts: ["<?xml version=\"1.0\" encoding=\"UTF-8\"?><svg id=\"a\"></svg>", "<svg id=\"b\"></svg>"], paragraphs: ["why"]
        ).html
        let first = try #require(html.range(of: "<figure>\n<svg id=\"a\"></svg></figure>"))
        let second = try #require(html.range(of: "<figure>\n<svg id=\"b\"></svg></figure>"))
        #expect(first.upperBound < second.lowerBound)
        #expect(second.upperBound < html.range(of: "<p>why</p>")!.lowerBound)
        #expect(!html.contains("<?xml"))
    }

    @Test func headerGroups_spanTheirColumns_aboveTheHeaders() {
        let html = HTMLReport(
            title: "t", summary: "s", facts: [], headerGroups: [("", 1), ("sequential (seconds)", 2)],
            headers: ["latency", "measured", "predicted"], rows: [["0ms", "1.00", "1.00"]], textColumns: 1,
            charts: [], paragraphs: []
        ).html
        #expect(html.contains("<tr class=\"groups\"><th colspan=\"1\"></th><th colspan=\"2\" class=\"group\">sequential (seconds)</th></tr><tr><th>latency</th>"))
        #expect(html.contains("th:nth-child(-n+1), td:nth-child(-n+1) { text-align: left; }"))
    }
}
