import Testing
@testable import Lab

@Suite struct AxisScaleTests {
    @Test func ticks_areRoundSteps_coveringTheMaximum() {
        let axis = AxisScale(maximum: 13.2)
        #expect(axis.ticks == [0, 5, 10, 15])
        #expect(axis.upper == 15)
        #expect(axis.position(7.5, length: 100) == 50)
        #expect(AxisScale(maximum: 0.9).label(0.2) == "0.2")
    }
}
