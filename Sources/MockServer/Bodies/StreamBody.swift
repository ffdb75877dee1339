import NetworkCore

/// A handler's streamed body (``MockServer/Response/Body/stream(length:chunks:)``), read one
/// chunk at a time as the connection asks for it.
///
/// Backpressure without buffering: the next chunk is awaited only when the connection has
/// written the previous one. A chunk that is not there yet leaves the connection waiting (no
/// timer, no polling); the task awaiting it hands it to the event loop, which resumes the
/// connection. *Loop only*, apart from the task, which touches `iterator` alone and only while
/// no other task does (one fetch at a time, each started on the loop after the last delivered).
final class StreamBody: BodySource {
    /// The length the handler announced; nil sends `Transfer-Encoding: chunked` (or closes
    /// the connection after the body, for HTTP/1.0).
    let declaredLength: Int64?
    private let loop: EventLoop
    private let iterator: IteratorBox
    /// The chunk being sent and the body offset of its first byte.
    private(set) var chunk: [UInt8] = []
    private(set) var chunkStart: Int64 = 0
    /// Chunks taken from the stream so far (empty ones skipped).
    private(set) var chunkCount = 0
    /// True once the stream has finished (or was cancelled).
    private(set) var ended = false
    private var fetch: Task<Void, Never>?
    /// Why the stream ended early, if its producer can tell (a proxy's broken upstream body).
    var failure: (@Sendable () -> String?)?
    private var resume: (() -> Void)?

    /// The handler's iterator, handed from one fetch task to the next.
    private final class IteratorBox: @unchecked Sendable {
        // Unchecked: at most one fetch task at a time reads it; the next starts (on the loop)
        // only after the previous delivered through `loop.execute`, which orders them.
        var iterator: AsyncStream<[UInt8]>.AsyncIterator
        init(_ stream: AsyncStream<[UInt8]>) { iterator = stream.makeAsyncIterator() }
    }

    init(declaredLength: Int64?, chunks: AsyncStream<[UInt8]>, loop: EventLoop) {
        self.declaredLength = declaredLength.map { max(0, $0) }
        self.loop = loop
        iterator = IteratorBox(chunks)
    }

    var length: Int64? { declaredLength }

    var digestKey: String? { nil }

    func readiness(at offset: Int64) -> BodyReadiness {
        let count = available(at: offset)
        return count > 0 ? .ready(count) : ended ? .ended : .waiting
    }

    func whenReady(_ resume: @escaping () -> Void) {
        requestNext(resume: resume)
    }

    /// Every byte taken from the stream so far.
    var received: Int64 { chunkStart + Int64(chunk.count) }

    /// How many bytes from body offset `offset` are here to send now.
    private func available(at offset: Int64) -> Int {
        guard offset >= chunkStart else { return 0 }
        return max(0, Int(received - offset))
    }

    /// Copies bytes from body offset `offset` (within the current chunk) into `buffer`.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) -> Int {
        let start = Int(offset - chunkStart)
        let count = min(buffer.count, chunk.count - start)
        guard count > 0 else { return 0 }
        chunk.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + start, byteCount: count)
        }
        return count
    }

    /// The current chunk is sent: awaits the next one and calls `resume` on the loop when it
    /// (or the end) arrives. Only the latest `resume` is called, once.
    private func requestNext(resume: @escaping () -> Void) {
        guard !ended else { return }
        self.resume = resume
        guard fetch == nil else { return }
        let box = iterator
        let bound = LoopBound(self)
        let loop = loop
        fetch = Task(executorPreference: HandlerExecutor.shared) {
            let next = await box.iterator.next()
            loop.execute {
                bound.value.deliver(next)
            }
        }
    }

    private func deliver(_ next: [UInt8]?) {
        fetch = nil
        guard !ended else {
            // Cancelled while this chunk was on its way to the loop: finish the stream now.
            if next != nil { Self.finish(iterator) }
            return
        }
        if let next {
            // An empty chunk would end a chunked body early: wait for a real one.
            guard !next.isEmpty else {
                if let resume { requestNext(resume: resume) }
                return
            }
            chunkStart = received
            chunk = next
            chunkCount += 1
        } else {
            ended = true
        }
        let resume = self.resume
        self.resume = nil
        resume?()
    }

    /// The response no longer needs the stream (it ended, failed, or the client left): stop
    /// reading it, so the handler's `onTermination` runs and it can stop producing.
    func cancel() {
        resume = nil
        guard !ended else { return }
        ended = true
        chunk = []
        if let fetch {
            fetch.cancel()
        } else {
            Self.finish(iterator)
        }
    }

    /// Waits on the stream in a cancelled task, which makes AsyncStream finish and call the
    /// handler's onTermination(.cancelled).
    private static func finish(_ box: IteratorBox) {
        // A waiting next() finishes the stream when its task is cancelled; one that finds a
        // buffered chunk returns it instead, so keep asking until the stream says it is done.
        let task = Task { while await box.iterator.next() != nil {} }
        task.cancel()
    }
}
