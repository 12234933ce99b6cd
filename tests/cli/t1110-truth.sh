#!/bin/sh
# t1110-truth: the truth, measured.  Every real recording of ../shared/devices
# (served by snmpsim, community = file name) is assessed, and
# tests/lib/truth.py compares the results field by field with the peers'
# .expected.json: identity, supplies, page counters, states and the Brother
# sensors.  It prints one line per device, a match rate per field kind, every
# mismatch with both values, and a final line that passes only when the
# overall rate reaches the threshold in truth.py.  How it counts:
# docs/truth.md.
#
#   BUILD=build sh tests/run.sh t1110
. "$(dirname "$0")/../lib/common.sh"
EP=127.77.7.1:11161
real_devices_bed "$EP"
mkdir "$T/res" || exit 1
n=0
for f in "$DEV"/*.snmprec; do
	name=$(basename "$f" .snmprec)
	[ -f "$DEV/$name.expected.json" ] || continue
	n=$((n + 1))
	fa assess --json -q --port 11161 -c "$name" 127.77.7.1 \
	    --home "$T/h.$name" >"$T/res/$name.json" 2>"$T/res/$name.err"
	echo "$?" >"$T/res/$name.rc"
done
check "recordings assessed: $n" test "$n" -ge 31
[ -z "${TRUTH_KEEP:-}" ] || cp -R "$T/res/." "$TRUTH_KEEP/"
$PY "$top/tests/lib/truth.py" "$DEV" "$T/res" || _failed=1
finish
