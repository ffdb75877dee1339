import Testing
@testable import NetworkCore

@Suite struct InstantTests {
    @Test(arguments: [
        (Duration.zero, 0.0),
        (.milliseconds(1_500), 1.5),
        (.milliseconds(-1_500), -1.5),
        (.nanoseconds(1), 1e-9),
        (.seconds(86_400 * 365), 31_536_000.0),
    ])
    func durationSeconds_isExact_forOrdinaryDurations(duration: Duration, seconds: Double) {
        #expect(duration.seconds == seconds)
    }

    @Test func durationSeconds_neverTraps_beyondInt64Seconds() {
        // A sum past Int64 seconds, which `components` would trap on.
        let huge = Duration.seconds(Int64.max) + .seconds(Int64.max)
        #expect(huge.seconds == 2 * 9.223372036854775807e18)
        #expect((Duration.zero - huge).seconds == -2 * 9.223372036854775807e18)
        #expect((Duration.seconds(Int64.max) + .milliseconds(500)).seconds == 9.223372036854775807e18)
    }
}
