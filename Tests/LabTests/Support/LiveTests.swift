import Testing

/// The tests that run the `lab` binary and time real work, one at a time: two of them at
/// once would share the machine's two cores and skew each other's timings.
@Suite(.serialized) struct LiveTests {}
