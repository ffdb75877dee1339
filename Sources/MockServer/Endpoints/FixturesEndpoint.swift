#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NetworkCore

extension EndpointGroup {
    static let fixtures = EndpointGroup(index: [
        EndpointDescription("GET|HEAD", "/fixtures/{path}", "files from the fixtures folder; Range"),
    ], [
        Endpoint([.get, .head], "/fixtures/{path*}") { context, captures in FixturesEndpoint.respond(path: captures["path"]!, context) },
    ])
}

/// `/fixtures/{path}`: files under the fixtures folder, and nothing outside it.
///
/// A path is served only if, once percent-decoded, it is a plain relative path (no `..` or `.`
/// segments, no empty segments, no backslash or NUL, not too long) and its real path, with
/// every symlink resolved, lies inside the folder's real path. Anything else answers 404 before
/// any file is opened. The open itself is confined to the folder too (``ConfinedOpen``), so a
/// symlink swapped in after the check cannot lead out of it. A fixture that cannot be opened because the process is out of file
/// descriptors answers 503 with `Retry-After`, so that a client retries instead of believing
/// it missing.
enum FixturesEndpoint {
    static let maxPathLength = 1024

    static func respond(path encoded: String, _ context: RequestContext) -> ResponsePlan {
        let missing = ResponsePlan.text(404, "no fixture at /fixtures/\(encoded)")
        guard let root = context.state.fixturesRoot, let resolved = resolve(encoded, under: root) else { return missing }
        let file: FileBody
        do {
            file = try FileBody(String(resolved.dropFirst(root.count + 1)), in: root)
        } catch .outOfDescriptors {
            var plan = ResponsePlan.text(503, "the server is out of file descriptors (too many connections or open files); retry shortly")
            plan.headers.set("Retry-After", "1")
            return plan
        } catch {
            return missing
        }
        return RangedResponse.plan(
            body: file, etag: file.etag,
            headers: ["Content-Type": contentType(of: resolved)], context
        )
    }

    /// The real path of the fixtures folder, or nil when it is not a folder.
    static func resolveRoot(_ path: String) -> String? {
        guard let real = realPath(path) else { return nil }
        var info = stat()
        guard stat(real, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
        return real
    }

    /// The real path of `encoded` under `root`, or nil if it is malformed or escapes `root`.
    static func resolve(_ encoded: String, under root: String) -> String? {
        guard encoded.utf8.count <= maxPathLength, let path = PercentEncoding.decode(encoded) else { return nil }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.isEmpty,
              segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
              !path.contains("\\"), !path.utf8.contains(0)
        else { return nil }
        guard let real = realPath(root + "/" + path), real.hasPrefix(root + "/") else { return nil }
        return real
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(validatingCString: resolved)
    }

    static func contentType(of path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        let ext = name.contains(".") ? name.split(separator: ".").last.map { $0.lowercased() } ?? "" : ""
        return contentTypes[ext] ?? "application/octet-stream"
    }

    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
        "txt": "text/plain; charset=utf-8", "csv": "text/csv; charset=utf-8", "md": "text/markdown; charset=utf-8",
        "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "json": "application/json", "xml": "application/xml", "svg": "image/svg+xml",
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
        "ico": "image/x-icon", "pdf": "application/pdf", "zip": "application/zip", "gz": "application/gzip",
        "tar": "application/x-tar", "wasm": "application/wasm", "mp4": "video/mp4", "mp3": "audio/mpeg",
        "woff2": "font/woff2", "bin": "application/octet-stream",
    ]
}
