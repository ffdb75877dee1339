import Testing

/// The live tests: real servers on 127.0.0.1 and real clients (raw sockets, curl, URLSession,
/// the `lab` binary), one suite per concept nested here.
///
/// They run one at a time. They share the process's one event loop and two cores, and the
/// timing tests measure that loop's pacing: run all at once, the crowd of client threads kept
/// the loop from its timers, and a 50 ms latency measured 100 ms. One at a time they take
/// about 13 s.
@Suite(.serialized) struct LiveServerTests {}
