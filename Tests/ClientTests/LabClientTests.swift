import NetworkCore
import Foundation
import MockServer
import Testing
import TestSupport
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
            let before = ContinuousClock.now
            let batch = await LabClient().downloadAll(urls, concurrency: 2, progress: { index, progress in
                if progress.isComplete { finals.withLock { $0[index] = progress } }
            })
            let outside = ContinuousClock.now - before
            let results = try batch.results.map { try $0.get() }
            let sizes: [Int64] = (1...8).map { (index: Int) -> Int64 in Int64(index) * 10_000 }
            #expect(results.map(\.bytes) == sizes)
            #expect(batch.succeeded == 8 && batch.totalBytes == 360_000)
            // The wall time spans every download and lies within the call; two at a time, the
            // downloads' own times add up to at most twice the wall time (1 ms for the clocks).
            let totals = results.map(\.timings.total)
            #expect(batch.wallTime >= totals.max()! && batch.wallTime <= outside, "\(batch.wallTime), \(totals), \(outside)")
            let sum: Duration = totals.reduce(Duration.zero, +)
            let bound: Duration = batch.wallTime * 2 + Duration.milliseconds(1)
            #expect(sum <= bound, "\(totals) in \(batch.wallTime)")
            let completed: [Int] = finals.withLock { $0.keys.sorted() }
            #expect(completed == Array(0..<8))
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
                #expect(data == Data(try Payload.bytes(seed: UInt64(index), count: 50_000)))
            }
        }
    }

    /// Runs alone in a child process: its 2,000 sockets, held at once beside other tests
    /// starting processes, crashed Foundation's `Process.run` (a known over-read once a process
    /// has about 1,400 descriptors open).
    @Test func thousandDownloads_inFlightAtOnce_onOneEventLoop() async throws {
        try await IsolatedTest.run("LabClientTests/thousandDownloadsInThisProcess", module: "ClientTests", timeout: 240)
    }

    @Test(.enabled(if: IsolatedTest.isChild)) func thousandDownloadsInThisProcess() async throws {
        // The server holds every request until all 1,000 wait at once, so the batch completes
        // only if the client had them all in flight together; after 60 s it lets them go and
        // the count says how many there were.
        let gate = RequestGate(count: 1000)
        let route = Route(.get, "/gated") { _ in
            await gate.arrive()
            return .payload(size: 2000)
        }
        try await withMockServer(.init(routes: [route])) { server in
            let urls = Array(repeating: server.url("/gated"), count: 1000)
            var configuration = ClientConfiguration()
            configuration.readBufferSize = 16 * 1024
            configuration.timeouts.firstByte = .seconds(120)
            let patience = Task {
                try await Task.sleep(for: .seconds(60))
                gate.release()
            }
            let batch = await LabClient(configuration: configuration).downloadAll(urls)
            patience.cancel()
            #expect(gate.mostWaiting == 1000, "at most \(gate.mostWaiting) requests in flight at once")
            #expect(batch.succeeded == 1000)
            let entries = await server.entries(count: 1000)
            #expect(Set(entries.map(\.connection)).count == 1000)
        }
    }
}
