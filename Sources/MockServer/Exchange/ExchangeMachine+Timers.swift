import NetworkCore

/// The idle, header, body and linger timeouts.
extension ExchangeMachine {
    /// The timer for ``deadline`` fired at `now`. Before the deadline (it moved later since
    /// the timer was armed) nothing happens: arm it again for ``deadline``.
    ///
    /// `heldBack`: a streamed request body's handler has taken all it can hold for now, so the
    /// client waits for the server, not the other way round: the body's idle timeout starts
    /// again instead of refusing it.
    ///
    /// A driver whose loop runs late must first read the bytes that came in time: the timeout
    /// holds only if, with them, the connection is still idle or its head still incomplete.
    mutating func timerFired(now: Instant, heldBack: Bool = false) -> [ExchangeAction] {
        guard let deadline, phase != .closed, now >= deadline else { return [] }
        if heldBack, streaming {
            noteActivity(now)
            return []
        }
        self.deadline = nil
        switch phase {
        case .idle where headStartedAt != nil:
            return reject(status: 408, message: "the request head was not complete within \(limits.headerTimeout)")
        case .readingBody:
            let reader = body
            return reject(
                status: 408, message: "the request body stalled for \(limits.idleTimeout)", head: reader?.head, headAt: reader?.headAt
            )
        case .waiting where streaming:
            let reader = body
            let message = "the request body stalled for \(limits.idleTimeout)"
            return endStream(.failed(message)) + reject(status: 408, message: message, head: reader?.head, headAt: reader?.headAt)
        case .writing where streaming:
            return endStream(.failed("the request body stalled for \(limits.idleTimeout)")) + close()
        default:
            return close()
        }
    }
}
