import MockServer

/// What `lab serve` and `lab proxy` in HTTP mode do once their flags are read: start the
/// MockServer (with a HAR recorder and a TLS leg to an `https://` upstream when asked), print
/// its URL and dashboard lines, serve until SIGINT or SIGTERM, then stop gracefully and flush
/// the recording. Each command brings its own words.
struct ServerRun {
    /// The HAR file the upstream's exchanges go to (`lab proxy --record`, or `lab serve
    /// --replay-miss proxy`'s misses).
    struct Recording {
        var path: String
        var keepSecrets: Bool
        /// Whether new entries go after those of an archive already there.
        var continuing: Bool
        /// The prefix of its messages (`lab proxy: --record`).
        var label: String
        /// The last line, once the server has stopped: what went into the file.
        var summary: @Sendable (HARRecorder) -> String
    }

    /// `lab serve` or `lab proxy`: the prefix of every message.
    var command: String
    /// What the first line calls the server: `MockServer`, `HTTP proxy`.
    var title: String
    /// Where it forwards, for the first line (`lab proxy`'s upstream); nil names nothing.
    var forwardsTo: String?
    var configuration: MockServer.Configuration
    /// The PEM file of CAs to trust for an `https://` upstream (`--upstream-ca`).
    var authorities: String?
    var recording: Recording?

    /// Serves until a stop signal; the exit status. `notes` are the lines on stderr after the
    /// URLs (warnings, what is replayed).
    func run(notes: [String]) async -> Int32 {
        // Before the URL line: a script may send SIGTERM as soon as it has read it.
        StopSignal.install()
        var configuration = configuration
        var recorder: HARRecorder?
        if let recording {
            do {
                recorder = try HARRecorder.attached(
                    to: &configuration.upstream, path: recording.path, keepSecrets: recording.keepSecrets,
                    continuing: recording.continuing, label: recording.label)
            } catch {
                Console.error("\(recording.label): cannot \(recording.continuing ? "append to" : "write") \(recording.path): \(FileFailure.reason(error))")
                return ExitStatus.usage
            }
        }
        do {
            try HTTPSUpstream.attach(to: &configuration, trusting: authorities)
        } catch {
            Console.error("\(command): \(error)")
            return ExitStatus.usage
        }
        let server: MockServer
        do {
            server = try await MockServer.start(configuration)
        } catch {
            Console.error("\(command): \(error.description)")
            // An upstream that cannot be used is a flag's fault; a port in use is not.
            if case .invalidUpstream = error { return ExitStatus.usage }
            return ExitStatus.failure
        }
        Console.out("NetworkLab \(title) on \(server.url.absoluteString)\(forwardsTo.map { " to \($0)" } ?? "") "
            + "(seed \(server.seed); link: \(LabFormat.link(server.link)); faults: \(LabFormat.faults(server.faults)))")
        if configuration.controlEndpoints {
            Console.out("Dashboard: \(server.url("/_lab/").absoluteString)")
        }
        for note in notes { Console.error("\(command): \(note)") }
        let signal = await StopSignal.wait()
        Console.error("\(command): \(signal), stopping")
        await server.closeClientConnections()
        await server.close()
        if let recording, let recorder {
            await recorder.flush()
            Console.error("\(command): \(recording.summary(recorder))")
        }
        return ExitStatus.success
    }
}
