#!/usr/bin/python3
"""rdl_check.py: Remote Device Link seen by its users (tests/cli/t5400-rdl.sh).

A technician's browser, first as Python requests (every status, header and
byte), then as headless Chromium (--host-resolver-rules maps the session
domain to the hub's loopback address; only the hub's key is trusted): the
device page's button, the session's start link, the device's pages through
hub and collector, its login and forms; then the refusals (another host,
no cookie, a user without the right), a dealer admin ending a session, idle
and absolute expiry (the hub's limits changed with "hub rdl enable"), and
the collector stopped and killed.  Prints "ok - ..." / "not ok - ..."
lines; writes the requests it made per session to --counts (JSON) for the
audit checks of the script.
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import rdlweb

a = argparse.ArgumentParser()
a.add_argument("--hub", required=True)          # https://ADDR:PORT
a.add_argument("--addr", required=True)         # the hub's address
a.add_argument("--domain", required=True)
a.add_argument("--ca", required=True)
a.add_argument("--pin", required=True)
a.add_argument("--device", required=True)       # the hub's device id
a.add_argument("--password", required=True)
a.add_argument("--ews-log", required=True)
a.add_argument("--counts", required=True)
a.add_argument("--limits", required=True)       # script: hub rdl enable ..
a.add_argument("--collector", required=True)    # script: stop|kill|start
args = a.parse_args()

failed = False
counts = {}


def ok(cond, name, why=""):
    global failed
    if cond:
        print("ok - " + name)
    else:
        failed = True
        print("not ok - " + name + (" (" + str(why)[:300] + ")" if why else ""))
    sys.stdout.flush()


# Every name under the session domain is the hub.
rdlweb.map_domain(args.domain, args.addr)


def session():
    return rdlweb.session(args.ca)


def login(name):
    s, r = rdlweb.login(args.hub, args.ca, name, args.password)
    return s, r.status_code == 303


def csrf_of(s, path):
    return rdlweb.csrf_of(s, args.hub + path)


def open_session(s):
    """POST /rdl/open from the device page: (status, session id, page)."""
    r, tok = csrf_of(s, "/devices/" + args.device)
    r = rdlweb.open_post(s, args.hub, args.device, tok,
                         {"Sec-Fetch-Site": "same-origin"})
    if r.status_code != 303:
        return r.status_code, None, r.text
    sid = r.headers["Location"].rsplit("/", 1)[1]
    return 303, sid, ""


def start_link(s, sid, wait=15):
    """The session's one-time start link, once the collector took it."""
    end = time.time() + wait
    while time.time() < end:
        r = s.get(args.hub + "/rdl/sessions/" + sid)
        m = re.search(r'id="start"[^>]*href="([^"]+)"', r.text)
        if m:
            return m.group(1).replace("&amp;", "&"), r.text
        if "Ended" in r.text:
            return None, r.text
        time.sleep(0.3)
    return None, r.text


def count(sid, n=1):
    counts[sid] = counts.get(sid, 0) + n


def ews_seen(pattern):
    with open(args.ews_log) as f:
        return [l for l in f if re.search(pattern, l)]


# ---- who may ----
nobody, okl = login("nobody")
ok(okl, "a user without the right logs in to the hub")
r = nobody.get(args.hub + "/devices/" + args.device)
ok(r.status_code == 200 and "rdl-open" not in r.text,
   "no device-page button for a user without the right")
st, sid, _ = open_session(nobody)
ok(st == 404, "a user without the right gets 404 from /rdl/open", st)

tech, okl = login("tech")
ok(okl, "the technician logs in")
r = tech.get(args.hub + "/devices/" + args.device)
ok('id="rdl-open"' in r.text, "the device page shows 'Open device web page'")
r = tech.post(args.hub + "/rdl/open", data={"device": args.device,
              "csrf": "0" * 64}, allow_redirects=False)
ok(r.status_code == 403, "/rdl/open without the page's CSRF token: 403",
   r.status_code)

# ---- a session, as requests sees it ----
st, sid, text = open_session(tech)
ok(st == 303 and sid, "the technician opens a session", (st, text[:200]))
link, page = start_link(tech, sid)
ok(link is not None, "the collector takes it: the page gives a start link",
   page[:300])
m = re.match(r"https://([0-9a-f]+)\.%s(:\d+)?/" % re.escape(args.domain),
             link or "")
ok(m is not None and len(m.group(1)) >= 24,
   "the session's own origin: at least 96 random bits in its host name",
   link)
origin = link.split("/.fleetaudit", 1)[0] if link else ""
r = nobody.get(args.hub + "/rdl/sessions/" + sid)
ok(r.status_code == 404, "another user cannot see the session's page")

b = session()
r = b.get(link, allow_redirects=False)
ck = r.headers.get("Set-Cookie", "")
ok(r.status_code == 200 and "__Host-fa_rdl=" in ck and "HttpOnly" in ck and
   "Secure" in ck and "Domain" not in ck,
   "the start link sets the session cookie on its own origin", ck)
tokv = re.search(r"__Host-fa_rdl=([0-9a-f]+)", ck)
ok(tokv is not None and len(tokv.group(1)) * 4 >= 160,
   "the session token has at least 160 bits")
r2 = session().get(link, allow_redirects=False)
ok(r2.status_code == 404, "the start link works once")
r = b.get(origin + "/")
count(sid)
ok(r.status_code == 200 and "Model: Test MFP" in r.text,
   "the device's front page through hub and collector", r.status_code)
ok("__Host-fa_session" not in str(b.cookies.keys()),
   "the hub's own cookie is not on the session's origin")
r = b.get(origin + "/status?x=a%20b&x=c")
count(sid)
ok(r.status_code == 200 and "Ready" in r.text and "a b,c" in r.text,
   "a root-absolute link with a query string", r.text[-200:])
r = b.post(origin + "/login", data={"user": "admin", "pass": "secret"},
           allow_redirects=False)
count(sid)
ok(r.status_code == 303 and r.headers.get("Location") == "/settings",
   "the device's absolute redirect to itself made relative",
   (r.status_code, r.headers.get("Location")))
ok("ewssid" in r.headers.get("Set-Cookie", "") and
   "Domain" not in r.headers.get("Set-Cookie", ""),
   "the device's cookie passes, without its Domain",
   r.headers.get("Set-Cookie"))
r = b.get(origin + "/settings")
count(sid)
ok("Logged in as admin" in r.text, "the device's cookie login works")
r = b.post(origin + "/settings", data={"name": "Floor 2 <b>"})
count(sid)
ok("Saved: Floor 2 <b>" in r.text, "a form posted to the device")
seen = ews_seen(r"^POST /settings ")
ok(seen and seen[-1].split()[-1] == "127.77.54.1",
   "the device saw its own address as Host", seen[-1:])
before = len(ews_seen(r"."))
r = b.get(origin + "/away", allow_redirects=False)
count(sid)
ok(r.status_code == 502 and "another host" in r.text,
   "a redirect to another host is refused (502)", (r.status_code, r.text[:200]))
ok(r.headers.get("Location") is None, "no Location to the other host")
t0 = time.time()
r = b.get(origin + "/big")
dt = time.time() - t0
count(sid)
want = (hashlib.sha256(b"fleetaudit").digest() * (8 * 1024 * 1024 // 32 + 1))[
    :8 * 1024 * 1024]
ok(r.status_code == 200 and r.content == want,
   "a large download arrives whole (8 MiB, %.2f s)" % dt, len(r.content))
r = session().get(origin + "/status")
ok(r.status_code == 404, "no cookie: 404, nothing relayed")
c = session()
c.cookies.set("__Host-fa_rdl", "0" * 64, domain=origin.split("/")[2].split(":")[0])
r = c.get(origin + "/status")
ok(r.status_code == 404, "a wrong cookie: 404")
r = session().get("https://%s.%s:%s/" % ("f" * 32, args.domain,
                  args.hub.rsplit(":", 1)[1]))
ok(r.status_code == 404, "an unknown session host: 404")
with open(args.ews_log) as f:
    hosts = {l.split()[-1] for l in f}
ok(hosts == {"127.77.54.1"}, "the device only ever saw itself as Host", hosts)

# ---- the dealer admin ends it ----
anna, okl = login("anna")
r = anna.get(args.hub + "/rdl")
ok(r.status_code == 200 and ">%s<" % sid in r.text,
   "the dealer admin's list shows the open session")
r = tech.get(args.hub + "/rdl")
ok(r.status_code == 404, "an account user gets 404 for the list")
tok = re.search(r'name="csrf" value="([0-9a-f]+)"', r.text if False else
                anna.get(args.hub + "/rdl").text).group(1)
r = anna.post(args.hub + "/rdl/end", data={"id": sid, "csrf": tok},
              allow_redirects=False, headers={"Sec-Fetch-Site": "same-origin"})
ok(r.status_code == 303, "the dealer admin ends it", r.status_code)
r = b.get(origin + "/status")
count(sid)
ok(r.status_code == 404 and "ended" in r.text,
   "the ended session answers 404", r.status_code)
first = sid

# ---- the collector's own check: a device it does not know, outside its
# ranges (the hub's record says 127.77.54.9) ----
subprocess.run(args.collector + " addr 127.77.54.9", shell=True, check=True)
st, sid, _ = open_session(tech)
link, page = start_link(tech, sid)
ok(link is None and "the collector refused: the address is not in this "
   "collector&#39;s ranges" in page,
   "the collector refuses a device outside its ranges", page[-300:])
subprocess.run(args.collector + " addr 127.77.54.1", shell=True, check=True)
refused = sid

# ---- Chromium: open, follow, log in, submit ----
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    o.add_argument("--headless=new")
    o.add_argument("--no-sandbox")
    o.add_argument("--disable-dev-shm-usage")
    o.add_argument("--user-data-dir=" + tempfile.mkdtemp(prefix="chr-"))
    o.add_argument("--ignore-certificate-errors-spki-list=" + args.pin)
    o.add_argument("--host-resolver-rules=MAP *.%s %s" % (args.domain,
                                                         args.addr))
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    w = WebDriverWait(d, 20)
    try:
        d.get(args.hub + "/login")
        d.find_element(By.NAME, "name").send_keys("tech")
        d.find_element(By.NAME, "password").send_keys(args.password)
        d.find_element(By.CSS_SELECTOR, "form button, form input[type=submit]"
                       ).click()
        w.until(lambda x: "/accounts" in x.current_url)
        d.get(args.hub + "/devices/" + args.device)
        hub_tab = d.current_window_handle
        d.find_element(By.ID, "rdl-open").click()
        w.until(lambda x: len(x.window_handles) == 2)
        d.switch_to.window([h for h in d.window_handles if h != hub_tab][0])
        w.until(lambda x: x.find_elements(By.ID, "start"))
        csid = d.current_url.rsplit("/", 1)[1]
        ok(True, "chromium: the button opens the session's page in a new tab")
        d.find_element(By.ID, "start").click()
        w.until(lambda x: len(x.window_handles) == 3)
        d.switch_to.window(d.window_handles[-1])
        w.until(lambda x: x.find_elements(By.ID, "status"))
        ok("Model: Test MFP" in d.page_source and
           re.match(r"https://[0-9a-f]+\.%s" % re.escape(args.domain),
                    d.current_url),
           "chromium: the device's page on the session's own origin",
           d.current_url)
        d.find_element(By.ID, "status").click()
        w.until(lambda x: x.find_elements(By.ID, "state"))
        ok("Ready" in d.find_element(By.ID, "state").text,
           "chromium: follows the device's link")
        d.find_element(By.ID, "home").click()
        w.until(lambda x: x.find_elements(By.ID, "login"))
        d.find_element(By.ID, "login").click()
        w.until(lambda x: x.find_elements(By.ID, "user"))
        d.find_element(By.ID, "user").send_keys("admin")
        d.find_element(By.ID, "pass").send_keys("secret")
        d.find_element(By.ID, "go").click()
        w.until(lambda x: x.find_elements(By.ID, "who"))
        ok("Logged in as admin" in d.page_source,
           "chromium: logs in to the device (its cookie, its redirect)")
        d.find_element(By.ID, "name").send_keys("Lobby")
        d.find_element(By.ID, "save").click()
        w.until(lambda x: x.find_elements(By.ID, "saved"))
        ok("Saved: Lobby" in d.page_source, "chromium: submits the device's form")
        # the hub's session cookie stays on the hub's origin
        names = [c["name"] for c in d.get_cookies()]
        ok("__Host-fa_session" not in names and "__Host-fa_rdl" in names,
           "chromium: only the session's cookie on its origin", names)
    finally:
        d.quit()
except Exception as e:      # noqa: BLE001
    ok(False, "chromium drives the session", repr(e))
    csid = None

# ---- idle and absolute expiry ----
subprocess.run(args.limits + " --idle 3s --max 60s", shell=True, check=True,
               stdout=subprocess.DEVNULL)
time.sleep(2.5)
st, sid, _ = open_session(tech)
link, _ = start_link(tech, sid)
b = session()
b.get(link)
r = b.get(link.split("/.fleetaudit", 1)[0] + "/status")
count(sid)
ok(r.status_code == 200, "a new session works")
time.sleep(5)
r = b.get(link.split("/.fleetaudit", 1)[0] + "/status")
count(sid)
ok(r.status_code == 404, "idle 3 s: the session has ended", r.status_code)
idle_sid = sid

subprocess.run(args.limits + " --idle 60s --max 5s", shell=True, check=True,
               stdout=subprocess.DEVNULL)
time.sleep(2.5)
st, sid, _ = open_session(tech)
link, _ = start_link(tech, sid)
b = session()
b.get(link)
origin = link.split("/.fleetaudit", 1)[0]
codes = []
for i in range(12):
    r = b.get(origin + "/status")
    codes.append(r.status_code)
    count(sid)
    if r.status_code != 200:
        break
    time.sleep(0.7)
ok(200 in codes and codes[-1] == 404,
   "at most 5 s: the session ends while in use", codes)
max_sid = sid

# ---- the collector stops, then is killed ----
subprocess.run(args.limits + " --idle 60s --max 600s", shell=True,
               check=True, stdout=subprocess.DEVNULL)
time.sleep(2.5)
st, sid, _ = open_session(tech)
link, _ = start_link(tech, sid)
b = session()
b.get(link)
origin = link.split("/.fleetaudit", 1)[0]
r = b.get(origin + "/status")
count(sid)
subprocess.run(args.collector + " stop", shell=True, check=True)
r = b.get(origin + "/status")
count(sid)
ok(r.status_code == 404, "collector stopped (SIGTERM): its session ended at "
   "once", r.status_code)
stop_sid = sid
subprocess.run(args.collector + " start", shell=True, check=True)
st, sid, _ = open_session(tech)
link, page = start_link(tech, sid, 30)
ok(link is not None, "a restarted collector takes sessions again", page[-300:])
b = session()
b.get(link or args.hub)
origin = (link or "").split("/.fleetaudit", 1)[0]
subprocess.run(args.collector + " kill", shell=True, check=True)
t0 = time.time()
r = b.get(origin + "/status", timeout=60)
dt = time.time() - t0
ok(r.status_code in (404, 502) and dt < 20,
   "collector killed mid-session: the browser's request is answered "
   "(%d in %.1f s)" % (r.status_code, dt))
count(sid)
r = b.get(origin + "/status")
count(sid)
ok(r.status_code == 404, "and the session has ended")
kill_sid = sid

with open(args.counts, "w") as f:
    json.dump({"counts": counts, "first": first, "idle": idle_sid,
               "max": max_sid, "stop": stop_sid, "kill": kill_sid, "refused": refused,
               "chromium": csid}, f)
sys.exit(1 if failed else 0)
