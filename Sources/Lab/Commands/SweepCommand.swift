/// `lab sweep` (being built).
struct SweepCommand: LabCommand {
    static let name = "sweep"
    static let summary = "(coming soon)"
    static let help = "lab sweep: coming soon."

    init(_ arguments: inout Arguments) throws {}

    func run() async -> Int32 {
        Console.error("lab sweep is not built yet")
        return ExitStatus.failure
    }
}
