import Foundation
import NetworkCore

/// Watches one mode's run: redraws its progress line in place on stderr every 100 ms (when
/// wanted) and turns Ctrl-C into a stop of the run, calling `onStop` once (to close the
/// server's connections, which wakes every blocked client at once).
struct RunMonitor {
    private let task: Task<Void, Never>
    private let bar: ProgressBar?
    private let control: RunControl
    private let started: Instant

    /// Starts watching `control`; `bar` is nil for no progress display.
    init(control: RunControl, bar: ProgressBar?, onStop: @escaping @Sendable () async -> Void) {
        let started = Instant.now()
        self.control = control
        self.bar = bar
        self.started = started
        task = Task {
            var stopped = false
            while !Task.isCancelled {
                if !stopped, StopSignal.requested {
                    stopped = true
                    control.stop()
                    await onStop()
                }
                if let bar {
                    Self.draw(bar.line(done: control.bytesDone, elapsed: (Instant.now() - started).seconds), final: false)
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Stops watching; leaves the progress line with its final numbers (`seconds`: the run's
    /// measured time).
    func finish(seconds: Double) async {
        task.cancel()
        await task.value
        if let bar {
            Self.draw(bar.line(done: control.bytesDone, elapsed: seconds) + (control.isStopping ? "  (stopped)" : ""), final: true)
        }
    }

    private static func draw(_ line: String, final: Bool) {
        // Carriage return, the line, then erase to the end of the terminal line.
        Console.writeError(Data(("\r" + line + "\u{1B}[K" + (final ? "\n" : "")).utf8))
    }
}
