import Glibc
import NetworkCore

extension Instant {
    /// Blocks the calling thread until `deadline` on the monotonic clock.
    static func sleep(until deadline: Instant) {
        var time = timespec(tv_sec: Int(deadline.nanoseconds / 1_000_000_000), tv_nsec: Int(deadline.nanoseconds % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &time, nil) == EINTR {}
    }
}
