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

    /// Three axes of a hundred values wanted more memory than the machine had.
    @Test func aGridPastTheMostPoints_isRefused_namingTheAxesSizes() throws {
        func axis(_ name: String, _ count: Int, unit: String = "") throws -> SweepAxis {
            try SweepAxis(parsing: "\(name)=" + (1...count).map { "\($0)\(unit)" }.joined(separator: ","))
        }
        let full = try SweepGrid(base: .article, axes: [axis("latency", 100, unit: "ms"), axis("count", 100)])
        #expect(full.points.count == SweepGrid.maximumPoints)
        let error = try #require(throws: Message.self) {
            try SweepGrid(base: .article, axes: [axis("latency", 100, unit: "ms"), axis("count", 100), axis("size", 100, unit: "KB")])
        }
        #expect(error.description == "100 × 100 × 100 values make more points than a sweep takes (10000); vary fewer values")
    }
}
