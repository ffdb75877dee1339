import Dispatch
import Foundation
import NetworkCore

/// RFC 9530 representation digests (`Repr-Digest: sha-256=:BASE64:`), computed once per
/// payload (seed and size) or file (path, size and time) and cached.
///
/// Hashing gigabytes takes seconds, so it runs on its own queue, never on the event loop or
/// Swift's cooperative pool; requests for a digest being computed wait for that computation.
final class DigestCache: Sendable {
    private let state = Lock(State())
    private static let queue = DispatchQueue(label: "NetworkLab.digest", qos: .utility)

    private struct State {
        var digests: [String: String] = [:]
        var waiting: [String: [@Sendable (String) -> Void]] = [:]
    }

    enum Lookup {
        case cached(String)
        case computing(key: String)
        case notApplicable
    }

    /// True when a `Want-Repr-Digest` value asks for sha-256 with a non-zero preference.
    static func wantsSHA256(_ value: String?) -> Bool {
        guard let value else { return false }
        return value.split(separator: ",").contains { member in
            let parts = member.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces.lowercased() }
            return parts.first == "sha-256" && (parts.count == 1 || parts[1] != "0")
        }
    }

    func lookup(_ body: any BodySource) -> Lookup {
        // Bytes in memory are short (texts, JSON, a handler's body): hashed at once, not cached.
        if let bytes = body as? BytesBody { return .cached(Self.header(SHA256.hash(bytes.bytes))) }
        guard let key = body.digestKey else { return .notApplicable }
        if let digest = state.withLock({ $0.digests[key] }) { return .cached(digest) }
        return .computing(key: key)
    }

    /// Computes the digest of `body` (once per key, however many ask) and calls `completion`
    /// with the header value, on the digest queue.
    func compute(_ key: String, body: any BodySource, completion: @escaping @Sendable (String) -> Void) {
        let first = state.withLock { state -> Bool in
            if let digest = state.digests[key] {
                Self.queue.async { completion(digest) }
                return false
            }
            let first = state.waiting[key] == nil
            state.waiting[key, default: []].append(completion)
            return first
        }
        guard first else { return }
        let bound = LoopBound(body)  // read-only from here on: payload parameters or an open file
        Self.queue.async { [self] in
            let digest = Self.header(Self.hash(bound.value))
            let waiters = state.withLock { state in
                state.digests[key] = digest
                return state.waiting.removeValue(forKey: key) ?? []
            }
            for waiter in waiters { waiter(digest) }
        }
    }

    private static func hash(_ body: any BodySource) -> [UInt8] {
        let length = body.length ?? 0
        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var offset: Int64 = 0
        while offset < length {
            let count = Int(min(Int64(buffer.count), length - offset))
            let read = body.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<count]), at: offset)
            guard read > 0 else { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<read]))
            offset += Int64(read)
        }
        return hasher.finalize()
    }

    static func header(_ digest: [UInt8]) -> String {
        "sha-256=:\(Data(digest).base64EncodedString()):"
    }
}
