import NetworkCore

/// The connection's side of a request body streamed to the handler that answers it (a proxy's
/// upstream leg) while the answer may already be under way: the stream the handler reads, and
/// the connection's wake-ups when the handler makes room or first asks for the body, or when
/// the upload pacing allows more. The connection reads the client only as fast as the handler
/// takes the body, within the pacing. *Loop only.*
final class RequestBodyFeed {
    /// What the handler reads.
    let stream: RequestBodyStream
    /// The upload pacing's timer: the connection's own serves the response meanwhile.
    let pacingTimer: LoopTimer
    private let resume: () -> Void
    private var ended = false

    /// A feed for a body of `length` bytes (nil: chunked) read on `loop`. `resume` runs when
    /// the connection may read the client again (the handler made room, the pacing's wait is
    /// over), `demanded` at the handler's first pull; neither after ``end(_:)``.
    init(length: Int64?, loop: EventLoop, resume: @escaping () -> Void, demanded: @escaping () -> Void) {
        stream = RequestBodyStream(length: length, loop: loop)
        pacingTimer = LoopTimer(loop: loop)
        self.resume = resume
        stream.whenDemanded(onLoop(demanded))
    }

    /// How many bytes the handler has room for now; when none, `resume` runs once it has
    /// pulled some.
    func availableRoom() -> Int {
        let room = stream.room
        if room == 0 { stream.whenRoom(onLoop(resume)) }
        return room
    }

    /// Whether the handler holds the client back: the stream is full, so the client is not idle.
    var holdsClientBack: Bool { stream.room == 0 }

    /// Reads the client again at `deadline`, the upload pacing's.
    func wake(at deadline: Instant) {
        pacingTimer.arm(at: deadline) { [self] in
            if !ended { resume() }
        }
    }

    /// The body is over: the handler gets its end, or why it broke off.
    func end(_ end: StreamEnd) {
        ended = true
        pacingTimer.cancel()
        switch end {
        case .complete: stream.finish()
        case .abandoned: stream.fail("the response ended before the request body was read")
        case .failed(let reason): stream.fail(reason)
        }
    }

    /// `action`, for the stream to run on the loop, unless the feed has ended (or gone) by then.
    private func onLoop(_ action: @escaping () -> Void) -> @Sendable () -> Void {
        let bound = LoopBound((Weak(self), action))
        return {
            let (feed, action) = bound.value
            if let feed = feed.object, !feed.ended { action() }
        }
    }

    private struct Weak {
        weak var object: RequestBodyFeed?
        init(_ object: RequestBodyFeed) { self.object = object }
    }
}
