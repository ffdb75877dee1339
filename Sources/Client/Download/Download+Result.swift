import Foundation
import NetworkCore

// What a download reports: progress on the way, its result at the end.
extension Download {
    /// Reports progress, at most once per `progressInterval`.
    mutating func reportProgress(now: Instant) {
        guard let progress else { return }
        if let lastProgress, now - lastProgress < configuration.progressInterval { return }
        lastProgress = now
        progress(makeProgress(now: now, complete: false))
    }

    private func makeProgress(now: Instant, complete: Bool) -> DownloadProgress {
        let elapsed = now - started
        let seconds = elapsed.seconds
        return DownloadProgress(
            bytesReceived: received, totalBytes: totalLength ?? (complete ? received : nil),
            bytesPerSecond: seconds > 0 ? Double(receivedThisCall) / seconds : 0,
            elapsed: elapsed, isComplete: complete)
    }

    /// The result of the finished download, after the last progress report.
    func result(now: Instant) -> DownloadResult {
        progress?(makeProgress(now: now, complete: true))
        let connected = connectedAt ?? attemptStarted
        let firstByte = firstByteAt ?? connected
        let head = finalResponse ?? HTTPResponseHead(status: 0)
        return DownloadResult(
            url: url,
            response: DownloadResponse(status: head.status, headers: head.headers),
            bytes: received,
            timings: DownloadTimings(
                connect: reusedConnection ? .zero : connected - attemptStarted,
                timeToFirstByte: firstByte - connected,
                transfer: (lastByteAt ?? firstByte) - firstByte,
                total: now - started),
            attempts: attempts,
            resumed: resumed,
            digestVerified: digestVerified)
    }

    @discardableResult
    mutating func settle(_ step: Step) -> Step {
        outcome = step
        return step
    }
}
