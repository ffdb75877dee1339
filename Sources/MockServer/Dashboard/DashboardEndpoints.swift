import NetworkCore

/// `GET /_lab/`, the dashboard page, and `GET /_lab/events`, the live events it shows
/// (see ``EventFeed``). Control endpoints: never shaped or faulted by the link they show, and
/// gone with the rest of `/_lab/` under `--no-control`.
extension EndpointGroup {
    static let dashboard = EndpointGroup(control: true, index: [
        EndpointDescription("GET", "/_lab/", "the dashboard: requests as a waterfall, throughput, link and fault controls"),
        EndpointDescription("GET", "/_lab/events", "live Server-Sent Events: each request served, each link or fault change"),
    ], [
        Endpoint([.get, .head], "/_lab/") { _, _ in DashboardEndpoints.page },
        Endpoint([.get], "/_lab/events") { context, _ in DashboardEndpoints.events(context) },
    ])
}

enum DashboardEndpoints {
    /// The event stream: `text/event-stream`, as long as the client or the server lasts.
    static func events(_ context: RequestContext) -> ResponsePlan {
        // The servers' one loop: the one the connection asking runs on.
        let stream = StreamBody(declaredLength: nil, chunks: context.state.eventStream(), loop: EventLoop.shared)
        return ResponsePlan(status: 200, headers: [
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-store",
        ], body: stream)
    }

    private static let pageBytes = Array(DashboardPage.html.utf8)

    /// The page, with a policy that lets it load nothing from anywhere else.
    static var page: ResponsePlan {
        ResponsePlan(status: 200, headers: [
            "Content-Type": "text/html; charset=utf-8",
            "Cache-Control": "no-store",
            "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'",
        ], body: BytesBody(pageBytes))
    }
}
