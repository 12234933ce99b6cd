#!/bin/sh
# t3000-run: "fleetaudit run" on a compressed clock (FLEETAUDIT_TIME_SCALE:
# one real second is ten minutes): discovery and scans on their
# intervals, intervals out of range refused, state kept across a restart
# (no burst), SIGHUP with a bad config keeps the running one, SIGTERM and
# kill -9 lose nothing stored.
. "$(dirname "$0")/../lib/common.sh"
P=127.77.10
mkdir "$T/home"
fleet_bed $P
DB=$T/home/store.db
q() { sqlite3 -batch -noheader "$DB" "$1"; }
cat >"$T/home/fleetaudit.conf" <<EOC
range = $P.1-12
timeout = 200ms
retries = 0
interval = discovery=10m
interval = meters=30m
interval = supplies=30m
interval = errors=30m
interval = attributes=1h
EOC

fa run -i meters=10m >/dev/null 2>"$T/err"
check "interval out of range: exit 2 with the range" sh -c "[ $? -eq 2 ] && grep -q \"interval meters: '10m' is out of range (30m to 14d)\" '$T/err'"
fa run -i paper=1h >/dev/null 2>"$T/err"
check "unknown interval kind refused" grep -q "unknown kind 'paper'" "$T/err"

# bg: fleetaudit run in the background, its PID in $pid.
bg() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home" \
	    FLEETAUDIT_TIME_SCALE=600 "$FA" run "$@" 2>>"$T/run.log" &
	pid=$!
}
bg
sleep 8
kill -TERM $pid
wait $pid
check "run stops cleanly on SIGTERM" test $? -eq 0
disc=$(q "select count(*) from assessments where ranges = 'run:discovery'")
scans=$(q "select count(*) from assessments where ranges like 'run:%meters%'")
check "discovery ran on its interval (10m = 1 s: $disc times)" test "$disc" -ge 4
check "meters scan ran on its interval (30m = 3 s: $scans times)" test "$scans" -ge 2
check "scans re-read the known devices" test "$(q "select max(read_ok) from assessments where ranges like 'run:%meters%'")" = 10
check "state file kept" test "$(wc -l <"$T/home/run.state")" -eq 6
check "log lines have a level" grep -q "^fleetaudit run: info: discovery: " "$T/run.log"
check "no stray output" sh -c "! grep -v '^fleetaudit run: ' '$T/run.log'"

# A restart resumes: nothing overdue, so no burst.
: >"$T/run.log"
bg
sleep 1
check "restart resumes the schedule (meters not due at once)" sh -c "grep -q 'meters every 30m, next in' '$T/run.log' && ! grep -q 'meters every 30m, next in 0s' '$T/run.log'"
# SIGHUP with a bad config: refused, the running one kept.
cp "$T/home/fleetaudit.conf" "$T/good.conf"
echo "frobnicate = 1" >>"$T/home/fleetaudit.conf"
kill -HUP $pid
sleep 1
check "SIGHUP with a bad config keeps running" kill -0 $pid
check "the refusal is logged" grep -q "error: reload refused" "$T/run.log"
cp "$T/good.conf" "$T/home/fleetaudit.conf"
kill -HUP $pid
sleep 1
check "SIGHUP with a good config reloads" grep -q "info: configuration reloaded" "$T/run.log"
before=$(q 'select count(*) from scans')
kill -9 $pid
wait $pid 2>/dev/null
check "kill -9: store intact" test "$(q 'pragma integrity_check')" = ok
check "kill -9: nothing stored is lost" test "$(q 'select count(*) from scans')" -ge "$before"
# ... and a restart carries on from there.
after=$(q 'select count(*) from scans')
bg
sleep 3
kill -TERM $pid
wait $pid
check "restart after kill -9 runs and stops cleanly" test $? -eq 0
check "restart after kill -9 adds to the store ($after before)" test "$(q 'select count(*) from scans')" -gt "$after"
check "store still intact" test "$(q 'pragma integrity_check')" = ok
finish
