#!/usr/bin/python3
"""web_check.py: the hub's web view seen by a browser (tests/cli/t7000-web.sh).

Headless Chromium (Debian's, through chromedriver and selenium 4) trusts
only the hub's key (--ignore-certificate-errors-spki-list with its SPKI
pin); urllib, with the test CA, checks what a browser does not show:
status codes, headers, forms sent without their CSRF token.  Prints one
"ok - ..." or "not ok - ..." line per check; exits 1 when one failed.

Order matters: the login limit is checked last, since it then slows
logins from this address.  Its checks come from other loopback source
addresses too (--src-net), as other clients would.
"""
import argparse
import concurrent.futures
import http.client
import http.cookiejar
import os
import re
import shutil
import sqlite3
import ssl
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import openpyxl
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

SESSION = "__Host-fa_session"
LOGIN = "__Host-fa_login"
failed = False


def ok(cond, name, why=""):
    global failed
    if cond:
        print("ok - " + name)
    else:
        failed = True
        print("not ok - " + name + (" (" + why + ")" if why else ""))
    sys.stdout.flush()


a = argparse.ArgumentParser()
a.add_argument("--url", required=True)
a.add_argument("--ca", required=True)
a.add_argument("--pin", required=True)
a.add_argument("--db", required=True)
a.add_argument("--artefacts", required=True)
a.add_argument("--fixture-device", required=True)
a.add_argument("--hp-device", required=True)
a.add_argument("--admin", required=True)
a.add_argument("--user", required=True)
a.add_argument("--src-net", required=True,
               help="a loopback /24 prefix (A.B.C) for other clients")
args = a.parse_args()
URL = args.url
ADMIN = args.admin.split(":", 1)
USER = args.user.split(":", 1)
ctx = ssl.create_default_context(cafile=args.ca)


# ---- urllib: a client that sees status codes and headers ----
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


class SrcHTTPS(urllib.request.HTTPSHandler):
    """HTTPS from a source address of our choice (another client)."""

    def __init__(self, src):
        super().__init__(context=ctx)
        self.src = src

    def https_open(self, r):
        src = self.src

        def conn(host, **kw):
            return http.client.HTTPSConnection(host, source_address=(src, 0),
                                               **kw)
        return self.do_open(conn, r, context=ctx)


def client(src=None):
    jar = http.cookiejar.CookieJar()
    op = urllib.request.build_opener(
        SrcHTTPS(src) if src else urllib.request.HTTPSHandler(context=ctx),
        urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    return op, jar


def req(op, path, data=None, headers=None):
    """(status, headers, body) of one request."""
    r = urllib.request.Request(URL + path, data=data, headers=headers or {})
    try:
        with op.open(r, timeout=30) as f:
            return f.status, f.headers, f.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def cookie(jar, name):
    for c in jar:
        if c.name == name:
            return c.value
    return None


class store:
    """The hub store, SQLite (a file) or PostgreSQL (a URL), writable
    (tests/lib/hubconn.py's is read-only), each statement committed."""

    def __init__(self, where):
        if where.startswith(("postgresql://", "postgres://")):
            import psycopg2
            self.conn = psycopg2.connect(where)
            self.conn.set_session(autocommit=True)
            self.pg = True
        else:
            self.conn = sqlite3.connect(where, isolation_level=None)
            self.pg = False

    def execute(self, sql):
        cur = self.conn.cursor()
        cur.execute(sql)
        return cur


def http_login(name, password, src=None):
    """A client logged in (or not): (opener, jar, status of the POST)."""
    op, jar = client(src)
    req(op, "/login")
    tok = cookie(jar, LOGIN)
    body = urllib.parse.urlencode({"csrf": tok or "", "name": name,
                                   "password": password}).encode()
    st, h, _ = req(op, "/login", body)
    return op, jar, st


# ---- the browser ----
def browser():
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    o.add_argument("--headless=new")
    o.add_argument("--no-sandbox")
    o.add_argument("--disable-dev-shm-usage")
    o.add_argument("--user-data-dir=" + tempfile.mkdtemp(prefix="chr-"))
    o.add_argument("--ignore-certificate-errors-spki-list=" + args.pin)
    o.add_argument("--window-size=1280,1000")
    o.add_experimental_option("prefs", {
        "download.default_directory": DOWNLOADS,
        "download.prompt_for_download": False,
    })
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"),
                            options=o)


def shot(d, name, full=True):
    if full:
        h = d.execute_script("return document.documentElement.scrollHeight")
        w = d.get_window_size()["width"]
        d.set_window_size(w, min(max(h, 600), 6000))
    d.save_screenshot(os.path.join(args.artefacts, name + ".png"))


def click_to(d, el, path):
    """Clicks el and waits (up to 10 s) for the page at path."""
    el.click()
    try:
        WebDriverWait(d, 10).until(lambda x: x.current_url == URL + path)
    except Exception:
        pass


def login(d, who):
    d.get(URL + "/login")
    d.find_element(By.NAME, "name").send_keys(who[0])
    d.find_element(By.NAME, "password").send_keys(who[1])
    click_to(d, d.find_element(By.CSS_SELECTOR, "form.login button"),
             "/accounts")


def text(d):
    return d.find_element(By.TAG_NAME, "body").text


def wait_file(path, secs=20):
    for _ in range(secs * 10):
        if os.path.exists(path) and os.path.getsize(path) > 0:
            return True
        time.sleep(0.1)
    return False


DOWNLOADS = tempfile.mkdtemp(prefix="dl-")
os.makedirs(args.artefacts, exist_ok=True)
d = browser()
try:
    # ---- login page ----
    d.get(URL + "/")
    ok(d.current_url == URL + "/login", "not logged in: / leads to /login",
       d.current_url)
    ok(d.find_elements(By.CSS_SELECTOR, "form.login input[type=hidden]"
                       "[name=csrf]") != [],
       "the login form carries a CSRF token")
    shot(d, "login", False)

    # ---- dealer admin ----
    login(d, ADMIN)
    ok(d.current_url == URL + "/accounts", "admin logs in, lands on "
       "/accounts", d.current_url)
    c = d.get_cookie(SESSION)
    ok(c is not None and c.get("httpOnly") and c.get("secure") and
       c.get("sameSite") == "Strict" and c.get("path") == "/",
       "session cookie HttpOnly, Secure, SameSite=Strict, Path=/", repr(c))
    links = [e.text for e in d.find_elements(By.CSS_SELECTOR,
                                             "td:first-child a")]
    ok(links == ["acme", "big", "fixture"], "admin sees every account",
       repr(links))
    shot(d, "accounts", False)

    t0 = time.monotonic()
    d.get(URL + "/accounts/acme")
    ms = (time.monotonic() - t0) * 1000
    body = text(d)
    ok("PHBFA00101" in body and "XFA07070B" in body,
       "account page lists device serials")
    ok("Toner is empty. Replace the cartridge (Canon 057 Black)." in body,
       "account page shows a current alert's text")
    ok(re.search(r"TK-5240C\s+8%", body) is not None,
       "account page: a supply running out with its level (TK-5240C 8%)")
    ok(re.search(r"Canon Cartridge 057 Black\s+0%", body) is not None,
       "account page: the supplies of the newest scan that read them (Canon"
       " 0%), though a newer scan read the errors alone")
    ok("11 devices" in body and "page 1 of 1" in body,
       "account page: device count and pager")
    print("# account page acme in the browser: %.0f ms" % ms)
    shot(d, "account")

    # the device with "<script>" in its location
    d.get(URL + "/devices/" + args.hp_device)
    body = text(d)
    ok("<script>alert(1)</script> room <b>7</b>" in body,
       "a device value holding <script> and <b> shows as text")
    ok(d.find_elements(By.TAG_NAME, "script") == [] and
       d.find_elements(By.CSS_SELECTOR, "dd b") == [],
       "no script or b element came from the device's value")
    ok("49713" in body or "49,713" in body,
       "device page: the meter read in the second assessment")
    ok(re.search(r"\b58%", body) is not None,
       "device page: the supplies of the newest scan that read them (58%),"
       " though a newer scan read the errors alone")

    d.set_window_size(1280, 1000)
    d.get(URL + "/devices/" + args.fixture_device)
    body = text(d)
    svg = d.find_elements(By.CSS_SELECTOR, "svg.chart polyline.line")
    pts = svg[0].get_attribute("points").split() if svg else []
    ok(len(svg) >= 1 and len(pts) >= 10,
       "device page: meter history chart (inline SVG, %d points)" % len(pts))
    ok("FIXA1" in body and "Black Cartridge HP 59A" in body and
       "45%" in body, "device page: serial, supply and its level")
    # the report's 90 days from the last read (March 2026) are past:
    # judged today, as the report judges at its end, it is overdue
    ok(re.search(r"CF259A\s+overdue\b", body) is not None,
       "device page: days to empty judged today (the report's 90: overdue)")
    shot(d, "device")

    # phone width: nothing wider than the screen but the table boxes
    d.set_window_size(390, 844)
    d.get(URL + "/accounts/acme")
    over = d.execute_script(
        "return document.documentElement.scrollWidth - window.innerWidth")
    ok(over <= 0, "account page fits a phone's width (390 px)",
       "%d px too wide" % over)
    ok(d.find_elements(By.CSS_SELECTOR, "meta[name=viewport]") != [],
       "pages have a viewport meta")
    shot(d, "account-phone")
    d.set_window_size(1280, 1000)

    # the report downloads, in the browser
    d.get(URL + "/accounts/acme")
    d.find_element(By.LINK_TEXT, "xlsx").click()
    d.find_element(By.LINK_TEXT, "HTML").click()
    day = time.strftime("%Y-%m-%d", time.gmtime())
    x = os.path.join(DOWNLOADS, "fleetaudit-acme-%s.xlsx" % day)
    h = os.path.join(DOWNLOADS, "fleetaudit-acme-%s.html" % day)
    got = wait_file(x) and wait_file(h)
    ok(got, "report downloads (xlsx and HTML) arrive", repr(
        os.listdir(DOWNLOADS)))
    if got:
        time.sleep(0.5)
        wb = openpyxl.load_workbook(x)
        cells = [str(v) for ws in wb for row in ws.iter_rows(values_only=True)
                 for v in row if v is not None]
        ok("Devices" in wb.sheetnames and "PHBFA00101" in cells and
           "hub account acme" in cells,
           "the xlsx report opens with openpyxl: its devices and source")
        html = open(h, encoding="utf-8").read()
        ok("Print fleet assessment" in html and "hub account acme" in html
           and "PHBFA00101" in html, "the HTML report has the account's "
           "devices")
        shutil.copy(x, os.path.join(args.artefacts, "report-acme.xlsx"))

    # logout
    click_to(d, d.find_element(By.CSS_SELECTOR, "header form button"),
             "/login")
    ok(d.current_url == URL + "/login", "logout leads to /login",
       d.current_url)
    d.get(URL + "/accounts")
    ok(d.current_url == URL + "/login", "after logout, pages lead to /login")
    ok(d.get_cookie(SESSION) is None, "logout removed the session cookie")

    # ---- account user ----
    login(d, USER)
    links = [e.text for e in d.find_elements(By.CSS_SELECTOR,
                                             "td:first-child a")]
    ok(links == ["acme"], "account user sees only its account", repr(links))
    d.get(URL + "/accounts/fixture")
    theirs = d.page_source
    d.get(URL + "/accounts/no-such-account")
    none = d.page_source
    ok("Not found" in theirs and theirs == none,
       "another account's page: the same Not found page as none")
    d.get(URL + "/devices/" + args.fixture_device)
    theirs = d.page_source
    d.get(URL + "/devices/999999")
    ok("FIXA1" not in theirs and theirs == d.page_source,
       "another account's device: the same Not found page as none")
    d.get(URL + "/devices/" + args.hp_device)
    ok("PHBFA00101" in text(d), "account user opens its own device")
finally:
    d.quit()

# ---- status codes and headers ----
op, jar, st = http_login(*USER)
ok(st == 303, "login over urllib (303)", str(st))
for path in ("/accounts/fixture", "/accounts/fixture/report.xlsx",
             "/accounts/fixture/report.html",
             "/devices/" + args.fixture_device):
    st, h, _ = req(op, path)
    ok(st == 404, "account user: %s is 404" % path, str(st))
st, h, body = req(op, "/accounts/acme")
ok(st == 200, "account user: its account is 200", str(st))
want = {"Content-Security-Policy": "default-src 'none'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cache-Control": "no-store"}
bad = [k for k, v in want.items() if v not in (h.get(k) or "")]
ok(not bad, "security headers on an authenticated page", repr(bad))
ok(b"<script" not in body and b"http://" not in body and
   b"https://" not in body and b" src=" not in body,
   "no script and no external load in the page")
n, t = 20, time.monotonic()
for _ in range(n):
    req(op, "/accounts/acme")
print("# account page acme over HTTPS: %.1f ms (mean of %d)" %
      ((time.monotonic() - t) * 1000 / n, n))
st, h, _ = req(op, "/accounts/acme?page=x")
ok(st == 400, "a bad page number is 400", str(st))
st, h, _ = req(op, "/login", b"x" * 20000)
ok(st == 413, "a form over 16 KiB: 413", str(st))

# the pager, and the time of an account of 10,000 devices
opb, jarb, st = http_login(*ADMIN)
pages = {}
for pg in ("", "?page=2", "?page=100", "?page=101"):
    n, t = 5, time.monotonic()
    for _ in range(n):
        st, h, body = req(opb, "/accounts/big" + pg)
    ms = (time.monotonic() - t) * 1000 / n
    pages[pg] = (st, body.decode(), ms)
    print("# account page big%s (10,000 devices): %.0f ms (mean of %d)" %
          (pg, ms, n))
b1, b2, b100, b101 = (pages[k][1] for k in ("", "?page=2", "?page=100",
                                             "?page=101"))
ok("1 to 100 of 10,000" in b1 and "page 1 of 100" in b1 and
   'rel="next"' in b1 and 'rel="prev"' not in b1 and
   b1.count('href="/devices/') >= 100,
   "account of 10,000 devices: page 1 shows 100 and a Next link")
ok("101 to 200 of 10,000" in b2 and 'rel="prev"' in b2,
   "page 2: devices 101 to 200, Previous and Next")
ok("9,901 to 10,000 of 10,000" in b100 and 'rel="next"' not in b100,
   "page 100: the last devices, no Next")
ok(pages["?page=101"][0] == 200 and "No device on this page" in b101,
   "past the last page: no device, not an error")
worst = max(p[2] for p in pages.values())
ok(worst < 1000, "every page of the 10,000-device account under 1 s",
   "%.0f ms" % worst)

# CSRF
st, h, _ = req(op, "/logout", b"")
ok(st == 403, "logout without the CSRF token: 403", str(st))
st, h, _ = req(op, "/logout", b"csrf=" + b"0" * 64)
ok(st == 403, "logout with a wrong CSRF token: 403", str(st))
st, h, _ = req(op, "/accounts/acme")
ok(st == 200, "the session survives refused forms", str(st))
op2, jar2 = client()
body = urllib.parse.urlencode({"name": ADMIN[0], "password": ADMIN[1]})
st, h, _ = req(op2, "/login", body.encode())
ok(st == 403, "login without the CSRF token: 403", str(st))
req(op2, "/login")
tok = cookie(jar2, LOGIN)
body = urllib.parse.urlencode({"csrf": tok, "name": ADMIN[0],
                               "password": ADMIN[1]}).encode()
st, h, _ = req(op2, "/login", body, {"Origin": "https://evil.example"})
ok(st == 403, "login from another origin: 403", str(st))
st, h, _ = req(op2, "/logout")
ok(st == 405, "GET /logout: 405", str(st))

# expired sessions (the store's clock moved back)
db = store(args.db)
opi, jari, _ = http_login(*ADMIN)
opa, jara, _ = http_login(*ADMIN)
db.execute("UPDATE sessions SET seen = seen - 1801")
st, h, _ = req(opi, "/accounts")
ok(st == 303 and h.get("Location") == "/login",
   "a session idle 30 minutes is refused", str(st))
opa, jara, _ = http_login(*ADMIN)
db.execute("UPDATE sessions SET created = created - 43201, "
           "expires = expires - 43201")
st, h, _ = req(opa, "/accounts")
ok(st == 303, "a session older than 12 hours is refused, even in use",
   str(st))
ok(st == 303 and cookie(jara, SESSION) in (None, ""),
   "the expired session's cookie is cleared")
tokens = [c.value for c in jar]
keys = [r[0] for r in db.execute("SELECT id FROM sessions")]
ok(not any(t in keys for t in tokens),
   "the store keeps a hash of the token, never the token")

# ---- the login limit (docs/web.md): last, it slows this address ----
# 40 wrong logins for one name, 16 at a time (more than the hub's
# worker threads), from one address: exactly 5 passwords checked (200,
# "wrong"), every other one refused (429) before its hash, since each
# attempt is reserved first.  A connection the server drops before the
# request is tried again (at most 3 times).
SRC = args.src_net
def wrong(i):
    for _ in range(3):
        try:
            return http_login("burst-victim", "wrong-password-%d" % i,
                              SRC + ".40")[2]
        except urllib.error.URLError:
            time.sleep(0.5)
    return 0
with concurrent.futures.ThreadPoolExecutor(max_workers=16) as ex:
    codes = list(ex.map(wrong, range(40)))
def attempts_of(who):
    """login_attempts.failures of who, None when no row (or no table)."""
    try:
        return db.execute("SELECT failures FROM login_attempts WHERE who = "
                          "'%s'" % who).fetchone()
    except Exception:
        return None


n = attempts_of("pair:%s burst-victim" % (SRC + ".40"))
ok(codes.count(200) == 5 and codes.count(429) == 35 and n is not None and
   n[0] == 5, "40 concurrent wrong logins for one name: 5 checked, 35 "
   "refused, 5 attempts counted", "%d checked, %d refused, %s, %s" %
   (codes.count(200), codes.count(429), sorted(set(codes)), repr(n)))

codes = [http_login(ADMIN[0], "wrong-password-%d" % i)[2] for i in range(5)]
op3, jar3, st = http_login(*ADMIN)
ok(codes == [200] * 5 and st == 429,
   "5 failed logins of a name, then 429 from that address even with the "
   "right password", repr(codes + [st]))
op4, jar4 = client()
req(op4, "/login")
body = urllib.parse.urlencode({"csrf": cookie(jar4, LOGIN),
                               "name": ADMIN[0],
                               "password": "whatever-123"}).encode()
st, h, page = req(op4, "/login", body)
wait = re.search(rb"try again in (\d+) seconds", page)
ok(st == 429 and b"Too many failed logins" in page and wait and
   h.get("Retry-After") == wait.group(1).decode() and
   0 < int(wait.group(1)) <= 60,
   "the wait is said, in the page and in Retry-After (at most 60 s)",
   "%s %s" % (st, h.get("Retry-After")))
_, _, st = http_login(*ADMIN, src=SRC + ".41")
ok(st == 303, "the admin still logs in from another address (not locked "
   "out)", str(st))
_, _, st = http_login(USER[0], "wrong-password-x")
ok(st == 200, "another name from the slowed address is still checked",
   str(st))
n = attempts_of("pair:%s %s" % (SRC + ".41", ADMIN[0]))
ok(n is None, "a right password forgets that address's failures for the "
   "name", repr(n))
# Growing delays: the next attempt after the wait doubles it.
try:
    db.execute("UPDATE login_attempts SET next_ok = 0, last = last - 61"
               " WHERE who = 'pair:%s burst-victim'" % (SRC + ".40"))
except Exception:
    pass
st6 = http_login("burst-victim", "wrong-password-6", SRC + ".40")[2]
st7 = http_login("burst-victim", "wrong-password-7", SRC + ".40")
op7 = st7[0]
st, h, page = req(op7, "/login", urllib.parse.urlencode({
    "csrf": cookie(st7[1], LOGIN), "name": "burst-victim",
    "password": "wrong-password-8"}).encode())
ok(st6 == 200 and st7[2] == 429 and
   60 < int(h.get("Retry-After") or 0) <= 120,
   "after the wait one more attempt, then twice the wait (120 s)",
   "%s %s %s" % (st6, st7[2], h.get("Retry-After")))
# Spraying names from one address: 20 attempts, then slowed.
codes = [http_login("spray-%d" % i, "wrong-password", SRC + ".42")[2]
         for i in range(21)]
ok(codes[:20] == [200] * 20 and codes[20] == 429,
   "20 names tried from one address, then that address is slowed",
   repr(codes))
sys.exit(1 if failed else 0)
