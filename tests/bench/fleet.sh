#!/bin/sh
# fleet.sh: one site of thousands of printers (BENCH_ONLY=fleet sh
# tests/bench/bench.sh, or this script alone after `make all units`, as
# root).  The bed is tests/tools/snmpbed, one process on one socket
# (IP_PKTINFO) serving every device, so the bed is not the limit.
#
#  - the kinds of device: the sample fleet's v2c printers and the real
#    recordings of SHARED/devices that have a Printer-MIB and a
#    sysObjectID; one of each on 127.211.0.K, assessed once to learn the
#    serial fleetaudit reads from it;
#  - BENCH_FLEET_MAX (10,000) copies, round-robin, on 127.210.0.1 onwards,
#    each with a serial and a MAC of its own (snmpbed's id= and serial=),
#    answering with no latency and no loss;
#  - the bed's own limit: tests/tools/snmpflood, a trivial client keeping
#    256 GETBULKs (20 repetitions of the Printer-MIB) outstanding over all
#    the devices for 5 s: answers/s;
#  - for each size of BENCH_FLEET_SIZES (1000 5000 10000): fleetaudit
#    assess of the first N addresses with its defaults and the model
#    definitions, into a fresh store: wall time, CPU, peak RSS (GNU time
#    -v), the requests and answers the bed counted, the devices stored;
#    the bed's limit for that read is the requests it made divided by
#    the bed's answers/s;
#  - then BENCH_FLEET_MAX devices once more with --rate BENCH_FLEET_RATE
#    (100000; 0 skips it): how fast the read goes when the default rate
#    cap (8,000 packets/s, the network gentleness) is not the floor.
#  - fleetaudit run over the BENCH_FLEET_MAX devices with the shortest
#    intervals (discovery 10m; meters, supplies, errors 30m; attributes
#    1h) for BENCH_FLEET_RUN_SECONDS (600; 0 skips it) on a clock
#    BENCH_FLEET_RUN_SCALE (144) times as fast (600 s: one day), stopped
#    by SIGTERM: CPU per device read, RSS every 10 s, the store's growth
#    per simulated day; then that site's day exported in one bundle
#    (export bundle --since all) and imported by a hub (hub import):
#    time and peak RSS of each.
# Goals (issue: ten thousand devices at one site): 10,000 devices in at
# most 20 s, within 1.5x of the bed's limit, peak RSS under 100 MB.
#
# Writes BENCH_OUT/fleet.md (the table) and logs in BENCH_OUT/fleet/.
# Knobs: BENCH_FLEET_SIZES, BENCH_FLEET_MAX (the bed; 1..65000), BENCH_OUT,
# FLEETAUDIT, FLEETAUDIT_SHARED, BENCH_STRICT=1 (exit 1 on a missed goal).
# Exit 0 when every device was read (goals missed are reported), 1 when
# not, 2 when the bench could not run.
# Figures travel as words (set -- $(...)): split on purpose.
# shellcheck disable=SC2086,SC2046
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$top" || exit 2
BUILD=${BUILD:-build}
FA=${FLEETAUDIT:-$top/$BUILD/fleetaudit}
BED=$top/$BUILD/tests/tools/snmpbed
FLOOD=$top/$BUILD/tests/tools/snmpflood
OUT=${BENCH_OUT:-$top/build/bench}
SIZES=${BENCH_FLEET_SIZES:-1000 5000 10000}
FAST=${BENCH_FLEET_RATE:-100000}
RUNSECS=${BENCH_FLEET_RUN_SECONDS:-600}
SCALE=${BENCH_FLEET_RUN_SCALE:-144}
MAX=${BENCH_FLEET_MAX:-10000}
SHARED_DEV=${FLEETAUDIT_SHARED:-$top/../shared}/devices
STRICT=${BENCH_STRICT:-0}
PY=/usr/bin/python3
TIME=/usr/bin/time
NET=127.210
LEARN=127.211

die() { echo "bench: $*" >&2; exit 2; }
say() { echo "bench: [$(date +%H:%M:%S)] $*"; }
isnum() { case $1 in ''|*[!0-9]*) return 1 ;; esac; return 0; }
isnum "$MAX" && [ "$MAX" -ge 1 ] && [ "$MAX" -le 65000 ] ||
    die "BENCH_FLEET_MAX: 1..65000"
isnum "$RUNSECS" && [ "$RUNSECS" -le 7200 ] ||
    die "BENCH_FLEET_RUN_SECONDS: 0..7200"
isnum "$SCALE" && [ "$SCALE" -ge 1 ] && [ "$SCALE" -le 100000 ] ||
    die "BENCH_FLEET_RUN_SCALE: 1..100000"
for n in $SIZES; do
	isnum "$n" && [ "$n" -ge 1 ] && [ "$n" -le "$MAX" ] ||
	    die "BENCH_FLEET_SIZES: numbers from 1 to BENCH_FLEET_MAX ($MAX)"
done
[ "$(id -u)" = 0 ] || die "needs root (port 161)"
for f in "$FA" "$BED" "$FLOOD" "$TIME" "$PY"; do
	[ -x "$f" ] || die "$f missing (make all units; make deps)"
done
D=$OUT/fleet
rm -rf "$D"
mkdir -p "$D" || die "cannot create $D"
bedpid='' runpid=''
cleanup() {
	[ -n "$runpid" ] && kill "$runpid" 2>/dev/null && wait "$runpid"
	[ -n "$bedpid" ] && kill "$bedpid" 2>/dev/null && wait "$bedpid"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# addr K: the K-th address (from 1) of a /16
addr() { echo "$1.$(($2 / 256)).$(($2 % 256))"; }

# bed_start MAP: snmpbed -w on MAP, waits for "ready"
bed_start() {
	"$BED" -w -t 3600 "$1" >"$D/bed.out" 2>"$D/bed.err" &
	bedpid=$!
	_i=0
	until grep -q ready "$D/bed.out" 2>/dev/null; do
		kill -0 "$bedpid" 2>/dev/null || die "snmpbed failed: $(cat "$D/bed.err")"
		[ "$_i" -lt 300 ] || die "snmpbed not ready after 30 s"
		sleep 0.1
		_i=$((_i + 1))
	done
}
bed_stop() {
	kill "$bedpid" 2>/dev/null
	wait "$bedpid" 2>/dev/null
	bedpid=
}
# bed_count: "requests answers" so far (SIGUSR1 prints its counters)
bed_count() {
	_n=$(grep -c . "$D/bed.err")
	kill -USR1 "$bedpid"
	_i=0
	while [ "$(grep -c . "$D/bed.err")" -le "$_n" ] && [ "$_i" -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	tail -n 1 "$D/bed.err" | awk '{ print $4, $6 }'
}

# --- the kinds of device and their serials --------------------------------
: >"$D/kinds"
awk '$1 ~ /^127\./ && $3 == "v2c" { print $2 }' \
    "$top/samples/fleet/fleet.conf" | while read -r f; do
	echo "$top/samples/fleet/$f"
done >"$D/cand"
[ -d "$SHARED_DEV" ] && ls "$SHARED_DEV"/*.snmprec >>"$D/cand"
k=0
: >"$D/learn.map"
while read -r f; do
	grep -q '^1\.3\.6\.1\.2\.1\.43\.' "$f" &&
	    grep -q '^1\.3\.6\.1\.2\.1\.1\.2\.0|' "$f" || continue
	k=$((k + 1))
	echo "$(addr $LEARN "$k") $f" >>"$D/learn.map"
done <"$D/cand"
[ "$k" -gt 0 ] || die "no printer recordings"
say "the serials of $k kinds of device"
bed_start "$D/learn.map"
timeout -k 5 120 "$FA" assess "$LEARN.0.1-$LEARN.0.$k" -q --json \
    --home "$D/home-learn" >"$D/learn.json" 2>"$D/learn.err" </dev/null ||
    die "assess of the $k kinds exited with $? (see $D/learn.err)"
bed_stop

# The map: MAX copies, round-robin over the kinds read as printers.
"$PY" - "$D/learn.json" "$D/learn.map" "$D/fleet.map" "$NET" "$MAX" \
    >"$D/kinds" <<'EOF' || die "no printer among the kinds"
import json, sys
learn, lmap, out, net, n = sys.argv[1:6]
files = dict(line.split()[:2] for line in open(lmap))
serial = {}
for d in json.load(open(learn))["devices"]:
    if d.get("error") or not d.get("is_printer") or d["address"] not in files:
        continue
    s = d.get("serial") or ""
    serial[files[d["address"]]] = s if s and not any(
        c.isspace() for c in s) and len(s) < 64 else ""
kinds = [files[a] for a in sorted(files, key=lambda a: int(a.split(".")[3]))
         if files[a] in serial]
if not kinds:
    sys.exit(1)
with open(out, "w") as m:
    for k in range(1, int(n) + 1):
        f = kinds[(k - 1) % len(kinds)]
        s = serial[f]
        m.write("%s.%d.%d %s id=%d%s\n" % (net, k // 256, k % 256, f, k,
                " serial=" + s if s else ""))
print(len(kinds), sum(1 for f in kinds if serial[f]))
EOF
set -- $(cat "$D/kinds")
nkinds=$1 nserial=$2
say "$MAX devices of $nkinds kinds ($nserial with a serial of their own," \
    "all with a MAC of their own) on $NET.0.1-$(addr $NET "$MAX")"
bed_start "$D/fleet.map"

# --- the bed's own limit ---------------------------------------------------
say "the bed's limit: snmpflood, 256 outstanding, 5 s"
"$FLOOD" -t 5 -w 256 "$NET.0.1" "$MAX" >"$D/flood.out" 2>&1 ||
    die "snmpflood failed: $(cat "$D/flood.out")"
rate=$(awk '{ print $7 }' "$D/flood.out")
isnum "$rate" && [ "$rate" -gt 0 ] || die "snmpflood: no answers"

# --- fleetaudit assess, each size ------------------------------------------
failed=0 missed=0
: >"$D/rows"
runs=
for n in $SIZES; do runs="$runs $n:"; done
[ "$FAST" != 0 ] && runs="$runs $MAX:$FAST"
for r in $runs; do
	n=${r%:*} fast=${r#*:}
	last=$(addr $NET "$n")
	opt=
	[ -n "$fast" ] && opt="--rate $fast"
	say "fleetaudit assess $opt $NET.0.1-$last ($n devices)"
	set -- $(bed_count)
	q0=$1 a0=$2
	c0=$(awk '{ print $14 + $15 }' "/proc/$bedpid/stat")
	n=$n${fast:+r}
	"$TIME" -v -o "$D/assess.$n.time" timeout -k 5 600 "$FA" assess \
	    $opt "$NET.0.1-$last" -q --home "$D/home.$n" >"$D/assess.$n.out" \
	    2>"$D/assess.$n.err" </dev/null
	rc=$?
	c1=$(awk '{ print $14 + $15 }' "/proc/$bedpid/stat")
	set -- $(bed_count)
	q=$(($1 - q0)) a=$(($2 - a0))
	[ "$rc" -eq 0 ] || { echo "bench: FAIL: assess of $n exited with $rc" >&2
	    failed=1; }
	stored=$(sqlite3 "$D/home.$n/store.db" \
	    "select read_ok from assessments order by id desc limit 1" \
	    2>/dev/null)
	devs=$(sqlite3 "$D/home.$n/store.db" "select count(*) from devices" \
	    2>/dev/null)
	[ "$stored" = "${n%r}" ] && [ "$devs" = "${n%r}" ] ||
	    { echo "bench: FAIL: $n devices: ${stored:-?} read, ${devs:-?}" \
	    "in the store" >&2; failed=1; }
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { k = split($2, t, ":")
	    for (i = 1; i <= k; i++) s = s * 60 + t[i]; printf "%.2f", s }' \
	    "$D/assess.$n.time")
	rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' \
	    "$D/assess.$n.time")
	cpu=$(awk -F': ' '/^\t*(User|System) time/ { s += $2 }
	    END { printf "%.2f", s }' "$D/assess.$n.time")
	bedcpu=$(awk -v a="$c0" -v b="$c1" -v hz="$(getconf CLK_TCK)" \
	    'BEGIN { printf "%.2f", (b - a) / hz }')
	echo "${n%r} $wall $cpu $rss $q $a $stored $devs $bedcpu ${fast:--}" \
	    >>"$D/rows"
done

# --- fleetaudit run, then export and hub import of what it stored ----------
: >"$D/run.md"
if [ "$RUNSECS" -gt 0 ]; then
	RH=$D/run-home
	mkdir -m 700 "$RH" || die "cannot create $RH"
	printf '%s\n' "range = $NET.0.1-$(addr $NET "$MAX")" \
	    "interval = discovery=10m" "interval = meters=30m" \
	    "interval = supplies=30m" "interval = errors=30m" \
	    "interval = attributes=1h" >"$RH/fleetaudit.conf"
	say "fleetaudit run over $MAX devices, FLEETAUDIT_TIME_SCALE=$SCALE," \
	    "$RUNSECS s"
	env -i PATH=/usr/bin:/bin HOME="$D" FLEETAUDIT_HOME="$RH" \
	    FLEETAUDIT_TIME_SCALE="$SCALE" "$FA" run </dev/null \
	    >"$D/run.out" 2>"$D/run.log" &
	runpid=$!
	hz=$(getconf CLK_TCK)
	echo "# seconds rss_kb cpu_s" >"$D/run.samples"
	t0=$(date +%s)
	while [ $(( $(date +%s) - t0 )) -lt "$RUNSECS" ] &&
	    kill -0 "$runpid" 2>/dev/null; do
		sleep 10
		echo "$(( $(date +%s) - t0 )) $(awk '/^VmRSS:/ { print $2 }' \
		    "/proc/$runpid/status" 2>/dev/null) $(awk -v hz="$hz" \
		    '{ printf "%.2f", ($14 + $15) / hz }' \
		    "/proc/$runpid/stat" 2>/dev/null)" >>"$D/run.samples"
	done
	kill -0 "$runpid" 2>/dev/null || { echo "bench: FAIL: fleetaudit" \
	    "run ended by itself (see $D/run.log)" >&2; failed=1; }
	r_hwm=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' \
	    "/proc/$runpid/status" 2>/dev/null)
	r_cpu=$(awk -v hz="$hz" '{ printf "%.2f", ($14 + $15) / hz }' \
	    "/proc/$runpid/stat" 2>/dev/null)
	kill -TERM "$runpid"
	wait "$runpid"
	r_rc=$?
	runpid=
	[ "$r_rc" -eq 0 ] || { echo "bench: FAIL: fleetaudit run exited" \
	    "with $r_rc after SIGTERM" >&2; failed=1; }
	sqlite3 "$RH/store.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	r_reads=$(sqlite3 "$RH/store.db" "select count(*) from scans")
	r_disc=$(sqlite3 "$RH/store.db" "select count(*) from assessments
	    where ranges = 'run:discovery'")
	r_devs=$(sqlite3 "$RH/store.db" "select count(*) from devices")
	r_kb=$(( $(stat -c %s "$RH/store.db") / 1024 ))
	r_days=$(awk -v s="$RUNSECS" -v k="$SCALE" \
	    'BEGIN { printf "%.2f", s * k / 86400 }')
	r_rss=$(awk 'NR > 1 && $2 { printf "%s%.0f", sep, $2 / 1024; sep = ", " }' \
	    "$D/run.samples")
	# the site's day: one bundle of everything, imported by a hub
	fx() {
		env -i PATH=/usr/bin:/bin HOME="$D" FLEETAUDIT_HOME="$RH" \
		    FLEETAUDIT_HUB="$D/hub" "$@"
	}
	fx "$FA" keys init -q >/dev/null &&
	    fx "$FA" hub init "$D/hub" -q >/dev/null &&
	    fx "$FA" keys trust-hub "$D/hub/hub.pub" >/dev/null 2>&1 &&
	    fx "$FA" hub trust add "$RH/collector.pub" --account site -q \
	    >/dev/null || die "keys and hub setup failed"
	say "export bundle --since all, hub import"
	fx "$TIME" -v -o "$D/export.time" "$FA" export bundle --since all \
	    -o "$D/site.bundle" >"$D/export.out" 2>"$D/export.err" ||
	    { echo "bench: FAIL: export (see $D/export.err)" >&2; failed=1; }
	fx "$TIME" -v -o "$D/import.time" "$FA" hub import "$D/site.bundle" \
	    -q >"$D/import.out" 2>"$D/import.err" ||
	    { echo "bench: FAIL: hub import (see $D/import.err)" >&2; failed=1; }
	tv() {
		awk -F': ' '/Elapsed \(wall clock\)/ { k = split($2, t, ":")
		    for (i = 1; i <= k; i++) s = s * 60 + t[i] }
		    /Maximum resident/ { r = $2 / 1024 }
		    END { printf "%.2f s, %.1f MB", s, r }' "$1"
	}
	b_kb=$(( $(stat -c %s "$D/site.bundle" 2>/dev/null || echo 0) / 1024 ))
	{
	echo "### fleetaudit run: $MAX devices, shortest intervals, $RUNSECS s" \
	    "on a clock $SCALE times as fast ($r_days simulated days)"
	echo
	echo "| measure | value |"
	echo "|---|---|"
	echo "| device reads stored (scans) | $r_reads ($r_disc discoveries), $r_devs devices |"
	echo "| CPU | $r_cpu s: $(awk -v c="$r_cpu" -v n="$r_reads" 'BEGIN { printf "%.2f", (n ? 1000 * c / n : 0) }') ms per device read |"
	echo "| RSS every 10 s, MB | $r_rss (peak $r_hwm) |"
	echo "| store | $r_kb KB: $(awk -v k="$r_kb" -v d="$r_days" 'BEGIN { printf "%.0f", (d > 0 ? k / d : 0) }') KB per simulated day, $(awk -v k="$r_kb" -v n="$r_reads" 'BEGIN { printf "%.0f", (n ? 1024 * k / n : 0) }') bytes per device read |"
	echo "| export bundle --since all | $(tv "$D/export.time"); bundle $b_kb KB |"
	echo "| hub import of that bundle | $(tv "$D/import.time") |"
	} >"$D/run.md"
fi
bed_stop

# --- the table -------------------------------------------------------------
awk -v rate="$rate" -v strict="$STRICT" '
function f(x) { return sprintf("%.1f", x) }
{
	n = $1; wall = $2; cpu = $3; rss = $4; q = $5; a = $6
	limit = q / rate
	ratio = limit > 0 ? wall / limit : 0
	label = $10 == "-" ? n : n " (--rate " $10 ")"
	printf "| %s | %s s | %d | %s s (%.2f ms) | %s MB | %.1f / %.1f | %s s (%s) | %.2f s | **%.1fx** | %d of %d |\n",
	    label, wall, (wall > 0 ? n / wall : 0), cpu, 1000 * cpu / n, rss,
	    q / n, a / n, $9, f(100 * $9 / (wall > 0 ? wall : 1)) "%",
	    limit, ratio, $7, n
	if (n == 10000 && $10 == "-") {
		g = " "
		if (wall > 20) g = g " wall time over 20 s;"
		if (ratio > 1.5) g = g " over 1.5x the bed limit;"
		if (rss >= 100) g = g " RSS 100 MB or more;"
		print g > "/dev/stderr"
	}
}' "$D/rows" >"$D/table" 2>"$D/goals"
{
echo "## One site: 10,000 devices on the C responder (snmpbed)"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
    "$($FA --version 2>&1 | head -n 1); $MAX devices of $nkinds kinds served" \
    "by one snmpbed process (one socket, IP_PKTINFO); fleetaudit assess with" \
    "its defaults and the model definitions, a fresh store each time." \
    "Bed limit: $rate answers/s (snmpflood: 256 GETBULKs of 20 repetitions" \
    "outstanding); a read's bed limit is its requests / that rate."
echo
echo "| devices | wall | devices/s | CPU (per device) | peak RSS | requests / answers per device | snmpbed CPU (of wall) | bed limit | wall / limit | read |"
echo "|---|---|---|---|---|---|---|---|---|---|"
cat "$D/table"
echo
if [ ! -s "$D/goals" ]; then
	echo "Goals (10,000 devices: 20 s, 1.5x the bed limit, 100 MB):" \
	    "not measured (no 10,000-device run with the defaults)."
elif [ -n "$(tr -d ' \n' <"$D/goals")" ]; then
	echo "Goals (10,000 devices: 20 s, 1.5x the bed limit, 100 MB) missed:$(cat "$D/goals")"
	missed=1
else
	echo "Goals (10,000 devices: 20 s, 1.5x the bed limit, 100 MB): met."
fi
if [ -s "$D/run.md" ]; then
	echo
	cat "$D/run.md"
fi
} >"$OUT/fleet.md"
cat "$OUT/fleet.md"
[ "$failed" = 1 ] && exit 1
[ "$missed" = 1 ] && [ "$STRICT" = 1 ] && exit 1
exit 0
