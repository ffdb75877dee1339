import Foundation
import MockServer
import NetworkCore
import TestSupport
import Testing

extension LiveServerTests {
    /// `GET /_lab/` and `GET /_lab/events` over HTTP: the page, the stream a browser (or any
    /// test client) reads, and both untouched by the link and faults they show.
    @Suite struct DashboardEndpointsTests {
        /// Opens `GET /_lab/events` and returns the connection after the response head.
        static func openEvents(_ server: MockServer) async throws -> (RawConnection, RawResponse) {
            let port = server.port
            return try await blocking {
                let connection = try RawConnection(port: port, readTimeout: 10)
                try connection.write(RawConnection.request("GET", "/_lab/events"))
                return (connection, try connection.readHead())
            }
        }

        /// Reads the stream until `text` and the rest of its event have arrived; what arrived,
        /// as text. Fails after `seconds`; the stream ticks twice a second, so silence is a fault.
        static func read(_ connection: RawConnection, until wanted: String, within seconds: Double = 10) async throws -> String {
            try await blocking {
                let deadline = ContinuousClock.now + .seconds(seconds)
                var received: [UInt8] = []
                func done() -> Bool {
                    let text = String(decoding: received, as: UTF8.self)
                    guard let match = text.range(of: wanted) else { return false }
                    return text[match.upperBound...].contains("\n\n")
                }
                while !done() {
                    guard ContinuousClock.now < deadline else {
                        throw EventStreamError("no \(wanted) within \(seconds) s; got: \(String(decoding: received, as: UTF8.self).suffix(1500))")
                    }
                    received += try connection.read(count: 1)
                }
                return String(decoding: received, as: UTF8.self)
            }
        }

        @Test func page_isOneSelfContainedHTMLDocument() async throws {
            try await withMockServer { server in
                let response = try await server.get("/_lab/")
                #expect(response.status == 200)
                #expect(response["Content-Type"] == "text/html; charset=utf-8")
                #expect(response["Content-Security-Policy"]?.contains("default-src 'none'") == true)
                let html = response.text
                #expect(html.hasPrefix("<!DOCTYPE html>"))
                #expect(!html.contains("http://") && !html.contains("https://"), "no asset from anywhere")
                #expect(response.body.count < 100_000)
                #expect(try await server.get("/_lab/", method: .head).body.isEmpty)
                #expect(try await server.get("/_lab/", method: .post).status == 405)
            }
        }

        @Test func events_sendAnEvent_forEachRequest_andForALinkOrFaultChange() async throws {
            try await withMockServer { server in
                _ = try await server.get("/bytes/10")
                let (connection, head) = try await Self.openEvents(server)
                defer { connection.close() }
                #expect(head.status == 200)
                #expect(head["Content-Type"] == "text/event-stream")
                // First what was already there: the link, the faults, the request before.
                let snapshot = try await Self.read(connection, until: "\"path\":\"/bytes/10\"")
                #expect(snapshot.contains("event: link\ndata: {"))
                #expect(snapshot.contains("event: faults\ndata: {\"faults\":[]}"))

                _ = try await server.get("/status/418")
                let request = try await Self.read(connection, until: "\"path\":\"/status/418\"")
                #expect(request.contains("event: request\ndata: {"))
                #expect(request.contains("\"status\":418"))

                let put = try await server.send(.put, "/_lab/link", body: #"{"latency": "7ms", "link-bandwidth": "2MB/s"}"#)
                #expect(put.status == 200)
                let link = try await Self.read(connection, until: "\"latency\":\"7ms\"")
                #expect(link.contains("event: link\ndata: {"))
                #expect(link.contains("\"link-bandwidth\":\"2MB/s\""))

                try server.setFaults([Fault.status(503).first(1)])
                _ = try await Self.read(connection, until: "{\"faults\":[{\"fault\":\"status:503\",\"fault-first\":1}]}")
                _ = try await Self.read(connection, until: "event: tick\ndata: {\"bytesSent\":")
            }
        }

        @Test func pageAndEvents_areNeitherShapedNorFaulted_byTheLinkTheyShow() async throws {
            let link = LinkProfile(latency: .milliseconds(400), bandwidth: .bytesPerSecond(1000))
            try await withMockServer(.init(link: link, faults: [Fault.status(503).rate(1)])) { server in
                #expect(try await server.get("/bytes/10").status == 503, "the fault is in force")
                let page = try await server.get("/_lab/")
                #expect(page.status == 200)
                let (connection, head) = try await Self.openEvents(server)
                defer { connection.close() }
                #expect(head.status == 200)
                _ = try await Self.read(connection, until: "event: faults")
                await server.settled()
                let entry = try await server.entry("/_lab/")
                #expect(entry.fault == nil)
                // 36 KB at 1000 B/s would take half a minute, after 400 ms of latency.
                #expect(try #require(entry.timeToFirstByte) < .milliseconds(400))
                #expect(entry.duration < .seconds(5))
            }
        }

        @Test func closingTheServer_endsEveryEventStream() async throws {
            let server = try await MockServer.start()
            let (connection, _) = try await Self.openEvents(server)
            defer { connection.close() }
            _ = try await Self.read(connection, until: "event: faults")
            await server.close()
            let rest = try await blocking { connection.readToEnd() }
            #expect(rest.end == .closed)
            #expect(String(decoding: rest.bytes, as: UTF8.self).hasSuffix("0\r\n\r\n"), "the chunked body ends")
        }

        @Test func noControl_removesThePageAndItsEvents() async throws {
            try await withMockServer(.init(controlEndpoints: false)) { server in
                let page = try await server.get("/_lab/")
                let events = try await server.get("/_lab/events")
                #expect(page.status == 404)
                #expect(events.status == 404)
            }
        }
    }
}

/// The event stream did not bring what a test waited for.
struct EventStreamError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
