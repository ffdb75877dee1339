import Testing
@testable import MockServer

@Suite struct FaultTests {
    static let canonicalSpecs: [(String, Fault)] = [
        ("status:503", .status(503)),
        ("status:200", .status(200)),
        ("reset", .reset),
        ("reset-after:1MB", .resetAfter(bytes: 1_000_000)),
        ("close", .close),
        ("truncate-after:64KiB", .truncateAfter(bytes: 65_536)),
        ("stall-after:0", .stallAfter(bytes: 0)),
        ("malformed", .malformed),
        ("corrupt:16", .corrupt(count: 16)),
        ("slice:64KiB,10ms", .slice(bytes: 65_536, delay: .milliseconds(10))),
    ]

    @Test(arguments: canonicalSpecs)
    func spec_parses_andDescriptionRoundTrips(spec: String, fault: Fault) throws {
        #expect(try Fault(spec: spec) == fault)
        #expect(fault.description == spec)
        #expect(try Fault(spec: fault.description) == fault)
        #expect(spec.hasPrefix(fault.kind))
    }

    @Test(arguments: [
        ("reset-after:1000000", "reset-after:1MB"),
        ("reset-after:1048576", "reset-after:1MiB"),
        ("truncate-after:3GiB", "truncate-after:3GiB"),
        ("truncate-after:2000000000", "truncate-after:2GB"),
        ("stall-after:1500", "stall-after:1500"),
        ("stall-after:1024000", "stall-after:1000KiB"),
        ("slice:1,1000ms", "slice:1,1s"),
        ("slice:1,250us", "slice:1,250us"),
        ("slice:1,1500us", "slice:1,1500us"),
        ("slice:1,5", "slice:1,5ms"),
        ("slice:1,0", "slice:1,0ms"),
    ])
    func description_isCanonical_andParsesToSameValue(spec: String, canonical: String) throws {
        let fault = try Fault(spec: spec)
        #expect(fault.description == canonical)
        #expect(try Fault(spec: canonical) == fault)
    }

    @Test func kind_isTheSpecName() {
        let kinds = FaultTests.canonicalSpecs.map(\.1.kind)
        #expect(kinds == [
            "status", "status", "reset", "reset-after", "close", "truncate-after", "stall-after",
            "malformed", "corrupt", "slice",
        ])
    }

    @Test(arguments: [
        "explode", "", "Reset", "status", "status:", "status:abc", "status:99", "status:101", "status:600",
        "reset:1", "close:now", "malformed:yes", "reset-after", "reset-after:-1", "reset-after:1XB",
        "truncate-after:", "stall-after:lots", "corrupt", "corrupt:0", "corrupt:-3", "corrupt:x",
        "slice", "slice:0,10ms", "slice:64KiB", "slice:64KiB,10ms,1", "slice:64KiB,soon", "slice:1,-5ms",
    ])
    func badSpec_throws_listingTheValidFaults(spec: String) {
        let error = #expect(throws: FaultSpecError.self) { try Fault(spec: spec) }
        #expect(error?.description.hasPrefix("\"\(spec)\" is not a") == true)
        #expect(error?.description.hasSuffix("valid faults: \(FaultSpecError.validFaults)") == true)
    }

    @Test func unknownSpec_message_readsAsDocumented() {
        let error = #expect(throws: FaultSpecError.self) { try Fault(spec: "explode") }
        #expect(error?.description == """
            "explode" is not a fault; valid faults: status:CODE, reset, reset-after:SIZE, close, \
            truncate-after:SIZE, stall-after:SIZE, malformed, corrupt:N, slice:SIZE,DELAY \
            (SIZE like 1MB or 64KiB, DELAY like 10ms)
            """)
    }

    @Test func badValue_message_saysWhatIsWrong() {
        let error = #expect(throws: FaultSpecError.self) { try Fault(spec: "status:101") }
        #expect(error?.description.contains("a 1xx is not a final response") == true)
        let missing = #expect(throws: FaultSpecError.self) { try Fault(spec: "corrupt") }
        #expect(missing?.description.contains("corrupt needs a value, like corrupt:16") == true)
    }

    @Test func validate_rejectsOutOfRangeFaultsBuiltInSwift() throws {
        for fault: Fault in [.status(42), .status(199), .resetAfter(bytes: -1), .corrupt(count: 0),
                             .slice(bytes: 0, delay: .zero), .slice(bytes: 1, delay: .milliseconds(-1))] {
            #expect(throws: FaultSpecError.self) { try fault.validate() }
        }
        for (_, fault) in FaultTests.canonicalSpecs { try fault.validate() }
    }

    @Test func malformedResponse_isNotAValidStatusLine() {
        let bytes = Fault.malformedResponse
        #expect(bytes.starts(with: Array("HTTP/1.1 ".utf8)))
        #expect(!bytes[9..<12].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        #expect(bytes.contains(0))
        #expect(bytes.suffix(4) == Array("\r\n\r\n".utf8)[...])
    }
}
