import Testing
import NetworkCore
import MockServer

@Suite struct PayloadTests {
    // Golden bytes computed with the Python function in Payload's documentation: a change to
    // the function (which would change every payload and ETag) fails here.
    @Test func bytes_matchGoldenValues_forPinnedSeedsAndOffsets() {
        #expect(Payload.bytes(seed: 0, count: 16) == [
            0x2d, 0xa4, 0xb9, 0xa3, 0x40, 0xd3, 0x50, 0x79, 0x77, 0x38, 0x32, 0x22, 0x08, 0x79, 0x1a, 0xbe,
        ])
        #expect(Payload.bytes(seed: 42, count: 16) == [
            0xda, 0xa6, 0x67, 0xb3, 0x0f, 0x9f, 0xce, 0x57, 0x78, 0xc1, 0x75, 0x47, 0xf6, 0x6d, 0x89, 0xd0,
        ])
        #expect(Payload.bytes(seed: 7, offset: 1_000_003, count: 16) == [
            0xf8, 0x12, 0x91, 0x43, 0x67, 0xaa, 0xc1, 0xb2, 0x79, 0x72, 0x4a, 0x5e, 0x70, 0x39, 0xb2, 0x57,
        ])
        #expect(Payload.bytes(seed: 7, offset: 10_000_000_003, count: 16) == [
            0x25, 0xa6, 0xe5, 0x52, 0x02, 0x2e, 0xdf, 0xad, 0x66, 0xf0, 0xf3, 0x29, 0x70, 0x59, 0x0f, 0x8a,
        ])
    }

    @Test func bytes_matchGoldenDigest_forFirstMegabyteOfSeedZero() {
        let digest = SHA256.hash(Payload.bytes(seed: 0, count: 1_000_000))
        let hex = digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        #expect(hex == "c1435b6169e16fe380482ad26836c85793e445b51ab1d4b0105b7ff82bb30274")
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
        #expect(tag == "\"payload-v1-seed42-size10000000\"")
        #expect(Payload.etag(seed: 43, size: 10_000_000) != tag)
        #expect(Payload.etag(seed: 42, size: 10_000_001) != tag)
    }
}
