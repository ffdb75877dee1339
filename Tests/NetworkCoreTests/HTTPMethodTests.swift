import Testing
@testable import NetworkCore

@Suite struct HTTPMethodTests {
    @Test func literalsAndNamedMethods_compareByExactText() {
        let literal: HTTPMethod = "GET"
        #expect(literal == .get)
        #expect(HTTPMethod(rawValue: "get") != .get)
        #expect(HTTPMethod.patch.description == "PATCH")
        #expect([HTTPMethod.get, .head, .post, .put, .delete, .options, .patch, .connect].map(\.rawValue)
            == ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT"])
    }
}
