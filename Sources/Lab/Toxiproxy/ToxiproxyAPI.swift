import Foundation
import MockServer

/// toxiproxy 2.x's HTTP API over ``TCPProxy``: the routes, JSON shapes, status codes and
/// error messages of toxiproxy's `api.go`, so its clients and CI scripts work unchanged.
///
/// Beyond toxiproxy: toxicity draws from the seed and the connection's ordinal, toxics reach
/// open connections at once, a `link_bandwidth` toxic type, and
/// `GET /proxies/{name}/connections`, each proxy's connection journal.
actor ToxiproxyAPI {
    /// The version `GET /version` reports: toxiproxy's API version this follows.
    static let version = "2.12.0-networklab"

    let seed: UInt64
    private var proxies: [String: ToxiproxyProxy] = [:]

    init(seed: UInt64) {
        self.seed = seed
    }

    /// Answers one request.
    func handle(_ request: MockServer.Request) async -> MockServer.Response {
        do {
            return try await route(request)
        } catch {
            return Self.error(error)
        }
    }

    private func route(_ request: MockServer.Request) async throws(ToxiproxyError) -> MockServer.Response {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { String($0).removingPercentEncoding ?? String($0) }
        let method = request.method.rawValue
        switch (method, parts.count, parts.first) {
        case ("GET", 1, "version"):
            return MockServer.Response(status: 200, headers: ["Content-Type": "application/json;charset=utf-8"], body: .bytes(Array("{\"version\": \"\(Self.version)\"}\n".utf8)))
        case ("POST", 1, "reset"):
            try await reset()
            return MockServer.Response(status: 204)
        case ("POST", 1, "populate"):
            return try await populate(try Self.json(request.body))
        case ("GET", 1, "proxies"):
            return Self.json(proxies.mapValues(\.json))
        case ("POST", 1, "proxies"):
            return Self.json(try await create(try Self.object(request.body)), status: 201)
        case (_, 2, "proxies"):
            return try await proxy(method, name: parts[1], body: request.body)
        case (_, 3, "proxies") where parts[2] == "toxics":
            return try await toxics(method, proxy: parts[1], body: request.body)
        case (_, 3, "proxies") where parts[2] == "connections" && method == "GET":
            let live = try existing(parts[1]).live
            return Self.json(live?.journal.entries.map(\.jsonObject) ?? [])
        case (_, 4, "proxies") where parts[2] == "toxics":
            return try await toxic(method, proxy: parts[1], name: parts[3], body: request.body)
        default:
            // As toxiproxy's router: 405 for a route's path with another method, 404 for a
            // path no route has (`/proxies/a/b`, what a proxy named "a/b" decodes to).
            let routed = parts.count == 1 ? ["version", "reset", "populate", "proxies"].contains(parts[0])
                : parts.count == 3 && parts[0] == "proxies" && parts[2] == "connections"
            return routed
                ? MockServer.Response(status: 405)
                : MockServer.Response(status: 404, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .bytes(Array("404 page not found\n".utf8)))
        }
    }

    /// Stops every proxy (the API server is stopping).
    func stopAll() async {
        for name in proxies.keys.sorted() {
            var proxy = proxies[name]!
            await proxy.stop()
            proxies[name] = proxy
        }
    }

    // MARK: - Proxies

    private func proxy(_ method: String, name: String, body: [UInt8]) async throws(ToxiproxyError) -> MockServer.Response {
        switch method {
        case "GET":
            return Self.json(try existing(name).json)
        case "POST", "PATCH":
            var proxy = try existing(name)
            let input = try Self.object(body)
            let listen = try Self.string(input["listen"], "listen") ?? proxy.listen
            let upstream = try Self.string(input["upstream"], "upstream") ?? proxy.upstream
            let enabled = try Self.bool(input["enabled"], "enabled") ?? proxy.enabled
            if listen != proxy.listen || upstream != proxy.upstream {
                await proxy.stop()
                proxy.listen = listen
                proxy.upstream = upstream
            }
            if enabled != proxy.enabled {
                if enabled {
                    do { try await proxy.start(seed: seed) } catch { proxies[name] = proxy; throw error }
                } else {
                    await proxy.stop()
                }
            }
            proxies[name] = proxy
            return Self.json(proxy.json)
        case "DELETE":
            var proxy = try existing(name)
            await proxy.stop()
            proxies[name] = nil
            return MockServer.Response(status: 204)
        default:
            return MockServer.Response(status: 405)
        }
    }

    private func create(_ input: [String: Any]) async throws(ToxiproxyError) -> [String: Any] {
        let proxy = try Self.proxy(from: input, index: nil)
        guard proxies[proxy.name] == nil else { throw .proxyAlreadyExists }
        return try await add(proxy, enabled: try Self.bool(input["enabled"], "enabled") ?? true).json
    }

    private func add(_ proxy: ToxiproxyProxy, enabled: Bool) async throws(ToxiproxyError) -> ToxiproxyProxy {
        var proxy = proxy
        if enabled { try await proxy.start(seed: seed) }
        proxies[proxy.name] = proxy
        return proxy
    }

    /// `POST /populate`: creates or replaces each proxy of the array; one that exists with the
    /// same listen and upstream is kept as it is, toxics and connections included. The answer
    /// lists an entry per element, as toxiproxy does: a name given twice with another upstream
    /// shows the first one stopped (replaced by the second).
    func populate(_ body: Any) async throws(ToxiproxyError) -> MockServer.Response {
        guard let list = body as? [Any] else {
            throw .badRequestBody("json: cannot unmarshal object into Go value of type []struct { toxiproxy.Proxy; Enabled *bool \"json:\\\"enabled\\\"\" }")
        }
        var inputs: [(ToxiproxyProxy, Bool)] = []
        for (index, item) in list.enumerated() {
            guard let object = item as? [String: Any] else { throw .badRequestBody("proxy \(index + 1) is not an object") }
            inputs.append((try Self.proxy(from: object, index: index + 1), try Self.bool(object["enabled"], "enabled") ?? true))
        }
        var done: [[String: Any]] = []
        for (proxy, enabled) in inputs {
            if let existing = proxies[proxy.name] {
                if existing.upstream == proxy.upstream, Self.sameListen(existing.listen, proxy.listen) {
                    done.append(existing.json)
                    continue
                }
                var old = existing
                await old.stop()
                proxies[proxy.name] = nil
                for index in done.indices where done[index]["name"] as? String == proxy.name { done[index] = old.json }
            }
            do {
                done.append(try await add(proxy, enabled: enabled).json)
            } catch {
                return Self.json(["error": error.message, "status": error.status, "proxies": done], status: error.status)
            }
        }
        return Self.json(["proxies": done], status: 201)
    }

    private func reset() async throws(ToxiproxyError) {
        for name in proxies.keys.sorted() {
            var proxy = proxies[name]!
            proxy.toxics.removeAll()
            proxy.applyToxics()
            if !proxy.enabled { try await proxy.start(seed: seed) }
            proxies[name] = proxy
        }
    }

    // MARK: - Toxics

    private func toxics(_ method: String, proxy name: String, body: [UInt8]) async throws(ToxiproxyError) -> MockServer.Response {
        var proxy = try existing(name)
        switch method {
        case "GET":
            return Self.json(proxy.toxics.map(\.json))
        case "POST":
            let toxic = try ToxiproxyToxic(json: try Self.object(body))
            guard !proxy.toxics.contains(where: { $0.name == toxic.name }) else { throw .toxicAlreadyExists }
            proxy.toxics.append(toxic)
            proxy.applyToxics()
            proxies[name] = proxy
            return Self.json(toxic.json)
        default:
            return MockServer.Response(status: 405)
        }
    }

    private func toxic(_ method: String, proxy name: String, name toxicName: String, body: [UInt8]) async throws(ToxiproxyError) -> MockServer.Response {
        var proxy = try existing(name)
        guard let index = proxy.toxics.firstIndex(where: { $0.name == toxicName }) else { throw .toxicNotFound }
        switch method {
        case "GET":
            return Self.json(proxy.toxics[index].json)
        case "POST", "PATCH":
            try proxy.toxics[index].update(json: try Self.object(body))
            proxy.applyToxics()
            proxies[name] = proxy
            return Self.json(proxy.toxics[index].json)
        case "DELETE":
            proxy.toxics.remove(at: index)
            proxy.applyToxics()
            proxies[name] = proxy
            return MockServer.Response(status: 204)
        default:
            return MockServer.Response(status: 405)
        }
    }

    // MARK: - JSON

    private func existing(_ name: String) throws(ToxiproxyError) -> ToxiproxyProxy {
        guard let proxy = proxies[name] else { throw .proxyNotFound }
        return proxy
    }

    private static func proxy(from input: [String: Any], index: Int?) throws(ToxiproxyError) -> ToxiproxyProxy {
        let at = index.map { " at proxy \($0)" } ?? ""
        guard let name = try string(input["name"], "name"), !name.isEmpty else { throw .missingField("name\(at)") }
        // toxiproxy takes it, then no path reaches it: /proxies/a%2Fb decodes to /proxies/a/b.
        guard !name.contains("/") else {
            throw .badRequestBody("name \(name.debugDescription)\(at) contains \"/\": the API could not address the proxy; use another name")
        }
        guard let upstream = try string(input["upstream"], "upstream"), !upstream.isEmpty else { throw .missingField("upstream\(at)") }
        let listen = try string(input["listen"], "listen") ?? ""
        return ToxiproxyProxy(name: name, listen: listen.isEmpty ? "127.0.0.1:0" : listen, upstream: upstream)
    }

    private static func sameListen(_ a: String, _ b: String) -> Bool {
        guard let left = try? ToxiproxyProxy.split(a), let right = try? ToxiproxyProxy.split(b) else { return a == b }
        return left.0 == right.0 && (left.1 == right.1 || right.1 == 0)
    }

    static func json(_ body: [UInt8]) throws(ToxiproxyError) -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(body.isEmpty ? Array("null".utf8) : body), options: [.fragmentsAllowed])
        } catch {
            throw .badRequestBody("the body is not JSON" + JSON.reason(error))
        }
    }

    private static func object(_ body: [UInt8]) throws(ToxiproxyError) -> [String: Any] {
        guard let object = try json(body) as? [String: Any] else { throw .badRequestBody("expected a JSON object") }
        return object
    }

    private static func string(_ value: Any?, _ field: String) throws(ToxiproxyError) -> String? {
        guard let value, !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw .badRequestBody("\(field) must be a string") }
        return text
    }

    private static func bool(_ value: Any?, _ field: String) throws(ToxiproxyError) -> Bool? {
        guard let value, !(value is NSNull) else { return nil }
        guard ToxiproxyJSON.isBool(value), let flag = value as? Bool else {
            throw .badRequestBody("\(field) must be true or false")
        }
        return flag
    }

    static func json(_ value: Any, status: Int = 200) -> MockServer.Response {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])) ?? Data("null".utf8)
        return MockServer.Response(status: status, headers: ["Content-Type": "application/json"], body: .bytes(Array(data)))
    }

    private static func error(_ error: ToxiproxyError) -> MockServer.Response {
        json(["error": error.message, "status": error.status], status: error.status)
    }
}
