import Foundation

/// A request in a HAR file (`entries[].request`).
public struct HARRequest: Codable, Sendable, Hashable {
    /// The method (`GET`, `POST`, ...).
    public var method: String
    /// The absolute URL, without fragment. Replay ignores its scheme and host.
    public var url: String
    /// The protocol as sent (`HTTP/1.1`; DevTools writes `http/2.0` or `h3` too).
    public var httpVersion: String
    /// Cookies sent.
    public var cookies: [HARCookie]
    /// Headers sent, in order.
    public var headers: [HARNameValue]
    /// The query's parameters, decoded.
    public var queryString: [HARNameValue]
    /// The body, when there was one.
    public var postData: HARPostData?
    /// Bytes of the request line and headers (through the blank line); -1 when unknown.
    public var headersSize: Int
    /// Bytes of the body; -1 when unknown.
    public var bodySize: Int

    /// A request as sent: the query's parameters, cookies and `postData` are derived from the URL,
    /// headers and body.
    public init(method: String, url: String, httpVersion: String = "HTTP/1.1", headers: HeaderFields, body: [UInt8] = [], headersSize: Int = -1) {
        self.method = method
        self.url = url
        self.httpVersion = httpVersion
        self.headers = [HARNameValue](headers)
        cookies = headers.values(for: "Cookie").flatMap(HARCookie.requestCookies)
        let target = ReplayTarget(url: url)
        queryString = target.query.map { HARNameValue(name: $0.name, value: $0.value) }
        postData = body.isEmpty ? nil : HARPostData(mimeType: headers["Content-Type"] ?? "", text: String(decoding: body, as: UTF8.self))
        self.headersSize = headersSize
        bodySize = body.count
    }

    private enum CodingKeys: String, CodingKey {
        case method, url, httpVersion, cookies, headers, queryString, postData, headersSize, bodySize
    }

    /// Reads the fields HAR defines, tolerating what real exporters leave out; `_`-prefixed fields are ignored.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.decode(String.self, forKey: .method)
        url = try container.decode(String.self, forKey: .url)
        httpVersion = try container.decodeIfPresent(String.self, forKey: .httpVersion) ?? ""
        cookies = try container.decodeIfPresent([HARCookie].self, forKey: .cookies) ?? []
        headers = try container.decodeIfPresent([HARNameValue].self, forKey: .headers) ?? []
        queryString = try container.decodeIfPresent([HARNameValue].self, forKey: .queryString) ?? []
        postData = try container.decodeIfPresent(HARPostData.self, forKey: .postData)
        headersSize = try container.lenientInt(.headersSize) ?? -1
        bodySize = try container.lenientInt(.bodySize) ?? -1
    }
}
