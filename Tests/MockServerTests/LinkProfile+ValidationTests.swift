import Foundation
import MockServer
import Testing

@Suite struct LinkProfileValidationTests {
    @Test(arguments: [
        (LinkProfile(latency: .seconds(-1)), "latency"),
        (LinkProfile(latency: .seconds(86_401)), "latency"),
        (LinkProfile(connectLatency: .nanoseconds(-1)), "connect-latency"),
        (LinkProfile(jitter: .uniform(.seconds(-1))), "jitter"),
        (LinkProfile(jitter: .normal(sigma: .seconds(100_000))), "jitter"),
        (LinkProfile(bandwidth: .bytesPerSecond(0.999)), "bandwidth"),
        (LinkProfile(bandwidth: .bytesPerSecond(0)), "bandwidth"),
        (LinkProfile(bandwidth: .bytesPerSecond(-5)), "bandwidth"),
        (LinkProfile(linkBandwidth: .bytesPerSecond(.nan)), "link-bandwidth"),
        (LinkProfile(uploadBandwidth: .bytesPerSecond(.infinity)), "upload-bandwidth"),
        (LinkProfile(uploadLinkBandwidth: .bytesPerSecond(1e-300)), "upload-link-bandwidth"),
        (LinkProfile(linkBandwidth: .bytesPerSecond(1.0000001e15)), "link-bandwidth"),
    ])
    func valueOutOfBounds_isRefused_namingTheParameterAndTheBound(link: LinkProfile, parameter: String) {
        #expect {
            try link.validate()
        } throws: { error in
            guard case .outOfRange(let name, _, let bound) = error as? LinkParameterError else { return false }
            return name == parameter && (bound.contains("1B/s") || bound.contains("24h"))
        }
    }

    @Test func theBoundsThemselves_areAccepted() throws {
        try LinkProfile(
            latency: LinkProfile.maximumDelay, connectLatency: .zero, jitter: .normal(sigma: LinkProfile.maximumDelay),
            bandwidth: LinkProfile.minimumRate, linkBandwidth: LinkProfile.maximumRate
        ).validate()
    }

    @Test(arguments: [
        (#"{"bandwidth": 1e-300}"#, "bandwidth"), (#"{"latency": 1e308}"#, "latency"),
        (#"{"jitter": 86401}"#, "jitter"), (#"{"link-bandwidth": "0.5B/s"}"#, "link-bandwidth"),
    ])
    func json_outOfBounds_isRefused_withTheSameError(json: String, parameter: String) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect {
            _ = try LinkProfile(jsonObject: object)
        } throws: { error in
            guard case .outOfRange(let name, _, _) = error as? LinkParameterError else { return false }
            return name == parameter
        }
    }

    @Test func query_outOfBounds_isRefused() {
        #expect(throws: LinkParameterError.self) { _ = try LinkProfile.unlimited.overriding(query: [("bandwidth", "0.000001B/s")]) }
        #expect(throws: LinkParameterError.self) { _ = try LinkProfile.unlimited.overriding(query: [("latency", "86401s")]) }
        #expect(throws: Never.self) { _ = try LinkProfile.unlimited.overriding(query: [("latency", "86400s")]) }
    }

    @Test func outOfRange_saysTheParameterTheValueAndTheBound() {
        let error = LinkParameterError.outOfRange(parameter: "latency", value: "2d", bound: "a duration from 0 to 24h (86400s)")
        #expect(error.description == "latency: 2d is out of range; use a duration from 0 to 24h (86400s)")
    }
}
