#!/bin/sh
# t1100-real-devices: every real recording of ../shared/devices (served by
# snmpsim, community = file name) assesses without error, and vendor,
# model, serial and every supply's description, level and max match the
# recording's .expected.json (tests/lib/check_expected.py).  Where the
# peer's value differs on purpose (it shows "some remaining" as 50 % and an
# unknown capacity as 100), the check says so in a "#" line.
. "$(dirname "$0")/../lib/common.sh"
EP=127.77.2.1:11161
real_devices_bed "$EP"
n=0
for f in "$DEV"/*.snmprec; do
	name=$(basename "$f" .snmprec)
	[ -f "$DEV/$name.expected.json" ] || continue
	n=$((n + 1))
	fa assess -q --json --home "$T/h.$name" --port 11161 -c "$name" \
	    127.77.2.1 >"$T/$name.json" 2>"$T/$name.err"
	rc=$?
	check "$name: assess exits 0" test "$rc" -eq 0
	$PY "$top/tests/lib/check_expected.py" "$name" "$T/$name.json" \
	    "$DEV/$name.expected.json" || _failed=1
done
check "recordings checked: $n" test "$n" -ge 31
finish
