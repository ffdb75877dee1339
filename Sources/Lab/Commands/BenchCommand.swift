/// `lab bench` (being built).
struct BenchCommand: LabCommand {
    static let name = "bench"
    static let summary = "(coming soon)"
    static let help = "lab bench: coming soon."

    init(_ arguments: inout Arguments) throws {}

    func run() async -> Int32 {
        Console.error("lab bench is not built yet")
        return ExitStatus.failure
    }
}
