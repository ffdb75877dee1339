import Foundation
import NetworkCore

/// Timing and streams: `/delay/{s}`, `/drip`, `/stream/{n}`, `/stream-bytes/{n}`, `/range/{n}`.
enum HTTPBinStreams {
    static let routes: [Route] = HTTPBin.routes(HTTPBin.anyMethod, "/delay/{s}", handler: delay) + [
        Route(.get, "/drip", handler: drip),
        Route(.get, "/stream/{n}", handler: stream),
        Route(.get, "/stream-bytes/{n}", handler: streamBytes),
        Route(.get, "/range/{n}", handler: range),
    ]

    /// The longest `/delay`, as httpbin caps it.
    static let maxDelay = 10.0
    /// The largest `/stream-bytes` and `/range` body, as httpbin caps them.
    static let maxStreamBytes = 100 * 1024
    /// The largest `/drip` body, as httpbin caps it.
    static let maxDrip = 10 * 1024 * 1024

    @Sendable static func delay(_ request: MockServer.Request) async -> MockServer.Response {
        let text = request.parameters["s"] ?? ""
        guard let seconds = Double(text), seconds.isFinite, seconds >= 0 else {
            return .badRequest("\"\(text)\" is not a delay; use seconds, 0 to \(Int(maxDelay)), e.g. /delay/1.5")
        }
        try? await Task.sleep(for: .seconds(min(seconds, maxDelay)))
        return .httpbinJSON(Echo(request: request).object([.url, .args, .form, .data, .origin, .headers, .files]))
    }

    @Sendable static func drip(_ request: MockServer.Request) async -> MockServer.Response {
        let duration: Double, delay: Double, count: Int, code: Int
        do {
            duration = try seconds(request, "duration", default: 2)
            delay = try seconds(request, "delay", default: 0)
            count = min(try whole(request, "numbytes", default: 10), maxDrip)
            code = try whole(request, "code", default: 200)
        } catch {
            return .badRequest(error.message)
        }
        guard count > 0 else { return .badRequest("numbytes: the number of bytes must be positive") }
        guard (200...599).contains(code) else { return .badRequest("code: \(code) is not a status this endpoint sends; use 200 to 599") }
        // httpbin waits `delay` before answering, then sends a byte and pauses
        // duration/numbytes. Bytes due within the same 20 ms go out together, so that a large
        // drip is not millions of wake-ups.
        if delay > 0 { try? await Task.sleep(for: .seconds(delay)) }
        let pause = duration / Double(count)
        let perPiece = max(1, Int((0.02 / max(pause, 1e-9)).rounded(.down)))
        let body = PacedChunks(count: (count + perPiece - 1) / perPiece, length: Int64(count), end: .seconds(duration)) { index in
            let first = index * perPiece
            return (.seconds(Double(first) * pause), [UInt8](repeating: 0x2a, count: min(perPiece, count - first)))
        }
        return body.response(status: code, headers: ["Content-Type": "application/octet-stream"], announceLength: true)
    }

    @Sendable static func stream(_ request: MockServer.Request) async -> MockServer.Response {
        guard let n = request.integer("n"), n >= 0 else { return notACount(request, "/stream/20") }
        var object = Echo(request: request).object([.url, .args, .headers, .origin])
        // One JSON object per line and per chunk, as httpbin's generator yields them.
        let lines = (0..<min(n, 100)).map { id in
            object["id"] = id
            let line = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            return (after: Duration.zero, bytes: Array(line) + [0x0a])
        }
        return PacedChunks(pieces: lines, end: .zero).response(headers: ["Content-Type": "application/json"], announceLength: false)
    }

    @Sendable static func streamBytes(_ request: MockServer.Request) async -> MockServer.Response {
        guard let n = request.integer("n"), n >= 0 else { return notACount(request, "/stream-bytes/1024") }
        let seed: UInt64, chunkSize: Int
        do {
            seed = try request.query("seed").map { text throws(ParameterError) in
                guard let seed = UInt64(text) else { throw ParameterError(message: "seed: \"\(text)\" is not a seed; use a whole number from 0 to \(UInt64.max)") }
                return seed
            } ?? request.seed
            chunkSize = try whole(request, "chunk_size", default: 10 * 1024)
        } catch {
            return .badRequest(error.message)
        }
        let bytes = Payload.checkedBytes(seed: seed, count: min(n, maxStreamBytes))
        return PacedChunks(bytes, pieceSize: chunkSize).response(headers: ["Content-Type": "application/octet-stream"], announceLength: false)
    }

    @Sendable static func range(_ request: MockServer.Request) async -> MockServer.Response {
        guard let n = request.integer("n") else { return notACount(request, "/range/1024") }
        let etag = "range\(n)"
        guard n > 0, n <= maxStreamBytes else {
            return MockServer.Response(
                status: 404, headers: ["ETag": etag, "Accept-Ranges": "bytes", "Content-Type": "text/html; charset=utf-8"],
                body: .bytes(Array("number of bytes must be in the range (0, \(maxStreamBytes)]".utf8)))
        }
        let chunkSize: Int, duration: Double
        do {
            chunkSize = max(1, try whole(request, "chunk_size", default: 10 * 1024))
            duration = try seconds(request, "duration", default: 0)
        } catch {
            return .badRequest(error.message)
        }
        let (first, last) = byteRange(request.headers["Range"], size: n)
        guard first <= last, (0..<n).contains(first), (0..<n).contains(last) else {
            return MockServer.Response(status: 416, headers: ["ETag": etag, "Accept-Ranges": "bytes", "Content-Range": "bytes */\(n)"])
        }
        // httpbin's resource: the alphabet, over and over, so that it never changes.
        let bytes = (first...last).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        let pause = duration / Double(n)
        var pieces: [(after: Duration, bytes: [UInt8])] = []
        var elapsed = 0.0
        for start in stride(from: 0, to: bytes.count, by: chunkSize) {
            let piece = Array(bytes[start..<min(start + chunkSize, bytes.count)])
            // A whole chunk goes out, then its pause; the last, short one after its pause.
            if piece.count < chunkSize { elapsed += pause * Double(piece.count) }
            pieces.append((.seconds(elapsed), piece))
            if piece.count == chunkSize { elapsed += pause * Double(chunkSize) }
        }
        let headers: HeaderFields = [
            "Content-Type": "application/octet-stream", "ETag": etag, "Accept-Ranges": "bytes",
            "Content-Range": "bytes \(first)-\(last)/\(n)",
        ]
        let status = first == 0 && last == n - 1 ? 200 : 206
        return PacedChunks(pieces: pieces, end: .seconds(elapsed)).response(status: status, headers: headers, announceLength: true)
    }

    /// httpbin's reading of `Range: bytes=first-last` (one range; a missing end is the last
    /// byte, a missing start means a suffix), as inclusive positions.
    static func byteRange(_ header: String?, size: Int) -> (first: Int, last: Int) {
        var left: Int?, right: Int?
        if let header = header?.trimmingCharacters(in: .whitespaces), header.hasPrefix("bytes") {
            let sides = header.split(separator: "=", omittingEmptySubsequences: false)
            if sides.count == 2 {
                let bounds = sides[1].split(separator: "-", omittingEmptySubsequences: false)
                left = Int(bounds[0].trimmingSpaces)
                right = bounds.count > 1 ? Int(bounds[1].trimmingSpaces) : nil
            }
        }
        switch (left, right) {
        case (nil, nil): return (0, size - 1)
        case (nil, let suffix?): return (max(0, size - suffix), size - 1)
        case (let first?, nil): return (first, size - 1)
        case (let first?, let last?): return (first, last)
        }
    }

    static func notACount(_ request: MockServer.Request, _ example: String) -> MockServer.Response {
        .badRequest("\"\(request.parameters["n"] ?? "")\" is not a count; use a whole number, e.g. \(example)")
    }

    /// Query item `name` as seconds (finite, 0 or more), or `value` when absent.
    static func seconds(_ request: MockServer.Request, _ name: String, default value: Double) throws(ParameterError) -> Double {
        guard let text = request.queryIgnoringCase(name) else { return value }
        guard let seconds = Double(text), seconds.isFinite, seconds >= 0, seconds <= 86_400 else {
            throw ParameterError(message: "\(name): \"\(text)\" is not a number of seconds; use one from 0 to 86400, e.g. \(name)=2")
        }
        return seconds
    }

    /// Query item `name` as a whole number, or `value` when absent.
    static func whole(_ request: MockServer.Request, _ name: String, default value: Int) throws(ParameterError) -> Int {
        guard let text = request.queryIgnoringCase(name) else { return value }
        guard let number = Int(text) else {
            throw ParameterError(message: "\(name): \"\(text)\" is not a whole number")
        }
        return number
    }
}

/// A query parameter an httpbin endpoint cannot use; its message is the 400's body.
struct ParameterError: Error {
    var message: String
}
