import Foundation
@testable import Lab
import TestSupport
import Testing

/// The spool reads and writes a file: each test runs on a thread of its own (`blocking`), off
/// the cooperative pool the other tests need.
@Suite struct BodySpoolTests {
    @Test func spool_givesBytesBackInOrder_acrossMemoryAndFile() async throws {
        try await blocking {
            let spool = BodySpool(memoryLimit: 10)
            try spool.append([1, 2, 3, 4])
            try spool.append([5, 6, 7, 8, 9, 10])
            #expect(spool.spilledBytes == 0, "ten bytes fit in memory")
            try spool.append([11, 12, 13])
            #expect(spool.spilledBytes == 3)
            try spool.append([14])
            #expect(spool.spilledBytes == 4, "once bytes wait on disk, newer ones follow them there")
            var taken: [UInt8] = []
            while let piece = try spool.take(upTo: 3) { taken += piece }
            #expect(taken == Array(1...14))
            #expect(spool.isEmpty)
        }
    }

    @Test func spool_startsItsFileOver_onceTheReaderCatchesUp() async throws {
        try await blocking {
            let spool = BodySpool(memoryLimit: 0)
            try spool.append(Array(repeating: 7, count: 100_000))
            #expect(spool.spilledBytes == 100_000)
            #expect(try spool.take(upTo: 60_000)?.count == 60_000)
            #expect(spool.spilledBytes == 40_000)
            #expect(try spool.take(upTo: 60_000)?.count == 40_000)
            #expect(spool.spilledBytes == 0)
            #expect(try spool.take(upTo: 60_000) == nil)
            try spool.append([1, 2, 3])
            #expect(try spool.take(upTo: 10) == [1, 2, 3])
        }
    }

    @Test func spool_returnsTwentyMegabytesExactly_withOneInMemory() async throws {
        try await blocking {
            let spool = BodySpool(memoryLimit: 1 << 20)
            let piece = (0..<65_536).map { UInt8($0 % 251) }
            for _ in 0..<320 { try spool.append(piece) }
            #expect(spool.spilledBytes == Int64(320 * 65_536 - (1 << 20)))
            var count = 0
            var same = true
            while let taken = try spool.take(upTo: 65_536) {
                same = same && taken == piece
                count += taken.count
            }
            #expect(count == 320 * 65_536)
            #expect(same)
        }
    }
}
