import Testing
@testable import MockServer

@Suite struct BandwidthTests {
    @Test(arguments: [
        ("250000", 250_000), ("1B/s", 1), ("1KB/s", 1e3), ("1MB/s", 1e6), ("1GB/s", 1e9), ("1KiB/s", 1_024),
        ("1MiB/s", 1_048_576), ("1GiB/s", 1_073_741_824), ("1kbit/s", 125), ("100Mbit/s", 12_500_000),
        ("1Gbit/s", 125_000_000), ("1.5MB/s", 1_500_000), ("0.5B/s", 0.5), ("2.5", 2.5),
    ] as [(String, Double)])
    func parsing_readsNumberAndUnit(text: String, bytesPerSecond: Double) throws {
        #expect(try Bandwidth(parsing: text).bytesPerSecond == bytesPerSecond)
    }

    @Test func parsing_readsBitsAsEighthOfBytes() throws {
        #expect(try Bandwidth(parsing: "8Mbit/s") == Bandwidth(parsing: "1MB/s"))
        #expect(try Bandwidth(parsing: "80kbit/s") == Bandwidth(parsing: "10KB/s"))
        #expect(try Bandwidth(parsing: "8Gbit/s") == Bandwidth(parsing: "1GB/s"))
    }

    @Test func parsing_ignoresCaseOfLetters_exceptByteSymbol() throws {
        #expect(try Bandwidth(parsing: "1mB/S").bytesPerSecond == 1e6)
        #expect(try Bandwidth(parsing: "1MBIT/s").bytesPerSecond == 125_000)
        for text in ["10Mb/s", "10mb/s", "1kib/s", "3b/s"] {
            #expect(throws: UnitParseError(text, .rate, .lowercaseByteSymbol)) { try Bandwidth(parsing: text) }
        }
    }

    @Test(arguments: ["0", "0MB/s", "0.0Gbit/s"])
    func parsing_rejectsZero(text: String) {
        #expect(throws: UnitParseError(text, .rate, .notPositive)) { try Bandwidth(parsing: text) }
    }

    @Test func parsing_rejectsRate_beyondDouble() {
        let text = String(repeating: "9", count: 400) + "GB/s"
        #expect(throws: UnitParseError(text, .rate, .tooLarge)) { try Bandwidth(parsing: text) }
    }

    @Test(arguments: [
        "", "fast", "1MB", "1 MB/s", "-1MB/s", "+1MB/s", "1MBps", "1Mbps", "1e6", "1MB/h", "1TB/s", "1bit/s", "MB/s",
        "1.MB/s", "1/s",
    ])
    func parsing_rejectsText_outsideTheGrammar(text: String) {
        #expect(throws: UnitParseError(text, .rate, .malformed)) { try Bandwidth(parsing: text) }
    }

    @Test(arguments: [
        (1e6, "1MB/s"), (12.5e6, "12.5MB/s"), (1.5 * 1_073_741_824, "1.5GiB/s"), (1_024, "1KiB/s"), (100, "100B/s"),
        (0.5, "0.5B/s"), (1_234.5678, "1234.5678B/s"), (1.1e6, "1.1MB/s"), (2e9, "2GB/s"),
    ] as [(Double, String)])
    func description_showsLargestUnitWithTwoDecimals(bytesPerSecond: Double, text: String) {
        #expect(Bandwidth.bytesPerSecond(bytesPerSecond).description == text)
    }

    @Test func description_parsesBackToSameRate() throws {
        var samples: [Bandwidth] = [
            .megabitsPerSecond(100), .kilobitsPerSecond(56), .gigabitsPerSecond(10), .megabytesPerSecond(1.1),
            .bytesPerSecond(1e-3), .bytesPerSecond(123_456_789.123), .gibibytesPerSecond(3.75),
        ]
        var value: UInt64 = 99
        for _ in 0..<500 {
            value = value &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            samples.append(.bytesPerSecond(Double(value >> 11) * 0x1p-53 * 1e10 + 1e-3))
            samples.append(.megabytesPerSecond(Double(value % 10_000) / 100 + 0.01))
        }
        for rate in samples {
            #expect(try Bandwidth(parsing: rate.description) == rate, "\(rate) from \(rate.bytesPerSecond)")
        }
    }

    @Test func unitConstructors_scaleByTheirUnit() {
        #expect(Bandwidth.bytesPerSecond(3).bytesPerSecond == 3)
        #expect(Bandwidth.kilobytesPerSecond(3).bytesPerSecond == 3e3)
        #expect(Bandwidth.megabytesPerSecond(3).bytesPerSecond == 3e6)
        #expect(Bandwidth.gigabytesPerSecond(3).bytesPerSecond == 3e9)
        #expect(Bandwidth.kibibytesPerSecond(3).bytesPerSecond == 3_072)
        #expect(Bandwidth.mebibytesPerSecond(3).bytesPerSecond == 3 * 1_048_576)
        #expect(Bandwidth.gibibytesPerSecond(3).bytesPerSecond == 3 * 1_073_741_824)
        #expect(Bandwidth.kilobitsPerSecond(8).bytesPerSecond == 1e3)
        #expect(Bandwidth.megabitsPerSecond(8).bytesPerSecond == 1e6)
        #expect(Bandwidth.gigabitsPerSecond(8).bytesPerSecond == 1e9)
    }

    @Test func comparison_ordersByRate() {
        #expect(Bandwidth.megabitsPerSecond(8) < .megabytesPerSecond(1.5))
        #expect(Bandwidth.kibibytesPerSecond(1) > .kilobytesPerSecond(1))
    }
}
