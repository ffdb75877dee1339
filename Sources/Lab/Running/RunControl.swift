import Synchronization

/// What one mode's run shares with its progress display and its stop handler: the bytes
/// done so far and whether to stop. Lock-free, so the hot paths (a sink per read, a hash per
/// slice) pay one atomic add.
final class RunControl: Sendable {
    private let done = Atomic<Int64>(0)
    private let stopping = Atomic<Bool>(false)

    /// Bytes received and verified (or hashed) so far.
    var bytesDone: Int64 { done.load(ordering: .relaxed) }

    /// Adds `count` bytes done.
    func add(_ count: Int) {
        done.add(Int64(count), ordering: .relaxed)
    }

    /// Whether the run should stop now (Ctrl-C).
    var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Asks every job of the run to stop at its next chance.
    func stop() {
        stopping.store(true, ordering: .relaxed)
    }
}
