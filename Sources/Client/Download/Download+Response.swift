import Foundation
import NetworkCore

// How a download takes a response: its status, redirects, the end of its body.
extension Download {
    /// Takes the final head of a response: returns how its body starts, or nil when its body
    /// is not wanted (a redirect or an error status, whose body start is read for the error);
    /// throws for a response that contradicts the request.
    mutating func accept(_ head: HTTPResponseHead) throws(DownloadError) -> BodyStart? {
        switch head.status {
        case 206:
            guard let rangeStart else { throw .malformedResponse("206 Partial Content to a request without Range") }
            guard let range = head.headers["Content-Range"].flatMap(ContentRange.init), range.first == rangeStart else {
                throw .malformedResponse("206 with Content-Range \(head.headers["Content-Range"] ?? "missing") to Range: bytes=\(rangeStart)-")
            }
            totalLength = range.completeLength
            if !wantsDigest(head) { digest = nil }
            resumed = true
            bodyAccepted = true
            return BodyStart(restart: false, validator: validator, validatorChanged: false, expectedLength: totalLength)
        case 200..<300:
            guard !storeHoldsBytes || canRestart else { throw .representationChanged(offset: received) }
            let restart = storeHoldsBytes
            let newValidator = Self.resumeValidator(head)
            let changed = restart || newValidator != validator
            received = 0
            digest = wantsDigest(head) ? SHA256() : nil
            resumed = false
            discardStoredBytes = false
            validator = newValidator
            if case .contentLength(let length) = reader.framing, method != .head { totalLength = length } else { totalLength = nil }
            bodyAccepted = true
            return BodyStart(restart: restart, validator: newValidator, validatorChanged: changed, expectedLength: totalLength)
        case 301, 302, 303, 307, 308:
            try redirect(head)
            return nil
        case 416 where rangeStart != nil:
            // The bytes held are not a strict prefix of the resource (it is shorter now, or
            // they are all there): drop them and ask for the whole resource at once.
            validator = nil
            discardStoredBytes = true
            restartNow = true
            errorStatus = head.status
            return nil
        default:
            errorStatus = head.status
            return nil
        }
    }

    private mutating func redirect(_ head: HTTPResponseHead) throws(DownloadError) {
        guard configuration.redirectLimit > 0 else { throw .httpStatus(head.status, body: "") }
        guard let location = head.headers["Location"], let next = URL(string: location, relativeTo: url)?.absoluteURL else {
            throw .malformedResponse("\(head.status) redirect without a usable Location")
        }
        redirects += 1
        guard redirects <= configuration.redirectLimit else { throw .tooManyRedirects(limit: configuration.redirectLimit) }
        target = try RequestTarget(next)
        url = next
        followingRedirect = true
        if head.status == 303, method != .head {
            method = .get
            body = nil
        }
    }

    /// The body is complete: checks its length against the resource's and its digest
    /// against the server's.
    mutating func completeBody() throws(DownloadError) {
        if let totalLength, received != totalLength {
            throw .truncated(expected: totalLength, received: received)
        }
        if let field = reader.head?.headers["Repr-Digest"], let expected = ReprDigest.sha256(field), let hasher = digest {
            let actual = hasher.finalize()
            guard actual == expected else {
                discardStoredBytes = true
                validator = nil
                throw .digestMismatch(expected: ReprDigest.base64(expected), actual: ReprDigest.base64(actual))
            }
            digestVerified = true
        }
        finalResponse = reader.head
        bodyComplete = true
    }

    /// Keeps the start of an error answer's body; throws the status once the body is over or
    /// the excerpt full, so a long error page is never read to its end.
    mutating func collectErrorBody(_ bytes: UnsafeRawBufferPointer) throws(DownloadError) {
        guard let errorStatus else { return }
        errorBody.append(contentsOf: bytes.prefix(DownloadError.maxBodyExcerpt - errorBody.count))
        if reader.isComplete || errorBody.count >= DownloadError.maxBodyExcerpt {
            throw .httpStatus(errorStatus, body: errorExcerpt)
        }
    }

    /// The body start kept so far, as text.
    var errorExcerpt: String {
        String(decoding: errorBody, as: UTF8.self)
    }

    /// Whether to hash the body of `head`: the client asked for digests, or the server sent one.
    private func wantsDigest(_ head: HTTPResponseHead) -> Bool {
        configuration.requestDigest || head.headers["Repr-Digest"].flatMap(ReprDigest.sha256) != nil
    }

    /// The `ETag` to resume against: only a strong one, and only when the server takes
    /// byte ranges.
    static func resumeValidator(_ head: HTTPResponseHead) -> String? {
        guard head.headers.containsToken("bytes", in: "Accept-Ranges"), let etag = head.headers["ETag"],
            etag.hasPrefix("\"")
        else { return nil }
        return etag
    }

    /// The wait a response's `Retry-After` asks for: its seconds, or its HTTP-date less the
    /// response's own `Date` (the server's clock on both sides, so clock skew cancels and the
    /// download needs no wall clock; a date in the past means now). `nil` when the field is
    /// absent or unreadable, or is a date without a `Date` beside it: the backoff applies.
    static func retryAfter(_ head: HTTPResponseHead) -> Duration? {
        guard let field = head.headers["Retry-After"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if field.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            return Int(field).map { .seconds($0) }
        }
        guard let date = HTTPDate.parse(field), let sent = head.headers["Date"].flatMap(HTTPDate.parse) else { return nil }
        return .seconds(max(0, date - sent))
    }
}
