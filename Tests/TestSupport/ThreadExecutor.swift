import Foundation

/// A task executor with a thread of its own that nothing else uses. A test that times an
/// `await` runs its task here (`Task(executorPreference:)`): the task resumes the moment its
/// continuation is resumed, instead of waiting for one of the cooperative pool's two
/// threads, which the tests running alongside keep busy for seconds at a time.
///
/// ```swift
/// let executor = ThreadExecutor(name: "timing")
/// defer { executor.shutdown() }
/// let waited = await Task(executorPreference: executor) { ... }.value
/// ```
package final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: `jobs` and `stopped` are only touched with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false

    package init(name: String) {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread once the jobs enqueued so far have run.
    package func shutdown() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        Thread.current.threadDictionary[BlockingCallCheck.ownThreadKey] = true
        while true {
            condition.lock()
            while jobs.isEmpty, !stopped { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let batch = jobs
            jobs.removeAll()
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }
}
