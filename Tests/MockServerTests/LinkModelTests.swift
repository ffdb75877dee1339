import Testing
import NetworkLabClient
import TestSupport
@testable import MockServer

@Suite struct LinkModelTests {
    private let megabyte: Int64 = 1_000_000
    private func rate(_ bytesPerSecond: Double) -> Bandwidth { Bandwidth.bytesPerSecond(bytesPerSecond) }
    private func close(_ a: Double, _ b: Double, within tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance }

    @Test func oneDownload_takesLatencyPlusSizeOverBandwidth() throws {
        let link = LinkProfile(latency: .milliseconds(100), bandwidth: rate(1e6))
        let prediction = try LinkModel.predict(.sequential(count: 1, size: megabyte), on: link)
        #expect(close(prediction.downloads[0].firstByte, 0.1))
        #expect(close(prediction.total, 1.1))
    }

    @Test func sequentialTen_runOneAfterAnother() throws {
        let link = LinkProfile(latency: .milliseconds(100), connectLatency: .milliseconds(50), bandwidth: rate(1e6))
        let prediction = try LinkModel.predict(.sequential(count: 10, size: megabyte), on: link)
        // Only the first request opens the keep-alive connection.
        #expect(close(prediction.downloads[0].finish, 1.15))
        #expect(close(prediction.downloads[1].start, 1.15))
        #expect(close(prediction.downloads[1].firstByte, 1.25))
        #expect(close(prediction.total, 0.05 + 10 * 1.1))
    }

    @Test func allAtOnce_onSharedLink_takesLatencyPlusTotalOverLink() throws {
        let link = LinkProfile(latency: .milliseconds(100), linkBandwidth: rate(1e7))
        let prediction = try LinkModel.predict(.concurrent(count: 10, size: megabyte), on: link)
        #expect(prediction.downloads.allSatisfy { close($0.finish, 1.1) })
        #expect(close(prediction.total, 1.1))
    }

    @Test func allAtOnce_withPerConnectionCapsOnly_takesLatencyPlusSizeOverBandwidth() throws {
        let link = LinkProfile(latency: .milliseconds(100), bandwidth: rate(1e6))
        #expect(close(try LinkModel.predict(.concurrent(count: 10, size: megabyte), on: link).total, 1.1))
    }

    @Test func boundedTwoOfFour_startsEachWhenASlotFrees() throws {
        let link = LinkProfile(latency: .milliseconds(100), connectLatency: .milliseconds(50), bandwidth: rate(1e6))
        let prediction = try LinkModel.predict(.bounded(count: 4, size: megabyte, concurrency: 2), on: link)
        let starts = prediction.downloads.map(\.start)
        let finishes = prediction.downloads.map(\.finish)
        #expect(zip(starts, [0, 0, 1.15, 1.15]).allSatisfy { close($0, $1) })
        #expect(zip(finishes, [1.15, 1.15, 2.25, 2.25]).allSatisfy { close($0, $1) })
    }

    @Test func flowCappedBelowItsShare_leavesTheSpareToTheOthers() throws {
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
        let prediction = try LinkModel.predict(plan, on: LinkProfile(linkBandwidth: rate(3e6)))
        #expect(close(prediction.downloads[1].finish, 0.8))
        #expect(close(prediction.downloads[2].finish, 0.8))
        #expect(close(prediction.downloads[0].finish, 2.0))
    }

    @Test func finishingFlow_speedsUpTheOthersAtOnce() throws {
        let plan = TransferPlan(
            downloads: [.init(size: megabyte, newConnection: true), .init(size: 3 * megabyte, newConnection: true)],
            concurrency: nil
        )
        let prediction = try LinkModel.predict(plan, on: LinkProfile(linkBandwidth: rate(2e6)))
        #expect(close(prediction.downloads[0].finish, 1))
        #expect(close(prediction.downloads[1].finish, 2))
    }

    @Test func laterStart_joinsTheLinkWhenItsFirstByteArrives() throws {
        let plan = TransferPlan(
            downloads: [.init(size: 3 * megabyte, startAt: 0, newConnection: true),
                        .init(size: megabyte, startAt: 0.5, newConnection: true)],
            concurrency: nil
        )
        let link = LinkProfile(latency: .milliseconds(500), linkBandwidth: rate(2e6))
        let prediction = try LinkModel.predict(plan, on: link)
        // Alone at 2 MB/s from 0.5 s to 1 s (1 MB), then 1 MB/s each: the second finishes at
        // 2 s, the first has 1 MB left and finishes at 2.5 s.
        #expect(close(prediction.downloads[1].firstByte, 1))
        #expect(close(prediction.downloads[1].finish, 2))
        #expect(close(prediction.downloads[0].finish, 2.5))
    }

    @Test func unboundedPlan_startsEachAtItsOwnTime_whateverItsPlace() throws {
        let plan = TransferPlan(
            downloads: [.init(size: 0, startAt: 2, newConnection: true), .init(size: 0, startAt: 1, newConnection: true)],
            concurrency: nil
        )
        let prediction = try LinkModel.predict(plan, on: .unlimited)
        #expect(prediction.downloads.map(\.start) == [2, 1])
        #expect(prediction.total == 2)
    }

    @Test func emptyBodiesAndUnlimitedLinks_finishAtFirstByte() throws {
        let link = LinkProfile(latency: .milliseconds(20))
        let prediction = try LinkModel.predict(.concurrent(count: 3, size: 5 * megabyte), on: link)
        #expect(prediction.downloads.allSatisfy { close($0.finish, 0.02) })
        #expect(try LinkModel.predict(.sequential(count: 2, size: 0), on: link).total == 0.04)
        #expect(try LinkModel.predict(TransferPlan(downloads: [], concurrency: 1), on: link).total == 0)
    }

    @Test func articlePreset_predictsTheArticlesTimes() throws {
        let link = try #require(LinkProfile.preset(named: "article"))
        let size: Int64 = 10 * 1024 * 1024
        let sequential = try LinkModel.predict(.sequential(count: 10, size: size), on: link).total
        let concurrent = try LinkModel.predict(.concurrent(count: 10, size: size), on: link).total
        #expect(close(sequential, 11.96, within: 0.001), "sequential \(sequential) s")
        #expect(close(concurrent, 1.30, within: 0.001), "concurrent \(concurrent) s")
    }

    // The model against the server's own pacing, on virtual time (VirtualLink: the client's
    // Download against the server's exchange machine and link stages, no sockets): what `lab
    // run` and `lab sweep` compare, without a loaded machine blurring it. The model is a fluid
    // simulation of its own; the server paces with a token bucket, whose first burst goes at
    // once, so a run may beat the model by that burst and never trail it.

    /// Downloads `count` payloads of `size` one after another on one kept-alive connection, as
    /// `lab run`'s sequential mode does; returns when the last one ended.
    private func sequentialRun(count: Int, size: Int64, on link: LinkProfile) throws -> Double {
        var configuration = ClientConfiguration()
        configuration.retry = .none
        let client = VirtualLink(VirtualServer(.init(link: link)), configuration: configuration)
        var ended = Duration.zero
        for index in 0..<count {
            let run = try client.download("/bytes/\(size)?n=\(index)", start: ended)
            #expect(run.result?.bytes == size, "\(String(describing: run.error))")
            ended = run.ended
        }
        return ended.seconds
    }

    @Test(arguments: [
        // lab run three-pages: latency-bound.
        LinkProfile(latency: .seconds(2), bandwidth: .bytesPerSecond(1_000_000)),
        // fixtures/scenarios/article-small.json: bandwidth-bound.
        LinkProfile(latency: .milliseconds(40), bandwidth: .bytesPerSecond(2.5 * 1_048_576), linkBandwidth: .bytesPerSecond(16 * 1_048_576)),
        LinkProfile(latency: .milliseconds(100), connectLatency: .milliseconds(50), bandwidth: .bytesPerSecond(1e6)),
    ])
    func sequentialPrediction_matchesAVirtualRunOfTheServer(link: LinkProfile) throws {
        let size: Int64 = 256 * 1024
        let predicted = try LinkModel.predict(.sequential(count: 10, size: size), on: link).total
        let measured = try sequentialRun(count: 10, size: size, on: link)
        #expect(measured <= predicted + 1e-6 && measured >= 0.9 * predicted, "\(measured) s run, \(predicted) s predicted")
    }

    @Test func valuesOutOfRange_areRefused_namingTheFirst() {
        let megabyte = megabyte
        func refusal(_ plan: TransferPlan, on link: LinkProfile = .unlimited) -> String? {
            do {
                _ = try LinkModel.predict(plan, on: link)
                return nil
            } catch {
                guard case .outOfRange(let parameter, _, _) = error else { return "\(error)" }
                return parameter
            }
        }
        #expect(refusal(.sequential(count: 2, size: megabyte), on: LinkProfile(latency: .seconds(-1))) == "latency")
        #expect(refusal(.sequential(count: 2, size: megabyte), on: LinkProfile(linkBandwidth: rate(.nan))) == "link-bandwidth")
        #expect(refusal(.concurrent(count: 3, size: -1)) == "downloads[0].size")
        let plan = TransferPlan(downloads: [
            .init(size: megabyte, newConnection: true),
            .init(size: megabyte, startAt: .infinity, newConnection: true),
            .init(size: megabyte, startAt: -1, newConnection: true),
        ], concurrency: nil)
        #expect(refusal(plan) == "downloads[1].startAt")
        let ownLink = TransferPlan(downloads: [
            .init(size: megabyte, startAt: .nan, newConnection: true, link: LinkProfile(bandwidth: rate(0))),
        ], concurrency: 1)
        #expect(refusal(ownLink) == "downloads[0].startAt")
        let onlyTheLink = TransferPlan(downloads: [.init(size: megabyte, newConnection: true, link: LinkProfile(bandwidth: rate(0)))], concurrency: 1)
        #expect(refusal(onlyTheLink) == "downloads[0].link.bandwidth")
    }

    @Test func aNegativeCount_isNoDownloads() throws {
        #expect(TransferPlan.sequential(count: -3, size: 10).downloads.isEmpty)
        #expect(TransferPlan.concurrent(count: -3, size: 10).downloads.isEmpty)
        #expect(TransferPlan.bounded(count: .min, size: 10, concurrency: -5).downloads.isEmpty)
        #expect(try LinkModel.predict(.sequential(count: -3, size: 10), on: .unlimited).total == 0)
    }
}
