# hostile.py: hostile clients of "hub serve" for tests/cli/t6050-hub-hostile.sh
# (loopback only; every loop bounded in count and time), with legitimate
# clients beside them that count what the hub still answers.
#
#   hostile.py COMMON MODE ARGS
#   COMMON: --hub ADDR --port PORT --ca CAFILE --src ADDR (the attacker's
#           source address) --legit ADDR (the legitimate clients')
#           [--user NAME --password-file FILE] (a web login to try)
#   amplify --n N --size BYTES [--sign "TOOL KEYFILE FP"]
#       N Uploads at once whose bundle element holds BYTES of "<a/>";
#       with --sign, each carries a trusted collector's signed headers
#       (tests/tools/upload_sign).  Prints "amplify I STATUS" per Upload.
#   slowloris --n N --interval S --duration S
#       N TLS connections that send a request's headers one line every S
#       seconds; meanwhile the legitimate clients say Hello and log in.
#       [--trickle N --trickle-src ADDR]: N more that send whole
#       headers, then their body one byte every S seconds.
#       Prints "slowloris opened A refused B closed_by_hub C", "trickle
#       opened A closed_by_hub C" and "legit served N failed M".
#   hold --n N --size BYTES --duration S [--sign ...]
#       N Uploads announcing BYTES that send all but the last byte, then
#       hold; meanwhile the legitimate clients as above.  Prints
#       "hold I STATUS" per Upload, then "legit ...".
import argparse
import http.client
import re
import socket
import ssl
import subprocess
import threading
import time
import urllib.parse

PATH = "/WebServices/Onsite2Service.asmx"
NS = "urn:fleetaudit:onsite2:v1"
ENV_OPEN = ('<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.'
            'xmlsoap.org/soap/envelope/"><s:Body><Upload xmlns="' + NS +
            '"><bundle>')
ENV_CLOSE = "</bundle></Upload></s:Body></s:Envelope>"
HELLO = ('<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.'
         'org/soap/envelope/"><s:Body><Hello xmlns="' + NS + '"><collector>'
         't8w3-1kcm-9y3r-ys7j</collector><version>probe</version><time>0'
         '</time><signature>' + "A" * 86 + '==</signature></Hello></s:Body>'
         '</s:Envelope>')

a = None
ctx = None


def tls(src, timeout=30):
    s = socket.create_connection((a.hub, a.port), timeout=timeout,
                                 source_address=(src, 0))
    return ctx.wrap_socket(s, server_hostname=a.hub)


def status_of(s):
    """The status code of the answer on s, or 'closed'."""
    buf = b""
    try:
        while b"\r\n" not in buf and len(buf) < 4096:
            d = s.recv(4096)
            if not d:
                break
            buf += d
    except (OSError, ssl.SSLError):
        pass
    m = re.match(rb"HTTP/1\.[01] (\d+)", buf)
    return m.group(1).decode() if m else "closed"


def signed(length):
    if not a.sign:
        return ""
    out = subprocess.run(a.sign.split() + [str(length)], check=True,
                         capture_output=True, text=True).stdout
    return out.replace("\n", "\r\n")


def upload_head(length):
    return ("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: text/xml\r\n"
            "SOAPAction: \"%s/Upload\"\r\nContent-Length: %d\r\n%s\r\n" %
            (PATH, a.hub, NS, length, signed(length))).encode()


def amplify_one(i, size, res):
    body = (ENV_OPEN + "<a/>" * (size // 4) + ENV_CLOSE).encode()
    try:
        s = tls(a.src, timeout=120)
    except (OSError, ssl.SSLError) as e:
        res[i] = "closed (%s)" % type(e).__name__
        return
    try:
        s.sendall(upload_head(len(body)))
        view = memoryview(body)
        for off in range(0, len(body), 1 << 20):
            s.sendall(view[off:off + (1 << 20)])
    except (OSError, ssl.SSLError):
        pass  # refused early: the answer may be waiting
    res[i] = status_of(s)
    s.close()


def legit_loop(stop, counts):
    """Hello and a web login, over and over, until stop; counts served and
    failed (a failure: no answer, or 503)."""
    deadline = time.time() + 120
    while not stop.is_set() and time.time() < deadline:
        for probe in (hello, login):
            try:
                ok = probe()
            except (OSError, ssl.SSLError, http.client.HTTPException):
                ok = False
            counts["served" if ok else "failed"] += 1
        time.sleep(0.2)


def conn():
    return http.client.HTTPSConnection(a.hub, a.port, context=ctx, timeout=20,
                                       source_address=(a.legit, 0))


def hello():
    c = conn()
    c.request("POST", PATH, HELLO, {"Content-Type": "text/xml",
                                    "SOAPAction": '"%s/Hello"' % NS})
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status in (200, 500) and (b"Fault>" in body or
                                       b"HelloResponse" in body)


def login():
    if not a.user:
        c = conn()
        c.request("GET", "/login")
        r = c.getresponse()
        r.read()
        c.close()
        return r.status == 200
    c = conn()
    c.request("GET", "/login")
    r = c.getresponse()
    page = r.read().decode("utf-8", "replace")
    cookie = None
    for k, v in r.getheaders():
        if k.lower() == "set-cookie" and v.startswith("__Host-fa_login="):
            cookie = v.split(";")[0]
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    if r.status != 200 or not cookie or not m:
        c.close()
        return False
    pw = open(a.password_file).read().strip()
    form = urllib.parse.urlencode({"csrf": m.group(1), "name": a.user,
                                   "password": pw})
    c.request("POST", "/login", form, {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie})
    r = c.getresponse()
    r.read()
    c.close()
    return r.status == 303


def with_legit(fn):
    counts = {"served": 0, "failed": 0}
    stop = threading.Event()
    t = threading.Thread(target=legit_loop, args=(stop, counts))
    t.start()
    try:
        fn()
    finally:
        stop.set()
        t.join()
    print("legit served %d failed %d" % (counts["served"], counts["failed"]),
          flush=True)


def amplify():
    res = {}
    th = [threading.Thread(target=amplify_one, args=(i, a.size, res))
          for i in range(a.n)]
    for t in th:
        t.start()
    for t in th:
        t.join()
    for i in range(a.n):
        print("amplify %d %s" % (i, res.get(i)), flush=True)


def slowloris():
    socks, refused = [], 0
    for i in range(a.n):
        try:
            s = tls(a.src, timeout=10)
            s.sendall(("POST %s HTTP/1.1\r\nHost: %s\r\n" %
                       (PATH, a.hub)).encode())
            s.setblocking(False)
            socks.append(s)
        except (OSError, ssl.SSLError):
            refused += 1
    trickle = len(socks)
    for i in range(a.trickle):
        # whole headers, then a body one byte an interval
        try:
            s = tls(a.trickle_src, timeout=10)
            s.sendall(("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: "
                       "text/xml\r\nSOAPAction: \"%s/Hello\"\r\n"
                       "Content-Length: 60000\r\n\r\n<" %
                       (PATH, a.hub, NS)).encode())
            s.setblocking(False)
            socks.append(s)
        except (OSError, ssl.SSLError):
            pass
    closed = set()
    end = time.time() + a.duration
    nxt = 0
    while time.time() < end and len(closed) < len(socks):
        if time.time() >= nxt:
            nxt = time.time() + a.interval
            for i, s in enumerate(socks):
                if i in closed:
                    continue
                try:
                    s.send(b"X-Slow: %d\r\n" % i if i < trickle else b"a")
                except ssl.SSLWantWriteError:
                    pass
                except (OSError, ssl.SSLError):
                    closed.add(i)
        for i, s in enumerate(socks):
            if i in closed:
                continue
            try:
                if s.recv(1024) == b"":
                    closed.add(i)
            except (ssl.SSLWantReadError, BlockingIOError):
                pass
            except (OSError, ssl.SSLError):
                closed.add(i)
        time.sleep(0.2)
    for s in socks:
        s.close()
    print("slowloris opened %d refused %d closed_by_hub %d" %
          (trickle, refused, len([i for i in closed if i < trickle])),
          flush=True)
    print("trickle opened %d closed_by_hub %d" %
          (len(socks) - trickle, len([i for i in closed if i >= trickle])),
          flush=True)


def hold_one(i, res, stop):
    try:
        s = tls(a.src, timeout=60)
    except (OSError, ssl.SSLError) as e:
        res[i] = "closed (%s)" % type(e).__name__
        return
    try:
        s.sendall(upload_head(a.size))
        chunk = (ENV_OPEN + "A" * (1 << 20)).encode()[:1 << 20]
        left = a.size - 1
        while left > 0 and not stop.is_set():
            n = min(left, len(chunk))
            s.sendall(chunk[:n])
            chunk = b"A" * (1 << 20)
            left -= n
    except (OSError, ssl.SSLError):
        pass  # refused early: the answer may be waiting
    s.settimeout(max(1, a.duration))
    res[i] = status_of(s)
    s.close()


def hold():
    res = {}
    stop = threading.Event()
    th = [threading.Thread(target=hold_one, args=(i, res, stop))
          for i in range(a.n)]

    def run():
        for t in th:
            t.start()
        time.sleep(a.duration)
        stop.set()
    with_legit(run)
    for t in th:
        t.join()
    for i in range(a.n):
        print("hold %d %s" % (i, res.get(i)), flush=True)


def main():
    global a, ctx
    p = argparse.ArgumentParser()
    p.add_argument("--hub", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--ca", required=True)
    p.add_argument("--src", required=True)
    p.add_argument("--legit", required=True)
    p.add_argument("--user")
    p.add_argument("--password-file")
    p.add_argument("--sign")
    p.add_argument("mode", choices=["amplify", "slowloris", "hold"])
    p.add_argument("--n", type=int, default=4)
    p.add_argument("--trickle", type=int, default=0)
    p.add_argument("--trickle-src")
    p.add_argument("--size", type=int, default=16 << 20)
    p.add_argument("--interval", type=float, default=2)
    p.add_argument("--duration", type=float, default=20)
    a = p.parse_args()
    a.n = min(a.n, 256)
    a.trickle = min(a.trickle, 32)
    a.duration = min(a.duration, 90)
    ctx = ssl.create_default_context(cafile=a.ca)
    if a.mode == "amplify":
        amplify()
    elif a.mode == "slowloris":
        with_legit(slowloris)
    else:
        hold()


main()
