import Testing
@testable import Lab

@Suite struct TimelineChartTests {
    static func chart(_ rows: [(String, [ResponseSpan])]) -> [String] {
        TimelineChart(title: "Time", rows: rows.map { .init(label: $0.0, responses: $0.1) }, width: 16)
            .text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func waitsAndArrivals_fillTheirSlices_sequentialBesideConcurrent() {
        let lines = Self.chart([
            ("sequential", [ResponseSpan(start: 0, firstByte: 1, end: 2), ResponseSpan(start: 2, firstByte: 3, end: 4)]),
            ("concurrent", [ResponseSpan(start: 0, firstByte: 1, end: 2), ResponseSpan(start: 0, firstByte: 1, end: 2)]),
        ])
        #expect(lines == [
            "Time (░ awaiting a first byte, █ bytes arriving):",
            "sequential  ░░░░████░░░░████",
            "concurrent  ░░░░████",
            "            ┴───┴───┴───┴───┴",
            "            0   1   2   3  4 s",
        ])
    }

    @Test func arrivingOnOneConnection_outweighsWaitingOnAnother() {
        let lines = Self.chart([("x", [ResponseSpan(start: 0, firstByte: 0.5, end: 4), ResponseSpan(start: 0, firstByte: 3, end: 3.5)])])
        #expect(lines[1] == "x  ░░██████████████")
    }

    @Test func idleTime_isBlank_andAResponseWithoutAFirstByteIsAWait() {
        let lines = Self.chart([("x", [ResponseSpan(start: 0, firstByte: 1, end: 2), ResponseSpan(start: 3, firstByte: nil, end: 4)])])
        #expect(lines[1] == "x  ░░░░████    ░░░░")
    }
}
