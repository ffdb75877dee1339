import Foundation

/// Reports, on stderr, each time Swift's cooperative pool runs a task seconds late: the sign
/// that some test blocks or hogs one of its two threads, which starves every other test's
/// route handlers (a response that never comes). The line carries the wall-clock time, so
/// that the tests running then can be found in a timestamped log; ``BlockingCallCheck``
/// names the culprit directly when it is one of the test clients. Debug builds only; started
/// by the first ``blocking(_:)``.
package enum PoolWatch {
    /// How late a task may start before it is reported: far above a busy machine's normal.
    static let threshold: Duration = .seconds(3)

    /// Starts the watch once per process; later calls do nothing.
    package static func start() {
        #if DEBUG
        _ = started
        #endif
    }

    private static let started: Bool = {
        let thread = Thread { watch() }
        thread.name = "pool-watch"
        thread.stackSize = 1 << 18
        thread.start()
        return true
    }()

    private static func watch() {
        let clock = ContinuousClock()
        while true {
            let sent = clock.now
            let since = Date()
            let ran = DispatchSemaphore(value: 0)
            Task.detached { ran.signal() }
            ran.wait()
            let late = clock.now - sent
            if late > threshold {
                let line = "NetworkLab PoolWatch: a task waited \(late.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1)))) "
                    + "for the cooperative pool from \(since.formatted(.iso8601.time(includingFractionalSeconds: true))): a test blocks or hogs it\n"
                FileHandle.standardError.write(Data(line.utf8))
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
    }
}
