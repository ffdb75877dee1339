import Foundation
import Synchronization
import TestSupport
import Testing
@testable import NetworkCore

@Suite struct EventLoopTests {
    @Test func execute_runsWorkOnTheLoopThread() async {
        let loop = EventLoop.shared
        let onLoop = await withCheckedContinuation { continuation in
            loop.execute { continuation.resume(returning: loop.inEventLoop) }
        }
        #expect(onLoop)
        #expect(!loop.inEventLoop)
    }

    @Test func submit_runsWorkOnTheLoop_andHandsItsResultBack() async {
        let loop = EventLoop.shared
        // A heap value built on the loop and read by the task: the shape ThreadSanitizer
        // reported as a race when it came back through the continuation alone.
        let built = await loop.submit { (onLoop: loop.inEventLoop, values: Array(0..<1_000)) }
        #expect(built.onLoop)
        #expect(built.values.count == 1_000 && built.values.last == 999)
    }

    @Test func timers_fireAtTheirDeadline_notBefore() async {
        let loop = EventLoop.shared
        let start = Instant.now()
        let fired = await withCheckedContinuation { continuation in
            loop.execute {
                loop.schedule(at: start + .milliseconds(30)) { continuation.resume(returning: Instant.now()) }
            }
        }
        let late = fired - (start + .milliseconds(30))
        #expect(late >= .zero)
        // Only "never" is ruled out: a loaded machine wakes the loop 100 ms late at times.
        #expect(late < .seconds(5))
    }

    @Test func cancelledTimer_neverRuns() async throws {
        let loop = EventLoop.shared
        let ran = Atomic<Bool>(false)
        await withCheckedContinuation { continuation in
            loop.execute {
                let timer = loop.schedule(at: Instant.now() + .milliseconds(5)) { ran.store(true, ordering: .relaxed) }
                loop.cancel(timer)
                loop.schedule(at: Instant.now() + .milliseconds(20)) { continuation.resume() }
            }
        }
        let didRun = ran.load(ordering: .relaxed)
        #expect(!didRun)
    }

    @Test func privateLoop_stops_andItsThreadEnds() async throws {
        let loop = try EventLoop(name: "test-loop")
        // "/proc/thread-self" names the calling thread: "PID/task/TID".
        let thread = await withCheckedContinuation { continuation in
            loop.execute { continuation.resume(returning: try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")) }
        }
        let task = "/proc/" + (try #require(thread))
        #expect(FileManager.default.fileExists(atPath: task), "the loop's thread \(task) is not running")
        loop.stop()
        try await waitUntil(timeout: 10) { !FileManager.default.fileExists(atPath: task) }
    }
}
