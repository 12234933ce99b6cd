#!/usr/bin/env python3
"""notify_recv.py: the receiving ends of the hub's notifications for the
tests (tests/cli/t5300-hub-notify.sh), on loopback only.

  notify_recv.py smtp ADDR PORT CERT KEY DIR
      an SMTP server (aiosmtpd) that requires STARTTLS before MAIL; each
      message goes to DIR/mail-N.eml, its envelope to DIR/mail-N.json
  notify_recv.py smtp-plain ADDR PORT CERT KEY DIR
      the same without TLS: it offers no STARTTLS (the hub must refuse
      to send there)
  notify_recv.py https ADDR PORT CERT KEY DIR
      an HTTPS server (http.server over ssl); each POST's body goes to
      DIR/hook-N.body, its path and headers to DIR/hook-N.json

Each writes DIR/ready once listening and stops by itself after 600 s.
"""
import json
import os
import ssl
import sys
import threading
import time

LIFETIME = 600
BODY_MAX = 1 << 20


def next_name(d, prefix):
    n = 1
    while os.path.exists(os.path.join(d, "%s-%d.json" % (prefix, n))):
        n += 1
    return os.path.join(d, "%s-%d" % (prefix, n))


def smtp(addr, port, cert, key, d, tls=True):
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            base = next_name(d, "mail")
            with open(base + ".eml", "wb") as f:
                f.write(envelope.original_content or envelope.content)
            with open(base + ".json.tmp", "w") as f:
                json.dump({"from": envelope.mail_from,
                           "to": envelope.rcpt_tos,
                           "tls": session.ssl is not None}, f)
            os.rename(base + ".json.tmp", base + ".json")
            return "250 OK"

    if tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(cert, key)
        c = Controller(Handler(), hostname=addr, port=port, tls_context=ctx,
                       require_starttls=True)
    else:
        c = Controller(Handler(), hostname=addr, port=port)
    c.start()
    open(os.path.join(d, "ready"), "w").close()
    time.sleep(LIFETIME)
    c.stop()


def https(addr, port, cert, key, d):
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class H(BaseHTTPRequestHandler):
        def do_POST(self):
            n = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(min(n, BODY_MAX))
            base = next_name(d, "hook")
            with open(base + ".body", "wb") as f:
                f.write(body)
            with open(base + ".json.tmp", "w") as f:
                json.dump({"path": self.path,
                           "headers": dict(self.headers.items())}, f)
            os.rename(base + ".json.tmp", base + ".json")
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *a):
            pass

    srv = HTTPServer((addr, port), H)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    threading.Timer(LIFETIME, srv.shutdown).start()
    open(os.path.join(d, "ready"), "w").close()
    srv.serve_forever()


if __name__ == "__main__":
    kind, addr, port, cert, key, d = sys.argv[1:7]
    if kind == "smtp-plain":
        smtp(addr, int(port), cert, key, d, tls=False)
    else:
        {"smtp": smtp, "https": https}[kind](addr, int(port), cert, key, d)
