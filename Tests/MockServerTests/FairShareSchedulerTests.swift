import Glibc
import Testing
import NetworkCore
@testable import MockServer

@Suite struct FairShareSchedulerTests {
    private func at(_ seconds: Double) -> Instant { Instant(seconds: seconds) }

    private func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    @Test func allocate_givesEqualShares_forEqualCaps() {
        #expect(FairShareScheduler.allocate(caps: [nil, nil, nil, nil], link: 1000) == [250, 250, 250, 250])
        #expect(FairShareScheduler.allocate(caps: [400, 400], link: 1000) == [400, 400])
    }

    @Test func allocate_givesSpareOfLowCaps_toTheOthers() {
        #expect(FairShareScheduler.allocate(caps: [100, nil, nil], link: 1000) == [100, 450, 450])
        #expect(FairShareScheduler.allocate(caps: [600, 100, 300, nil], link: 1000) == [300, 100, 300, 300])
    }

    @Test func allocate_withoutLink_givesEachItsCap() {
        #expect(FairShareScheduler.allocate(caps: [100, nil], link: nil) == [100, nil])
        #expect(FairShareScheduler.allocate(caps: [], link: 1000) == [])
    }

    @Test func scheduler_holdsRate_fromFirstByte() {
        let scheduler = FairShareScheduler(linkBandwidth: nil)
        let flow = scheduler.addFlow(cap: 1_000_000, at: at(0))
        #expect(scheduler.settle() == [flow])
        #expect(scheduler.rate(of: flow) == 1_000_000)
        #expect(scheduler.available(flow, at: at(0)) == 0)
        #expect(scheduler.chunkSize(for: flow) == 4000)
        #expect(scheduler.deadline(flow, forBytes: 4000, at: at(0)) == at(0.004))
        #expect(scheduler.available(flow, at: at(0.004)) == 4000)
    }

    @Test func scheduler_sharesLinkEqually_andGivesSpareOfLowCapsToOthers() {
        let scheduler = FairShareScheduler(linkBandwidth: 1_000_000)
        let low = scheduler.addFlow(cap: 100_000, at: at(0))
        let a = scheduler.addFlow(cap: nil, at: at(0))
        let b = scheduler.addFlow(cap: 2_000_000, at: at(0))
        #expect(Set(scheduler.settle()) == [low, a, b])
        #expect(scheduler.rate(of: low) == 100_000)
        #expect(scheduler.rate(of: a) == 450_000)
        #expect(scheduler.rate(of: b) == 450_000)
    }

    @Test func scheduler_reportsOnlyFlowsWhoseRateChanged() {
        let scheduler = FairShareScheduler(linkBandwidth: nil)
        let a = scheduler.addFlow(cap: 1000, at: at(0))
        _ = scheduler.settle()
        let b = scheduler.addFlow(cap: 2000, at: at(1))
        #expect(scheduler.settle() == [b])
        #expect(scheduler.settle() == [])
        scheduler.setCap(a, 3000, at: at(2))
        #expect(scheduler.settle() == [a])
    }

    @Test func scheduler_finishingFlow_speedsUpOthersAtOnce() {
        let scheduler = FairShareScheduler(linkBandwidth: 1_000_000)
        let a = scheduler.addFlow(cap: nil, at: at(0))
        let b = scheduler.addFlow(cap: nil, at: at(0))
        _ = scheduler.settle()
        #expect(scheduler.deadline(a, forBytes: 2000, at: at(0)) == at(0.004))
        scheduler.removeFlow(b, at: at(0.001))
        #expect(scheduler.settle() == [a])
        #expect(scheduler.rate(of: a) == 1_000_000)
        // 500 bytes earned at the old rate, the other 1500 at the new one.
        #expect(scheduler.available(a, at: at(0.001)) == 500)
        #expect(scheduler.deadline(a, forBytes: 2000, at: at(0.001)) == at(0.0025))
    }

    @Test func scheduler_setLinkBandwidth_midTransfer_movesDeadlines() {
        let scheduler = FairShareScheduler(linkBandwidth: 1000)
        let flow = scheduler.addFlow(cap: nil, at: at(0))
        _ = scheduler.settle()
        #expect(scheduler.deadline(flow, forBytes: 1000, at: at(0)) == at(1))
        scheduler.setLinkBandwidth(2000, at: at(0.5))
        #expect(scheduler.settle() == [flow])
        #expect(scheduler.deadline(flow, forBytes: 1000, at: at(0.5)) == at(0.75))
        scheduler.setLinkBandwidth(nil, at: at(0.6))
        #expect(scheduler.settle() == [flow])
        #expect(scheduler.rate(of: flow) == nil)
        #expect(scheduler.available(flow, at: at(0.6)) == .max)
        #expect(scheduler.deadline(flow, forBytes: 1000, at: at(0.6)) == nil)
    }

    @Test func scheduler_capsCredit_atTwentyMilliseconds_afterIdle() {
        // 20 ms at 1 MB/s is 20 KB, more than two 4 KB chunks.
        let scheduler = FairShareScheduler(linkBandwidth: nil)
        let flow = scheduler.addFlow(cap: 1_000_000, at: at(0))
        #expect(scheduler.available(flow, at: at(10)) == 20_000)
    }

    @Test func scheduler_capsCredit_atTwoChunks_whenThatIsMore() {
        // At 10 KB/s, 20 ms is 200 bytes; two minimum-size chunks are 2 KiB.
        let scheduler = FairShareScheduler(linkBandwidth: nil)
        let flow = scheduler.addFlow(cap: 10_000, at: at(0))
        #expect(scheduler.available(flow, at: at(10)) == 2 * scheduler.chunkSize(for: flow))
    }

    @Test func scheduler_changeAtLaterInstant_appliesPendingBatchAtItsOwnInstant() {
        let scheduler = FairShareScheduler(linkBandwidth: 1000)
        let a = scheduler.addFlow(cap: nil, at: at(0))
        let b = scheduler.addFlow(cap: nil, at: at(1))  // no settle() in between
        #expect(Set(scheduler.settle()) == [a, b])
        #expect(scheduler.available(a, at: at(1)) == 1000)
        #expect(scheduler.available(b, at: at(1)) == 0)
        #expect(scheduler.rate(of: a) == 500)
    }

    @Test func chunkSize_isAFewMillisecondsOfData_clampedAndSpreadOverManyFlows() {
        #expect(FairShareScheduler.chunkSize(rate: 1_000_000, flowCount: 1) == 4000)
        #expect(FairShareScheduler.chunkSize(rate: 10_000, flowCount: 1) == 1024)
        #expect(FairShareScheduler.chunkSize(rate: 1e9, flowCount: 1) == 256 * 1024)
        #expect(FairShareScheduler.chunkSize(rate: nil, flowCount: 1) == 256 * 1024)
        #expect(FairShareScheduler.chunkSize(rate: 100_000, flowCount: 10_000) == 100_000)
    }

    @Test func scheduler_tenThousandFlows_addedThenSettledOnce_isFast() {
        let scheduler = FairShareScheduler(linkBandwidth: 1e9)
        let started = threadCPUSeconds()
        let flows = (0..<10_000).map { _ in scheduler.addFlow(cap: 1e6, at: at(0)) }
        let changed = scheduler.settle()
        let elapsed = threadCPUSeconds() - started
        #expect(changed.count == 10_000)
        #expect(scheduler.rate(of: flows[1234]) == 100_000)
        // CPU time of this thread, so that other tests and builds on the machine do not count.
        #expect(elapsed < 0.5, "took \(elapsed) s of CPU in a debug build")
    }

    @Test func scheduler_tenThousandCappedFlows_eachQueriedAsItComes_isFast() {
        // The server's pattern: each flow is added and queried at once, in its own tick.
        let scheduler = FairShareScheduler(linkBandwidth: nil)
        let started = threadCPUSeconds()
        var flows: [FairShareScheduler.FlowID] = []
        for index in 0..<10_000 {
            let flow = scheduler.addFlow(cap: 10_000, at: at(Double(index) * 1e-5))
            _ = scheduler.available(flow, at: at(Double(index) * 1e-5))
            flows.append(flow)
        }
        for flow in flows {
            scheduler.removeFlow(flow, at: at(1))
            _ = scheduler.settle()
        }
        let elapsed = threadCPUSeconds() - started
        #expect(scheduler.flowCount == 0)
        #expect(elapsed < 0.5, "took \(elapsed) s of CPU in a debug build")
    }

    @Test func scheduler_withoutLink_burstFollowsTheFlowCount() {
        let scheduler = FairShareScheduler(linkBandwidth: nil)
        let flow = scheduler.addFlow(cap: 100_000, at: at(0))
        #expect(scheduler.available(flow, at: at(10)) == 2 * 1024)
        let others = (0..<9_999).map { _ in scheduler.addFlow(cap: 100_000, at: at(10)) }
        #expect(scheduler.chunkSize(for: flow) == 100_000)
        // The larger burst holds from the flow's next use on.
        #expect(scheduler.available(flow, at: at(10)) == 2 * 1024)
        #expect(scheduler.available(flow, at: at(20)) == 200_000)
        for other in others { scheduler.removeFlow(other, at: at(20)) }
        #expect(scheduler.chunkSize(for: flow) == 1024)
        scheduler.consume(flow, bytes: 200_000, at: at(20))
        #expect(scheduler.available(flow, at: at(30)) == 2 * 1024)
        #expect(scheduler.rate(of: flow) == 100_000)
    }

    /// Drives flows as the server does (timer, send what is available, re-arm) and returns when
    /// each sent its last byte.
    private func pace(sizes: [Int], caps: [Double?], link: Double?) -> [Double] {
        let scheduler = FairShareScheduler(linkBandwidth: link)
        let ids = zip(sizes, caps).map { _, cap in scheduler.addFlow(cap: cap, at: at(0)) }
        var left = Dictionary(uniqueKeysWithValues: zip(ids, sizes))
        var finish: [FairShareScheduler.FlowID: Double] = [:]
        var timers: [FairShareScheduler.FlowID: Instant] = [:]
        func arm(_ id: FairShareScheduler.FlowID, _ now: Instant) {
            let bytes = min(scheduler.chunkSize(for: id), left[id]!)
            timers[id] = scheduler.deadline(id, forBytes: bytes, at: now) ?? now
        }
        for id in scheduler.settle() { arm(id, at(0)) }
        while let (id, now) = timers.min(by: { $0.value < $1.value }) {
            let sent = min(scheduler.available(id, at: now), left[id]!)
            scheduler.consume(id, bytes: sent, at: now)
            left[id]! -= sent
            if left[id]! > 0 {
                arm(id, now)
                continue
            }
            finish[id] = now.seconds
            timers[id] = nil
            scheduler.removeFlow(id, at: now)
            for changed in scheduler.settle() { arm(changed, now) }
        }
        return ids.map { finish[$0]! }
    }

    @Test func scheduler_pacedFlows_finishWhenLinkModelPredicts() throws {
        let sizes = [100_000, 300_000, 250_000]
        let finishes = pace(sizes: sizes, caps: [nil, nil, 150_000], link: 1_000_000)
        let plan = TransferPlan(
            downloads: zip(sizes, [nil, nil, 150_000.0]).map { size, cap in
                .init(size: Int64(size), newConnection: true, link: LinkProfile(bandwidth: cap.map { Bandwidth.bytesPerSecond($0) }))
            },
            concurrency: nil
        )
        let link = LinkProfile(linkBandwidth: Bandwidth.bytesPerSecond(1_000_000))
        let predicted = try LinkModel.predict(plan, on: link).downloads.map(\.finish)
        for (measured, expected) in zip(finishes, predicted) {
            #expect(abs(measured - expected) < 1e-6, "paced \(measured) s, model \(expected) s")
        }
    }
}

/// A flow that pauses (``FairShareScheduler/removeFlow(_:at:)``) and resumes with the credit it
/// returned, as the TCP proxy's idle directions do: the pause earns nothing and loses nothing.
@Suite struct FairShareSchedulerPauseTests {
    private func at(_ seconds: Double) -> Instant { Instant(seconds: seconds) }

    @Test func aPausedFlowResumesWithTheCreditItHad_andEarnsNoneWhilePaused() {
        let scheduler = FairShareScheduler(linkBandwidth: nil)
        let flow = scheduler.addFlow(cap: 10_000, at: at(0))
        // 0.1 s at 10 KB/s earns 1,000 bytes (the burst, two chunks, holds 2,048).
        scheduler.consume(flow, bytes: 1_500, at: at(0.1))
        let credit = scheduler.removeFlow(flow, at: at(0.2))
        #expect(abs(credit - 500) < 1e-6)
        // Ten seconds later: still 500, not a burst's worth.
        let resumed = scheduler.addFlow(cap: 10_000, at: at(10.2), credit: credit)
        #expect(scheduler.available(resumed, at: at(10.2)) == 500)
        #expect(scheduler.deadline(resumed, forBytes: 1_000, at: at(10.2)) == at(10.25))
    }

    @Test func aDebtSurvivesThePause() {
        let scheduler = FairShareScheduler(linkBandwidth: nil)
        let flow = scheduler.addFlow(cap: 1_000, at: at(0))
        scheduler.consume(flow, bytes: 300, at: at(0.1))
        let credit = scheduler.removeFlow(flow, at: at(0.1))
        #expect(abs(credit + 200) < 1e-6)
        let resumed = scheduler.addFlow(cap: 1_000, at: at(5), credit: credit)
        #expect(scheduler.available(resumed, at: at(5.2)) == 0)
        #expect(scheduler.deadline(resumed, forBytes: 100, at: at(5)) == at(5.3))
    }

    @Test func onASharedLink_aPausedFlowTakesNoShare_andKeepsItsCredit() {
        let scheduler = FairShareScheduler(linkBandwidth: 10_000)
        let a = scheduler.addFlow(cap: nil, at: at(0))
        let b = scheduler.addFlow(cap: nil, at: at(0))
        _ = scheduler.settle()
        #expect(scheduler.rate(of: a) == 5_000)
        scheduler.consume(b, bytes: 40, at: at(0.01))
        let credit = scheduler.removeFlow(b, at: at(0.01))
        #expect(abs(credit - 10) < 1e-6)
        #expect(scheduler.rate(of: a) == 10_000)
        let resumed = scheduler.addFlow(cap: nil, at: at(3), credit: credit)
        _ = scheduler.settle()
        #expect(scheduler.rate(of: a) == 5_000)
        #expect(scheduler.available(resumed, at: at(3)) == 10)
    }
}
