import Foundation
import MockServer

/// `lab toxiproxy`: toxiproxy 2.x's HTTP API over `lab proxy`'s TCP proxy, so toxiproxy's
/// clients and CI scripts work by changing a port.
struct ToxiproxyCommand: LabCommand {
    static let name = "toxiproxy"
    static let summary = "serve toxiproxy's HTTP API over the lab's TCP proxy"
    static let help = """
        lab toxiproxy: toxiproxy 2.x's HTTP API over the lab's TCP proxy.

        USAGE: lab toxiproxy [--host ADDRESS] [--port N] [--seed N] [--config FILE]

        Existing toxiproxy clients (Go, Ruby, Python, Java, .NET, Node) and scripts work
        unchanged. The first line on stdout holds the API's URL (http://127.0.0.1:8474).
        SIGINT or SIGTERM stop it (exit 0).

        OPTIONS:
          --host ADDRESS   address of the API (default 127.0.0.1)
          --port N         port of the API (default 8474; 0 picks a free port)
          --seed N         seed of every toxicity draw, jitter and slicing (default 0)
          --config FILE    proxies to create at start: a JSON array as POST /populate takes

        API: GET /version; GET|POST /proxies; POST /populate; POST /reset;
             GET|POST|PATCH|DELETE /proxies/{name};
             GET|POST /proxies/{name}/toxics; GET|POST|PATCH|DELETE /proxies/{name}/toxics/{toxic};
             GET /proxies/{name}/connections (the lab's: the proxy's connection journal)
        TOXICS: latency (latency, jitter ms), bandwidth (rate KB/s), slow_close (delay ms),
             timeout (timeout ms, 0 = forever), reset_peer (timeout ms), slicer (average_size,
             size_variation, delay us), limit_data (bytes), link_bandwidth (rate KB/s, shared
             by all the proxy's connections); stream upstream|downstream; toxicity 0 to 1.

        EXAMPLES:
          lab toxiproxy --seed 7
          curl -X POST -d '{"name":"redis","listen":"127.0.0.1:26379","upstream":"127.0.0.1:6379"}' http://127.0.0.1:8474/proxies
          curl -X POST -d '{"type":"latency","attributes":{"latency":100}}' http://127.0.0.1:8474/proxies/redis/toxics
        """

    var host: String
    var port: Int
    var seed: UInt64
    var config: [UInt8]?

    init(_ arguments: inout Arguments) throws {
        host = try LabParsing.host(&arguments)
        port = try LabParsing.port(&arguments) ?? 8474
        seed = try arguments.option("seed", LabParsing.seed) ?? 0
        if let path = try arguments.option("config") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UsageError("--config: cannot read \"\(path)\"")
            }
            config = Array(data)
            do {
                guard try ToxiproxyAPI.json(Array(data)) is [Any] else { throw UsageError("--config: \(path) must hold a JSON array of proxies") }
            } catch let error as UsageError {
                throw error
            } catch {
                throw UsageError("--config: \(path) is not JSON")
            }
        }
    }

    func run() async -> Int32 {
        StopSignal.install()
        let api = ToxiproxyAPI(seed: seed)
        if let config {
            do {
                let response = try await api.populate(try ToxiproxyAPI.json(config))
                guard response.status == 201 else {
                    let detail = if case .bytes(let bytes) = response.body { String(decoding: bytes, as: UTF8.self) } else { "" }
                    Console.error("lab toxiproxy: --config: \(detail)")
                    await api.stopAll()
                    return ExitStatus.usage
                }
            } catch {
                Console.error("lab toxiproxy: --config: \(error)")
                await api.stopAll()
                return ExitStatus.usage
            }
        }
        // Toxiproxy reads no query: `?latency=` or `?fault=` on an API call is not lab serve's.
        var route = Route(nil, "*") { request in await api.handle(request) }
        route.passesQueryThrough = true
        let server: MockServer
        do {
            server = try await MockServer.start(MockServer.Configuration(
                host: host, port: port, seed: seed, fixtures: nil, routes: [route], controlEndpoints: false))
        } catch {
            Console.error("lab toxiproxy: \(error.description)")
            await api.stopAll()
            return ExitStatus.failure
        }
        Console.out("NetworkLab toxiproxy API on \(server.url.absoluteString) (toxiproxy \(ToxiproxyAPI.version); seed \(seed))")
        let signal = await StopSignal.wait()
        Console.error("lab toxiproxy: \(signal), stopping")
        await server.close()
        await api.stopAll()
        return ExitStatus.success
    }
}
