extension HAREntry {
    /// What replaces a secret's value in a recording.
    public static let secretMarker = "REDACTED-by-NetworkLab"

    /// Headers whose values are credentials: recordings leave them out unless told to keep them.
    public static let secretHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie"]

    /// This entry with the values of `Authorization`, `Proxy-Authorization`, `Cookie` and
    /// `Set-Cookie` (and of the cookies parsed from them) replaced by ``secretMarker``; the
    /// names stay, so a reader still sees that a request was authenticated.
    public func redactingSecrets() -> HAREntry {
        var entry = self
        func redact(_ headers: [HARNameValue]) -> [HARNameValue] {
            headers.map { Self.secretHeaders.contains($0.name.lowercased()) ? HARNameValue(name: $0.name, value: Self.secretMarker) : $0 }
        }
        func redact(_ cookies: [HARCookie]) -> [HARCookie] {
            cookies.map { var cookie = $0; cookie.value = Self.secretMarker; return cookie }
        }
        entry.request.headers = redact(request.headers)
        entry.request.cookies = redact(request.cookies)
        entry.response.headers = redact(response.headers)
        entry.response.cookies = redact(response.cookies)
        return entry
    }
}
