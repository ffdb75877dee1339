import Foundation
import TestSupport

/// nginx (Debian's `nginx-light`, which `.ci/install-peers` installs) as an upstream the
/// project did not write: one process in the foreground, tied to the test, serving `files`
/// from a folder of its own on 127.0.0.1, with gzip for JSON (proxied requests included) and
/// two fixed answers: `/nocontent` (204) and `/echo` (the method).
final class NginxUpstream: Sendable {
    let url: URL
    private let process: Process
    private let folder: TemporaryFolder

    init(files: [String: [UInt8]]) async throws {
        let folder = try TemporaryFolder()
        for (name, bytes) in files {
            try Data(bytes).write(to: folder.url.appendingPathComponent("www/\(name)", isDirectory: false).creatingFolder())
        }
        let port = try TCPPeer.freePort()
        try """
            daemon off; master_process off; pid \(folder.path)/nginx.pid; error_log \(folder.path)/error.log warn;
            events { worker_connections 256; }
            http {
              default_type application/octet-stream; types { application/json json; } access_log off;
              gzip on; gzip_types application/json; gzip_proxied any; gzip_min_length 10;
              client_body_temp_path \(folder.path)/tmp; proxy_temp_path \(folder.path)/tmp; fastcgi_temp_path \(folder.path)/tmp;
              uwsgi_temp_path \(folder.path)/tmp; scgi_temp_path \(folder.path)/tmp;
              server {
                listen 127.0.0.1:\(port); root \(folder.path)/www;
                location = /nocontent { return 204; }
                location = /echo { return 200 "$request_method\\n"; }
              }
            }
            """.write(toFile: folder.path + "/nginx.conf", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["nginx", "-e", folder.path + "/error.log", "-p", folder.path + "/", "-c", folder.path + "/nginx.conf"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.runTied()
        } catch {
            folder.remove()
            throw TestSetupError("cannot start nginx: \(error); .ci/install-peers installs nginx-light")
        }
        (self.process, self.folder) = (process, folder)
        url = URL(string: "http://127.0.0.1:\(port)")!
        try await waitUntil(timeout: 10) { (try? await blocking { try RawTCPClient(port: port).close() }) != nil }
    }

    /// Stops nginx (SIGKILL: it keeps nothing) and removes its folder.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        folder.remove()
    }
}

private extension URL {
    /// The URL, once its folder exists.
    func creatingFolder() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}
