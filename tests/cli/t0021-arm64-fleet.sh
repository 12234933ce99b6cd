#!/bin/sh
# t0021-arm64-fleet: the arm64 build (make arm64) under qemu-user on the
# sample fleet: assess (every field checked, as t1000 does for amd64),
# the report (its CSV files equal to those the amd64 build writes from
# the same store), a bundle exported on arm64 that the amd64 hub imports
# (every record equal to the arm64 store's row), and run with ctl status
# and a clean stop.  Addresses: 127.77.40.N.
. "$(dirname "$0")/../lib/common.sh"
# make check (FA_SAN=1) tests its sanitizer build; this tests others.
if [ -n "${FA_SAN:-}" ]; then
	ok "arm64 under qemu # SKIP make check"
	finish
fi
P=127.77.40
A=$top/build/arm64/fleetaudit
if [ "$(uname -m)" != x86_64 ]; then
	ok "arm64 under qemu # SKIP not an amd64 machine"
	finish
fi
Q=$(command -v qemu-aarch64-static || command -v qemu-aarch64)
if [ -z "$Q" ] || [ ! -x "$A" ]; then
	not_ok "arm64 build and qemu-user (make deps; make arm64)"
	finish
fi
H=$T/home
HUB=$T/hub
# fa64 ARGS...: the arm64 fleetaudit, as fa runs the amd64 one.
fa64() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$H" \
	    "$Q" "$A" "$@"
}
hub() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$HUB" "$FA" "$@"
}
fleet_map $P
at_exit 'bed_stop "$T/bed"; [ -n "$pid" ] && kill -9 $pid 2>/dev/null'
mkdir "$T/bed"
bed_start "$T/bed" "$T/fleet.map" >"$T/bed.out" 2>&1 ||
    { not_ok "bed starts"; cat "$T/bed.out"; finish; }
V3="--v3-user $BED_V3_USER --v3-auth $BED_V3_AUTH --v3-priv $BED_V3_PRIV --v3-context $BED_V3_CONTEXT"

fa64 --version >"$T/v" 2>&1
check "arm64 fleetaudit --version" grep -q '^fleetaudit [0-9]' "$T/v"

# Assess: the same fields as the amd64 build reads (t1000).
t0=$(date +%s)
# shellcheck disable=SC2086
fa64 assess -q --json -c wrongcommunity -c public $V3 $P.1-20 >"$T/a.json" \
    2>"$T/a.err"
check "arm64 assess exits 0 ($(($(date +%s) - t0)) s under qemu)" test $? -eq 0
$PY "$top/tests/data/check_fleet.py" "$P" "$top/tests/data/fleet.expected" \
    "$T/a.json" >"$T/a.chk" 2>&1
sed 's/^\(not \)\{0,1\}ok - /&arm64: /' "$T/a.chk"
grep -q '^not ok' "$T/a.chk" && _failed=1
check "arm64 assess: 11 printers" test "$(json_get "$T/a.json" "len(j['devices'])")" = 11
# shellcheck disable=SC2086
fa64 assess -q -c public $V3 $P.1-20 >/dev/null 2>&1

# The report: the arm64 build's CSV files equal the amd64 build's, both
# from the store the arm64 build wrote.
fa64 report --csv "$T/csv64" --xlsx "$T/r.xlsx" --html "$T/r.html" \
    >"$T/r.out" 2>&1
check "arm64 report exits 0" test $? -eq 0
check "arm64 report: xlsx and HTML written" sh -c "unzip -tq '$T/r.xlsx' >/dev/null 2>&1 || [ \"\$(head -c 2 '$T/r.xlsx')\" = PK ]; grep -q '</html>' '$T/r.html'"
fa report --csv "$T/csv86" >/dev/null 2>&1
check "arm64 report: CSV files equal to the amd64 build's" diff -r "$T/csv64" "$T/csv86"
check "arm64 report: devices.csv lists the 11 printers" test "$(($(wc -l <"$T/csv64/devices.csv") - 1))" = 11

# A bundle from arm64, imported by the amd64 hub.
fa64 keys init -q >/dev/null 2>&1
hub hub init "$HUB" -q >/dev/null 2>&1
fa64 keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
hub hub trust add "$H/collector.pub" --account pi -q >/dev/null 2>&1
fa64 export bundle -o "$T/pi.bundle" >"$T/e.out" 2>&1
check "arm64 export bundle exits 0" test $? -eq 0
hub hub import "$T/pi.bundle" >"$T/i.out" 2>&1
check "the amd64 hub imports the arm64 bundle" sh -c "grep -q '1 imported' '$T/i.out'"
FP=$(fa64 keys show --json | $PY -c 'import json,sys; print(json.load(sys.stdin)["fingerprint"])')
$PY "$top/tests/lib/bundle_cmp.py" "$H/store.db" "$HUB/hub.db" "$FP" >"$T/cmp.out" 2>&1
check "every record at the hub equals the arm64 store's row" test $? -eq 0
sed -n '/^#/p' "$T/cmp.out" | head -5
hub hub devices --account pi >"$T/d.out" 2>&1
check "hub devices --account pi: 11 devices" test "$(grep -c "$P\." "$T/d.out")" = 11

# run on arm64, ctl status, SIGTERM.
cat >"$H/fleetaudit.conf" <<EOC
range = $P.1-20
timeout = 400ms
retries = 0
community = public
[credential v3]
version = 3
user = $BED_V3_USER
auth = $BED_V3_AUTH
priv = $BED_V3_PRIV
context = $BED_V3_CONTEXT
EOC
env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$H" "$Q" "$A" run \
    2>"$T/run.log" &
pid=$!
n=0
until fa64 ctl status --json >"$T/st.json" 2>/dev/null &&
    [ "$(json_get "$T/st.json" "(j['kinds']['discovery']['last'] or {}).get('read')")" = 11 ]; do
	n=$((n + 1))
	[ "$n" -lt 120 ] || break
	sleep 0.5
done
check "arm64 run: ctl status shows the first discovery (11 read)" test "$(json_get "$T/st.json" "j['kinds']['discovery']['last']['read']")" = 11
fa64 ctl status >"$T/st.txt" 2>&1
check "arm64 ctl status (text): one line per kind" sh -c "for k in discovery meters supplies errors attributes; do grep -q \"^\$k \" '$T/st.txt' || exit 1; done"
kill -TERM $pid
n=0
while kill -0 $pid 2>/dev/null && [ $n -lt 150 ]; do sleep 0.1; n=$((n + 1)); done
wait $pid
rc=$?
pid=
check "arm64 run: SIGTERM, exit 0" test "$rc" -eq 0
check "arm64 run: socket removed" test ! -e "$H/ctl.sock"
finish
