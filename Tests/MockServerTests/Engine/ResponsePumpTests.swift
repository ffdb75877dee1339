import NetworkCore
import Testing
@testable import MockServer

@Suite struct ResponsePumpTests {
    private func at(_ seconds: Double) -> Instant { Instant(seconds: seconds) }
    private let noPacing = FairShareScheduler(linkBandwidth: nil)

    /// An exchange whose head `HEAD\r\n` (6 bytes) is queued, with `body`.
    private func exchange(_ body: any BodySource, range: Range<Int64>? = nil) -> Exchange {
        let exchange = Exchange(journalID: 1, head: HTTPRequestHead(method: .get, target: "/", headers: [:]), receivedAt: at(0), seed: 0)
        exchange.plan = ResponsePlan(status: 200, body: body, range: range)
        exchange.headBytes = Array("HEAD\r\n".utf8)
        return exchange
    }

    private func body(_ pump: ResponsePump, _ count: Int64) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Int(count))
        let read = bytes.withUnsafeMutableBytes { pump.readBody(into: $0) }
        return Array(bytes[..<read])
    }

    @Test func wholeResponse_goesInOneWrite_thenEndsComplete() {
        let exchange = exchange(BytesBody(Array("hello".utf8)))
        let pump = ResponsePump(exchange)
        #expect(pump.next(at: at(1), writable: true, pacing: noPacing) == .write(head: 6, body: 5))
        #expect(body(pump, 5) == Array("hello".utf8))
        #expect(pump.wrote(11, at: at(1)) == 5)
        #expect(exchange.firstByteAt == at(1))
        #expect(pump.next(at: at(1), writable: true, pacing: noPacing) == .ended(.complete))
    }

    @Test func partialWrite_sendsTheRestOfTheHeadFirst_andCountsOnlyBodyBytes() {
        let exchange = exchange(BytesBody(Array("hello".utf8)))
        let pump = ResponsePump(exchange)
        #expect(pump.wrote(4, at: at(1)) == 0)
        #expect(pump.next(at: at(2), writable: true, pacing: noPacing) == .write(head: 2, body: 5))
        #expect(pump.wrote(4, at: at(2)) == 2)
        #expect(exchange.firstByteAt == at(1))
        #expect(pump.next(at: at(2), writable: true, pacing: noPacing) == .write(head: 0, body: 3))
        #expect(body(pump, 3) == Array("llo".utf8))
    }

    @Test func fullSocket_blocks_butAFinishedResponseEndsAnyway() {
        let exchange = exchange(BytesBody(Array("hi".utf8)))
        let pump = ResponsePump(exchange)
        #expect(pump.next(at: at(1), writable: false, pacing: noPacing) == .blocked)
        _ = pump.wrote(8, at: at(1))
        #expect(pump.next(at: at(1), writable: false, pacing: noPacing) == .ended(.complete))
    }

    @Test func range_readsFromItsStart() {
        let pump = ResponsePump(exchange(BytesBody(Array("0123456789".utf8)), range: 4..<7))
        #expect(pump.next(at: at(0), writable: true, pacing: noPacing) == .write(head: 6, body: 3))
        #expect(body(pump, 3) == Array("456".utf8))
    }

    @Test func slices_goAPieceAtATime_eachDelayAfterTheLast() {
        let exchange = exchange(BytesBody(Array("abcde".utf8)))
        exchange.slicing = SliceStage(bytes: 2, delay: .seconds(1))
        let pump = ResponsePump(exchange)
        #expect(pump.next(at: at(10), writable: true, pacing: noPacing) == .write(head: 6, body: 2))
        _ = pump.wrote(8, at: at(10))
        #expect(pump.next(at: at(10.5), writable: true, pacing: noPacing) == .wake(at: at(11)))
        #expect(pump.next(at: at(11), writable: true, pacing: noPacing) == .write(head: 0, body: 2))
        _ = pump.wrote(2, at: at(11))
        #expect(pump.next(at: at(11), writable: true, pacing: noPacing) == .wake(at: at(12)))
        #expect(pump.next(at: at(12), writable: true, pacing: noPacing) == .write(head: 0, body: 1))
    }

    @Test func pacing_letsTheHeadGo_thenWaitsForCredit() {
        let scheduler = FairShareScheduler(linkBandwidth: nil)
        let exchange = exchange(BytesBody([UInt8](repeating: 7, count: 1_000_000)))
        exchange.flow = scheduler.addFlow(cap: 100_000, at: at(0))
        _ = scheduler.settle()
        let pump = ResponsePump(exchange)
        #expect(pump.next(at: at(0), writable: true, pacing: scheduler) == .write(head: 6, body: 0))
        _ = pump.wrote(6, at: at(0))
        guard case .wake(let deadline) = pump.next(at: at(0), writable: true, pacing: scheduler) else {
            Issue.record("a paced body without credit did not wait")
            return
        }
        // A chunk at 100 kB/s: well within the first second.
        #expect(deadline > at(0) && deadline < at(1))
        guard case .write(0, let bytes) = pump.next(at: deadline, writable: true, pacing: scheduler) else {
            Issue.record("a paced body still waited at its deadline")
            return
        }
        #expect(bytes > 0 && bytes < 100_000)
    }

    @Test func cut_endsTheResponseAtItsByte_asAFault() {
        for (fault, action) in [(Fault.truncateAfter(bytes: 3), CutStage.Action.close), (.resetAfter(bytes: 3), .reset), (.stallAfter(bytes: 3), .stall)] {
            let exchange = exchange(BytesBody(Array("abcdef".utf8)))
            exchange.cut = CutStage(fault, length: 6)
            let pump = ResponsePump(exchange)
            #expect(pump.next(at: at(0), writable: true, pacing: noPacing) == .write(head: 6, body: 3))
            _ = pump.wrote(9, at: at(0))
            #expect(pump.next(at: at(0), writable: true, pacing: noPacing) == .ended(.cut(action)))
            #expect(exchange.outcome == .fault)
        }
    }

    @Test func chunkedBody_framesEachPiece_waitsForItsSource_andEndsWithTheTerminator() {
        let source = ScriptedSource(length: nil)
        let exchange = exchange(source)
        exchange.chunked = true
        let pump = ResponsePump(exchange)
        // Nothing yet: the head still goes, then the pump waits for the source.
        #expect(pump.next(at: at(0), writable: true, pacing: noPacing) == .write(head: 6, body: 0))
        _ = pump.wrote(6, at: at(0))
        #expect(pump.next(at: at(0), writable: true, pacing: noPacing) == .awaitSource)
        source.bytes = Array("abc".utf8)
        #expect(pump.next(at: at(1), writable: true, pacing: noPacing) == .write(head: 3, body: 3))
        #expect(exchange.headBytes[exchange.headSent...].elementsEqual("3\r\n".utf8))
        _ = pump.wrote(6, at: at(1))
        source.ended = true
        #expect(pump.next(at: at(2), writable: true, pacing: noPacing) == .write(head: 7, body: 0))
        #expect(exchange.headBytes[exchange.headSent...].elementsEqual("\r\n0\r\n\r\n".utf8))
        _ = pump.wrote(7, at: at(2))
        #expect(pump.next(at: at(2), writable: true, pacing: noPacing) == .ended(.complete))
        #expect(exchange.outcome == .complete)
    }

    @Test func sourceEndingShortOfItsLength_aborts_andSaysWhy() {
        let source = ScriptedSource(length: 10)
        source.bytes = Array("abcd".utf8)
        let exchange = exchange(source)
        let pump = ResponsePump(exchange)
        #expect(pump.next(at: at(0), writable: true, pacing: noPacing) == .write(head: 6, body: 4))
        _ = pump.wrote(10, at: at(0))
        source.ended = true
        #expect(pump.next(at: at(0), writable: true, pacing: noPacing) == .abort)
        #expect(exchange.outcome == .aborted)
        #expect(exchange.error == "the response body ended after 4 of its 10 bytes")
    }

    @Test func sourceEndingBeforeTheCut_leavesNoFault() {
        let source = ScriptedSource(length: nil)
        source.bytes = Array("ab".utf8)
        source.ended = true
        let exchange = exchange(source)
        exchange.fault = FaultRule(.truncateAfter(bytes: 5))
        exchange.cut = CutStage(.truncateAfter(bytes: 5), length: nil)
        let pump = ResponsePump(exchange)
        #expect(pump.next(at: at(0), writable: true, pacing: noPacing) == .write(head: 6, body: 2))
        _ = pump.wrote(8, at: at(0))
        #expect(pump.next(at: at(0), writable: true, pacing: noPacing) == .ended(.complete))
        #expect(exchange.fault == nil && exchange.cut == nil)
    }

    @Test func corruption_flipsTheSameBytes_whateverThePieces() throws {
        let bytes = [UInt8](repeating: 0, count: 64)
        func sent(inPiecesOf piece: Int64) -> [UInt8] {
            let exchange = exchange(BytesBody(bytes))
            exchange.corruption = CorruptionStage(count: 3, length: 64, seed: 1, method: "GET", url: "/")
            let pump = ResponsePump(exchange)
            _ = pump.wrote(6, at: at(0))
            var out: [UInt8] = []
            while case .write(_, let budget) = pump.next(at: at(0), writable: true, pacing: noPacing) {
                let part = body(pump, min(budget, piece))
                _ = pump.wrote(part.count, at: at(0))
                out += part
            }
            return out
        }
        let whole = sent(inPiecesOf: 64)
        #expect(whole.filter { $0 != 0 }.count == 3)
        #expect(sent(inPiecesOf: 5) == whole)
    }
}

/// A source the test feeds by hand: bytes so far, and whether it has ended.
private final class ScriptedSource: BodySource {
    let length: Int64?
    var bytes: [UInt8] = []
    var ended = false
    init(length: Int64?) { self.length = length }

    func readiness(at offset: Int64) -> BodyReadiness {
        offset < bytes.count ? .ready(bytes.count - Int(offset)) : ended ? .ended : .waiting
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) -> Int {
        let count = min(buffer.count, bytes.count - Int(offset))
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + Int(offset), byteCount: count) }
        return count
    }

    func whenReady(_ resume: @escaping () -> Void) {}
    func cancel() {}
    var digestKey: String? { nil }
}
