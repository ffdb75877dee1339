import Foundation
import TestSupport
import Testing

extension LiveTCPProxyCommandTests {
    /// `lab toxiproxy` as a process, driven with the JSON toxiproxy's own clients send (the Go
    /// client in toxiproxy's `client/`, toxiproxy-python), against real TCP upstreams.
    @Suite struct LabToxiproxyTests {
        /// One API call as curl makes it: status and parsed JSON body.
        private func call(_ api: URL, _ method: String, _ path: String, _ body: String? = nil) async throws -> (status: Int, json: Any?) {
            var arguments = ["-X", method, "-H", "Content-Type: application/json"]
            if let body { arguments += ["--data-binary", body] }
            let result = try await Curl.run(URL(string: api.absoluteString + path)!, arguments)
            return (result.status, try? JSONSerialization.jsonObject(with: Data(result.body), options: [.fragmentsAllowed]))
        }

        private func start(_ arguments: [String] = []) async throws -> (LabProcess, URL) {
            let lab = try LabProcess(["toxiproxy", "--port", "0"] + arguments)
            let line = try #require(try await lab.firstLine(), "lab toxiproxy exited before printing its URL")
            #expect(line.contains("toxiproxy"))
            return (lab, try await lab.url())
        }

        /// Creates a proxy the way the Go client's `CreateProxy` does and returns its port.
        private func create(_ api: URL, _ name: String, upstream: String) async throws -> Int {
            let reply = try await call(api, "POST", "/proxies", #"{"name":"\#(name)","listen":"127.0.0.1:0","upstream":"\#(upstream)","enabled":true,"toxics":null}"#)
            #expect(reply.status == 201)
            let listen = try #require((reply.json as? [String: Any])?["listen"] as? String)
            return try #require(Int(listen.split(separator: ":").last!))
        }

        @Test func versionCreateListShowAndDeleteAnswerAsToxiproxyDoes() async throws {
            let (lab, api) = try await start()
            let upstream = try await TCPPeer.python(.echo)
            #expect(try await call(api, "GET", "/version").status == 200)
            let port = try await create(api, "echo", upstream: upstream.address)
            #expect(port != 0)
            let index = try #require(try await call(api, "GET", "/proxies").json as? [String: [String: Any]])
            #expect(index["echo"]?["upstream"] as? String == upstream.address)
            #expect(index["echo"]?["enabled"] as? Bool == true)
            #expect((index["echo"]?["toxics"] as? [Any])?.isEmpty == true)
            #expect(try await call(api, "GET", "/proxies/echo").status == 200)
            #expect(try await call(api, "DELETE", "/proxies/echo").status == 204)
            #expect(try await call(api, "GET", "/proxies/echo").status == 404)
            lab.terminate()
            #expect(try await lab.exit().status == 0)
        }

        /// Toxiproxy ignores a query; lab serve's link and fault parameters in one are not
        /// read either (`?fault=reset` reset the connection, `?latency=soon` got a 400).
        @Test func theAPIReadsNoLinkOrFaultParameterInTheQuery() async throws {
            let (lab, api) = try await start()
            #expect(try await call(api, "GET", "/version?fault=reset").status == 200)
            #expect(try await call(api, "GET", "/proxies?latency=soon&x=%ff").status == 200)
            let started = Date()
            #expect(try await call(api, "GET", "/version?latency=3s").status == 200)
            #expect(Date().timeIntervalSince(started) < 2.5, "the API applied ?latency=3s")
            lab.terminate()
            #expect(try await lab.exit().status == 0)
        }

        @Test func conflictsUnknownNamesAndBadToxicsGetToxiproxysStatusesAndMessages() async throws {
            let (lab, api) = try await start()
            let upstream = try await TCPPeer.python(.echo)
            _ = try await create(api, "echo", upstream: upstream.address)
            let duplicate = try await call(api, "POST", "/proxies", #"{"name":"echo","upstream":"\#(upstream.address)"}"#)
            #expect(duplicate.status == 409)
            #expect((duplicate.json as? [String: Any])?["error"] as? String == "proxy already exists")
            #expect(try await call(api, "POST", "/proxies", #"{"name":"x"}"#).status == 400)
            #expect(try await call(api, "GET", "/proxies/nope").status == 404)
            #expect(try await call(api, "POST", "/proxies/nope/toxics", #"{"type":"latency"}"#).status == 404)
            #expect(try await call(api, "GET", "/proxies/echo/toxics/nope").status == 404)
            let badToxics = [
                (#"{"type":"nope"}"#, "invalid toxic type"),
                (#"{"type":"latency","stream":"sideways"}"#, "stream was invalid, can be either upstream or downstream"),
                (#"{"type":"slicer","attributes":{"average_size":0}}"#, "average_size must be 1 or more"),
                (#"{"type":"latency","attributes":{"latency":"fast"}}"#, "attribute latency of a latency toxic must be a whole number"),
                ("not json", "the body is not JSON: "),
                // Valid JSON grammar, but no Double holds it: the message says so.
                (#"{"type":"latency","attributes":{"latency":1e400}}"#, "the body is not JSON: the number 1e400 is out of range"),
                // 10^18 ms: shown as written (in seconds), not as a saturated 9223372036.854775807s.
                (#"{"type":"latency","attributes":{"latency":1000000000000000000}}"#, "latency: 1000000000000000s is out of range"),
                // Int64.max is a whole number (it was "must be a whole number", read through a
                // Double); past it, the message says why.
                (#"{"type":"reset_peer","attributes":{"timeout":9223372036854775807}}"#, "timeout: 9223372036854775s is out of range"),
                (#"{"type":"timeout","attributes":{"timeout":100000000000000000000}}"#, "attribute timeout of a timeout toxic is out of range"),
                (#"{"type":"slow_close","attributes":{"delay":86400001}}"#, "delay: 86400.001s is out of range"),
                (#"{"type":"latency","attributes":{"latency":1.5}}"#, "attribute latency of a latency toxic must be a whole number"),
            ]
            for (body, expected) in badToxics {
                let reply = try await call(api, "POST", "/proxies/echo/toxics", body)
                #expect(reply.status == 400, "\(body)")
                let message = (reply.json as? [String: Any])?["error"] as? String ?? ""
                #expect(message.contains(expected), "\(body): \(message)")
            }
            // A name with a slash could never be addressed (/proxies/a%2Fb decodes to /proxies/a/b):
            // refused at once, where toxiproxy takes it and then answers 404 to every use of it.
            let slashed = try await call(api, "POST", "/proxies", #"{"name":"a/b","upstream":"\#(upstream.address)"}"#)
            #expect(slashed.status == 400)
            #expect((slashed.json as? [String: Any])?["error"] as? String == #"bad request body: name "a/b" contains "/": the API could not address the proxy; use another name"#)
            #expect(try await call(api, "POST", "/proxies/echo/toxics", #"{"type":"latency","name":"t/1"}"#).status == 400)
            // A path no route has is 404, as toxiproxy's router answers; a route's path with
            // another method is 405.
            #expect(try await call(api, "GET", "/proxies/a%2Fb").status == 404)
            #expect(try await call(api, "GET", "/proxies/echo/nope").status == 404)
            #expect(try await call(api, "PUT", "/proxies/echo/connections").status == 405)
            #expect(try await call(api, "PUT", "/version").status == 405)
            let toxic = #"{"name":"lat","type":"latency","stream":"downstream","toxicity":1,"attributes":{"latency":10,"jitter":0}}"#
            #expect(try await call(api, "POST", "/proxies/echo/toxics", toxic).status == 200)
            #expect(try await call(api, "POST", "/proxies/echo/toxics", toxic).status == 409)
            lab.terminate()
            _ = try await lab.exit()
        }

        @Test func everyToxicTypeHasItsEffect() async throws {
            let (lab, api) = try await start()
            let echo = try await TCPPeer.python(.echo)
            let sender = try await TCPPeer.python(.send(200_000))
            // (upstream, toxic JSON as the Go client's AddToxic sends it, check of one download)
            typealias Check = @Sendable ([UInt8], RawTCPClient.Ending, Double) -> Bool
            let cases: [(String, TCPPeer, String, Check)] = [
                ("latency", sender, #"{"name":"t","type":"latency","stream":"downstream","toxicity":1,"attributes":{"latency":200,"jitter":0}}"#,
                 { bytes, ending, seconds in bytes.count == 200_000 && ending == .fin && seconds >= 0.18 }),
                ("bandwidth", sender, #"{"name":"t","type":"bandwidth","stream":"downstream","toxicity":1,"attributes":{"rate":400}}"#,
                 { bytes, _, seconds in bytes.count == 200_000 && seconds >= 0.36 }),
                ("link_bandwidth", sender, #"{"name":"t","type":"link_bandwidth","stream":"downstream","toxicity":1,"attributes":{"rate":400}}"#,
                 { bytes, _, seconds in bytes.count == 200_000 && seconds >= 0.36 }),
                ("slow_close", sender, #"{"name":"t","type":"slow_close","stream":"downstream","toxicity":1,"attributes":{"delay":300}}"#,
                 { bytes, ending, seconds in bytes.count == 200_000 && ending == .fin && seconds >= 0.27 }),
                ("timeout", echo, #"{"name":"t","type":"timeout","stream":"downstream","toxicity":1,"attributes":{"timeout":300}}"#,
                 { bytes, ending, seconds in bytes.isEmpty && ending == .fin && seconds >= 0.27 }),
                ("reset_peer", echo, #"{"name":"t","type":"reset_peer","stream":"downstream","toxicity":1,"attributes":{"timeout":200}}"#,
                 { bytes, ending, seconds in bytes.isEmpty && ending == .reset && seconds >= 0.18 }),
                ("slicer", sender, #"{"name":"t","type":"slicer","stream":"downstream","toxicity":1,"attributes":{"average_size":10000,"size_variation":1000,"delay":10000}}"#,
                 { bytes, _, seconds in bytes == TCPPeer.pattern(200_000) && seconds >= 0.13 }),
                ("limit_data", sender, #"{"name":"t","type":"limit_data","stream":"downstream","toxicity":1,"attributes":{"bytes":5000}}"#,
                 { bytes, ending, _ in bytes == TCPPeer.pattern(5_000) && ending == .fin }),
            ]
            for (type, upstream, toxic, check) in cases {
                let port = try await create(api, type, upstream: upstream.address)
                #expect(try await call(api, "POST", "/proxies/\(type)/toxics", toxic).status == 200, "\(type)")
                let (bytes, ending, seconds) = try await blocking { () -> ([UInt8], RawTCPClient.Ending, Double) in
                    let client = try RawTCPClient(port: port)
                    let start = Date()
                    let (bytes, ending) = client.receive(silence: 5)
                    return (bytes, ending, Date().timeIntervalSince(start))
                }
                #expect(check(bytes, ending, seconds), "\(type): \(bytes.count) bytes, \(ending), \(seconds) s")
            }
            lab.terminate()
            _ = try await lab.exit()
        }

        @Test func disableRefusesConnectionsAndEnableListensAgainOnTheSameAddress() async throws {
            let (lab, api) = try await start()
            let upstream = try await TCPPeer.python(.echo)
            let port = try await create(api, "echo", upstream: upstream.address)
            // toxiproxy-python's disable() and enable().
            #expect(try await call(api, "POST", "/proxies/echo", #"{"enabled": false}"#).status == 200)
            await #expect(throws: (any Error).self) { try await blocking { try RawTCPClient(port: port) } }
            let enabled = try await call(api, "POST", "/proxies/echo", #"{"enabled": true}"#)
            #expect((enabled.json as? [String: Any])?["listen"] as? String == "127.0.0.1:\(port)")
            let echoed = try await blocking { () -> [UInt8] in
                let client = try RawTCPClient(port: port)
                try client.send([7])
                return client.receive(limit: 1).bytes
            }
            #expect(echoed == [7])
            lab.terminate()
            _ = try await lab.exit()
        }

        @Test func resetAndPopulate() async throws {
            let (lab, api) = try await start()
            let upstream = try await TCPPeer.python(.echo)
            let populated = try await call(api, "POST", "/populate", #"[{"name":"a","listen":"127.0.0.1:0","upstream":"\#(upstream.address)","enabled":true,"toxics":null},{"name":"b","upstream":"\#(upstream.address)","enabled":false}]"#)
            #expect(populated.status == 201)
            let proxies = try #require((populated.json as? [String: Any])?["proxies"] as? [[String: Any]])
            #expect(proxies.map { $0["name"] as? String } == ["a", "b"])
            #expect(proxies.map { $0["enabled"] as? Bool } == [true, false])
            #expect(try await call(api, "POST", "/populate", #"[{"upstream":"x:1"}]"#).status == 400)
            // A name twice with another upstream: the second replaces the first, which the
            // answer shows stopped (toxiproxy's `AddOrReplace`).
            let twice = try await call(api, "POST", "/populate", #"[{"name":"c","upstream":"\#(upstream.address)"},{"name":"c","upstream":"127.0.0.1:9"}]"#)
            let entries = try #require((twice.json as? [String: Any])?["proxies"] as? [[String: Any]])
            #expect(entries.map { $0["upstream"] as? String } == [upstream.address, "127.0.0.1:9"])
            #expect(entries.map { $0["enabled"] as? Bool } == [false, true])
            let listed = try #require(try await call(api, "GET", "/proxies").json as? [String: [String: Any]])
            #expect(listed["c"]?["upstream"] as? String == "127.0.0.1:9")
            #expect(try await call(api, "DELETE", "/proxies/c", "").status == 204)
            _ = try await call(api, "POST", "/proxies/a/toxics", #"{"type":"latency","attributes":{"latency":100}}"#)
            #expect(try await call(api, "POST", "/reset", "").status == 204)
            let after = try #require(try await call(api, "GET", "/proxies").json as? [String: [String: Any]])
            #expect((after["a"]?["toxics"] as? [Any])?.isEmpty == true)
            #expect(after["b"]?["enabled"] as? Bool == true)
            lab.terminate()
            _ = try await lab.exit()
        }

        @Test func aToxicAddedOrUpdatedReachesAnOpenConnection() async throws {
            let (lab, api) = try await start()
            let upstream = try await TCPPeer.python(.echo)
            let port = try await create(api, "echo", upstream: upstream.address)
            let client = try await blocking { try RawTCPClient(port: port) }
            @Sendable func roundTrip() throws -> Double {
                let start = Date()
                try client.send([1])
                _ = client.receive(limit: 1, silence: 5)
                return Date().timeIntervalSince(start)
            }
            #expect(try await blocking { try roundTrip() } < 0.3)
            _ = try await call(api, "POST", "/proxies/echo/toxics", #"{"name":"lat","type":"latency","stream":"upstream","toxicity":1,"attributes":{"latency":300,"jitter":0}}"#)
            #expect(try await blocking { try roundTrip() } >= 0.27)
            // The Go client's UpdateToxic: PATCH with the attributes only.
            let updated = try await call(api, "PATCH", "/proxies/echo/toxics/lat", #"{"attributes":{"latency":0}}"#)
            #expect(((updated.json as? [String: Any])?["attributes"] as? [String: Any])?["latency"] as? Int == 0)
            #expect(try await blocking { try roundTrip() } < 0.3)
            let journal = try await call(api, "GET", "/proxies/echo/connections")
            #expect(journal.status == 200)
            lab.terminate()
            _ = try await lab.exit()
        }

        /// toxiproxy-python, a client written for toxiproxy (installed by `.ci/install-peers`),
        /// through its whole API: each step's outcome as the client reports it, one JSON line.
        private static let toxiproxyPython = """
            import json, socket, sys, time
            from toxiproxy import Toxiproxy
            from toxiproxy.exceptions import ProxyExists, InvalidToxic
            server = Toxiproxy()
            server.update_api_consumer("127.0.0.1", int(sys.argv[1]))
            facts = {"running": server.running(), "version": json.loads(server.version())["version"]}
            proxy = server.create(upstream=sys.argv[2], name="echo")
            host, port = proxy.listen.rsplit(":", 1)
            def round_trip():
                with socket.create_connection((host, int(port)), timeout=10) as s:
                    start = time.monotonic()
                    s.sendall(b"x")
                    assert s.recv(1) == b"x"
                    return time.monotonic() - start
            facts["listed"] = sorted(server.proxies())
            proxy.add_toxic(type="latency", attributes={"latency": 1000})
            facts["toxics"] = {n: [t.type, t.stream, t.toxicity, t.attributes] for n, t in proxy.toxics().items()}
            facts["slowed"] = round_trip()
            proxy.destroy_toxic("latency_downstream")
            facts["after_destroy"] = [sorted(proxy.toxics()), round_trip()]
            with proxy.down():
                try:
                    socket.create_connection((host, int(port)), timeout=5).close()
                    facts["down"] = "connected"
                except ConnectionRefusedError:
                    facts["down"] = "refused"
            facts["up_again"] = round_trip()
            for name, call in [("duplicate", lambda: server.create(upstream=sys.argv[2], name="echo")),
                               ("bad_toxic", lambda: proxy.add_toxic(type="nope"))]:
                try:
                    call()
                    facts[name] = "accepted"
                except (ProxyExists, InvalidToxic) as error:
                    facts[name] = type(error).__name__
            proxy.add_toxic(type="bandwidth", stream="upstream", toxicity=0.5, attributes={"rate": 100})
            facts["reset"] = [server.reset(), sorted(proxy.toxics())]
            server.destroy_all()
            facts["after_destroy_all"] = sorted(server.proxies())
            print(json.dumps(facts))
            """

        @Test func toxiproxyPython_drivesTheWholeAPI_asAgainstToxiproxy() async throws {
            let (lab, api) = try await start()
            let upstream = try await TCPPeer.python(.echo)
            let output = try await PythonRequests.run(Self.toxiproxyPython, ["\(api.port!)", upstream.address])
            let facts = try #require(try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any])
            #expect(facts["running"] as? Bool == true)
            #expect((facts["version"] as? String)?.hasPrefix("2.") == true)
            #expect(facts["listed"] as? [String] == ["echo"])
            let toxic = try #require((facts["toxics"] as? [String: [Any]])?["latency_downstream"])
            #expect(toxic[0] as? String == "latency" && toxic[1] as? String == "downstream" && toxic[2] as? Double == 1)
            #expect((toxic[3] as? [String: Any])?["latency"] as? Int == 1000)
            #expect(try #require(facts["slowed"] as? Double) >= 0.95)
            let afterDestroy = try #require(facts["after_destroy"] as? [Any])
            #expect((afterDestroy[0] as? [String])?.isEmpty == true)
            #expect(try #require(afterDestroy[1] as? Double) < 0.95)
            #expect(facts["down"] as? String == "refused")
            #expect(facts["up_again"] is Double)
            #expect(facts["duplicate"] as? String == "ProxyExists")
            #expect(facts["bad_toxic"] as? String == "InvalidToxic")
            let reset = try #require(facts["reset"] as? [Any])
            #expect(reset[0] as? Bool == true && (reset[1] as? [String])?.isEmpty == true)
            #expect((facts["after_destroy_all"] as? [String])?.isEmpty == true)
            lab.terminate()
            #expect(try await lab.exit().status == 0)
        }

        @Test func theSameSeedPicksTheSameConnectionsInTwoProcesses() async throws {
            let upstream = try await TCPPeer.python(.send(100))
            func resets() async throws -> [Int] {
                let (lab, api) = try await start(["--seed", "5"])
                let port = try await create(api, "p", upstream: upstream.address)
                _ = try await call(api, "POST", "/proxies/p/toxics", #"{"name":"rst","type":"reset_peer","toxicity":0.5,"attributes":{"timeout":0}}"#)
                let resets = try await RawTCPClient.resetOrdinals(port: port, connections: 16)
                lab.terminate()
                _ = try await lab.exit()
                return resets
            }
            let first = try await resets()
            #expect(!first.isEmpty && first.count < 16)
            #expect(try await resets() == first)
        }

        @Test func configCreatesTheProxiesAtStart() async throws {
            let upstream = try await TCPPeer.python(.echo)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("toxiproxy-\(UUID().uuidString).json")
            try Data(#"[{"name":"echo","listen":"127.0.0.1:0","upstream":"\#(upstream.address)"}]"#.utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let (lab, api) = try await start(["--config", file.path])
            let proxy = try #require(try await call(api, "GET", "/proxies/echo").json as? [String: Any])
            #expect(proxy["enabled"] as? Bool == true)
            lab.terminate()
            #expect(try await lab.exit().status == 0)
            let bad = try await LabProcess.run(["toxiproxy", "--port", "0", "--config", "/nonexistent.json"])
            #expect(bad.status == 2)
        }
    }
}
