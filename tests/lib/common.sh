# common.sh: what every tests/cli script sources first.
#
#   . "$(dirname "$0")/../lib/common.sh"
#
# Gives: $top (repository), $FA (the fleetaudit binary), $T (a private temp
# dir removed on exit), ok/not_ok/check/finish for TAP lines, and fa() that
# runs fleetaudit with a clean environment and a home under $T (PGPASSWORD
# passed through when set: tests/lib/hubstore.sh).
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
FA=${FLEETAUDIT:-$top/build/fleetaudit}
SHARED=${FLEETAUDIT_SHARED:-$top/../shared}
PY=/usr/bin/python3
. "$top/tests/lib/bed.sh"
T=$(mktemp -d) || exit 1
chmod 755 "$T"
_cleanups=
at_exit() { _cleanups="$1; $_cleanups"; }
trap 'eval "$_cleanups"; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
_failed=0

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; _failed=1; }
# check NAME CMD...: ok when CMD succeeds.
check() {
	_n=$1
	shift
	if "$@"; then ok "$_n"; else not_ok "$_n"; fi
}
finish() { exit "$_failed"; }

# fa ARGS...: fleetaudit in a clean environment, home $T/home.
fa() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home" \
	    ${PGPASSWORD+"PGPASSWORD=$PGPASSWORD"} \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@"
}

# run ARGS...: fa ARGS, stdout in $T/out, stderr in $T/err, the status
# in $rc.
# expect CODE PATTERN NAME -- ARGS...: ok when fa ARGS exits CODE with
# one line on stderr that matches PATTERN (grep).
run() { fa "$@" >"$T/out" 2>"$T/err"; rc=$?; }
expect() {
	_code=$1 _pat=$2 _name=$3
	shift 4
	run "$@"
	if [ "$rc" -eq "$_code" ] && grep -q -- "$_pat" "$T/err" &&
	    [ "$(wc -l <"$T/err")" -eq 1 ]; then
		ok "$_name"
	else
		not_ok "$_name (exit $rc)"
		sed 's/^/# /' "$T/err" | head -5
	fi
}

# fleet_map PREFIX: the sample fleet's map moved to PREFIX.N (e.g.
# 127.77.1), written to $T/fleet.map with absolute file names.
fleet_map() {
	sed -n "s#^127\.77\.0\.\([0-9]*\)[[:space:]]*\([^[:space:]]*\)[[:space:]]*\([v23c]*\).*#$1.\1 $top/samples/fleet/\2 \3#p" \
	    "$top/samples/fleet/fleet.conf" >"$T/fleet.map"
}

# fleet_bed PREFIX [FILE]: the sample fleet on PREFIX.1-12 (fleet_map)
# served by a bed in $T/bed, stopped on exit; FILE: PREFIX.1 served from
# FILE instead (a copy the test changes).  Sets V3, the options that
# reach the bed's devices over SNMPv3 (and v2c); ends the script with one
# failed case when the bed does not start.  fleet_bed_restart: that bed
# again, after bed_stop (the recordings changed).
fleet_bed() {
	fleet_map "$1"
	if [ -n "${2:-}" ]; then
		sed "s#^$1\.1 .*#$1.1 $2 v2c#" "$T/fleet.map" >"$T/map2"
		mv "$T/map2" "$T/fleet.map"
	fi
	at_exit 'bed_stop "$T/bed"'
	mkdir "$T/bed"
	bed_start "$T/bed" "$T/fleet.map" >"$T/bed.out" 2>&1 ||
	    { not_ok "bed starts"; sed 's/^/# /' "$T/bed.out"; finish; }
	V3="-c public --v3-user $BED_V3_USER --v3-auth $BED_V3_AUTH --v3-priv $BED_V3_PRIV --v3-context $BED_V3_CONTEXT"
}
fleet_bed_restart() {
	rm -rf "$T/bed"
	mkdir "$T/bed"
	bed_start "$T/bed" "$T/fleet.map" >"$T/bed.out" 2>&1 ||
	    { not_ok "bed restarts"; sed 's/^/# /' "$T/bed.out"; finish; }
}

# tls_ca NAME CN: a test CA, tls/NAME.key and tls/NAME.pem (P-256, two
# days), in the current directory.
# tls_cert NAME ADDR: tls/NAME.key and tls/NAME.pem for the IP address
# ADDR, signed by the test CA tls/ca.*.  Each: status 0 when made.
tls_ca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "tls/$1.key" -out "tls/$1.pem" -days 2 -subj "/CN=$2" \
	    2>/dev/null
}
tls_cert() {
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "tls/$1.key" -out "tls/$1.csr" -subj "/CN=$2" \
	    2>/dev/null &&
	printf 'subjectAltName=IP:%s\n' "$2" >tls/ext &&
	openssl x509 -req -in "tls/$1.csr" -CA tls/ca.pem -CAkey tls/ca.key \
	    -CAcreateserial -out "tls/$1.pem" -days 2 -extfile tls/ext \
	    2>/dev/null
}

# hub_enrol: in $T, the hub $HUB made (on the store of
# tests/lib/hubstore.sh) and the collector (home $T/home) enrolled for
# account acme: one check, "hub and collector enrolled".
hub_enrol() {
	# shellcheck disable=SC2046  # --store URL: two words
	fa hub init "$HUB" $(hub_init_opts hub) >/dev/null 2>&1 &&
	    fa keys init >/dev/null 2>&1 &&
	    fa keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1 &&
	    fa hub trust add --hub "$HUB" home/collector.pub --account acme \
	    >/dev/null 2>&1
	check "hub and collector enrolled" test -s home/hub.pub
}

# serve_wait LOG: waits (10 s at most) for "hub serve" to write its
# "serving" line to LOG.
# serve_hub ADDR:PORT [LOG]: "hub serve" of $HUB on ADDR:PORT with
# tls/hub.pem and tls/hub.key, in the background (its PID in $SERVE),
# stderr appended to LOG (default serve.log); returns once it serves.
serve_wait() {
	_n=0
	until grep -q serving "$1" 2>/dev/null || [ $_n -ge 100 ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
}
serve_hub() {
	fa_bg hub serve --hub "$HUB" --listen "$1" --cert tls/hub.pem \
	    --key tls/hub.key 2>>"${2:-serve.log}"
	SERVE=$!
	serve_wait "${2:-serve.log}"
}

# py_checks NAME SCRIPT ARGS...: runs a Python SCRIPT that prints "ok -"
# and "not ok -" lines; they join the test's and a "not ok" fails it; a
# SCRIPT that does not run is one "not ok - NAME ran".
py_checks() {
	_name=$1
	shift
	$PY "$@" >"$T/py.out" 2>&1 || echo "not ok - $_name ran" >>"$T/py.out"
	cat "$T/py.out"
	grep -q '^not ok' "$T/py.out" && _failed=1
}

# json_get FILE EXPR: evaluates the Python expression EXPR with the
# parsed JSON as j; prints the result.
json_get() {
	$PY -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# fa_bg ARGS...: fa in the background; $! is fleetaudit's own PID (env
# execs it), so signals reach it.
fa_bg() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home" \
	    ${PGPASSWORD+"PGPASSWORD=$PGPASSWORD"} \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@" &
}

# agent_start ADDR SNMPREC LIFETIME: one device (tests/lib/badagent.py)
# serving SNMPREC on ADDR:161 for at most LIFETIME seconds, stopped on
# exit; returns once it listens (5 s at most).  Its log: $T/agent.log.
agent_start() {
	/usr/bin/python3 "$top/tests/lib/badagent.py" --addr "$1" \
	    --snmprec "$2" --pidfile "$T/agent.pid" --lifetime "$3" \
	    >"$T/agent.log" 2>&1 &
	at_exit '[ -s "$T/agent.pid" ] && kill "$(cat "$T/agent.pid")" 2>/dev/null'
	_n=0
	while [ ! -s "$T/agent.pid" ] && [ $_n -lt 50 ]; do sleep 0.1; _n=$((_n + 1)); done
}

# real_devices_bed ENDPOINT: serves every recording of $SHARED/devices on
# ENDPOINT (community = file name) in $T/bed, stopped on exit; sets $DEV.
# Ends the script with one failed case when the recordings or the bed are
# missing.
real_devices_bed() {
	DEV=$SHARED/devices
	if [ ! -d "$DEV" ]; then
		not_ok "real device recordings at $DEV"
		finish
	fi
	at_exit 'bed_stop "$T/bed"'
	mkdir -p "$T/bed"
	bed_start_dir "$T/bed" "$DEV" "$1" >"$T/bed.out" 2>&1 ||
	    { not_ok "bed starts"; cat "$T/bed.out"; finish; }
}

# upto TENTHS CMD...: until CMD succeeds, for at most TENTHS/10 seconds;
# status 1 when it never did.
upto() {
	_u=$1
	shift
	until "$@" >/dev/null 2>&1; do
		_u=$((_u - 1))
		[ "$_u" -gt 0 ] || return 1
		sleep 0.1
	done
}

# quiet_conf FILE RANGE TIMEOUT: a config for "run" on RANGE, TIMEOUT per
# try and no retry, every interval at its longest, so that after the
# first round nothing is due for days and what happens is what the test
# asks for.
quiet_conf() {
	cat >"$1" <<EOC
range = $2
timeout = $3
retries = 0
interval = discovery=7d
interval = meters=14d
interval = supplies=7d
interval = errors=7d
interval = attributes=14d
EOC
}

# half_scans DB: the ids of the scans of collector store DB whose supplies
# or meters are not all there (a device half written), none when all is
# well.  The store is change-only: the rows a scan read are those whose
# run covers it; a device's supplies are counted against its first scan
# without an error.
half_scans() {
	sqlite3 -batch -noheader "$1" "with cov(sid, tab, n) as (select s.id, 'supplies', (select count(*) from supplies x where x.device_id = s.device_id and x.scan_id <= s.id and x.last_scan_id >= s.id) from scans s union all select s.id, 'meters', (select count(*) from meters x where x.device_id = s.device_id and x.scan_id <= s.id and x.last_scan_id >= s.id) from scans s) select s.id from scans s where (select n from cov where sid = s.id and tab = 'supplies') != (select n from cov where tab = 'supplies' and sid = (select min(id) from scans z where z.device_id = s.device_id and z.error is null)) or (select n from cov where sid = s.id and tab = 'meters') = 0"
}

# kill_later PID MIN_MS SPAN_MS: kill -9 of PID (a child of this shell)
# MIN_MS to MIN_MS + SPAN_MS milliseconds from now, at random; then reaped.
kill_later() {
	_ms=$(( $(od -An -N2 -tu2 /dev/urandom) % $3 + $2 ))
	sleep "$(printf '%d.%03d' $((_ms / 1000)) $((_ms % 1000)))"
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}
