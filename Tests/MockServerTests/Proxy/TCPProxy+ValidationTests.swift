import Testing
@testable import MockServer

/// Every value a `TCPProxy` takes through Swift is held to the bounds `MockServer` holds it
/// to: a bad link, fault rule or journal size is refused with a typed error naming it, and
/// what is in force stays. (A link with negative latency or a NaN bandwidth was once taken
/// as it was.) No upstream needs to listen: the proxy connects only when a client comes.
@Suite struct TCPProxyValidationTests {
    static let upstream = "127.0.0.1:9"

    @Test(arguments: [
        (LinkProfile(latency: .seconds(-1)), "latency"),
        (LinkProfile(latency: .seconds(1_000_000)), "latency"),
        (LinkProfile(bandwidth: .bytesPerSecond(.nan)), "bandwidth"),
        (LinkProfile(bandwidth: .bytesPerSecond(0)), "bandwidth"),
        (LinkProfile(linkBandwidth: .bytesPerSecond(-5)), "link-bandwidth"),
    ])
    func badLink_isRefusedByStartAndSetLink_andTheLinkInForceStays(link: LinkProfile, parameter: String) async throws {
        func isRefused(_ error: any Error) -> Bool {
            guard case .invalidLink(let reason) = error as? ProxyError else { return false }
            return "\(reason)".contains(parameter) && "\(error)".hasPrefix("link: ")
        }
        var configuration = TCPProxy.Configuration()
        configuration.link = link
        await #expect(performing: { _ = try await TCPProxy.start(upstream: Self.upstream, configuration) }, throws: isRefused)
        let kept = LinkProfile(latency: .milliseconds(20))
        configuration.link = kept
        let proxy = try await TCPProxy.start(upstream: Self.upstream, configuration)
        #expect(performing: { try proxy.setLink(link) }, throws: isRefused)
        #expect(proxy.link == kept)
        await proxy.close()
    }

    @Test(arguments: [
        (FaultRule.slice(bytes: 0, delay: .milliseconds(1)), "SIZE must be 1 or more"),
        (.corrupt(count: 0), "N must be 1 to 65536"),
        (.reset.rate(.nan), "fault-rate"),
        (.resetAfter(bytes: -5), "SIZE must be 0 or more"),
    ])
    func badFaultRule_isRefusedByStartAndSetFaults_namingTheRule(rule: FaultRule, reason: String) async throws {
        func isRefused(_ error: any Error) -> Bool {
            guard case .invalidFaultRule(let index, let spec) = error as? ProxyError else { return false }
            return index == 1 && "\(spec)".contains(reason)
        }
        var configuration = TCPProxy.Configuration()
        configuration.faults = [.close.first(0), rule]
        await #expect(performing: { _ = try await TCPProxy.start(upstream: Self.upstream, configuration) }, throws: isRefused)
        let proxy = try await TCPProxy.start(upstream: Self.upstream)
        #expect(performing: { try proxy.setFaults([.close.first(0), rule]) }, throws: isRefused)
        #expect(proxy.faults == .none)
        await proxy.close()
    }

    /// Toxics built in Swift are held to the link's bounds too: a bandwidth toxic of 0 or NaN
    /// B/s, a negative jitter, or a latency or timeout of two days was taken as it was.
    @Test(arguments: [
        (Toxic.Effect.bandwidth(.bytesPerSecond(0)), "bandwidth"),
        (.linkBandwidth(.bytesPerSecond(.nan)), "bandwidth"),
        (.latency(.seconds(172_800)), "latency: 172800s is out of range; use a duration from 0 to 24h (86400s)"),
        (.latency(.zero, jitter: .uniform(.seconds(-1))), "jitter"),
        (.timeout(.seconds(172_800)), "timeout: 172800s is out of range"),
        (.slowClose(.seconds(172_800)), "delay: 172800s is out of range"),
        (.slicer(averageSize: 10, sizeVariation: 0, delay: .seconds(-1)), "delay: -1s is out of range"),
    ])
    func badToxic_isRefusedByStartAndSetToxics_namingIt(effect: Toxic.Effect, reason: String) async throws {
        let toxic = Toxic(name: "odd", effect: effect)
        func isRefused(_ error: any Error) -> Bool {
            guard case .invalidToxic(.invalidToxic(let name, let why)) = error as? ProxyError else { return false }
            return name == "odd" && why.contains(reason)
        }
        var configuration = TCPProxy.Configuration()
        configuration.toxics = [toxic]
        await #expect(performing: { _ = try await TCPProxy.start(upstream: Self.upstream, configuration) }, throws: isRefused)
        let proxy = try await TCPProxy.start(upstream: Self.upstream)
        #expect(performing: { try proxy.setToxics([toxic]) }, throws: isRefused)
        #expect(proxy.toxics.isEmpty)
        await proxy.close()
    }

    @Test(arguments: [0, -1])
    func journalCapacity_outOfRange_isRefused(capacity: Int) async {
        var configuration = TCPProxy.Configuration()
        configuration.journalCapacity = capacity
        await #expect(throws: ProxyError.invalidConfiguration(
            field: "journalCapacity", value: "\(capacity)", reason: "must be 1 to 10000000 connections")) {
            _ = try await TCPProxy.start(upstream: Self.upstream, configuration)
        }
    }

    /// 70000 was cut to 16 bits: the proxy listened on port 4464.
    @Test(arguments: [-1, 70_000])
    func port_outOfRange_isRefused(port: Int) async {
        var configuration = TCPProxy.Configuration()
        configuration.port = port
        await #expect(throws: ProxyError.invalidConfiguration(field: "port", value: "\(port)", reason: "must be 0 (a free port) to 65535")) {
            _ = try await TCPProxy.start(upstream: Self.upstream, configuration)
        }
    }

    /// An upstream the resolver must not see: an IPv6 address with one bracket (it reported
    /// "getaddrinfo([::1): Name or service not known"), a NUL that ends the name early for
    /// the C resolver, a space, a slash, user info.
    @Test(arguments: ["[::1:9", "::1]:9", "127.0.0.1\0evil:9", "local host:9", "a/b:9", "user@127.0.0.1:9"])
    func anUpstreamThatIsNoHostAndPort_isRefused_withTheForm(upstream: String) async {
        let form = "use HOST:PORT or tcp://HOST:PORT (an IPv6 address in brackets: [::1]:PORT)"
        await #expect(throws: ProxyError.invalidUpstream(upstream, reason: form)) {
            _ = try await TCPProxy.start(upstream: upstream)
        }
        #expect(ProxyError.invalidUpstream(upstream, reason: form).description == "upstream \(upstream.debugDescription): \(form)")
    }

    @Test func aURLWithAnotherScheme_isRefused_namingIt() async {
        await #expect(throws: ProxyError.invalidUpstream("http://127.0.0.1:9", reason: "a TCP proxy relays bytes to HOST:PORT or tcp://HOST:PORT, not to http:// URLs")) {
            _ = try await TCPProxy.start(upstream: "http://127.0.0.1:9")
        }
    }

    @Test func aHostWithANulByte_isRefused_shownEscaped() async {
        var configuration = TCPProxy.Configuration()
        configuration.host = "127.0.0.1\0x"
        await #expect(throws: ProxyError.invalidHost("127.0.0.1\0x")) {
            _ = try await TCPProxy.start(upstream: Self.upstream, configuration)
        }
        #expect(ProxyError.invalidHost("127.0.0.1\0x").description.hasPrefix(#"cannot bind "127.0.0.1\0x": "#))
    }
}
