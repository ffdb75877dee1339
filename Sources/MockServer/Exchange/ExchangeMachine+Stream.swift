import NetworkCore

/// A request body that streams to its answer (a proxy's upstream) instead of being read
/// first: the request is dispatched at its head, and its body is framed, paced and handed on
/// (``ExchangeAction/streamBody(_:)``) while the answer is awaited or already sent. An answer
/// that ends before the body does ends the connection too (RFC 9112 §9.3): the rest of the
/// body is never read.
extension ExchangeMachine {
    /// The streamed body's consumer asked for it the first time: send the `100 Continue` the
    /// client waits for, unless its body started anyway or the answer did.
    mutating func bodyDemanded() -> [ExchangeAction] {
        guard continuePending else { return [] }
        continuePending = false
        guard phase == .waiting, streaming, body?.received == 0, input.isEmpty else { return [] }
        return [.write(Self.continueHead)]
    }

    /// Ends the streamed body, if one streams: stop pacing it and tell its consumer.
    mutating func endStream(_ end: StreamEnd) -> [ExchangeAction] {
        guard streaming else { return [] }
        streaming = false
        continuePending = false
        body = nil
        return [.uploadEnded, .streamEnded(end)]
    }
}
