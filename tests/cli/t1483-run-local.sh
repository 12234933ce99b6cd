#!/bin/sh
# t1483-run-local: "run --local" (or "local = yes" in the config) reads the
# local print system's queues again on every scan, with the parts of the
# scan's kind; without it, run leaves them alone.
#
# The test's own cupsd (tests/lib/cupsbed.sh) holds queue q1, a raw queue
# on an ippeveprinter at 127.0.0.1:PORT whose black toner is at 80 %.  run
# (FLEETAUDIT_TIME_SCALE=600: supplies every 30 min are 3 s, the discovery
# of 7 days never comes again) stores q1's supplies; the printer is then
# restarted with black at 55 %, and the next supplies scan stores 55.  A
# run without --local over the same store reads no queue.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/ippbed.sh"
. "$top/tests/lib/cupsbed.sh"
ipp_ns "$0" "$@"
cups_need
P=${IPP_PORT:-18483}
C=${CUPS_PORT:-18484}

sed 's/^ATTR integer marker-levels .*/ATTR integer marker-levels 55,-3,5,0,30/' \
    "$top/tests/data/ipp/colour.attrs" >"$T/low.attrs"
check "second attribute file: black at 55" grep -q 'marker-levels 55,' \
    "$T/low.attrs"
ipp_bed_start || { not_ok "ipp bed starts"; finish; }
ipp_printer "$P" "$top/tests/data/ipp/colour.attrs" "Local MFP" ||
    { not_ok "ippeveprinter starts"; finish; }
cups_start "$C" || { not_ok "cupsd starts"; finish; }
cups_queue q1 "ipp://127.0.0.1:$P/ipp/print" ||
    { not_ok "queue q1 added"; finish; }

lq() { sqlite3 "$T/home/store.db" "$1"; }
# waitfor SECONDS CMD...: until CMD succeeds, bounded.
waitfor() {
	_wn=$(($1 * 10))
	shift
	_wk=0
	while [ $_wk -lt $_wn ]; do
		"$@" && return 0
		sleep 0.1
		_wk=$((_wk + 1))
	done
	return 1
}
RUNENV="env -i PATH=/usr/bin:/bin HOME=$T FLEETAUDIT_HOME=$T/home FLEETAUDIT_TIME_SCALE=600"
I="-i discovery=7d -i supplies=30m -i meters=14d -i errors=7d -i attributes=14d"

# --- bad input --------------------------------------------------------------
$RUNENV "$FA" run --local --cups-server 127.0.0.1:99999 >"$T/o" 2>"$T/e"
check "run: malformed --cups-server: exit 2" test $? -eq 2
check "run: one line names the port" test "$(cat "$T/e")" = "fleetaudit: bad --cups-server '127.0.0.1:99999': port '99999' is not a number in 1..65535"
printf 'local = maybe\n' >"$T/bad.conf"
$RUNENV "$FA" run --config "$T/bad.conf" >"$T/o" 2>"$T/e"
check "config local = maybe: refused" test $? -ne 0
check "config local = maybe: one line names it" grep -q "local: 'maybe' is not yes or no" "$T/e"
check "nothing stored for bad input" test ! -e "$T/home/store.db"

# --- run --local: the queue read on the scans --------------------------------
$RUNENV "$FA" run -t 100ms -r 0 $I --local --cups-server "$CUPS_SOCK" \
    >/dev/null 2>"$T/run1.log" &
rpid=$!
check "run --local, no range: the discovery reads q1 (black 80)" \
    waitfor 20 sh -c "[ 0\"\$(sqlite3 '$T/home/store.db' \"select count(*) from scans c join supplies s on s.scan_id = c.id where c.device_id = (select device_id from scans where sys_name = 'q1') and s.colorant = 'black' and s.level = 80\" 2>/dev/null)\" -ge 1 ]"
# The store keeps values that did not change once, each with the last
# scan that read it (last_scan_id; docs/store.md, change-only).
check "a supplies scan read q1 too (black 80, the same row seen again)" \
    waitfor 15 sh -c "sqlite3 '$T/home/store.db' \"select s.level from supplies s join scans c on c.id = s.last_scan_id join assessments a on a.id = c.assessment_id where c.device_id = (select device_id from scans where sys_name = 'q1') and s.colorant = 'black' and a.ranges = 'run:supplies'\" 2>/dev/null | grep -qx 80"
# The printer's toner goes down: the same printer, a new level.
kill "$(cat "$T/ipp.$P.pid")" 2>/dev/null
k=0
while $PY -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$P" 2>/dev/null && [ $k -lt 100 ]; do
	sleep 0.05
	k=$((k + 1))
done
ipp_printer "$P" "$T/low.attrs" "Local MFP" ||
    { not_ok "ippeveprinter restarts with black at 55"; kill $rpid; finish; }
check "the next supplies scan stores the new level (55) as a new row" \
    waitfor 15 sh -c "sqlite3 '$T/home/store.db' \"select s.level from supplies s join scans c on c.id = s.scan_id join assessments a on a.id = c.assessment_id where c.device_id = (select device_id from scans where sys_name = 'q1') and s.colorant = 'black' and a.ranges = 'run:supplies'\" 2>/dev/null | grep -qx 55"
kill -TERM $rpid
wait $rpid
check "run --local stopped cleanly" test $? -eq 0

check "run logged the local read and its cost" grep -q "local: 1 printers (print system '$CUPS_SOCK'): 3 IPP requests" "$T/run1.log"
# (A read while the printer restarts is the queue's alone, "printer not
# reachable": it may make a device of its own.)
lq "select id, device_id, sys_name, error from scans where error is not null" | sed 's/^/# read while down: /'
check "q1's reads that reached the printer are one device" test "$(lq "select count(distinct device_id) from scans where sys_name = 'q1' and error is null")" = 1
check "the supplies scan read supplies only (no meters of q1 from it)" \
    test "$(lq "select count(*) from meters m join scans c on c.id = m.last_scan_id join assessments a on a.id = c.assessment_id where a.ranges = 'run:supplies'")" = 0

# --- without --local: the queue is left alone --------------------------------
before=$(lq "select count(*) from scans")
$RUNENV "$FA" run -t 100ms -r 0 $I 127.0.0.250 >/dev/null 2>"$T/run2.log" &
rpid=$!
# 5 s are 50 min of its schedule: a supplies scan at least.
sleep 5
kill -TERM $rpid
wait $rpid
check "run without --local stopped cleanly" test $? -eq 0
check "run without --local had supplies scans due" \
    grep -q "supplies every 30m, next in 1m" "$T/run2.log"
check "run without --local read no queue" \
    test "$(lq "select count(*) from scans")" = "$before"

# --- local = yes in the config -----------------------------------------------
printf 'local = yes\ncups-server = %s\n' "$CUPS_SOCK" >"$T/home/fleetaudit.conf"
before=$(lq "select count(*) from scans where device_id = (select device_id from scans where sys_name = 'q1')")
$RUNENV "$FA" run -t 100ms -r 0 $I >/dev/null 2>"$T/run3.log" &
rpid=$!
check "local = yes in the config: run reads q1 again" \
    waitfor 20 sh -c "[ 0\"\$(sqlite3 '$T/home/store.db' \"select count(*) from scans where device_id = (select device_id from scans where sys_name = 'q1')\" 2>/dev/null)\" -gt $before ]"
kill -TERM $rpid
wait $rpid
check "run with the config stopped cleanly" test $? -eq 0
check "no job in the scheduler's spool" sh -c "! ls '$T/cups/spool' | grep -q '^[cd][0-9]'"
finish
