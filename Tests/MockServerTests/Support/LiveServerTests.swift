import Testing
import TestSupport

/// The live tests of the server: real servers on 127.0.0.1 and real clients (raw sockets, curl,
/// URLSession, the `lab` binary), one suite per concept nested here.
///
/// They run one at a time. They share the process's one event loop and two cores, and the
/// timing tests measure that loop's pacing: run all at once, the crowd of client threads kept
/// the loop from its timers, and a 50 ms latency measured 100 ms. The proxy's live tests are a
/// chain of their own (``LiveProxyTests``) running beside this one: two chains at once, not a
/// crowd, and the suite's wall time is the longer chain's.
@Suite(.live, .serialized) struct LiveServerTests {}

/// The live tests of the proxy (in-process and `lab proxy`) against real upstreams, one at a
/// time, for the same reasons as ``LiveServerTests``, beside which they run.
@Suite(.live, .serialized) struct LiveProxyTests {}

/// `lab proxy` in TCP mode and `lab toxiproxy`, each a `lab` process against a real TCP peer:
/// a chain of their own beside ``LiveProxyTests``, which was the last chain to end without
/// them. They time nothing beyond "a 1 s latency is not under 1 s".
@Suite(.live, .serialized) struct LiveTCPProxyCommandTests {}
