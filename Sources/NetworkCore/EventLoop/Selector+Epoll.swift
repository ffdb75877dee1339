#if os(Linux) || os(Android)
import CNetworkLab
import Glibc

/// The platform's readiness notification: epoll, with an eventfd to wake the loop from other
/// threads and a timerfd for deadlines with nanosecond resolution (`epoll_wait` alone only
/// knows milliseconds, too coarse for pacing). A kqueue twin would live in `Selector+Kqueue.swift`.
final class Selector {
    private let epoll: Int32
    private let wakeFD: Int32
    private let timerFD: Int32
    private var armedDeadline: Instant?
    private let events: UnsafeMutableBufferPointer<epoll_event>

    private static let wakeToken = UInt64.max
    private static let timerToken = UInt64.max - 1

    init(capacity: Int = 1024) throws(SocketError) {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw SocketError("epoll_create1") }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else { throw SocketError("eventfd") }
        timerFD = timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK) | Int32(TFD_CLOEXEC))
        guard timerFD >= 0 else { throw SocketError("timerfd_create") }
        events = .allocate(capacity: capacity)
        try add(wakeFD, token: Self.wakeToken, edgeTriggered: false, writable: false)
        try add(timerFD, token: Self.timerToken, edgeTriggered: false, writable: false)
    }

    deinit {
        events.deallocate()
        Glibc.close(timerFD)
        Glibc.close(wakeFD)
        Glibc.close(epoll)
    }

    /// Watches `fd` for reading, writing and hang-up, edge-triggered.
    func register(_ fd: Int32, token: UInt64) throws(SocketError) {
        try add(fd, token: token, edgeTriggered: true, writable: true)
    }

    /// Stops watching `fd`.
    func deregister(_ fd: Int32) {
        var event = epoll_event()
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, fd, &event)
    }

    /// Makes a current or next `wait` return; safe from any thread.
    func wakeUp() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
    }

    /// Waits for readiness or `deadline` (nil: no deadline; `block: false`: do not wait at all),
    /// and reports each ready descriptor's token and event.
    func wait(until deadline: Instant?, block: Bool, _ body: (UInt64, ReadinessEvent) -> Void) throws(SocketError) {
        if block { arm(deadline) }
        var count: Int32
        repeat {
            count = epoll_wait(epoll, events.baseAddress, Int32(events.count), block ? -1 : 0)
        } while count < 0 && errno == EINTR
        guard count >= 0 else { throw SocketError("epoll_wait") }
        for index in 0..<Int(count) {
            let event = events[index]
            switch event.data.u64 {
            case Self.wakeToken:
                drain(wakeFD)
            case Self.timerToken:
                drain(timerFD)
                armedDeadline = nil
            case let token:
                let flags = event.events
                body(token, ReadinessEvent(
                    readable: flags & EPOLLIN.rawValue != 0,
                    writable: flags & EPOLLOUT.rawValue != 0,
                    hangUp: flags & (EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0,
                    error: flags & EPOLLERR.rawValue != 0
                ))
            }
        }
    }

    private func add(_ fd: Int32, token: UInt64, edgeTriggered: Bool, writable: Bool) throws(SocketError) {
        var flags = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
        if writable { flags |= EPOLLOUT.rawValue }
        if edgeTriggered { flags |= EPOLLET.rawValue }
        var event = epoll_event()
        event.events = flags
        event.data.u64 = token
        guard epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) == 0 else { throw SocketError("epoll_ctl") }
    }

    /// Points the timerfd at `deadline`, an absolute monotonic time, unless it already is.
    private func arm(_ deadline: Instant?) {
        guard deadline != armedDeadline else { return }
        armedDeadline = deadline
        var spec = itimerspec()
        if let deadline {
            let nanos = max(deadline.nanoseconds, 1)
            spec.it_value.tv_sec = Int(nanos / 1_000_000_000)
            spec.it_value.tv_nsec = Int(nanos % 1_000_000_000)
        }
        _ = timerfd_settime(timerFD, Int32(TFD_TIMER_ABSTIME), &spec, nil)
    }

    private func drain(_ fd: Int32) {
        var value: UInt64 = 0
        _ = Glibc.read(fd, &value, 8)
    }
}
#endif
