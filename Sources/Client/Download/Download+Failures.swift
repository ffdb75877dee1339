import NetworkCore

extension Download {
    /// The download error for a failed socket operation on the current attempt's connection;
    /// a timeout is reported as the phase whose `deadline` passed.
    func failure(_ error: any Error, deadline: Deadline?) -> DownloadError {
        switch error {
        case let error as DownloadError:
            return error
        case AsyncIOError.timedOut:
            return deadline?.error ?? .timeout(.idle, limit: .zero)
        case AsyncIOError.cancelled, AsyncIOError.closed, is CancellationError:
            return .cancelled
        case AsyncIOError.socket(let error):
            return failure(error)
        case let error as SocketError:
            return failure(error)
        default:
            return .network(String(describing: error))
        }
    }

    private func failure(_ error: SocketError) -> DownloadError {
        if error.isRefused { return .refused(host: currentTarget.host, port: currentTarget.port) }
        if error.isReset { return .reset(received: bytesReceived) }
        return .network(error.description)
    }
}
