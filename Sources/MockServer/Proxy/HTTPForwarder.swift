import Foundation
import NetworkCore

/// A proxy's catch-all route: sends each request to the upstream over a keep-alive pool and
/// turns the upstream's response (or its failure) into the server's response.
final class HTTPForwarder: Sendable {
    let upstream: MockServer.Upstream
    let address: SocketAddress
    /// `host:port` as the `Host` field and error messages give it.
    let authority: String
    /// The upstream URL's path without its trailing slash, prefixed to every target.
    let basePath: String
    let pool: UpstreamPool

    init(_ upstream: MockServer.Upstream, address: SocketAddress, authority: String) {
        self.upstream = upstream
        self.address = address
        self.authority = authority
        basePath = ForwardedMessage.basePath(of: upstream.url)
        pool = UpstreamPool(maxIdle: upstream.maxIdleConnections)
    }

    /// The route the server tries for every request but its control endpoints.
    var route: Route {
        var route = Route(nil, "*") { [self] request in await forward(request) }
        route.streamedBodyLimit = upstream.maxRequestBody ?? .max
        route.passesQueryThrough = true
        return route
    }

    /// Forwards `request` and answers with the upstream's response, or with 502/504 saying
    /// what went wrong.
    func forward(_ request: MockServer.Request) async -> MockServer.Response {
        let startedAt = Date()
        let head = upstreamHead(for: request)
        let body = request.bodyStream ?? BytesRequestBody(request.body)
        let recorded = upstream.recorder.map { _ in RecordedRequestBody() }
        do {
            let exchange = try await send(head, body: body, method: request.method, recorded: recorded, interim: earlyHints(to: request))
            let headers = ForwardedMessage.responseHeaders(exchange.head.headers, status: exchange.head.status, receivedOver: exchange.head.version, pseudonym: upstream.pseudonym)
            let recorder = upstream.recorder.map { recorder in
                { @Sendable (body: [UInt8], wireSize: Int64, end: Instant) in
                    recorder(self.recording(request, head: head, startedAt: startedAt, exchange: exchange, requestBody: recorded,
                                            headers: headers, body: body, wireSize: wireSize, end: end))
                }
            }
            let body = UpstreamBody(exchange, pool: pool, timeout: upstream.timeout, recorder: recorder)
            var response: MockServer.Response
            if let direct = await body.socketBody(method: request.method) {
                response = MockServer.Response(status: exchange.head.status, headers: headers, body: .stream(length: direct.length, chunks: AsyncStream { $0.finish() }))
                response.socketBody = direct.make
            } else {
                response = MockServer.Response(status: exchange.head.status, headers: headers, body: await body.responseBody(method: request.method))
                response.streamFailure = { body.failureReason }
            }
            response.upstreamTimeToFirstByte = exchange.wait
            return response
        } catch {
            body.cancel()
            return ForwardedMessage.failure(error, receivedOver: request.version, pseudonym: upstream.pseudonym)
        }
    }

    /// Where the upstream's `103 Early Hints` go when ``MockServer/Upstream/forwardsEarlyHints``
    /// says so: to `request`'s client as they come, hop-by-hop fields dropped and `Via` added.
    private func earlyHints(to request: MockServer.Request) -> (@Sendable (HTTPResponseHead) -> Void)? {
        guard upstream.forwardsEarlyHints, let send = request.interim else { return nil }
        let pseudonym = upstream.pseudonym
        return { head in
            guard head.status == 103 else { return }
            let headers = ForwardedMessage.responseHeaders(head.headers, status: head.status, receivedOver: head.version, pseudonym: pseudonym)
            send(HTTPResponseHead(status: 103, reason: HTTPStatus.reason(103), version: .http1_1, headers: headers))
        }
    }

    /// The request head sent upstream (see ``ForwardedMessage/requestHead(for:basePath:authority:pseudonym:)``).
    func upstreamHead(for request: MockServer.Request) -> HTTPRequestHead {
        ForwardedMessage.requestHead(for: request, basePath: basePath, authority: authority, pseudonym: upstream.pseudonym)
    }

    /// Sends the request head on a pooled or new connection, then its body as the client sends
    /// it while waiting for the response head (which may come first). A reused connection the
    /// upstream had closed while idle gets one retry on a new connection, for methods that may
    /// be repeated (RFC 9110 §9.2.2) and a body not yet taken from the client.
    private func send(
        _ head: HTTPRequestHead, body: any RequestBodySource, method: RequestMethod, recorded: RecordedRequestBody?,
        interim: (@Sendable (HTTPResponseHead) -> Void)?
    ) async throws(UpstreamError) -> UpstreamExchange {
        let headBytes = head.serialized()
        let chunked = head.headers["Transfer-Encoding"] != nil
        // A request without a body (most GETs) needs no writer: its head is the whole request.
        let hasBody = chunked || (head.headers["Content-Length"].map { $0 != "0" } ?? false)
        while true {
            let blockedFrom = Instant.now()
            let pooled = pool.take()
            let connectFrom = Instant.now()
            let connection: UpstreamConnection
            if let pooled {
                connection = pooled
            } else {
                connection = try await UpstreamConnection.connect(to: address, upstream: authority, layer: upstream.transport, deadline: connectFrom + upstream.timeout)
            }
            let sendFrom = Instant.now()
            var writer: UpstreamRequestWriter?
            let headTimeout = HeadTimeout(after: upstream.timeout) { connection.close() }
            defer { headTimeout.cancel() }
            do {
                try await connection.send(headBytes, deadline: sendFrom + upstream.timeout)
                let started: UpstreamRequestWriter
                let headDeadline: Instant?
                if hasBody {
                    started = UpstreamRequestWriter(
                        body, to: connection, chunked: chunked, timeout: upstream.timeout, tap: recorded?.append, ended: headTimeout.start
                    )
                    headDeadline = nil
                } else {
                    let sent = Instant.now()
                    started = UpstreamRequestWriter(noBodySentAt: sent)
                    headDeadline = sent + upstream.timeout
                }
                writer = started
                let read = try await readHead(
                    on: connection, method: method, deadline: headDeadline, writer: started, timeout: headTimeout, interim: interim
                )
                let firstByte = read.firstByte
                let sent: Instant = if case .sent(let at) = started.state, at < firstByte { at } else { firstByte }
                return UpstreamExchange(
                    connection: connection, writer: started, head: read.head, headSize: read.size, requestHeadSize: headBytes.count,
                    blocked: connectFrom - blockedFrom, connect: pooled == nil ? sendFrom - connectFrom : nil,
                    send: sent - sendFrom, wait: firstByte - sent, firstByte: firstByte
                )
            } catch {
                writer?.cancel()
                connection.close()
                if pooled != nil, error.isStaleConnection, method.isIdempotent, body.rewind() {
                    recorded?.reset()
                    continue
                }
                if case .timedOut = error { throw .timedOut(upstream: authority, after: upstream.timeout) }
                throw error
            }
        }
    }

    /// The response head, which may come while the body still goes. The upstream timeout
    /// counts from the end of the body: a socket deadline when there is none, else
    /// `timeout`, which closes the connection. When writing the body failed, that says more
    /// than the head's absence.
    private func readHead(
        on connection: UpstreamConnection, method: RequestMethod, deadline: Instant?, writer: UpstreamRequestWriter, timeout: HeadTimeout,
        interim: (@Sendable (HTTPResponseHead) -> Void)?
    ) async throws(UpstreamError) -> UpstreamHead {
        do {
            return try await connection.readHead(method: method, deadline: deadline, interim: interim)
        } catch {
            if timeout.fired { throw .timedOut(upstream: authority, after: upstream.timeout) }
            if case .failed(let failure, _) = writer.state { throw failure }
            throw error
        }
    }

    private func recording(
        _ request: MockServer.Request, head: HTTPRequestHead, startedAt: Date, exchange: UpstreamExchange,
        requestBody: RecordedRequestBody?, headers: HeaderFields, body: [UInt8], wireSize: Int64, end: Instant
    ) -> ProxiedExchange {
        var responseHeaders = headers
        if BodyFraming.mayHaveBody(status: exchange.head.status, method: request.method) {
            responseHeaders.set("Content-Length", String(body.count))
        } else if let length = exchange.head.headers["Content-Length"] {
            responseHeaders.set("Content-Length", length)
        }
        let scheme = upstream.url.scheme ?? "http"
        let (prefix, size) = requestBody?.taken ?? ([], 0)
        var recorded = ProxiedExchange(
            startedAt: startedAt, method: request.method.rawValue,
            url: URL(string: "\(scheme)://\(authority)\(head.target)") ?? upstream.url,
            requestVersion: request.version.description, requestHeaders: head.headers, requestBody: prefix,
            requestHeadSize: exchange.requestHeadSize, status: exchange.head.status, reason: exchange.head.reason,
            responseVersion: exchange.head.version.description, responseHeaders: responseHeaders, responseBody: body,
            responseHeadSize: exchange.headSize, responseBodyWireSize: wireSize,
            timings: ProxiedExchange.Timings(
                blocked: exchange.blocked.seconds, connect: exchange.connect?.seconds, send: exchange.send.seconds,
                wait: exchange.wait.seconds, receive: (end - exchange.firstByte).seconds
            )
        )
        recorded.requestBodySize = size
        return recorded
    }
}

extension RequestMethod {
    /// Methods a client may repeat without changing the outcome (RFC 9110 §9.2.2).
    fileprivate var isIdempotent: Bool {
        [.get, .head, .put, .delete, .options, RequestMethod(rawValue: "TRACE")].contains(self)
    }
}

extension BodyFraming {
    /// Whether a response with `status` to a request with `method` may carry a body.
    fileprivate static func mayHaveBody(status: Int, method: RequestMethod) -> Bool {
        !(method == .head || (100...199).contains(status) || status == 204 || status == 304)
    }
}
