import Foundation
@testable import MockServer
import Testing

@Suite struct HTTPForwarderResolveTests {
    @Test func aNegativeBodyCap_isRefused_sayingWhatToGive() async throws {
        var upstream = MockServer.Upstream(url: try #require(URL(string: "http://127.0.0.1:9")))
        upstream.maxRequestBody = -1
        await #expect(throws: MockServerError.invalidConfiguration(
            field: "upstream.maxRequestBody", value: "-1", reason: "must be 0 (no bodies) or more, or nil for any size"
        )) {
            try await HTTPForwarder.resolve(upstream)
        }
    }

    @Test func aZeroBodyCap_isAccepted() async throws {
        var upstream = MockServer.Upstream(url: try #require(URL(string: "http://127.0.0.1:9")))
        upstream.maxRequestBody = 0
        #expect(try await HTTPForwarder.resolve(upstream).route.streamedBodyLimit == 0)
    }
}
