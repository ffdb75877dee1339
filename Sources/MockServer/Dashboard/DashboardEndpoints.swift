import NetworkCore

/// `GET /_lab/`, the dashboard page, and `GET /_lab/events`, the live events it shows
/// (see ``EventFeed``). Control endpoints: never shaped or faulted by the link they show, and
/// gone with the rest of `/_lab/` under `--no-control`.
enum DashboardEndpoints {
    /// The answer for `/_lab/{path}`, or nil when `path` is not the dashboard's.
    static func respond(path: String, _ context: RequestContext) -> ResponsePlan? {
        switch path {
        case "":
            return Router.allowing([.get, .head], context) { page }
        case "events":
            return Router.allowing([.get], context) {
                // The servers' one loop: the one the connection asking runs on.
                let stream = StreamBody(declaredLength: nil, chunks: context.state.eventStream(), loop: EventLoop.shared)
                return ResponsePlan(status: 200, headers: [
                    "Content-Type": "text/event-stream",
                    "Cache-Control": "no-store",
                ], body: .stream(stream))
            }
        default:
            return nil
        }
    }

    private static let pageBytes = Array(DashboardPage.html.utf8)

    /// The page, with a policy that lets it load nothing from anywhere else.
    static var page: ResponsePlan {
        ResponsePlan(status: 200, headers: [
            "Content-Type": "text/html; charset=utf-8",
            "Cache-Control": "no-store",
            "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'",
        ], body: .bytes(pageBytes))
    }
}
