import Foundation
import NetworkCore

/// Reports, on stderr, each time Swift's cooperative pool runs a task seconds late, at the
/// default priority the pure tests run at and at the high priority of the live ones
/// (``LiveTrait``). The line carries the wall-clock time, so that the tests running then can
/// be found in a timestamped log; ``BlockingCallCheck`` names the culprit directly when it is
/// one of the test clients. Debug builds only; started by the first ``blocking(_:)``.
///
/// In the first seconds of a full run the default priority is seconds late: about a thousand
/// pure tests start at once and queue there. A high-priority task late too means a live test
/// waits: some test blocks or hogs those threads as well.
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
        while true {
            let since = Date()
            let (late, lateHigh) = lateness()
            if late > threshold || lateHigh > threshold {
                func text(_ wait: Duration) -> String { wait.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))) }
                let line = "NetworkLab PoolWatch: a task waited \(text(late)) at default priority and \(text(lateHigh)) at high priority "
                    + "for the cooperative pool from \(since.formatted(.iso8601.time(includingFractionalSeconds: true)))\n"
                FileHandle.standardError.write(Data(line.utf8))
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
    }

    /// How long a task at unspecified priority (as the tests' own) and one at high priority,
    /// sent at the same instant, waited to run.
    private static func lateness() -> (Duration, Duration) {
        let clock = ContinuousClock()
        let sent = clock.now
        let ranAt = Lock<[ContinuousClock.Instant?]>([nil, nil])
        let ran = DispatchSemaphore(value: 0)
        for (index, priority) in [nil, TaskPriority.high].enumerated() {
            Task.detached(priority: priority) {
                ranAt.withLock { $0[index] = clock.now }
                ran.signal()
            }
        }
        ran.wait()
        ran.wait()
        return ranAt.withLock { ($0[0]! - sent, $0[1]! - sent) }
    }
}
