import Testing
import NetworkCore
import MockServer

@Suite struct PayloadTests {
    // Golden bytes computed with the Python function in Payload's documentation: a change to
    // the function (which would change every payload and ETag) fails here.
    @Test func bytes_matchGoldenValues_forPinnedSeedsAndOffsets() {
        #expect(Payload.bytes(seed: 0, count: 16) == [
            0xa3, 0x01, 0xe0, 0x2c, 0xe7, 0x60, 0x4c, 0x68, 0x40, 0x21, 0xf7, 0x5c, 0x78, 0x0a, 0xfb, 0xb7,
        ])
        #expect(Payload.bytes(seed: 42, count: 16) == [
            0x54, 0x03, 0x3e, 0x3c, 0xa8, 0x2c, 0xd2, 0x46, 0xb7, 0x23, 0x29, 0x4c, 0x37, 0x46, 0x65, 0x99,
        ])
        #expect(Payload.bytes(seed: 7, offset: 1_000_003, count: 16) == [
            0x8d, 0x38, 0x51, 0x76, 0x18, 0xb9, 0xc6, 0xfa, 0x26, 0xd7, 0x3a, 0xe9, 0xd2, 0xe9, 0xd6, 0xce,
        ])
        // Straddles the first 64 KiB tile boundary, where the block key changes.
        #expect(Payload.bytes(seed: 3, offset: 65_531, count: 16) == [
            0x41, 0xf0, 0xf6, 0x96, 0x35, 0x9c, 0xdc, 0x41, 0xbe, 0x93, 0xd2, 0x21, 0x4b, 0x7f, 0xfc, 0x56,
        ])
        #expect(Payload.bytes(seed: 7, offset: 10_000_000_003, count: 16) == [
            0x7c, 0x2d, 0x02, 0x0d, 0xa0, 0x3e, 0xeb, 0x89, 0x27, 0x72, 0x35, 0x46, 0x60, 0x82, 0x3f, 0x8b,
        ])
    }

    @Test func bytes_matchGoldenDigest_forFirstMegabyteOfSeedZero() {
        let digest = SHA256.hash(Payload.bytes(seed: 0, count: 1_000_000))
        let hex = digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        #expect(hex == "7795418ab00b5f7fd0d887250c489951df0865ef5845776c65517d28be3a1ced")
    }

    @Test func bytes_isPrefixOfLongerPayload_forSameSeed() {
        let short = Payload.bytes(seed: 3, count: 1_000_000)
        let long = Payload.bytes(seed: 3, count: 10_000_000)
        #expect(short[...] == long[..<1_000_000])
    }

    @Test func bytes_equalSliceOfAlignedFill_atAnyOffsetAndLength() {
        let reference = Payload.bytes(seed: 9, count: 20_000)
        let lengths = [0, 1, 2, 7, 8, 9, 15, 16, 17, 8183, 8190, 8191, 8192, 8193, 8200, 16_385]
        for offset in 0..<17 {
            for length in lengths {
                let slice = Payload.bytes(seed: 9, offset: Int64(offset), count: length)
                #expect(slice[...] == reference[offset..<offset + length], "offset \(offset), length \(length)")
            }
        }
    }

    @Test func bytes_equalSliceOfAlignedFill_acrossTileBoundaries() {
        let reference = Payload.bytes(seed: 9, count: 200_000)
        #expect(reference[0..<65_536] != reference[65_536..<131_072], "each 64 KiB block has its own key")
        for offset in [65_528, 65_529, 65_535, 65_536, 131_070] {
            for length in [1, 8, 9, 16, 8192, 65_537] where offset + length <= reference.count {
                let slice = Payload.bytes(seed: 9, offset: Int64(offset), count: length)
                #expect(slice[...] == reference[offset..<offset + length], "offset \(offset), length \(length)")
            }
        }
    }

    @Test func fill_writesOnlyItsBuffer_whenBufferIsASlice() {
        var storage = [UInt8](repeating: 0xee, count: 40)
        storage.withUnsafeMutableBytes { Payload.fill(.init(rebasing: $0[3..<30]), seed: 1, offset: 5) }
        #expect(storage[..<3].allSatisfy { $0 == 0xee } && storage[30...].allSatisfy { $0 == 0xee })
        #expect(storage[3..<30] == Payload.bytes(seed: 1, offset: 5, count: 27)[...])
    }

    @Test func bytes_differ_forDifferentSeeds() {
        let seeds: [UInt64] = [0, 1, 2, 42, .max]
        let payloads = seeds.map { Payload.bytes(seed: $0, count: 64) }
        #expect(Set(payloads).count == seeds.count)
        // Unrelated streams share a byte here and there by chance (1 in 256), not a run of them.
        #expect(zip(payloads[0], payloads[1]).filter { $0 == $1 }.count < 8)
    }

    @Test func firstMismatch_isNil_forMatchingOrEmptyBuffer() {
        let payload = Payload.bytes(seed: 5, offset: 3, count: 20_000)
        payload.withUnsafeBytes { #expect(Payload.firstMismatch(in: $0, seed: 5, offset: 3) == nil) }
        #expect(Payload.firstMismatch(in: UnsafeRawBufferPointer(start: nil, count: 0), seed: 5, offset: 3) == nil)
    }

    @Test func firstMismatch_findsSingleFlippedByte_anywhere() {
        var payload = Payload.bytes(seed: 5, offset: 3, count: 20_000)
        let positions = Array(0..<70) + [4093, 4094, 8188, 8189, 8190, 8191, 8192, 12_000, 16_381, 16_382, 19_999]
        for position in positions {
            payload[position] ^= 0x10
            payload.withUnsafeBytes { #expect(Payload.firstMismatch(in: $0, seed: 5, offset: 3) == position) }
            payload[position] ^= 0x10
        }
    }

    @Test func firstMismatch_findsFirstOfSeveralDifferences() {
        var payload = Payload.bytes(seed: 5, offset: 0, count: 10_000)
        payload[9000] ^= 1
        payload[777] ^= 1
        payload.withUnsafeBytes { #expect(Payload.firstMismatch(in: $0, seed: 5, offset: 0) == 777) }
        payload.withUnsafeBytes { #expect(Payload.firstMismatch(in: $0, seed: 6, offset: 0) == 0) }
    }

    @Test func etag_isQuotedAndDistinct_forEachSeedAndSize() {
        let tag = Payload.etag(seed: 42, size: 10_000_000)
        #expect(tag == "\"payload-v2-seed42-size10000000\"")
        #expect(Payload.etag(seed: 43, size: 10_000_000) != tag)
        #expect(Payload.etag(seed: 42, size: 10_000_001) != tag)
    }
}
