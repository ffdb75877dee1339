import Testing
@testable import NetworkCore

@Suite struct HTTPParseErrorTests {
    @Test func eachError_mapsToTheStatusAServerAnswers() {
        let expected: [(HTTPParseError, Int)] = [
            (.malformedStartLine, 400), (.malformedHeader, 400), (.requestLineTooLong, 414),
            (.headersTooLarge, 431), (.tooManyHeaders, 431), (.unsupportedVersion, 505),
            (.invalidContentLength, 400), (.conflictingFraming, 400),
            (.unsupportedTransferEncoding, 501), (.invalidHost, 400), (.malformedChunk, 400),
        ]
        for (error, status) in expected {
            #expect(error.status == status, "\(error)")
            #expect(!error.description.isEmpty && !error.description.contains("\n"))
        }
    }
}
