import Foundation

/// An HTTP Archive (HAR 1.2): the file format every browser's DevTools, Charles, Fiddler and
/// mitmproxy export, and what `lab proxy --record` writes and `lab serve --replay` reads.
///
/// Reading is tolerant where real exports are messy (DevTools' `_`-prefixed fields, HTTP/2
/// pseudo-headers, missing body texts, `bodySize` -1) and strict on what replay needs: a
/// `log` with `entries`, each with a request method and URL and a response status. Anything
/// else fails with a ``HARError`` naming the file and the field.
///
/// ```swift
/// let archive = try HARArchive(json: Data(contentsOf: url), source: url.path)
/// let server = try await MockServer.start(.init(replay: Replay(archives: [archive])))
/// ```
public struct HARArchive: Codable, Sendable, Hashable {
    /// The archive's only top-level field.
    public var log: HARLog

    /// An archive with `entries`, written by `creator`.
    public init(creator: HARCreator = .networkLab, entries: [HAREntry] = []) {
        log = HARLog(creator: creator, entries: entries)
    }

    /// Decodes a HAR document; `source` (a file path) names it in errors.
    public init(json: Data, source: String) throws(HARError) {
        let decoder = JSONDecoder()
        do {
            self = try decoder.decode(HARArchive.self, from: json)
        } catch let error as DecodingError {
            throw HARError(source: source, decoding: error)
        } catch {
            throw HARError(source: source, path: "", problem: "\(error)")
        }
    }

    /// The archive as pretty-printed UTF-8 JSON (keys sorted, so equal archives give equal bytes).
    public func encoded() -> Data {
        // Encoding these value types cannot fail: every field is a string, number or Bool.
        (try? Self.encoder.encode(self)) ?? Data()
    }

    /// The encoder every HAR the project writes goes through: pretty-printed, keys sorted (so
    /// the same archive always gives the same bytes), slashes unescaped.
    public static var entryEncoder: JSONEncoder { encoder }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
