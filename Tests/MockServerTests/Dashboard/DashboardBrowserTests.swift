import Foundation
import MockServer
import TestSupport
import Testing

/// The dashboard in a real browser (headless Chromium): it lists the requests a server
/// served, with their statuses, and its own controls change the server's link. A chain of its
/// own beside ``LiveServerTests``: Chromium's time is mostly its own process's, and run in that
/// chain it made the whole suite wait for it at the end.
@Suite(.live, .serialized) struct DashboardBrowserTests {
    /// Each rendered row's path, status and class, as the page shows them.
    static let rows = """
        Array.from(document.querySelectorAll('#wf-rows .row')).map(r => [
          r.querySelector('.path').textContent, r.querySelector('.status').textContent, r.className])
        """

    @Test func page_listsTheRequestsServedBeforeAndAfterItOpened_withTheirStatuses() async throws {
        try await withMockServer(.init(seed: 42)) { server in
            _ = try await server.get("/bytes/10KB")
            _ = try await server.get("/status/404")
            // The fault resets the connection after 1 KB, which the raw client reports.
            _ = try? await server.get("/bytes/100KB?fault=reset-after:1KB")
            let url = server.url("/_lab/").absoluteString
            // A request made while the page is open arrives over its event stream.
            let later = server.url("/status/201").absoluteString
            // A proxy's page names the upstream it forwards to.
            var proxying = MockServer.Configuration(seed: .max)
            proxying.upstream = MockServer.Upstream(url: server.url("/"))
            let (results, proxyPort) = try await withMockServer(proxying) { proxy in
                (try await HeadlessChromium.run([
                    ["size": [1400, 900, false]], ["open": url],
                    ["wait": "document.querySelectorAll('#wf-rows .row').length === 3"],
                    ["eval": "fetch('\(later)').then(r => r.status)"],
                    ["wait": "document.querySelectorAll('#wf-rows .row').length === 4"],
                    ["eval": Self.rows],
                    ["eval": "document.getElementById('counts').textContent"],
                    ["eval": "document.getElementById('origin').textContent"],
                    ["open": proxy.url("/_lab/").absoluteString],
                    ["wait": "document.getElementById('origin').textContent.includes('seed')"],
                    ["eval": "document.getElementById('origin').textContent"],
                    // The page's own request, journalled with the seed: digit for digit too.
                    ["wait": "lab.all.length >= 1"],
                    ["eval": "String(lab.all[0].seed)"],
                ]), proxy.port)
            }
            let rows = try #require(results[1] as? [[String]])
            #expect(rows.map { $0[0] } == ["/bytes/10KB", "/status/404", "/bytes/100KB?fault=reset-after:1KB", "/status/201"])
            #expect(rows.map { $0[1] } == ["200", "404", "200", "201"])
            #expect(rows[1][2].contains("error"), "a 404 stands out")
            #expect(rows[2][2].contains("fault"), "a fault stands out")
            #expect(!rows[0][2].contains("error") && !rows[0][2].contains("fault"))
            #expect(results[2] as? String == "4 requests · 1 faulted · 1 error")
            #expect(results[3] as? String == "127.0.0.1:\(server.port) · seed 42")
            #expect(results[4] as? String == "127.0.0.1:\(proxyPort) → \(server.url("/").absoluteString) · seed 18446744073709551615")
            #expect(results[5] as? String == "18446744073709551615")
        }
    }

    /// Whether the page's first tick is its event stream's snapshot's: it came with the stream
    /// (the ticker's first comes half a second later), as its own in-flight list shows.
    static let firstTickIsTheSnapshots = """
        (() => { const own = lab.ticks[0].inFlight.find(e => e.path === '/_lab/events');
          return own !== undefined && lab.ticks[0].time - own.start < 0.25; })()
        """

    /// The throughput chart shows what the server sent before the page opened, from the
    /// journal (it used to start empty: ticks come only while a page listens), from the
    /// first tick the page gets, the snapshot's (a screenshot taken at once shows it).
    @Test func throughputChart_showsTheTrafficBeforeThePageOpened() async throws {
        try await withMockServer(.init(link: LinkProfile(bandwidth: .kilobytesPerSecond(500)))) { server in
            _ = try await server.get("/bytes/1MB")  // about 2 s at 500 KB/s
            let results = try await HeadlessChromium.run([
                ["size": [1400, 900, false]], ["open": server.url("/_lab/").absoluteString],
                ["wait": "lab.ticks.length >= 1 && lab.all.length >= 1"],
                ["eval": Self.firstTickIsTheSnapshots],
                ["eval": "document.getElementById('tp-svg').querySelectorAll('polyline').length"],
                ["wait": "lab.ticks.length >= 2"],
                ["eval": "journalRates(lab.ticks[lab.ticks.length - 1].time - 60, lab.ticks[0].time).map(r => r.rate)"],
                ["eval": "document.getElementById('tp-svg').querySelectorAll('polyline').length"],
                ["shot": FileManager.default.temporaryDirectory.appendingPathComponent("networklab-throughput.png").path],
            ])
            #expect(results[0] as? Bool == true, "the first tick is the snapshot's")
            #expect(results[1] as? Int == 1, "the chart draws a line from the snapshot's tick")
            let rates = try #require(results[2] as? [Double])
            // Every byte of the body is in the history, at rates near the cap.
            let total: Double = rates.reduce(0, +) * 0.5
            #expect(abs(total - 1_000_000) < 1_000, "\(rates)")
            let busy = rates.filter { $0 > 0 }
            #expect(busy.count >= 3 && busy.allSatisfy { $0 < 700_000 }, "\(rates)")
            #expect(results[3] as? Int == 1, "the chart draws a line")
        }
    }

    /// A download under way when the page opens is in the chart from the first tick: its
    /// bytes so far, spread from its start (the journal lists it only once it ends, and the
    /// chart said "now 0 B/s" while it went out at its cap).
    @Test func throughputChart_countsADownloadInFlightWhenThePageOpened() async throws {
        try await withMockServer(.init(link: LinkProfile(bandwidth: .kilobytesPerSecond(100)))) { server in
            let port = server.port
            // 20 s at 100 KB/s; the page opens once a second of it has arrived. The client goes on
            // reading: a client that stops fills the socket buffers, and the server's rate falls.
            let client = try await blocking {
                let client = try RawTCPClient(port: port)
                try client.send(Array("GET /bytes/2MB HTTP/1.1\r\nHost: t\r\n\r\n".utf8))
                _ = client.receive(limit: 100_000, silence: 10)
                return client
            }
            defer { client.close() }
            // Short of the rest by the head's length, so that it returns without waiting for silence.
            let rest = Task { try await blocking { client.receive(limit: 1_900_000, silence: 30).bytes.count } }
            let results = try await HeadlessChromium.run([
                ["size": [1400, 900, false]], ["open": server.url("/_lab/").absoluteString],
                ["wait": "lab.ticks.length >= 1"],
                ["eval": Self.firstTickIsTheSnapshots],
                ["eval": "lab.ticks[0].inFlight.filter(e => e.path === '/bytes/2MB').map(e => e.bytesSent)"],
                ["eval": "journalRates(lab.ticks[0].time - 60, lab.ticks[0].time).map(r => r.rate)"],
            ])
            #expect(results[0] as? Bool == true, "the first tick is the snapshot's")
            let sent = try #require((results[1] as? [Double])?.first, "\(results[1])")
            #expect(sent >= 100_000)
            let rates = try #require(results[2] as? [Double])
            let last = try #require(rates.last)
            #expect(abs(last - 100_000) < 30_000, "the download's rate so far, at its cap: \(rates)")
            #expect(rates.reduce(0, +) * 0.5 <= sent + 1, "no more than it sent: \(rates)")
            // The rest at once: no cap.
            try server.setLink(LinkProfile())
            #expect(try await rest.value == 1_900_000)
        }
    }

    /// A download held by a stall is listed as in flight, with its bytes and fault, until
    /// its client leaves; then it is a row of the waterfall like any other.
    @Test func exchangesInFlight_areListed_untilTheyEnd() async throws {
        try await withMockServer { server in
            let port = server.port
            let client = try await blocking {
                let client = try RawTCPClient(port: port)
                try client.send(Array("GET /bytes/100KB?fault=stall-after:10KB HTTP/1.1\r\nHost: t\r\n\r\n".utf8))
                return client
            }
            let url = server.url("/_lab/").absoluteString
            let inFlight = "Array.from(document.querySelectorAll('#inflight-list li')).map(li => li.textContent)"
            let results = try await HeadlessChromium.run([
                ["size": [1400, 900, false]], ["open": url],
                ["wait": "document.querySelectorAll('#inflight-list li').length === 1 && !document.getElementById('inflight').hidden"],
                ["eval": inFlight],
                ["eval": "document.getElementById('inflight-count').textContent"],
                ["eval": "document.querySelectorAll('#wf-rows .row').length"],
                // Listed from the first tick, the snapshot's: a screenshot taken as the page
                // loads shows it.
                ["eval": Self.firstTickIsTheSnapshots],
                ["eval": "lab.ticks[0].inFlight.map(e => e.path + '?' + e.query)"],
            ])
            let listed = try #require(results[0] as? [String])
            let line = try #require(listed.first)
            #expect(line.hasPrefix("GET /bytes/100KB?fault=stall-after:10KB · stalled · 10.0 KB · "), "\(line)")
            #expect(line.hasSuffix(" · stall-after:10KB"), "\(line)")
            #expect(results[1] as? String == "(1)")
            #expect(results[2] as? Int == 0, "the waterfall lists it only once it ends")
            #expect(results[3] as? Bool == true, "the first tick is the snapshot's")
            #expect((results[4] as? [String])?.first == "/bytes/100KB?fault=stall-after:10KB", "\(results[4])")

            client.close()
            let after = try await HeadlessChromium.run([
                ["open": url],
                ["wait": "document.querySelectorAll('#wf-rows .row').length === 1 && lab.ticks.length >= 1"],
                ["wait": "document.getElementById('inflight').hidden"],
                ["eval": Self.rows],
            ])
            let rows = try #require(after[0] as? [[String]])
            #expect(rows.map { $0[0] } == ["/bytes/100KB?fault=stall-after:10KB"])
        }
    }

    @Test func pagesOwnControls_changeTheLink_throughPutLink() async throws {
        try await withMockServer { server in
            let results = try await HeadlessChromium.run([
                ["size": [1400, 900, false]], ["open": server.url("/_lab/").absoluteString],
                ["wait": "document.getElementById('link-summary').textContent.includes('no shaping')"],
                // Type a latency as a user would, and press Enter to apply it.
                ["eval": "(() => { const input = document.getElementById('latency'); input.focus(); input.select(); })()"],
                ["type": "321"], ["key": "Enter"],
                ["wait": "document.getElementById('link-summary').textContent.includes('latency 321ms')"],
            ])
            #expect(results.count == 1)
            #expect(server.link.latency == .milliseconds(321))
            let link = try await server.get("/_lab/link").jsonObject()
            #expect(link["latency"] as? String == "321ms")

            // The preset menu applies a preset at once.
            _ = try await HeadlessChromium.run([
                ["open": server.url("/_lab/").absoluteString],
                ["wait": "document.getElementById('link-summary').textContent.includes('321ms')"],
                ["eval": "(() => { const menu = document.getElementById('preset'); menu.value = '3g'; menu.dispatchEvent(new Event('change')); })()"],
                ["wait": "document.getElementById('link-summary').textContent.startsWith('preset 3g')"],
            ])
            let preset = try await server.get("/_lab/link").jsonObject()
            #expect(preset["bandwidth"] as? String == "50KB/s")
            #expect(preset["latency"] as? String == "2s")
        }
    }
}
