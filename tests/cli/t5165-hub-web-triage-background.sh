#!/bin/sh
# t5165-hub-web-triage-background: no page of the web view waits for an
# account's triage (its needs-attention counts, the device list's status,
# pages and lowest supply) after an import.  "hub serve" computes it in a
# thread of its own as soon as it sees the import; a page meanwhile shows
# the one kept before, says so (an "as of" line; the X-Triage header:
# "stale", else "fresh") and answers at once.
#
#  - account big: a site of 20 devices (tests/tools/bundle_mkstore)
#    imported while the hub serves: its page's triage turns "fresh" and
#    lists the 20 devices' page counts;
#  - a second site of 12,000 devices imported into big while serving: the
#    account page asked at once answers, from the triage kept before
#    (X-Triage: stale, the "as of" line, the new devices listed without
#    their triage columns), not waiting for the new one;
#  - within two minutes the page's triage is fresh again: the "as of"
#    line gone, the new devices with their page counts, the accounts
#    page's counts the command's ("hub attention --json").
#
# On either hub store (tests/lib/hubstore.sh; t5166-...-pg: PostgreSQL).
# The hub serves on 127.77.2.40:17640.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
hub_store_start
HUBADDR=127.77.2.40
PORT=17640
HUB=$T/hub
GEN=$top/${BUILD:-build}/tests/tools/bundle_mkstore
mkdir -p "$T/tls"
cd "$T" || exit 1

# shellcheck disable=SC2046  # --store URL: two words
hub hub init "$HUB" $(hub_init_opts hub) -q >/dev/null
check "the hub's store: $FA_HUB_STORE" hub_store_is "$HUB"
# site DIR DEVICES: a collector of DEVICES devices read once, its bundle
# DIR/b.bundle for account big
site() {
	mkdir -p "$1" && chmod 700 "$1" &&
	    "$GEN" "$1/store.db" "$2" 1 >/dev/null 2>"$T/gen.err" &&
	    env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$1" \
	    "$FA" keys init -q >/dev/null &&
	    hub hub trust add "$1/collector.pub" --account big -q \
	    >/dev/null 2>&1 &&
	    env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$1" \
	    "$FA" keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1 &&
	    env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$1" \
	    "$FA" export bundle -o "$1/b.bundle" >/dev/null 2>&1
}
site "$T/s1" 20
check "a site of 20 devices for account big" test -s "$T/s1/b.bundle"
site "$T/s2" 12000
check "a site of 12,000 devices for account big" test -s "$T/s2/b.bundle"
web_hub
hrun hub import "$T/s1/b.bundle"
check "the 20 devices imported while serving" test "$rc" -eq 0

cat >"$T/web.py" <<'PYEOF'
import re, sys, time
import webclient
from webclient import check, get, login
url, ca, step = sys.argv[1], sys.argv[2], sys.argv[3]
webclient.setup(url, ca)
op, st = login("boss", "dealer-admin-pw-1")
check(st == 303, "the admin logs in (%s)" % step)

def account():
    t0 = time.monotonic()
    st, h, b = get(op, "/accounts/big")
    return st, h.get("X-Triage"), b.decode(), time.monotonic() - t0

def until_fresh():
    # bounded: two minutes
    t0 = time.monotonic()
    while time.monotonic() - t0 < 120:
        st, tri, body, _ = account()
        if st == 200 and tri == "fresh":
            return body, time.monotonic() - t0
        time.sleep(0.2)
    return None, time.monotonic() - t0

def pages_shown(body):
    # the device list's page-count cells (with thousands separators)
    return len(re.findall(r'<td class="n">[0-9][0-9,]*</td>', body))

if step == "1":
    body, _ = until_fresh()
    check(body is not None and "1 to 20 of 20" in body,
          "the first site's triage is made and kept (X-Triage: fresh)")
    check(body is not None and pages_shown(body) >= 20 and
          "as of" not in body,
          "its devices with their page counts, no 'as of' line")
else:
    st, tri, body, took = account()
    check(st == 200 and "1 to 100 of 12,020" in body,
          "right after the import the account page answers with the "
          "12,020 devices", "%d" % st)
    check(tri == "stale",
          "... from the triage kept before (X-Triage: stale)", str(tri))
    check("as of" in body and "a newer import is being looked at" in body,
          "... and says so (the 'as of' line)")
    body2, waited = until_fresh()
    check(body2 is not None, "the new triage is made by the hub itself "
          "within two minutes (%.1f s)" % waited)
    print("# the page: %.2f s, the new triage after %.1f s" % (took, waited))
    check(body2 is not None and "as of" not in body2 and
          pages_shown(body2) >= 100,
          "then the page shows the new devices' page counts")
    st, h, b = get(op, "/accounts")
    print("#", h.get("X-Triage"))
    check(st == 200 and h.get("X-Triage") == "fresh",
          "the accounts page's counts are fresh too")
sys.exit(1 if webclient.failed else 0)
PYEOF
web() { web_py "https://$HUBADDR:$PORT" tls/ca.pem "$1"; }
web 1
hrun hub import "$T/s2/b.bundle"
check "the 12,000 devices imported while serving" test "$rc" -eq 0
web 2
finish
