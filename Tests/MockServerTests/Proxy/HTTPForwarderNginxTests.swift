import Foundation
import MockServer
import TestSupport
import Testing

extension LiveProxyTests {
    /// The reverse proxy in front of nginx, an upstream that answers as production servers do:
    /// gzip made on the fly and sent chunked, ranges, validators, HEAD, 204, over keep-alive.
    /// Each answer through the proxy is compared with nginx's own, from curl.
    @Suite struct HTTPForwarderNginxTests {
        @Test func proxy_forwardsWhatNginxAnswers_gzipChunkedRangesValidatorsHEADAnd204() async throws {
            let big = [UInt8].cycling(Array(0..<251), count: 2_000_003)
            let json = Array(#"{"items": [\#(Array(repeating: #""networklab""#, count: 400).joined(separator: ", "))]}"#.utf8)
            let nginx = try await NginxUpstream(files: ["big.bin": big, "data.json": json])
            defer { nginx.stop() }
            let proxy = try await MockServer.start(upstream: nginx.url)
            let etag = try await Curl.run(nginx.url.appendingPathComponent("big.bin"), ["-I"], writeOut: "%header{etag}").writeOut
            try #require(!etag.isEmpty, "nginx sent no ETag")
            let cases: [(String, [String])] = [
                ("/big.bin", []),
                ("/data.json", ["--compressed"]),
                ("/data.json", ["-H", "Accept-Encoding: gzip"]),
                ("/big.bin", ["-r", "100-199"]),
                ("/big.bin", ["-r", "1999990-"]),
                ("/big.bin", ["-r", "5000000-"]),
                ("/big.bin", ["-H", "If-None-Match: \(etag)"]),
                ("/big.bin", ["-I"]),
                ("/nocontent", []),
                ("/missing", []),
                ("/echo", ["-X", "DELETE"]),
            ]
            let fields = "%{http_code} %header{content-encoding} %header{content-range} %header{content-length} %header{etag}"
            for (path, arguments) in cases {
                let direct = try await Curl.run(nginx.url.appendingPathComponent(String(path.dropFirst())), arguments, writeOut: fields)
                let proxied = try await Curl.run(proxy.url(path), arguments, writeOut: fields)
                #expect(proxied.exitCode == 0, "\(path) \(arguments): \(proxied.stderr)")
                #expect(proxied.writeOut == direct.writeOut, "\(path) \(arguments)")
                // With -I curl saves the head, which differs by the proxy's Via.
                if !arguments.contains("-I") { #expect(proxied.body == direct.body, "\(path) \(arguments)") }
            }
            // The same answers as nginx's, and the right ones.
            #expect(try await Curl.run(proxy.url("/big.bin")).body == big)
            #expect(try await Curl.run(proxy.url("/data.json"), ["--compressed"]).body == json)
            let gzip = try await Curl.run(proxy.url("/data.json"), ["-H", "Accept-Encoding: gzip"], writeOut: "%header{content-encoding} %header{transfer-encoding}")
            #expect(gzip.writeOut == "gzip chunked" && gzip.body.starts(with: [0x1F, 0x8B]), "\(gzip.writeOut)")
            #expect(try await Curl.run(proxy.url("/big.bin"), ["-H", "If-None-Match: \(etag)"]).status == 304)
            await proxy.close()
        }
    }
}
