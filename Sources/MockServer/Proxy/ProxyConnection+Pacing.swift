import NetworkCore

/// Pacing: a paced direction's flow in the engine's schedulers, and its socket's send buffer.
extension ProxyConnection {
    /// After a settings change: the direction's flow follows its new cap and link. Unpaced,
    /// it forgets the credit it paused with: pacing set again later starts afresh.
    func updateFlow(_ stream: Toxic.Stream, at now: Instant) {
        let index = stream.index
        let settings = pipes[index].settings
        if settings.pacingRate == nil { pausedCredit[index] = 0 }
        if let flow = flows[index] {
            if settings.pacingRate == nil || flow.shared != (settings.linkCap != nil) {
                engine.removeFlow(flow, at: now)
                flows[index] = nil
                pausedCredit[index] = 0
            } else if !flow.shared || engine.scheduler(flow).rate(of: flow.flow) != settings.cap {
                engine.setCap(flow, settings.cap, at: now)
            }
        }
        activateFlow(stream, at: now)
    }

    /// Gives a paced direction a flow in the engine's scheduler while it holds bytes to send,
    /// and none while it holds nothing. An idle connection then takes no share of a shared
    /// link, and a pause earns no credit: credit saved up while there was nothing to send let a
    /// thousand capped connections' first bytes out in a burst, above their cap (`lab bench
    /// proxy`). The credit a flow held when it paused is given back when it resumes, so a
    /// source that is a moment late costs no catching up.
    func activateFlow(_ stream: Toxic.Stream, at now: Instant) {
        let index = stream.index
        let settings = pipes[index].settings
        let active = settings.pacingRate != nil && !pipes[index].isEmpty
        if !active, let flow = flows[index] {
            pausedCredit[index] = engine.removeFlow(flow, at: now)
            flows[index] = nil
        } else if active, flows[index] == nil {
            flows[index] = engine.addFlow(stream, cap: settings.cap, linked: settings.linkCap != nil, owner: self, credit: pausedCredit[index], at: now)
        }
    }

    /// Keeps a paced destination's kernel send buffer small (``Socket/limitSendBuffer(pacedAt:)``).
    func limitSendBuffer(_ stream: Toxic.Stream) {
        guard let rate = pipes[stream.index].settings.pacingRate,
              let destination = stream == .downstream ? client.socket : upstream?.socket else { return }
        destination.limitSendBuffer(pacedAt: rate)
    }
}
