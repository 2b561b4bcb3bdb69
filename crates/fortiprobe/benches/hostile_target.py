#!/usr/bin/env python3
"""A loopback target that answers every request with one hostile body under
fortiprobe's 32 MiB cap (issue 24; BENCHMARKS.md, "Hostile answers").

    python3 crates/fortiprobe/benches/hostile_target.py PORT KIND &
    printf 'fortiauthenticator:\n  url: http://127.0.0.1:PORT\n  username: admin\n  api_key: not-a-real-key-1234\n' > t.yaml
    /usr/bin/time -f "%e s %M kB" target/release/fortiprobe run --config t.yaml fortiauthenticator/fortitokens/

KIND: zeros, bare, empties499k, strings, fields, xml (4.8 million levels), xmlwide.
"""
import http.server
import sys

KIND = sys.argv[2]
CAP = 32 * 1024 * 1024 - 4096
HEAD = '{"meta": {"limit": 1000, "next": null, "offset": 0, "previous": null, "total_count": 1}, "objects": ['


def body():
    if KIND == "zeros":
        return HEAD + ",".join(["0"] * ((CAP - len(HEAD) - 2) // 2)) + "]}"
    if KIND == "bare":
        return "[" + ",".join(["{}"] * ((CAP - 2) // 3)) + "]"
    if KIND == "empties499k":
        return HEAD + ",".join(["{}"] * 499000) + "]}"
    if KIND == "strings":
        return HEAD + ",".join(['"%s"' % ("x" * 60)] * 490000) + "]}"
    if KIND == "fields":
        obj = "{" + ",".join('"k%d":%d' % (i, i) for i in range(10)) + "}"
        return HEAD + ",".join([obj] * 45000) + "]}"
    if KIND == "xml":
        d = (CAP - 200) // 7
        return '<?xml version="1.0"?><response>' + "<a>" * d + "</a>" * d + "</response>"
    if KIND == "xmlwide":
        return '<?xml version="1.0"?><response>' + "<a/>" * 999000 + "</response>"
    raise SystemExit(f"unknown kind {KIND}")


BODY = body().encode()


class Answer(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        b = b"" if self.path == "/" else BODY
        xml = KIND.startswith("xml") and "xml" in self.path
        self.send_response(200)
        self.send_header("Content-Type", "application/xml" if xml else "application/json")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Answer).serve_forever()
