import Testing
@testable import MockServer

@Suite struct UnitTextTests {
    @Test func init_splitsNumberAndUnit() throws {
        let quantity = try UnitText("12.50MiB/s", kind: .rate)
        #expect(quantity.whole == "12" && quantity.fraction == "50" && quantity.unit == "MiB/s")
        #expect(quantity.value == 12.5)
    }

    @Test func scaled_refusesProductsBeyondInt64_onEitherPath() throws {
        // 18 digits take the short path, 19 the digit array: both end at the same bound.
        #expect(try UnitText("922337203685477580", kind: .size).scaled(by: 10) == 9_223_372_036_854_775_800)
        #expect(throws: UnitParseError("999999999999999999", .size, .tooLarge)) {
            try UnitText("999999999999999999", kind: .size).scaled(by: 10)
        }
        #expect(try UnitText("9223372036854775807", kind: .size).scaled(by: 1) == Int64.max)
        #expect(throws: UnitParseError("9223372036854775808", .size, .tooLarge)) {
            try UnitText("9223372036854775808", kind: .size).scaled(by: 1)
        }
        #expect(throws: UnitParseError("2", .size, .tooLarge)) {
            try UnitText("2", kind: .size).scaled(by: Int64.max)
        }
    }

    @Test func scaled_isExact_forLongNumbers() throws {
        #expect(try UnitText("123456789.123456789", kind: .duration).scaled(by: 1_000_000_000) == 123_456_789_123_456_789)
        #expect(try UnitText("0000000000000000000000001", kind: .size).scaled(by: 1) == 1)
    }

    @Test func decimal_showsAtMostGivenFractionDigits() {
        #expect(UnitText.decimal(1_536, over: 1_024, maxFractionDigits: 2) == "1.5")
        #expect(UnitText.decimal(1_000, over: 1_000, maxFractionDigits: 2) == "1")
        #expect(UnitText.decimal(1_234, over: 1_000, maxFractionDigits: 2) == nil)
        #expect(UnitText.decimal(1_234, over: 1_000, maxFractionDigits: 3) == "1.234")
    }
}
