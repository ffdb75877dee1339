import NetworkCore

/// Streaming a request body to the handler that answers it (a proxy's upstream leg) while the
/// answer may already be under way: read the client only as fast as the handler takes the
/// body, within the upload pacing.
extension ServerConnection {
    /// The request just dispatched streams its body: open the stream its handler reads.
    func openStream(length: Int64?) {
        let stream = RequestBodyStream(length: length, loop: engine.loop)
        requestStream = stream
        exchange?.streamedBody = RecordedRequestBody(limit: Exchange.keptBodyLimit)
        let bound = LoopBound(self)
        stream.whenDemanded { [weak stream] in
            let connection = bound.value
            guard let stream, connection.requestStream === stream else { return }
            connection.now = Instant.now()
            connection.perform(connection.machine.bodyDemanded())
        }
    }

    /// Moves what the stream has room for (and the upload pacing allows) from the socket
    /// through the machine's framing into the stream; true when the machine acted (the state
    /// may have changed), false when it must wait for the client, the pacing or the handler.
    func streamBody() -> Bool {
        guard let stream = requestStream else { return false }
        let room = stream.room
        guard room > 0 else {
            let bound = LoopBound(self)
            stream.whenRoom { [weak stream] in
                let connection = bound.value
                guard let stream, connection.requestStream === stream else { return }
                connection.now = Instant.now()
                connection.drive()
            }
            return false
        }
        guard let upload = uploadAllowance(wake: wakeStream) else { return false }
        return advance(allowance: min(room, upload))
    }

    /// Reads the streamed body again at `deadline` (the upload pacing's).
    func wakeStream(at deadline: Instant) {
        streamWakeTimer.arm(at: deadline) { [self] in
            now = Instant.now()
            drive()
        }
    }

    /// The streamed body is over: its handler gets its end, or why it broke off.
    func endStream(_ end: StreamEnd) {
        streamWakeTimer.cancel()
        guard let stream = requestStream else { return }
        requestStream = nil
        switch end {
        case .complete:
            exchange?.requestEndedAt = now
            stream.finish()
        case .abandoned:
            stream.fail("the response ended before the request body was read")
        case .failed(let reason):
            exchange?.error = reason
            stream.fail(reason)
        }
    }

    /// While the handler holds the client back (the stream is full), the client is not idle.
    var streamHoldsClientBack: Bool {
        guard machine.streaming, let requestStream else { return false }
        return requestStream.room == 0
    }
}
