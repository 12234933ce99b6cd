#!/usr/bin/python3
"""badipp.py: an IPP printer that misbehaves on purpose, for the tests.

Answers Get-Printer-Attributes over HTTP on ADDR:PORT; the request's path
picks what it answers (RFC 8010 encoding, written here byte by byte):

  /ipp/states     a well-formed answer with what ippeveprinter cannot be
                  made to say: printer-supply (PWG 5100.13) with its
                  descriptions, printer-state stopped with reasons,
                  printer-alert, a device ID with SERN:, no -col meters
  /ipp/uuidonly   well-formed, with no serial anywhere: only printer-uuid
  /ipp/anon*      well-formed, with neither serial nor printer-uuid
  /ipp/malformed  HTTP 200, an IPP message cut inside an attribute
  /ipp/garbage    HTTP 200, bytes that are not IPP at all
  /ipp/huge       HTTP 200, a valid start then values without end (64 MB
                  announced; stops when the client hangs up)
  /ipp/stall      reads the request, never answers (until --lifetime)
  /ipp/notfound   HTTP 404
  /ipp/ipperror   IPP status client-error-not-found
Anything else: 404.  With --silent PORT, also a TCP listener on that port
that accepts and never sends a byte (a TLS handshake there never ends).
Exits after --lifetime seconds in any case.
"""
import argparse
import http.server
import os
import socket
import socketserver
import struct
import sys
import threading
import time

T_OPER, T_PRINTER, T_END = 0x01, 0x04, 0x03
INTEGER, ENUM, OCTETS, TEXT, NAME, KEYWORD, URI = \
    0x21, 0x23, 0x30, 0x41, 0x42, 0x44, 0x45
CHARSET, LANG = 0x47, 0x48
BEGCOL, ENDCOL, MEMBER = 0x34, 0x37, 0x4A


def val(tag, v):
    if tag in (INTEGER, ENUM):
        return struct.pack(">i", v)
    return v.encode() if isinstance(v, str) else v


def attr(tag, name, *values):
    out = b""
    for i, v in enumerate(values):
        n = name.encode() if i == 0 else b""
        b = val(tag, v)
        out += struct.pack(">BH", tag, len(n)) + n + struct.pack(">H", len(b)) + b
    return out


def message(status, attrs):
    return (struct.pack(">BBHI", 2, 0, status, 1) + bytes([T_OPER]) +
            attr(CHARSET, "attributes-charset", "utf-8") +
            attr(LANG, "attributes-natural-language", "en") +
            bytes([T_PRINTER]) + attrs + bytes([T_END]))


def states():
    a = b""
    a += attr(TEXT, "printer-make-and-model", "Example LaserWriter 9000")
    a += attr(TEXT, "printer-device-id",
              "MANUFACTURER:Example;MODEL:LaserWriter 9000;SERN:EXM0042;")
    a += attr(URI, "printer-uuid",
              "urn:uuid:4d2b6b0e-6f1e-4c1a-9a3e-000000000042")
    a += attr(NAME, "printer-name", "lw9000")
    a += attr(ENUM, "printer-state", 5)
    a += attr(KEYWORD, "printer-state-reasons", "media-jam-error",
              "toner-low-warning", "cover-open")
    a += attr(TEXT, "printer-state-message", "Paper jam")
    a += attr(INTEGER, "printer-impressions-completed", 4711)
    a += attr(INTEGER, "printer-media-sheets-completed", 4000)
    a += attr(OCTETS, "printer-supply",
              "index=1;class=supplyThatIsConsumed;type=tonerCartridge;"
              "unit=percent;maxcapacity=100;level=7;colorantname=black;",
              "index=2;class=receptacleThatIsFilled;type=wasteToner;"
              "unit=percent;maxcapacity=100;level=-3;",
              "index=3;class=supplyThatIsConsumed;type=opc;"
              "unit=impressions;maxcapacity=-2;level=-2;")
    a += attr(TEXT, "printer-supply-description", "Black Cartridge 42A",
              "Waste Toner", "Drum")
    a += attr(OCTETS, "printer-alert",
              "code=jam;index=3;severity=critical;group=mediaPath;"
              "groupindex=1;location=2;time=1200;training=trained;",
              "code=1104;index=4;severity=warning;group=markerSupplies;"
              "groupindex=1;training=untrained;")
    a += attr(TEXT, "printer-alert-description", "Jam in the fuser",
              "Black toner almost empty")
    return message(0, a)


def uuidonly():
    return message(0, attr(TEXT, "printer-make-and-model", "Example Mini") +
                   attr(URI, "printer-uuid",
                        "urn:uuid:00000000-0000-4000-8000-000000000007") +
                   attr(INTEGER, "printer-impressions-completed", 7))


def anon():
    return message(0, attr(TEXT, "printer-make-and-model", "Example Anon") +
                   attr(NAME, "printer-name", "anon") +
                   attr(INTEGER, "printer-impressions-completed", 99))


class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def send(self, code, body, length=None):
        self.send_response(code)
        self.send_header("Content-Type", "application/ipp")
        self.send_header("Content-Length",
                         str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        if 0 < n < 1 << 20:
            self.rfile.read(n)
        p = self.path
        if p == "/ipp/states":
            self.send(200, states())
        elif p == "/ipp/uuidonly":
            self.send(200, uuidonly())
        elif p.startswith("/ipp/anon"):
            self.send(200, anon())
        elif p == "/ipp/malformed":
            m = states()
            self.send(200, m[:len(m) // 2] + b"\x41\x7f\xff")
        elif p == "/ipp/garbage":
            self.send(200, b"<html>not an IPP answer</html>\n" * 4)
        elif p == "/ipp/huge":
            head = message(0, b"")[:-1]
            one = attr(TEXT, "printer-info", "x" * 1000)
            self.send(200, head, 64 << 20)
            sent = len(head)
            try:
                while sent < 64 << 20:
                    self.wfile.write(one)
                    sent += len(one)
            except OSError:
                pass
            self.close_connection = True
        elif p == "/ipp/stall":
            time.sleep(args.lifetime)
        elif p == "/ipp/ipperror":
            self.send(200, message(0x0406, b""))
        else:
            self.send(404, b"")


class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


ap = argparse.ArgumentParser()
ap.add_argument("--addr", default="127.0.0.1")
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--pidfile")
ap.add_argument("--lifetime", type=float, default=120)
ap.add_argument("--dump", help="write the /ipp/states answer here, exit")
ap.add_argument("--silent", type=int, help="port that accepts, says nothing")
args = ap.parse_args()
if args.dump:
    with open(args.dump, "wb") as f:
        f.write(states())
    sys.exit(0)
if ":" in args.addr:
    S.address_family = socket.AF_INET6
srv = S((args.addr, args.port), H)
if args.silent:
    held = []
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((args.addr, args.silent))
    ls.listen(16)

    def hold():
        while len(held) < 64:
            held.append(ls.accept()[0])
    threading.Thread(target=hold, daemon=True).start()
threading.Timer(args.lifetime, lambda: os._exit(0)).start()
if args.pidfile:
    with open(args.pidfile, "w") as f:
        f.write("%d\n" % os.getpid())
srv.serve_forever()
