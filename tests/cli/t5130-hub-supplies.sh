#!/bin/sh
# t5130-hub-supplies: "fleetaudit hub supplies", the cartridges to ship.
# The desk fixture (tests/tools/desk_fixture.c) exported and imported;
# by hand:
#
#   MTRA1's black CF289A is at 8%: at or under the 10% threshold (two
#     levels, 9 and 8%, too few for a date).
#   SUPE5's cyan CF411A fell 2 points a day from 90% on Nov 1 to 50% on
#     Nov 21: empty on 2026-12-16 (Nov 1 + 45 days), which is within 14
#     days of any day from 2026-12-02 on (the wall clock: the test needs
#     one after that).  Its black CF410A at 93% empties in 2029; its
#     waste box at 3% fills up: neither is ordered.
#
# Each cartridge is suggested once: --threshold 7 lists SUPE5's cyan
# only (and records it); the next listing has MTRA1's as new and SUPE5's
# as not; --new then lists nothing.  Ordered, a cartridge is not listed
# again; a new cartridge in MTRA1 (the fixture's "swap": 100%, then 6%)
# is, with a new number.  Then the errors.
#
# On either hub store (tests/lib/hubstore.sh; t5131-hub-supplies-pg:
# PostgreSQL).
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
hub_store_start
H=$T/home
HUB=$T/hub
FIX=$top/${BUILD:-build}/tests/tools/desk_fixture

# rows: the CSV rows of $T/out without the header, CR removed.
rows() { tr -d '\r' <"$T/out" | sed 1d; }
# col PART N: column N of the row of part PART.
col() { rows | grep "^[0-9]*,$1," | cut -d, -f"$2"; }
fx() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$H" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@"
}

mkdir -p "$H"
chmod 700 "$H"
"$FIX" "$H/store.db" >"$T/fix.out" 2>&1 ||
    { not_ok "fixture store written"; sed 's/^/# /' "$T/fix.out"; finish; }
fx keys init -q >/dev/null
# shellcheck disable=SC2046  # --store URL: two words
hub hub init "$HUB" $(hub_init_opts hub) -q >/dev/null
check "the hub's store: $FA_HUB_STORE" hub_store_is "$HUB"
fx keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
hub hub trust add "$H/collector.pub" --account fixture \
    --name "Head office" -q >/dev/null 2>&1
fx export bundle -o "$T/f1.bundle" >"$T/out" 2>&1 &&
    hub hub import "$T/f1.bundle" >"$T/out" 2>&1
check "fixture exported and imported" test $? -eq 0
FP=$(hub_q "$HUB" "SELECT fingerprint FROM sites")

# ---- the threshold, then the days ----
hrun hub supplies --account fixture --threshold 7 --csv
check "--threshold 7: exit 0" test "$rc" -eq 0
check "--threshold 7: only SUPE5's cyan, by its date (not MTRA1 at 8%)" \
    test "$(rows | cut -d, -f2 | tr '\n' ' ')" = "CF411A "
check "the documented header" sh -c "head -1 '$T/out' | tr -d '\r' | grep -qx \
    'id,part_number,quantity,description,colorant,level,reason,empty_by,serial,model,address,location,site,collector,device_id,supply_index,cartridge_serial,installed,suggested,new'"
check "SUPE5 cyan: empty by 2026-12-16, level 50, new" test \
    "$(col CF411A 3-8),$(col CF411A 21)" = \
    "1,Cyan Cartridge HP 410A,cyan,50,empty by 2026-12-16,2026-12-16T00:00:00Z,yes"
check "SUPE5 cyan: device, location, site (its name)" test \
    "$(col CF411A 9-17)" = \
    "SUPE5,Color LaserJet M452,127.77.21.5,\"Reception, desk 1\",Head office,$FP,2,2"
CYAN=$(col CF411A 1)

hrun hub supplies --account fixture --csv
check "default: MTRA1's black at 8% and SUPE5's cyan" test \
    "$(rows | cut -d, -f2 | sort | tr '\n' ' ')" = "CF289A CF411A "
check "MTRA1 black: at 8%, new; location" test \
    "$(col CF289A 2-7),$(col CF289A 9),$(col CF289A 12-13),$(col CF289A 21)" = \
    "CF289A,1,Black Cartridge HP 89A,black,8,at 8%,MTRA1,\"Floor 2, copy room\",yes"
check "SUPE5 cyan: suggested before, same number, not new" test \
    "$(col CF411A 1),$(col CF411A 21)" = "$CYAN,no"
check "never the waste box nor the slow black" sh -c \
    "! grep -q 'B5L37A\\|CF410A' '$T/out'"
BLACK=$(col CF289A 1)
hrun hub supplies --account fixture --new --csv
check "--new: nothing new since" test "$rc" -eq 0 -a -z "$(rows)"

# ---- ordered ----
hrun hub supplies order "$BLACK" --account fixture --by desk1
check "order: exit 0" test "$rc" -eq 0
check "the store keeps who ordered it" test \
    "$(hub_q "$HUB" "SELECT ordered_by, CASE WHEN ordered IS NULL THEN 0 ELSE 1 END FROM supply_orders WHERE id = $BLACK")" = "desk1|1"
hrun hub supplies --account fixture --csv
check "ordered: not listed again" test \
    "$(rows | cut -d, -f2 | tr '\n' ' ')" = "CF411A "
hexpect 1 "no supply suggestion $BLACK waiting for an order" \
    "ordered twice: exit 1" -- \
    hub supplies order "$BLACK" --account fixture

# ---- a swap: the new cartridge runs low in turn ----
"$FIX" "$H/store.db" swap >"$T/fix.out" 2>&1 &&
    fx export bundle -o "$T/f2.bundle" >"$T/out" 2>&1 &&
    hub hub import "$T/f2.bundle" >"$T/out" 2>&1
check "the swap exported and imported" test $? -eq 0
hrun hub supplies --account fixture --csv
check "after the swap: MTRA1's new cartridge at 6%, a new number" test \
    "$(col CF289A 6-7),$(col CF289A 19),$(col CF289A 21)" = \
    "6,at 6%,2026-12-15T00:00:00Z,yes" -a "$(col CF289A 1)" != "$BLACK"
hrun hub supplies --account fixture --json
check "json: the same two" $PY -c "
import json
d = json.load(open('$T/out'))
p = sorted((s['part_number'], s['quantity'], s['level']) for s in d['supplies'])
assert p == [('CF289A', 1, 6), ('CF411A', 1, 50)], p
"
hrun hub supplies --account fixture
check "table: the two" sh -c "grep -q ' CF289A .* at 6% .*MTRA1' '$T/out' &&
    grep -q ' CF411A .* empty by 2026-12-16' '$T/out'"

# ---- errors ----
hub hub init "$T/hub2" -q >/dev/null 2>&1
hexpect 2 "needs --account NAME" "no --account: exit 2" -- \
    hub supplies
hexpect 1 "no account 'nobody'" "unknown account: exit 1" -- \
    hub supplies --account nobody
hexpect 2 "threshold" "--threshold 101: exit 2" -- \
    hub supplies --account fixture --threshold 101
hexpect 2 "days" "--days -1: exit 2" -- \
    hub supplies --account fixture --days -1
hexpect 2 "suggestion number" "order x: exit 2" -- \
    hub supplies order x --account fixture
hexpect 2 "takes one ID" "order without ID: exit 2" -- \
    hub supplies order --account fixture
hexpect 2 "--by applies to" "--by when listing: exit 2" -- \
    hub supplies --account fixture --by me
hexpect 2 "unexpected 'buy'" "unknown word: exit 2" -- \
    hub supplies buy 1 --account fixture
before=$(hub_q "$HUB" "SELECT count(*) FROM supply_orders")
hexpect 1 "no account 'nobody'" "order in an unknown account: exit 1" -- \
    hub supplies order "$CYAN" --account nobody
check "nothing changed by the errors" test \
    "$(hub_q "$HUB" "SELECT count(*) FROM supply_orders WHERE ordered IS NULL")" = 2 -a \
    "$(hub_q "$HUB" "SELECT count(*) FROM supply_orders")" = "$before"
finish
