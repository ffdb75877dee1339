/// A job gave up because the run was asked to stop.
struct StopRequested: Error, CustomStringConvertible {
    var description: String { "stopped (Ctrl-C)" }
}
