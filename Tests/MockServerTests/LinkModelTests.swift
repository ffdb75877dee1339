import Testing
@testable import MockServer

@Suite struct LinkModelTests {
    private let megabyte: Int64 = 1_000_000
    private func rate(_ bytesPerSecond: Double) -> Bandwidth { Bandwidth.bytesPerSecond(bytesPerSecond) }
    private func close(_ a: Double, _ b: Double, within tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance }

    @Test func oneDownload_takesLatencyPlusSizeOverBandwidth() {
        let link = LinkProfile(latency: .milliseconds(100), bandwidth: rate(1e6))
        let prediction = LinkModel.predict(.sequential(count: 1, size: megabyte), on: link)
        #expect(close(prediction.downloads[0].firstByte, 0.1))
        #expect(close(prediction.total, 1.1))
    }

    @Test func sequentialTen_runOneAfterAnother() {
        let link = LinkProfile(latency: .milliseconds(100), connectLatency: .milliseconds(50), bandwidth: rate(1e6))
        let prediction = LinkModel.predict(.sequential(count: 10, size: megabyte), on: link)
        // Only the first request opens the keep-alive connection.
        #expect(close(prediction.downloads[0].finish, 1.15))
        #expect(close(prediction.downloads[1].start, 1.15))
        #expect(close(prediction.downloads[1].firstByte, 1.25))
        #expect(close(prediction.total, 0.05 + 10 * 1.1))
    }

    @Test func allAtOnce_onSharedLink_takesLatencyPlusTotalOverLink() {
        let link = LinkProfile(latency: .milliseconds(100), linkBandwidth: rate(1e7))
        let prediction = LinkModel.predict(.concurrent(count: 10, size: megabyte), on: link)
        #expect(prediction.downloads.allSatisfy { close($0.finish, 1.1) })
        #expect(close(prediction.total, 1.1))
    }

    @Test func allAtOnce_withPerConnectionCapsOnly_takesLatencyPlusSizeOverBandwidth() {
        let link = LinkProfile(latency: .milliseconds(100), bandwidth: rate(1e6))
        #expect(close(LinkModel.predict(.concurrent(count: 10, size: megabyte), on: link).total, 1.1))
    }

    @Test func boundedTwoOfFour_startsEachWhenASlotFrees() {
        let link = LinkProfile(latency: .milliseconds(100), connectLatency: .milliseconds(50), bandwidth: rate(1e6))
        let prediction = LinkModel.predict(.bounded(count: 4, size: megabyte, concurrency: 2), on: link)
        let starts = prediction.downloads.map(\.start)
        let finishes = prediction.downloads.map(\.finish)
        #expect(zip(starts, [0, 0, 1.15, 1.15]).allSatisfy { close($0, $1) })
        #expect(zip(finishes, [1.15, 1.15, 2.25, 2.25]).allSatisfy { close($0, $1) })
    }

    @Test func flowCappedBelowItsShare_leavesTheSpareToTheOthers() {
        // 3 MB/s shared; one request capped at 0.5 MB/s (say by ?bandwidth=500KB/s), so the
        // other two get 1.25 MB/s each until they finish, then it keeps its cap.
        let slow = LinkProfile(bandwidth: rate(500_000))
        let plan = TransferPlan(
            downloads: [
                .init(size: megabyte, newConnection: true, link: slow),
                .init(size: megabyte, newConnection: true),
                .init(size: megabyte, newConnection: true),
            ],
            concurrency: nil
        )
        let prediction = LinkModel.predict(plan, on: LinkProfile(linkBandwidth: rate(3e6)))
        #expect(close(prediction.downloads[1].finish, 0.8))
        #expect(close(prediction.downloads[2].finish, 0.8))
        #expect(close(prediction.downloads[0].finish, 2.0))
    }

    @Test func finishingFlow_speedsUpTheOthersAtOnce() {
        let plan = TransferPlan(
            downloads: [.init(size: megabyte, newConnection: true), .init(size: 3 * megabyte, newConnection: true)],
            concurrency: nil
        )
        let prediction = LinkModel.predict(plan, on: LinkProfile(linkBandwidth: rate(2e6)))
        #expect(close(prediction.downloads[0].finish, 1))
        #expect(close(prediction.downloads[1].finish, 2))
    }

    @Test func laterStart_joinsTheLinkWhenItsFirstByteArrives() {
        let plan = TransferPlan(
            downloads: [.init(size: 3 * megabyte, startAt: 0, newConnection: true),
                        .init(size: megabyte, startAt: 0.5, newConnection: true)],
            concurrency: nil
        )
        let link = LinkProfile(latency: .milliseconds(500), linkBandwidth: rate(2e6))
        let prediction = LinkModel.predict(plan, on: link)
        // Alone at 2 MB/s from 0.5 s to 1 s (1 MB), then 1 MB/s each: the second finishes at
        // 2 s, the first has 1 MB left and finishes at 2.5 s.
        #expect(close(prediction.downloads[1].firstByte, 1))
        #expect(close(prediction.downloads[1].finish, 2))
        #expect(close(prediction.downloads[0].finish, 2.5))
    }

    @Test func unboundedPlan_startsEachAtItsOwnTime_whateverItsPlace() {
        let plan = TransferPlan(
            downloads: [.init(size: 0, startAt: 2, newConnection: true), .init(size: 0, startAt: 1, newConnection: true)],
            concurrency: nil
        )
        let prediction = LinkModel.predict(plan, on: .unlimited)
        #expect(prediction.downloads.map(\.start) == [2, 1])
        #expect(prediction.total == 2)
    }

    @Test func emptyBodiesAndUnlimitedLinks_finishAtFirstByte() {
        let link = LinkProfile(latency: .milliseconds(20))
        let prediction = LinkModel.predict(.concurrent(count: 3, size: 5 * megabyte), on: link)
        #expect(prediction.downloads.allSatisfy { close($0.finish, 0.02) })
        #expect(LinkModel.predict(.sequential(count: 2, size: 0), on: link).total == 0.04)
        #expect(LinkModel.predict(TransferPlan(downloads: [], concurrency: 1), on: link).total == 0)
    }

    @Test func articlePreset_predictsTheArticlesTimes() throws {
        let link = try #require(LinkProfile.preset(named: "article"))
        let size: Int64 = 10 * 1024 * 1024
        let sequential = LinkModel.predict(.sequential(count: 10, size: size), on: link).total
        let concurrent = LinkModel.predict(.concurrent(count: 10, size: size), on: link).total
        #expect(close(sequential, 11.96, within: 0.001), "sequential \(sequential) s")
        #expect(close(concurrent, 1.30, within: 0.001), "concurrent \(concurrent) s")
    }
}
