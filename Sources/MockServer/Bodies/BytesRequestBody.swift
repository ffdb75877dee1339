import NetworkCore

/// A request body already in memory: the whole body in one piece (a handler's
/// ``MockServer/Request/body``, or a body gathered for a leg that needs it whole).
final class BytesRequestBody: RequestBodySource {
    private let bytes: [UInt8]
    private let taken = Lock(false)

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var length: Int64? { Int64(bytes.count) }

    func next() async throws(RequestBodyError) -> [UInt8]? {
        let first = taken.withLock { taken in
            defer { taken = true }
            return !taken
        }
        return first && !bytes.isEmpty ? bytes : nil
    }

    func cancel() {}

    func rewind() -> Bool {
        taken.withLock { $0 = false }
        return true
    }
}
