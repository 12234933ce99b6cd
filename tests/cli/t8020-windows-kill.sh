#!/bin/sh
# t8020-windows-kill: fleetaudit.exe under Wine, killed (SIGKILL to the
# Wine process, as a power cut or Task Manager's "End task" would) in the
# middle of an assessment, leaves a store that SQLite finds intact and no
# device half written; a second assessment then completes.  Ctrl-C (SIGINT,
# which Wine turns into the console's CTRL_C_EVENT) in the middle of one
# stops it: exit 1, the assessment marked interrupted, every device it had
# read kept.  Skips, saying
# why, when mingw-w64, Wine or the library cache is missing and cannot be
# had.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/wine.sh"
wine_exe
# wfa_bg ARGS...: fleetaudit.exe in the background; $! is the Windows
# program itself (env and Wine's loader exec, they do not fork).
wfa_bg() {
	env -i PATH=/usr/bin:/bin HOME="$T" WINEPREFIX="$WINEPREFIX" \
	    WINEDEBUG=-all FLEETAUDIT_HOME="$T/whome" "$WINE" "$EXE" "$@" &
}
DB=$T/whome/store.db
q() { sqlite3 -batch -noheader "$DB" "$1"; }
# Scans whose supplies or meters are not all there (common.sh).
full() { half_scans "$DB"; }

P=127.77.9
: >"$T/big.map"
for k in 0 1 2 3; do
	sed -n "s#^127\\.77\\.0\\.\\([0-9]*\\)[[:space:]]*\\([^[:space:]]*\\)[[:space:]]*v2c.*#\\1 $top/samples/fleet/\\2#p" \
	    "$top/samples/fleet/fleet.conf" | while read -r n f; do
		echo "$P.$((k * 20 + n)) $f v2c"
	done >>"$T/big.map"
done
at_exit 'bed_stop "$T/bed"'
mkdir "$T/bed"
bed_start "$T/bed" "$T/big.map" >"$T/bed.out" 2>&1 ||
    { not_ok "bed starts"; cat "$T/bed.out"; finish; }

# A first whole assessment, then kills at random points (bounded).
wfa_bg assess -q -t 1s $P.1-80 >/dev/null 2>&1
wait $!
check "a first assessment under Wine exits 0" test $? -eq 0
n0=$(q 'select count(*) from devices')
# the same recording at 4 addresses of one assessment is 4 devices (twins,
# docs/store.md), never one
check "it stored the 40 printers (each recording at 4 addresses, as twins)" test "$n0" = 40
i=0 bad=0
while [ $i -lt 3 ]; do
	i=$((i + 1))
	wfa_bg assess -q -t 1s --max-devices 2 --rate 100 $P.1-80 \
	    >/dev/null 2>&1
	kill_later $! 1500 2500
	[ "$(q 'pragma integrity_check')" = ok ] || bad=$((bad + 1))
	[ -z "$(full)" ] || bad=$((bad + 1))
done
check "killed x$i: integrity ok, no half device" test "$bad" -eq 0
check "the kills cut assessments short (left not complete)" test "$(q "select count(*) from assessments where status != 'complete'")" -ge 1
check "the first assessment's devices are all still there" test "$(q 'select count(*) from devices')" = "$n0"
# Ctrl-C once the assessment has stored a few devices (waited for at
# most 60 s), then its exit (at most 60 s)
wfa_bg assess -t 1s --max-devices 2 --rate 100 $P.1-80 \
    >"$T/int.out" 2>"$T/int.err"
pid=$!
a0=$(q 'select max(id) from assessments')
n=0
while [ $n -lt 600 ] && [ "$(q "select count(*) from scans s join assessments a on a.id = s.assessment_id where a.id > $a0")" -lt 3 ]; do
	sleep 0.1
	n=$((n + 1))
done
kill -INT $pid 2>/dev/null
n=0
while kill -0 $pid 2>/dev/null && [ $n -lt 600 ]; do
	sleep 0.1
	n=$((n + 1))
done
kill -9 $pid 2>/dev/null
wait $pid
rc=$?
last=$(q 'select status from assessments order by id desc limit 1')
check "Ctrl-C mid-assessment: it stops (exit 1)" test "$rc" -eq 1
check "the assessment is marked interrupted" test "$last" = interrupted
check "its summary says interrupted" grep -q "; store .* (interrupted)$" "$T/int.err"
aid=$(q 'select max(id) from assessments')
read=$(q "select count(*) from scans where assessment_id = $aid")
echo "# interrupted after $read devices read"
check "the devices it read before Ctrl-C are stored, not all 40" sh -c "[ $read -ge 3 ] && [ $read -lt 40 ]"
check "the store is intact after Ctrl-C" test "$(q 'pragma integrity_check')" = ok
check "no device half written after Ctrl-C" test -z "$(full)"
check "every device stored before is still there" test "$(q 'select count(*) from devices')" = "$n0"

wfa_bg assess -q -t 1s $P.1-80 >/dev/null 2>&1
wait $!
check "an assessment after the kills completes" test $? -eq 0
check "its status is complete" test "$(q 'select status from assessments order by id desc limit 1')" = complete
finish
