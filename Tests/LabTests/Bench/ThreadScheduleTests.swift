import Foundation
import Testing
@testable import LabBench

/// `ThreadSchedule` reads the kernel's own accounting: a thread that spins for a while shows
/// about that much more time on a CPU (never less than the CPU time `clock_gettime` counts for
/// it), and the counts only grow.
@Suite struct ThreadScheduleTests {
    @Test func spinningShowsUpAsRunningTimeAtLeastTheThreadsCPUTime() async {
        let (before, after, cpu) = await DedicatedThread.run(name: "thread-schedule-test") { () -> (ThreadSchedule, ThreadSchedule, Double) in
            func cpuTime() -> Double {
                var time = timespec()
                clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
                return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
            }
            let before = ThreadSchedule.current()
            let cpuBefore = cpuTime()
            while cpuTime() - cpuBefore < 0.05 {}
            let cpu = cpuTime() - cpuBefore
            return (before, ThreadSchedule.current(), cpu)
        }
        let spent = after - before
        #expect(spent.running >= cpu * 0.9)
        #expect(spent.running < cpu + 5)
        #expect(spent.waiting >= 0)
    }
}
