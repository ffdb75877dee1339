/// `lab profiles` (being built).
struct ProfilesCommand: LabCommand {
    static let name = "profiles"
    static let summary = "(coming soon)"
    static let help = "lab profiles: coming soon."

    init(_ arguments: inout Arguments) throws {}

    func run() async -> Int32 {
        Console.error("lab profiles is not built yet")
        return ExitStatus.failure
    }
}
