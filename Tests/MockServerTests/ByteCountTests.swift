import Testing
@testable import MockServer

@Suite struct ByteCountTests {
    @Test(arguments: [
        ("0", 0), ("4096", 4096), ("4096B", 4096), ("1KB", 1_000), ("1MB", 1_000_000), ("1GB", 1_000_000_000),
        ("1KiB", 1 << 10), ("1MiB", 1 << 20), ("1GiB", 1 << 30), ("10MiB", 10 << 20), ("007KB", 7_000),
        ("9223372036854775807", Int64.max), ("8589934591GiB", 8_589_934_591 << 30),
    ] as [(String, Int64)])
    func parsing_readsCountAndUnit(text: String, bytes: Int64) throws {
        #expect(try ByteCount(parsing: text).bytes == bytes)
    }

    @Test(arguments: [
        ("1.5GB", 1_500_000_000), ("0.5KiB", 512), ("1.25MB", 1_250_000), ("1.0", 1), ("2.00B", 2),
        ("1.000000000000000000000000GB", 1_000_000_000), ("0.000000000931322574615478515625GiB", 1),
    ] as [(String, Int64)])
    func parsing_acceptsFraction_whenResultIsWholeBytes(text: String, bytes: Int64) throws {
        #expect(try ByteCount(parsing: text).bytes == bytes)
    }

    @Test func parsing_ignoresCaseOfLetters_exceptByteSymbol() throws {
        #expect(try ByteCount(parsing: "10kB").bytes == 10_000)
        #expect(try ByteCount(parsing: "10KIB").bytes == 10_240)
        #expect(try ByteCount(parsing: "10gB").bytes == 10_000_000_000)
        for text in ["10mb", "10kib", "5b", "1Gb"] {
            #expect(throws: UnitParseError(text, .size, .lowercaseByteSymbol)) { try ByteCount(parsing: text) }
        }
    }

    @Test(arguments: ["1.5", "1.1KiB", "0.0001KB", "0.3B"])
    func parsing_rejectsFraction_whenResultIsNotWholeBytes(text: String) {
        #expect(throws: UnitParseError(text, .size, .fractional)) { try ByteCount(parsing: text) }
    }

    @Test(arguments: ["9223372036854775808", "8589934592GiB", "99999999999999999999999", "9223372036.854775808GB"])
    func parsing_rejectsCount_beyondInt64(text: String) {
        #expect(throws: UnitParseError(text, .size, .tooLarge)) { try ByteCount(parsing: text) }
    }

    @Test(arguments: [
        "", " 10MB", "10 MB", "10MB ", "-1", "+1", "10XB", "1e6", ".5MB", "5.MB", "1..5MB", "10TB", "MB", "1,000",
        "１０MB", "10M", "10Mi", "10MBs", "10MB/s", "1_000",
    ])
    func parsing_rejectsText_outsideTheGrammar(text: String) {
        #expect(throws: UnitParseError(text, .size, .malformed)) { try ByteCount(parsing: text) }
    }

    @Test(arguments: [
        (0, "0B"), (512, "512B"), (1_000, "1KB"), (1_024, "1KiB"), (1_536, "1.5KiB"), (1_500, "1.5KB"),
        (4_095, "4095B"), (10 << 20, "10MiB"), (1_500_000_000, "1.5GB"), (1_250_000, "1.25MB"),
        (1_234_567, "1234567B"), (3 << 30, "3GiB"), (Int64.max, "9223372036854775807B"),
    ] as [(Int64, String)])
    func description_showsLargestExactUnit(bytes: Int64, text: String) {
        #expect(ByteCount(bytes: bytes).description == text)
    }

    @Test func description_parsesBackToSameCount() throws {
        var samples: [Int64] = [0, 1, 999, 1_000, 1_023, 1_024, 1_000_000, 1 << 20, 1 << 30, 5 << 40, .max]
        var value: UInt64 = 12_345
        for _ in 0..<500 {
            value = value &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            samples.append(Int64(value >> (1 + value % 63)))
            samples.append(Int64(value % 4096) * [1_000, 1 << 10, 1_000_000, 1 << 20][Int(value % 4)] / 4)
        }
        for count in samples {
            let size = ByteCount(bytes: count)
            #expect(try ByteCount(parsing: size.description) == size, "\(size)")
        }
    }

    @Test func unitConstructors_scaleByTheirUnit() {
        #expect(ByteCount.kilobytes(3).bytes == 3_000)
        #expect(ByteCount.megabytes(3).bytes == 3_000_000)
        #expect(ByteCount.gigabytes(3).bytes == 3_000_000_000)
        #expect(ByteCount.kibibytes(3).bytes == 3_072)
        #expect(ByteCount.mebibytes(3).bytes == 3 << 20)
        #expect(ByteCount.gibibytes(3).bytes == 3 << 30)
    }

    /// A count past Int64 in any unit gives the largest (or smallest) count, never a trap.
    @Test func unitConstructors_saturate_pastInt64() {
        #expect(ByteCount.kilobytes(.max).bytes == .max)
        #expect(ByteCount.gibibytes(Int64.max / (1 << 30) + 1).bytes == .max)
        #expect(ByteCount.gibibytes(Int64.max / (1 << 30)).bytes == Int64.max / (1 << 30) * (1 << 30))
        #expect(ByteCount.megabytes(.min).bytes == .min)
        #expect(ByteCount.kibibytes(-3).bytes == -3_072)
    }

    @Test func integerLiteral_andComparison_useByteCount() {
        let small: ByteCount = 999
        #expect(small < .kilobytes(1))
        #expect([ByteCount.mebibytes(1), 5, .kilobytes(2)].sorted() == [5, .kilobytes(2), .mebibytes(1)])
    }
}
