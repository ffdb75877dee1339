import Foundation
import MockServer
import Testing
@testable import NetworkLabClient

/// Methods and bodies as both clients send them to a live server.
@Suite struct DownloadRequestTests {
    /// A route that answers with the method and body it received.
    static let echo = Route(nil, "/echo") { request in
        .text("\(request.method) \(String(decoding: request.body, as: UTF8.self))")
    }

    /// A route's handler runs on the cooperative pool, which a suite of 850 tests starting at
    /// once keeps busy for seconds (15 s under AddressSanitizer on CI): wait for it generously.
    static func configuration() -> ClientConfiguration {
        var configuration = quickConfiguration()
        configuration.timeouts = Timeouts(connect: .seconds(60), firstByte: .seconds(60), idle: .seconds(60), total: .seconds(120))
        return configuration
    }

    @Test(arguments: [RequestMethod.post, .put, .patch, .delete])
    func methodWithABody_arrivesAsSent_withBothClients(method: RequestMethod) async throws {
        try await withMockServer(.init(routes: [Self.echo])) { server in
            let request = DownloadRequest(url: server.url("/echo"), method: method, body: Data("name=x".utf8))
            let blocking = try await BlockingLabClient(configuration: Self.configuration()).onOwnThread { try $0.download(request) }
            let async = try await LabClient(configuration: Self.configuration()).download(request)
            for result in [blocking, async] {
                #expect(result.body.map { String(decoding: $0, as: UTF8.self) } == "\(method) name=x")
            }
        }
    }

    @Test func redirect303_turnsAPostIntoABodylessGet() async throws {
        let moved = Route(.post, "/form") { _ in MockServer.Response(status: 303, headers: ["Location": "/echo"]) }
        try await withMockServer(.init(routes: [moved, Self.echo])) { server in
            let request = DownloadRequest(url: server.url("/form"), method: .post, body: Data("a=1".utf8))
            let result = try await LabClient(configuration: Self.configuration()).download(request)
            #expect(result.body.map { String(decoding: $0, as: UTF8.self) } == "GET ")
        }
    }
}
