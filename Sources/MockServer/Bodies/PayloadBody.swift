/// The deterministic payload (see ``Payload``) for a seed, generated while sending.
final class PayloadBody: StaticBodySource, Sendable {
    let seed: UInt64
    let size: Int64

    init(seed: UInt64, length: Int64) {
        self.seed = seed
        size = length
    }

    var digestKey: String? { "payload:\(seed):\(size)" }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) -> Int {
        Payload.write(buffer, seed: seed, offset: offset)
        return buffer.count
    }
}
