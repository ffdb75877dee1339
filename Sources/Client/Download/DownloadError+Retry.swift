extension DownloadError {
    /// Whether a later attempt may succeed where this one failed.
    var isRetryable: Bool {
        switch self {
        case .refused, .reset, .emptyReply, .truncated: true
        case .timeout(let phase, _): phase != .total
        case .httpStatus(let code, _): code == 429 || (500..<600).contains(code)
        default: false
        }
    }

    /// Whether the connection went away under us (what a stale kept-alive connection does).
    var isConnectionLoss: Bool {
        switch self {
        case .reset, .emptyReply, .network: true
        default: false
        }
    }
}
