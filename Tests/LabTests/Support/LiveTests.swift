import Testing
import TestSupport

/// The tests that run the `lab` binary and time real work, one at a time: two of them at
/// once would share the machine's two cores and skew each other's timings.
@Suite(.live, .serialized) struct LiveTests {}

/// The tests of `lab proxy`, HTTPS upstreams and HAR recording and replay, each a `lab`
/// process against a real upstream. They time nothing beyond a timeout's "not before", so they
/// run as a chain of their own beside ``LiveTests``, one at a time: each starts two processes.
@Suite(.live, .serialized) struct LiveProxyTests {}

/// HAR recording and replay through `lab proxy` and `lab serve`, and mitmproxy's side of it: a
/// chain of their own beside ``LiveProxyTests``, for the same reasons; together the two chains
/// ended after every other.
@Suite(.live, .serialized) struct LiveHARTests {}
