import NetworkCore

/// The link and the fault an exchange gets: the server's settings, overridden by the request's
/// query parameters or its route's faults.
extension Exchange {
    /// A query parameter that cannot be honoured: the request is answered 400 with `message`.
    struct BadParameter: Error, Equatable {
        let message: String
    }

    /// Decides this request's fault and cap (numbering it among requests for its method and
    /// target) and returns how long after the whole request its response may start: the
    /// link's latency and jitter, with the connection latency for the first on a connection.
    func decideLinkAndFault(
        _ context: RequestContext, routeFaults: FaultPlan?, firstOnConnection: Bool
    ) throws(BadParameter) -> Duration {
        let state = context.state
        let settings = state.current
        let head = context.head
        let link: LinkProfile
        let queryFaults: FaultPlan
        do {
            link = try settings.link.overriding(query: context.query)
            queryFaults = try FaultPlan(query: context.query)
        } catch let error as LinkParameterError {
            throw BadParameter(message: error.description)
        } catch let error as FaultSpecError {
            throw BadParameter(message: error.description)
        } catch {
            throw BadParameter(message: "\(error)")
        }
        let faults = !queryFaults.rules.isEmpty ? queryFaults : (routeFaults.flatMap { $0.rules.isEmpty ? nil : $0 } ?? settings.faults)
        let method = head.method.rawValue
        let ordinal = state.ordinals.next(method: method, url: head.target)
        self.ordinal = ordinal
        fault = faults.decide(seed: state.seed, method: method, url: head.target, ordinal: ordinal)
        // A cap from the query is fixed now; otherwise the body takes the server link's cap in
        // force when it starts (`followLink`).
        if context.query("bandwidth") != nil {
            cap = link.bandwidth?.bytesPerSecond
            capFromQuery = true
        }
        return LatencyStage.delay(
            link: link, seed: state.seed, method: method, target: head.target, ordinal: ordinal, firstOnConnection: firstOnConnection
        )
    }

    /// Takes the server link's per-connection cap unless the query fixed one, as the body
    /// starts or the link changes; true when the body must then be paced: it is shaped, and
    /// a cap or the link's shared bandwidth (`sharedBandwidth`) limits it.
    func followLink(_ link: LinkProfile, sharedBandwidth: Double?) -> Bool {
        if !capFromQuery { cap = link.bandwidth?.bytesPerSecond }
        return shaped && (cap != nil || sharedBandwidth != nil)
    }
}
