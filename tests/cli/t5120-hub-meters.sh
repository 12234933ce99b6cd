#!/bin/sh
# t5120-hub-meters: "fleetaudit hub meters", the meter reads for billing.
# The desk fixture (tests/tools/desk_fixture.c) exported and imported;
# for November 2026 the cut-off is 2026-12-01T00:00:00Z, and by hand:
#
#   MTRA1 mono (its total: no colour meter): reads 12 h before the
#     cut-off (10500) and 6 h after it (10600): the nearer one, actual
#     10600 read 2026-12-01T06:00:00Z.  scans: 300, one run over every
#     read, so actual 300 at the same read.
#   MTRB2 mono and colour: reads on Nov 21 00:00 and Dec 11 12:00, both
#     beyond 3 days: linear, dt = 10 d = 864000 s of 20.5 d = 1771200 s:
#     mono 4000 + 2000 * 864000 / 1771200 = 4975.6 -> 4975, colour
#     1000 + 500 * 864000 / 1771200 = 1243.9 -> 1243, estimated.  Its
#     total is not billed as mono: it has a colour meter.
#   MTRC3: last read Nov 25, nothing after: missing (never past the last
#     read); with --tolerance 7d the Nov 25 read (2600) is actual.
#   MTRD4: 9000 on Nov 20, 100 on Dec 8: the counter went down, missing.
#   December 2026 (cut-off 2027-01-01): MTRA1's last read is Dec 10,
#     missing.
# Then a meter map of the account's own (HUB/meters/fixture.map) and one
# given with --map, and the errors: no --period, a bad period, a bad
# tolerance, an unknown account, a bad map (file:line).
#
# On either hub store (tests/lib/hubstore.sh; t5121-hub-meters-pg:
# PostgreSQL).
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
hub_store_start
H=$T/home
HUB=$T/hub
FIX=$top/${BUILD:-build}/tests/tools/desk_fixture

# row FILE SERIAL CODE: the CSV row of SERIAL's CODE, CR removed.
row() { tr -d '\r' <"$1" | grep "^$2,[^,]*,$3,"; }
# has FILE SERIAL CODE EXPECTED NAME: the row's first 7 columns.
has() {
	_got=$(row "$1" "$2" "$3" | cut -d, -f1-7)
	if [ "$_got" = "$4" ]; then
		ok "$5"
	else
		not_ok "$5"
		echo "# got:      $_got"
		echo "# expected: $4"
	fi
}

mkdir -p "$H"
chmod 700 "$H"
fx() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$H" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@"
}
"$FIX" "$H/store.db" >"$T/fix.out" 2>&1 ||
    { not_ok "fixture store written"; sed 's/^/# /' "$T/fix.out"; finish; }
fx keys init -q >/dev/null
# shellcheck disable=SC2046  # --store URL: two words
hub hub init "$HUB" $(hub_init_opts hub) -q >/dev/null
check "the hub's store: $FA_HUB_STORE" hub_store_is "$HUB"
fx keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
hub hub trust add "$H/collector.pub" --account fixture -q >/dev/null 2>&1
fx export bundle -o "$T/f.bundle" >"$T/out" 2>&1 &&
    hub hub import "$T/f.bundle" >"$T/out" 2>&1
check "fixture exported and imported" test $? -eq 0

# ---- November, the default map ----
hrun hub meters --account fixture --period 2026-11 --csv
cp "$T/out" "$T/nov.csv"
check "csv: exit 0" test "$rc" -eq 0
check "csv: the documented header, CRLF" sh -c "head -1 '$T/nov.csv' |
    grep -q '^serial,asset_number,billing_code,value,read_date,read_type,method,meter,model,address,collector,device_id.\$'"
has "$T/nov.csv" MTRA1 mono \
    "MTRA1,ASSET-A1,mono,10600,2026-12-01T06:00:00Z,actual,nearest read" \
    "nearest read, after the cut-off: MTRA1 mono 10600"
check "MTRA1 mono counts its total" test \
    "$(row "$T/nov.csv" MTRA1 mono | cut -d, -f8-10)" = \
    "total,LaserJet M507,127.77.21.1"
has "$T/nov.csv" MTRA1 scans \
    "MTRA1,ASSET-A1,scans,300,2026-12-01T06:00:00Z,actual,nearest read" \
    "a value read again unchanged (one run): MTRA1 scans 300"
has "$T/nov.csv" MTRB2 mono \
    "MTRB2,,mono,4975,2026-12-01T00:00:00Z,estimated,linear 2026-11-21T00:00:00Z 2026-12-11T12:00:00Z" \
    "linear estimate: MTRB2 mono 4975"
has "$T/nov.csv" MTRB2 colour \
    "MTRB2,,colour,1243,2026-12-01T00:00:00Z,estimated,linear 2026-11-21T00:00:00Z 2026-12-11T12:00:00Z" \
    "linear estimate: MTRB2 colour 1243"
check "a colour device's total is not its mono" test \
    "$(row "$T/nov.csv" MTRB2 mono | cut -d, -f8)" = mono
has "$T/nov.csv" MTRC3 mono \
    "MTRC3,,mono,,,missing,no read after the cut-off (last read 2026-11-25T00:00:00Z)" \
    "nothing past the last read: MTRC3 missing"
has "$T/nov.csv" MTRD4 mono \
    "MTRD4,,mono,,,missing,the counter went down (last read 2026-12-08T00:00:00Z)" \
    "no line across a counter that went down: MTRD4 missing"
check "one row per billed counter (6)" test \
    "$(tr -d '\r' <"$T/nov.csv" | sed 1d | wc -l)" -eq 6
check "no colour row for mono devices" sh -c \
    "! grep -q '^MTR[ACD].*,colour,' '$T/nov.csv'"

hrun hub meters --account fixture --period 2026-11 --tolerance 7d --csv
has "$T/out" MTRC3 mono \
    "MTRC3,,mono,2600,2026-11-25T00:00:00Z,actual,nearest read" \
    "--tolerance 7d: MTRC3's read 6 days before is actual"

hrun hub meters --account fixture --period 2026-12 --csv
has "$T/out" MTRA1 mono \
    "MTRA1,ASSET-A1,mono,,,missing,no read after the cut-off (last read 2026-12-10T00:00:00Z)" \
    "December: past MTRA1's last read, missing"

hrun hub meters --account fixture --period 2026-11 --json
check "json: exit 0" test "$rc" -eq 0
check "json: the same values" $PY -c "
import json, sys
d = json.load(open('$T/out'))
r = {(x['serial'], x['billing_code']): x for x in d['reads']}
assert d['cutoff'] == '2026-12-01T00:00:00Z', d['cutoff']
assert r[('MTRA1', 'mono')]['value'] == 10600
assert r[('MTRB2', 'mono')]['value'] == 4975
assert r[('MTRB2', 'colour')]['read_type'] == 'estimated'
assert r[('MTRC3', 'mono')]['value'] is None
assert r[('MTRC3', 'mono')]['read_type'] == 'missing'
assert len(d['reads']) == 6
"
hrun hub meters --account fixture --period 2026-11
check "table: header and MTRB2's estimate" sh -c \
    "head -1 '$T/out' | grep -q '^SERIAL' &&
    grep -q '^MTRB2 .* mono .* 4975 .*estimated' '$T/out'"

# ---- meter maps ----
mkdir -p "$HUB/meters"
cat >"$HUB/meters/fixture.map" <<'EOF'
# fixture's contract: every impression billed as "clicks"
clicks = total   # mono and colour alike
EOF
hrun hub meters --account fixture --period 2026-11 --csv
has "$T/out" MTRB2 clicks \
    "MTRB2,,clicks,6219,2026-12-01T00:00:00Z,estimated,linear 2026-11-21T00:00:00Z 2026-12-11T12:00:00Z" \
    "the account's map: MTRB2 clicks = total, 5000 + 2500 * 864000 / 1771200 -> 6219"
check "the account's map: only its codes" test \
    "$(tr -d '\r' <"$T/out" | sed 1d | cut -d, -f3 | sort -u)" = clicks
printf 'mono = mono\nscans = scan\n' >"$T/given.map"
hrun hub meters --account fixture --period 2026-11 --map "$T/given.map" \
    --csv
check "--map wins: MTRA1 has scans but no mono (no 'mono' meter)" test \
    "$(tr -d '\r' <"$T/out" | grep '^MTRA1,' | cut -d, -f3)" = scans

# ---- errors ----
printf 'mono = mono\ncolour = colour, \n' >"$T/bad.map"
hexpect 2 "bad.map:2: .* is not a meter name" "bad map: file:line, exit 2" \
    -- hub meters --account fixture --period 2026-11 --map "$T/bad.map"
printf 'mono = mono\nmono = total\n' >"$T/dup.map"
hexpect 2 "dup.map:2: billing code 'mono' given twice" "code twice: exit 2" \
    -- hub meters --account fixture --period 2026-11 --map "$T/dup.map"
hexpect 2 "cannot read meter map" "no map file: exit 2" -- \
    hub meters --account fixture --period 2026-11 --map "$T/none.map"
hexpect 2 "needs --period YYYY-MM" "no --period: exit 2" -- \
    hub meters --account fixture
hexpect 2 "needs --account NAME" "no --account: exit 2" -- \
    hub meters --period 2026-11
hexpect 2 "period '2026-13' is not a month" "month 13: exit 2" -- \
    hub meters --account fixture --period 2026-13
hexpect 2 "period '2026-1' is not YYYY-MM" "short period: exit 2" -- \
    hub meters --account fixture --period 2026-1
hexpect 2 "tolerance" "tolerance over a month: exit 2" -- \
    hub meters --account fixture --period 2026-11 --tolerance 40d
hexpect 2 "not both" "--csv and --json: exit 2" -- \
    hub meters --account fixture --period 2026-11 --csv --json
hexpect 1 "no account 'nobody'" "unknown account: exit 1" -- \
    hub meters --account nobody --period 2026-11
hexpect 2 "unknown option '--perio'" "abbreviated option: exit 2" -- \
    hub meters --account fixture --perio 2026-11
finish
