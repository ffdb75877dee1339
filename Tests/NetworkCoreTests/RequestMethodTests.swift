import Testing
@testable import NetworkCore

@Suite struct RequestMethodTests {
    @Test func literalsAndNamedMethods_compareByExactText() {
        let literal: RequestMethod = "GET"
        #expect(literal == .get)
        #expect(RequestMethod(rawValue: "get") != .get)
        #expect(RequestMethod.patch.description == "PATCH")
        #expect([RequestMethod.get, .head, .post, .put, .delete, .options, .patch, .connect].map(\.rawValue)
            == ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT"])
    }
}
