/// When a descriptor that several threads use may be closed: once closing has begun and no
/// call on it is under way, the close's own shutdown included.
///
/// Closing it any earlier frees its number while a call is about to use it, and the kernel
/// hands that number to the next descriptor the process opens, often another connection:
/// the late call then reads, writes or shuts down that connection instead. A pure value,
/// kept under its owner's lock; ``AsyncSocket`` is the owner.
package struct DescriptorLifetime: Sendable, Equatable {
    /// Whether closing has begun: no new call may start.
    package private(set) var isClosing = false
    /// Calls on the descriptor under way, the close's shutdown counted as one. Once closing
    /// has begun it only falls, so it reaches zero once.
    private var inUse = 0

    package init() {}

    /// Starts a call on the descriptor; false once closing has begun, and the call must then
    /// not touch it.
    package mutating func beginUse() -> Bool {
        guard !isClosing else { return false }
        inUse += 1
        return true
    }

    /// Begins closing, and with it the close's own use of the descriptor (the shutdown that
    /// wakes calls blocked on it); false if closing had begun already, and the caller must
    /// then not touch it.
    package mutating func beginClose() -> Bool {
        guard !isClosing else { return false }
        isClosing = true
        inUse += 1
        return true
    }

    /// Ends a use begun by ``beginUse()`` or ``beginClose()``; true, exactly once, when the
    /// descriptor must be released now: closing has begun and this was the last use.
    package mutating func endUse() -> Bool {
        precondition(inUse > 0, "endUse() without beginUse() or beginClose()")
        inUse -= 1
        return isClosing && inUse == 0
    }
}
