/// Built-in endpoints that belong together (`/bytes`, `/_lab/*`, ...): their routes and the
/// lines they add to the index page.
///
/// To add a group, define it next to its endpoints (`extension EndpointGroup { static let
/// things = EndpointGroup(...) }`) and add one line to ``builtIn``.
struct EndpointGroup: Sendable {
    /// Served only while control endpoints are enabled, and never shaped by the link or
    /// faults: a test must be able to inspect and steer a server whatever link it set.
    let control: Bool
    let endpoints: [Endpoint]
    /// What the index page lists for this group.
    let index: [EndpointDescription]

    init(control: Bool = false, index: [EndpointDescription], _ endpoints: [Endpoint]) {
        self.control = control
        self.endpoints = endpoints
        self.index = index
    }

    /// Every built-in group, tried in this order after the user's routes.
    static let builtIn: [EndpointGroup] = [
        .bytes,
        .fixtures,
        .httpbin,
        .control,
        .dashboard,
        .indexPage,
    ]
}
