/// What the selector reports for one registered descriptor.
package struct ReadinessEvent: Sendable {
    /// Bytes can be read, or the peer closed (a read will say which).
    package var readable: Bool
    /// Bytes can be written, or a pending connect finished.
    package var writable: Bool
    /// The peer closed its side or the connection broke.
    package var hangUp: Bool
    /// The socket has a pending error (read `SO_ERROR` or attempt I/O to learn it).
    package var error: Bool
}

/// An object the event loop notifies when its descriptor becomes ready.
///
/// Registration is edge-triggered: an event means "something changed", so a handler keeps reading
/// or writing until the call would block, and remembers readiness it has not used yet.
package protocol Selectable: AnyObject {
    /// Called on the event loop's thread.
    func handleReadiness(_ event: ReadinessEvent)
}

/// The identity of one registration with an event loop, needed to deregister.
package struct Registration: Sendable, Hashable {
    let slot: UInt32
    let generation: UInt32

    var token: UInt64 { UInt64(generation) << 32 | UInt64(slot) }

    init(slot: UInt32, generation: UInt32) {
        self.slot = slot
        self.generation = generation
    }

    init(token: UInt64) {
        slot = UInt32(truncatingIfNeeded: token)
        generation = UInt32(truncatingIfNeeded: token >> 32)
    }
}
