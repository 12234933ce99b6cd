#!/bin/sh
# t1300-bad-agents: fleetaudit against misbehaving agents (tests/lib/
# badagent.py: malformed, wrongtype, huge, loop, stall, endless, wrongid,
# stray, slow, toobig).  Each bad agent is assessed together with a healthy
# one; fleetaudit must never crash or hang, must print valid JSON, store
# the bad device with an error where its read was incomplete, cap strings
# and rows, never show a wrongly typed value as a number, never take one
# device's answer for another's, and read the healthy one in full.  Ctrl-C
# with requests in flight must not crash.  "walk" must stop on a loop and
# on an endless table, and at --max-time.
. "$(dirname "$0")/../lib/common.sh"
ulimit -c 0 2>/dev/null || :	# a crash is a failed check, not a core file
NET=127.78.0
PORT=${BADAGENT_PORT:-16161}
AGENT=$top/tests/lib/badagent.py
H=1		# the healthy neighbour: $NET.1

# --- agents ---------------------------------------------------------------

# agent N MODE [ARGS]: badagent on $NET.N:$PORT; waits for its PID file.
agent() {
	_n=$1 _m=$2
	shift 2
	if _bed_busy "$NET.$_n:$PORT"; then
		echo "# $NET.$_n:$PORT is in use already"
		return 1
	fi
	$PY "$AGENT" --addr "$NET.$_n" --port "$PORT" --mode "$_m" \
	    --pidfile "$T/agent.$_n.pid" --lifetime 120 "$@" \
	    </dev/null >"$T/agent.$_n.log" 2>&1 &
	echo $! >>"$T/agents"
	_k=0
	while [ ! -s "$T/agent.$_n.pid" ] && [ $_k -lt 100 ]; do
		_bed_alive $! || break
		sleep 0.05
		_k=$((_k + 1))
	done
	[ -s "$T/agent.$_n.pid" ] || { sed 's/^/# /' "$T/agent.$_n.log"; return 1; }
}

# Stops exactly the agents started here.
agents_stop() {
	[ -f "$T/agents" ] || return 0
	while read -r _p; do
		_bed_alive "$_p" || continue
		tr '\0' ' ' <"/proc/$_p/cmdline" 2>/dev/null |
		    grep -q badagent.py || continue
		kill "$_p" 2>/dev/null
		_k=0
		while _bed_alive "$_p" && [ $_k -lt 40 ]; do
			sleep 0.05
			_k=$((_k + 1))
		done
		_bed_alive "$_p" && kill -9 "$_p" 2>/dev/null
	done <"$T/agents"
}
at_exit agents_stop

# --- helpers --------------------------------------------------------------

ms() { date +%s%3N; }

# run NAME CMD ARGS...: fleetaudit CMD under `timeout 60`; output in
# $T/NAME.out and .err, exit code in $rc, wall time in $took (ms).
run() {
	_name=$1
	shift
	_t0=$(ms)
	timeout -k 5 60 env -i PATH=/usr/bin:/bin HOME="$T" \
	    FLEETAUDIT_HOME="$T/home" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
	    LSAN_OPTIONS="${LSAN_OPTIONS:-}" "$FA" "$@" \
	    >"$T/$_name.out" 2>"$T/$_name.err"
	rc=$?
	took=$(($(ms) - _t0))
}

# survived NAME MAXMS: exit 0 or 1 (not a signal, not the timeout), within
# MAXMS, no sanitizer report.
survived() {
	check "$1: exits 0 or 1, no crash (exit $rc)" test "$rc" -le 1
	check "$1: finishes in bounded time (${took} ms)" test "$took" -lt "$2"
	check "$1: no sanitizer report" sh -c "! grep -q 'Sanitizer\|runtime error:' '$T/$1.err'"
}

# jtest FILE EXPR: EXPR (Python) over the JSON in FILE, as j, is true.
# dev(N) is the device at $NET.N in an assess result or None; nums(o) the
# numbers of o as (path, value), counts and indexes left out; blen(s) the
# length of s in bytes.  Bytes that are not UTF-8 are let through here
# (strict UTF-8 is checked on its own).
jtest() {
	$PY - "$1" "$2" "$NET" <<'EOF'
import json, sys
j = json.loads(open(sys.argv[1], 'rb').read().decode('utf-8',
                                                      'surrogateescape'))
def blen(s):
    return len(s.encode('utf-8', 'surrogateescape'))
def dev(n):
    for d in j.get('devices', []) if isinstance(j, dict) else []:
        if d.get('address') == '%s.%s' % (sys.argv[3], n):
            return d
    return None
def nums(o, path=''):
    if isinstance(o, bool) or o is None:
        return []
    if isinstance(o, (int, float)):
        return [(path, o)]
    if isinstance(o, list):
        return [x for i, v in enumerate(o) for x in nums(v, '%s[%d]' % (path, i))]
    if isinstance(o, dict):
        return [x for k, v in o.items()
                if k not in ('index', 'read_ms', 'requests')
                for x in nums(v, path + '.' + k)]
    return []
try:
    r = eval(sys.argv[2])
except Exception as e:
    print('# %s: %s' % (type(e).__name__, e))
    sys.exit(1)
sys.exit(0 if r else 1)
EOF
}

# Strict: RFC 8259 JSON text is UTF-8.
valid_json() {
	$PY -c 'import json, sys; json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))' \
	    "$1" 2>/dev/null
}

# healthy NAME: the healthy neighbour was read in full.
healthy() {
	check "$1: healthy neighbour read in full" jtest "$T/$1.out" \
	    "dev($H) and dev($H)['error'] is None and dev($H)['sys_name'] == 'healthy' and dev($H)['serial'] == 'BA-healthy' and [s['level'] for s in dev($H)['supplies']] == [987, 977, 967, 957] and [m['value'] for m in dev($H)['meters'] if m['name'] == 'total'] == [123457] and dev($H)['status']['printer'] == 'idle'"
}

# assess NAME N [ARGS]: the agent at $NET.N and the healthy one, in one
# assessment, with the common checks.
assess() {
	_name=$1 _n=$2
	shift 2
	run "$_name" assess "$NET.$_n" "$NET.$H" --port "$PORT" --home "$T/home" \
	    --json -q --timeout 500ms --retries 1 "$@"
	survived "$_name" 20000
	check "$_name: prints valid JSON (UTF-8)" valid_json "$T/$_name.out"
	healthy "$_name"
}

# show NAME N: `show $NET.N --json` into $T/NAME-show.out.
show() {
	run "$1-show" show "$NET.$2" --home "$T/home" --json
	check "$1: show exits 0" test "$rc" -eq 0
}

# --- the agents -----------------------------------------------------------

agent $H normal --name healthy &&
agent 2 malformed &&
agent 3 wrongtype &&
agent 4 huge &&
agent 5 loop &&
agent 6 stall &&
agent 7 endless &&
agent 8 wrongid &&
agent 9 slow &&
agent 10 stray &&
agent 11 toobig &&
agent 12 endless --delay 0.001 ||
    { not_ok "agents start"; finish; }
ok "agents start"

# Alone first: the healthy agent reads as expected (else nothing below
# means anything).
run alone assess "$NET.$H" --port "$PORT" --home "$T/home" --json -q \
    --timeout 500ms --retries 1
check "healthy agent alone: read in full" jtest "$T/alone.out" \
    "dev($H)['error'] is None and len(dev($H)['supplies']) == 4 and dev($H)['alerts'][0]['code'] == 1104"

# malformed: broken datagrams to every request after the system group.
assess malformed 2
check "malformed: device stored with its system group" jtest \
    "$T/malformed.out" "dev(2)['sys_name'] == 'malformed'"

# wrongtype: numbers as text, OIDs as integers.
assess wrongtype 3
check "wrongtype: device stored (Printer-MIB)" jtest "$T/wrongtype.out" \
    "dev(3)['sys_name'] == 'wrongtype' and dev(3)['is_printer']"
check "wrongtype: sysObjectID as a string is not an OID" jtest \
    "$T/wrongtype.out" \
    "dev(3)['sys_object_id'] is None and dev(3)['enterprise'] is None"
check "wrongtype: no meter, uptime or status from text" jtest \
    "$T/wrongtype.out" \
    "dev(3)['meters'] == [] and dev(3)['uptime_ticks'] is None and dev(3)['status']['device'] is None and dev(3)['status']['printer'] is None"
check "wrongtype: supply and tray numbers null" jtest "$T/wrongtype.out" \
    "len(dev(3)['supplies']) == 4 and all(s[k] is None for s in dev(3)['supplies'] for k in ('level', 'max', 'percent', 'type', 'class', 'unit')) and all(t[k] is None for t in dev(3)['trays'] for k in ('capacity', 'level', 'percent', 'type'))"
check "wrongtype: no text value turned into a number" jtest \
    "$T/wrongtype.out" "[x for x in nums(dev(3)) if x[1] != 0] == []"
check "wrongtype: numbers not given are null, not 0 (alerts)" jtest \
    "$T/wrongtype.out" "nums(dev(3)) == []"

# huge: 60 KB strings, 2,500 supply rows.
assess huge 4
check "huge: device stored" jtest "$T/huge.out" "dev(4)['sys_name'] == 'huge'"
check "huge: sysDescr capped at 1024 bytes" jtest "$T/huge.out" \
    "0 < blen(dev(4)['sys_descr']) <= 1024"
check "huge: supply description capped at 1024 bytes" jtest "$T/huge.out" \
    "0 < blen(dev(4)['supplies'][0]['description']) <= 1024"
check "huge: supply rows capped at 512" jtest "$T/huge.out" \
    "len(dev(4)['supplies']) == 512"

# loop: GETNEXT/GETBULK going backwards or standing still.
assess loop 5
check "loop: device stored, error names the loop" jtest "$T/loop.out" \
    "'out of order' in (dev(5)['error'] or '')"
show loop 5
check "loop: show latest.error set" jtest "$T/loop-show.out" \
    "j['latest']['error']"

# stall: the system group, then silence.
assess stall 6
check "stall: device stored with an error" jtest "$T/stall.out" \
    "dev(6)['sys_name'] == 'stall' and 'no answer' in (dev(6)['error'] or '')"
check "stall: error names the Printer-MIB tables left unread" jtest \
    "$T/stall.out" "'prtMarkerSuppliesTable' in (dev(6)['error'] or '')"
show stall 6
check "stall: show latest.error set" jtest "$T/stall-show.out" \
    "j['latest']['error']"

# endless: a supplies table that never ends.
assess endless 7
check "endless: error names the table cut short" jtest "$T/endless.out" \
    "'prtMarkerSuppliesTable' in (dev(7)['error'] or '')"
check "endless: supply rows capped at 512" jtest "$T/endless.out" \
    "len(dev(7)['supplies']) == 512"
show endless 7
check "endless: show latest.error set" jtest "$T/endless-show.out" \
    "j['latest']['error']"

# wrongid: no answer carries the right request-id: not a device.
assess wrongid 8
check "wrongid: answers with wrong ids are not taken" jtest \
    "$T/wrongid.out" "dev(8) is None and j['answering'] == 1"

# slow: 0.5 s late.  With 500 ms and one retry it may or may not be read
# (an answer can come just after its try timed out, before the retry);
# with 2 s it must be, in full.
assess slow 9
run slow2 assess "$NET.9" --port "$PORT" --home "$T/home" --json -q \
    --timeout 2s --retries 0
survived slow2 20000
check "slow: read in full with a 2 s timeout" jtest "$T/slow2.out" \
    "dev(9)['error'] is None and len(dev(9)['supplies']) == 4"

# stray: answers carry the ids of neighbouring requests, 0.1 s late.  Next
# to a slow device whose requests are in flight then, they must not be
# taken as that device's answers.
assess stray 10
run stray2 discover "$NET.10" "$NET.9" --port "$PORT" --home "$T/home" \
    --json -q --timeout 1s --retries 0
survived stray2 20000
check "stray: answers from another address not taken" jtest \
    "$T/stray2.out" "[d['sys_name'] for d in j] == ['slow']"

# toobig: GETBULK refused with tooBig; the tables were not read.
assess toobig 11
check "toobig: read recorded as incomplete" jtest "$T/toobig.out" \
    "dev(11)['sys_name'] == 'toobig' and dev(11)['error']"

# Everything at once.
run all assess "$NET.1-11" --port "$PORT" --home "$T/home" --json -q \
    --timeout 500ms --retries 1
survived all 20000
healthy all
check "all: the bad devices stored alongside" jtest "$T/all.out" \
    "all(dev(n) for n in (2, 3, 4, 5, 6, 7, 11))"
check "all: no device made up for silent addresses (wrongid, stray)" \
    jtest "$T/all.out" "dev(8) is None and dev(10) is None"

# Ctrl-C while requests to a stalled device are in flight: in discovery
# (its printer probe) and in the read (its table walks).
# interrupt NAME SECONDS ARGS...: assess ARGS, SIGINT after SECONDS.
interrupt() {
	_name=$1 _after=$2
	shift 2
	fa_bg assess "$@" --port "$PORT" --home "$T/home" --json -q \
	    >"$T/$_name.out" 2>"$T/$_name.err"
	_pid=$!
	sleep "$_after"
	kill -INT "$_pid" 2>/dev/null
	_k=0
	while _bed_alive "$_pid" && [ $_k -lt 200 ]; do
		sleep 0.05
		_k=$((_k + 1))
	done
	_bed_alive "$_pid" && kill -9 "$_pid" 2>/dev/null
	wait "$_pid"
	rc=$?
	check "$_name: exits 1, no crash (exit $rc)" test "$rc" -eq 1
	check "$_name: no sanitizer report" sh -c \
	    "! grep -q 'Sanitizer\|runtime error:' '$T/$_name.err'"
}
interrupt int-discovery 1 "$NET.6" --timeout 2s --retries 0
interrupt int-read 1.5 "$NET.6" --timeout 1s --retries 0

# The store.
check "store: integrity_check ok" test \
    "$(sqlite3 "$T/home/store.db" 'PRAGMA integrity_check' 2>&1)" = ok
check "store: foreign keys hold" test \
    -z "$(sqlite3 "$T/home/store.db" 'PRAGMA foreign_key_check' 2>&1)"
run devices devices --home "$T/home" --json
check "store: devices lists the healthy and the 8 bad devices read" \
    jtest "$T/devices.out" \
    "{'$NET.%d' % n for n in (1, 2, 3, 4, 5, 6, 7, 9, 11)} <= {d['address'] for d in j}"

# --- walk -------------------------------------------------------------------

# walk NAME N ARGS...: walk of $NET.N into $T/NAME.snmprec.
walk() {
	_name=$1 _n=$2
	shift 2
	run "$_name" walk "$NET.$_n" --port "$PORT" --retries 1 \
	    -o "$T/$_name.snmprec" "$@"
	survived "$_name" 20000
}

walk walk-loop 5 --timeout 500ms --max-varbinds 1000
check "walk loop: stops with a clear message" grep -q \
    "^walk: [0-9]* values .*agent returned OIDs out of order" \
    "$T/walk-loop.err"
check "walk loop: output bounded, valid snmprec" sh -c "
    [ \$(wc -l <'$T/walk-loop.snmprec') -le 1000 ] &&
    . '$top/tests/lib/bed.sh' && bed_check_snmprec '$T/walk-loop.snmprec'"

walk walk-endless 7 --timeout 500ms --max-varbinds 3000
check "walk endless: stops at --max-varbinds with a clear message" grep -q \
    "^walk: 3000 values .*(stopped: [a-z]" "$T/walk-endless.err"
check "walk endless: 3000 lines, valid snmprec" sh -c "
    [ \$(wc -l <'$T/walk-endless.snmprec') -eq 3000 ] &&
    . '$top/tests/lib/bed.sh' && bed_check_snmprec '$T/walk-endless.snmprec'"

# --max-time: 0.5 s a step (a request in flight at the end), and 1 ms a
# step (the next step queued at the end).
walk walk-time 9 --timeout 2s --max-time 1200ms
check "walk slow: --max-time stops it (${took} ms)" test "$took" -lt 5000
check "walk slow: --max-time says so" grep -q "^walk: .*time limit" \
    "$T/walk-time.err"
walk walk-time2 12 --timeout 500ms --max-time 1s
check "walk endless: --max-time stops it (${took} ms)" test "$took" -lt 5000
check "walk endless: --max-time says so" grep -q "^walk: .*time limit" \
    "$T/walk-time2.err"

finish
