import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension LiveTCPProxyCommandTests {
    /// `lab proxy` as a process in TCP mode: the address on the first stdout line, bytes
    /// relayed with the link flags, SIGTERM stopping it, usage errors, and seeds that pick the
    /// same connections in two processes.
    @Suite struct LabProxyTests {
        private func port(_ lab: LabProcess) async throws -> Int {
            let line = try #require(try await lab.firstLine(), "lab proxy exited before printing its address")
            let address = try #require(line.range(of: #"tcp://127\.0\.0\.1:[0-9]+"#, options: .regularExpression).map { line[$0] })
            return try #require(Int(address.split(separator: ":").last!))
        }

        @Test func proxyPrintsItsAddressRelaysWithTheLatencyAndExitsZeroOnSIGTERM() async throws {
            let upstream = try await TCPPeer.python(.echo)
            let lab = try LabProcess(["proxy", "--upstream", "tcp://\(upstream.address)", "--latency", "100ms", "--seed", "3"])
            let port = try await port(lab)
            let (echoed, seconds) = try await blocking { () -> ([UInt8], Double) in
                let client = try RawTCPClient(port: port)
                let start = Date()
                try client.send(Array("ping".utf8))
                return (client.receive(limit: 4, silence: 5).bytes, Date().timeIntervalSince(start))
            }
            #expect(echoed == Array("ping".utf8))
            #expect(seconds >= 0.09)
            lab.terminate()
            let exit = try await lab.exit()
            #expect(exit.status == 0, "\(exit.stderr)")
        }

        @Test(arguments: [
            (["proxy"], "--upstream"),
            (["proxy", "--upstream", "nowhere"], "--upstream"),
            (["proxy", "--upstream", "127.0.0.1:9", "--fault", "status:503"], "status:503"),
            (["proxy", "--upstream", "127.0.0.1:9", "--fault", "malformed"], "malformed"),
            (["proxy", "--upstream", "127.0.0.1:9", "--bandwidth", "fast"], "--bandwidth"),
            (["proxy", "--upstream", "127.0.0.1:9", "--port", "70000"], "--port"),
        ])
        func badFlagsExitTwoWithOneLineNamingThem(arguments: [String], named: String) async throws {
            let exit = try await LabProcess.run(arguments)
            #expect(exit.status == 2)
            #expect(exit.stderr.split(separator: "\n").count == 1, "\(exit.stderr)")
            #expect(exit.stderr.contains(named), "\(exit.stderr)")
        }

        /// `http://` and `https://` run the HTTP reverse proxy (HTTPProxyCommandTests,
        /// TLSTransportTests): an https:// upstream where nothing listens gets a 502, not an exit.
        @Test func anHTTPSUpstreamStartsTheHTTPProxy() async throws {
            let lab = try LabProcess(["proxy", "--upstream", "https://127.0.0.1:9"])
            let line = try #require(try await lab.firstLine(), "lab proxy exited before printing its URL")
            #expect(line.hasPrefix("NetworkLab HTTP proxy on http://127.0.0.1:"))
            #expect(line.contains("to https://127.0.0.1:9"))
            let url = try await lab.url()
            let (data, response) = try await URLSession.shared.data(from: url.appendingPathComponent("anything"))
            #expect((response as? HTTPURLResponse)?.statusCode == 502)
            #expect(String(decoding: data, as: UTF8.self).contains("refused the connection"))
            lab.terminate()
            let exit = try await lab.exit()
            #expect(exit.status == 0, "\(exit.stderr)")
        }

        @Test func theSameSeedResetsTheSameConnectionsInTwoProcesses() async throws {
            let upstream = try await TCPPeer.python(.send(1_000))
            func resets() async throws -> [Int] {
                let lab = try LabProcess(["proxy", "--upstream", upstream.address, "--fault", "reset", "--fault-rate", "0.5", "--seed", "9"])
                let resets = try await RawTCPClient.resetOrdinals(port: try await port(lab), connections: 16)
                lab.terminate()
                _ = try await lab.exit()
                return resets
            }
            let first = try await resets()
            #expect(!first.isEmpty && first.count < 16)
            #expect(try await resets() == first)
        }
    }
}
