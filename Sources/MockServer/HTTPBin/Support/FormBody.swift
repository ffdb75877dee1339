import Foundation
import NetworkCore

/// A request body read as a form: `application/x-www-form-urlencoded` or
/// `multipart/form-data` (RFC 7578), as httpbin reports it in `form` and `files`.
struct FormBody {
    /// Text fields, in order.
    var fields: [(name: String, value: String)] = []
    /// File parts (those with a `filename`), in order, with their declared type.
    var files: [(name: String, content: [UInt8], type: String)] = []

    /// The form in `body`, or nil when the content type is not a form type (the body is then
    /// httpbin's `data`). A malformed multipart body gives the fields read before the fault.
    init?(body: [UInt8], contentType: String?) {
        guard let contentType else { return nil }
        let parameters = contentType.split(separator: ";").map { $0.trimmingSpaces }
        switch parameters.first?.lowercased() {
        case "application/x-www-form-urlencoded":
            let text = String(decoding: body, as: UTF8.self)
            fields = QueryItems(text).map { Array($0) } ?? []
        case "multipart/form-data":
            guard let boundary = parameters.dropFirst().lazy.compactMap(Self.boundary).first else { return nil }
            parseMultipart(body, boundary: boundary)
        default:
            return nil
        }
    }

    private static func boundary(_ parameter: String) -> String? {
        let parts = parameter.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, parts[0].trimmingSpaces.lowercased() == "boundary" else { return nil }
        var value = parts[1].trimmingSpaces
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
        return value.isEmpty ? nil : value
    }

    private mutating func parseMultipart(_ body: [UInt8], boundary: String) {
        let delimiter = Array("--\(boundary)".utf8)
        var position = Self.find(delimiter, in: body, from: 0)
        while let start = position {
            var partStart = start + delimiter.count
            // `--` after a delimiter closes the body.
            if body.count >= partStart + 2, body[partStart] == 0x2d, body[partStart + 1] == 0x2d { return }
            guard let lineEnd = Self.find([0x0d, 0x0a], in: body, from: partStart) else { return }
            partStart = lineEnd + 2
            guard let next = Self.find([0x0d, 0x0a] + delimiter, in: body, from: partStart) else { return }
            addPart(Array(body[partStart..<next]))
            position = next + 2
        }
    }

    private mutating func addPart(_ part: [UInt8]) {
        guard let headEnd = Self.find([0x0d, 0x0a, 0x0d, 0x0a], in: part, from: 0) ?? (part.starts(with: [0x0d, 0x0a]) ? -2 : nil) else { return }
        let head = headEnd < 0 ? "" : String(decoding: part[..<headEnd], as: UTF8.self)
        let content = Array(part[(headEnd + 4)...])
        var name: String?
        var filename: String?
        var type = "application/octet-stream"
        for line in head.split(separator: "\r\n") {
            let field = line.split(separator: ":", maxSplits: 1)
            guard field.count == 2 else { continue }
            switch field[0].trimmingSpaces.lowercased() {
            case "content-disposition":
                for parameter in field[1].split(separator: ";").dropFirst() {
                    let pair = parameter.split(separator: "=", maxSplits: 1)
                    guard pair.count == 2 else { continue }
                    var value = pair[1].trimmingSpaces
                    if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                    switch pair[0].trimmingSpaces.lowercased() {
                    case "name": name = value
                    case "filename": filename = value
                    default: break
                    }
                }
            case "content-type":
                type = field[1].trimmingSpaces
            default:
                break
            }
        }
        guard let name else { return }
        if filename != nil {
            files.append((name, content, type))
        } else {
            fields.append((name, String(decoding: content, as: UTF8.self)))
        }
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
