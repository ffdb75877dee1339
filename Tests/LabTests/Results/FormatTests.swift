import Testing
@testable import Lab

@Suite struct FormatTests {
    @Test func numbers_readAsPeopleWriteThem() {
        #expect(Format.seconds(11.9612) == "11.96 s")
        #expect(Format.seconds(0.0042) == "0.004 s")
        #expect(Format.rate(11_084_313) == "11.08 MB/s")
        #expect(Format.rate(999) == "999 B/s")
        #expect(Format.bytes(104_857_600) == "104.9 MB")
        #expect(Format.percent(1.26) == "+1.3%")
        #expect(Format.factor(9.2) == "9.20×")
    }
}
