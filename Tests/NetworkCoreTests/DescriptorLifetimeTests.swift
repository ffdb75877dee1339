import NetworkCore
import Testing

/// The descriptor of an ``AsyncSocket`` is released by whichever ends last of the calls using
/// it and the close, never while one of them may still touch it. Each test lists its steps in
/// order and what each returned.
@Suite struct DescriptorLifetimeTests {
    @Test func anOpenDescriptor_isNeverReleased_howeverManyCallsComeAndGo() {
        var lifetime = DescriptorLifetime()
        let steps = [lifetime.beginUse(), lifetime.beginUse(), lifetime.endUse(), lifetime.endUse(), lifetime.beginUse(), lifetime.endUse()]
        #expect(steps == [true, true, false, false, true, false])
        #expect(!lifetime.isClosing)
    }

    @Test func aCloseWithNoCallUnderWay_releasesOnceItsShutdownEnds() {
        var lifetime = DescriptorLifetime()
        let close = lifetime.beginClose()
        let closing = lifetime.isClosing
        let release = lifetime.endUse()
        #expect(close && closing && release)
    }

    /// The case a CI run caught: a read ended while another thread was between its close's
    /// lock and its shutdown; the read released the descriptor, a test's new connection got
    /// the number, and the late shutdown broke that connection (its first send: EPIPE). The
    /// close's shutdown is a use of its own now, so the read's end releases nothing.
    @Test func aCallEndingDuringTheClosesShutdown_leavesTheReleaseToTheClose() {
        var lifetime = DescriptorLifetime()
        let steps = [
            lifetime.beginUse(),  // a read
            lifetime.beginClose(),  // another thread closes; its shutdown is next
            lifetime.endUse(),  // the read ends: not released, the shutdown has yet to run
            lifetime.endUse(),  // the shutdown ends: released now
        ]
        #expect(steps == [true, true, false, true])
    }

    @Test func aCallStillUnderWayAfterTheClose_releasesWhenItEnds() {
        var lifetime = DescriptorLifetime()
        let steps = [
            lifetime.beginUse(), lifetime.beginUse(), lifetime.beginClose(),
            lifetime.endUse(),  // the close's shutdown
            lifetime.endUse(),  // one of two calls
            lifetime.endUse(),  // the last call
        ]
        #expect(steps == [true, true, true, false, false, true])
    }

    @Test func afterTheCloseBegins_noCallStarts_andASecondCloseIsRefused() {
        var lifetime = DescriptorLifetime()
        let steps = [
            lifetime.beginClose(), lifetime.beginUse(), lifetime.beginClose(), lifetime.endUse(), lifetime.beginUse(), lifetime.beginClose(),
        ]
        #expect(steps == [true, false, false, true, false, false])
    }
}
