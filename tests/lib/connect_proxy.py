#!/usr/bin/python3
"""connect_proxy.py: an HTTP proxy that only tunnels (CONNECT), as a site's
outbound proxy for HTTPS (tests/cli/t5402-rdl-stream.sh).  Each tunnel
opened is appended to --log as "CONNECT HOST:PORT"; anything but CONNECT
gets 405.
"""
import argparse
import select
import socket
import socketserver

a = argparse.ArgumentParser()
a.add_argument("--addr", required=True)
a.add_argument("--port", type=int, required=True)
a.add_argument("--log", required=True)
args = a.parse_args()


class H(socketserver.BaseRequestHandler):
    def handle(self):
        c = self.request
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 8192:
            d = c.recv(4096)
            if not d:
                return
            head += d
        line = head.split(b"\r\n", 1)[0].decode("latin-1").split()
        if len(line) < 2 or line[0] != "CONNECT":
            c.sendall(b"HTTP/1.1 405 CONNECT only\r\nContent-Length: 0\r\n"
                      b"\r\n")
            return
        host, _, port = line[1].rpartition(":")
        with open(args.log, "a") as f:
            f.write("CONNECT %s\n" % line[1])
        try:
            u = socket.create_connection((host.strip("[]"), int(port)), 10)
        except OSError:
            c.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        c.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        rest = head.split(b"\r\n\r\n", 1)[1]
        if rest:
            u.sendall(rest)
        socks = [c, u]
        while True:
            r, _, _ = select.select(socks, [], [], 300)
            if not r:
                break
            for s in r:
                d = s.recv(65536)
                if not d:
                    u.close()
                    return
                (u if s is c else c).sendall(d)


class S(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


S((args.addr, args.port), H).serve_forever()
