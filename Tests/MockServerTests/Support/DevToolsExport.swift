import Foundation

/// A HAR file as Chrome's DevTools exports it, written by hand with everything real exports
/// do that a careful writer would not: HTTP/2 pseudo-headers, `_`-prefixed fields, a base64
/// image, a body stored decoded under `content-encoding: gzip`, a POST with `postData`, a 204
/// without content, `bodySize` -1, and one URL answering differently on each hit.
enum DevToolsExport {
    static let png = Data(base64Encoded: pngBase64)!
    static let pngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg=="
    static let usersJSON = #"{"users":[{"id":1,"name":"Ada"},{"id":2,"name":"Grace"}],"page":2}"#
    static let readme = "NetworkLab replays this text, which the server sent gzip-compressed.\n"
    static let created = #"{"id":7,"name":"new item"}"#
    static let postBody = #"{"name":"new item"}"#

    static var data: Data { Data(json.utf8) }

    static let json = """
    {
      "log": {
        "version": "1.2",
        "creator": {"name": "WebInspector", "version": "537.36"},
        "pages": [{"startedDateTime": "2026-12-01T10:00:00.000Z", "id": "page_1", "title": "https://api.example.com/", "pageTimings": {"onContentLoad": 120, "onLoad": 300}}],
        "entries": [
          \(entry(start: "10:00:00.100", method: "GET", url: "https://api.example.com/users?sort=name&page=2", status: 200,
                  responseHeaders: #"{"name": "content-type", "value": "application/json; charset=utf-8"}, {"name": "x-request-id", "value": "abc"}"#,
                  content: #"{"size": \#(usersJSON.utf8.count), "mimeType": "application/json", "text": \#(quoted(usersJSON))}"#)),
          \(entry(start: "10:00:00.200", method: "GET", url: "https://cdn.example.com/logo.png", status: 200,
                  responseHeaders: #"{"name": "content-type", "value": "image/png"}, {"name": "content-length", "value": "70"}"#,
                  content: #"{"size": 70, "mimeType": "image/png", "text": "\#(pngBase64)", "encoding": "base64"}"#)),
          \(entry(start: "10:00:00.300", method: "GET", url: "https://api.example.com/readme.txt", status: 200,
                  responseHeaders: #"{"name": "content-type", "value": "text/plain"}, {"name": "content-encoding", "value": "gzip"}, {"name": "content-length", "value": "61"}"#,
                  content: #"{"size": \#(readme.utf8.count), "mimeType": "text/plain", "compression": 9, "text": \#(quoted(readme))}"#)),
          \(entry(start: "10:00:00.400", method: "POST", url: "https://api.example.com/items", status: 201,
                  requestExtra: #""postData": {"mimeType": "application/json", "text": \#(quoted(postBody))},"#,
                  responseHeaders: #"{"name": "content-type", "value": "application/json"}, {"name": "location", "value": "/items/7"}"#,
                  content: #"{"size": \#(created.utf8.count), "mimeType": "application/json", "text": \#(quoted(created))}"#)),
          \(entry(start: "10:00:00.500", method: "DELETE", url: "https://api.example.com/items/7", status: 204,
                  responseHeaders: #"{"name": "x-deleted", "value": "7"}"#,
                  content: #"{"size": 0, "mimeType": "x-unknown"}"#, bodySize: -1)),
          \(entry(start: "10:00:00.600", method: "GET", url: "https://api.example.com/counter", status: 200,
                  responseHeaders: #"{"name": "content-type", "value": "text/plain"}"#, content: #"{"size": 5, "mimeType": "text/plain", "text": "hit 1"}"#)),
          \(entry(start: "10:00:00.700", method: "GET", url: "https://api.example.com/counter", status: 200,
                  responseHeaders: #"{"name": "content-type", "value": "text/plain"}"#, content: #"{"size": 5, "mimeType": "text/plain", "text": "hit 2"}"#)),
          \(entry(start: "10:00:00.800", method: "GET", url: "https://api.example.com/counter", status: 503,
                  responseHeaders: #"{"name": "content-type", "value": "text/plain"}, {"name": "retry-after", "value": "1"}"#,
                  content: #"{"size": 5, "mimeType": "text/plain", "text": "hit 3"}"#))
        ]
      }
    }
    """

    private static func quoted(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }

    private static func entry(
        start: String, method: String, url: String, status: Int, requestExtra: String = "",
        responseHeaders: String, content: String, bodySize: Int = 120
    ) -> String {
        let path = url.split(separator: "/", maxSplits: 3).dropFirst(2).first.map { _ in "/" + (url.split(separator: "/", maxSplits: 3).last ?? "") } ?? "/"
        return """
        {
          "_initiator": {"type": "script", "stack": {"callFrames": []}},
          "_priority": "High",
          "_resourceType": "fetch",
          "cache": {},
          "connection": "443",
          "pageref": "page_1",
          "request": {
            "method": "\(method)",
            "url": "\(url)",
            "httpVersion": "http/2.0",
            "headers": [
              {"name": ":authority", "value": "api.example.com"},
              {"name": ":method", "value": "\(method)"},
              {"name": ":path", "value": "\(path)"},
              {"name": ":scheme", "value": "https"},
              {"name": "accept", "value": "*/*"},
              {"name": "authorization", "value": "Bearer secret-token"}
            ],
            "queryString": [],
            "cookies": [],
            \(requestExtra)
            "headersSize": -1,
            "bodySize": 0
          },
          "response": {
            "status": \(status),
            "statusText": "",
            "httpVersion": "http/2.0",
            "headers": [{"name": ":status", "value": "\(status)"}, \(responseHeaders)],
            "cookies": [],
            "content": \(content),
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": \(bodySize),
            "_transferSize": 400,
            "_error": null
          },
          "serverIPAddress": "93.184.216.34",
          "startedDateTime": "2026-12-01T\(start)Z",
          "time": 80.5,
          "timings": {"blocked": 1.2, "dns": -1, "ssl": -1, "connect": -1, "send": 0.3, "wait": 60, "receive": 19, "_blocked_queueing": 0.8, "_workerStart": -1}
        }
        """
    }
}
