import MockServer
import Testing
@testable import Lab

@Suite struct SweepGridTests {
    @Test func grid_isTheCartesianProduct_firstAxisSlowest() throws {
        let grid = try SweepGrid(base: .article, axes: [
            SweepAxis(parsing: "latency=0ms,50ms"), SweepAxis(parsing: "count=1,2,3"),
        ])
        #expect(grid.points.count == 6)
        #expect(grid.points[1].label == "latency=0ms count=2")
        #expect(grid.points[5].experiment.link.latency == .milliseconds(50))
        #expect(grid.points[5].experiment.count == 3)
        #expect(grid.points[5].experiment.linkName == nil)
    }
}
