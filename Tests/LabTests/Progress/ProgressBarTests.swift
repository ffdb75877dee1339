import Testing
@testable import Lab

@Suite struct ProgressBarTests {
    @Test func line_showsBytesRateAndTimeLeft() {
        let bar = ProgressBar(label: "sequential", total: 100_000_000, width: 10)
        #expect(bar.line(done: 50_000_000, elapsed: 5, unicode: false)
            == "sequential    [#####.....]  50.0 MB/100.0 MB  10.00 MB/s  ETA 5.00 s")
        #expect(bar.line(done: 0, elapsed: 0.1, unicode: false).hasSuffix("waiting"))
        #expect(bar.line(done: 100_000_000, elapsed: 10, unicode: false).hasSuffix("done in 10.00 s"))
    }
}
