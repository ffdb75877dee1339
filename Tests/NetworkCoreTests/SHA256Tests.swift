import Testing
@testable import NetworkCore

@Suite struct SHA256Tests {
    private func hex(_ digest: [UInt8]) -> String {
        digest.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func hash_matchesNISTVector_forShortMessage(message: String, expected: String) {
        #expect(hex(SHA256.hash(Array(message.utf8))) == expected)
    }

    @Test func hash_matchesNISTVector_forOneMillionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(hex(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))) == expected)
    }

    @Test func update_givesOneShotDigest_whenSplitAtEveryOffset() {
        let message = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let expected = SHA256.hash(message)
        for split in 0...message.count {
            var sha = SHA256()
            sha.update(message[..<split])
            sha.update(message[split...])
            #expect(sha.finalize() == expected, "split at \(split)")
        }
    }

    @Test func update_givesOneShotDigest_whenFedByteByByte() {
        let message = (0..<200).map { UInt8(truncatingIfNeeded: $0) }
        var sha = SHA256()
        for byte in message { sha.update(CollectionOfOne(byte)) }
        #expect(sha.finalize() == SHA256.hash(message))
    }

    @Test func finalize_leavesHasherUsable_forMoreInput() {
        var sha = SHA256()
        sha.update(Array("ab".utf8))
        _ = sha.finalize()
        sha.update(Array("c".utf8))
        #expect(hex(sha.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
