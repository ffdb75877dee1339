import NetworkCore

/// The codes of `/status/{codes}`: one code (`503`), or httpbin's list (`200,201`) with
/// optional weights (`200:0.9,500:0.1`; a code without one weighs 1).
struct StatusChoices: Equatable {
    var choices: [(code: Int, weight: Double)]

    /// Parses `text`; the error is the 400 message.
    init(parsing text: String) throws(StatusChoicesError) {
        choices = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2, parts[0].allSatisfy(\.isASCII), let code = Int(parts[0]), (200...599).contains(code) else {
                throw StatusChoicesError(message: "\"\(item)\" is not a status this endpoint sends; use codes from 200 to 599, e.g. /status/503 or /status/200:0.9,500:0.1")
            }
            var weight = 1.0
            if parts.count == 2 {
                guard let value = Double(parts[1]), value.isFinite, value >= 0 else {
                    throw StatusChoicesError(message: "\"\(parts[1])\" is not a weight; use a number, 0 or more, e.g. /status/200:0.9,500:0.1")
                }
                weight = value
            }
            choices.append((code, weight))
        }
        guard choices.contains(where: { $0.weight > 0 }) else {
            throw StatusChoicesError(message: "the weights add up to 0; give at least one code a weight above 0")
        }
    }

    /// The code for the request with `ordinal` (0 for the first of its method and target)
    /// under `seed`: weighted, and the same in every run.
    func code(seed: UInt64, key: String, ordinal: Int) -> Int {
        if choices.count == 1 { return choices[0].code }
        let total = choices.reduce(0) { $0 + $1.weight }
        let point = DeterministicDraw(seed: seed, key: "status \(key)#\(ordinal)").unit() * total
        var cumulative = 0.0
        for choice in choices {
            cumulative += choice.weight
            if point < cumulative { return choice.code }
        }
        return choices.last { $0.weight > 0 }!.code
    }

    static func == (lhs: StatusChoices, rhs: StatusChoices) -> Bool {
        lhs.choices.elementsEqual(rhs.choices) { $0.code == $1.code && $0.weight == $1.weight }
    }
}

/// A `/status/{codes}` path that is not a code or a list of weighted codes.
struct StatusChoicesError: Error, Equatable {
    var message: String
}
