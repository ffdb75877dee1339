import Foundation

/// A small HTTP/1.1 upstream written on Python's `http.server` (a server this project did
/// not write), for the proxy's tests. It answers:
///
/// - `/json`: a small JSON object; `/binary?size=N`: N bytes of `i * 7 % 251`, with a length;
/// - `/chunked?size=N`: the same bytes, `Transfer-Encoding: chunked` in pieces of 1000;
/// - `/counter`: `hit 1`, `hit 2`, ... (a different body each time);
/// - `/headers`: the request head it received as JSON (`{"headers": [[name, value], ...]}`),
///   answered with `Connection: X-Hop`, `X-Hop: 1`, `Keep-Alive: timeout=5` and `Set-Cookie`;
/// - `/both-lengths`: `Content-Length` and `Transfer-Encoding`; `/two-lengths`: two
///   different `Content-Length`s (ambiguous framing); `/status-999`: a status outside 100...599;
/// - `/broken-chunked`, `/broken-length`: a body cut off by the upstream closing;
/// - `/silent`: never answers; `/stall-body`: 5,000 of 100,000 announced bytes, then
///   nothing for 30 s; `/pause-body?size=N&first=F&pause=S`: the first F of N bytes, nothing
///   for S seconds, then the rest; `/missing` and anything else: 404 with a text body;
/// - `/gzip`: a gzip-encoded text (`Content-Encoding: gzip`, whatever the request accepts; the
///   same bytes every time: no timestamp in its header);
/// - `/cookies`: two `Set-Cookie` fields; `/peer`: the port the request came from (one per
///   connection: two requests answered with the same port came over one connection);
/// - `/http10`: an HTTP/1.0 response (`ok`, then the upstream closes); `/early-hints`: an
///   unasked `100 Continue`, then `103 Early Hints` (`Link`, and a hop-by-hop `X-Hint-Hop`
///   named in its `Connection`), then `hints`; `/many-hints`: forty 103s, then `hints`;
///   `/hints-then-wait`: a 103, then `released` once `/release` is asked (or after 60 s);
/// - `/redirect`: 302 to `/json`; `/zeros?size=N`: N zero bytes with a length, written in
///   64 KiB pieces (large bodies without building them in memory).
/// - `POST|PUT /sink[?rate=B]`: reads the body (`Content-Length` or chunked) in 64 KiB pieces,
///   at most B bytes per second when given, keeps none of it, and answers (and remembers)
///   `{"received", "sha256", "contentLength", "transferEncoding", "expect", "peer"}` (or
///   `{"received", "error"}` for a body cut off); `POST /sinks` lists what it remembered;
///   `POST /early?status=S`: answers S at once without reading the body, then closes;
///   `POST /silent`: reads the body, then never answers.
/// - `GET /peer`: `{"peer": P}`, P being the client's port, which `/sink` reports too: the
///   same port on two requests means one kept-alive connection carried both.
///
/// With a certificate and its key (``start(port:tls:)``) it speaks HTTPS, for `lab proxy
/// --upstream https://`. It exits when its standard input closes (``stop()``, or the test
/// process dying).
package final class PythonUpstream: Sendable {
    package let port: Int
    /// Whether it speaks HTTPS.
    package let secure: Bool
    private let process: Process
    private let input: Pipe

    private static let script = #"""
        import gzip, hashlib, http.server, json, signal, ssl, sys, threading, time, urllib.parse
        signal.pthread_sigmask(signal.SIG_UNBLOCK, signal.valid_signals())
        hits = {"n": 0}
        sinks = []
        lock = threading.Lock()
        released = threading.Event()

        PERIOD = bytes((i * 7) % 251 for i in range(251))

        def pattern(size):
            return (PERIOD * (size // 251 + 1))[:size]

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def send_body(self, status, body, content_type, extra=()):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in extra:
                    self.send_header(name, value)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
            def do_HEAD(self):
                self.do_GET()
            def body_pieces(self, rate):
                # The body as it arrives, in pieces of at most 64 KiB, Content-Length or chunked;
                # at most `rate` bytes per second when given (a slow reader).
                def paced(count):
                    if rate:
                        time.sleep(count / rate)
                if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                        if size == 0:
                            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                                pass
                            return
                        left = size
                        while left > 0:
                            piece = self.rfile.read(min(left, 65536))
                            if not piece:
                                raise ConnectionError("body cut off")
                            left -= len(piece)
                            paced(len(piece))
                            yield piece
                        self.rfile.readline()
                else:
                    left = int(self.headers.get("Content-Length", "0"))
                    while left > 0:
                        piece = self.rfile.read(min(left, 65536))
                        if not piece:
                            raise ConnectionError("body cut off")
                        left -= len(piece)
                        paced(len(piece))
                        yield piece
            def do_PUT(self):
                self.do_POST()
            def do_POST(self):
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                if url.path == "/sink":
                    digest = hashlib.sha256()
                    count = 0
                    try:
                        for piece in self.body_pieces(float(query.get("rate", "0"))):
                            digest.update(piece)
                            count += len(piece)
                    except (ConnectionError, ValueError) as error:
                        with lock:
                            sinks.append({"received": count, "error": str(error)})
                        self.close_connection = True
                        return
                    result = {"received": count, "sha256": digest.hexdigest(),
                              "contentLength": self.headers.get("Content-Length"),
                              "transferEncoding": self.headers.get("Transfer-Encoding"),
                              "expect": self.headers.get("Expect"), "peer": self.client_address[1]}
                    with lock:
                        sinks.append(result)
                    self.send_body(200, json.dumps(result).encode(), "application/json")
                elif url.path == "/sinks":
                    with lock:
                        self.send_body(200, json.dumps(sinks).encode(), "application/json")
                elif url.path == "/silent":
                    for _ in self.body_pieces(0):
                        pass
                    time.sleep(30)
                    self.close_connection = True
                elif url.path == "/early":
                    self.send_body(int(query.get("status", "413")), b"refused before the body\n", "text/plain", [("Connection", "close")])
                    self.close_connection = True
                else:
                    length = int(self.headers.get("Content-Length", "0"))
                    body = self.rfile.read(length)
                    self.send_body(200, json.dumps({"received": len(body), "echo": body.decode("latin-1")}).encode(), "application/json")
            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                size = int(query.get("size", "0"))
                if url.path == "/json":
                    self.send_body(200, b'{"name": "networklab", "values": [1, 2, 3], "ok": true}', "application/json")
                elif url.path == "/binary":
                    self.send_body(200, pattern(size), "application/octet-stream")
                elif url.path == "/chunked":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    if self.command == "HEAD":
                        return
                    data = pattern(size)
                    for start in range(0, len(data), 1000):
                        piece = data[start:start + 1000]
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    self.wfile.write(b"0\r\n\r\n")
                elif url.path == "/peer":
                    self.send_body(200, json.dumps({"peer": self.client_address[1]}).encode(), "application/json")
                elif url.path == "/cached":
                    # A 304 carries the cached representation's length (RFC 9110 §8.6), no body.
                    if self.headers.get("If-None-Match") == '"v1"':
                        self.send_response(304)
                        self.send_header("ETag", '"v1"')
                        self.send_header("Content-Length", "5")
                        self.end_headers()
                    else:
                        self.send_body(200, b"hello", "text/plain", [("ETag", '"v1"')])
                elif url.path == "/counter":
                    with lock:
                        hits["n"] += 1
                        n = hits["n"]
                    self.send_body(200, ("hit %d" % n).encode(), "text/plain")
                elif url.path == "/headers":
                    received = {"target": self.path, "headers": [[k, v] for k, v in self.headers.items()]}
                    self.send_body(200, json.dumps(received).encode(), "application/json",
                                   [("Connection", "X-Hop"), ("X-Hop", "1"), ("Keep-Alive", "timeout=5"),
                                    ("Set-Cookie", "session=s3cr3t-cookie; Path=/"), ("X-End", "kept")])
                elif url.path == "/both-lengths":
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                    self.close_connection = True
                elif url.path == "/two-lengths":
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!")
                    self.close_connection = True
                elif url.path == "/status-999":
                    self.wfile.write(b"HTTP/1.1 999 Weird\r\nContent-Length: 5\r\n\r\nhello")
                    self.close_connection = True
                elif url.path == "/broken-chunked":
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
                    self.wfile.flush()
                    time.sleep(0.2)
                    self.close_connection = True
                elif url.path == "/broken-length":
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + pattern(5000))
                    self.wfile.flush()
                    time.sleep(0.2)
                    self.close_connection = True
                elif url.path == "/gzip":
                    self.send_body(200, gzip.compress(b"networklab gzip text " * 50, mtime=0), "text/plain", [("Content-Encoding", "gzip")])
                elif url.path == "/cookies":
                    self.send_body(200, b"two cookies", "text/plain", [("Set-Cookie", "a=1; Path=/"), ("Set-Cookie", "b=2, c; Path=/")])
                elif url.path == "/peer":
                    self.send_body(200, str(self.client_address[1]).encode(), "text/plain")
                elif url.path == "/early-hints":
                    self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                    self.wfile.write(b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n"
                                     b"Connection: X-Hint-Hop\r\nX-Hint-Hop: secret\r\n\r\n")
                    self.wfile.flush()
                    time.sleep(0.05)
                    self.send_body(200, b"hints", "text/plain")
                elif url.path == "/hints-then-wait":
                    self.wfile.write(b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n")
                    self.wfile.flush()
                    released.wait(60)
                    released.clear()
                    self.send_body(200, b"released", "text/plain")
                elif url.path == "/release":
                    released.set()
                    self.send_body(200, b"ok", "text/plain")
                elif url.path == "/many-hints":
                    self.wfile.write(b"HTTP/1.1 103 Early Hints\r\nLink: </x.css>; rel=preload\r\n\r\n" * 40)
                    self.send_body(200, b"hints", "text/plain")
                elif url.path == "/http10":
                    self.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")
                    self.close_connection = True
                elif url.path == "/redirect":
                    self.send_body(302, b"", "text/plain", [("Location", "/json")])
                elif url.path == "/zeros":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Content-Length", str(size))
                    self.end_headers()
                    piece = bytes(65536)
                    left = size
                    while left > 0:
                        self.wfile.write(piece[:min(left, 65536)])
                        left -= 65536
                elif url.path == "/pause-body":
                    first, pause = int(query.get("first", "0")), float(query.get("pause", "0"))
                    body = pattern(size)
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % size + body[:first])
                    self.wfile.flush()
                    time.sleep(pause)
                    self.wfile.write(body[first:])
                elif url.path == "/stall-body":
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + pattern(5000))
                    self.wfile.flush()
                    time.sleep(30)
                    self.close_connection = True
                elif url.path == "/silent":
                    time.sleep(30)
                    self.close_connection = True
                else:
                    self.send_body(404, b"no such thing here\n", "text/plain")

        server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
        server.daemon_threads = True
        if len(sys.argv) > 3:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[2], sys.argv[3])
            server.socket = context.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print("Serving HTTP on port", server.server_address[1], flush=True)
        sys.stdin.read()
        """#

    /// The bytes `/binary?size=N` and `/chunked?size=N` send.
    package static func pattern(_ size: Int) -> [UInt8] {
        .cycling((0..<251).map { UInt8($0 * 7 % 251) }, count: size)
    }

    /// Starts the upstream on `port` (0: a free one) and returns once it listens; over TLS
    /// with `tls`, the PEM files of its certificate and key.
    package static func start(port: Int = 0, tls: (certificate: String, key: String)? = nil) async throws -> PythonUpstream {
        let child = try await PythonServerProcess.start(
            script, arguments: [String(port)] + (tls.map { [$0.certificate, $0.key] } ?? []), name: "the Python upstream")
        return PythonUpstream(port: child.port, secure: tls != nil, process: child.process, input: child.input)
    }

    private init(port: Int, secure: Bool, process: Process, input: Pipe) {
        self.port = port
        self.secure = secure
        self.process = process
        self.input = input
    }

    /// `http://127.0.0.1:PORT`, or `https://localhost:PORT` over TLS (the name its
    /// certificate is for).
    package var url: URL { URL(string: secure ? "https://localhost:\(port)" : "http://127.0.0.1:\(port)")! }

    /// Stops the upstream and returns once its process has ended: from then on its port
    /// refuses connections. (Just after ``stop()``, a connection may still reach the dying
    /// listener and then be reset.)
    package func stopped() async throws {
        stop()
        let process = self.process
        try await blocking { process.waitForExit() }
    }

    /// Stops the upstream at once (SIGKILL: like a crash, it closes every connection).
    package func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    deinit { stop() }
}
