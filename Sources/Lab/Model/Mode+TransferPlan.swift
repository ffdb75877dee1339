import MockServer

extension Mode {
    /// The plan the link model predicts this mode's downloads with: sequential is one
    /// keep-alive connection, concurrent and urlsession one new connection per download,
    /// bounded:K and threads:K a pool of K keep-alive connections.
    func transferPlan(count: Int, size: Int64) -> TransferPlan {
        switch self {
        case .sequential: .sequential(count: count, size: size)
        case .concurrent, .urlsession: .concurrent(count: count, size: size)
        case .bounded(let limit), .threads(let limit): .bounded(count: count, size: size, concurrency: limit)
        }
    }
}
