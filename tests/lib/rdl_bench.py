#!/usr/bin/python3
"""rdl_bench.py: Remote Device Link's figures (tests/bench/rdl.sh).

Logs in as the technician, opens --sessions sessions on the device, then:
the time of --runs GETs of a small page straight from the device and
through hub and collector (p50, p99: the difference is what the link
adds), one large download both ways (MB/s), and the hub's and the
collector's memory (VmRSS from /proc, sampled every 20 ms: what each
holds, and its peak during) with every session open, during one --huge
MiB download, and during one --big download in each session at once; and
the time from "Open device web page" to the device's first page.  Prints
Markdown tables.
"""
import argparse
import concurrent.futures
import re
import statistics
import threading
import time

import rdlweb

a = argparse.ArgumentParser()
a.add_argument("--hub", required=True)
a.add_argument("--addr", required=True)
a.add_argument("--domain", required=True)
a.add_argument("--ca", required=True)
a.add_argument("--device", required=True)
a.add_argument("--device-url", required=True)
a.add_argument("--password", required=True)
a.add_argument("--sessions", type=int, default=20)
a.add_argument("--runs", type=int, default=300)
a.add_argument("--big-mib", type=int, default=32)
a.add_argument("--huge-mib", type=int, default=48)
a.add_argument("--hub-pid", type=int, required=True)
a.add_argument("--run-pid", type=int, required=True)
args = a.parse_args()

rdlweb.map_domain(args.domain, args.addr)


def session():
    return rdlweb.session(args.ca)


def mem(pid):
    v = {}
    with open("/proc/%d/status" % pid) as f:
        for l in f:
            k, _, rest = l.partition(":")
            if k in ("VmRSS", "VmHWM"):
                v[k] = int(rest.split()[0]) // 1024
    return v


tech, _ = rdlweb.login(args.hub, args.ca, "tech", args.password)
origins = []
opened = []
for i in range(args.sessions):
    t_open = time.perf_counter()
    _, tok = rdlweb.csrf_of(tech, args.hub + "/devices/" + args.device)
    r = rdlweb.open_post(tech, args.hub, args.device, tok)
    sid = r.headers["Location"].rsplit("/", 1)[1]
    for _ in range(100):
        r = tech.get(args.hub + "/rdl/sessions/" + sid)
        m = re.search(r'id="start"[^>]*href="([^"]+)"', r.text)
        if m:
            break
        time.sleep(0.1)
    b = session()
    b.get(m.group(1).replace("&amp;", "&"))
    o = m.group(1).split("/.fleetaudit", 1)[0]
    r = b.get(o + "/")
    assert r.status_code == 200 and "Printer EWS" in r.text
    opened.append(time.perf_counter() - t_open)
    origins.append((b, o))
opened.sort()


def times(pairs, n):
    """n GETs spread over (get, url) pairs (a session's rate limit is
    RDL_RATE a second, RDL_BURST at once)."""
    v = []
    for i in range(n):
        get, url = pairs[i % len(pairs)]
        t0 = time.perf_counter()
        r = get(url)
        v.append(time.perf_counter() - t0)
        assert r.status_code == 200
    v.sort()
    return v[len(v) // 2] * 1000, v[min(len(v) - 1, int(len(v) * 0.99))] * 1000


direct = session()
b0, o0 = origins[0]
for b, o in origins:       # warm both paths' connections
    direct.get(args.device_url + "/status")
    b.get(o + "/status")
d50, d99 = times([(direct.get, args.device_url + "/status")], args.runs)
l50, l99 = times([(b.get, o + "/status") for b, o in origins], args.runs)


def rate(get, url):
    t0 = time.perf_counter()
    r = get(url)
    dt = time.perf_counter() - t0
    assert r.status_code == 200 and len(r.content) == args.big_mib << 20
    return (args.big_mib << 20) / dt / 1e6


dr = statistics.median(rate(direct.get, args.device_url + "/big")
                       for _ in range(3))
lr = statistics.median(rate(b0.get, o0 + "/big") for _ in range(3))
m_open = (mem(args.hub_pid), mem(args.run_pid))


class Peak:
    """The largest VmRSS of hub and collector while in the block."""

    def __enter__(self):
        self.peak = [0, 0]
        self.stop = threading.Event()
        self.th = threading.Thread(target=self.loop)
        self.th.start()
        return self

    def loop(self):
        while not self.stop.is_set():
            self.peak[0] = max(self.peak[0], mem(args.hub_pid)["VmRSS"])
            self.peak[1] = max(self.peak[1], mem(args.run_pid)["VmRSS"])
            time.sleep(0.02)

    def __exit__(self, *a):
        self.stop.set()
        self.th.join()


with Peak() as p_huge:
    t0 = time.perf_counter()
    r = b0.get(o0 + "/huge?mib=%d" % args.huge_mib, stream=True)
    n = sum(len(c) for c in r.iter_content(1 << 16))
    hr = n / (time.perf_counter() - t0) / 1e6
    assert n == args.huge_mib << 20
t0 = time.perf_counter()
r = direct.get(args.device_url + "/huge?mib=%d" % args.huge_mib, stream=True)
n = sum(len(c) for c in r.iter_content(1 << 16))
hd = n / (time.perf_counter() - t0) / 1e6


def fetch(bo):
    b, o = bo
    r = b.get(o + "/big")
    return len(r.content)


with Peak() as p_par:
    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(args.sessions) as ex:
        got = list(ex.map(fetch, origins))
    par = time.perf_counter() - t0
assert all(g == args.big_mib << 20 for g in got)
m_par = (mem(args.hub_pid), mem(args.run_pid))

print("| figure | straight to the device | through hub and collector |")
print("|---|---|---|")
print("| small page, p50 | %.2f ms | %.2f ms (+%.2f ms) |" % (d50, l50,
                                                          l50 - d50))
print("| small page, p99 | %.2f ms | %.2f ms (+%.2f ms) |" % (d99, l99,
                                                          l99 - d99))
print("| %d MiB download | %.0f MB/s | %.0f MB/s |" % (args.big_mib, dr, lr))
print("| %d MiB download | %.0f MB/s | %.0f MB/s |" % (args.huge_mib, hd, hr))
print("| %d sessions, %d MiB each at once | | %.1f s (%.0f MB/s in all) |" %
      (args.sessions, args.big_mib, par,
       args.sessions * (args.big_mib << 20) / par / 1e6))
print("| Open to the device's first page, p50 / max | | %.2f s / %.2f s |" %
      (opened[len(opened) // 2], opened[-1]))
print()
print("| memory (MiB) | hub serve RSS | run RSS |")
print("|---|---|---|")
print("| %d sessions open | %d | %d |" % (
    args.sessions, m_open[0]["VmRSS"], m_open[1]["VmRSS"]))
print("| peak during one %d MiB download | %d | %d |" % (
    args.huge_mib, p_huge.peak[0], p_huge.peak[1]))
print("| peak during a %d MiB download in each at once | %d | %d |" % (
    args.big_mib, p_par.peak[0], p_par.peak[1]))
print("| after them | %d | %d |" % (m_par[0]["VmRSS"], m_par[1]["VmRSS"]))
print()
print("(High-water marks: hub serve %d MiB, of which a login's password "
      "hash takes 64; run %d MiB.)" % (m_par[0]["VmHWM"], m_par[1]["VmHWM"]))
