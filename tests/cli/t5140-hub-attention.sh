#!/bin/sh
# t5140-hub-attention: "fleetaudit hub attention" and the web view's
# /attention page: what needs the service desk across accounts, most
# urgent first.  The desk fixture (tests/tools/desk_fixture.c) imported
# for two accounts, fixture and other (two collectors); by hand, for any
# day from 2026-12-02 on (the wall clock):
#
#   error    MTRB2 "jammed" (its last read, Dec 11 12:00)
#   silent   SUPE5 last seen Nov 21, MTRC3 Nov 25 (over 3 days)
#   low      MTRA1 black at 8%; SUPE5 cyan empty by 2026-12-16
#   anomaly  MTRD4 total: decrease on 2026-12-08, 9000 to 100
#   never    SUPE5's black (empty in 2029), its waste box
#
# Then the web page: the dealer admin sees both accounts, an account user
# only its own, with links to the devices' pages; nobody logged in is
# sent to the login.  And an account's supply orders page (hub supplies
# on the web): the admin marks a cartridge ordered with its button (then
# it is gone from the page, the store says by whom), an account user sees
# no button and is refused the POST, a POST without the CSRF token is
# refused, another account's page is a 404.  Then the errors.
#
# On either hub store (tests/lib/hubstore.sh; t5141-hub-attention-pg:
# PostgreSQL).  The hub serves on 127.77.0.40:17540.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
hub_store_start
HUBADDR=127.77.0.40
PORT=17540
HUB=$T/hub
mkdir -p "$T/tls"
cd "$T" || exit 1

desk_hub

# ---- the command ----
hrun hub attention --json
check "json: exit 0" test "$rc" -eq 0
cp "$T/out" "$T/all.json"
check "every case by hand, most urgent first" $PY -c "
import json
d = json.load(open('$T/all.json'))
f = [(r['kind'], r['serial'], r['detail']) for r in d if r['account'] == 'fixture']
want = {
    ('error', 'MTRB2', 'jammed'),
    ('silent', 'SUPE5', None), ('silent', 'MTRC3', None),
    ('low', 'MTRA1', 'Black Cartridge HP 89A at 8%'),
    ('low', 'SUPE5', 'Cyan Cartridge HP 410A empty by 2026-12-16'),
    ('anomaly', 'MTRD4', 'total: decrease on 2026-12-08, 9000 to 100'),
}
got = {(k, s, None if k == 'silent' else x) for k, s, x in f}
assert want <= got, sorted(want - got)
assert not [x for x in f if 'HP 410A' in (x[2] or '') and 'Black' in x[2]], f
assert not [x for x in f if 'Collection' in (x[2] or '')], f
assert d[0]['kind'] == 'error', d[0]
ranks = [r['rank'] for r in d]
assert ranks == sorted(ranks), ranks
assert {r['account'] for r in d} == {'fixture', 'other'}
assert {r['site'] for r in d if r['account'] == 'fixture'} == {'Head office, floor 2'}
assert {r['site'] for r in d if r['account'] == 'other'} == {None}
s = [r for r in f if r[0] == 'silent' and r[1] == 'SUPE5']
assert s and s[0][2].startswith('not reporting since 2026-11-21 ('), s
"
hrun hub attention --account other
hub hub trust list --json >"$T/trust.json" 2>/dev/null
check "trust list --json: the site's name" $PY -c "
import json
t = {r['account']: r['name'] for r in json.load(open('$T/trust.json'))}
assert t == {'fixture': 'Head office, floor 2', 'other': None}, t
"
check "--account other: only its rows, header first" sh -c \
    "head -1 '$T/out' | grep -q '^KIND' &&
    [ \$(sed 1d '$T/out' | grep -vc '^[a-z]* *other ') -eq 0 ] &&
    grep -q '^error *other *MTRB2 .*jammed' '$T/out'"
hrun hub attention --silent-days 365
check "--silent-days 365: nobody silent (last reads in 2026-11)" \
    sh -c "[ $rc -eq 0 ] && ! grep -q '^silent' '$T/out'" 

# ---- the web page ----
web_hub olga
B2=$(hub_q "$HUB" "SELECT d.id FROM devices d JOIN accounts a ON a.id = d.account_id WHERE a.name = 'fixture' AND d.serial = 'MTRB2'")
cat >"$T/web.py" <<'PYEOF'
import re, sys, urllib.parse
import webclient
from webclient import check, client, login, get_text as get
url, ca, b2 = sys.argv[1], sys.argv[2], sys.argv[3]
webclient.setup(url, ca)
op, _ = client()
st, h, _ = get(op, "/attention")
check(st == 303 and h["Location"] == "/login",
      "web: /attention without a session goes to the login")
op, st = login("boss", "dealer-admin-pw-1")
check(st == 303, "web: the admin logs in")
st, _, body = get(op, "/attention")
check(st == 200 and "<h1>Needs attention</h1>" in body,
      "web: /attention answers 200")
rows = re.findall(r'<tr class="att-([a-z]+)">(.*?)</tr>', body, re.S)
check(rows and rows[0][0] == "error" and "jammed" in rows[0][1],
      "web: the error first")
check({"fixture", "other"} <= set(re.findall(r'href="/accounts/([a-z]+)"',
      body)), "web: the admin sees both accounts")
check('href="/devices/%s"' % b2 in body, "web: links to the device's page")
check("empty by 2026-12-16" in body and "decrease on 2026-12-08" in body,
      "web: supplies and anomalies listed")
check("<td class=\"hide-narrow\">Head office, floor 2</td>" in body,
      "web: the site's name")
st, _, body = get(op, "/accounts")
check('href="/attention"' in body and 'href="/audit"' in body,
      "web: the accounts page links to it and, for an admin, the log")
st, _, _ = get(op, "/accounts/fixture")
st2, _, _ = get(op, "/devices/%s" % b2)
check(st == 200 and st2 == 200, "web: the admin views an account, a device")
st, _, body = get(op, "/accounts/fixture/orders")
forms = re.findall(r'<input type="hidden" name="csrf" value="([0-9a-f]+)">'
                   r'<input type="hidden" name="id" value="([0-9]+)">', body)
check(st == 200 and "CF289A" in body and "CF411A" in body and len(forms) == 2,
      "web: orders page with a button per cartridge (%d)" % len(forms))
ids = dict(re.findall(r'<td>(CF[0-9A]+)</td>.*?name="id" value="([0-9]+)"',
                      body))
st, _, _ = get(op, "/accounts/fixture/orders", urllib.parse.urlencode(
    {"id": ids.get("CF289A", "0")}).encode())
check(st == 403, "web: marking ordered without the CSRF token: 403")
st, h, _ = get(op, "/accounts/fixture/orders", urllib.parse.urlencode(
    {"csrf": forms[0][0], "id": ids.get("CF289A", "0")}).encode())
check(st == 303 and h["Location"] == "/accounts/fixture/orders",
      "web: the admin marks MTRA1's cartridge ordered")
st, _, body = get(op, "/accounts/fixture/orders")
check(st == 200 and "CF289A" not in body and "CF411A" in body,
      "web: an ordered cartridge is gone from the page")
st, _, _ = get(op, "/accounts/fixture/orders", urllib.parse.urlencode(
    {"csrf": forms[0][0], "id": ids.get("CF289A", "0")}).encode())
check(st == 409, "web: ordered twice: 409")
op, st = login("olga", "other-user-pw-1")
st, _, body = get(op, "/accounts/other/orders")
check(st == 200 and "CF411A" in body and "Mark ordered" not in body,
      "web: an account user sees its orders, no button")
m = re.search(r'name="csrf" value="([0-9a-f]+)"', body)
st, _, _ = get(op, "/accounts/other/orders", urllib.parse.urlencode(
    {"csrf": m.group(1) if m else "", "id": "1"}).encode())
check(st == 403, "web: an account user may not mark ordered: 403")
st, _, _ = get(op, "/accounts/fixture/orders")
check(st == 404, "web: another account's orders: 404")
st, _, body = get(op, "/audit")
check(st == 404, "web: the access log is for dealer admins only: 404")
st, _, body = get(op, "/attention")
acc = set(re.findall(r'<td><a href="/accounts/([a-z]+)">', body))
check(st == 200 and acc == {"other"},
      "web: an account user sees only its account (%s)" % sorted(acc))
check('href="/devices/%s"' % b2 not in body,
      "web: nor another account's devices")
op, st = login("boss", "dealer-admin-pw-1")
st, _, body = get(op, "/audit")
check(st == 200 and "<td>olga</td>" in body and "<td>boss</td>" in body
      and "device %s" % b2 in body, "web: the admin reads the access log")
PYEOF
env -i PATH=/usr/bin:/bin HOME="$T" PYTHONPATH="$top/tests/lib" "$PY" \
    "$T/web.py" "https://$HUBADDR:$PORT" tls/ca.pem "$B2" >"$T/web.out" \
    2>"$T/web.err"
rc=$?
cat "$T/web.out"
if [ "$rc" -ne 0 ] || [ ! -s "$T/web.out" ]; then
	not_ok "web.py ran (exit $rc)"
	tail -5 "$T/web.err" | sed 's/^/# /'
fi
grep -q '^not ok' "$T/web.out" && _failed=1

# ---- errors ----
hexpect 2 "silent-days" "--silent-days 0: exit 2" -- \
    hub attention --silent-days 0
hexpect 1 "no account 'nobody'" "unknown account: exit 1" -- \
    hub attention --account nobody
hexpect 2 "unexpected 'now'" "a stray word: exit 2" -- \
    hub attention now
hexpect 2 "1 to 64 characters" "--name too long: exit 2" -- \
    hub trust add "$T/s2/collector.pub" --account other --name \
    "$(printf '%065d' 0)"
hexpect 2 "no control characters" "--name with a tab: exit 2" -- \
    hub trust add "$T/s2/collector.pub" --account other --name "$(printf 'a\tb')"
hexpect 2 "applies to 'hub trust add', 'hub notify add' and 'hub notify remove' only, not to 'hub show'" "--name elsewhere: exit 2" -- \
    hub show --name x
check "the web order is in the store, by the admin" test \
    "$(hub_q "$HUB" "SELECT o.ordered_by, o.part_number FROM supply_orders o JOIN accounts a ON a.id = o.account_id WHERE a.name = 'fixture' AND o.ordered IS NOT NULL")" = "boss|CF289A"
hub hub account audit --json >"$T/audit.json" 2>"$T/err"
check "access log: each view, download and order, by whom" $PY -c "
import json
a = json.load(open('$T/audit.json'))
k = {(r['who'], r['account'], r['action'], r['detail']) for r in a}
want = {('boss', 'fixture', 'view', 'account page'),
        ('boss', 'fixture', 'view', 'device $B2'),
        ('boss', 'fixture', 'view', 'supply orders'),
        ('boss', None, 'view', 'needs attention'),
        ('olga', 'other', 'view', 'supply orders')}
assert want <= k, sorted(want - k)
assert [r for r in a if r['action'] == 'order' and r['who'] == 'boss'
        and r['account'] == 'fixture'], a
assert not [r for r in a if r['who'] == 'olga' and r['account'] == 'fixture'], a
assert all(r['address'] for r in a if r['who'] in ('boss', 'olga')), a
"
check "the site keeps its name after the errors" test \
    "$(hub_q "$HUB" "SELECT count(*) FROM collectors WHERE name IS NOT NULL")" = 1
finish
