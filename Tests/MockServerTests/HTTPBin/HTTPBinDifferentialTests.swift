import Foundation
import MockServer
import Testing

/// The real httpbin (PyPI's, run by the test) and MockServer answer the same requests from
/// Python requests and curl; status codes, content types, redirects followed, decoded bodies
/// and JSON keys must agree (not `origin`, URL hosts or dates). Where this server differs from
/// httpbin by design (its own pages and images, deterministic bytes, a text body on
/// `/status`), a case compares what must still agree. One Python process per test.
@Suite struct HTTPBinDifferentialTests {
    typealias Case = DifferentialCase
    static let typeOnly = ["status", "contentType"]

    @Test func echoEndpoints_matchHttpbin_withPythonRequests() async throws {
        let cases: [Case] = [
            Case("get with repeated args", "/get?a=1&b=2&b=3&empty="),
            Case("get with a header", "/get").with { $0.headers = ["X-Custom-Thing": "v", "X-Forwarded-Proto": "hidden"] },
            Case("post json", "/post", method: "POST").with { $0.jsonText = #"{"x": [1, 2.5, true, null], "y": "z"}"# },
            Case("post url-encoded form", "/post?q=1", method: "POST").with { $0.form = ["a": "1", "b": "two words"] },
            Case("post multipart", "/post", method: "POST").with {
                $0.form = ["field": "value"]
                $0.files = ["upload": ["notes.txt", "some text\n", "text/plain"]]
            },
            Case("put text", "/put", method: "PUT").with { $0.data = "hello" },
            Case("patch binary", "/patch", method: "PATCH").with { $0.binary = Data([0xff, 0x00, 0xfe, 0x80]).base64EncodedString() },
            Case("delete", "/delete", method: "DELETE"),
            Case("post to get is 405", "/get", method: "POST", compare: ["status"]),
            Case("get to post is 405", "/post", compare: ["status"]),
            Case("anything", "/anything/some/path?x=1", method: "PUT").with { $0.data = "body" },
            Case("anything root", "/anything", method: "DELETE"),
            Case("headers", "/headers").with { $0.headers = ["X-Api-KEY": "k"] },
            Case("ip", "/ip"),
            Case("user-agent", "/user-agent"),
            Case("uuid", "/uuid"),
            Case("cors", "/get", compare: ["status", "headers"]).with {
                $0.headers = ["Origin": "http://app.test"]
                $0.expose = ["Access-Control-Allow-Origin", "Access-Control-Allow-Credentials"]
            },
            Case("cors preflight", "/post", method: "OPTIONS", compare: ["status", "headers"]).with {
                $0.headers = ["Origin": "http://app.test", "Access-Control-Request-Headers": "X-Thing"]
                $0.expose = ["Access-Control-Allow-Origin", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Max-Age"]
            },
            Case("delay 0", "/delay/0?x=1"),
            Case("delay post", "/delay/0.1", method: "POST").with { $0.data = "d" },
        ]
        try await withMockServer { server in
            try await HTTPBinDifferential.check(cases, against: server)
        }
    }

    @Test func redirectsStatusCookiesAndCaching_matchHttpbin_withPythonRequests() async throws {
        let noFollow = { (c: inout Case) in c.follow = false; c.expose = ["Location"] }
        let cases: [Case] = [
            Case("redirect chain", "/redirect/3"),
            Case("absolute redirect chain", "/redirect/2?absolute=true"),
            Case("relative redirects", "/relative-redirect/3"),
            Case("absolute redirects", "/absolute-redirect/2"),
            Case("redirect/1 unfollowed", "/redirect/1", compare: ["status", "headers"]).with(noFollow),
            Case("redirect-to a path", "/redirect-to?url=/get", compare: ["status", "headers"]).with(noFollow),
            Case("redirect-to 307", "/redirect-to?url=/anything&status_code=307", method: "POST").with { $0.data = "again" },
            Case("redirect-to 301 followed", "/redirect-to?url=/get&status_code=301"),
            Case("redirect-to this server", "/redirect-to?url={base}/get"),
            Case("redirect-to odd status", "/redirect-to?url=/get&status_code=200", compare: ["status", "headers"]).with(noFollow),
            Case("status 200", "/status/200", compare: ["status"]),
            Case("status 404", "/status/404", compare: ["status"]),
            Case("status 418", "/status/418", compare: ["status", "headers"]).with { $0.expose = ["x-more-info"] },
            Case("status 401", "/status/401", compare: ["status", "headers"]).with { $0.expose = ["WWW-Authenticate"] },
            Case("status 407", "/status/407", compare: ["status", "headers"]).with { $0.expose = ["Proxy-Authenticate"] },
            Case("status 406", "/status/406"),
            Case("status 204", "/status/204", compare: ["status", "length"]),
            Case("status 302 followed", "/status/302"),
            Case("status 303 on post", "/status/303", method: "POST"),
            Case("status weighted, one possible", "/status/200:0,503:1", compare: ["status"]),
            Case("status any method", "/status/500", method: "PATCH", compare: ["status"]),
            Case("cookies set by query", "/cookies/set?k1=v1&k2=v2"),
            Case("cookies set by path", "/cookies/set/name/value"),
            Case("cookies sent", "/cookies").with { $0.cookies = ["a": "1", "__utmz": "tracking"] },
            Case("cookies show_env", "/cookies?show_env=1").with { $0.cookies = ["__utma": "x"] },
            Case("cookies deleted", "/cookies/delete?k1").with { $0.cookies = ["k1": "v1", "k2": "v2"] },
            Case("cache", "/cache", compare: ["status", "contentType", "keys"]),
            Case("cache conditional", "/cache", compare: ["status", "length"]).with { $0.headers = ["If-Modified-Since": "Sat, 05 Dec 2026 10:00:00 GMT"] },
            Case("cache etag conditional", "/cache", compare: ["status", "length"]).with { $0.headers = ["If-None-Match": "abc"] },
            Case("cache seconds", "/cache/60").with { $0.expose = ["Cache-Control"] },
            Case("etag", "/etag/abc").with { $0.expose = ["ETag"] },
            Case("etag if-none-match", "/etag/abc", compare: ["status", "headers"]).with { $0.headers = ["If-None-Match": #""abc""#]; $0.expose = ["ETag"] },
            Case("etag if-none-match miss", "/etag/abc").with { $0.headers = ["If-None-Match": #""xyz""#] },
            Case("etag if-match miss", "/etag/abc", compare: ["status"]).with { $0.headers = ["If-Match": #""xyz""#] },
            Case("etag if-match hit", "/etag/abc").with { $0.headers = ["If-Match": #""abc""#] },
            Case("response-headers", "/response-headers?X-Test=1&freeform=hi&freeform=again").with { $0.expose = ["X-Test"] },
        ]
        try await withMockServer { server in
            try await HTTPBinDifferential.check(cases, against: server)
        }
    }

    @Test func authEncodingsStreamsAndFormats_matchHttpbin_withPythonRequests() async throws {
        let cases: [Case] = [
            Case("basic auth", "/basic-auth/user/pass").with { $0.auth = ["basic", "user", "pass"] },
            Case("basic auth refused", "/basic-auth/user/pass", compare: ["status", "headers"]).with { $0.expose = ["WWW-Authenticate"] },
            Case("basic auth wrong", "/basic-auth/user/pass", compare: ["status"]).with { $0.auth = ["basic", "user", "nope"] },
            Case("hidden basic auth", "/hidden-basic-auth/user/pass").with { $0.auth = ["basic", "user", "pass"] },
            Case("hidden basic auth refused", "/hidden-basic-auth/user/pass", compare: ["status"]),
            Case("bearer", "/bearer").with { $0.headers = ["Authorization": "Bearer t0k3n"] },
            Case("bearer refused", "/bearer", compare: ["status", "headers"]).with { $0.expose = ["WWW-Authenticate"] },
            Case("digest MD5", "/digest-auth/auth/user/pass").with { $0.auth = ["digest", "user", "pass"] },
            Case("digest MD5 named", "/digest-auth/auth/user/pass/MD5").with { $0.auth = ["digest", "user", "pass"] },
            Case("digest SHA-256", "/digest-auth/auth/user/pass/SHA-256").with { $0.auth = ["digest", "user", "pass"] },
            Case("digest stale_after", "/digest-auth/auth/user/pass/SHA-256/3").with { $0.auth = ["digest", "user", "pass"] },
            Case("digest wrong password", "/digest-auth/auth/user/pass", compare: ["status"]).with { $0.auth = ["digest", "user", "nope"] },
            Case("gzip", "/gzip"),
            Case("deflate", "/deflate"),
            Case("base64", "/base64/SFRUUEJJTiBpcyBhd2Vzb21l"),
            Case("base64 url-safe", "/base64/w6lnYWw_"),
            Case("base64 invalid", "/base64/not*base64"),
            Case("utf8", "/encoding/utf8", compare: Self.typeOnly),
            Case("drip", "/drip?numbytes=5&duration=0.2"),
            Case("drip with code", "/drip?numbytes=3&duration=0&code=201"),
            Case("stream", "/stream/3?x=1"),
            Case("stream-bytes", "/stream-bytes/300?chunk_size=64&seed=2", compare: ["status", "contentType", "length"]),
            Case("range whole", "/range/50").with { $0.expose = ["ETag", "Content-Range", "Accept-Ranges"] },
            Case("range part", "/range/50").with { $0.headers = ["Range": "bytes=10-19"]; $0.expose = ["ETag", "Content-Range"] },
            Case("range suffix", "/range/50").with { $0.headers = ["Range": "bytes=-5"]; $0.expose = ["Content-Range"] },
            Case("range open", "/range/50?chunk_size=7&duration=0.1").with { $0.headers = ["Range": "bytes=45-"]; $0.expose = ["Content-Range"] },
            Case("range unsatisfiable", "/range/50", compare: ["status", "headers"]).with { $0.headers = ["Range": "bytes=60-70"]; $0.expose = ["Content-Range"] },
            Case("range too large", "/range/200000", compare: ["status", "body"]),
            Case("json", "/json"),
            Case("html", "/html", compare: Self.typeOnly),
            Case("xml", "/xml", compare: Self.typeOnly),
            Case("robots.txt", "/robots.txt"),
            Case("deny", "/deny", compare: Self.typeOnly),
            Case("forms/post", "/forms/post", compare: Self.typeOnly),
            Case("image default", "/image", compare: Self.typeOnly),
            Case("image webp", "/image", compare: Self.typeOnly).with { $0.headers = ["Accept": "image/webp,*/*"] },
            Case("image svg", "/image", compare: Self.typeOnly).with { $0.headers = ["Accept": "image/svg+xml"] },
            Case("image jpeg", "/image", compare: Self.typeOnly).with { $0.headers = ["Accept": "image/jpeg"] },
            Case("image any", "/image", compare: Self.typeOnly).with { $0.headers = ["Accept": "image/*"] },
            Case("image refused", "/image").with { $0.headers = ["Accept": "text/plain"] },
            Case("image/png", "/image/png", compare: Self.typeOnly),
            Case("image/jpeg", "/image/jpeg", compare: Self.typeOnly),
            Case("image/webp", "/image/webp", compare: Self.typeOnly),
            Case("image/svg", "/image/svg", compare: Self.typeOnly),
            Case("links", "/links/5/2"),
            Case("links redirect", "/links/4"),
        ]
        try await withMockServer { server in
            try await HTTPBinDifferential.check(cases, against: server)
        }
    }

    @Test func endpoints_matchHttpbin_withCurl() async throws {
        let cases: [Case] = [
            Case("get", "/get?a=1", client: "curl"),
            Case("post form", "/post", client: "curl").with { $0.form = ["a": "1"]; $0.files = ["f": ["f.txt", "file body", "text/plain"]] },
            Case("post json", "/post", client: "curl").with { $0.jsonText = #"{"k": "v"}"# },
            Case("put", "/put", client: "curl", method: "PUT").with { $0.data = "x=1" },
            Case("redirect chain", "/redirect/4", client: "curl"),
            Case("absolute redirect chain", "/absolute-redirect/3", client: "curl"),
            Case("redirect-to", "/redirect-to?url=/get&status_code=308", client: "curl"),
            Case("gzip", "/gzip", client: "curl"),
            Case("deflate", "/deflate", client: "curl"),
            Case("brotli", "/brotli", client: "curl"),
            Case("basic auth", "/basic-auth/u/p", client: "curl").with { $0.auth = ["basic", "u", "p"] },
            Case("digest MD5", "/digest-auth/auth/u/p", client: "curl").with { $0.auth = ["digest", "u", "p"] },
            Case("digest SHA-256", "/digest-auth/auth/u/p/SHA-256", client: "curl").with { $0.auth = ["digest", "u", "p"] },
            Case("digest auth-int", "/digest-auth/auth-int/u/p/MD5", client: "curl").with { $0.auth = ["digest", "u", "p"] },
            Case("cookies", "/cookies/set?c=1", client: "curl"),
            Case("status 418", "/status/418", client: "curl", compare: ["status"]),
            Case("range", "/range/26", client: "curl").with { $0.headers = ["Range": "bytes=0-9"] },
            Case("stream", "/stream/2", client: "curl"),
            Case("image/png", "/image/png", client: "curl", compare: Self.typeOnly),
        ]
        try await withMockServer { server in
            try await HTTPBinDifferential.check(cases, against: server)
        }
    }
}
