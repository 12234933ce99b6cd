#!/bin/sh
# t8040-windows-ctl: fleetaudit.exe run under Wine, on the sample fleet
# (snmpsim on loopback), answers fleetaudit.exe ctl over its named pipe
# (\\.\pipe\fleetaudit-HASH of the home): status as text and JSON, a scan
# of one device, the log; the home spelled another way reaches the same
# pipe, another home does not; a second run on the home says the pipe is
# taken (one line, exit 1) and the first carries on; Ctrl-C (SIGINT, which
# Wine turns into the console's CTRL_C_EVENT) stops run cleanly and the
# pipe goes with it; a killed run leaves nothing in the way of the next.
# Skips, saying why, when mingw-w64, Wine or the library cache is missing
# and cannot be had.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/wine.sh"
wine_exe
# wfa ARGS...: fleetaudit.exe under Wine, home $T/whome unless HOMEDIR.
wfa() {
	env -i PATH=/usr/bin:/bin HOME="$T" WINEPREFIX="$WINEPREFIX" \
	    WINEDEBUG=-all FLEETAUDIT_HOME="${HOMEDIR:-$T/whome}" \
	    FLEETAUDIT_TIME_SCALE=600 timeout 120 "$WINE" "$EXE" "$@"
}
# wfa_bg ARGS...: the same in the background, $! the program itself.
wfa_bg() {
	env -i PATH=/usr/bin:/bin HOME="$T" WINEPREFIX="$WINEPREFIX" \
	    WINEDEBUG=-all FLEETAUDIT_HOME="$T/whome" \
	    FLEETAUDIT_TIME_SCALE=600 "$WINE" "$EXE" "$@" &
}
one_line() { [ "$(wc -l <"$1")" -eq 1 ]; }
gone() { ! kill -0 "$1" 2>/dev/null; }
# every kind has a last result
first_round() {
	wfa ctl status --json >"$T/st.json" 2>/dev/null &&
	    [ "$(json_get "$T/st.json" \
	    "all(v['last'] is not None for v in j['kinds'].values())")" = True ]
}

P=127.77.40
fleet_map $P
pid=
at_exit 'bed_stop "$T/bed"; [ -n "$pid" ] && kill -9 $pid 2>/dev/null'
mkdir "$T/bed" "$T/whome"
bed_start "$T/bed" "$T/fleet.map" >"$T/bed.out" 2>&1 ||
    { not_ok "bed starts"; cat "$T/bed.out"; finish; }
quiet_conf "$T/whome/fleetaudit.conf" "$P.1-12" 500ms

wfa --version >/dev/null 2>&1	# Wine makes its prefix, saying so
wfa ctl status >/dev/null 2>"$T/err"
rc=$?
check "no run yet: ctl status exits 1" test $rc -eq 1
check "no run yet: one line" one_line "$T/err"
check "no run yet: it names the pipe" grep -qE '^fleetaudit: no collector running \(\\\\\.\\pipe\\fleetaudit-[0-9a-f]{16}\)$' "$T/err"
sed 's/^/# /' "$T/err"

wfa_bg run 2>"$T/run.log"
pid=$!
upto 600 first_round
check "run answers ctl status --json over the pipe, first round done" \
    test "$(json_get "$T/st.json" "(j['kinds']['discovery']['last']['read'], j['kinds']['meters']['last']['read'], j['devices'])")" = "(10, 10, 10)"
check "status --json: the run's Windows pid" test "$(json_get "$T/st.json" "j['pid'] > 0")" = True
wfa ctl status 2>"$T/err" | tr -d '\r' >"$T/st.txt"
check "status as text: one line per kind" sh -c "for k in discovery meters supplies errors attributes; do grep -q \"^\$k  *[0-9][0-9]*[dh]  *20[0-9-]*T\" '$T/st.txt' || exit 1; done"
check "status as text: 10 devices known" grep -q "^fleetaudit .*, 10 devices known" "$T/st.txt"
HOMEDIR="$T/whome/" wfa ctl status >/dev/null 2>&1
check "the home with a trailing slash reaches the same pipe" test $? -eq 0
mkdir "$T/other"
HOMEDIR="$T/other" wfa ctl status >/dev/null 2>"$T/err"
check "another home: no collector there" grep -q "^fleetaudit: no collector running" "$T/err"

# a device read now, through the pipe, and the log
wfa ctl scan meters --wait $P.1 2>"$T/err" | tr -d '\r' >"$T/scan.out"
check "ctl scan meters --wait of one device: read" grep -q "^meters $P.1: 1 device read, 0 incomplete" "$T/scan.out"
wfa ctl logs --level info 2>/dev/null | tr -d '\r' >"$T/logs.out"
check "ctl logs: the run's log, the scan asked over the pipe in it" grep -q "info: ctl: meters scan of $P.1 requested" "$T/logs.out"

# one collector per home: the pipe is taken
wfa run >/dev/null 2>"$T/err2"
rc=$?
check "second run on the home: exit 1" test $rc -eq 1
check "second run: one line" one_line "$T/err2"
check "second run: the pipe is taken" grep -qF 'fleetaudit: a collector is already running on this home (\\.\pipe\fleetaudit-' "$T/err2"
sed 's/^/# /' "$T/err2"
wfa ctl status >/dev/null 2>&1
check "the first run still answers" test $? -eq 0

# Ctrl-C: Wine turns SIGINT into CTRL_C_EVENT
kill -INT $pid
upto 300 gone $pid
wait $pid
rc=$?
pid=
check "Ctrl-C stops run, exit 0" test $rc -eq 0
check "its log says it stopped" grep -q "info: stopping" "$T/run.log"
wfa ctl status >/dev/null 2>"$T/err"
check "after the stop: no collector (the pipe went with it)" grep -q "^fleetaudit: no collector running" "$T/err"

# a killed run leaves nothing in the way
wfa_bg run 2>>"$T/run.log"
pid=$!
upto 300 wfa ctl status
kill -9 $pid
wait $pid 2>/dev/null
wfa_bg run 2>"$T/run2.log"
pid=$!
upto 300 wfa ctl status
wfa ctl status >/dev/null 2>&1
check "after a killed run, a new run listens on the pipe" test $? -eq 0
kill -INT $pid
upto 300 gone $pid
wait $pid
pid=
finish
