/// One `lab` subcommand: its name, its help, how it reads its arguments, and what it does.
protocol LabCommand: Sendable {
    /// The word after `lab` (`serve`).
    static var name: String { get }
    /// One line for `lab --help`.
    static var summary: String { get }
    /// The full `lab NAME --help` text: usage, every option, examples.
    static var help: String { get }

    /// Reads and validates the arguments; a problem is a ``UsageError`` (exit 2).
    init(_ arguments: inout Arguments) throws

    /// Does the work; returns the exit status.
    func run() async -> Int32
}
