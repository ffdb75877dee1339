"""Differential runs for HTTPBinDifferentialTests: the real httpbin (PyPI's, served here by
Werkzeug on a free 127.0.0.1 port) and a MockServer answer the same requests, sent by Python
requests or by curl, and this script reports what each client observed of each server.

Input (stdin, JSON): {"mock": "http://127.0.0.1:PORT", "cases": [case, ...]} where a case has
"name", "client" ("requests" or "curl"), "method", "path" ("{base}" stands for the server's own
URL), and optionally "headers", "data" (text), "binary" (base64), "jsonText", "form", "files"
({name: [filename, text, type]}), "auth" (["basic"|"digest", user, password]), "cookies",
"follow" (default true), "expose" (response headers to report).

Output (stdout, JSON): [{"name", "httpbin": observation, "mock": observation}], where each
observation field is itself JSON text, so the Swift side compares strings. Bodies are
normalized: JSON with `origin` removed, `url` reduced to its path, the `Host` header removed,
multipart boundaries and UUIDs masked; other text as is; binary as its length and first bytes.
"""
import base64, json, logging, os, re, signal, subprocess, sys, tempfile, threading
from urllib.parse import urlsplit

signal.pthread_sigmask(signal.SIG_UNBLOCK, signal.valid_signals())
logging.disable(logging.CRITICAL)

import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth
from werkzeug.serving import make_server
import httpbin

BOUNDARY = re.compile(r"boundary=[^;,]+")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def path_of(url):
    if url is None:
        return None
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def normalize(value, key=None):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "origin":
                continue
            if k == "url" and isinstance(v, str):
                out[k] = path_of(v)
            elif k == "headers" and isinstance(v, dict):
                out[k] = {h: BOUNDARY.sub("boundary=<boundary>", x) for h, x in v.items() if h.lower() != "host"}
            else:
                out[k] = normalize(v, k)
        return out
    if isinstance(value, list):
        return [normalize(v) for v in value]
    if isinstance(value, str) and UUID.match(value):
        return "<uuid>"
    return value


def body_view(content, content_type):
    """The body as the tests compare it: normalized JSON (or JSON lines), text, or a digest."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return {"binary": len(content), "magic": content[:4].hex()}
    if "json" in (content_type or ""):
        try:
            document = json.loads(text)
            # /response-headers lists its own Content-Length, which depends on the JSON layout:
            # it must be the body's length, whatever the layout.
            if isinstance(document, dict) and document.get("Content-Length") == str(len(content)):
                document["Content-Length"] = "<the body's length>"
            return {"json": normalize(document)}
        except ValueError:
            try:
                return {"lines": [normalize(json.loads(line)) for line in text.splitlines() if line]}
            except ValueError:
                pass
    return {"text": text}


def observation(status, content_type, content, history, final_url, headers, expose):
    view = body_view(content, content_type)
    keys = sorted(view["json"].keys()) if isinstance(view.get("json"), dict) else None
    fields = {
        "status": status,
        "contentType": content_type or "",
        "body": view,
        "keys": keys,
        "redirects": history,
        "finalPath": path_of(final_url),
        "headers": {name: headers.get(name) for name in expose},
        "length": len(content),
    }
    return {k: json.dumps(v, sort_keys=True) for k, v in fields.items()}


def with_base(text, base):
    return text.replace("{base}", base) if isinstance(text, str) else text


def run_requests(case, base):
    session = requests.Session()
    for name, value in case.get("cookies", {}).items():
        session.cookies.set(name, value)
    kwargs = {"headers": case.get("headers", {}), "allow_redirects": case.get("follow", True), "timeout": 30}
    if "data" in case:
        kwargs["data"] = case["data"].encode()
    if "binary" in case:
        kwargs["data"] = base64.b64decode(case["binary"])
    if "jsonText" in case:
        kwargs["json"] = json.loads(case["jsonText"])
    if "form" in case:
        kwargs["data"] = case["form"]
    if "files" in case:
        kwargs["files"] = {k: (v[0], v[1].encode(), v[2]) for k, v in case["files"].items()}
    auth = case.get("auth")
    if auth:
        kwargs["auth"] = (HTTPBasicAuth if auth[0] == "basic" else HTTPDigestAuth)(auth[1], auth[2])
    response = session.request(case.get("method", "GET"), base + with_base(case["path"], base), **kwargs)
    history = [[r.status_code, path_of(r.headers.get("Location"))] for r in response.history]
    if auth and auth[0] == "digest":
        history = []  # the 401 challenges, whose nonces differ by design
    return observation(response.status_code, response.headers.get("Content-Type"), response.content, history,
                       response.url, response.headers, case.get("expose", []))


def run_curl(case, base):
    with tempfile.TemporaryDirectory() as folder:
        body, head = os.path.join(folder, "body"), os.path.join(folder, "head")
        args = ["curl", "-sS", "--noproxy", "*", "--compressed", "-o", body, "-D", head, "-w", "%{json}",
                "-b", os.path.join(folder, "jar")]
        if case.get("follow", True):
            args.append("-L")
        method = case.get("method", "GET")
        if method not in ("GET", "POST"):
            args += ["-X", method]
        for name, value in case.get("headers", {}).items():
            args += ["-H", "%s: %s" % (name, value)]
        if case.get("cookies"):
            args += ["-H", "Cookie: " + "; ".join("%s=%s" % kv for kv in case["cookies"].items())]
        if "data" in case:
            args += ["--data-binary", case["data"]]
        if "jsonText" in case:
            args += ["-H", "Content-Type: application/json", "--data-binary", case["jsonText"]]
        for name, value in case.get("form", {}).items():
            args += ["-F", "%s=%s" % (name, value)]
        for name, (filename, text, kind) in case.get("files", {}).items():
            path = os.path.join(folder, filename)
            with open(path, "w") as f:
                f.write(text)
            args += ["-F", "%s=@%s;type=%s" % (name, path, kind)]
        auth = case.get("auth")
        if auth:
            args += (["--digest"] if auth[0] == "digest" else []) + ["-u", "%s:%s" % (auth[1], auth[2])]
        args.append(base + with_base(case["path"], base))
        run = subprocess.run(args, capture_output=True, text=True, timeout=60)
        info = json.loads(run.stdout)
        with open(body, "rb") as f:
            content = f.read()
        # The head of the last response, for the exposed headers.
        blocks = [b for b in open(head, encoding="latin-1").read().split("\r\n\r\n") if b.strip()]
        headers = requests.structures.CaseInsensitiveDict()
        for line in blocks[-1].split("\r\n")[1:] if blocks else []:
            name, _, value = line.partition(":")
            headers[name.strip()] = value.strip()
        redirects = info.get("num_redirects", 0)
        history = [] if auth and auth[0] == "digest" else [["count", redirects]]
        return observation(info.get("http_code"), info.get("content_type"), content, history,
                           info.get("url_effective"), headers, case.get("expose", []))


def main():
    spec = json.load(sys.stdin)
    server = make_server("127.0.0.1", 0, httpbin.app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    bases = {"httpbin": "http://127.0.0.1:%d" % server.server_port, "mock": spec["mock"]}
    results = []
    for case in spec["cases"]:
        run = run_curl if case.get("client") == "curl" else run_requests
        result = {"name": case["name"]}
        for label, base in bases.items():
            try:
                result[label] = run(case, base)
            except Exception as error:  # reported to the test, which fails the case
                result[label] = {"error": json.dumps("%s: %s" % (type(error).__name__, error))}
        results.append(result)
    json.dump(results, sys.stdout)
    server.shutdown()


main()
