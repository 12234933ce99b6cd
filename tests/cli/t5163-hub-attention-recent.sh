#!/bin/sh
# t5163-hub-attention-recent: "hub attention" (and the web view's triage,
# which makes the same rows) reads each device's current state and its
# recent reads and flags, not the account's whole history.  The desk
# fixture (see t5140) imported for two accounts; then a meter record of
# an old scan (an id below every scan the fixture's devices made, a year
# of history before them) is put into the fixture's site with a text id
# the store does not hold:
#
#  - "hub attention --json" gives the very same rows as before it (a
#    reader of the whole history fails on that record: the old program
#    did, "names a text it does not hold");
#  - "hub report" of the account, which reads every record of the period
#    it is asked for, still meets it and says so: the record is there,
#    only the recent reader leaves it alone;
#  - the web view's /attention?account=fixture (its kept triage) lists
#    the same rows as the command.
#
# On either hub store (tests/lib/hubstore.sh; t5164-hub-attention-recent-pg:
# PostgreSQL).  The hub serves on 127.77.2.30:17630.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
hub_store_start
HUBADDR=127.77.2.30
PORT=17630
HUB=$T/hub
mkdir -p "$T/tls"
cd "$T" || exit 1

desk_hub
hrun hub attention --json
check "hub attention before: exit 0" test "$rc" -eq 0
cp "$T/out" "$T/before.json"
check "hub attention before: the fixture's rows" $PY -c "
import json
d = json.load(open('$T/before.json'))
assert len([r for r in d if r['account'] == 'fixture']) >= 5, d
"

# An old meter record: scan -5 (the fixture's scans are 1 and up), its
# name a text id no text has.
site=$(hub_q "$HUB" "SELECT s.id FROM sites s JOIN accounts a ON a.id = s.account_id WHERE a.name = 'fixture'")
if [ "$FA_HUB_STORE" = postgresql ]; then
	# (hub schema 15: meters packed 64 a row; row -1 is slot 64 of row -1)
	s64() { echo "ARRAY(SELECT CASE WHEN g = 64 THEN $1 END FROM generate_series(1, 64) g)"; }
	hub_q "$HUB" "INSERT INTO rec_meters_p (site_id, blk, hi, device_id, scan_id, last_scan_id, pos, name, value, bundle_id) SELECT site_id, -1, -5, $(s64 device_id), $(s64 -5), $(s64 -5), $(s64 0), $(s64 2000000000), $(s64 1), $(s64 bundle_id) FROM rec_meters WHERE site_id = $site ORDER BY \"row\" LIMIT 1" >/dev/null
else
	hub_q "$HUB" "INSERT INTO rec_meters (site_id, \"row\", device_id, scan_id, last_scan_id, pos, name, value, bundle_id) SELECT site_id, -1, device_id, -5, -5, 0, 2000000000, 1, bundle_id FROM rec_meters WHERE site_id = $site ORDER BY \"row\" LIMIT 1" >/dev/null
fi
check "the old record is in the store" test \
    "$(hub_q "$HUB" "SELECT count(*) FROM rec_meters WHERE site_id = $site AND last_scan_id = -5")" -eq 1

hrun hub attention --json
check "hub attention with a year-old record it cannot read: exit 0" \
    test "$rc" -eq 0
sed 's/^/# /' "$T/err" | head -3
check "hub attention: the same rows as before" $PY -c "
import json
a = json.load(open('$T/before.json'))
b = json.load(open('$T/out'))
assert a == b, (len(a), len(b))
"
hrun hub report -q --account fixture --from 2026-01-01 --to 2026-12-31 \
    --csv "$T/rep"
check "hub report over every date still reads the old record" sh -c \
    "[ $rc -ne 0 ] && grep -q 'name a text it does not hold' '$T/err'"

# ---- the web view's kept triage ----
web_hub
cat >"$T/web.py" <<'PYEOF'
import json, re, sys
import webclient
from webclient import check, get, login
url, ca, att = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
webclient.setup(url, ca)
op, st = login("boss", "dealer-admin-pw-1")
check(st == 303, "the admin logs in")
st, _, b = get(op, "/attention?account=fixture")
kinds = re.findall(r'<tr class="att-([a-z]+)">', b.decode())
want = [r["kind"] for r in att if r["account"] == "fixture"]
check(st == 200 and kinds == want,
      "/attention?account=fixture: the command's rows", "%s vs %s" %
      (kinds, want))
sys.exit(1 if webclient.failed else 0)
PYEOF
web_py "https://$HUBADDR:$PORT" tls/ca.pem "$T/before.json"
finish
