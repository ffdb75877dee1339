import Synchronization
import Testing
@testable import NetworkCore

@Suite struct LoopTimerTests {
    /// What the actions `setUp` arms logged, in order, within `wait`, then whether the timer
    /// was still armed.
    private func run(until wait: Duration, _ setUp: @escaping (LoopTimer, @escaping (String) -> Void) -> Void) async -> [String] {
        let loop = EventLoop.shared
        let log = Mutex<[String]>([])
        let setUp = LoopBound(setUp)  // runs on the loop only
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            loop.execute {
                let timer = LoopTimer(loop: loop)
                setUp.value(timer) { entry in log.withLock { $0.append(entry) } }
                loop.schedule(at: Instant.now() + wait) {
                    log.withLock { $0.append("armed: \(timer.isArmed)") }
                    continuation.resume()
                }
            }
        }
        return log.withLock { $0 }
    }

    @Test func armingAgain_replacesThePendingAction() async {
        let ran = await run(until: .milliseconds(40)) { timer, log in
            timer.arm(at: Instant.now() + .milliseconds(5)) { log("first") }
            timer.arm(at: Instant.now() + .milliseconds(10)) { log("second") }
        }
        #expect(ran == ["second", "armed: false"])
    }

    @Test func cancelled_neverRuns_andHasNoDeadline() async {
        let ran = await run(until: .milliseconds(30)) { timer, log in
            let deadline = Instant.now() + .milliseconds(5)
            timer.arm(at: deadline) { log("ran") }
            log("deadline set: \(timer.deadline == deadline), armed: \(timer.isArmed)")
            timer.cancel()
            log("deadline after cancel: \(timer.deadline.map { "\($0)" } ?? "none")")
        }
        #expect(ran == ["deadline set: true, armed: true", "deadline after cancel: none", "armed: false"])
    }

    @Test func itsAction_findsItDisarmed_andMayArmItAgain() async {
        let ran = await run(until: .milliseconds(50)) { timer, log in
            timer.arm(at: Instant.now() + .milliseconds(5)) {
                log("first, armed: \(timer.isArmed)")
                timer.arm(at: Instant.now() + .milliseconds(5)) { log("again") }
            }
        }
        #expect(ran == ["first, armed: false", "again", "armed: false"])
    }
}
