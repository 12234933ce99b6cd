#!/bin/sh
# t5210-hub-web-triage: the web view answers the service desk's morning
# questions.  The desk fixture (tests/tools/desk_fixture.c, see t5140)
# imported for two accounts, fixture (its site named) and other:
#
#  - the accounts page counts, per account, devices in error, supplies low
#    or empty soon, devices not reporting and meter anomalies: the same
#    numbers as "hub attention --json" (read here), with the hub's
#    attention.conf giving one account its own "not reporting" days, and
#    links to /attention?account=NAME, which lists that account only;
#  - the account page's device list: status, location, page count (with
#    thousands separators), lowest supply and last seen, addresses sorted
#    as addresses (MTRA1 moved to 127.77.21.11 here: after .2 to .5, where
#    text order puts it first), a value older than its scan interval
#    marked "(stale, N d old)" (SUPE5 and MTRC3, last read in November);
#  - a site shown by its name (hub trust add --name), not its key's
#    fingerprint, on the account and device pages; meters by their
#    readable names ("Total pages"), numbers with thousands separators;
#  - downloads from the account page: the meters CSV of a month (the
#    period chooser) and the supplies-to-order CSV, the same bytes as
#    "hub meters --csv" and "hub supplies --csv", each in the access log;
#  - the device chart: pages per month (mono and colour bars, the
#    report's proration), neither chart repeating an axis label;
#  - the counts are kept per import: after a second site's import into
#    other and a change of attention.conf, the served page counts again;
#  - headless Chromium shows the accounts page (a screenshot kept in
#    build/test-artefacts/web/triage-accounts.png).
#
# On either hub store (tests/lib/hubstore.sh; t5211-hub-web-triage-pg:
# PostgreSQL).  The hub serves on 127.77.2.10:17610.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
hub_store_start
HUBADDR=127.77.2.10
PORT=17610
HUB=$T/hub
ART=$top/${BUILD:-build}/test-artefacts/web
mkdir -p "$T/tls" "$ART"
cd "$T" || exit 1

desk_hub

# ---- not reporting: days per account (attention.conf) ----
printf '# account  silent-days N\nother silent-days 365\n' >"$HUB/attention.conf"
hrun hub attention --json
check "hub attention: exit 0 with attention.conf" test "$rc" -eq 0
cp "$T/out" "$T/att.json"
check "attention.conf: other's devices not silent, fixture's are" $PY -c "
import json
d = json.load(open('$T/att.json'))
s = {r['account'] for r in d if r['kind'] == 'silent'}
assert s == {'fixture'}, s
"
hrun hub attention --json --silent-days 3
check "--silent-days overrides attention.conf" $PY -c "
import json
d = json.load(open('$T/out'))
s = {r['account'] for r in d if r['kind'] == 'silent'}
assert s == {'fixture', 'other'}, s
"
printf 'other silent-days 0\n' >"$T/bad.conf"
cp "$HUB/attention.conf" "$T/good.conf"
cp "$T/bad.conf" "$HUB/attention.conf"
hexpect 2 "attention.conf:1: silent-days must be a whole number from 1 to 365" \
    "attention.conf: bad days, exit 2" -- hub attention
printf 'other quiet 4\n' >"$HUB/attention.conf"
hexpect 2 "attention.conf:1: expected 'other silent-days N'" \
    "attention.conf: bad key, exit 2" -- hub attention
cp "$T/good.conf" "$HUB/attention.conf"
hub_q "$HUB" "UPDATE devices SET address = '127.77.21.11' WHERE serial = 'MTRA1'" >/dev/null
hub_q "$HUB" "SELECT d.serial, d.address, d.last_seen FROM devices d JOIN accounts a ON a.id = d.account_id WHERE a.name = 'fixture'" |
    tr '|' ' ' >"$T/devs.txt"
check "the fixture's devices listed" test "$(wc -l <"$T/devs.txt")" -eq 5

hrun hub meters --account fixture --period 2026-11 --csv
cp "$T/out" "$T/meters-cli.csv"
check "hub meters --csv: a header and rows" sh -c \
    "[ $rc -eq 0 ] && [ \$(wc -l <'$T/meters-cli.csv') -gt 1 ]"
hrun hub supplies --account fixture --csv
check "hub supplies --csv: exit 0" test "$rc" -eq 0

# ---- the web view ----
web_hub olga
PIN=$(openssl x509 -in tls/hub.pem -pubkey -noout |
    openssl pkey -pubin -outform der | openssl dgst -sha256 -binary |
    openssl base64)

cat >"$T/web.py" <<'PYEOF'
import json, os, re, sys, tempfile
import webclient
from webclient import check, get, login
url, ca, pin, art, tdir = sys.argv[1:6]
webclient.setup(url, ca)
att = json.load(open(os.path.join(tdir, "att.json")))

def counts(acc):
    k = [r["kind"] for r in att if r["account"] == acc]
    return [str(k.count("error")), str(k.count("low") + k.count("empty")),
            str(k.count("silent")), str(k.count("anomaly"))]

# ---- 1. the accounts page: what needs attention, per account ----
op, st = login("boss", "dealer-admin-pw-1")
check(st == 303, "the admin logs in")
st, _, body = get(op, "/accounts")
body = body.decode()
rows = dict(re.findall(r'<tr><td><a href="/accounts/([a-z]+)">.*?</a></td>'
                       r'(.*?)</tr>', body, re.S))
def cells(acc):
    return re.findall(r'<td class="n">([^<]*)</td>', rows.get(acc, ""))[2:6]
for acc in ("fixture", "other"):
    check(cells(acc) == counts(acc),
          "accounts page: %s's error, supply, silent and anomaly counts "
          "are hub attention's" % acc, "%s vs %s" % (cells(acc), counts(acc)))
check(counts("fixture")[2] != "0" and counts("other")[2] == "0",
      "the counts follow attention.conf (other: 365 days)")
check('href="/attention?account=fixture"' in body,
      "accounts page links to the account's needs-attention list")
st, _, b = get(op, "/attention?account=fixture")
b = b.decode()
accs = set(re.findall(r'<td><a href="/accounts/([a-z]+)">', b))
kinds = re.findall(r'<tr class="att-([a-z]+)">', b)
check(st == 200 and accs == {"fixture"} and
      len(kinds) == len([r for r in att if r["account"] == "fixture"]),
      "/attention?account=fixture lists that account only", str(accs))
check(kinds == sorted(kinds, key=["error", "empty", "silent", "low",
                                  "anomaly"].index),
      "most urgent first", str(kinds))
st, _, b = get(op, "/attention")
accs = set(re.findall(r'<td><a href="/accounts/([a-z]+)">', b.decode()))
check(st == 200 and accs == {"fixture", "other"},
      "/attention lists every account the admin may see")
st, _, _ = get(op, "/attention?account=nobody")
check(st == 404, "/attention?account=nobody: 404")
op2, st = login("olga", "other-user-pw-1")
st, _, _ = get(op2, "/attention?account=fixture")
check(st == 404, "an account user: another account's list is a 404")
st, _, b = get(op2, "/accounts")
check(st == 200 and "/accounts/fixture" not in b.decode() and
      cells("other") == counts("other"),
      "an account user sees its own account's counts only")

op2, st = login("olga", "other-user-pw-1")

# ---- 2. the account page's device list ----
devs = {}
for line in open(os.path.join(tdir, "devs.txt")):
    ser, addr, seen = line.split()
    devs[ser] = (addr, int(seen))
st, _, body = get(op, "/accounts/fixture")
body = body.decode().split('<h2 id="devices">', 1)[-1]
trs = re.findall(r'<tr><td><a href="/devices/\d+">([0-9.]+)</a></td>(.*?)</tr>',
                 body, re.S)
addrs = [a for a, _ in trs]
want = sorted((a for a, _ in devs.values()),
              key=lambda a: tuple(int(x) for x in a.split(".")))
check(addrs == want and addrs[-1] == "127.77.21.11",
      "device list: addresses sorted as addresses", str(addrs))
row = dict(trs)
def cols(addr):
    return [re.sub(r"<[^>]+>", "", c) for c in
            re.findall(r"<td[^>]*>(.*?)</td>", row.get(addr, ""), re.S)]
b2 = cols(devs["MTRB2"][0])
check(len(b2) == 7 and b2[2].startswith("Paper jam"),
      "device list: MTRB2's status is its error, in words", str(b2))
a1 = cols(devs["MTRA1"][0])
check(len(a1) == 7 and a1[2] == "Running" and a1[3].startswith("Floor 2, copy room") and
      a1[4].startswith("11,000") and
      a1[5].startswith("Black Cartridge HP 89A 8%"),
      "device list: location, page count with separators, lowest supply",
      str(a1))
import time
now = time.time()
for ser in ("SUPE5", "MTRC3"):
    c = cols(devs[ser][0])
    days = int((now - devs[ser][1]) // 86400)
    check(len(c) == 7 and c[6].endswith("(stale, %d d old)" % days) and
          "(stale, %d d old)" % days in c[3],
          "device list: %s's values marked stale, %d d old" % (ser, days),
          str(c))
fresh = [s for s, (a, t) in devs.items() if t >= now - 86400]
check(fresh and all("stale" not in cols(devs[s][0])[6] for s in fresh),
      "device list: a value read within its interval is not stale")
st, _, body = get(op, "/accounts")
check("<td class=\"n\">5</td>" in body.decode(),
      "accounts page: device count shown")

# ---- 3. downloads ----
st, h, body = get(op, "/accounts/fixture")
check('action="/accounts/fixture/meters.csv"' in body.decode() and
      'name="period"' in body.decode() and
      'href="/accounts/fixture/supplies.csv"' in body.decode(),
      "account page: the meters download with its period, the supplies CSV")
st, h, mcsv = get(op, "/accounts/fixture/meters.csv?period=2026-11")
check(st == 200 and h["Content-Type"].startswith("text/csv") and
      "attachment" in h.get("Content-Disposition", "") and
      mcsv == open(os.path.join(tdir, "meters-cli.csv"), "rb").read(),
      "meters.csv?period=2026-11: the bytes of hub meters --csv",
      "%d %d bytes" % (st, len(mcsv)))
open(os.path.join(tdir, "meters-web-default.csv"), "wb").write(
    get(op, "/accounts/fixture/meters.csv")[2])
st, h, scsv = get(op, "/accounts/fixture/supplies.csv")
open(os.path.join(tdir, "supplies-web.csv"), "wb").write(scsv)
check(st == 200 and h["Content-Type"].startswith("text/csv") and
      scsv.startswith(b"id,part_number,quantity,") and b"CF289A" in scsv,
      "supplies.csv: the cartridges to ship")
st, _, _ = get(op, "/accounts/fixture/meters.csv?period=2026-13")
check(st == 400, "meters.csv?period=2026-13: 400")
st, _, _ = get(op2, "/accounts/fixture/meters.csv?period=2026-11")
st2, _, _ = get(op2, "/accounts/fixture/supplies.csv")
check(st == 404 and st2 == 404, "another account's downloads: 404")

# ---- 4. names and numbers ----
st, _, body = get(op, "/accounts/fixture")
body = body.decode()
sites = body.split('<h2 id="sites">', 1)[-1].split("<h2", 1)[0]
check("<td>Head office, floor 2</td>" in sites and
      not re.search(r"<td>[a-z0-9]{4}-[a-z0-9]{4}-", sites),
      "account page: the site by its name, not its fingerprint")
st, _, body = get(op, "/accounts/other")
sites = body.decode().split('<h2 id="sites">', 1)[-1].split("<h2", 1)[0]
check(re.search(r"<td>[a-z0-9]{4}-[a-z0-9]{4}-", sites) is not None,
      "account page: a site without a name by its fingerprint")
a1 = re.search(r'<a href="/devices/(\d+)">127.77.21.11</a>', body and
               get(op, "/accounts/fixture")[2].decode())
st, _, body = get(op, "/devices/%s" % (a1.group(1) if a1 else "0"))
body = body.decode()
check(st == 200 and "<dt>Site</dt><dd>Head office, floor 2</dd>" in body,
      "device page: the site by its name")
check("<td>Total pages</td><td class=\"n\">11,000</td>" in body,
      "device page: meters by readable names, with separators")

# ---- 5. the device charts ----
svgs = re.findall(r"<svg class=\"chart[^\"]*\".*?</svg>", body, re.S)
check(len(svgs) == 2 and "Pages per month" in body and
      re.search(r'<rect class="vbar mono"[^>]*><title>2026-1[12]: [0-9,]+ mono',
                body) is not None,
      "device page: the meter history and pages per month (mono bars)")
for i, svg in enumerate(svgs):
    labels = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
    check(labels and len(labels) == len(set(labels)),
          "device page: chart %d repeats no axis label" % (i + 1),
          str(labels))
devpath = "/devices/%s" % (a1.group(1) if a1 else "0")

# ---- the browser ----
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
              "--user-data-dir=" + tempfile.mkdtemp(prefix="chr-"),
              "--ignore-certificate-errors-spki-list=" + pin,
              "--window-size=1280,900"):
        o.add_argument(a)
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
except Exception as e:
    check(False, "chromium starts", str(e))
    sys.exit(1)
try:
    d.get(url + "/login")
    d.find_element(By.NAME, "name").send_keys("boss")
    d.find_element(By.NAME, "password").send_keys("dealer-admin-pw-1")
    d.find_element(By.CSS_SELECTOR, "form.login button").click()
    from selenium.webdriver.support.ui import WebDriverWait
    try:    # the login answered: the accounts page, 10 s at most
        WebDriverWait(d, 10).until(lambda x: x.current_url ==
                                   url + "/accounts")
    except Exception:
        pass
    d.get(url + "/accounts")
    t = d.find_element(By.TAG_NAME, "body").text
    check("Not reporting" in t and "Meter anomalies" in t,
          "browser: the accounts page shows the counts")
    d.save_screenshot(os.path.join(art, "triage-accounts.png"))
    d.find_element(By.CSS_SELECTOR, 'a[href="/attention?account=fixture"]').click()
    t = d.find_element(By.TAG_NAME, "body").text
    check("Needs attention: fixture" in t and "jammed" in t,
          "browser: the link opens the account's list")
    d.save_screenshot(os.path.join(art, "triage-attention.png"))
    d.get(url + "/accounts/fixture#devices")
    d.set_window_size(1400, 1400)
    t = d.find_element(By.TAG_NAME, "body").text
    check("Lowest supply" in t and "11,000" in t,
          "browser: the device list shows its columns")
    d.save_screenshot(os.path.join(art, "triage-account.png"))
    d.get(url + devpath)
    t = d.find_element(By.TAG_NAME, "body").text
    check("Pages per month" in t and "Total pages" in t,
          "browser: the device page with its monthly volume")
    d.save_screenshot(os.path.join(art, "triage-device.png"))
finally:
    d.quit()
sys.exit(1 if webclient.failed else 0)
PYEOF
web_py "https://$HUBADDR:$PORT" tls/ca.pem "$PIN" "$ART" "$T"
# ---- kept per import: a new import, a new setting ----
desk_site "$T/s4" other
check "a second site imported into other while serving" test $? -eq 0
printf 'other silent-days 2\n' >"$HUB/attention.conf"
hrun hub attention --json
cp "$T/out" "$T/att2.json"
cat >"$T/web2.py" <<'PYEOF'
import http.cookiejar, json, re, ssl, sys, urllib.error, urllib.parse
import urllib.request
url, ca, att = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
ctx = ssl.create_default_context(cafile=ca)
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None
jar = http.cookiejar.CookieJar()
op = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ctx),
                                 urllib.request.HTTPCookieProcessor(jar),
                                 NoRedirect())
op.open(url + "/login", timeout=30).read()
tok = [c.value for c in jar if c.name == "__Host-fa_login"][0]
try:
    op.open(url + "/login", urllib.parse.urlencode(
        {"csrf": tok, "name": "boss", "password": "dealer-admin-pw-1"}
    ).encode(), timeout=60).read()
except urllib.error.HTTPError as e:
    assert e.code == 303, e.code
# the account page first: its triage computed inside the page's read
acct = op.open(url + "/accounts/other", timeout=60).read().decode()
ok = "1 to 10 of 10" in acct and acct.count("(stale, ") > 0
print(("ok - " if ok else "not ok - ") + "the account page computes the "
      "triage after an import")
body = op.open(url + "/accounts", timeout=60).read().decode()
row = re.search(r'<a href="/accounts/other">other</a></td>(.*?)</tr>', body,
                re.S).group(1)
got = re.findall(r'<td class="n">([^<]*)</td>', row)
k = [r["kind"] for r in att if r["account"] == "other"]
want = ["2", "10", str(k.count("error")), str(k.count("low") +
        k.count("empty")), str(k.count("silent")), str(k.count("anomaly"))]
ok = got == want and want[4] != "0"
print(("ok - " if ok else "not ok - ") + "after an import and a new "
      "attention.conf the page counts again (%s, want %s)" % (got, want))
PYEOF
env -i PATH=/usr/bin:/bin HOME="$T" "$PY" "$T/web2.py" \
    "https://$HUBADDR:$PORT" tls/ca.pem "$T/att2.json" >"$T/web2.out" 2>&1
cat "$T/web2.out"
grep -q '^not ok' "$T/web2.out" && _failed=1
[ "$(grep -c '^ok' "$T/web2.out")" -eq 2 ] || not_ok "web2.py ran"

hrun hub supplies --account fixture --csv
check "supplies.csv: the bytes of hub supplies --csv" cmp -s "$T/out" \
    "$T/supplies-web.csv"
last=$(env -i PATH=/usr/bin:/bin "$PY" -c "
import datetime
d = datetime.datetime.now(datetime.timezone.utc).date().replace(day=1)
print((d - datetime.timedelta(days=1)).strftime('%Y-%m'))")
hrun hub meters --account fixture --period "$last" --csv
check "meters.csv without a period: last month ($last)" cmp -s "$T/out" \
    "$T/meters-web-default.csv"
hub hub account audit --json >"$T/audit.json" 2>"$T/err"
check "access log: both downloads, by whom" $PY -c "
import json
k = {(r['who'], r['account'], r['action'], r['detail'])
     for r in json.load(open('$T/audit.json'))}
want = {('boss', 'fixture', 'download', 'meters 2026-11 (csv)'),
        ('boss', 'fixture', 'download', 'supplies to order (csv)')}
assert want <= k, sorted(k)
"
finish
