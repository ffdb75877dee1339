import Testing
@testable import MockServer

@Suite struct UnitParseErrorTests {
    @Test func description_namesTextAndAcceptedForms() {
        #expect(throws: UnitParseError("10XB", .size, .malformed)) { try ByteCount(parsing: "10XB") }
        #expect(UnitParseError("10XB", .size, .malformed).description == """
            "10XB" is not a size: use a byte count or a number with KB, MB, GB, KiB, MiB or GiB (e.g. 4096, 10MB, 1.5GiB)
            """)
    }

    @Test func message_startsWithParameterName() {
        let error = UnitParseError("fast", .rate, .malformed)
        #expect(error.message(parameter: "bandwidth") == """
            bandwidth: "fast" is not a rate: use a number of bytes per second or a number with B/s, KB/s, MB/s, \
            GB/s, KiB/s, MiB/s, GiB/s, kbit/s, Mbit/s or Gbit/s (e.g. 1MB/s, 100Mbit/s, 512KiB/s)
            """)
    }

    @Test func description_saysWhy_whenTextHasTheRightShape() {
        #expect(UnitParseError("1.1KiB", .size, .fractional).description.hasPrefix(
            "\"1.1KiB\" is not a size (not a whole number of bytes): use a byte count"))
        #expect(UnitParseError("10mb", .size, .lowercaseByteSymbol).description.hasPrefix(
            "\"10mb\" is not a size (write B for bytes, or bit for bits as in Mbit/s): use"))
        #expect(UnitParseError("0MB/s", .rate, .notPositive).description.hasPrefix(
            "\"0MB/s\" is not a rate (it must be more than zero): use"))
        #expect(UnitParseError("0.1ns", .duration, .fractional).description.contains("(finer than a nanosecond)"))
        #expect(UnitParseError("1e30", .duration, .tooLarge).description.contains(
            "(longer than 9223372036854775807 nanoseconds)"))
        #expect(UnitParseError("5min", .duration, .malformed).description.hasSuffix(
            "use a number of milliseconds or a number with us, ms or s (e.g. 200, 1.5s, 500us)"))
    }
}
