#!/bin/sh
# t6020-crash-export: "export bundle" and "hub import" killed with SIGKILL
# at random points, many times (bounded): the collector's store and the
# hub's stay intact (PRAGMA integrity_check), a bundle under its final
# name is always whole (it verifies), no half bundle is in the hub (every
# record belongs to a bundle the hub recorded), and reruns complete with
# nothing lost or doubled: every value of the collector's store equals
# the hub's after all (tests/lib/bundle_cmp.py).  Loopback: 127.77.21.x.
# On either hub store (tests/lib/hubstore.sh; t6021-crash-export-pg:
# PostgreSQL, where an import killed mid-transaction must leave nothing
# half written either, checked by pg_amcheck and the same queries).
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
hub_store_start
P=127.77.21
H=$T/home
HUB=$T/hub
mkdir "$T/out"
fleet_bed $P
hub() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$HUB" \
	    ${PGPASSWORD+"PGPASSWORD=$PGPASSWORD"} \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@"
}
# pause MIN MAX: sleep a random number of milliseconds in [MIN, MAX).
pause() {
	ms=$(( $(od -An -N2 -tu2 /dev/urandom) % ($2 - $1) + $1 ))
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
}

fa keys init -q >/dev/null
# shellcheck disable=SC2046  # --store URL: two words
hub hub init "$HUB" $(hub_init_opts hub) -q >/dev/null
check "the hub's store: $FA_HUB_STORE" hub_store_is "$HUB"
fa keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
hub hub trust add "$H/collector.pub" --account acme -q >/dev/null
FP=$(fa keys show --json | $PY -c 'import json,sys; print(json.load(sys.stdin)["fingerprint"])')

# --- export, killed -----------------------------------------------------------
# How long one export takes here: the kills land within that time.
fa assess -q -t 1s $P.1-12 >/dev/null 2>&1
t0=$(date +%s%N)
fa export bundle -o "$T/out/b0.bundle" >/dev/null 2>&1
dur=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$dur" -ge 5 ] || dur=5
echo "# one export: $dur ms"
i=0
bad=0
whole=0
while [ $i -lt 10 ]; do
	i=$((i + 1))
	fa assess -q -t 1s $P.1-12 >/dev/null 2>&1
	fa_bg export bundle -o "$T/out/b$i.bundle" >/dev/null 2>&1
	pid=$!
	pause 1 "$dur"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	[ "$(sqlite3 "$H/store.db" 'pragma integrity_check')" = ok ] ||
	    { bad=$((bad + 1)); echo "# export $i: store integrity"; }
	if [ -e "$T/out/b$i.bundle" ]; then
		fa bundle inspect "$T/out/b$i.bundle" >/dev/null 2>&1 ||
		    { bad=$((bad + 1)); echo "# export $i: half bundle"; }
		whole=$((whole + 1))
	fi
done
check "export killed x$i: store intact, every bundle under its name whole ($whole written)" test "$bad" -eq 0
check "some exports were killed before their bundle was written" test "$whole" -lt "$i"
# Temporary files of killed exports never carry a bundle's name.
rm -f "$T"/out/*.tmp-*
fa export bundle -o "$T/out/last.bundle" >/dev/null 2>"$T/err"
check "an export after them completes" test $? -eq 0

# --- hub import, killed ------------------------------------------------------
# How long the whole import takes (into a copy of the hub): the kills land
# within that time.
hub_copy "$HUB" "$T/hub0"
hub_copy "$HUB" "$T/hub.pristine"
t0=$(date +%s%N)
env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$T/hub0" \
    ${PGPASSWORD+"PGPASSWORD=$PGPASSWORD"} "$FA" hub import "$T/out" >/dev/null 2>&1
dur=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$dur" -ge 5 ] || dur=5
echo "# one import of every bundle: $dur ms"
i=0
bad=0
cut=0
while [ $i -lt 10 ]; do
	i=$((i + 1))
	# Each kill interrupts a fresh import of every bundle.
	hub_copy "$T/hub.pristine" "$HUB"
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$HUB" \
	    ${PGPASSWORD+"PGPASSWORD=$PGPASSWORD"} "$FA" hub import "$T/out" >/dev/null 2>&1 &
	pid=$!
	pause 1 "$dur"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	[ "$(hub_q "$HUB" 'select count(*) from bundles')" -lt \
	    "$(ls "$T"/out/*.bundle | wc -l)" ] && cut=$((cut + 1))
	[ "$(hub_integrity "$HUB")" = ok ] ||
	    { bad=$((bad + 1)); echo "# import $i: hub integrity"; }
	[ "$(hub_q "$HUB" 'select count(*) from records r where not exists (select 1 from bundles b where b.id = r.bundle_id)')" = 0 ] ||
	    { bad=$((bad + 1)); echo "# import $i: records without their bundle"; }
done
check "hub import killed x$i: hub intact, no half bundle ($cut left it short)" test "$bad" -eq 0
check "some imports were killed half way" test "$cut" -gt 0
hub hub import "$T/out" >"$T/imp.out" 2>&1
check "an import after the last kill completes" test $? -eq 0
n=$(ls "$T"/out/*.bundle | wc -l)
check "every bundle is in the hub once ($n)" test "$(hub_q "$HUB" 'select count(*) from bundles')" -eq "$n"
$PY "$top/tests/lib/bundle_cmp.py" "$H/store.db" "$(hub_where "$HUB")" "$FP" >"$T/cmp.out" 2>&1
check "nothing lost or doubled: every value equal" test $? -eq 0
sed -n '/^#/p' "$T/cmp.out" | head -5
finish
