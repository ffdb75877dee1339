import Foundation
import NetworkCore

/// Echo: `/get`, `/post`, `/put`, `/patch`, `/delete`, `/anything[/{path}]`, `/headers`,
/// `/ip`, `/user-agent`, `/uuid`.
enum HTTPBinEcho {
    static let routes: [Route] = [
        Route(.get, "/get") { .httpbinJSON(Echo(request: $0).object([.url, .args, .headers, .origin])) },
        Route(.post, "/post", handler: withBody),
        Route(.put, "/put", handler: withBody),
        Route(.patch, "/patch", handler: withBody),
        Route(.delete, "/delete", handler: withBody),
        Route(nil, "/anything", handler: anything),
        Route(nil, "/anything/*", handler: anything),
        Route(.get, "/headers") { .httpbinJSON(["headers": Echo(request: $0).headers]) },
        Route(.get, "/ip") { .httpbinJSON(["origin": Echo(request: $0).origin]) },
        Route(.get, "/user-agent") { .httpbinJSON(["user-agent": Echo(request: $0).headers["User-Agent"].map { $0 as Any } ?? NSNull()]) },
        Route(.get, "/uuid") { .httpbinJSON(["uuid": uuid(seed: $0.seed, ordinal: $0.ordinal)]) },
    ]

    @Sendable static func withBody(_ request: MockServer.Request) async -> MockServer.Response {
        .httpbinJSON(Echo(request: request).object([.url, .args, .form, .data, .origin, .headers, .files, .json]))
    }

    @Sendable static func anything(_ request: MockServer.Request) async -> MockServer.Response {
        .httpbinJSON(Echo(request: request).object([.url, .args, .headers, .origin, .method, .form, .data, .files, .json]))
    }

    /// A version 4 UUID drawn from the seed and the request's ordinal: different for each
    /// request, the same sequence in every run.
    static func uuid(seed: UInt64, ordinal: Int) -> String {
        let draw = DeterministicDraw(seed: seed, key: "uuid#\(ordinal)")
        var bytes = (0..<2).flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: draw.value(UInt64(word)) >> (8 * $0)) } }
        bytes[6] = bytes[6] & 0x0f | 0x40
        bytes[8] = bytes[8] & 0x3f | 0x80
        let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex.dropFirst(range.lowerBound).prefix(range.count))
        }
        return parts.joined(separator: "-")
    }
}
