#!/usr/bin/python3
"""login_burst.py: many web logins at once against a real "hub serve".

    login_burst.py burst HOST PORT CAFILE N NAME BADPASS GOODNAME GOODPASS SRC
    login_burst.py seq HOST PORT CAFILE N NAME BADPASS SRC

burst: N clients, each from a loopback address of its own (SRC.1, SRC.2, ...,
so that the per-address login limit does not refuse them first), fetch
the login form, wait for one another, then all post NAME with the wrong
password BADPASS at the same moment.  One more client, from SRC.250,
posts GOODNAME with its right password GOODPASS at that moment too, and
while it is answered 503 it waits the Retry-After it is given (at most
5 s) and tries again, 20 times at most.

Prints one JSON object: "status" (answers of the N by status code),
"retry_after" (the Retry-After values of their 503s), "errors" (clients
that got no answer: reset, timeout), "good" (the right login's last
status), "good_tries", "good_session" (it was given a session cookie)
and "seconds" (the whole burst).
"""
import http.client
import json
import re
import ssl
import sys
import threading
import time
import urllib.parse

mode = sys.argv[1]
host, port, ca, n, name, bad = sys.argv[2:8]
port, n = int(port), int(n)
assert mode in ("burst", "seq") and 1 <= n <= 200
ctx = ssl.create_default_context(cafile=ca)
start = threading.Barrier(n + 1, timeout=120)
lock = threading.Lock()
out = {"status": {}, "retry_after": [], "errors": [], "busy_src": [],
       "good": None, "good_tries": 0, "good_session": False}


def conn(addr):
    return http.client.HTTPSConnection(host, port, context=ctx, timeout=90,
                                       source_address=(addr, 0))


def form(c):
    """The login form's token and its cookie (the same value)."""
    c.request("GET", "/login")
    r = c.getresponse()
    body = r.read().decode()
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', body)
    ck = [v for k, v in r.getheaders() if k.lower() == "set-cookie"
          and v.startswith("__Host-fa_login=")]
    if not m or not ck:
        raise RuntimeError("no login form (status %d)" % r.status)
    return m.group(1), ck[0].split(";")[0]


def post(c, tok, ck, who, pw):
    body = urllib.parse.urlencode({"csrf": tok, "name": who,
                                   "password": pw})
    c.request("POST", "/login", body=body, headers={
        "Cookie": ck, "Content-Type": "application/x-www-form-urlencoded"})
    r = c.getresponse()
    r.read()
    return r


def bad_client(i):
    addr = "%s.%d" % (src, i + 1)
    try:
        c = conn(addr)
        tok, ck = form(c)
    except Exception as e:  # noqa: BLE001 - every failure is reported
        start.abort()
        with lock:
            out["errors"].append("form %d: %s" % (i, e))
        return
    start.wait()
    try:
        r = post(c, tok, ck, name, bad)
        with lock:
            k = str(r.status)
            out["status"][k] = out["status"].get(k, 0) + 1
            if r.status == 503:
                out["retry_after"].append(r.getheader("Retry-After"))
                out["busy_src"].append(addr)
    except Exception as e:  # noqa: BLE001
        with lock:
            out["errors"].append("post %d: %s" % (i, e))
    c.close()


def good_client():
    addr = "%s.250" % src
    c = conn(addr)
    tok, ck = form(c)
    start.wait()
    for _ in range(20):
        out["good_tries"] += 1
        try:
            r = post(c, tok, ck, gname, gpass)
        except (http.client.HTTPException, OSError):
            c.close()
            c = conn(addr)
            tok, ck = form(c)
            continue
        out["good"] = r.status
        if r.status != 503:
            out["good_session"] = any(
                k.lower() == "set-cookie" and
                v.startswith("__Host-fa_session=") and len(v) > 30
                for k, v in r.getheaders())
            break
        try:
            wait = min(int(r.getheader("Retry-After", "1")), 5)
        except ValueError:
            wait = 1
        time.sleep(max(wait, 0.2))
    c.close()


def seq():
    c = conn("%s.1" % src)
    res = {"status": [], "retry_after": []}
    for _ in range(n):
        tok, ck = form(c)
        r = post(c, tok, ck, name, bad)
        res["status"].append(r.status)
        res["retry_after"].append(r.getheader("Retry-After"))
    c.close()
    print(json.dumps(res))


if mode == "seq":
    src = sys.argv[8]
    seq()
    sys.exit(0)
gname, gpass, src = sys.argv[8:11]
threads = [threading.Thread(target=bad_client, args=(i,)) for i in range(n)]
threads.append(threading.Thread(target=good_client))
t0 = time.monotonic()
for t in threads:
    t.start()
for t in threads:
    t.join(300)
out["seconds"] = round(time.monotonic() - t0, 2)
print(json.dumps(out, sort_keys=True))
