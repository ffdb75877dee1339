import Testing
@testable import MockServer

@Suite struct DurationParsingTests {
    @Test(arguments: [
        ("200ms", .milliseconds(200)), ("1.5s", .milliseconds(1_500)), ("500us", .microseconds(500)),
        ("20", .milliseconds(20)), ("0", .zero), ("0.001us", .nanoseconds(1)), ("1.5us", .nanoseconds(1_500)),
        ("2.25", .microseconds(2_250)), ("2S", .seconds(2)), ("3MS", .milliseconds(3)), ("4Us", .microseconds(4)),
        ("9223372036.854775807s", .nanoseconds(Int64.max)),
    ] as [(String, Duration)])
    func parsing_readsNumberAndUnit(text: String, duration: Duration) throws {
        #expect(try Duration(parsing: text) == duration)
    }

    @Test(arguments: ["0.0001us", "0.0000001", "1.0000000001s"])
    func parsing_rejectsFraction_finerThanNanosecond(text: String) {
        #expect(throws: UnitParseError(text, .duration, .fractional)) { try Duration(parsing: text) }
    }

    @Test(arguments: ["9223372036854775808us", "10000000000s", "9223372036.854775808s"])
    func parsing_rejectsDuration_beyondInt64Nanoseconds(text: String) {
        #expect(throws: UnitParseError(text, .duration, .tooLarge)) { try Duration(parsing: text) }
    }

    @Test(arguments: ["", "200 ms", "-5ms", "5min", "5m", "1h", "5ns", "ms", "1.5.ms", "1e3ms", "µs", "5µs", "3 "])
    func parsing_rejectsText_outsideTheGrammar(text: String) {
        #expect(throws: UnitParseError(text, .duration, .malformed)) { try Duration(parsing: text) }
    }

    @Test(arguments: [
        (.milliseconds(200), "200ms"), (.milliseconds(1_500), "1.5s"), (.microseconds(250), "250us"), (.zero, "0ms"),
        (.nanoseconds(50), "0.05us"), (.nanoseconds(1_234_567), "1.234567ms"), (.seconds(90), "90s"),
        (.nanoseconds(1), "0.001us"), (.seconds(-2), "-2s"), (.nanoseconds(1_000_000_001), "1.000000001s"),
        // Beyond 2^64 nanoseconds: whole seconds, not a saturated figure.
        (.milliseconds(1_000_000_000_000_000_000), "1000000000000000s"), (.seconds(-1_000_000_000_000), "-1000000000000s"),
    ] as [(Duration, String)])
    func labDescription_showsLargestUnitAtLeastOne(duration: Duration, text: String) {
        #expect(duration.labDescription == text)
    }

    @Test func labDescription_parsesBackToSameDuration() throws {
        var samples: [Duration] = [.zero, .nanoseconds(999), .microseconds(1), .milliseconds(999), .nanoseconds(Int64.max)]
        var value: UInt64 = 7
        for _ in 0..<500 {
            value = value &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            samples.append(.nanoseconds(Int64(value >> (1 + value % 63))))
        }
        for duration in samples {
            #expect(try Duration(parsing: duration.labDescription) == duration, "\(duration.labDescription)")
        }
    }
}
