#!/usr/bin/env python3
"""An HTTP/1.1 parser NetworkLab did not write (h11) as the oracle of RandomizedRequestsTests.

Reads all of stdin first (so that the test may write every case before reading any answer),
one case per line: the bytes a client sent, in hex, a space, the bytes the server answered, in
hex. Writes one JSON object per case and line: {"requests": [...], "responses": [...]}.

requests: h11, as a server, reads the client's bytes one request at a time, until one is not
accepted or closes the connection. Each has "start" (its offset in the client's bytes) and
"skipped" (empty lines before its request-line, which RFC 9112 section 2.2 has a server
ignore and h11 refuses, so they are skipped before h11 reads), and a "verdict":
  "accept": a whole request, with "headEnd", "end", "method", "target" (hex), "version",
    "headers" ([name, value] pairs), "body" (bytes) and "closes" (h11 closes after it);
  "reject": h11 refuses it ("error"); "whole" says whether the bytes held a whole head, up to
    an empty line (h11 may refuse a request line before it ends); the head's fields if h11
    read the head before refusing what followed (a chunk, a trailer);
  "incomplete": the bytes end inside it; "head" says inside the head (else the head's fields).

responses: h11, as a client that sent those requests (GET where h11 read no method), reads
the server's bytes: {"status", "close" (Connection: close), "complete"} per response, then
{"error"} if what follows is not a response.
"""
import json
import sys

import h11

LIMIT = 1 << 22


def read_requests(data):
    out = []
    start = 0
    while start < len(data):
        request = read_request(data, start)
        out.append(request)
        if request["verdict"] != "accept" or request["closes"]:
            break
        start = request["end"]
    return out


def read_request(data, start):
    """One request from data[start:], on a connection of its own (h11 reads one exchange at a
    time; a server reads pipelined requests the same way, one after the other)."""
    # RFC 9112 section 2.2: a server SHOULD ignore at least one empty line before a
    # request-line; h11 refuses them ("no request line received"). Skip them here, and say so.
    skipped = 0
    while data.startswith(b"\r\n", start + skipped) or data.startswith(b"\n", start + skipped):
        skipped += 2 if data.startswith(b"\r\n", start + skipped) else 1
    begin = start + skipped
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=LIMIT)
    conn.receive_data(data[begin:])
    request = {"start": start, "skipped": skipped}

    def consumed():
        return len(data) - len(conn.trailing_data[0])

    if begin == len(data):
        return dict(request, verdict="incomplete", head=True)
    while True:
        try:
            event = conn.next_event()
        except h11.RemoteProtocolError as error:
            # "whole": whether the bytes hold a whole head (up to an empty line); h11 may
            # refuse a request line before it ends, which a server need not do.
            rest = data[begin:]
            whole = b"\n\r\n" in rest or b"\n\n" in rest
            return dict(request, verdict="reject", error=str(error), whole=whole)
        if event is h11.NEED_DATA:
            return dict(request, verdict="incomplete", head="method" not in request)
        if isinstance(event, h11.Request):
            request.update(
                headEnd=consumed(), method=event.method.decode("latin-1"), target=bytes(event.target).hex(),
                version=event.http_version.decode("latin-1"),
                headers=[[n.decode("latin-1"), v.decode("latin-1")] for n, v in event.headers.raw_items()],
                body=0, closes=False,
            )
        elif isinstance(event, h11.Data):
            request["body"] += len(event.data)
        elif isinstance(event, h11.EndOfMessage):
            request.update(verdict="accept", end=consumed())
            # 404: a 2xx to CONNECT would switch protocols. The response tells whether h11
            # keeps the connection open after this request.
            conn.send(h11.Response(status_code=404, headers=[("Content-Length", "0")]))
            conn.send(h11.EndOfMessage())
            request["closes"] = conn.our_state is h11.MUST_CLOSE or conn.their_state is h11.MUST_CLOSE
            return request
        else:
            return dict(request, verdict="incomplete", head="method" not in request)


def read_responses(methods, data):
    conn = h11.Connection(h11.CLIENT, max_incomplete_event_size=LIMIT)
    conn.receive_data(data)
    conn.receive_data(b"")
    out = []
    index = 0
    while True:
        method = methods[index] if index < len(methods) else "GET"
        index += 1
        try:
            if conn.our_state is not h11.IDLE:
                return out
            conn.send(h11.Request(method=method.encode("latin-1"), target="/", headers=[("Host", "t")]))
            conn.send(h11.EndOfMessage())
        except h11.LocalProtocolError:
            return out
        response = None
        while True:
            try:
                event = conn.next_event()
            except h11.RemoteProtocolError as error:
                if response is not None:
                    out.append(response)
                elif not conn.trailing_data[0]:
                    return out  # closed without a response
                out.append({"error": str(error)})
                return out
            if isinstance(event, h11.InformationalResponse):
                continue
            if isinstance(event, h11.Response):
                close = any(n.lower() == b"connection" and b"close" in v.lower() for n, v in event.headers.raw_items())
                response = {"status": event.status_code, "close": close, "complete": False}
            elif isinstance(event, h11.Data):
                continue
            elif isinstance(event, h11.EndOfMessage):
                response["complete"] = True
                out.append(response)
                break
            else:
                # NEED_DATA cannot come after the close; ConnectionClosed: the server is done.
                if response is not None:
                    out.append(response)
                return out
        if conn.our_state is h11.MUST_CLOSE or conn.their_state is h11.MUST_CLOSE:
            return out
        try:
            conn.start_next_cycle()
        except h11.LocalProtocolError:
            return out


def main():
    lines = sys.stdin.buffer.read().split(b"\n")
    # Every case ends with a newline; a case may be empty on either side.
    for line in lines[:-1]:
        sent, _, received = line.partition(b" ")
        requests = read_requests(bytes.fromhex(sent.decode()))
        methods = [r.get("method", "GET") for r in requests]
        responses = read_responses(methods, bytes.fromhex(received.decode()))
        sys.stdout.write(json.dumps({"requests": requests, "responses": responses}) + "\n")


if __name__ == "__main__":
    main()
