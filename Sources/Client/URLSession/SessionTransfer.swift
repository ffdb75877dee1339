import Foundation
import NetworkCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One `URLSession` download's state: it stores the body, checks the status, length and
/// digest, and reports progress, like ``Download`` does for our clients.
final class SessionTransfer: Sendable {
    private struct State {
        var store: BodyStore
        var response: DownloadResponse?
        var expected: Int64?
        var received: Int64 = 0
        var digest: SHA256?
        var expectedDigest: [UInt8]?
        var failure: DownloadError?
        var firstByte: Instant?
        var lastByte: Instant?
        var lastProgress: Instant?
        var onFinish: (@Sendable (Result<DownloadResult, DownloadError>) -> Void)?
    }

    private let url: URL
    private let configuration: ClientConfiguration
    private let progress: (@Sendable (DownloadProgress) -> Void)?
    private let start: Instant
    private let state: Lock<State>

    init(url: URL, store: sending BodyStore, configuration: ClientConfiguration, progress: (@Sendable (DownloadProgress) -> Void)?, start: Instant) {
        self.url = url
        self.configuration = configuration
        self.progress = progress
        self.start = start
        state = Lock(State(store: store))
    }

    /// The store, once the transfer has finished.
    var store: BodyStore {
        state.withLock { $0.store }
    }

    /// Called once with the outcome.
    var onFinish: (@Sendable (Result<DownloadResult, DownloadError>) -> Void)? {
        get { state.withLock { $0.onFinish } }
        set { state.withLock { $0.onFinish = newValue } }
    }

    /// The response head arrived; returns whether to read its body.
    func begin(_ response: URLResponse) -> Bool {
        let now = Instant.now()
        return state.withLock { state in
            state.firstByte = now
            guard let http = response as? HTTPURLResponse else {
                state.failure = .malformedResponse("not an HTTP response")
                return false
            }
            var headers = HeaderFields()
            for (name, value) in http.allHeaderFields {
                headers.add(String(describing: name), String(describing: value))
            }
            state.response = DownloadResponse(status: http.statusCode, headers: headers)
            guard (200..<300).contains(http.statusCode) else {
                state.failure = .httpStatus(http.statusCode, body: "")
                return false
            }
            state.expected = http.expectedContentLength >= 0 ? http.expectedContentLength : nil
            state.expectedDigest = headers["Repr-Digest"].flatMap(ReprDigest.sha256)
            if configuration.requestDigest || state.expectedDigest != nil { state.digest = SHA256() }
            do throws(DownloadError) {
                try state.store.begin(BodyStart(restart: false, validator: nil, validatorChanged: false, expectedLength: state.expected))
            } catch {
                state.failure = error
                return false
            }
            return true
        }
    }

    /// Body bytes arrived; returns false to abort (the store failed).
    func receive(_ data: Data) -> Bool {
        let now = Instant.now()
        let report: DownloadProgress? = state.withLock { state in
            let offset = state.received
            let failure = data.withUnsafeBytes { bytes -> DownloadError? in
                state.digest?.update(bytes)
                do throws(DownloadError) {
                    try state.store.write(bytes, at: offset)
                    return nil
                } catch {
                    return error
                }
            }
            if let failure {
                state.failure = failure
                return nil
            }
            state.received += Int64(data.count)
            state.lastByte = now
            guard progress != nil, state.lastProgress.map({ now - $0 >= configuration.progressInterval }) ?? true else { return nil }
            state.lastProgress = now
            return makeProgress(state, now: now, complete: false)
        }
        if let report { progress?(report) }
        return state.withLock { $0.failure == nil }
    }

    /// The task ended, with `error` or not: checks the body and reports the outcome.
    func complete(_ error: (any Error)?) {
        let now = Instant.now()
        let (outcome, finish, report) = state.withLock { state in
            let outcome = result(&state, error: error, now: now)
            let report = (try? outcome.get()).map { _ in makeProgress(state, now: now, complete: true) }
            return (outcome, state.onFinish, report)
        }
        if let report { progress?(report) }
        finish?(outcome)
    }

    private func result(_ state: inout State, error: (any Error)?, now: Instant) -> Result<DownloadResult, DownloadError> {
        if let failure = state.failure { return .failure(failure) }
        if let error {
            let failure = failure(error, received: state.received)
            // libcurl reports a body cut short as an unspecific error: name it when we can.
            if let expected = state.expected, state.received < expected, failure.isConnectionLoss {
                return .failure(.truncated(expected: expected, received: state.received))
            }
            return .failure(failure)
        }
        guard let response = state.response else { return .failure(.emptyReply) }
        if let expected = state.expected, state.received != expected {
            return .failure(.truncated(expected: expected, received: state.received))
        }
        var verified = false
        if let expectedDigest = state.expectedDigest, let digest = state.digest {
            let actual = digest.finalize()
            guard actual == expectedDigest else {
                return .failure(.digestMismatch(expected: ReprDigest.base64(expectedDigest), actual: ReprDigest.base64(actual)))
            }
            verified = true
        }
        let firstByte = state.firstByte ?? start
        return .success(DownloadResult(
            url: url, response: response, bytes: state.received,
            timings: DownloadTimings(
                connect: .zero, timeToFirstByte: firstByte - start,
                transfer: (state.lastByte ?? firstByte) - firstByte, total: now - start),
            attempts: 1, resumed: false, digestVerified: verified))
    }

    private func makeProgress(_ state: State, now: Instant, complete: Bool) -> DownloadProgress {
        let elapsed = now - start
        return DownloadProgress(
            bytesReceived: state.received, totalBytes: state.expected ?? (complete ? state.received : nil),
            bytesPerSecond: elapsed.seconds > 0 ? Double(state.received) / elapsed.seconds : 0,
            elapsed: elapsed, isComplete: complete)
    }

    /// The download error for a `URLSession` error.
    private func failure(_ error: any Error, received: Int64) -> DownloadError {
        guard let error = error as? URLError else { return .network(String(describing: error)) }
        switch error.code {
        case .cancelled: return .cancelled
        case .cannotConnectToHost: return .refused(host: url.host ?? "", port: url.port ?? 80)
        case .networkConnectionLost: return received > 0 ? .reset(received: received) : .emptyReply
        case .timedOut: return .timeout(.idle, limit: configuration.timeouts.idle ?? .zero)
        case .cannotFindHost, .dnsLookupFailed: return .resolution(host: url.host ?? "", reason: error.localizedDescription)
        case .badServerResponse, .cannotParseResponse: return .malformedResponse(error.localizedDescription)
        case .unsupportedURL: return .unsupportedScheme(url.scheme ?? "")
        case .httpTooManyRedirects: return .tooManyRedirects(limit: 16)
        default: return .network("\(error.code.rawValue): \(error.localizedDescription)")
        }
    }
}
