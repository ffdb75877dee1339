#if canImport(Glibc)
import Glibc
#endif
import NetworkCore
import Testing

@Suite struct SocketAddressTests {
    @Test(arguments: [("127.0.0.1", "127.0.0.1:8080"), ("::1", "[::1]:8080"), ("[::1]", "[::1]:8080")])
    func aNumericHost_resolvesToItself_withoutALookup(host: String, expected: String) throws {
        #expect(try SocketAddress.resolve(host: host, port: 8080).map(\.description) == [expected])
    }

    /// `-x` is refused by the resolver itself, without a query to any name server.
    @Test func aNameTheResolverRefuses_failsWithItsReason_notAnErrno() {
        let reason = String(cString: gai_strerror(EAI_NONAME))
        #expect(throws: SocketError("getaddrinfo(-x)", code: ENOENT, detail: reason)) {
            try SocketAddress.resolve(host: "-x", port: 80)
        }
        #expect(SocketError("getaddrinfo(-x)", code: ENOENT, detail: reason).description == "getaddrinfo(-x): \(reason)")
    }
}
