#!/usr/bin/python3
"""ews.py: a printer's embedded web server, for the device-link tests
(tests/cli/t5400-rdl.sh, tests/bench/rdl.sh).

Pages with root-absolute links (/status, /login), a login form that sets
a cookie, a settings form behind it, a redirect to the device itself by
absolute URL (made relative by the collector) and one to another host
(refused by the hub), and a large download of a known pattern; for
tests/cli/t5402-rdl-stream.sh, a download of any size written as it is
made (/huge?mib=N, with a length or in chunks), one that waits between
its two halves (/slow), a form that checks Origin and Referer as some
devices do (/strict), and a page the plain-HTTP server sends to https on
the device itself (/secure; with --cert and --key the server speaks
HTTPS).  Every
request is appended to --log as "METHOD PATH", so a test can tell what
reached the device.
"""
import argparse
import hashlib
import http.server
import socketserver
import sys
import time
import urllib.parse

a = argparse.ArgumentParser()
a.add_argument("--addr", required=True)
a.add_argument("--port", type=int, default=80)
a.add_argument("--log", required=True)
a.add_argument("--big", type=int, default=8 * 1024 * 1024)
a.add_argument("--cert")        # with --key: HTTPS (a self-signed one)
a.add_argument("--key")
args = a.parse_args()

BIG = (hashlib.sha256(b"fleetaudit").digest() * (args.big // 32 + 1))[:args.big]
SESSIONS = {}


class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body leave in one write (flushed after each request),
    # so no Nagle / delayed-ACK wait sits between them
    wbufsize = 1 << 16

    def log_message(self, *a):
        pass

    def note(self):
        with open(args.log, "a") as f:
            f.write("%s %s %s\n" % (self.command, self.path,
                                    self.headers.get("Host", "-")))

    def send(self, code, body, ctype="text/html; charset=utf-8", extra=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def page(self, title, inner, extra=()):
        self.send(200, "<!DOCTYPE html><html><head><title>%s</title></head>"
                  "<body><h1 id=\"title\">%s</h1>%s<p><a id=\"home\" "
                  "href=\"/\">Home</a></p></body></html>" %
                  (title, title, inner), extra=extra)

    def user(self):
        for part in self.headers.get("Cookie", "").split(";"):
            k, _, v = part.strip().partition("=")
            if k == "ewssid" and v in SESSIONS:
                return SESSIONS[v]
        return None

    def form(self):
        n = int(self.headers.get("Content-Length", "0"))
        return urllib.parse.parse_qs(self.rfile.read(n).decode())

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self.note()
        p = urllib.parse.urlparse(self.path)
        if p.path == "/":
            self.page("Printer EWS",
                      "<p>Model: Test MFP</p><p><a id=\"status\" "
                      "href=\"/status\">Status</a> <a id=\"login\" "
                      "href=\"/login\">Log in</a></p>")
        elif p.path == "/status":
            q = urllib.parse.parse_qs(p.query)
            self.page("Status", "<p id=\"state\">Ready</p><p id=\"q\">%s"
                      "</p>" % ",".join(q.get("x", [])))
        elif p.path == "/login":
            self.page("Log in", "<form method=\"post\" action=\"/login\">"
                      "<input id=\"user\" name=\"user\"><input id=\"pass\" "
                      "name=\"pass\" type=\"password\"><button id=\"go\" "
                      "type=\"submit\">Log in</button></form>")
        elif p.path == "/settings":
            u = self.user()
            if u is None:
                self.send(303, "", extra=[("Location", "/login")])
                return
            self.page("Settings", "<p id=\"who\">Logged in as %s</p>"
                      "<form method=\"post\" action=\"/settings\"><input "
                      "id=\"name\" name=\"name\"><button id=\"save\" "
                      "type=\"submit\">Save</button></form>" % u)
        elif p.path == "/away":
            self.send(302, "", extra=[("Location",
                                       "http://127.77.54.9/evil")])
        elif p.path == "/big":
            self.send(200, BIG, "application/octet-stream")
        elif p.path == "/huge":
            q = urllib.parse.parse_qs(p.query)
            self.huge(int(q.get("mib", ["1"])[0]), "chunked" in q)
        elif p.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "8192")
            self.end_headers()
            self.wfile.write(b"a" * 4096)
            self.wfile.flush()
            time.sleep(3)
            self.wfile.write(b"b" * 4096)
        elif p.path == "/secure":
            # an EWS that wants https: http sends there, on itself
            if args.cert:
                self.page("Secure", "<p id=\"tls\">over https</p>")
            else:
                self.send(301, "", extra=[("Location", "https://%s/secure" %
                                           args.addr)])
        elif p.path == "/strict":
            self.page("Strict", "<form method=\"post\" action=\"/strict\">"
                      "<button id=\"send\" type=\"submit\">Send</button>"
                      "</form>")
        else:
            self.send(404, "not here")

    def huge(self, mib, chunked):
        """mib MiB of the /big pattern, written 64 KiB at a time."""
        piece = (BIG * (65536 // len(BIG) + 1))[:65536] if len(BIG) < 65536 \
            else BIG[:65536]
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(mib << 20))
        self.end_headers()
        if self.command == "HEAD":
            return
        try:
            for _ in range(mib * 16):
                if chunked:
                    self.wfile.write(b"10000\r\n" + piece + b"\r\n")
                else:
                    self.wfile.write(piece)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_POST(self):
        self.note()
        f = self.form()
        if self.path == "/strict":
            # as a device that refuses a post from another origin
            me = "http://%s" % args.addr
            o = self.headers.get("Origin", "")
            r = self.headers.get("Referer", "")
            if o == me and r.startswith(me + "/"):
                self.page("Accepted", "<p id=\"ok\">accepted</p>")
            else:
                self.send(403, "refused: Origin %r Referer %r" % (o, r))
            return
        if self.path == "/login":
            if f.get("user") == ["admin"] and f.get("pass") == ["secret"]:
                sid = hashlib.sha256(str(len(SESSIONS)).encode()).hexdigest()
                SESSIONS[sid] = "admin"
                # An absolute URL on the device itself: the collector
                # makes it relative to the session's origin.
                self.send(303, "", extra=[
                    ("Location", "http://%s/settings" % args.addr),
                    ("Set-Cookie", "ewssid=%s; Path=/; HttpOnly; "
                     "Domain=%s" % (sid, args.addr))])
            else:
                self.page("Log in", "<p id=\"bad\">Wrong password</p>")
        elif self.path == "/settings":
            if self.user() is None:
                self.send(403, "log in first")
                return
            self.page("Saved", "<p id=\"saved\">Saved: %s</p>" %
                      ",".join(f.get("name", [])))
        else:
            self.send(404, "not here")


class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


srv = S((args.addr, args.port), H)
if args.cert:
    import ssl
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
srv.serve_forever()
