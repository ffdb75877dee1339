import Foundation

/// The threads route handlers and body streams run on: a task executor of the server's own,
/// apart from Swift's cooperative pool.
///
/// A test suite runs its tests on the cooperative pool (two threads on a 2-core machine), and a
/// test that blocks a pool thread, or a thousand tests starting at once, would otherwise keep a
/// route's handler from running for seconds while its client waits. On these threads a handler
/// runs as soon as its request is in. Handlers should still not block: a blocked thread here
/// delays the other servers' handlers in the process.
final class HandlerExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: `jobs` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var jobs = FIFO<UnownedJob>()

    /// The executor every server and proxy in the process shares, started on first use.
    static let shared = HandlerExecutor(threads: max(2, ProcessInfo.processInfo.activeProcessorCount))

    private init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [self] in run() }
            thread.name = "MockServer handlers \(index)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.popFirst()
            condition.unlock()
            job?.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
