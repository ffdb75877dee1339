/// Bytes in memory: error texts, JSON, a handler's `.bytes`.
final class BytesBody: StaticBodySource, @unchecked Sendable {
    // Unchecked: immutable.
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var size: Int64 { Int64(bytes.count) }

    var digestKey: String? { "bytes:\(bytes.count):\(bytes.hashValue)" }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) -> Int {
        let start = Int(offset)
        let count = min(buffer.count, bytes.count - start)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + start, byteCount: count)
        }
        return count
    }
}
