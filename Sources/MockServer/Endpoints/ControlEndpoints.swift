import NetworkCore

/// `/_lab/*`: the journal, the link and the faults, to inspect and steer a running server
/// from any client (`curl -X PUT --data '{"latency": "200ms"}' .../_lab/link`).
///
/// Faults and link shaping never apply to these endpoints.
extension EndpointGroup {
    static let control = EndpointGroup(control: true, index: [
        EndpointDescription("GET", "/_lab/journal", "every request served (DELETE clears it)"),
        EndpointDescription("GET", "/_lab/journal.har", "the same as HAR 1.2, for DevTools' \"Import HAR\""),
        EndpointDescription("GET|PUT", "/_lab/link", "the emulated link as JSON"),
        EndpointDescription("GET|PUT", "/_lab/faults", "the injected faults as JSON"),
    ], [
        Endpoint([.get, .head, .delete], "/_lab/journal") { context, _ in ControlEndpoints.journal(context) },
        Endpoint([.get, .head], "/_lab/journal.har") { context, _ in ControlEndpoints.journalHAR(context) },
        Endpoint([.get, .head, .put], "/_lab/link") { context, _ in ControlEndpoints.link(context) },
        Endpoint([.get, .head, .put], "/_lab/faults") { context, _ in ControlEndpoints.faults(context) },
        Endpoint(nil, "/_lab", fallback: true) { _, _ in ControlEndpoints.unknown("") },
        Endpoint(nil, "/_lab/{path*}", fallback: true) { _, captures in ControlEndpoints.unknown(captures["path"]!) },
    ])
}

enum ControlEndpoints {
    static func journal(_ context: RequestContext) -> ResponsePlan {
        if context.method == .delete {
            context.state.journal.clear()
            context.state.ordinals.reset()
            context.state.replay?.rewind()
            return .text(200, "journal cleared")
        }
        var object = context.state.journal.jsonObject()
        object["seed"] = context.state.seed
        return .json(200, object)
    }

    static func journalHAR(_ context: RequestContext) -> ResponsePlan {
        let archive = context.state.journal.harArchive(serverStartedAt: context.state.startedAtDate)
        return ResponsePlan(status: 200, headers: ["Content-Type": "application/json"], body: BytesBody(Array(archive.encoded())))
    }

    static func link(_ context: RequestContext) -> ResponsePlan {
        if context.method == .put, let rejection = apply("link", context, { object in
            guard let dictionary = object as? [String: Any] else {
                throw JSONBodyError(message: "send a JSON object such as {\"latency\": \"200ms\", \"bandwidth\": \"1MB/s\"}")
            }
            context.state.link = try LinkProfile(jsonObject: dictionary)
        }) {
            return rejection
        }
        return .json(200, context.state.link.jsonObject())
    }

    static func faults(_ context: RequestContext) -> ResponsePlan {
        if context.method == .put, let rejection = apply("faults", context, { object in
            context.state.faults = try FaultPlan(jsonObject: object)
        }) {
            return rejection
        }
        return .json(200, context.state.faults.jsonObject())
    }

    static func unknown(_ path: String) -> ResponsePlan {
        .text(404, "/_lab/\(path) is not a control endpoint; use /_lab/ (the dashboard), /_lab/events, /_lab/journal, /_lab/journal.har, /_lab/link or /_lab/faults")
    }

    /// Decodes a `PUT` body as JSON and hands it to `update`; a 400 naming `setting` and what
    /// was wrong when the body is not JSON or `update` rejects it, nil when it took effect.
    private static func apply(_ setting: String, _ context: RequestContext, _ update: (Any) throws -> Void) -> ResponsePlan? {
        switch JSON.decode(context.body) {
        case .failure(let error):
            return .text(400, "\(setting): \(error.message)")
        case .success(let object):
            do {
                try update(object)
                return nil
            } catch let error as JSONBodyError {
                return .text(400, "\(setting): \(error.message)")
            } catch {
                return .text(400, "\(setting): \(error)")
            }
        }
    }
}
