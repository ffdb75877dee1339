
/// Read buffers that sockets borrow only while bytes are ready, so that connections waiting
/// for data hold none: a client's memory follows how many reads run at once (about as many
/// as there are threads), not how many downloads are in flight.
///
/// A few returned buffers are kept for the next reads; the rest are freed.
package final class ReadBufferPool: Sendable {
    /// The size of every buffer the pool lends.
    package let bufferSize: Int
    private let keep: Int
    private let state = Lock(State())

    private struct State {
        /// Idle buffers' addresses, as integers: the buffers themselves are not Sendable, and
        /// the pool hands each to one borrower at a time.
        var free: [Int] = []
        var lent = 0
    }

    /// A pool of `bufferSize`-byte buffers that keeps up to `keep` idle ones.
    package init(bufferSize: Int, keep: Int = 8) {
        precondition(bufferSize > 0, "a read buffer needs at least one byte")
        self.bufferSize = bufferSize
        self.keep = keep
    }

    deinit {
        for address in state.withLock({ $0.free }) { Self.buffer(at: address, count: bufferSize).deallocate() }
    }

    /// How many buffers are out now, taken and not yet recycled.
    package var lent: Int {
        state.withLock { $0.lent }
    }

    /// A buffer of ``bufferSize`` bytes, to give back with ``recycle(_:)`` once its bytes are used.
    package func take() -> UnsafeMutableRawBufferPointer {
        let address = state.withLock { state in
            state.lent += 1
            return state.free.popLast()
        }
        if let address { return Self.buffer(at: address, count: bufferSize) }
        return UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
    }

    /// Gives back a buffer from ``take()``; the caller must not touch it afterwards.
    package func recycle(_ buffer: UnsafeMutableRawBufferPointer) {
        let address = Int(bitPattern: buffer.baseAddress)
        let kept = state.withLock { state in
            state.lent -= 1
            guard state.free.count < keep else { return false }
            state.free.append(address)
            return true
        }
        if !kept { buffer.deallocate() }
    }

    private static func buffer(at address: Int, count: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(bitPattern: address), count: count)
    }
}
