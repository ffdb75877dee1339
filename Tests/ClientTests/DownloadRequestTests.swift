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

    @Test(arguments: [RequestMethod.post, .put, .patch, .delete])
    func methodWithABody_arrivesAsSent_withBothClients(method: RequestMethod) async throws {
        try await withMockServer(.init(routes: [Self.echo])) { server in
            let request = DownloadRequest(url: server.url("/echo"), method: method, body: Data("name=x".utf8))
            let blocking = try await BlockingLabClient(configuration: quickConfiguration()).onOwnThread { try $0.download(request) }
            let async = try await LabClient(configuration: quickConfiguration()).download(request)
            for result in [blocking, async] {
                #expect(result.body.map { String(decoding: $0, as: UTF8.self) } == "\(method) name=x")
            }
        }
    }

    @Test func redirect303_turnsAPostIntoABodylessGet() async throws {
        let moved = Route(.post, "/form") { _ in MockServer.Response(status: 303, headers: ["Location": "/echo"]) }
        try await withMockServer(.init(routes: [moved, Self.echo])) { server in
            let request = DownloadRequest(url: server.url("/form"), method: .post, body: Data("a=1".utf8))
            let result = try await LabClient(configuration: quickConfiguration()).download(request)
            #expect(result.body.map { String(decoding: $0, as: UTF8.self) } == "GET ")
        }
    }
}
