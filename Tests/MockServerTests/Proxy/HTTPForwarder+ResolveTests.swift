import Foundation
#if canImport(Glibc)
import Glibc
#endif
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

    /// A port out of range was cut to 16 bits: 70000 forwarded to port 4464.
    @Test(arguments: [0, 70_000])
    func aPortOutOfRange_isRefused_notWrappedAround(port: Int) async throws {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)"))
        await #expect(throws: MockServerError.invalidUpstream(url.absoluteString, reason: "port \(port) is out of range; use 1 to 65535")) {
            try await HTTPForwarder.resolve(MockServer.Upstream(url: url))
        }
    }

    /// getaddrinfo's own reason, not the errno it leaves ("No such file or directory"). `-x`
    /// is refused by the resolver itself, without a query to any name server.
    @Test func aHostThatDoesNotResolve_isRefused_withTheResolversReason() async throws {
        let url = try #require(URL(string: "http://-x:80"))
        let reason = String(cString: gai_strerror(EAI_NONAME))
        await #expect(throws: MockServerError.invalidUpstream(url.absoluteString, reason: "-x does not resolve: getaddrinfo(-x): \(reason)")) {
            try await HTTPForwarder.resolve(MockServer.Upstream(url: url))
        }
    }
}
