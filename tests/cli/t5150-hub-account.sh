#!/bin/sh
# t5150-hub-account: "fleetaudit hub account export NAME -o FILE" and
# "hub account delete NAME --yes".  The desk fixture imported for two
# accounts, fixture and other (two collectors), a supply suggestion and
# a queued command for fixture's collector, an account user of each.
#
# The export: one JSON line a row, every table's rows of the account
# (counted against the store), nothing of the other account, the file
# 0600.  The delete: refused without --yes (nothing gone); then every
# table holds nothing of the account, the other account is untouched
# (its rows counted before and after, its meter reads the same), the
# receipts stay, the users stay (their access to it goes), the store is
# sound, and the collector's old bundle cannot come back.
#
# On either hub store (tests/lib/hubstore.sh; t5151-hub-account-pg:
# PostgreSQL).
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
hub_store_start
HUB=$T/hub
cd "$T" || exit 1

# n ACCOUNT: the account's rows, table by table, one line.
n() {
	hub_q "$HUB" "SELECT
	    (SELECT count(*) FROM accounts WHERE name = '$1'),
	    (SELECT count(*) FROM collectors c JOIN accounts a ON a.id = c.account_id WHERE a.name = '$1'),
	    (SELECT count(*) FROM sites s JOIN accounts a ON a.id = s.account_id WHERE a.name = '$1'),
	    (SELECT count(*) FROM bundles b JOIN sites s ON s.id = b.site_id JOIN accounts a ON a.id = s.account_id WHERE a.name = '$1'),
	    (SELECT count(*) FROM devices d JOIN accounts a ON a.id = d.account_id WHERE a.name = '$1'),
	    (SELECT count(*) FROM records r JOIN sites s ON s.id = r.site_id JOIN accounts a ON a.id = s.account_id WHERE a.name = '$1'),
	    (SELECT count(*) FROM supply_orders o JOIN accounts a ON a.id = o.account_id WHERE a.name = '$1'),
	    (SELECT count(*) FROM user_accounts u JOIN accounts a ON a.id = u.account_id WHERE a.name = '$1')"
}

# shellcheck disable=SC2046  # --store URL: two words
hub hub init "$HUB" $(hub_init_opts hub) -q >/dev/null
check "the hub's store: $FA_HUB_STORE" hub_store_is "$HUB"
# a text only fixture's records hold (a cartridge's serial), which the
# delete takes with them
DESK_SITE_SQL="UPDATE supplies SET serial = 'FIXTURE-ONLY-SN-1' WHERE
    rowid = (SELECT min(rowid) FROM supplies)" desk_site "$T/s1" fixture
check "account fixture imported" test $? -eq 0
desk_site "$T/s2" other
check "account other imported" test $? -eq 0
FP1=$(hub_q "$HUB" "SELECT c.fingerprint FROM collectors c JOIN accounts a ON a.id = c.account_id WHERE a.name = 'fixture'")
printf 'user-pw-long-1\n' >pw
hub hub user add fu --role user --account fixture --password-file pw -q \
    >/dev/null 2>&1
hub hub user add ou --role user --account other --password-file pw -q \
    >/dev/null 2>&1
hub hub supplies --account fixture >/dev/null 2>&1
hub hub supplies --account other >/dev/null 2>&1
hub hub command add --collector "$FP1" logs >/dev/null 2>&1
# cmds: the commands queued for fixture's collector (on SQLite in
# HUB/commands.db, on PostgreSQL in schema cmdq).
cmds() {
	if [ "$FA_HUB_STORE" = sqlite ]; then
		sqlite3 -batch -noheader "$HUB/commands.db" \
		    "SELECT count(*) FROM commands WHERE fingerprint = '$FP1'"
	else
		hub_q "$HUB" "SELECT count(*) FROM cmdq.commands WHERE fingerprint = '$FP1'"
	fi
}
check "a command queued for fixture's collector" test "$(cmds)" -ge 1
FIXN=$(n fixture)
OTHN=$(n other)
hub hub meters --account other --period 2026-11 --csv >"$T/m1.csv" 2>/dev/null

# ---- export ----
hrun hub account export fixture -o "$T/fixture.jsonl"
check "export: exit 0, counts on stderr" sh -c \
    "[ $rc -eq 0 ] && grep -q \"exported 'fixture': 1 accounts, 1 collectors, 1 sites, 1 bundles, 5 devices\" '$T/err'"
check "export: the file is 0600" test "$(stat -c %a "$T/fixture.jsonl")" = 600
check "export: no temporary file left" test \
    "$(ls "$T" | grep -c 'fixture.jsonl.tmp')" -eq 0
check "export: every row of the account, none of the other" $PY -c "
import json, sys
lines = [json.loads(l) for l in open('$T/fixture.jsonl')]
h = lines[0]
assert h['fleetaudit'] == 'account-export' and h['account'] == 'fixture', h
c = {}
for l in lines[1:]:
    c[l['table']] = c.get(l['table'], 0) + 1
want = dict(zip(['accounts', 'collectors', 'sites', 'bundles', 'devices',
    'records', 'supply_orders', 'users'], map(int, '$FIXN'.split('|'))))
for t, k in want.items():
    assert c.get(t, 0) == k, (t, c.get(t, 0), k)
assert c.get('commands', 0) >= 1, c
rows = [l['row'] for l in lines[1:]]
dev = [r for l, r in zip(lines[1:], rows) if l['table'] == 'devices']
assert {d['serial'] for d in dev} == {'MTRA1', 'MTRB2', 'MTRC3', 'MTRD4', 'SUPE5'}
assert all(isinstance(d['data'], dict) for d in dev)
u = [r['name'] for l, r in zip(lines[1:], rows) if l['table'] == 'users']
assert u == ['fu'], u
other = [r for l, r in zip(lines[1:], rows) if l['table'] == 'collectors']
assert all(r['fingerprint'] == '$FP1' for r in other), other
"
hexpect 1 "no account 'nobody'" "export of an unknown account: exit 1" -- \
    hub account export nobody -o "$T/nobody.jsonl"
check "  ... and no file" test ! -e "$T/nobody.jsonl"
hexpect 2 "takes -o FILE" "export without -o: exit 2" -- \
    hub account export fixture

# ---- delete ----
hexpect 2 "add --yes" "delete without --yes: exit 2" -- \
    hub account delete fixture
check "  ... nothing deleted" test "$(n fixture)" = "$FIXN"
check "fixture's own text imported" test "$(hub_q "$HUB" \
    "SELECT count(*) FROM rec_text WHERE t = 'FIXTURE-ONLY-SN-1'")" = 1
RECEIPTS=$(ls "$HUB/receipts" | wc -l)
hrun hub account delete fixture --yes
check "delete: exit 0" test "$rc" -eq 0
check "delete: nothing of the account in any table" test \
    "$(n fixture)" = "0|0|0|0|0|0|0|0"
check "delete: its collector's queued commands gone" test "$(cmds)" = 0
check "delete: the other account untouched" test "$(n other)" = "$OTHN"
hub hub meters --account other --period 2026-11 --csv >"$T/m2.csv" 2>/dev/null
check "delete: the other account's meter reads the same" cmp -s \
    "$T/m1.csv" "$T/m2.csv"
check "delete: the receipts kept ($RECEIPTS)" test \
    "$(ls "$HUB/receipts" | wc -l)" -eq "$RECEIPTS" -a "$RECEIPTS" -ge 2
check "delete: the users kept" test \
    "$(hub_q "$HUB" "SELECT count(*) FROM users")" = 2
check "delete: the store is sound" test "$(hub_integrity "$HUB")" = ok
# the texts of records (hubrec.h, rec_text): none left that no record
# holds, as the records' JSON shows them
check "delete: fixture's own text gone" test "$(hub_q "$HUB" \
    "SELECT count(*) FROM rec_text WHERE t = 'FIXTURE-ONLY-SN-1'")" = 0
if [ "$FA_HUB_STORE" = sqlite ]; then pos=instr; else pos=strpos; fi
check "delete: no text left that only its records held" test "$(hub_q \
    "$HUB" "SELECT count(*) FROM rec_text x WHERE NOT EXISTS (SELECT 1 FROM
    records r WHERE $pos(r.data, x.t) > 0)")" = 0
hexpect 1 "no account 'fixture'" "the account is gone" -- \
    hub devices --account fixture
hrun hub import "$T/s1/b.bundle"
check "the old bundle is not imported again" test "$rc" -ne 0
hexpect 1 "no account 'fixture'" "deleting twice: exit 1" -- \
    hub account delete fixture --yes
hub hub account audit fixture --json >"$T/audit.json" 2>"$T/err"
check "access log: the export, the meters, kept after the delete" $PY -c "
import json
a = json.load(open('$T/audit.json'))
k = {(r['account'], r['action'], r['detail']) for r in a}
assert ('fixture', 'export', 'hub account export') in k, k
assert ('fixture', 'export', 'hub supplies') in k, k
assert all(r['who'].startswith('cli:') and r['address'] is None for r in a), a
"
hub hub account audit other >"$T/out" 2>&1
check "access log of another account: its own rows" sh -c \
    "grep -q ' other  *export  *hub meters 2026-11' '$T/out' &&
    ! grep -q ' fixture ' '$T/out'"
hexpect 2 "needs export, delete or audit" "no subcommand: exit 2" -- \
    hub account
hexpect 2 "takes one account NAME" "no name: exit 2" -- \
    hub account delete --yes
finish
