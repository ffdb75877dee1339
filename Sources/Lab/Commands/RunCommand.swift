/// `lab run` (being built).
struct RunCommand: LabCommand {
    static let name = "run"
    static let summary = "(coming soon)"
    static let help = "lab run: coming soon."

    init(_ arguments: inout Arguments) throws {}

    func run() async -> Int32 {
        Console.error("lab run is not built yet")
        return ExitStatus.failure
    }
}
