import Testing
import NetworkCore
import MockServer
import TestSupport

@Suite struct PayloadTests {
    // Golden bytes computed with the Python function in Payload's documentation: a change to
    // the function (which would change every payload and ETag) fails here.
    @Test func bytes_matchGoldenValues_forPinnedSeedsAndOffsets() throws {
        #expect(try Payload.bytes(seed: 0, count: 16) == [
            0xd2, 0x4f, 0x8c, 0x49, 0x9d, 0xa9, 0x42, 0x29, 0x07, 0xd0, 0x42, 0x47, 0x97, 0x8d, 0xa1, 0x9f,
        ])
        #expect(try Payload.bytes(seed: 42, count: 16) == [
            0x86, 0x5d, 0x8b, 0x63, 0x11, 0x8b, 0x63, 0x7f, 0x33, 0x04, 0x04, 0x4a, 0xe2, 0xa3, 0x13, 0x73,
        ])
        #expect(try Payload.bytes(seed: 7, offset: 1_000_003, count: 16) == [
            0xc5, 0x70, 0x0a, 0xda, 0x32, 0x07, 0x0b, 0xf9, 0xb4, 0xf3, 0xd5, 0x09, 0xea, 0x75, 0x61, 0x41,
        ])
        // Straddles the first 64 KiB tile boundary, where the block key changes.
        #expect(try Payload.bytes(seed: 3, offset: 65_531, count: 16) == [
            0xd2, 0x33, 0x4c, 0xfd, 0xeb, 0xde, 0xc5, 0x48, 0x7c, 0x40, 0xf1, 0xac, 0xa3, 0x0f, 0x5e, 0x6d,
        ])
        #expect(try Payload.bytes(seed: 7, offset: 10_000_000_003, count: 16) == [
            0x65, 0x96, 0xb1, 0x50, 0x7b, 0x68, 0x4d, 0x99, 0xb2, 0xc0, 0xa6, 0xad, 0xd8, 0x5b, 0xfd, 0xb3,
        ])
    }

    // Megabytes hashed or compared run on a thread of their own: seconds in a debug build on a
    // loaded machine, which on the cooperative pool would starve other tests' servers.

    @Test func bytes_matchGoldenDigest_forFirstMegabyteOfSeedZero() async throws {
        let digest = try await blocking { SHA256.hash(try Payload.bytes(seed: 0, count: 1_000_000)) }
        let hex = digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        #expect(hex == "0c1ca0bbd6383c8e0e4050ea453053907d3a389eaf28d4f2b5d999cde4c62d35")
    }

    @Test func bytes_isPrefixOfLongerPayload_forSameSeed() async throws {
        let isPrefix = try await blocking {
            let short = try Payload.bytes(seed: 3, count: 1_000_000)
            let long = try Payload.bytes(seed: 3, count: 10_000_000)
            return short[...] == long[..<1_000_000]
        }
        #expect(isPrefix)
    }

    @Test func bytes_equalSliceOfAlignedFill_atAnyOffsetAndLength() throws {
        let reference = try Payload.bytes(seed: 9, count: 20_000)
        let lengths = [0, 1, 2, 7, 8, 9, 15, 16, 17, 8183, 8190, 8191, 8192, 8193, 8200, 16_385]
        for offset in 0..<17 {
            for length in lengths {
                let slice = try Payload.bytes(seed: 9, offset: Int64(offset), count: length)
                #expect(slice[...] == reference[offset..<offset + length], "offset \(offset), length \(length)")
            }
        }
    }

    @Test func bytes_equalSliceOfAlignedFill_acrossTileBoundaries() throws {
        let reference = try Payload.bytes(seed: 9, count: 200_000)
        #expect(reference[0..<65_536] != reference[65_536..<131_072], "each 64 KiB block has its own key")
        for offset in [65_528, 65_529, 65_535, 65_536, 131_070] {
            for length in [1, 8, 9, 16, 8192, 65_537] where offset + length <= reference.count {
                let slice = try Payload.bytes(seed: 9, offset: Int64(offset), count: length)
                #expect(slice[...] == reference[offset..<offset + length], "offset \(offset), length \(length)")
            }
        }
    }

    @Test func blocks_areNotAConstantMaskApart_acrossSeedsOrWithinOne() throws {
        // Two 64 KiB blocks XORed word by word: a shared tile under a mere mask would leave
        // one repeated word; the rotation leaves (almost) all different.
        func distinctXorWords(_ a: [UInt8], _ b: [UInt8]) -> Int {
            var words = Set<UInt64>()
            for word in stride(from: 0, to: a.count, by: 8) {
                var value: UInt64 = 0
                for byte in 0..<8 { value |= UInt64(a[word + byte] ^ b[word + byte]) << (8 * byte) }
                words.insert(value)
            }
            return words.count
        }
        let seed1 = try Payload.bytes(seed: 1, count: 131_072)
        let seed2 = try Payload.bytes(seed: 2, count: 65_536)
        #expect(distinctXorWords(Array(seed1[..<65_536]), seed2) > 8000)
        #expect(distinctXorWords(Array(seed1[..<65_536]), Array(seed1[65_536...])) > 8000)
    }

    @Test func fill_writesOnlyItsBuffer_whenBufferIsASlice() throws {
        var storage = [UInt8](repeating: 0xee, count: 40)
        try storage.withUnsafeMutableBytes { try Payload.fill(.init(rebasing: $0[3..<30]), seed: 1, offset: 5) }
        #expect(storage[..<3].allSatisfy { $0 == 0xee } && storage[30...].allSatisfy { $0 == 0xee })
        #expect(try storage[3..<30] == Payload.bytes(seed: 1, offset: 5, count: 27)[...])
    }

    @Test func bytes_differ_forDifferentSeeds() throws {
        let seeds: [UInt64] = [0, 1, 2, 42, .max]
        let payloads = try seeds.map { try Payload.bytes(seed: $0, count: 64) }
        #expect(Set(payloads).count == seeds.count)
        // Unrelated streams share a byte here and there by chance (1 in 256), not a run of them.
        #expect(zip(payloads[0], payloads[1]).filter { $0 == $1 }.count < 8)
    }

    @Test func firstMismatch_isNil_forMatchingOrEmptyBuffer() throws {
        let payload = try Payload.bytes(seed: 5, offset: 3, count: 20_000)
        #expect(try payload.withUnsafeBytes { try Payload.firstMismatch(in: $0, seed: 5, offset: 3) } == nil)
        #expect(try Payload.firstMismatch(in: UnsafeRawBufferPointer(start: nil, count: 0), seed: 5, offset: 3) == nil)
    }

    @Test func firstMismatch_findsSingleFlippedByte_anywhere() throws {
        var payload = try Payload.bytes(seed: 5, offset: 3, count: 20_000)
        let positions = Array(0..<70) + [4093, 4094, 8188, 8189, 8190, 8191, 8192, 12_000, 16_381, 16_382, 19_999]
        for position in positions {
            payload[position] ^= 0x10
            #expect(try payload.withUnsafeBytes { try Payload.firstMismatch(in: $0, seed: 5, offset: 3) } == position)
            payload[position] ^= 0x10
        }
    }

    @Test func firstMismatch_findsFirstOfSeveralDifferences() throws {
        var payload = try Payload.bytes(seed: 5, offset: 0, count: 10_000)
        payload[9000] ^= 1
        payload[777] ^= 1
        #expect(try payload.withUnsafeBytes { try Payload.firstMismatch(in: $0, seed: 5, offset: 0) } == 777)
        #expect(try payload.withUnsafeBytes { try Payload.firstMismatch(in: $0, seed: 6, offset: 0) } == 0)
    }

    @Test func etag_isQuotedAndDistinct_forEachSeedAndSize() {
        let tag = Payload.etag(seed: 42, size: 10_000_000)
        #expect(tag == "\"payload-v2-seed42-size10000000\"")
        #expect(Payload.etag(seed: 43, size: 10_000_000) != tag)
        #expect(Payload.etag(seed: 42, size: 10_000_001) != tag)
    }

    @Test(arguments: [(Int64(-1), 10), (0, -1), (Int64.max, 1), (Int64.max - 9, 10), (Int64.min, Int.min)])
    func bytes_refusesARangeOutsideThePayload_withATypedError(offset: Int64, count: Int) {
        #expect(throws: PayloadRangeError(offset: offset, count: count)) {
            try Payload.bytes(seed: 1, offset: offset, count: count)
        }
    }

    @Test func bytes_servesTheLastBytesBeforeTheEnd_andNothingAtTheEnd() throws {
        #expect(try Payload.bytes(seed: 1, offset: Int64.max - 8, count: 8).count == 8)
        #expect(try Payload.bytes(seed: 1, offset: Int64.max, count: 0).isEmpty)
    }

    @Test func fillAndFirstMismatch_refuseANegativeOffset_andLeaveTheBufferAlone() {
        var storage = [UInt8](repeating: 0xee, count: 16)
        #expect(throws: PayloadRangeError(offset: -8, count: 16)) {
            try storage.withUnsafeMutableBytes { try Payload.fill($0, seed: 1, offset: -8) }
        }
        #expect(storage == [UInt8](repeating: 0xee, count: 16))
        #expect(throws: PayloadRangeError(offset: Int64.max - 1, count: 16)) {
            try storage.withUnsafeBytes { try Payload.firstMismatch(in: $0, seed: 1, offset: Int64.max - 1) }
        }
    }

    @Test func rangeError_namesWhatIsWrong() {
        #expect("\(PayloadRangeError(offset: -1, count: 3))" == "payload offset -1 is negative: offsets start at 0")
        #expect("\(PayloadRangeError(offset: 0, count: -3))" == "payload byte count -3 is negative")
        #expect("\(PayloadRangeError(offset: Int64.max, count: 3))".contains("runs past the payload's end"))
    }
}
