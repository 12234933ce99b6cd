#!/usr/bin/python3
"""rdl_stream.py: Remote Device Link's answers streamed, its Origin and
Referer, a session taken while the collector scans, and the collector
killed mid-download (tests/cli/t5402-rdl-stream.sh).

The technician's browser as Python requests (the session domain mapped to
the hub's loopback address).  Reads the memory of "hub serve" and of the
collector from /proc while a large download goes through them.  Prints
"ok - ..." / "not ok - ..." lines.
"""
import argparse
import hashlib
import json
import re
import sys
import threading
import time

import requests

import rdlweb

a = argparse.ArgumentParser()
a.add_argument("--hub", required=True)          # https://ADDR:PORT
a.add_argument("--addr", required=True)
a.add_argument("--domain", required=True)
a.add_argument("--ca", required=True)
a.add_argument("--device", required=True)
a.add_argument("--password", required=True)
a.add_argument("--hub-pid", type=int, required=True)
a.add_argument("--run-pid", type=int, required=True)
a.add_argument("--run-log", required=True)
a.add_argument("--mib", type=int, default=48)
a.add_argument("--second", required=True)   # script: another hub serve
a.add_argument("--no-mem", action="store_true")  # a sanitizer build
a.add_argument("--http-pid", type=int, required=True)  # the EWS on port 80
args = a.parse_args()

failed = False


def ok(cond, name, why=""):
    global failed
    if not cond:
        failed = True
    print(("ok - " if cond else "not ok - ") + name +
          (" (" + str(why)[:300] + ")" if why and not cond else ""))
    sys.stdout.flush()


rdlweb.map_domain(args.domain, args.addr)


def session():
    return rdlweb.session(args.ca)


def login(name):
    return rdlweb.login(args.hub, args.ca, name, args.password)[0]


def open_session(s):
    _, tok = rdlweb.csrf_of(s, args.hub + "/devices/" + args.device)
    r = rdlweb.open_post(s, args.hub, args.device, tok,
                         {"Sec-Fetch-Site": "same-origin"})
    if r.status_code != 303:
        return None
    return r.headers["Location"].rsplit("/", 1)[1]


def start(s, sid, wait=30):
    """Follows the start link once the collector took the session: the
    session's origin (https://LABEL.DOMAIN:PORT), or None."""
    end = time.time() + wait
    while time.time() < end:
        r = s.get(args.hub + "/rdl/sessions/" + sid)
        m = re.search(r'id="start"[^>]*href="([^"]+)"', r.text)
        if m:
            link = m.group(1).replace("&amp;", "&")
            r = s.get(link)
            return link.split("/.fleetaudit-rdl/")[0] if r.ok else None
        if "Ended" in r.text:
            return None
        time.sleep(0.05)
    return None


def kib(pid, field):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def scanning():
    with open(args.run_log) as f:
        return not re.search(r"discovery: \d+ addresses", f.read())


# ---- a session taken at once while run is busy with a discovery ----
tech = login("tech")
busy = scanning()
t0 = time.time()
sid = open_session(tech)
origin = start(tech, sid) if sid else None
r = tech.get(origin + "/") if origin else None
took = time.time() - t0
still = scanning()
print("# Open to the device's first page: %.2f s (run scanning: %s, %s)" %
      (took, busy, still))
ok(r is not None and "Printer EWS" in r.text,
   "the session opened while run scans shows the device's page")
ok(busy and still, "run was busy with its discovery all along")
ok(took < 3.0, "Open to the first page within 3 s while run scans",
   "%.2f s" % took)
if origin is None:
    print("# no session: the rest cannot run")
    sys.exit(1)

r = tech.get(args.hub + "/rdl/sessions/" + sid)
ok('id="tls"' in r.text and "certificate is not checked" in r.text,
   "the session page says the device's certificate is not checked")

# ---- Origin and Referer: the device's own ----
r = tech.post(origin + "/strict", data={"x": "1"},
              headers={"Origin": origin, "Referer": origin + "/strict"})
ok(r.status_code == 200 and "accepted" in r.text,
   "a form post from the session's origin reaches the device with its own "
   "Origin and Referer", (r.status_code, r.text[:120]))
r = tech.post(origin + "/strict", data={"x": "1"},
              headers={"Origin": "https://elsewhere.example",
                       "Referer": "https://elsewhere.example/x"})
ok(r.status_code == 403 and "'null'" in r.text,
   "a post from another origin reaches the device as Origin null, no "
   "Referer", (r.status_code, r.text[:120]))

# ---- another "hub serve" on the same store starts ----
import subprocess
out = subprocess.run([args.second], capture_output=True, text=True,
                     timeout=60).stdout
try:
    log = {str(x["id"]): x for x in json.loads(out)}
except ValueError:
    log = {}
ok(sid in log and log[sid]["ended"] is None,
   "a second hub serve starting on the store leaves this session open in "
   "the audit", log.get(sid))
r = tech.get(origin + "/status")
ok(r.status_code == 200 and "Ready" in r.text,
   "and the session goes on", r.status_code)

# ---- a device that wants https: the session follows it there ----
r = tech.get(origin + "/secure", allow_redirects=False)
ok(r.status_code == 301 and r.headers.get("Location") == "/secure",
   "the device's redirect to its own https is made relative",
   (r.status_code, r.headers.get("Location")))
try:
    r = tech.get(origin + "/secure")
    ok(r.status_code == 200 and "over https" in r.text,
       "followed, the page comes from the device's https side (its "
       "self-signed certificate accepted)", (r.status_code, r.text[:100]))
except requests.exceptions.TooManyRedirects:
    ok(False, "followed, the page comes from the device's https side (its "
       "self-signed certificate accepted)", "a redirect loop")
r = tech.get(origin + "/status")
ok(r.status_code == 200 and "Ready" in r.text,
   "the session's other pages come over https too", r.status_code)

# ---- the answer streamed: the first half before the device's second ----
t0 = time.time()
r = tech.get(origin + "/slow", stream=True)
it = r.iter_content(4096)
first = next(it, b"")
t_first = time.time() - t0
rest = b"".join(it)
t_all = time.time() - t0
print("# /slow: first 4 KiB after %.2f s, all after %.2f s" %
      (t_first, t_all))
ok(first[:1] == b"a" and t_first < 2.0,
   "the device's first bytes reach the browser before it sends the rest",
   "%.2f s" % t_first)
ok(len(first) + len(rest) == 8192 and rest.endswith(b"b" * 4096),
   "then the rest, whole", len(first) + len(rest))

# ---- a large download: memory of hub and collector stay small ----
piece = (hashlib.sha256(b"fleetaudit").digest() * 2048)[:65536]
want = hashlib.sha256(piece * (args.mib * 16)).hexdigest()
hwm0 = (kib(args.hub_pid, "VmHWM"), kib(args.run_pid, "VmHWM"))
peak = [0, 0]
done = threading.Event()


def sample():
    while not done.is_set():
        peak[0] = max(peak[0], kib(args.hub_pid, "VmRSS"))
        peak[1] = max(peak[1], kib(args.run_pid, "VmRSS"))
        time.sleep(0.02)


th = threading.Thread(target=sample)
th.start()
rss0 = (kib(args.hub_pid, "VmRSS"), kib(args.run_pid, "VmRSS"))
t0 = time.time()
h = hashlib.sha256()
n = 0
r = tech.get(origin + "/huge?mib=%d" % args.mib, stream=True)
for chunk in r.iter_content(1 << 16):
    h.update(chunk)
    n += len(chunk)
    if n == 4 << 20:
        time.sleep(1)   # a slow reader: the collector must wait
dt = time.time() - t0
done.set()
th.join()
hwm1 = (kib(args.hub_pid, "VmHWM"), kib(args.run_pid, "VmHWM"))
print("# %d MiB in %.2f s (%.0f MB/s); hub RSS %d -> peak %d KiB (HWM %d -> "
      "%d), run RSS %d -> peak %d KiB (HWM %d -> %d)" %
      (args.mib, dt, n / dt / 1e6, rss0[0], peak[0], hwm0[0], hwm1[0],
       rss0[1], peak[1], hwm0[1], hwm1[1]))
ok(r.status_code == 200 and n == args.mib << 20 and h.hexdigest() == want,
   "a %d MiB download arrives whole, byte for byte" % args.mib, n)
ok(r.headers.get("Content-Length") == str(args.mib << 20),
   "with the device's length announced", r.headers.get("Content-Length"))
# the hub's high-water mark is a login's password hash (64 MiB): its
# resident memory sampled during the download, and the mark, both count
grow = (max(hwm1[0] - hwm0[0], peak[0] - rss0[0]),
        max(hwm1[1] - hwm0[1], peak[1] - rss0[1]))
if args.no_mem:
    print("# memory not checked: a sanitizer build keeps freed memory")
else:
    ok(grow[0] < 16 * 1024,
       "hub serve's peak memory grew less than 16 MiB for it", grow[0])
    ok(grow[1] < 16 * 1024,
       "the collector's peak memory grew less than 16 MiB for it", grow[1])

# ---- the body limit: 64 MiB ----
r = tech.get(origin + "/huge?mib=65")
ok(r.status_code == 502 and "larger than" in r.text,
   "an answer announced over 64 MiB is refused before a byte", r.status_code)
t0 = time.time()
n = 0
try:
    r = tech.get(origin + "/huge?mib=65&chunked=1", stream=True)
    for chunk in r.iter_content(1 << 16):
        n += len(chunk)
    cut = n < 65 << 20
except requests.exceptions.RequestException:
    cut = True
print("# unannounced 65 MiB: %d bytes passed, cut %s" % (n, cut))
ok(cut and n <= 64 << 20,
   "an unannounced answer is cut at 64 MiB, the download failing", n)

# ---- a device with nothing on port 80: its https ----
import os
import signal
os.kill(args.http_pid, signal.SIGTERM)
time.sleep(0.3)
sid2 = open_session(tech)
origin2 = start(tech, sid2) if sid2 else None
r = tech.get(origin2 + "/") if origin2 else None
ok(r is not None and r.status_code == 200 and "Printer EWS" in r.text,
   "a new session on a device with nothing on port 80 shows its https page",
   r.status_code if r is not None else "no session")

# ---- the collector killed mid-download ----
r = tech.get(origin + "/huge?mib=%d" % args.mib, stream=True)
it = r.iter_content(1 << 16)
n = len(next(it, b""))
time.sleep(0.3)
t0 = time.time()
os.kill(args.run_pid, signal.SIGKILL)
try:
    for chunk in it:
        n += len(chunk)
    cut = n < args.mib << 20    # short of its announced length
except requests.exceptions.RequestException:
    cut = True
dt = time.time() - t0
print("# killed after %d bytes; the browser's download ended %.2f s later"
      % (n, dt))
ok(cut and n < args.mib << 20 and dt < 5,
   "a download cut by the collector's death ends in error at once", (cut, n,
                                                                      dt))
end = time.time() + 30
state = ""
while time.time() < end:
    state = tech.get(args.hub + "/rdl/sessions/" + sid).text
    if "Ended" in state:
        break
    time.sleep(0.5)
ok("the collector is gone" in state,
   "then the session ends: the collector is gone")
sys.exit(1 if failed else 0)
