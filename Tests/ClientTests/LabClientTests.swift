import NetworkCore
import Foundation
import MockServer
import Testing
@testable import NetworkLabClient

@Suite struct LabClientTests {
    @Test func cancellingADownload_failsIt_andClosesItsConnectionAtOnce() async throws {
        let peerSawClose = AsyncStream<Bool>.makeStream()
        let peer = try RawPeer { connection, _ in
            _ = connection.readRequest()
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n" + String(repeating: "x", count: 65_536))
            connection.waitForClose()
            peerSawClose.continuation.yield(true)
            connection.close()
        }
        let started = AsyncStream<Void>.makeStream()
        let download = Task {
            try await LabClient().download(peer.url("/big"), progress: { _ in started.continuation.yield() })
        }
        var progress = started.stream.makeAsyncIterator()
        _ = await progress.next()
        download.cancel()
        await #expect(throws: DownloadError.cancelled) { _ = try await download.value }
        var closes = peerSawClose.stream.makeAsyncIterator()
        #expect(await closes.next() == true)
    }

    @Test func cancellingADownload_dropsItsConnectionOnMockServer() async throws {
        try await withMockServer { server in
            let started = AsyncStream<Void>.makeStream()
            let download = Task {
                try await LabClient().download(server.url("/bytes/50MB?bandwidth=2MB/s"), to: .sink { _, _ in }, progress: { _ in
                    started.continuation.yield()
                })
            }
            var progress = started.stream.makeAsyncIterator()
            _ = await progress.next()
            #expect(await server.connectionCount() == 1)
            download.cancel()
            await #expect(throws: DownloadError.cancelled) { _ = try await download.value }
            let deadline = ContinuousClock.now + .seconds(5)
            while await server.connectionCount() > 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(await server.connectionCount() == 0)
        }
    }

    @Test func downloadAll_keepsInputOrder_withAtMostKConnections() async throws {
        try await withMockServer { server in
            let urls = (1...8).map { server.url("/bytes/\($0 * 10)KB") }
            let finals = Lock<[Int: DownloadProgress]>([:])
            let batch = await LabClient().downloadAll(urls, concurrency: 2, progress: { index, progress in
                if progress.isComplete { finals.withLock { $0[index] = progress } }
            })
            let sizes = try batch.results.map { try $0.get().bytes }
            #expect(sizes == (1...8).map { Int64($0 * 10_000) })
            #expect(batch.succeeded == 8 && batch.totalBytes == 360_000 && batch.wallTime > .zero)
            #expect(finals.withLock { $0.keys.sorted() } == Array(0..<8))
            #expect(Set(await server.entries(count: 8).map(\.connection)).count <= 2)
        }
    }

    @Test func downloadAll_writesEachDownloadWhereTheDestinationSays() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withMockServer { server in
            let urls = (0..<3).map { server.url("/bytes/50KB?seed=\($0)") }
            let batch = await LabClient().downloadAll(urls, to: { index, _ in .file(folder.appendingPathComponent("\(index).bin")) })
            #expect(batch.succeeded == 3)
            for index in 0..<3 {
                let data = try Data(contentsOf: folder.appendingPathComponent("\(index).bin"))
                #expect(data == Data(Payload.bytes(seed: UInt64(index), count: 50_000)))
            }
        }
    }

    @Test func thousandDownloads_inFlightAtOnce_onOneEventLoop() async throws {
        try await withMockServer { server in
            let urls = Array(repeating: server.url("/bytes/2KB?latency=2s"), count: 1000)
            var configuration = ClientConfiguration()
            configuration.readBufferSize = 16 * 1024
            let batch = await LabClient(configuration: configuration).downloadAll(urls)
            #expect(batch.succeeded == 1000)
            // Overlap as the server saw it, not a wall time that a busy machine stretches: one
            // after another, there would never be two requests in flight.
            let entries = await server.entries(count: 1000)
            let peak = Self.mostInFlight(entries.map { ($0.start, $0.start + $0.duration) })
            #expect(peak > 100, "at most \(peak) requests in flight at once")
            #expect(Set(entries.map(\.connection)).count > 100)
        }
    }

    /// The largest number of the `(start, end)` intervals that overlap at one moment.
    private static func mostInFlight(_ intervals: [(start: Double, end: Double)]) -> Int {
        // Ends sort before starts at the same moment: a request that ends as another begins
        // was not in flight with it.
        let events = intervals.flatMap { [($0.start, 1), ($0.end, -1)] }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        var inFlight = 0
        var peak = 0
        for (_, change) in events {
            inFlight += change
            peak = max(peak, inFlight)
        }
        return peak
    }
}
