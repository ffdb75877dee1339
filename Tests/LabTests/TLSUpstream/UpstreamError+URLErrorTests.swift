import Foundation
@testable import Lab
import MockServer
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite struct UpstreamErrorURLErrorTests {
    @Test func urlErrors_becomeTheProxysUpstreamErrors_namingWhatFailed() {
        #expect(UpstreamError(URLError(.cannotConnectToHost), upstream: "localhost:1", headArrived: false) == .refused(upstream: "localhost:1"))
        let reset = UpstreamError(URLError(.networkConnectionLost), upstream: "a:1", headArrived: false)
        guard case .reset = reset else { Issue.record("\(reset)"); return }
        // What URLSession on Linux reports for a certificate signed by an unknown CA (code -1).
        let untrusted = URLError(.unknown, userInfo: [NSLocalizedDescriptionKey: "SSL certificate problem: unable to get local issuer certificate"])
        let tls = UpstreamError(untrusted, upstream: "localhost:8443", headArrived: false)
        #expect(tls.status == 502)
        #expect(tls.description.hasPrefix("the TLS handshake with the upstream localhost:8443 failed: SSL certificate problem"))
        #expect(tls.description.contains("update-ca-certificates"))
        let broken = UpstreamError(URLError(.networkConnectionLost), upstream: "a:1", headArrived: true)
        guard case .brokenBody = broken else { Issue.record("\(broken)"); return }
    }
}
