@testable import MockServer
import Testing

@Suite struct WriteScratchTests {
    /// Fills a body region with `offset, offset + 1, ...` and counts it.
    private static func body(from offset: Int) -> (UnsafeMutableRawBufferPointer) -> Int {
        { region in
            for index in region.indices { region[index] = UInt8(truncatingIfNeeded: offset + index) }
            return region.count
        }
    }

    @Test(arguments: [(0, 5), (3, 5), (7, 16), (12, 0)])
    func assemble_putsTheHeadThenTheBody_withTheBodyOnItsWordBoundary(bodyOffset: Int, headCount: Int) {
        let scratch = WriteScratch()
        let head = Array("HTTP/1.1 200 OK\r\n\r\n".utf8)
        let piece = scratch.assemble(head: head, from: 2, count: headCount, bodyOffset: Int64(bodyOffset), budget: 10, readBody: Self.body(from: 0))
        let expected: [UInt8] = Array(head[2..<(2 + headCount)]) + (0..<10).map { (value: Int) -> UInt8 in UInt8(value) }
        #expect(Array(piece) == expected)
        let bodyStart = piece.baseAddress! + headCount - UnsafeRawPointer(scratch.buffer.baseAddress!)
        #expect(bodyStart % 8 == bodyOffset % 8)
    }

    @Test func assemble_takesNoMoreBodyThanTheBudgetOrTheBuffer() {
        let scratch = WriteScratch()
        #expect(scratch.assemble(head: [], from: 0, count: 0, bodyOffset: 0, budget: 0, readBody: Self.body(from: 0)).isEmpty)
        let large = scratch.assemble(head: [], from: 0, count: 0, bodyOffset: 0, budget: .max, readBody: Self.body(from: 0))
        #expect(large.count == WriteScratch.bodyCapacity)
    }

    @Test func aShortSend_keepsTheUnsentBody_untilTheBufferIsClaimedAgain() {
        let scratch = WriteScratch()
        let owner = WriteScratch(), other = WriteScratch()
        let piece = scratch.assemble(head: Array("HEAD".utf8), from: 0, count: 4, bodyOffset: 0, budget: 100, readBody: Self.body(from: 0))
        // The head and 26 body bytes left; the body's 74 others are kept from body offset 26.
        scratch.keepUnsent(of: piece, sent: 30, headCount: 4, for: owner, at: 26)
        #expect(scratch.kept(for: owner, at: 26).map(Array.init) == (26..<100).map(UInt8.init))
        #expect(scratch.kept(for: owner, at: 27) == nil)
        #expect(scratch.kept(for: other, at: 26) == nil)
        _ = scratch.claim()
        #expect(scratch.kept(for: owner, at: 26) == nil)
        // A send that did not take the whole head keeps nothing: the head is sent again.
        let again = scratch.assemble(head: Array("HEAD".utf8), from: 0, count: 4, bodyOffset: 0, budget: 100, readBody: Self.body(from: 0))
        scratch.keepUnsent(of: again, sent: 2, headCount: 4, for: owner, at: 0)
        #expect(scratch.kept(for: owner, at: 0) == nil)
    }
}
