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

    /// The C functions stop at a NUL: without the check, `127.0.0.1\0x` bound 127.0.0.1 and
    /// `localhost\0.example` would have been looked up as `localhost`.
    @Test func aHostWithANulByte_isNoAddress_andIsNotLookedUp() {
        #expect(SocketAddress(numericHost: "127.0.0.1\0x", port: 80) == nil)
        #expect(throws: SocketError(#"getaddrinfo("localhost\0.example")"#, code: EINVAL, detail: "a host name cannot contain a NUL byte")) {
            try SocketAddress.resolve(host: "localhost\0.example", port: 80)
        }
    }
}
