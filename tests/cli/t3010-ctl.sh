#!/bin/sh
# t3010-ctl: "fleetaudit ctl" against a "fleetaudit run" on a compressed
# clock (one real second is ten minutes; every interval at its longest, so
# after the first round nothing is due for a quarter of an hour and what
# happens is what ctl asked): status as text and JSON, a scan now (queued,
# --wait, one device), a walk, the log by level and time, the socket's
# mode and its owner check, one collector per home, silent and over-long
# clients, bad input, the socket removed on SIGTERM and a killed run's
# socket replaced.
. "$(dirname "$0")/../lib/common.sh"
P=127.77.12
mkdir "$T/home"
fleet_bed $P
at_exit '[ -n "$pid" ] && kill -9 $pid 2>/dev/null'
DB=$T/home/store.db
SOCK=$T/home/ctl.sock
q() { sqlite3 -batch -noheader "$DB" "$1"; }
quiet_conf "$T/home/fleetaudit.conf" "$P.1-12" 200ms

# bg: fleetaudit run in the background, its PID in $pid.
bg() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    FLEETAUDIT_TIME_SCALE=600 "$FA" run "$@" 2>>"$T/run.log" &
	pid=$!
}
# dead PID: exited (a zombie counts: the shell has not waited yet).
dead() {
	case $(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null) in
	Z*|X*|'') return 0 ;;
	esac
	return 1
}
# stop: SIGTERM, at most 15 s to go; the exit status in $rc.
stop() {
	kill -TERM $pid
	upto 150 dead $pid || kill -9 $pid
	wait $pid
	rc=$?
	pid=
}
status_json() { fa ctl status --json >"$T/st.json" 2>/dev/null; }
# every kind has a last result
first_round() {
	status_json && [ "$(json_get "$T/st.json" \
	    "all(v['last'] is not None for v in j['kinds'].values())")" = True ]
}
count() { q "select count(*) from assessments where ranges $1"; }

expect 1 "^fleetaudit: no collector running ($SOCK)$" \
    "no collector: one line, exit 1" -- ctl status
expect 2 "unknown ctl command 'frob'" "unknown subcommand" -- ctl frob
expect 2 "unknown scan kind 'paper'" "unknown scan kind" -- ctl scan paper
expect 2 "needs a command" "ctl without a command" -- ctl
expect 2 "'loud' is not a level" "unknown level" -- ctl logs --level loud
expect 2 "since: 'yesterday' is not a date" "bad --since" -- \
    ctl logs --since yesterday
expect 2 "since: '2026-02-30' is not a date" "impossible date" -- \
    ctl logs --since 2026-02-30
expect 2 "--wait is for 'ctl scan'" "option of another subcommand" -- \
    ctl status --wait
fa help ctl >"$T/h1" 2>&1
fa ctl --help >"$T/h2" 2>&1
check "help ctl = ctl --help, with examples" sh -c "cmp -s '$T/h1' '$T/h2' && grep -q 'Examples:' '$T/h1'"
fa run --help >"$T/h3" 2>&1
check "run --help documents --log-level" grep -q -- '--log-level LEVEL' "$T/h3"

bg
upto 100 test -S "$SOCK"
check "the socket is made in the home" test -S "$SOCK"
check "socket mode 0600" test "$(stat -c %a "$SOCK")" = 600
check "home made 0700" test "$(stat -c %a "$T/home")" = 700
upto 300 first_round
check "status --json: five kinds, each with its next due time" \
    test "$(json_get "$T/st.json" "sorted(k for k, v in j['kinds'].items() if v['next'] and v['interval'] > 0)")" = \
    "['attributes', 'discovery', 'errors', 'meters', 'supplies']"
check "status --json: the first round's results" \
    test "$(json_get "$T/st.json" "(j['kinds']['discovery']['last']['read'], j['kinds']['meters']['last']['read'], j['devices'])")" = "(10, 10, 10)"
fa ctl status >"$T/st.txt" 2>"$T/err"
check "status text: one line per kind" sh -c "for k in discovery meters supplies errors attributes; do grep -q \"^\$k  *[0-9][0-9]*[dh]  *20[0-9-]*T\" '$T/st.txt' || exit 1; done"
check "status text: the full read of devices without a definition" grep -q "^full  *4h  *20[0-9-]*T.*(devices without a model definition: full read)" "$T/st.txt"
check "status --json: the full read, every 4 h" test "$(json_get "$T/st.json" "j['full']['interval']")" = 14400
check "status text: devices known and version" grep -q "^fleetaudit [0-9.]*, pid $pid, running since .*, 10 devices known" "$T/st.txt"

# One collector per home: a second one refuses, the first carries on.
env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home" \
    timeout 20 "$FA" run >/dev/null 2>"$T/err2"
rc=$?
check "second run on the home: exit 1" test "$rc" -eq 1
check "second run: one clear line" sh -c "[ \$(wc -l <'$T/err2') -eq 1 ] && grep -q '^fleetaudit: a collector is already running on this home ($SOCK)' '$T/err2'"
fa ctl status >"$T/out" 2>&1
check "the first run still answers" grep -q "^meters " "$T/out"

# A scan now, long before its interval.
m0=$(count "like 'run:%meters%'")
fa ctl scan meters >"$T/out" 2>"$T/err"
check "scan meters: queued" sh -c "[ $? -eq 0 ] && grep -qx 'queued: meters' '$T/out'"
upto 200 sh -c "[ \$(sqlite3 '$DB' \"select count(*) from assessments where ranges like 'run:%meters%' and finished is not null\") -gt $m0 ]"
check "scan meters: a meters scan ran at once" test "$(count "like 'run:%meters%'")" -gt "$m0"
status_json
check "scan meters: the next one is an interval away again" test "$(json_get "$T/st.json" "j['kinds']['meters']['next_in'] > 13 * 86400")" = True
fa ctl scan supplies --wait >"$T/out" 2>"$T/err"
check "scan supplies --wait: the result" sh -c "[ $? -eq 0 ] && grep -q '^supplies: 10 devices read, 0 incomplete (assessment [0-9]*)$' '$T/out'"

# One device: only it is read.
fa ctl scan meters $P.12 --wait >"$T/out" 2>"$T/err"
check "scan meters DEVICE --wait: one device read" sh -c "[ $? -eq 0 ] && grep -qx 'meters $P.12: 1 device read, 0 incomplete (assessment [0-9]*)' '$T/out'"
check "scan meters DEVICE: an assessment of that device only" test "$(q "select found || '|' || read_ok from assessments where ranges = 'ctl:meters $P.12'")" = "1|1"
check "scan meters DEVICE: its scan is of that address" test "$(q "select group_concat(distinct s.address) from scans s join assessments a on a.id = s.assessment_id where a.ranges = 'ctl:meters $P.12'")" = "$P.12"
id=$(q "select id from devices where address = '$P.3'")
n0=$(count "= 'ctl:supplies $P.3'")
fa ctl scan supplies "$id" >"$T/out" 2>"$T/err"
check "scan supplies DEVICE-ID: queued" grep -qx "queued: supplies $id" "$T/out"
upto 200 sh -c "[ \$(sqlite3 '$DB' \"select count(*) from assessments where ranges = 'ctl:supplies $P.3' and finished is not null\") -gt $n0 ]"
check "scan supplies DEVICE-ID: read by its address" test "$(q "select found || '|' || read_ok from assessments where ranges = 'ctl:supplies $P.3'")" = "1|1"
expect 2 "no device '127.77.99.99' in the store" "scan of an unknown device: exit 2" -- \
    ctl scan meters 127.77.99.99
fa ctl scan discovery $P.5 --wait >"$T/out" 2>"$T/err"
check "scan discovery ADDRESS --wait: that address swept" sh -c "[ $? -eq 0 ] && grep -qx 'discovery $P.5: 1 device read, 0 incomplete (assessment [0-9]*)' '$T/out'"

# A walk by the collector, with its credentials.
descr=$(grep '^1\.3\.6\.1\.2\.1\.1\.1\.0|' "$top/samples/fleet/sharp-mx-m3071.snmprec" | cut -d'|' -f3)
fa ctl walk $P.12 >"$T/walk" 2>"$T/err"
check "walk: exit 0" test $? -eq 0
check "walk: sysDescr of the device" grep -qxF "1.3.6.1.2.1.1.1.0|4|$descr" "$T/walk"
check "walk: valid, sorted snmprec" bed_check_snmprec "$T/walk"
check "walk: the summary on stderr" grep -q "^walk: [0-9]* values from $P.12 with v2c#1 in " "$T/err"
fa ctl walk -q $P.12 >/dev/null 2>"$T/err"
check "walk -q: nothing on stderr" test ! -s "$T/err"
expect 2 "is 4 addresses" "walk of a range refused" -- ctl walk $P.1-4

# The log kept in memory.
fa ctl logs >"$T/all" 2>"$T/err"
check "logs: the collector's lines with time and level" grep -q "^20[0-9-]*T[0-9:]*Z info: discovery every 7d, next in 0s$" "$T/all"
check "logs: ctl requests are logged" grep -q "info: ctl: meters scan requested$" "$T/all"
check "logs: a warning is there (the home made 0700)" grep -q " warning: home '.*' was open to other users" "$T/all"
fa ctl logs --level warning >"$T/warn" 2>"$T/err"
check "logs --level warning: the warning" grep -q " warning: home '.*' was open to other users" "$T/warn"
check "logs --level warning: nothing below warning" sh -c "! grep -v '^[^ ]* \(warning\|error\|critical\): ' '$T/warn'"
sleep 1.1
since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 1.1
fa ctl scan errors --wait >/dev/null 2>&1
fa ctl logs --since "$since" >"$T/new" 2>"$T/err"
check "logs --since DATE-TIME: newer lines" grep -q "info: ctl: errors scan requested" "$T/new"
check "logs --since DATE-TIME: no older ones" sh -c "! grep -q 'discovery every' '$T/new'"
fa ctl logs --since 1h >"$T/new" 2>&1
check "logs --since 1h: the start is in the last hour" grep -q "discovery every" "$T/new"
fa ctl logs --since 2099-01-01 >"$T/new" 2>&1
check "logs --since a future date: nothing, exit 0" sh -c "[ $? -eq 0 ] && [ ! -s '$T/new' ]"
fa ctl logs --since "${since%Z}+01:00" --level info >"$T/new" 2>&1
check "logs --since with an offset: an hour earlier" grep -q "discovery every" "$T/new"

# Only the owner (and root).
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	cp "$FA" "$T/fa-other"
	chmod 755 "$T/fa-other"
	other() {
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    env -i PATH=/usr/bin:/bin FLEETAUDIT_HOME="$T/home" \
		    "$T/fa-other" ctl status >"$T/out" 2>"$T/err"
	}
	other
	check "another uid: refused (the home is 0700)" sh -c "[ $? -eq 1 ] && ! grep -q KIND '$T/out'"
	# With the file modes opened up, the server's uid check still holds.
	chmod 711 "$T/home"
	chmod 666 "$SOCK"
	other
	rc=$?
	chmod 700 "$T/home"
	chmod 600 "$SOCK"
	check "another uid through open modes: refused by SO_PEERCRED" sh -c "[ $rc -eq 1 ] && grep -q '^fleetaudit: permission denied: uid [0-9]* is not the collector' '$T/err' && ! grep -q KIND '$T/out'"
	fa ctl logs --level warning >"$T/warn" 2>&1
	check "the refusal is logged" grep -q "warning: ctl: refused a connection" "$T/warn"
else
	ok "another uid refused # SKIP not root, or no setpriv"
fi

# Clients that say nothing, or too much, do not hold the collector up.
cat >"$T/silent.py" <<'EOP'
import socket, sys, time
socks = []
for i in range(int(sys.argv[2])):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    socks.append(s)
print("connected", flush=True)
time.sleep(float(sys.argv[3]))
EOP
$PY "$T/silent.py" "$SOCK" 1 6 >"$T/silent1" 2>&1 &
s1=$!
upto 50 grep -q connected "$T/silent1"
t0=$(date +%s%N)
timeout 10 env -i PATH=/usr/bin:/bin FLEETAUDIT_HOME="$T/home" "$FA" ctl status >"$T/out" 2>&1
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
check "a silent client: status answered at once ($ms ms)" sh -c "[ $rc -eq 0 ] && [ $ms -lt 1500 ] && grep -q '^meters ' '$T/out'"
$PY "$T/silent.py" "$SOCK" 12 6 >"$T/silent2" 2>&1 &
s2=$!
upto 50 grep -q connected "$T/silent2"
t0=$(date +%s%N)
timeout 20 env -i PATH=/usr/bin:/bin FLEETAUDIT_HOME="$T/home" "$FA" ctl status >"$T/out" 2>&1
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
check "more silent clients than slots: status answered within seconds ($ms ms)" sh -c "[ $rc -eq 0 ] && [ $ms -lt 6000 ] && grep -q '^meters ' '$T/out'"
kill $s1 $s2 2>/dev/null
wait $s1 $s2 2>/dev/null
$PY - "$SOCK" >"$T/long" 2>&1 <<'EOP'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(10)
s.connect(sys.argv[1])
s.sendall(b"status " + b"x" * 5000)
print(s.recv(200).decode().splitlines()[0])
EOP
check "an over-long request: refused" grep -q "^2 request too long (at most 4096 bytes)" "$T/long"
check "still alive after all that" kill -0 $pid

# SIGTERM removes the socket; a killed run's socket is replaced.
stop
check "SIGTERM: clean stop" test "$rc" -eq 0
check "SIGTERM: socket removed" test ! -e "$SOCK"
expect 1 "no collector running" "after the stop: no collector" -- ctl status
bg
upto 100 fa ctl status
kill -9 $pid
wait $pid 2>/dev/null
pid=
check "kill -9 leaves the socket file" test -S "$SOCK"
expect 1 "no collector running ($SOCK)" "a stale socket: no collector" -- ctl status
lines=$(wc -l <"$T/run.log")
bg --log-level warning
upto 100 fa ctl status
fa ctl status >"$T/out" 2>&1
check "a new run replaces the stale socket" grep -q "^meters " "$T/out"
fa ctl logs >"$T/all" 2>&1
check "the replacement is logged" grep -q "info: replaced the control socket" "$T/all"
check "--log-level warning: no info line on stderr" sh -c "! tail -n +$((lines + 1)) '$T/run.log' | grep -q ': info: '"
check "--log-level warning: ctl logs still has them" grep -q "info: discovery every" "$T/all"
stop
check "stopped again: exit 0, socket removed" sh -c "[ $rc -eq 0 ] && [ ! -e '$SOCK' ]"
check "run's stderr: only its own lines" sh -c "! grep -v '^fleetaudit run: ' '$T/run.log'"
finish
