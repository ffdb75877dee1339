import Foundation
import Testing
@testable import MockServer

@Suite struct LinkProfileParametersTests {
    private func rate(_ bytesPerSecond: Double) -> Bandwidth { Bandwidth.bytesPerSecond(bytesPerSecond) }

    @Test func parameters_listEveryParameter_inTheUnitsGrammar() throws {
        let article = try #require(LinkProfile.preset(named: "article"))
        let parameters = article.parameters()
        #expect(parameters.map(\.name) == [
            "latency", "connect-latency", "jitter", "bandwidth", "link-bandwidth",
            "upload-bandwidth", "upload-link-bandwidth",
        ])
        #expect(parameters.map(\.value) == ["250ms", "0ms", "none", "11084313B/s", "99864381B/s", "none", "none"])
    }

    @Test func parameters_useExactReadableForms() throws {
        let link = LinkProfile(
            latency: .microseconds(562_500),
            connectLatency: .seconds(2),
            jitter: .normal(sigma: .microseconds(1500)),
            bandwidth: rate(50_000),
            linkBandwidth: rate(1_048_576),
            uploadBandwidth: rate(84_375),
            uploadLinkBandwidth: rate(2.5)
        )
        #expect(link.parameters().map(\.value) == [
            "562.5ms", "2s", "normal:1.5ms", "50KB/s", "1MiB/s", "84375B/s", "2.5B/s",
        ])
        #expect(LinkProfile(latency: .nanoseconds(1500)).parameters()[0].value == "1.5us")
    }

    @Test func jsonObject_roundTrips_forEveryPreset() throws {
        for preset in LinkProfile.presets {
            #expect(try LinkProfile(jsonObject: preset.profile.jsonObject()) == preset.profile, "\(preset.name)")
        }
        let jittery = LinkProfile(latency: .milliseconds(30), jitter: .uniform(.milliseconds(20)))
        #expect(try LinkProfile(jsonObject: jittery.jsonObject()) == jittery)
    }

    @Test func initJSON_acceptsNumbers_asSecondsAndBytesPerSecond() throws {
        let link = try LinkProfile(jsonObject: ["latency": 0.25, "jitter": 0.02, "bandwidth": 1_000_000, "connect-latency": 1])
        #expect(link.latency == .milliseconds(250))
        #expect(link.jitter == .uniform(.milliseconds(20)))
        #expect(link.bandwidth == rate(1_000_000))
        #expect(link.connectLatency == .seconds(1))
    }

    @Test func initJSON_readsJSONSerializationOutput() throws {
        let text = #"{"latency": 0.25, "bandwidth": "1MB/s", "jitter": "normal:5ms", "link-bandwidth": null, "upload-bandwidth": 2000}"#
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let link = try LinkProfile(jsonObject: object)
        #expect(link == LinkProfile(
            latency: .milliseconds(250), jitter: .normal(sigma: .milliseconds(5)),
            bandwidth: rate(1_000_000), uploadBandwidth: rate(2000)
        ))
    }

    @Test func initJSON_rejectsUnknownKeys_andWrongTypes() {
        #expect(throws: LinkParameterError.unknownParameter(name: "latncy")) {
            try LinkProfile(jsonObject: ["latncy": "250ms"])
        }
        #expect(throws: LinkParameterError.notADuration(parameter: "latency", value: "-1")) {
            try LinkProfile(jsonObject: ["latency": -1.0])
        }
        #expect(throws: LinkParameterError.notADuration(parameter: "latency", value: "true")) {
            try LinkProfile(jsonObject: ["latency": true])
        }
        #expect(throws: LinkParameterError.notARate(parameter: "bandwidth", value: "[1]")) {
            try LinkProfile(jsonObject: ["bandwidth": [1]])
        }
        // Shown as the JSON the user sent, not as Swift prints a dictionary (["normal": 5]).
        #expect(throws: LinkParameterError.notAJitter(value: #"{"normal":5}"#)) {
            try LinkProfile(jsonObject: ["jitter": ["normal": 5]])
        }
    }

    /// A duration past any Int64 of nanoseconds, as text or as a JSON number, is shown as the
    /// user wrote it: Duration would saturate a number to 9223372036.854775807s.
    @Test func durationsTooLong_areOutOfRange_showingTheValueAsWritten() {
        let bound = "a duration from 0 to 24h (86400s)"
        #expect(throws: LinkParameterError.outOfRange(parameter: "latency", value: "100000000000000000000s", bound: bound)) {
            try LinkProfile.unlimited.overriding(query: [("latency", "100000000000000000000s")])
        }
        #expect(throws: LinkParameterError.outOfRange(parameter: "connect-latency", value: "1e+19s", bound: bound)) {
            try LinkProfile(jsonObject: ["connect-latency": 1e19])
        }
        #expect(throws: LinkParameterError.outOfRange(parameter: "latency", value: "86400.5s", bound: bound)) {
            try LinkProfile(jsonObject: ["latency": 86_400.5])
        }
        #expect((try? LinkProfile(jsonObject: ["latency": 86_400])) == LinkProfile(latency: .seconds(86_400)))
        // A jitter as a number of seconds too (it was shown saturated).
        #expect(throws: LinkParameterError.outOfRange(parameter: "jitter", value: "1e+308s", bound: bound)) {
            try LinkProfile(jsonObject: ["jitter": 1e308])
        }
        #expect((try? LinkProfile(jsonObject: ["jitter": 0.02])) == LinkProfile(jitter: .uniform(.milliseconds(20))))
        #expect(throws: LinkParameterError.outOfRange(parameter: "jitter", value: "normal:100000000000000000000s", bound: bound)) {
            try LinkProfile.unlimited.overriding(query: [("jitter", "normal:100000000000000000000s")])
        }
    }

    @Test func rates_acceptNoneAndUnlimited_butNotZero() throws {
        let base = LinkProfile(bandwidth: rate(1000), uploadBandwidth: rate(1000))
        let link = try base.overriding(query: [("bandwidth", "none"), ("upload-bandwidth", "unlimited")])
        #expect(link.bandwidth == nil && link.uploadBandwidth == nil)
        #expect(throws: LinkParameterError.zeroRate(parameter: "bandwidth")) {
            try base.overriding(query: [("bandwidth", "0")])
        }
    }

    @Test func jitter_acceptsItsForms() throws {
        func jitter(_ text: String) throws -> Jitter {
            try LinkProfile.unlimited.overriding(query: [("jitter", text)]).jitter
        }
        #expect(try jitter("20ms") == .uniform(.milliseconds(20)))
        #expect(try jitter("uniform:20ms") == .uniform(.milliseconds(20)))
        #expect(try jitter("normal:20ms") == .normal(sigma: .milliseconds(20)))
        #expect(try jitter("0") == Jitter.none)
        #expect(try jitter("none") == Jitter.none)
        #expect(throws: LinkParameterError.notAJitter(value: "wobbly")) { try jitter("wobbly") }
        #expect(throws: LinkParameterError.notAJitter(value: "gauss:5ms")) { try jitter("gauss:5ms") }
    }

    @Test func overriding_appliesPerRequestKeys_andIgnoresTheRest() throws {
        let base = LinkProfile(latency: .milliseconds(10), linkBandwidth: rate(1e7))
        let query = [
            ("latency", "200ms"), ("jitter", "20ms"), ("bandwidth", "1MB/s"), ("connect-latency", "50ms"),
            ("upload-bandwidth", "64KiB/s"), ("link-bandwidth", "1KB/s"), ("fault", "reset"),
        ]
        let link = try base.overriding(query: query)
        #expect(link == LinkProfile(
            latency: .milliseconds(200), connectLatency: .milliseconds(50), jitter: .uniform(.milliseconds(20)),
            bandwidth: rate(1_000_000), linkBandwidth: rate(1e7), uploadBandwidth: rate(65_536)
        ))
        #expect(try base.overriding(query: [("latency", "1ms"), ("latency", "2ms")]).latency == .milliseconds(2))
    }

    @Test func overriding_rejectsBadValues_namingTheParameter() {
        #expect(throws: LinkParameterError.notARate(parameter: "bandwidth", value: "fast")) {
            try LinkProfile.unlimited.overriding(query: [("bandwidth", "fast")])
        }
        #expect(throws: LinkParameterError.notADuration(parameter: "latency", value: "soon")) {
            try LinkProfile.unlimited.overriding(query: [("latency", "soon")])
        }
    }

    @Test func uploadCap_isTheQuerys_elseTheLinks_andNoneForAQueryThatDoesNotParse() {
        let link = LinkProfile(uploadBandwidth: .bytesPerSecond(1_000), uploadLinkBandwidth: .bytesPerSecond(50_000))
        #expect(link.uploadCap(query: nil) == 1_000)
        #expect(link.uploadCap(query: "seed=3") == 1_000)
        #expect(link.uploadCap(query: "upload-bandwidth=2KB/s") == 2_000)
        #expect(link.uploadCap(query: "upload-bandwidth=none") == nil)
        #expect(link.uploadCap(query: "upload-bandwidth=fast") == nil)
        // The shared upload link is not a body's own cap.
        #expect(LinkProfile(uploadLinkBandwidth: .bytesPerSecond(50_000)).uploadCap(query: nil) == nil)
    }
}
