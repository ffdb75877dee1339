import NetworkCore

extension Download {
    /// The download error for a failed socket operation on the current attempt's connection;
    /// a timeout is reported as the phase whose `deadline` passed.
    func failure(_ error: AsyncIOError, deadline: Deadline?) -> DownloadError {
        switch error {
        case .timedOut: deadline?.error ?? .timeout(.idle, limit: .zero)
        case .cancelled, .closed: .cancelled
        case .socket(let error): failure(error)
        }
    }

    private func failure(_ error: SocketError) -> DownloadError {
        if error.isRefused { return .refused(host: currentTarget.host, port: currentTarget.port) }
        if error.isReset { return .reset(received: bytesReceived) }
        return .network(error.description)
    }
}
