#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LabBench

/// The `lab` command line: picks the subcommand, handles `--help`, and maps errors to exit
/// statuses.
enum LabCLI {
    static let commands: [CommandEntry] = [
        CommandEntry(RunCommand.self), CommandEntry(SweepCommand.self), CommandEntry(ServeCommand.self),
        CommandEntry(ProxyCommand.self), CommandEntry(ToxiproxyCommand.self), CommandEntry(ProfilesCommand.self), CommandEntry(BenchCommand.self),
    ]

    /// A command's metadata and parser, resolved generically (calling an initializer through
    /// an existential metatype crashes the Swift 6.3 compiler).
    struct CommandEntry: Sendable {
        let name: String
        let summary: String
        let help: String
        let parse: @Sendable (inout Arguments) throws -> any LabCommand

        init<Command: LabCommand>(_ type: Command.Type) {
            name = Command.name
            summary = Command.summary
            help = Command.help
            parse = { try Command(&$0) }
        }
    }

    static let help = """
        lab: reproduce and explain when concurrency speeds up network-bound code, offline.

        USAGE: lab [COMMAND] [OPTIONS]

        With no command, lab runs the classic experiment ('lab run article'): a 10 MiB file
        downloaded ten times, sequentially and then concurrently, over an emulated link, with
        the link model's prediction beside each measurement.

        COMMANDS:
        \(commands.map { "  " + $0.name.padding(11) + $0.summary }.joined(separator: "\n"))

        Run 'lab COMMAND --help' for a command's options and examples.

        EXAMPLES:
          lab                                   the classic experiment
          lab run three-pages                   three pages with 2 s latency each
          lab sweep --vary latency=0ms,50ms,100ms,200ms
          lab serve --port 8080 --profile 3g    a mock server for curl, Python or a browser
          lab proxy --upstream 127.0.0.1:5432   your server, TCP or HTTP, behind the link and faults
          lab toxiproxy                         toxiproxy's API on 127.0.0.1:8474, for its clients
        """

    /// Runs `lab` with `arguments` (without the program name); returns the exit status.
    static func main(_ arguments: [String]) async -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        // As Go programs do: the soft limit on open files (often 1,024) up to the hard one, for
        // the connections a run, a server or a proxy holds at once.
        ProcessResources.raiseDescriptorLimit()
        var words = arguments
        if let first = words.first, ["--help", "-h", "help"].contains(first) {
            if first == "help", words.count > 1, let command = commands.first(where: { $0.name == words[1] }) {
                print(command.help)
            } else {
                print(help)
            }
            return ExitStatus.success
        }
        let command: CommandEntry
        if let first = words.first, let match = commands.first(where: { $0.name == first }) {
            command = match
            words.removeFirst()
        } else if let first = words.first, !first.hasPrefix("-") {
            return usageError(UsageError("unknown command \"\(first)\"; commands are \(commands.map(\.name).joined(separator: ", ")); see 'lab --help'"))
        } else {
            command = commands[0]
        }
        if words.contains("--help") || words.contains("-h") {
            print(command.help)
            return ExitStatus.success
        }
        var parsed = Arguments(words)
        let instance: any LabCommand
        do {
            instance = try command.parse(&parsed)
            try parsed.finish(command: command.name)
        } catch let error as UsageError {
            return usageError(error)
        } catch {
            return usageError(UsageError("\(error)"))
        }
        return await instance.run()
    }

    static func usageError(_ error: UsageError) -> Int32 {
        Console.error("lab: \(error.message)")
        return ExitStatus.usage
    }
}

extension String {
    /// Left-aligned in a column of `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
