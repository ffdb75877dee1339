import Foundation
import NetworkCore

/// A response in a HAR file (`entries[].response`).
public struct HARResponse: Codable, Sendable, Hashable {
    /// The status code.
    public var status: Int
    /// The reason phrase (`OK`).
    public var statusText: String
    /// The protocol (`HTTP/1.1`).
    public var httpVersion: String
    /// Cookies set (`Set-Cookie`).
    public var cookies: [HARCookie]
    /// Headers received, in order.
    public var headers: [HARNameValue]
    /// The body, decoded.
    public var content: HARContent
    /// The `Location` header's value; empty when none.
    public var redirectURL: String
    /// Bytes of the status line and headers (through the blank line); -1 when unknown.
    public var headersSize: Int
    /// Body bytes as received (before decompression); -1 when unknown.
    public var bodySize: Int

    /// A response as received; `content`, cookies and `redirectURL` are derived from the headers and body.
    public init(status: Int, httpVersion: String = "HTTP/1.1", headers: HeaderFields, body: [UInt8], headersSize: Int = -1, bodySize: Int? = nil) {
        self.status = status
        statusText = HTTPStatus.reason(status)
        self.httpVersion = httpVersion
        self.headers = [HARNameValue](headers)
        cookies = headers.values(for: "Set-Cookie").compactMap(HARCookie.responseCookie)
        content = HARContent(body: body, mimeType: headers["Content-Type"] ?? "")
        redirectURL = headers["Location"] ?? ""
        self.headersSize = headersSize
        self.bodySize = bodySize ?? body.count
    }

    /// A response whose body is not kept, only its size (`/bytes`, fixtures in the journal).
    public init(status: Int, httpVersion: String = "HTTP/1.1", headers: HeaderFields, omittedBodyOfSize size: Int, headersSize: Int = -1) {
        self.init(status: status, httpVersion: httpVersion, headers: headers, body: [], headersSize: headersSize, bodySize: size)
        content = HARContent(size: size, mimeType: headers["Content-Type"] ?? "")
    }

    private enum CodingKeys: String, CodingKey {
        case status, statusText, httpVersion, cookies, headers, content, redirectURL, headersSize, bodySize
    }

    /// Reads the fields HAR defines, tolerating what real exporters leave out; `_`-prefixed fields are ignored.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let status = try container.lenientInt(.status) else {
            throw DecodingError.keyNotFound(CodingKeys.status, .init(codingPath: container.codingPath, debugDescription: "status is missing"))
        }
        self.status = status
        statusText = try container.decodeIfPresent(String.self, forKey: .statusText) ?? ""
        httpVersion = try container.decodeIfPresent(String.self, forKey: .httpVersion) ?? ""
        cookies = try container.decodeIfPresent([HARCookie].self, forKey: .cookies) ?? []
        headers = try container.decodeIfPresent([HARNameValue].self, forKey: .headers) ?? []
        content = try container.decodeIfPresent(HARContent.self, forKey: .content) ?? HARContent(size: 0, mimeType: "")
        redirectURL = try container.decodeIfPresent(String.self, forKey: .redirectURL) ?? ""
        headersSize = try container.lenientInt(.headersSize) ?? -1
        bodySize = try container.lenientInt(.bodySize) ?? -1
    }
}
