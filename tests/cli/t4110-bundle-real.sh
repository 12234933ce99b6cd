#!/bin/sh
# t4110-bundle-real: the bundle round trip on the real recordings of
# ../shared/devices (served by snmpsim, community = file name): each
# recording assessed twice into one home, exported in two bundles
# (the second mostly "seen unchanged" records), imported by a hub, and
# every record the hub holds equal to the collector store's row
# (tests/lib/bundle_cmp.py); then hub devices lists every device.
#
# On either hub store (tests/lib/hubstore.sh; t4111-bundle-real-pg:
# PostgreSQL).
#
# Addresses: 127.77.15.200, port 11161.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
EP=127.77.15.200
H=$T/home
HUB=$T/hub
real_devices_bed "$EP:11161"
hub_store_start
hub() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$HUB" \
	    ${PGPASSWORD+"PGPASSWORD=$PGPASSWORD"} \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@"
}
# assess_all: every recording once (one assessment each).
assess_all() {
	_cnt=0 _bad=0
	for f in "$DEV"/*.snmprec; do
		name=$(basename "$f" .snmprec)
		_cnt=$((_cnt + 1))
		fa assess -q --port 11161 -c "$name" "$EP" >/dev/null \
		    2>"$T/assess.err" || { _bad=$((_bad + 1)); sed 's/^/# /' "$T/assess.err" | head -2; }
	done
	[ "$_bad" -eq 0 ]
}
check "every recording assessed" assess_all
fa keys init -q >/dev/null
# shellcheck disable=SC2046  # --store URL: two words
hub hub init "$HUB" $(hub_init_opts hub) -q >/dev/null
check "the hub's store: $FA_HUB_STORE" hub_store_is "$HUB"
fa keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
hub hub trust add "$H/collector.pub" --account real -q >/dev/null
fa export bundle -o "$T/r1.bundle" >/dev/null 2>"$T/err"
check "first export" test -s "$T/r1.bundle"
check "every recording assessed again" assess_all
fa export bundle -o "$T/r2.bundle" >"$T/out" 2>"$T/err"
check "second export has seen-unchanged records" grep -Eq '\([1-9][0-9]* seen unchanged\)' "$T/out"
hub hub import "$T/r1.bundle" "$T/r2.bundle" >"$T/out" 2>"$T/err"
check "both imported" test "$(grep -c '^imported: ' "$T/out")" -eq 2
FP=$(fa keys show --json | $PY -c 'import json,sys; print(json.load(sys.stdin)["fingerprint"])')
$PY "$top/tests/lib/bundle_cmp.py" "$H/store.db" "$(hub_where "$HUB")" "$FP" >"$T/cmp.out" 2>&1
check "real devices: every value equal after import" test $? -eq 0
sed -n '/^#/p' "$T/cmp.out" | head -5
ndev=$(sqlite3 "$H/store.db" 'select count(*) from devices')
hub hub devices --account real --json >"$T/devs.json"
check "hub devices lists the $ndev devices" test "$(json_get "$T/devs.json" "len(j)")" = "$ndev"
finish
