import Testing
@testable import NetworkCore

@Suite struct HTTPStatusTests {
    @Test func knownCodes_haveTheirStandardReason() {
        #expect(HTTPStatus.reason(200) == "OK")
        #expect(HTTPStatus.reason(404) == "Not Found")
        #expect(HTTPStatus.reason(413) == "Content Too Large")
        #expect(HTTPStatus.reason(431) == "Request Header Fields Too Large")
        #expect(HTTPStatus.reason(505) == "HTTP Version Not Supported")
    }

    @Test func unknownCodes_getTheirClassName() {
        #expect(HTTPStatus.reason(199) == "Informational")
        #expect(HTTPStatus.reason(299) == "Success")
        #expect(HTTPStatus.reason(399) == "Redirection")
        #expect(HTTPStatus.reason(499) == "Client Error")
        #expect(HTTPStatus.reason(599) == "Server Error")
        #expect(HTTPStatus.reason(999) == "Status 999")
    }
}
