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

    @Test(arguments: ["latency", "colour=red", "latency=", "latency=fast", "count=0", "count=1000001", "size=1kb"])
    func axis_refusesWhatCannotBeSwept(text: String) {
        #expect(throws: Message.self) { try SweepAxis(parsing: text) }
    }

    /// A comma too many is named as such, not as a parameter without values.
    @Test func anEmptyValueBetweenCommas_isNamed() {
        func message(_ text: String) -> String {
            do { _ = try SweepAxis(parsing: text) } catch { return error.description }
            return "accepted"
        }
        #expect(message("latency=1ms,,2ms") == "latency: an empty value in \"1ms,,2ms\" (a comma too many); e.g. latency=0ms,50ms,100ms,200ms")
        #expect(message("latency=") == "latency needs values, e.g. latency=0ms,50ms,100ms,200ms")
    }
}
