#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TestSupport

/// A real browser for the dashboard's tests: headless Chromium driven over the DevTools
/// protocol by a small Python program (`--remote-debugging-pipe`: JSON messages on file
/// descriptors 3 and 4, so no WebSocket client is needed). Chromium and python3 are peers
/// that `.ci/install-peers` installs; a missing one fails the test.
///
/// A test lists steps; the program runs them in one page and returns what each `eval` gave:
///
/// ```swift
/// let values = try await HeadlessChromium.run([
///     ["size": [1400, 900, false]], ["open": server.url("/_lab/").absoluteString],
///     ["wait": "document.querySelectorAll('.row').length > 2"],
///     ["eval": "document.title"], ["shot": "/tmp/page.png"],
/// ])
/// ```
///
/// Steps: `size` `[width, height, mobile]`; `open` a URL; `wait` until a JavaScript expression
/// is truthy (`timeout` seconds, default 20); `eval` an expression (promises awaited); `type`
/// text into the focused element; `key` `Enter`, `Tab`, `Escape` or an arrow; `shot` a PNG.
enum HeadlessChromium {
    /// Runs `steps` in a fresh headless Chromium and returns the `eval` results in order.
    /// Throws with Chromium's or the page's complaint when a step fails, and after 120 s.
    static func run(_ steps: [[String: Any]]) async throws -> [Any] {
        let program = try JSONSerialization.data(withJSONObject: steps)
        let output: String = try await blocking {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let outFile = folder.appendingPathComponent("out")
            let errFile = folder.appendingPathComponent("err")
            try Data().write(to: outFile)
            try Data().write(to: errFile)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", driver, String(decoding: program, as: UTF8.self), folder.appendingPathComponent("profile").path]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: outFile)
            process.standardError = try FileHandle(forWritingTo: errFile)
            let exited = DispatchSemaphore(value: 0)
            process.terminationHandler = { _ in exited.signal() }
            try process.runTied()
            if exited.wait(timeout: .now() + 120) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
                throw BrowserError("headless Chromium did not finish its steps within 120 s")
            }
            let output = (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
            guard process.terminationStatus == 0 else {
                let errors = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
                throw BrowserError("the browser steps failed (exit \(process.terminationStatus)): \(errors.suffix(2000))")
            }
            return output
        }
        guard let results = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [Any] else {
            throw BrowserError("the browser steps printed no results: \(output)")
        }
        return results
    }

    /// A browser step that failed, with what Chromium or the page said.
    struct BrowserError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The DevTools client, run by `python3 -c`. Chromium's own output is discarded; a failed
    /// step exits non-zero with a message on stderr.
    static let driver = #"""
import fcntl, json, os, subprocess, sys, time, base64

steps = json.loads(sys.argv[1])
chrome_in_r, chrome_in_w = os.pipe()
chrome_out_r, chrome_out_w = os.pipe()
high_r = fcntl.fcntl(chrome_in_r, fcntl.F_DUPFD, 10)
high_w = fcntl.fcntl(chrome_out_w, fcntl.F_DUPFD, 10)

def child():
    os.dup2(high_r, 3)
    os.dup2(high_w, 4)

browser = subprocess.Popen(
    [os.environ.get("CHROMIUM", "chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
     "--remote-debugging-pipe", "--user-data-dir=" + sys.argv[2], "about:blank"],
    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    pass_fds=(3, 4), preexec_fn=child)
for fd in (chrome_in_r, chrome_out_w, high_r, high_w):
    os.close(fd)
writer = os.fdopen(chrome_in_w, "wb", buffering=0)
reader = os.fdopen(chrome_out_r, "rb", buffering=0)
pending = b""
next_id = 0
session = None

def send(method, params=None, use_session=True):
    global next_id, pending
    next_id += 1
    message = {"id": next_id, "method": method, "params": params or {}}
    if use_session and session:
        message["sessionId"] = session
    writer.write(json.dumps(message).encode() + b"\0")
    while True:
        while b"\0" not in pending:
            chunk = reader.read(65536)
            if not chunk:
                raise SystemExit("chromium closed the pipe")
            pending += chunk
        raw, pending = pending.split(b"\0", 1)
        reply = json.loads(raw)
        if reply.get("id") == next_id:
            if "error" in reply:
                raise SystemExit(method + ": " + json.dumps(reply["error"]))
            return reply.get("result", {})

def evaluate(expression):
    result = send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
    if "exceptionDetails" in result:
        raise SystemExit("script failed: " + json.dumps(result["exceptionDetails"])[:800])
    return result["result"].get("value")

results = []
try:
    target = send("Target.createTarget", {"url": "about:blank"}, False)["targetId"]
    session = send("Target.attachToTarget", {"targetId": target, "flatten": True}, False)["sessionId"]
    send("Page.enable")
    send("Runtime.enable")
    for step in steps:
        if "size" in step:
            width, height, mobile = step["size"]
            send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        elif "open" in step:
            send("Page.navigate", {"url": step["open"]})
            deadline = time.monotonic() + 20
            while evaluate("location.href") != step["open"] or evaluate("document.readyState") != "complete":
                if time.monotonic() > deadline:
                    raise SystemExit("the page did not load: " + step["open"])
                time.sleep(0.05)
        elif "wait" in step:
            deadline = time.monotonic() + step.get("timeout", 20)
            # The page may still be loading: an expression that throws is not true yet.
            guarded = "(() => { try { return !!(" + step["wait"] + "); } catch (error) { return false; } })()"
            while not evaluate(guarded):
                if time.monotonic() > deadline:
                    raise SystemExit("waited %s s in vain for: %s" % (step.get("timeout", 20), step["wait"]))
                time.sleep(0.05)
        elif "eval" in step:
            results.append(evaluate(step["eval"]))
        elif "type" in step:
            send("Input.insertText", {"text": step["type"]})
        elif "key" in step:
            key = step["key"]
            codes = {"Enter": 13, "Tab": 9, "ArrowDown": 40, "ArrowUp": 38, "Escape": 27}
            text = "\r" if key == "Enter" else ""
            send("Input.dispatchKeyEvent", {"type": "keyDown", "key": key, "code": key, "windowsVirtualKeyCode": codes.get(key, 0), "text": text})
            send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": key, "windowsVirtualKeyCode": codes.get(key, 0)})
        elif "shot" in step:
            data = send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})["data"]
            with open(step["shot"], "wb") as file:
                file.write(base64.b64decode(data))
    print(json.dumps(results))
finally:
    try:
        send("Browser.close", None, False)
    except BaseException:
        pass
    try:
        browser.wait(timeout=10)
    except subprocess.TimeoutExpired:
        browser.kill()
"""#
}
