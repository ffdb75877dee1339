import Foundation
import NetworkCore

extension Process {
    /// Starts the process as `run()` does, tied to the test process: the kernel kills it
    /// (SIGKILL) when the test process ends, however that happens (a crash, CI's timeout,
    /// ^C), so no peer server, browser or `lab` child outlives the run that started it.
    ///
    /// The tie is Linux's parent-death signal, set by `setpriv --pdeathsig` before the program
    /// starts (it stays across `exec`, and the pid stays the program's). The kernel sends it
    /// when the *thread* that spawned the child ends, not the process, and the threads of
    /// Swift's pool and of ``blocking(_:)`` come and go: every tied child is therefore
    /// spawned from ``ChildSpawner``'s one thread, which lives as long as the process. Without
    /// `setpriv` the process runs untied.
    ///
    /// Wait for a tied process with ``waitForExit()``, not `waitUntilExit()`. Set any
    /// `terminationHandler` before this call: it is wrapped here, and one set later would
    /// replace the wrapper that ``waitForExit()`` waits on.
    package func runTied() throws {
        if let executableURL, let setpriv = ChildSpawner.setpriv {
            arguments = ["--pdeathsig", "KILL", "--", executableURL.path] + (arguments ?? [])
            self.executableURL = setpriv
        }
        let exited = DispatchSemaphore(value: 0)
        let handler = terminationHandler
        terminationHandler = { process in
            handler?(process)
            // Ended: a later wait returns at once, and no entry outlives its process.
            _ = ChildSpawner.exits.withLock { $0.removeValue(forKey: ObjectIdentifier(process)) }
            exited.signal()
        }
        ChildSpawner.exits.withLock { $0[ObjectIdentifier(self)] = exited }
        do {
            try ChildSpawner.shared.spawn(self)
        } catch {
            _ = ChildSpawner.exits.withLock { $0.removeValue(forKey: ObjectIdentifier(self)) }
            throw error
        }
    }

    /// Blocks until a process started with ``runTied()`` has ended (its status is then
    /// readable). Foundation's `waitUntilExit()` must not be used for it: it waits on the run
    /// loop of the thread that started the process, and from any other thread, whose run
    /// loop has nothing to wait for, it spins a core until the process ends.
    package func waitForExit() {
        // No entry: it has ended (then `waitUntilExit()` returns at once) or was not tied.
        guard let exited = ChildSpawner.exits.withLock({ $0.removeValue(forKey: ObjectIdentifier(self)) }) else {
            return waitUntilExit()
        }
        exited.wait()
    }
}

/// The one thread that spawns the test process's tied children (``Foundation/Process/runTied()``).
package final class ChildSpawner: @unchecked Sendable {
    // @unchecked: `jobs` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []

    /// The semaphore each tied process's termination handler signals, until it is waited for.
    static let exits = Lock<[ObjectIdentifier: DispatchSemaphore]>([:])

    /// The spawner, started on first use.
    package static let shared = ChildSpawner()

    /// util-linux's `setpriv`, when installed (Debian's util-linux always has it).
    static let setpriv: URL? = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }.map { URL(fileURLWithPath: $0) }

    private init() {
        let thread = Thread { [self] in
            while true {
                condition.lock()
                while jobs.isEmpty { condition.wait() }
                let job = jobs.removeFirst()
                condition.unlock()
                job()
            }
        }
        thread.name = "NetworkLab tests: child spawner"
        thread.start()
    }

    /// Runs `process` on the spawner's thread and returns once it has started (or failed to).
    func spawn(_ process: Process) throws {
        let done = DispatchSemaphore(value: 0)
        let outcome = SpawnOutcome()
        let job = { [process] in
            do { try process.run() } catch { outcome.error = error }
            done.signal()
        }
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
        done.wait()
        if let error = outcome.error { throw error }
    }

    /// What the spawner's thread hands back: written before `done` is signalled, read after.
    private final class SpawnOutcome: @unchecked Sendable {
        var error: (any Error)?
    }
}
