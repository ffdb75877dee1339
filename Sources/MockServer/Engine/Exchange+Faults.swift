import NetworkCore

/// A fault decided for an exchange, turned into what its response will do: another status,
/// no response at all, or stages on its body.
extension Exchange {
    /// Takes `plan` as the response: for a HEAD request it announces its body and sends none
    /// of it (whichever endpoint answered), and the fault decided for the exchange applies.
    func settle(_ plan: ResponsePlan) {
        self.plan = plan
        if head?.method == .head { self.plan?.omitBody = true }
        if let fault { apply(fault) }
    }

    /// Turns a fault into what `startResponse` and `pump` will do.
    func apply(_ rule: FaultRule) {
        guard var plan, let head else { return }
        switch rule.fault {
        case .status(let code):
            let omit = plan.omitBody
            plan = .text(code, "\(code) \(HTTPStatus.reason(code)) (injected by fault status:\(code))")
            if let retryAfter = rule.retryAfter { plan.headers.set("Retry-After", String(retryAfter)) }
            plan.omitBody = omit
        case .reset:
            immediate = .reset
        case .close:
            immediate = .close
        case .malformed:
            immediate = .malformed
        case .resetAfter, .truncateAfter, .stallAfter:
            // A body that ends before the cut (a short remainder, a HEAD) goes out whole: the
            // fault changes nothing, and the journal must not say it fired.
            guard !plan.omitBody, let cut = CutStage(rule.fault, length: plan.contentLength) else {
                fault = nil
                return
            }
            self.cut = cut
        case .corrupt(let count):
            corruption = CorruptionStage(
                count: count, length: plan.body.length == nil ? nil : plan.contentLength, seed: seed,
                method: head.method.rawValue, url: head.target
            )
        case .slice(let bytes, let delay):
            slicing = SliceStage(bytes: bytes, delay: delay)
        }
        self.plan = plan
    }
}
