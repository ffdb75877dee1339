import Foundation
import NetworkCore

extension RequestJournal {
    /// The kept entries as a HAR 1.2 archive (`GET /_lab/journal.har`), so DevTools' "Import
    /// HAR" shows an experiment's waterfall. `startedAt` is when the server started, on the
    /// wall clock: journal times count from it. Secrets are redacted, as in recordings: the
    /// journal is served to whoever can reach the server.
    public func harArchive(serverStartedAt startedAt: Date) -> HARArchive {
        HARArchive(entries: entries.map { $0.harEntry(serverStartedAt: startedAt).redactingSecrets() })
    }
}

extension JournalEntry {
    /// This entry as HAR, with its real timings: `send` while the request body came in, `wait`
    /// until the first response byte, `receive` until the response ended. Bodies the journal
    /// did not keep (`/bytes`, fixtures) appear with their size and no text.
    public func harEntry(serverStartedAt startedAt: Date) -> HAREntry {
        let host = requestHeaders["Host"] ?? "127.0.0.1"
        let url = "http://\(host)\(path)\(query.map { "?\($0)" } ?? "")"
        var request = HARRequest(method: method, url: url, httpVersion: httpVersion, headers: requestHeaders, body: requestBody ?? [])
        // A streamed body is kept by its start, as `lab proxy --record` keeps it; bodySize says how large it was.
        if let requestBodySize { request.bodySize = Int(clamping: requestBodySize) }
        var response: HARResponse
        if let status {
            var headers = responseHeaders
            if status != 204 && status != 304 && !headers.contains("Content-Length") { headers.set("Content-Length", String(bytesSent)) }
            headers.set("Server", MockServer.serverName)
            if let responseBody {
                response = HARResponse(status: status, headers: headers, body: responseBody, bodySize: Int(clamping: bytesSent))
            } else {
                response = HARResponse(status: status, headers: headers, omittedBodyOfSize: Int(clamping: bytesSent))
            }
        } else {
            // No response head went out (a reset, a client that left): HAR's convention for a
            // failed request, as browsers write it.
            response = HARResponse(status: 0, httpVersion: "", headers: [:], omittedBodyOfSize: 0)
            response.statusText = ""
            response.bodySize = -1
        }
        let send = max(0, requestTime.seconds)
        let wait = max(0, (timeToFirstByte ?? duration).seconds - send)
        let receive = max(0, duration.seconds - send - wait)
        return HAREntry(
            started: startedAt.addingTimeInterval(start.seconds), request: request, response: response,
            timings: HARTimings(send: send * 1000, wait: wait * 1000, receive: receive * 1000),
            connection: String(connection)
        )
    }
}
