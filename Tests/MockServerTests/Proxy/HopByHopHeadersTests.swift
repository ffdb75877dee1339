@testable import MockServer
import NetworkCore
import Testing

@Suite struct HopByHopHeadersTests {
    @Test func removing_dropsHopByHopFields_andThoseNamedInConnection() {
        let headers: HeaderFields = [
            "Connection": "keep-alive, X-Private", "Keep-Alive": "timeout=5", "X-Private": "1",
            "Transfer-Encoding": "chunked", "TE": "trailers", "Upgrade": "h2c", "Proxy-Connection": "keep-alive",
            "Trailer": "X-Sum", "Content-Type": "text/plain", "X-Kept": "yes",
        ]
        let forwarded = HopByHopHeaders.removing(from: headers, also: ["Content-Type"])
        #expect(forwarded.map(\.name) == ["X-Kept"])
    }

    @Test func removing_matchesNamesCaseInsensitively() {
        let headers: HeaderFields = ["connection": "x-one ,X-TWO", "X-One": "1", "x-two": "2", "x-three": "3"]
        #expect(HopByHopHeaders.removing(from: headers).map(\.name) == ["x-three"])
    }

    @Test func via_namesTheVersionTheMessageCameIn() {
        #expect(HopByHopHeaders.via(receivedOver: .http1_1, pseudonym: "networklab") == "1.1 networklab")
        #expect(HopByHopHeaders.via(receivedOver: .http1_0, pseudonym: "lab") == "1.0 lab")
    }
}
