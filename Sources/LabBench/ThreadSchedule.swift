import Foundation
import NetworkCore

/// How the calling thread has spent its life so far, as the Linux scheduler counts it
/// (`/proc/thread-self/schedstat`): time on a CPU, and time runnable but waiting for one.
///
/// The difference of two readings tells a benchmark whether a thread that fell behind was
/// busy (its own work) or starved (other processes held the cores): a shared machine's load
/// shows up as waiting, never as running.
struct ThreadSchedule: Sendable {
    /// Seconds on a CPU.
    var running: Double
    /// Seconds runnable but waiting for a CPU.
    var waiting: Double

    /// The calling thread's counts; zeros where the kernel does not keep them.
    static func current() -> ThreadSchedule {
        guard let text = try? String(contentsOfFile: "/proc/thread-self/schedstat", encoding: .utf8) else {
            return ThreadSchedule(running: 0, waiting: 0)
        }
        let fields = text.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard fields.count >= 2 else { return ThreadSchedule(running: 0, waiting: 0) }
        return ThreadSchedule(running: fields[0] / 1e9, waiting: fields[1] / 1e9)
    }

    /// The counts of the event loop's own thread (read there).
    static func of(_ loop: EventLoop) async -> ThreadSchedule {
        await loop.submit { current() }
    }

    static func + (a: ThreadSchedule, b: ThreadSchedule) -> ThreadSchedule {
        ThreadSchedule(running: a.running + b.running, waiting: a.waiting + b.waiting)
    }

    static func - (later: ThreadSchedule, earlier: ThreadSchedule) -> ThreadSchedule {
        ThreadSchedule(running: later.running - earlier.running, waiting: later.waiting - earlier.waiting)
    }
}
