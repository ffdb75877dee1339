/// The buffer every response on one server is assembled in before `send`: head and body
/// piece together, so a small response leaves in one system call.
///
/// When the socket takes only part of a piece, the unsent rest stays valid here until another
/// response claims the buffer, so a fast download resumes without regenerating its bytes.
final class WriteScratch {
    /// Body bytes per `send`: large enough that unshaped bodies go out in few system calls,
    /// small enough that bytes just generated are still in cache when the kernel copies them.
    /// (Measured on loopback against a raw pump of 1 MiB writes: 256 KiB gives 0.73 to 0.83 of
    /// its throughput, 1 MiB gives 0.64, 128 KiB and 512 KiB less.)
    static let bodyCapacity = 256 << 10
    static let headCapacity = 64 * 1024

    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bodyCapacity + headCapacity, alignment: 16)
    private var kept: (owner: ObjectIdentifier, bodyOffset: Int64, range: Range<Int>)?
    private var relayBuffer: UnsafeMutableRawBufferPointer?

    deinit {
        buffer.deallocate()
        relayBuffer?.deallocate()
    }

    /// Where a proxy's ``UpstreamSocketBody`` reads its upstream's bytes before it sends them
    /// on (``UpstreamSocketBody/relayCapacity``): one for all of a server's responses, since
    /// each write is done with it before the next begins. Allocated on first use.
    var relay: UnsafeMutableRawBufferPointer {
        if let relayBuffer { return relayBuffer }
        let made = UnsafeMutableRawBufferPointer.allocate(byteCount: UpstreamSocketBody.relayCapacity, alignment: 16)
        relayBuffer = made
        return made
    }

    /// The kept unsent body bytes of `owner` starting at `bodyOffset`, if still here.
    func kept(for owner: AnyObject, at bodyOffset: Int64) -> UnsafeRawBufferPointer? {
        guard let kept, kept.owner == ObjectIdentifier(owner), kept.bodyOffset == bodyOffset else { return nil }
        return UnsafeRawBufferPointer(rebasing: buffer[kept.range])
    }

    /// Takes the buffer for new content, forgetting what was kept.
    func claim() -> UnsafeMutableRawBufferPointer {
        kept = nil
        return buffer
    }

    /// Remembers that `range` of the buffer holds `owner`'s body bytes from `bodyOffset` on.
    func keep(_ range: Range<Int>, for owner: AnyObject, at bodyOffset: Int64) {
        kept = range.isEmpty ? nil : (ObjectIdentifier(owner), bodyOffset, range)
    }

    /// Lays out the next bytes to send: `headCount` bytes of `head` from `headOffset` (as
    /// many as fit), then up to `budget` body bytes that `readBody` writes and counts. The
    /// piece starts where the body lands on the payload's word boundaries (`bodyOffset` mod 8),
    /// so the generator writes whole words in place. Forgets what was kept.
    func assemble(
        head: [UInt8], from headOffset: Int, count headCount: Int, bodyOffset: Int64, budget: Int64,
        readBody: (UnsafeMutableRawBufferPointer) -> Int
    ) -> UnsafeRawBufferPointer {
        let buffer = claim()
        let headCount = min(headCount, buffer.count - 8)
        let start = (Int(bodyOffset % 8) - headCount % 8 + 8) % 8
        head.withUnsafeBytes { head in
            (buffer.baseAddress! + start).copyMemory(from: head.baseAddress! + headOffset, byteCount: headCount)
        }
        var end = start + headCount
        let want = Int(min(budget, Int64(min(buffer.count - end, Self.bodyCapacity))))
        if want > 0 { end += readBody(UnsafeMutableRawBufferPointer(rebasing: buffer[end..<(end + want)])) }
        return UnsafeRawBufferPointer(rebasing: buffer[start..<end])
    }

    /// After a short send of `piece` (from this buffer): keeps its unsent body bytes for
    /// `owner`, from `bodyOffset` on, when the send took the whole `headCount` of head bytes.
    func keepUnsent(of piece: UnsafeRawBufferPointer, sent: Int, headCount: Int, for owner: AnyObject, at bodyOffset: Int64) {
        guard sent >= headCount, let base = piece.baseAddress else { return }
        let start = base - UnsafeRawPointer(buffer.baseAddress!)
        keep((start + sent)..<(start + piece.count), for: owner, at: bodyOffset)
    }
}
