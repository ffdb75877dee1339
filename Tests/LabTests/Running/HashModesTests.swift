import MockServer
import Testing
@testable import Lab

@Suite struct HashModesTests {
    @Test(arguments: [Mode.sequential, .concurrent, .bounded(2), .threads(2)])
    func run_hashesEveryPayload(mode: Mode) async throws {
        let payloads = try (0..<3).map { try Payload.bytes(seed: 1, offset: Int64($0) * 100_000, count: 100_000) }
        let control = RunControl()
        let measurement = await HashModes.run(mode, payloads: payloads, control: control)
        #expect(measurement.completed == 3)
        #expect(measurement.bytes == 300_000)
        #expect(control.bytesDone == 300_000)
        #expect(!measurement.interrupted)
    }

    @Test func run_stopsWhenAsked() async throws {
        let control = RunControl()
        control.stop()
        let measurement = await HashModes.run(.concurrent, payloads: [try Payload.bytes(seed: 1, count: 100_000)], control: control)
        #expect(measurement.completed == 0)
        #expect(measurement.interrupted)
    }
}
