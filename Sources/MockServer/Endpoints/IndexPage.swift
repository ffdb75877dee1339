extension EndpointGroup {
    /// `/`: the list of endpoints, from every group's index lines.
    static let indexPage = EndpointGroup(index: [], [
        Endpoint([.get, .head], "/") { _, _ in .text(200, IndexPage.text) },
    ])
}

/// The text of the index page at `/`.
enum IndexPage {
    /// Every built-in endpoint, as the index page lists it, in table order.
    static let endpoints: [EndpointDescription] = EndpointGroup.builtIn.flatMap(\.index)

    static let text = (["NetworkLab MockServer"] + endpoints.map(line) + [
        "Any endpoint takes latency=, jitter=, bandwidth=, fault=, fault-rate=, fault-first=, retry-after=.",
    ]).joined(separator: "\n")

    /// The path column's width: the longest path and a space.
    private static let pathWidth = endpoints.map(\.path.count).max().map { $0 + 1 } ?? 0

    /// `  GET|HEAD /bytes/{size}   summary`, in columns.
    private static func line(_ endpoint: EndpointDescription) -> String {
        "  " + padded(endpoint.methods, 9) + padded(endpoint.path, pathWidth) + endpoint.summary
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text.count < width ? text + String(repeating: " ", count: width - text.count) : text + " "
    }
}

extension MockServer {
    /// Every built-in endpoint as the index page at `/` lists it: what `lab serve --help` and
    /// README's endpoint table are checked against.
    package static var builtInEndpoints: [EndpointDescription] { IndexPage.endpoints }
}
