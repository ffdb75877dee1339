import Foundation
import TestSupport
import Testing

/// The checker every HAR-writing test relies on must itself catch what it claims to.
@Suite struct HARFieldCheckTests {
    @Test func check_flagsMissingAndWrongFields() {
        let bad = #"""
        {"log": {"version": "1.1", "creator": {"name": "x"}, "entries": [{
          "startedDateTime": "yesterday", "time": 5, "request": {"method": "GET", "url": "/relative", "httpVersion": "HTTP/1.1",
            "cookies": [], "headers": [{"name": "a"}], "queryString": [], "headersSize": -1, "bodySize": 0},
          "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "cookies": [], "headers": [],
            "content": {"size": 1, "mimeType": "x", "encoding": "hex", "text": "zz"}, "headersSize": -1, "bodySize": 1, "extra": 1},
          "timings": {"send": 1, "wait": -2, "receive": 1}
        }]}}
        """#
        let problems = HARFieldCheck.problems(in: Data(bad.utf8))
        for expected in [
            "log.version", "log.creator.version: missing", "startedDateTime", "cache: missing", "request.url", "headers[0].value: missing",
            "redirectURL: missing", "extra: not a HAR 1.2 field", "encoding", "timings.wait", "time:",
        ] {
            #expect(problems.contains { $0.contains(expected) }, "\(expected) not flagged in \(problems)")
        }
        #expect(HARFieldCheck.problems(in: Data("[1".utf8)) == ["not a JSON object"])
    }
}
