import Testing
import NetworkCore
@testable import MockServer

@Suite struct RelayPipeTests {
    private func at(_ seconds: Double) -> Instant { Instant(seconds: seconds) }

    private func pipe(_ effects: [Toxic.Effect], since: Double = 0) -> RelayPipe {
        RelayPipe(settings: RelaySettings(effects.map { ($0, at(since), 0) }), seed: 1, key: "test#0 downstream")
    }

    private func ingest(_ pipe: inout RelayPipe, _ count: Int, at seconds: Double, first: Int = 0) {
        let bytes = (first..<first + count).map { UInt8($0 % 251) }
        bytes.withUnsafeBytes { pipe.ingest($0, at: at(seconds)) }
    }

    /// Writes everything ready at `seconds`, as a destination that takes all would.
    private func drain(_ pipe: inout RelayPipe, at seconds: Double) -> [UInt8] {
        var out: [UInt8] = []
        while true {
            let ready = pipe.ready(at: at(seconds))
            if ready.isEmpty { return out }
            out.append(contentsOf: ready)
            pipe.consume(ready.count)
        }
    }

    @Test func bytesPassAtOnceWithoutToxics() {
        var relay = pipe([])
        ingest(&relay, 100, at: 1)
        #expect(drain(&relay, at: 1).count == 100)
        #expect(relay.delivered == 100)
        #expect(relay.ending(at: at(1), unsentBytes: 0) == nil)
    }

    @Test func latencyHoldsEachChunkUntilItsReleaseAndWakesThen() {
        var relay = pipe([.latency(.milliseconds(100))])
        ingest(&relay, 10, at: 1)
        ingest(&relay, 10, at: 1.05, first: 10)
        #expect(drain(&relay, at: 1.099).isEmpty)
        #expect(relay.nextWake(at: at(1.099)) == at(1.1))
        #expect(drain(&relay, at: 1.1) == TCPPeerPattern.bytes(0..<10))
        #expect(relay.nextWake(at: at(1.1)) == at(1.15))
        #expect(drain(&relay, at: 1.15) == TCPPeerPattern.bytes(10..<20))
    }

    @Test func jitterIsTheSameForTheSameSeedAndKeepsChunksInOrder() {
        func releases() -> [Instant?] {
            var relay = pipe([.latency(.milliseconds(100), jitter: .uniform(.milliseconds(50)))])
            var wakes: [Instant?] = []
            for index in 0..<20 {
                ingest(&relay, 1, at: 1 + Double(index) * 0.001, first: index)
            }
            var now = at(1)
            while let wake = relay.nextWake(at: now) {
                wakes.append(wake)
                now = wake
                _ = drain(&relay, at: now.seconds)
            }
            return wakes
        }
        let first = releases()
        #expect(first == releases())
        #expect(first.count >= 2)
        #expect(first.compactMap { $0 } == first.compactMap { $0 }.sorted())
        #expect(first.allSatisfy { $0! >= at(1.05) && $0! <= at(1.17) })
    }

    @Test func slicerCutsAChunkIntoPiecesDelayApart() {
        var relay = pipe([.slicer(averageSize: 100, sizeVariation: 0, delay: .milliseconds(10))])
        ingest(&relay, 400, at: 0)
        #expect(drain(&relay, at: 0).count == 100)
        #expect(relay.nextWake(at: at(0)) == at(0.01))
        #expect(drain(&relay, at: 0.01).count == 100)
        #expect(drain(&relay, at: 0.03).count == 200)
        #expect(relay.delivered == 400)
    }

    @Test func limitDataForwardsTheLimitThenCloses() {
        var relay = pipe([.limitData(bytes: 150)])
        ingest(&relay, 100, at: 0)
        #expect(relay.ending(at: at(0), unsentBytes: 0) == nil)
        ingest(&relay, 100, at: 0, first: 100)
        #expect(relay.ending(at: at(0), unsentBytes: 0) == nil, "bytes held must leave before the close")
        #expect(drain(&relay, at: 0).count == 150)
        #expect(relay.ending(at: at(0), unsentBytes: 0) == .close)
    }

    @Test func resetAfterWaitsForTheDestinationToDrainBeforeTheReset() {
        var relay = pipe([.resetAfter(bytes: 100)])
        ingest(&relay, 300, at: 0)
        #expect(drain(&relay, at: 0).count == 100)
        #expect(relay.awaitsDrain)
        #expect(relay.ending(at: at(0), unsentBytes: 40) == nil)
        #expect(relay.ending(at: at(0.001), unsentBytes: 0) == .reset)
    }

    @Test func resetWithZeroBytesResetsAtOnce() {
        let relay = pipe([.resetAfter(bytes: 0)])
        #expect(relay.ending(at: at(0), unsentBytes: 0) == .reset)
    }

    @Test func stallAfterForwardsTheBytesThenNothingAndIgnoresTheSourcesEnd() {
        var relay = pipe([.stallAfter(bytes: 50)])
        ingest(&relay, 100, at: 0)
        relay.sourceEnded(reset: false, at: at(0))
        #expect(drain(&relay, at: 0).count == 50)
        #expect(relay.ending(at: at(10), unsentBytes: 0) == nil)
        #expect(relay.nextWake(at: at(10)) == nil)
    }

    @Test func aStreamShorterThanTheLimitEndsWithItsOwnFin() {
        var relay = pipe([.limitData(bytes: 1_000)])
        ingest(&relay, 10, at: 0)
        relay.sourceEnded(reset: false, at: at(0))
        #expect(relay.ending(at: at(0), unsentBytes: 0) == nil)
        _ = drain(&relay, at: 0)
        #expect(relay.ending(at: at(0), unsentBytes: 0) == .fin)
    }

    @Test func timeoutDropsEveryByteAndClosesAfterItsTimeout() {
        var relay = pipe([.timeout(.milliseconds(500))], since: 1)
        ingest(&relay, 100, at: 1.1)
        #expect(drain(&relay, at: 1.1).isEmpty)
        #expect(relay.ingested == 100)
        #expect(relay.nextWake(at: at(1.1)) == at(1.5))
        #expect(relay.ending(at: at(1.499), unsentBytes: 0) == nil)
        #expect(relay.ending(at: at(1.5), unsentBytes: 0) == .close)
    }

    @Test func timeoutOfZeroDropsForEver() {
        var relay = pipe([.timeout(.zero)])
        ingest(&relay, 100, at: 1)
        #expect(drain(&relay, at: 1).isEmpty)
        #expect(relay.ending(at: at(1_000), unsentBytes: 0) == nil)
    }

    @Test func resetPeerResetsAtItsDeadline() {
        let relay = pipe([.resetPeer(after: .seconds(2))], since: 3)
        #expect(relay.nextWake(at: at(3)) == at(5))
        #expect(relay.ending(at: at(4.9), unsentBytes: 0) == nil)
        #expect(relay.ending(at: at(5), unsentBytes: 0) == .reset)
    }

    @Test func slowCloseHoldsTheFinBackByItsDelay() {
        var relay = pipe([.slowClose(.milliseconds(300))])
        relay.sourceEnded(reset: false, at: at(2))
        #expect(relay.ending(at: at(2.2), unsentBytes: 0) == nil)
        #expect(relay.nextWake(at: at(2.2)) == at(2.3))
        #expect(relay.ending(at: at(2.3), unsentBytes: 0) == .fin)
    }

    @Test func aSourceResetResetsTheOtherSideAtOnce() {
        var relay = pipe([.latency(.seconds(1))])
        ingest(&relay, 10, at: 0)
        relay.sourceEnded(reset: true, at: at(0))
        #expect(relay.ending(at: at(0), unsentBytes: 0) == .reset)
    }

    @Test func corruptFlipsTheSameBytesForTheSameSeed() {
        func received() -> [UInt8] {
            var relay = pipe([.corrupt(count: 8)])
            for start in stride(from: 0, to: 100_000, by: 10_000) { ingest(&relay, 10_000, at: 0, first: start) }
            return drain(&relay, at: 0)
        }
        let original = TCPPeerPattern.bytes(0..<100_000)
        let first = received()
        let flipped = zip(first, original).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        #expect(flipped.count == 8)
        #expect(flipped.allSatisfy { $0 < Int(Toxic.corruptionWindow) })
        #expect(first == received())
    }

    @Test func aFullPipeStopsReadingUntilTheDestinationTakesBytes() {
        var relay = pipe([.latency(.seconds(1))])
        var offset = 0
        while relay.wantsInput {
            ingest(&relay, 65_536, at: 0, first: offset)
            offset += 65_536
        }
        #expect(relay.buffered >= RelayPipe.capacity)
        #expect(relay.buffered < RelayPipe.capacity + 65_536)
        _ = drain(&relay, at: 1)
        #expect(relay.wantsInput)
    }

    @Test func removingTheLatencyReleasesHeldBytesAtOnce() {
        var relay = pipe([.latency(.seconds(10))])
        ingest(&relay, 10, at: 0)
        relay.update(RelaySettings(), at: at(1))
        #expect(drain(&relay, at: 1).count == 10)
    }

    // MARK: - Forwarding (bytes sent straight on from the driver's read buffer)

    @Test func forwardingIsAllowedOnlyWhileNothingIsHeldAndNothingShapesTheBytes() {
        var relay = pipe([])
        #expect(relay.canForward)
        ingest(&relay, 10, at: 1)
        #expect(!relay.canForward, "held bytes must leave before newer ones")
        _ = drain(&relay, at: 1)
        #expect(relay.canForward)
        for effect: Toxic.Effect in [.latency(.milliseconds(1)), .bandwidth(.kilobytesPerSecond(100)), .linkBandwidth(.kilobytesPerSecond(100)),
                                     .slicer(averageSize: 10, sizeVariation: 0, delay: .zero), .limitData(bytes: 100), .resetAfter(bytes: 100),
                                     .stallAfter(bytes: 100), .timeout(.zero), .corrupt(count: 1)] {
            #expect(!pipe([effect]).canForward, "\(effect)")
        }
        // Effects that act on the connection's end, not on its bytes, leave forwarding on.
        #expect(pipe([.resetPeer(after: .seconds(1)), .slowClose(.seconds(1))]).canForward)
    }

    @Test func forwardedBytesCountAsTakenAndDeliveredAndKeepTheStreamOffsets() {
        var relay = pipe([])
        relay.forwarded(1_000)
        #expect(relay.ingested == 1_000)
        #expect(relay.delivered == 1_000)
        #expect(relay.isEmpty)
        // A cut set now counts from the forwarded bytes on.
        relay.update(RelaySettings([(.limitData(bytes: 5), at(2), relay.ingested)]), at: at(2))
        ingest(&relay, 10, at: 2, first: 1_000)
        #expect(drain(&relay, at: 2) == TCPPeerPattern.bytes(1_000..<1_005))
        #expect(relay.ending(at: at(2), unsentBytes: 0) == .close)
    }

    @Test func heldBytesCountTowardTheBackpressureBound() {
        var relay = pipe([])
        ingest(&relay, RelayPipe.capacity, at: 1)
        #expect(!relay.wantsInput)
        // Reading resumes once 16 KiB are free, not for every byte that leaves.
        relay.consume(16_383)
        #expect(!relay.wantsInput)
        relay.consume(1)
        #expect(relay.wantsInput)
        #expect(relay.room == 16_384)
    }

    @Test func aCappedPipeHoldsAQuarterSecondOfItsRateBeyondItsLatency() {
        #expect(pipe([]).holdLimit == RelayPipe.capacity)
        #expect(pipe([.latency(.seconds(1))]).holdLimit == RelayPipe.capacity)
        // 100 KB/s: 25 KB, raised to the 32 KiB floor.
        #expect(pipe([.bandwidth(.bytesPerSecond(100_000))]).holdLimit == 32_768)
        // 1 MB/s behind 100 ms: 0.35 s of it.
        #expect(pipe([.bandwidth(.bytesPerSecond(1_000_000)), .latency(.milliseconds(100))]).holdLimit == 350_000)
        #expect(pipe([.bandwidth(.bytesPerSecond(1_000_000)), .latency(.milliseconds(100), jitter: .uniform(.milliseconds(50)))]).holdLimit == 400_000)
        // The shared link's rate bounds it too; 10 MB/s would be 2.5 MB, held to the MiB.
        #expect(pipe([.linkBandwidth(.bytesPerSecond(200_000))]).holdLimit == 50_000)
        #expect(pipe([.bandwidth(.bytesPerSecond(10_000_000))]).holdLimit == RelayPipe.capacity)
    }

    @Test func aCappedPipeStopsReadingAtItsHoldLimit_andResumesAQuarterBelow() {
        var relay = pipe([.bandwidth(.bytesPerSecond(1_000_000))])
        #expect(relay.holdLimit == 250_000)
        ingest(&relay, 240_000, at: 0)
        #expect(relay.room == 10_000)
        #expect(!relay.wantsInput)
        relay.consume(6_384)
        #expect(relay.wantsInput)
    }
}

/// The bytes the tests' send-N servers send: byte i is i mod 251.
enum TCPPeerPattern {
    static func bytes(_ range: Range<Int>) -> [UInt8] { range.map { UInt8($0 % 251) } }
}
