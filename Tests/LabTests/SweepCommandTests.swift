import Foundation
import TestSupport
import Testing

extension LiveTests {
    @Suite struct SweepCommandTests {
        @Test func simulatedGrid_hasOneRowPerPoint() async throws {
            let out = try TemporaryFolder()
            defer { out.remove() }
            let output = try await LabProcess.run([
                "sweep", "--vary", "latency=0ms,50ms,100ms", "--vary", "link-bandwidth=10MB/s,100MB/s", "--simulate", "--json", "--out", out.path,
            ])
            #expect(output.status == 0, "\(output.stderr)")
            let points = try #require(try output.json()["points"] as? [[String: Any]])
            #expect(points.count == 6)
            #expect((points[1]["parameters"] as? [String: String]) == ["latency": "0ms", "link-bandwidth": "100MB/s"])
            let csv = try String(contentsOf: out.url.appendingPathComponent("results.csv"), encoding: .utf8)
            let lines = csv.split(separator: "\r\n")
            #expect(lines.count == 7)
            #expect(lines[0] == "latency,link-bandwidth,sequential.seconds,sequential.predictedSeconds,concurrent.seconds,concurrent.predictedSeconds,speedup,predictedSpeedup")
            // The shared link is where concurrency stops helping: slow link, little gain.
            let slow = try #require(points[0]["predictedSpeedup"] as? Double)
            let fast = try #require(points[1]["predictedSpeedup"] as? Double)
            #expect(slow < 1.2 && fast > 8)
            let svg = try SVGCheck.elements(Data(contentsOf: out.url.appendingPathComponent("chart.svg")))
            #expect(svg.counts["polyline"] == 4)
        }

        @Test func smallRealSweep_measuresEveryPoint() async throws {
            let out = try TemporaryFolder()
            defer { out.remove() }
            let output = try await LabProcess.run([
                "sweep", "fixtures/scenarios/article-small.json", "--vary", "latency=10ms,100ms", "--size", "64KiB", "--json", "--out", out.path,
            ])
            #expect(output.status == 0, "\(output.stderr)")
            let points = try #require(try output.json()["points"] as? [[String: Any]])
            #expect(points.count == 2)
            for point in points {
                let runs = try #require(point["runs"] as? [[String: Any]])
                #expect(runs.count == 2)
                for run in runs {
                    #expect(run["verified"] as? Bool == true)
                    let seconds = try #require(run["seconds"] as? Double)
                    let predicted = try #require(run["predictedSeconds"] as? Double)
                    // Loose: how close a run comes to the model is checked on virtual time
                    // (LinkModelTests), where a loaded machine cannot blur it.
                    #expect(seconds >= 0.75 * predicted && seconds <= 10 * predicted + 0.2, "\(seconds) s against \(predicted) s")
                }
            }
            // More latency, more to overlap: the gain grows.
            let low = try #require(points[0]["speedup"] as? Double)
            let high = try #require(points[1]["speedup"] as? Double)
            #expect(high > low)
            _ = try SVGCheck.elements(Data(contentsOf: out.url.appendingPathComponent("chart.svg")))
        }
    }
}
