import Foundation
import Synchronization

/// One reactor thread that watches sockets (epoll) and runs timers and submitted work.
///
/// Everything that touches sockets in the lab runs here: the mock server's connections are state
/// machines driven by readiness events, and the async client's sockets resume their waiting tasks
/// from here. No thread per connection and no blocking call on Swift's cooperative pool: a loop
/// holds tens of thousands of connections on one thread.
///
/// Methods marked *loop only* must be called on the loop's thread (from a readiness handler, a
/// timer, or work passed to ``execute(_:)``).
package final class EventLoop: @unchecked Sendable {
    // Safe to share: `incoming` is guarded by its mutex, `loopThread` is atomic, the selector's
    // `wakeUp` is thread-safe, and every other property is touched only on the loop thread.

    /// The loop shared by every server and async client in the process, started on first use.
    package static let shared: EventLoop = {
        do {
            return try EventLoop(name: "NetworkLab.EventLoop")
        } catch {
            fatalError("NetworkLab cannot start its event loop: \(error)")
        }
    }()

    private let selector: Selector
    private let incoming = Lock(Incoming())
    private let loopThread = Atomic<UInt>(0)
    private var timers = TimerHeap()
    private var handlers: [(generation: UInt32, handler: (any Selectable)?)] = []
    private var freeSlots: [UInt32] = []
    private var stopped = false

    private struct Incoming {
        var work: [@Sendable () -> Void] = []
        var sleeping = false
    }

    /// Starts a loop on a new thread named `name`.
    package init(name: String) throws(SocketError) {
        selector = try Selector()
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// True on the loop's own thread.
    package var inEventLoop: Bool {
        loopThread.load(ordering: .acquiring) == UInt(bitPattern: Int(bitPattern: pthread_self()))
    }

    /// Runs `work` on the loop thread soon; callable from any thread.
    package func execute(_ work: @escaping @Sendable () -> Void) {
        let wake = incoming.withLock { state in
            state.work.append(work)
            defer { state.sleeping = false }
            return state.sleeping
        }
        if wake { selector.wakeUp() }
    }

    /// Runs `work` on the loop thread and returns its result to the calling task: how a
    /// server or proxy answers a question about state only its loop may touch.
    ///
    /// The result crosses back through ``handOver(_:)``, which ThreadSanitizer can follow.
    package func submit<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await handOver { hand in execute { hand(work()) } }
    }

    /// Stops the loop after the current iteration. The shared loop is never stopped.
    package func stop() {
        execute { [self] in stopped = true }
    }

    // MARK: - Loop only

    /// Watches `fd` and calls `handler` on readiness until ``deregister(_:fd:)``. *Loop only.*
    /// The loop holds `handler` strongly while registered.
    package func register(_ handler: any Selectable, fd: Int32) throws(SocketError) -> Registration {
        assertInLoop()
        let slot: UInt32
        if let free = freeSlots.popLast() {
            slot = free
        } else {
            slot = UInt32(handlers.count)
            handlers.append((0, nil))
        }
        let registration = Registration(slot: slot, generation: handlers[Int(slot)].generation)
        do {
            try selector.register(fd, token: registration.token)
        } catch {
            freeSlots.append(slot)
            throw error
        }
        handlers[Int(slot)].handler = handler
        return registration
    }

    /// Stops watching `fd`; events already collected for it are dropped. *Loop only.*
    /// Call before closing the descriptor.
    package func deregister(_ registration: Registration, fd: Int32) {
        assertInLoop()
        let slot = Int(registration.slot)
        guard slot < handlers.count, handlers[slot].generation == registration.generation else { return }
        selector.deregister(fd)
        handlers[slot] = (handlers[slot].generation &+ 1, nil)
        freeSlots.append(registration.slot)
    }

    /// Runs `action` at `deadline` (at once, in a later iteration, if it has passed). *Loop only.*
    @discardableResult
    package func schedule(at deadline: Instant, _ action: @escaping () -> Void) -> TimerID {
        assertInLoop()
        return timers.schedule(at: deadline, action)
    }

    /// Cancels a timer that has not run yet; cancelling one that ran is harmless. *Loop only.*
    package func cancel(_ timer: TimerID) {
        assertInLoop()
        timers.cancel(timer)
    }

    private func assertInLoop() {
        assert(inEventLoop, "called off the event loop thread")
    }

    // MARK: - The loop

    private func run() {
        loopThread.store(UInt(bitPattern: Int(bitPattern: pthread_self())), ordering: .releasing)
        var batch: [@Sendable () -> Void] = []
        while !stopped {
            incoming.withLock { state in
                swap(&batch, &state.work)
                state.sleeping = batch.isEmpty
            }
            for work in batch { work() }
            let block = batch.isEmpty
            batch.removeAll(keepingCapacity: true)
            do {
                try selector.wait(until: timers.nextDeadline(), block: block) { token, event in
                    dispatch(token, event)
                }
            } catch {
                // epoll_wait fails only on programming errors (EBADF, EINVAL); keep going.
                assertionFailure("\(error)")
            }
            if block { incoming.withLock { $0.sleeping = false } }
            let now = Instant.now()
            while let action = timers.popDue(at: now) {
                action()
            }
        }
    }

    private func dispatch(_ token: UInt64, _ event: ReadinessEvent) {
        let registration = Registration(token: token)
        let slot = Int(registration.slot)
        guard slot < handlers.count, handlers[slot].generation == registration.generation,
              let handler = handlers[slot].handler else { return }
        handler.handleReadiness(event)
    }
}
