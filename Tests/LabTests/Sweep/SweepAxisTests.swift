import Testing
@testable import Lab

@Suite struct SweepAxisTests {
    @Test func axis_readsNameAndValues_andPlacesThem() throws {
        let axis = try SweepAxis(parsing: "link-bandwidth=10MB/s,1GB/s")
        #expect(axis.values == ["10MB/s", "1GB/s"])
        #expect(axis.position("10MB/s") == 10)
        #expect(try SweepAxis(parsing: "latency=250ms").position("250ms") == 250)
        #expect(try SweepAxis(parsing: "bandwidth=none").position("none") == nil)
    }

    @Test(arguments: ["latency", "colour=red", "latency=", "latency=fast", "count=0", "size=1kb"])
    func axis_refusesWhatCannotBeSwept(text: String) {
        #expect(throws: Message.self) { try SweepAxis(parsing: text) }
    }
}
