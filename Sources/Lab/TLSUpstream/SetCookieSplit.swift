/// Splits `Set-Cookie` values that URLSession joined with ", " (it keeps one value per field
/// name) back into one value per cookie. A comma starts a new cookie only when a `name=`
/// follows it, which the comma inside an `Expires=Wed, 21 Oct 2026 ...` date never has.
enum SetCookieSplit {
    static func split(_ joined: String) -> [String] {
        var cookies: [String] = []
        var current = ""
        var rest = Substring(joined)
        while let comma = rest.firstIndex(of: ",") {
            let after = rest[rest.index(after: comma)...]
            current += rest[..<comma]
            if startsWithCookieName(after) {
                cookies.append(current.trimmingCharacters(in: " "))
                current = ""
            } else {
                current += ","
            }
            rest = after
        }
        current += rest
        cookies.append(current.trimmingCharacters(in: " "))
        return cookies.filter { !$0.isEmpty }
    }

    /// Whether `text` begins (after spaces) with a cookie name and `=`.
    private static func startsWithCookieName(_ text: Substring) -> Bool {
        let trimmed = text.drop { $0 == " " }
        guard let equals = trimmed.firstIndex(of: "=") else { return false }
        let name = trimmed[..<equals]
        return !name.isEmpty && !name.contains { $0 == " " || $0 == ";" || $0 == "," || $0 == "\t" }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
