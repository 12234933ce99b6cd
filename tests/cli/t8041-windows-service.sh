#!/bin/sh
# t8041-windows-service: "fleetaudit service" with Wine's service manager
# (services.exe): install registers the service (its command line runs
# "service run --home HOME", started at boot), start runs it and it reads
# the sample fleet (snmpsim on loopback) and answers ctl status over its
# pipe, logging with times to HOME\service.log; stop ends it cleanly;
# remove deletes it; each verb out of turn (twice, before install, after
# remove) is one line and exit 1; "service run" by hand is refused.  The
# Linux binary says the command is Windows-only (exit 2).  What Wine does
# not model (accounts, the pipe's access list between users, recovery
# actions) is in README.  Skips, saying why, when mingw-w64, Wine or the
# library cache is missing and cannot be had.
. "$(dirname "$0")/../lib/common.sh"

# The Linux binary first: no service manager here.
fa service install >/dev/null 2>"$T/err"
rc=$?
check "Linux: service install exits 2" test $rc -eq 2
check "Linux: one line, Windows only, systemd's unit named" sh -c "[ \$(wc -l <'$T/err') -eq 1 ] && grep -q 'Windows only.*samples/fleetaudit.service' '$T/err'"

. "$top/tests/lib/wine.sh"
wine_exe
WINESERVER=$(command -v wineserver || echo /usr/lib/wine/wineserver)
H="$T/svc home"
# wine ARGS...: a Windows program under this prefix, bounded.
w() {
	env -i PATH=/usr/bin:/bin HOME="$T" WINEPREFIX="$WINEPREFIX" \
	    WINEDEBUG=-all FLEETAUDIT_HOME="$H" timeout 120 "$WINE" "$@"
}
# wfa ARGS...: fleetaudit.exe, home $H (FLEETAUDIT_HOME).
wfa() { w "$EXE" "$@"; }
# one CODE PATTERN NAME -- ARGS: fleetaudit.exe's exit code and one line.
one() {
	_code=$1 _pat=$2 _name=$3
	shift 4
	wfa "$@" >"$T/out" 2>"$T/err"
	_rc=$?
	if [ "$_rc" -eq "$_code" ] && grep -q -- "$_pat" "$T/err" &&
	    [ "$(wc -l <"$T/err")" -eq 1 ]; then
		ok "$_name"
	else
		not_ok "$_name (exit $_rc)"
		sed 's/^/# /' "$T/err" | head -5
	fi
}
state() { w sc query fleetaudit 2>/dev/null | tr -d '\r' | sed -n 's/^ *STATE *: *[0-9]* *//p'; }
discovered() {
	wfa ctl status --json >"$T/st.json" 2>/dev/null &&
	    [ "$(json_get "$T/st.json" "(j['kinds']['discovery']['last'] or {}).get('read')")" = 10 ]
}

P=127.77.41
fleet_map $P
mkdir "$T/bed" "$H"
# The prefix's server (and services.exe with it) lives for the whole test,
# as Windows does between commands; otherwise Wine ends the service with
# the last command and starts it again (it is started at boot) with the
# next one.
at_exit 'bed_stop "$T/bed"; "$WINESERVER" -k 2>/dev/null'
bed_start "$T/bed" "$T/fleet.map" >"$T/bed.out" 2>&1 ||
    { not_ok "bed starts"; cat "$T/bed.out"; finish; }
mkdir -p "$WINEPREFIX"
"$WINESERVER" -p
w wineboot >/dev/null 2>&1
cat >"$H/fleetaudit.conf" <<EOC
range = $P.1-12
timeout = 500ms
retries = 0
EOC

one 2 "service needs one of install, remove, start, stop" \
    "no verb: exit 2" -- service
one 2 "'service run' is for the service manager" \
    "service run by hand: refused, exit 2" -- service run
one 1 "the service 'fleetaudit' is not installed" \
    "start before install: exit 1" -- service start

wfa service install >"$T/out" 2>"$T/err"
rc=$?
check "install: exit 0" test $rc -eq 0
check "install: says where it logs" grep -q "^service 'fleetaudit' installed: 'fleetaudit run' on home '.*svc home' at boot (log: .*service.log)" "$T/out"
check "installed: the service manager knows it, stopped" test "$(state)" = STOPPED
w reg query 'HKLM\System\CurrentControlSet\Services\fleetaudit' 2>/dev/null |
    tr -d '\r' >"$T/reg"
sed -n 's/^ *ImagePath *REG[_A-Z]* *\(.*\)/# ImagePath: \1/p' "$T/reg"
check "its command line: this program, service run, the home quoted" grep -qiE 'ImagePath.*fleetaudit\.exe"? service run --home "Z:\\.*\\svc home"' "$T/reg"
check "it starts at boot (Start = 2, automatic)" grep -qE 'Start +REG_DWORD +0x2' "$T/reg"
one 1 "the service 'fleetaudit' is already installed" \
    "install twice: exit 1" -- service install

wfa service start >"$T/out" 2>"$T/err"
rc=$?
check "start: exit 0, once it runs" sh -c "[ $rc -eq 0 ] && grep -q \"^service 'fleetaudit' started\" '$T/out'"
check "started: the service manager says running" test "$(state)" = RUNNING
upto 600 discovered
check "the service read the fleet and answers ctl status over its pipe" discovered
check "its log: with times, started by the service manager" grep -q '^20[0-9-]*T[0-9:]*Z fleetaudit run: info: service: started by the service manager' "$H/service.log"
check "its log: the run's own lines" grep -q 'fleetaudit run: info: run:discovery: 10 devices read' "$H/service.log"
grep -v ' every ' "$H/service.log" | sed 's/^/# service.log: /' | head -8
one 1 "the service 'fleetaudit' is already running" \
    "start twice: exit 1" -- service start
one 1 "a collector is already running on this home" \
    "a run by hand beside the service: the pipe is taken" -- run

wfa service stop >"$T/out" 2>"$T/err"
rc=$?
check "stop: exit 0, once it stopped" sh -c "[ $rc -eq 0 ] && grep -q \"^service 'fleetaudit' stopped\" '$T/out'"
check "stopped: the service manager says so" test "$(state)" = STOPPED
check "the service's run stopped cleanly (exit status 0)" grep -q 'info: service: run ended, exit status 0' "$H/service.log"
one 1 "no collector running" "stopped: no collector on the pipe" -- ctl status
one 1 "the service 'fleetaudit' is not running" "stop twice: exit 1" -- \
    service stop

wfa service start >/dev/null 2>&1
upto 300 wfa ctl status
wfa service remove >"$T/out" 2>"$T/err"
rc=$?
check "remove (of a running service): exit 0" sh -c "[ $rc -eq 0 ] && grep -q \"^service 'fleetaudit' removed\" '$T/out'"
check "removed: it was stopped first" test "$(grep -c 'run ended, exit status 0' "$H/service.log")" -eq 2
w sc query fleetaudit >/dev/null 2>&1
check "removed: the service manager no longer knows it" test $? -ne 0
one 1 "the service 'fleetaudit' is not installed" "remove twice: exit 1" -- \
    service remove
finish
