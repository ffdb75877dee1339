import Foundation
import NetworkCore
@testable import MockServer
import NetworkLabClient

/// The client's ``Download`` against a ``VirtualServer`` over an in-memory pipe, on a manual
/// clock: retries, backoff, timeouts, `Retry-After`, stalls and pacing run in microseconds, and
/// give the same instants every run.
///
/// The clock jumps to the next thing that happens: a piece of the answer leaving the server,
/// a client deadline passing, or the end of a backoff. Connections are kept alive and reused as
/// the client's pool would (one at a time); a kept connection the server has closed meanwhile
/// reads as end of stream, as on a socket.
///
/// ```swift
/// let server = VirtualServer(.init(faults: FaultPlan([FaultRule(.status(503), first: 1, retryAfter: 2)])))
/// let run = try VirtualLink(server).download("/bytes/100")
/// #expect(run.result?.attempts == 2)
/// #expect(run.sent == [.zero, .seconds(2)])
/// ```
package final class VirtualLink {
    package let server: VirtualServer
    package var configuration: ClientConfiguration
    /// The kept-alive connection, as the client's pool holds it between downloads.
    private var kept: VirtualServer.Connection?

    /// What one download did, in virtual time from the server's start.
    package struct Run {
        package var result: DownloadResult?
        package var error: DownloadError?
        /// The body as the store holds it at the end.
        package var body: [UInt8] = []
        /// When each request was sent.
        package var sent: [Duration] = []
        /// The requests, as sent.
        package var requests: [String] = []
        /// When the download finished or failed.
        package var ended: Duration = .zero
    }

    package init(_ server: VirtualServer, configuration: ClientConfiguration = ClientConfiguration()) {
        self.server = server
        self.configuration = configuration
    }

    /// Downloads `target` (`/path?query`) from the virtual server, starting at `start` after
    /// the server's start.
    package func download(_ target: String, method: RequestMethod = .get, start: Duration = .zero) throws -> Run {
        let url = try require_(URL(string: "http://127.0.0.1:8080" + target))
        let origin = server.startedAt
        var clock = origin + start
        var download = try Download(DownloadRequest(url: url, method: method), configuration: configuration, canRestart: true, progress: nil, now: clock)
        var run = Run()
        var connection = kept
        kept = nil
        defer { kept = connection }
        while true {
            switch download.nextStep(now: clock) {
            case .wait(let until):
                clock = max(clock, until)
            case .finish(let result):
                run.result = result
                run.ended = clock - origin
                return run
            case .fail(let error):
                run.error = error
                run.ended = clock - origin
                return run
            case .send(let attempt):
                let reused = connection != nil && !attempt.needsFreshConnection
                if !reused {
                    connection?.clientClosed(at: clock)
                    connection = server.connect(at: clock)
                }
                let current = connection!
                download.connected(now: clock, reused: reused)
                run.sent.append(clock - origin)
                run.requests.append(String(decoding: attempt.request, as: UTF8.self))
                current.receive(attempt.request, at: clock)
                let keep = read(current, &download, &run, clock: &clock)
                if !keep { current.clientClosed(at: clock) }
                connection = keep ? current : nil
            }
        }
    }

    /// Reads the answer as the client's loop does; returns whether the connection may be kept.
    private func read(_ connection: VirtualServer.Connection, _ download: inout Download, _ run: inout Run, clock: inout Instant) -> Bool {
        do throws(DownloadError) {
            while true {
                let deadline = download.readDeadline()
                guard let (at, output) = connection.take() else {
                    // Nothing more will come (a stall): only a deadline ends the wait.
                    guard let deadline else { preconditionFailure("the download would wait forever") }
                    clock = max(clock, deadline.instant)
                    throw deadline.error
                }
                if let deadline, at > deadline.instant {
                    clock = max(clock, deadline.instant)
                    throw deadline.error
                }
                clock = max(clock, at)
                switch output {
                case .end:
                    try download.receiveEnd(now: clock)
                    return false
                case .reset:
                    throw DownloadError.reset(received: download.bytesReceived)
                case .bytes(var bytes):
                    let outcome = bytes.withUnsafeMutableBytes { buffer in
                        Result { () throws(DownloadError) in
                            let delivery = try download.receive(buffer, now: clock)
                            if delivery.start?.restart == true { run.body.removeAll() }
                            store(UnsafeRawBufferPointer(rebasing: buffer[delivery.body]), at: delivery.offset, in: &run.body)
                            return delivery
                        }
                    }
                    let delivery = try outcome.get()
                    if delivery.isDone { return download.connectionIsReusable }
                }
            }
        } catch {
            download.attemptFailed(error, now: clock)
            return false
        }
    }

    private func store(_ bytes: UnsafeRawBufferPointer, at offset: Int64, in body: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        let offset = Int(offset)
        if body.count < offset + bytes.count { body += [UInt8](repeating: 0, count: offset + bytes.count - body.count) }
        body.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
    }
}

/// `#require` for a harness outside a test: throws instead of recording.
private func require_<T>(_ value: T?) throws -> T {
    guard let value else { throw VirtualLinkError.invalidTarget }
    return value
}

package enum VirtualLinkError: Error { case invalidTarget }
