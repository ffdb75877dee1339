import Foundation
import NetworkCore

/// Encodings: `/gzip`, `/deflate`, `/brotli` (valid streams that store the JSON uncompressed,
/// so no compressor is needed), `/encoding/utf8`, `/base64/{value}`.
enum HTTPBinEncodings {
    static let routes: [Route] = [
        Route(.get, "/gzip") { encoded($0, flag: "gzipped", coding: "gzip", Gzip.encode) },
        Route(.get, "/deflate") { encoded($0, flag: "deflated", coding: "deflate", Zlib.encode) },
        Route(.get, "/brotli") { encoded($0, flag: "brotli", coding: "br", Brotli.encode) },
        Route(.get, "/encoding/utf8") { _ in .html(HTTPBinPages.utf8Demo) },
        Route(.get, "/base64/{value}") { .html(decodeBase64($0.parameters["value"] ?? "")) },
    ]

    static func encoded(_ request: MockServer.Request, flag: String, coding: String, _ encode: ([UInt8]) -> [UInt8]) -> MockServer.Response {
        let echo = Echo(request: request)
        var response = MockServer.Response.httpbinJSON([
            "origin": echo.origin, "headers": echo.headers, "method": request.method.rawValue, flag: true,
        ])
        if case .bytes(let json) = response.body { response.body = .bytes(encode(json)) }
        response.headers.set("Content-Encoding", coding)
        return response
    }

    /// The URL-safe base64 `value` decoded as UTF-8 text, or httpbin's hint when it is not.
    static func decodeBase64(_ value: String) -> String {
        // Python's decoder skips characters outside the alphabet, then insists on padding.
        let standard = value.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        let kept = String(standard.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) })
        if kept.count % 4 == 0, let data = Data(base64Encoded: kept), let text = String(validating: Array(data), as: UTF8.self) {
            return text
        }
        return "Incorrect Base64 data try: SFRUUEJJTiBpcyBhd2Vzb21l"
    }
}
