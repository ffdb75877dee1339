/// When each download of a ``TransferPlan`` starts, gets its first byte and finishes, as
/// ``LinkModel`` predicts; all times in seconds after the plan starts.
public struct TransferPrediction: Sendable, Hashable {
    /// The predicted times of one download.
    public struct Download: Sendable, Hashable {
        /// When the request is sent.
        public var start: Double
        /// When the response head arrives: `start` plus the link's expected response delay.
        public var firstByte: Double
        /// When the last body byte arrives.
        public var finish: Double
    }

    /// One entry per download of the plan, in the plan's order.
    public var downloads: [Download]
    /// When the last download finishes (0 for an empty plan).
    public var total: Double
}
