/// The arguments after a command's name, read option by option.
///
/// Options are `--name value` or `--name=value`; flags are `--name`; `--` ends options.
/// Every option a command accepts must be consumed, so a misspelled one is reported instead of
/// silently ignored.
struct Arguments {
    private var remaining: [String]
    private var positionals: [String] = []

    init(_ arguments: some Sequence<String>) {
        var remaining: [String] = []
        var positionals: [String] = []
        var optionsEnded = false
        for argument in arguments {
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                positionals.append(argument)
            } else if argument == "--" {
                optionsEnded = true
            } else if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                remaining.append(String(argument[..<equals]))
                remaining.append(String(argument[argument.index(after: equals)...]))
            } else {
                remaining.append(argument)
            }
        }
        self.remaining = remaining
        self.positionals = positionals
    }

    /// True (and consumed) when `--name` is present.
    mutating func flag(_ name: String) -> Bool {
        guard let index = remaining.firstIndex(of: "--\(name)") else { return false }
        remaining.remove(at: index)
        return true
    }

    /// The value of the last `--name value`, consumed; nil when absent.
    mutating func option(_ name: String) throws(UsageError) -> String? {
        try options(name).last
    }

    /// Every value given to `--name`, in order, consumed.
    mutating func options(_ name: String) throws(UsageError) -> [String] {
        var values: [String] = []
        while let index = remaining.firstIndex(of: "--\(name)") {
            guard index + 1 < remaining.count, !remaining[index + 1].hasPrefix("--") else {
                throw UsageError("--\(name) needs a value")
            }
            values.append(remaining[index + 1])
            remaining.removeSubrange(index...(index + 1))
        }
        return values
    }

    /// The value of `--name` converted by `parse`, which throws a message naming the problem.
    mutating func option<T>(_ name: String, _ parse: (String) throws -> T) throws(UsageError) -> T? {
        guard let text = try option(name) else { return nil }
        do {
            return try parse(text)
        } catch {
            throw UsageError("--\(name): \(error)")
        }
    }

    /// The next positional argument, consumed.
    mutating func positional() -> String? {
        positionals.isEmpty ? nil : positionals.removeFirst()
    }

    /// Fails on anything not consumed: an unknown option or an extra argument.
    func finish(command: String) throws(UsageError) {
        if let unknown = remaining.first(where: { $0.hasPrefix("-") }) {
            throw UsageError("unknown option \(unknown) for 'lab \(command)'; see 'lab \(command) --help'")
        }
        if let extra = positionals.first ?? remaining.first {
            throw UsageError("unexpected argument \"\(extra)\" for 'lab \(command)'; see 'lab \(command) --help'")
        }
    }
}
