/// The arguments after a command's name, read option by option.
///
/// Options are `--name value` or `--name=value`; flags are `--name`; `--` ends options.
/// Commands read their options first and their positional arguments last (a positional is
/// whatever no option took as its value). Every argument must be consumed, so a misspelled
/// option is reported instead of silently ignored.
struct Arguments {
    private var tokens: [String]
    private var afterSeparator: [String] = []

    init(_ arguments: some Sequence<String>) {
        var tokens: [String] = []
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            if argument == "--" {
                while let rest = iterator.next() { afterSeparator.append(rest) }
            } else if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                tokens.append(String(argument[..<equals]))
                tokens.append(String(argument[argument.index(after: equals)...]))
            } else {
                tokens.append(argument)
            }
        }
        self.tokens = tokens
    }

    /// True (and consumed) when `--name` is present.
    mutating func flag(_ name: String) -> Bool {
        guard let index = tokens.firstIndex(of: "--\(name)") else { return false }
        tokens.remove(at: index)
        return true
    }

    /// Whether `--name` is present, without consuming it.
    func contains(_ name: String) -> Bool {
        tokens.contains("--\(name)")
    }

    /// The value of the last `--name value`, consumed; nil when absent.
    mutating func option(_ name: String) throws(UsageError) -> String? {
        try options(name).last
    }

    /// Every value given to `--name`, in order, consumed.
    mutating func options(_ name: String) throws(UsageError) -> [String] {
        var values: [String] = []
        while let index = tokens.firstIndex(of: "--\(name)") {
            guard index + 1 < tokens.count, !tokens[index + 1].hasPrefix("--") else {
                throw UsageError("--\(name) needs a value")
            }
            values.append(tokens[index + 1])
            tokens.removeSubrange(index...(index + 1))
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

    /// The next positional argument, consumed. Call after reading every option.
    mutating func positional() -> String? {
        if let index = tokens.firstIndex(where: { !$0.hasPrefix("-") || $0 == "-" }) {
            return tokens.remove(at: index)
        }
        return afterSeparator.isEmpty ? nil : afterSeparator.removeFirst()
    }

    /// Fails on an option nothing has read. Call it after reading every option and before
    /// ``positional()``, which would otherwise take an unknown option's value for the
    /// positional argument (`lab run --latencies 0ms`: "0ms is not an experiment").
    func rejectUnknownOptions(command: String) throws(UsageError) {
        if let unknown = tokens.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            throw UsageError("unknown option \(unknown) for 'lab \(command)'; see 'lab \(command) --help'")
        }
    }

    /// Fails on anything not consumed: an unknown option or an extra argument.
    func finish(command: String) throws(UsageError) {
        try rejectUnknownOptions(command: command)
        if let extra = tokens.first ?? afterSeparator.first {
            throw UsageError("unexpected argument \"\(extra)\" for 'lab \(command)'; see 'lab \(command) --help'")
        }
    }
}
