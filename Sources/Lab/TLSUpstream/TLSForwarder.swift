import Foundation
import MockServer
import NetworkCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `lab proxy --upstream https://...`: the proxy's forwarding route, carried by the toolchain's
/// URLSession (libcurl and OpenSSL on Linux) because the MockServer library speaks no TLS.
/// It forwards as the built-in HTTP/1.1 forwarder does (``ForwardedMessage``: target under the
/// base path, hop-by-hop fields dropped, `Via`, the upstream's `Host`, 502 and 504 bodies), and
/// reports the upstream's time to first byte to the journal and each whole exchange to the
/// recorder.
///
/// Where URLSession on Linux differs, and what this does about it:
/// - libcurl adds `User-Agent`, `Accept`, `Accept-Language` and `Accept-Encoding` to every
///   request: each one the client did not send goes out blank, which makes libcurl send none.
/// - libcurl always decodes `gzip`, `deflate`, `br` and `zstd` bodies: such a response reaches
///   the client decoded, without its `Content-Encoding` and `Content-Length`.
/// - Repeated response fields arrive joined with ", "; `Set-Cookie` is split again.
/// - It cannot slow an upstream down: bodies a slow client has not taken yet wait in a
///   ``BodySpool`` (memory, then a temporary file), never in unbounded memory.
/// - Redirects are handed to the client, never followed; connections are kept alive by libcurl.
/// - The upstream's HTTP version is not exposed: `Via` says 1.1 (libcurl may use HTTP/2).
final class TLSForwarder: Sendable {
    let upstream: MockServer.Upstream
    /// `host[:port]` as the URL gives it: `Host`, error messages and recorded URLs.
    let authority: String
    let basePath: String
    private let session: URLSession
    private let delegate: TLSSessionDelegate

    /// Content codings libcurl decodes on its own (it was built with zlib, brotli and zstd).
    static let decodedCodings: Set<String> = ["gzip", "x-gzip", "deflate", "br", "zstd", "identity"]
    /// Request fields libcurl or URLSession add when the request has none.
    static let addedFields = ["User-Agent", "Accept", "Accept-Language", "Accept-Encoding", "Content-Type"]

    /// A forwarder to `upstream`, an `https://HOST[:PORT][/BASE]` URL.
    init(_ upstream: MockServer.Upstream) {
        self.upstream = upstream
        let url = upstream.url
        let host = url.host ?? ""
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        authority = url.port.map { "\(bracketed):\($0)" } ?? bracketed
        basePath = ForwardedMessage.basePath(of: url)
        let configuration = URLSessionConfiguration.ephemeral
        // The proxy times the head itself (--upstream-timeout); URLSession's timers would cut
        // a long body to a slow client.
        configuration.timeoutIntervalForRequest = 604_800
        configuration.timeoutIntervalForResource = 604_800
        configuration.httpMaximumConnectionsPerHost = max(upstream.maxIdleConnections, 1)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        delegate = TLSSessionDelegate()
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
    }

    deinit { session.invalidateAndCancel() }

    /// Forwards `request` and answers with the upstream's response, or with 502/504 saying
    /// what went wrong.
    @Sendable func forward(_ request: MockServer.Request) async -> MockServer.Response {
        let startedAt = Date()
        let head = ForwardedMessage.requestHead(for: request, basePath: basePath, authority: authority, pseudonym: upstream.pseudonym)
        guard let url = URL(string: "https://\(authority)\(head.target)") else {
            return ForwardedMessage.failure(.invalidResponse(upstream: authority, reason: "cannot form a URL for \(head.target)"),
                                            receivedOver: request.version, pseudonym: upstream.pseudonym)
        }
        let transfer = TLSTransfer(upstream: authority, timeout: upstream.timeout, recording: upstream.recorder != nil)
        let task = session.dataTask(with: Self.urlRequest(url, head: head, body: request.body))
        delegate.transfers.withLock { $0[task.taskIdentifier] = transfer }
        let sent = Instant.now()
        let response: HTTPURLResponse
        switch await transfer.start(task) {
        case .failure(let error):
            return ForwardedMessage.failure(error, receivedOver: request.version, pseudonym: upstream.pseudonym)
        case .success(let head):
            response = head
        }
        let firstByte = transfer.firstByte ?? sent
        let received = Self.headerFields(response)
        let hasBody = request.method != .head && response.statusCode != 204 && response.statusCode != 304
        let decoded = hasBody && Self.wasDecoded(received)
        let headers = ForwardedMessage.responseHeaders(received, receivedOver: .http1_1, pseudonym: upstream.pseudonym,
                                                       also: decoded ? ["Content-Encoding"] : [])
        if let recorder = upstream.recorder {
            transfer.whenComplete { body, end in
                recorder(ProxiedExchange(
                    startedAt: startedAt, method: request.method.rawValue, url: url, requestVersion: request.version.description,
                    requestHeaders: head.headers, requestBody: request.body, requestHeadSize: -1,
                    status: response.statusCode, reason: HTTPStatus.reason(response.statusCode), responseVersion: "HTTP/1.1",
                    responseHeaders: Self.recordedHeaders(headers, body: body, hasBody: hasBody, announced: received["Content-Length"]),
                    responseBody: body, responseHeadSize: -1, responseBodyWireSize: Int64(body.count),
                    timings: ProxiedExchange.Timings(blocked: 0, connect: nil, send: 0, wait: (firstByte - sent).seconds,
                                                     receive: (end - firstByte).seconds)
                ))
            }
        }
        var forwarded = MockServer.Response(status: response.statusCode, headers: headers,
                                            body: Self.body(of: transfer, response: response, hasBody: hasBody, decoded: decoded, method: request.method))
        forwarded.upstreamTimeToFirstByte = firstByte - sent
        forwarded.streamFailure = { transfer.failureReason }
        return forwarded
    }

    /// The body the client gets: streamed from the transfer, with the upstream's length unless
    /// libcurl decoded it; a HEAD response announces the length and streams nothing.
    private static func body(
        of transfer: TLSTransfer, response: HTTPURLResponse, hasBody: Bool, decoded: Bool, method: RequestMethod
    ) -> MockServer.Response.Body {
        if response.statusCode == 204 || response.statusCode == 304 { return .bytes([]) }
        if method == .head {
            let length = response.value(forHTTPHeaderField: "Content-Length").flatMap { Int64($0) }
            return .stream(length: length ?? 0, chunks: AsyncStream { $0.finish() })
        }
        let length = decoded || response.expectedContentLength < 0 ? nil : response.expectedContentLength
        return .stream(length: length, chunks: AsyncStream<[UInt8]>(unfolding: { await transfer.next() }, onCancel: { transfer.abandon() }))
    }

    /// The URLSession request for `head`: the same fields, and blank ones for those libcurl
    /// would add (a blank field makes libcurl send none).
    static func urlRequest(_ url: URL, head: HTTPRequestHead, body: [UInt8]) -> URLRequest {
        var request = URLRequest(url: url)
        request.httpMethod = head.method.rawValue
        var seen: Set<String> = ["host", "content-length"]
        for (name, _) in head.headers where seen.insert(name.lowercased()).inserted {
            let separator = name.lowercased() == "cookie" ? "; " : ", "
            request.setValue(head.headers.values(for: name).joined(separator: separator), forHTTPHeaderField: name)
        }
        for name in addedFields where !head.headers.contains(name) {
            request.setValue(" ", forHTTPHeaderField: name)
        }
        if !body.isEmpty { request.httpBody = Data(body) }
        return request
    }

    /// The response's fields; `Set-Cookie`, which URLSession joins with ", ", split again.
    static func headerFields(_ response: HTTPURLResponse) -> HeaderFields {
        var fields = HeaderFields()
        for (name, value) in response.allHeaderFields {
            let name = String(describing: name)
            let value = String(describing: value)
            if name.lowercased() == "set-cookie" {
                for cookie in SetCookieSplit.split(value) { fields.add(name, cookie) }
            } else {
                fields.add(name, value)
            }
        }
        return fields
    }

    /// Whether libcurl decoded the body: every coding the upstream named is one it decodes.
    static func wasDecoded(_ headers: HeaderFields) -> Bool {
        let codings = headers.values(for: "Content-Encoding").flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        return codings.contains { $0 != "identity" } && codings.allSatisfy(decodedCodings.contains)
    }

    /// The response fields a recording keeps: `Content-Length` of the recorded body, as the
    /// HTTP/1.1 forwarder records it.
    private static func recordedHeaders(_ headers: HeaderFields, body: [UInt8], hasBody: Bool, announced: String?) -> HeaderFields {
        var recorded = headers
        if hasBody {
            recorded.set("Content-Length", String(body.count))
        } else if let announced {
            recorded.set("Content-Length", announced)
        }
        return recorded
    }

    /// Routes `configuration`'s upstream through a forwarder of this kind when it is an
    /// `https://` URL (after its recorder is set: the forwarder takes the upstream as it is).
    static func carryHTTPS(_ configuration: inout MockServer.Configuration) {
        guard let upstream = configuration.upstream, upstream.url.scheme?.lowercased() == "https" else { return }
        configuration.upstream?.forward = TLSForwarder(upstream).forward
    }
}
