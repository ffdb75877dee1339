import Testing
@testable import Lab

@Suite struct HTMLReportTests {
    @Test func html_embedsTheTableAndTheChart_andEscapes() {
        let html = HTMLReport(
            title: "t <1>", summary: "s", facts: [("link", "a&b")], headers: ["mode"], rows: [["sequential"]],
            chart: "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", paragraphs: ["why"]
        ).html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>t &lt;1&gt;</title>"))
        #expect(html.contains("<td>sequential</td>"))
        #expect(html.contains("<svg xmlns"))
        #expect(html.contains("a&amp;b"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<pre>"))
    }

    @Test func html_showsPreformattedTextEscaped_afterTheChart() throws {
        let html = HTMLReport(
            title: "t", summary: "s", facts: [], headers: [], rows: [], chart: "<svg></svg>",
            preformatted: "a  ░█ <b>\n   ┴", paragraphs: ["why"]
        ).html
        let pre = try #require(html.range(of: "<pre>a  ░█ &lt;b&gt;\n   ┴</pre>"))
        #expect(html.range(of: "</svg>")!.lowerBound < pre.lowerBound)
        #expect(pre.upperBound < html.range(of: "<p>why</p>")!.lowerBound)
    }
}
