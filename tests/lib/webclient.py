"""webclient.py: the hub's web view ("hub serve") as the tests' scripts
read it, with Python's standard library only.

    import webclient as w          # PYTHONPATH=tests/lib
    w.setup(url, cafile)           # https://ADDR:PORT, the test CA
    op, st = w.login(name, pw)     # through the form; st 303 when in
    op, jar = w.client()           # no session yet
    st, headers, body = w.get(op, path[, data])   # body bytes; data: POST
    st, headers, text = w.get_text(op, path[, data])
    w.check(ok, name[, why])       # "ok - NAME" / "not ok - NAME (WHY)"

A client keeps its cookies and follows no redirect (a 303 is an answer);
an HTTP error status is an answer too.  w.failed is True once a check
failed.
"""
import http.cookiejar
import ssl
import sys
import urllib.error
import urllib.parse
import urllib.request

url = None
ctx = None
failed = False


def setup(base, cafile):
    global url, ctx
    url = base
    ctx = ssl.create_default_context(cafile=cafile)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def client():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=ctx),
        urllib.request.HTTPCookieProcessor(jar), NoRedirect()), jar


def get(op, path, data=None):
    try:
        with op.open(urllib.request.Request(url + path, data=data),
                     timeout=30) as f:
            return f.status, f.headers, f.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def get_text(op, path, data=None):
    st, h, body = get(op, path, data)
    return st, h, body.decode()


def login(name, pw):
    op, jar = client()
    get(op, "/login")
    tok = [c.value for c in jar if c.name == "__Host-fa_login"][0]
    st, _, _ = get(op, "/login", urllib.parse.urlencode(
        {"csrf": tok, "name": name, "password": pw}).encode())
    return op, st


def check(ok, name, why=""):
    global failed
    failed = failed or not ok
    print(("ok - " if ok else "not ok - ") + name +
          ("" if ok or not why else " (%s)" % why))
    sys.stdout.flush()
