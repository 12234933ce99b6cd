#!/usr/bin/python3
"""soapsign.py: the signed SOAP messages of docs/soap.md, written apart from
the C code (Python's cryptography for Ed25519, ElementTree for XML), for
tests that play a collector, a hub, or a man in the middle between them.

    soapsign.py hello KEYFILE FP [--skew S] [--nonce HEX] [--v1]
        [--version V] [--collector TEXT]
                            prints a Hello signed with the collector's
                            secret key file (an unsealed one), dated now + S
                            seconds; its nonce (random unless given) goes to
                            stderr as "nonce HEX"
    soapsign.py verify HUBPUB FP NONCE RESPONSE
                            checks the HelloResponse in file RESPONSE as a
                            collector would: signed by the hub key of file
                            HUBPUB for collector FP and NONCE; prints
                            "verified N commands" or "refused: WHY" (exit 1)
    soapsign.py fakehub ADDR PORT CERT KEY MODE LOG [ARG...]
                            a hub impostor on https://ADDR:PORT with a
                            certificate the collector's CA accepts; every
                            request's SOAPAction is appended to LOG. MODE:
                              unsigned HUBFP TARGET  answers Hello with the
                                real hub's fingerprint and a walk of TARGET,
                                unsigned, as a hub of protocol v1 would
                              badsig HUBFP TARGET    the same with the
                                collector and nonce echoed and a signature
                                that is 64 random bytes
                              record URL CA FILE     passes everything to the
                                real hub at URL, keeping its answer to the
                                Hello in FILE
                              replay FILE            answers Hello with FILE
                            Result and Upload are answered as accepted.
    soapsign.py catch ADDR PORT LOG
                            a UDP listener (the "arbitrary host" of a walk)
                            that appends each datagram, in hex, to LOG

Everything here runs on loopback addresses only.
"""
import argparse
import base64
import hashlib
import os
import socket
import ssl
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey, Ed25519PublicKey)

NS = "urn:fleetaudit:onsite2:v1"
ENV = "http://schemas.xmlsoap.org/soap/envelope/"
CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


def fingerprint(raw):
    """docs/keys.md: BLAKE2b-256 of the raw keys, 10 bytes, base32."""
    h = hashlib.blake2b(raw, digest_size=32).digest()[:10]
    n = int.from_bytes(h, "big")
    d = "".join(CROCKFORD[(n >> (5 * (15 - i))) & 31] for i in range(16))
    return "-".join(d[i:i + 4] for i in range(0, 16, 4))


def collector_key(path):
    """An unsealed secret key file (docs/keys.md): the seed at 52."""
    b = open(path, "rb").read()
    if len(b) != 84 or b[:16] != b"fleetaudit-sk-v1" or b[17] != 0:
        sys.exit("soapsign: %s is not an unsealed secret key" % path)
    return Ed25519PrivateKey.from_private_bytes(b[52:84])


def hub_pub(path):
    """fleetaudit-hub-v1 x25519:B64 ed25519:B64 -> (box, sign) bytes."""
    w = open(path).read().split()
    box = base64.b64decode(w[1].split(":", 1)[1])
    sign = base64.b64decode(w[2].split(":", 1)[1])
    return box, sign


def hello(argv):
    p = argparse.ArgumentParser(prog="soapsign.py hello")
    p.add_argument("key")
    p.add_argument("fp")
    p.add_argument("--skew", type=int, default=0)
    p.add_argument("--nonce", default=os.urandom(16).hex())
    p.add_argument("--v1", action="store_true")
    p.add_argument("--version", default="soapsign")
    p.add_argument("--collector")
    a = p.parse_args(argv)
    key, fp, v1, nonce, version = a.key, a.fp, a.v1, a.nonce, a.version
    t = int(time.time()) + a.skew
    collector = a.collector if a.collector is not None else fp
    if v1:
        msg = "fleetaudit-soap-v1\nHello\n%s\n%d\n%s" % (collector, t,
                                                          version)
    else:
        msg = "fleetaudit-soap-v2\nHello\n%s\n%d\n%s\n%s" % (
            collector, t, nonce, version)
    sig = collector_key(key).sign(msg.encode())
    e = ET.Element("{%s}Envelope" % ENV)
    h = ET.SubElement(ET.SubElement(e, "{%s}Body" % ENV), "{%s}Hello" % NS)
    for name, value in (("collector", collector), ("version", version),
                        ("time", str(t))) + \
            ((("nonce", nonce),) if not v1 else ()) + \
            (("signature", base64.b64encode(sig).decode()),):
        ET.SubElement(h, "{%s}%s" % (NS, name)).text = value
    sys.stdout.write(ET.tostring(e, encoding="unicode"))
    sys.stderr.write("nonce %s\n" % ("" if v1 else nonce))


def framed(v):
    v = v.encode() if isinstance(v, str) else str(v).encode()
    return str(len(v)).encode() + b":" + v + b"\n"


def answer_bytes(hub_fp, collector, nonce, hub_time, expires, cmds):
    """docs/soap.md: what the hub signs for a HelloResponse."""
    b = b"fleetaudit-soap-v2\nHelloResponse\n"
    b += framed(hub_fp) + framed(collector) + framed(nonce)
    b += framed(hub_time) + framed(expires) + framed(len(cmds))
    for i, k, a in cmds:
        b += framed(i) + framed(k) + framed(a)
    return b


def q(name):
    return "{%s}%s" % (NS, name)


def verify(argv):
    box, sign = hub_pub(argv[0])
    fp, nonce = argv[1], argv[2]
    r = ET.parse(argv[3]).getroot().find("{%s}Body" % ENV)[0]
    if r.tag != q("HelloResponse"):
        print("refused: not a HelloResponse: %s" % r.tag)
        return 1
    hub_fp = r.findtext(q("hubFingerprint"))
    if hub_fp != fingerprint(box + sign):
        print("refused: hub fingerprint %s" % hub_fp)
        return 1
    cmds = [(c.findtext(q("id")), c.findtext(q("kind")) or "",
             c.findtext(q("argument")) or "")
            for c in r.findall(q("command"))]
    sig = r.findtext(q("signature"))
    if sig is None:
        print("refused: no signature")
        return 1
    expires = int(r.findtext(q("expires")))
    m = answer_bytes(hub_fp, fp, nonce, int(r.findtext(q("hubTime"))),
                     expires, cmds)
    try:
        Ed25519PublicKey.from_public_bytes(sign).verify(
            base64.b64decode(sig), m)
    except Exception:
        print("refused: bad signature")
        return 1
    if expires < time.time():
        print("refused: expired")
        return 1
    print("verified %d commands" % len(cmds))
    return 0


def response(body_xml):
    return ('<?xml version="1.0" encoding="utf-8"?>\n<soap:Envelope '
            'xmlns:soap="%s"><soap:Body>%s</soap:Body></soap:Envelope>\n'
            % (ENV, body_xml)).encode()


def fakehub(argv):
    addr, port, cert, key, mode, log = argv[:6]
    args = argv[6:]

    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def answer(self, status, data):
            self.send_response(status)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            n = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(n)
            action = self.headers.get("SOAPAction", "").strip('"')
            op = action.rsplit("/", 1)[-1]
            with open(log, "a") as f:
                f.write(op + "\n")
            if mode == "record":
                url, ca, keep = args
                ctx = ssl.create_default_context(cafile=ca)
                rq = urllib.request.Request(url, data=body, headers={
                    "Content-Type": "text/xml; charset=utf-8",
                    "SOAPAction": self.headers.get("SOAPAction", "")})
                try:
                    with urllib.request.urlopen(rq, context=ctx) as r:
                        status, data = r.status, r.read()
                except urllib.error.HTTPError as he:
                    status, data = he.code, he.read()
                if op == "Hello":
                    open(keep, "wb").write(data)
                return self.answer(status, data)
            if op == "Result":
                return self.answer(200, response(
                    '<ResultResponse xmlns="%s"><accepted>true</accepted>'
                    '</ResultResponse>' % NS))
            if op != "Hello":
                return self.answer(500, response(
                    "<soap:Fault><faultcode>soap:Server</faultcode>"
                    "<faultstring>impostor</faultstring></soap:Fault>"))
            if mode == "replay":
                return self.answer(200, open(args[0], "rb").read())
            hub_fp, target = args
            req = ET.fromstring(body).find("{%s}Body" % ENV)[0]
            now = int(time.time())
            extra = ""
            if mode == "badsig":
                extra = ("<collector>%s</collector><nonce>%s</nonce>"
                         "<expires>%d</expires>" % (
                             req.findtext(q("collector")),
                             req.findtext(q("nonce")) or "", now + 60))
            cmds = ("<command><id>901</id><kind>walk</kind><argument>%s"
                    "</argument></command><command><id>902</id><kind>logs"
                    "</kind><argument></argument></command>" % target)
            sig = ""
            if mode == "badsig":
                sig = "<signature>%s</signature>" % base64.b64encode(
                    os.urandom(64)).decode()
            return self.answer(200, response(
                '<HelloResponse xmlns="%s"><hubTime>%d</hubTime>'
                '<hubFingerprint>%s</hubFingerprint>%s%s%s'
                '</HelloResponse>' % (NS, now, hub_fp, extra, cmds, sig)))

    srv = ThreadingHTTPServer((addr, int(port)), H)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.daemon_threads = True
    open(log, "a").close()
    srv.serve_forever()


def catch(argv):
    addr, port, log = argv
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, int(port)))
    open(log, "a").close()
    end = time.time() + 280
    while time.time() < end:
        s.settimeout(max(0.1, end - time.time()))
        try:
            d, _ = s.recvfrom(65536)
        except socket.timeout:
            break
        with open(log, "a") as f:
            f.write(d.hex() + "\n")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd, argv = sys.argv[1], sys.argv[2:]
    if cmd == "hello":
        return hello(argv)
    if cmd == "verify":
        return verify(argv)
    if cmd == "fakehub":
        return fakehub(argv)
    if cmd == "catch":
        return catch(argv)
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
