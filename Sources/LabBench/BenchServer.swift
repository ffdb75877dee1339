import MockServer
import NetworkCore

/// MockServer as the benchmarks start it: failures become ``BenchError``s, and the server is
/// closed whether the measurements finish or fail.
enum BenchServer {
    /// Runs `body` with a started server and closes the server afterwards.
    static func with<T>(
        _ configuration: MockServer.Configuration = MockServer.Configuration(),
        _ body: (MockServer) async throws(BenchError) -> T
    ) async throws(BenchError) -> T {
        do {
            return try await withMockServer(configuration) { server in try await body(server) }
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("MockServer did not start: \(error)")
        }
    }

    /// The journal entries of `targets` (path and query as sent), in their order, once the
    /// server has journaled every exchange its clients have seen.
    static func entries(_ server: MockServer, targets: [String]) async throws(BenchError) -> [JournalEntry] {
        await server.settled()
        var byTarget: [String: JournalEntry] = [:]
        for entry in server.journal.entries { byTarget[entry.path + (entry.query.map { "?" + $0 } ?? "")] = entry }
        let found = targets.compactMap { byTarget[$0] }
        guard found.count == targets.count else {
            let missing = targets.first { byTarget[$0] == nil }!
            throw BenchError("the server's journal lacks \(targets.count - found.count) of \(targets.count) requests, \(missing) among them")
        }
        return found
    }
}

extension JournalEntry {
    /// Body bytes over body transfer time as the server measured them, on its event loop's
    /// clock: from the response head's send (when the body may start) to the send of the last
    /// body byte.
    var bodyRate: Double {
        Double(bytesSent) / (duration - (timeToFirstByte ?? .zero)).seconds
    }
}
