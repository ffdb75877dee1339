import Foundation

/// The third-party programs the tests run against the lab (clients, servers and oracles the
/// project did not write), as `.ci/install-peers` installs them. Without one, its tests fail
/// with whatever error starting it gives; ``missing()`` names them all at once instead.
package enum Peers {
    /// Programs looked up on `PATH`.
    static let programs = ["curl", "wget", "aria2c", "chromium", "redis-server", "redis-cli", "nginx", "setpriv", "python3"]
    /// Python modules the peers and oracles import (toxiproxy-python's module is `toxiproxy`).
    static let pythonModules = ["h11", "requests", "httpbin", "toxiproxy"]
    /// mitmproxy's recorder, in the virtual environment `.ci/install-peers` gives it.
    static let mitmdump = FileManager.default.homeDirectoryForCurrentUser
        .appendingPathComponent(".cache/networklab/mitmproxy/bin/mitmdump").path

    /// What is missing, one entry per program or module (`chromium`, `python3 module httpbin`,
    /// `h11 0.14 (0.16 or later needed)`); empty when every peer is there. Blocks: call it
    /// inside ``blocking(_:)``.
    package static func missing() throws -> [String] {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        var missing = programs.filter { program in
            !path.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
        }
        if !missing.contains("python3") {
            // One line per module missing, and h11's version when it is too old for the oracle.
            let script = """
                import importlib
                for name in \(pythonModules):
                    try: module = importlib.import_module(name)
                    except ImportError: print("python3 module " + name); continue
                    if name == "h11" and tuple(int(p) for p in module.__version__.split(".")[:2]) < (0, 16):
                        print("h11 " + module.__version__ + " (0.16 or later needed)")
                """
            let run = try ToolRun(["python3", "-c", script])
            missing += String(decoding: run.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        if !FileManager.default.isExecutableFile(atPath: mitmdump) { missing.append("mitmdump (\(mitmdump))") }
        return missing
    }
}
