#!/bin/sh
# bench.sh: fleetaudit's performance figures on loopback test beds, side by
# side with the peer (FusionInventory's netdiscovery and netinventory).
# Run by `make bench` after the build; builds nothing itself.  Needs root
# (snmpsimd on port 161, nftables) and the packages of `make deps`.
#
#   sh tests/bench/bench.sh
#
# Four beds, each built and removed here (see docs/bench.md):
#   sweep      127.200.0.0/16: BENCH_DEVICES live devices on
#              127.200.0.1..N, every other address silently drops
#              everything (nftables input rule), as a real network does.
#              fleetaudit discover of the whole /16 with its defaults;
#              the peer sweeps the first BENCH_PEER_SWEEP addresses.
#   inventory  BENCH_DEVICES devices on 127.201.0.1..N: fleetaudit assess
#              (BENCH_RUNS times, median), the peer's netinventory (10
#              threads, BENCH_RUNS times; 1 thread once) and the bed's own
#              limit: net-snmp snmpbulkwalk of the system, Printer-MIB and
#              hrDevice subtrees of every device, all at once.
#   vendors    every real recording of SHARED/devices (SHARED is
#              $FLEETAUDIT_SHARED, or ../shared beside the repository) on
#              one endpoint, 127.202.0.1:11161, community = file name;
#              fleetaudit assess of each recording alone, with --no-models
#              (standard MIBs only) and then with the model definitions:
#              packets, bytes, requests and meters per device, by vendor.
#              Skipped, with a note, when the recordings are not there.
#   schedule   127.203.0.0/16: BENCH_SCHEDULE_DEVICES (500) live devices
#              on 127.203.0.1..N, copies of the sample fleet's printers and
#              of the real recordings that have a Printer-MIB, each with a
#              serial and MAC of its own; the rest of 127.203.0.1-3.254
#              silent (nftables drop).  Before it, one device of each kind
#              on 127.203.255.1..K, assessed once to learn the serial that
#              fleetaudit reads from it.  fleetaudit run over that range
#              with the shortest intervals, max-devices
#              BENCH_SCHEDULE_MAX_DEVICES (32: what the bed serves within
#              the 1 s timeout), FLEETAUDIT_TIME_SCALE=BENCH_SCHEDULE_SCALE
#              (960), for BENCH_SCHEDULE_SECONDS (180) real seconds, then
#              SIGTERM: CPU, peak RSS, the discoveries and scans done, the
#              store's size and rows.
#   sweep500   127.205.0.0/16: BENCH_SWEEP500_DEVICES (500) live devices
#              spread over the whole /16 (device K on 127.205.(K-1)%250.X,
#              X = 10, 60, 110, 160 for each block of 250), copies of the
#              sample fleet's v2c printers served by BENCH_BED_PROCS
#              snmpsimd processes; every other address silent (nftables
#              drop).  One fleetaudit discover of the whole /16 with its
#              defaults: every live device must be found (the section
#              fails otherwise); wall time, addresses/s, peak RSS, CPU,
#              packets.
# Packets and bytes are counted by nftables counters on the input hook
# (IP bytes: IP and UDP headers included).
#
# Writes build/bench/results.md (the tables printed at the end) and raw
# logs beside it: NAME.out, NAME.err, NAME.time (GNU time -v); the vendors
# bed's in vendors/ (REC.before.*, REC.after.*, devices.md: per recording);
# the schedule bed's as schedule.* (run.log: the collector's log,
# samples: RSS and CPU every 5 s, assessments: the store's list, learn.json:
# the identities learned).
#
# Knobs (environment):
#   BENCH_PEER_SWEEP  addresses the peer's sweep covers from 127.200.0.1
#                     (1022: 127.200.0.1-127.200.3.254, about 3 minutes;
#                     0 skips the peer's sweep)
#   BENCH_RUNS        runs of the inventory measurements (3)
#   BENCH_DEVICES     live devices per bed, 1..254 (50)
#   BENCH_BED_PROCS   snmpsimd processes per bed, 1..4 (4)
#   BENCH_LIMIT       seconds any one command may take (600)
#   BENCH_STRICT=1    exit 1 when a target is missed, not only on errors
#   BENCH_OUT         where results.md and the logs go (build/bench)
#   FLEETAUDIT        the binary, an absolute path (build/fleetaudit)
#   BENCH_ONLY        empty: every bed; "bundle": the bundle bench alone
#                     (tests/bench/bundle.sh: export and import of a
#                     10,000-device, 30-day bundle, 1,000 small imports);
#                     "vendors": the vendors bed alone
#                     (no sweep, no inventory, no peer; about 5 s);
#                     "schedule": the schedule bed alone (about
#                     BENCH_SCHEDULE_SECONDS + 15 s)
#                     "soap": the SOAP upload bench alone
#                     (tests/bench/soap.sh: 20 collectors uploading into
#                     one hub over TLS, then the same bundles by hub
#                     import; about 20 s)
#                     "sweep500": the sweep500 bed alone (about 60 s,
#                     most of it starting the 500 devices)
#                     "hubload": the hub load bench alone
#                     (tests/bench/soap.sh, BENCH_SOAP_MODE=hubload:
#                     tests/cli/t6040-hub-load.sh at scale, 50 collectors
#                     x 20 bundles uploaded while 4 hub import processes
#                     race on the same 1,000 files; about 3 minutes)
#                     "hubpg": the hub's store (tests/bench/hubpg.sh:
#                     1,000 bundles imported into SQLite by 1 process
#                     and into PostgreSQL by 1, 2 and 4; about 1 minute)
#                     "hubweb": the web view (tests/bench/hubweb.sh:
#                     page loads of a 10,000-device account on both
#                     stores; about 6 minutes)
#                     "rdl": Remote Device Link (tests/bench/rdl.sh:
#                     latency, throughput and memory of 20 device
#                     sessions through hub and collector, a 48 MiB
#                     download streamed; under a minute)
#                     "fleet": one site of 10,000 devices on the C
#                     responder (tests/bench/fleet.sh: assess of 1,000,
#                     5,000 and 10,000 devices and the bed's own limit;
#                     about 2 minutes; also at the end of the full run,
#                     BENCH_FLEET_SIZES empty skips it there)
#                     "wine": fleetaudit.exe under Wine beside the Linux
#                     binary (tests/bench/wine.sh: startup, a 50-device
#                     inventory, a /16 sweep; also at the end of the full
#                     run when make windows-exe has built it, BENCH_WINE=0
#                     skips it there)
#   BENCH_SCHEDULE_SECONDS  real seconds fleetaudit run runs (180; 0
#                     skips the schedule bed; 20..3600)
#   BENCH_SCHEDULE_SCALE    FLEETAUDIT_TIME_SCALE of that run (960: 180 s
#                     are 2 days; 1..100000)
#   BENCH_SCHEDULE_DEVICES  live devices of the schedule bed (500; 1..1000)
#   BENCH_SCHEDULE_MAX_DEVICES  max-devices of that run (32; 1..4096)
#   BENCH_SWEEP500_DEVICES  live devices of the sweep500 bed (500;
#                     1..1000; 0 skips the bed in the full run)
#   FLEETAUDIT_SHARED where the real recordings are: its devices/
#                     directory (../shared beside the repository)
# Exit status: 0 when every check passed (devices found and read), 1 when
# one failed (or, with BENCH_STRICT=1, a target was missed), 2 when the
# bench could not run.

# Figures travel as words: `set -- $(cnt NAME)`, `median $list` split on
# purpose.  `cond || die` is intended (die exits); cleanup runs from a trap.
# shellcheck disable=SC2046,SC2086,SC2015,SC2317

top=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$top" || exit 2
# shellcheck source=tests/lib/bed.sh
. "$top/tests/lib/bed.sh"

FA=${FLEETAUDIT:-$top/build/fleetaudit}
OUT=${BENCH_OUT:-$top/build/bench}
PEER_SWEEP=${BENCH_PEER_SWEEP:-1022}
RUNS=${BENCH_RUNS:-3}
N=${BENCH_DEVICES:-50}
PROCS=${BENCH_BED_PROCS:-4}
LIMIT=${BENCH_LIMIT:-600}
STRICT=${BENCH_STRICT:-0}
ONLY=${BENCH_ONLY:-}
SHARED_DEV=${FLEETAUDIT_SHARED:-$top/../shared}/devices
PY=/usr/bin/python3		# Debian's, whatever python3 is first on PATH
TIME=/usr/bin/time		# GNU time, for -v (peak RSS)
NFT_TABLE=fa_bench
SWEEP_NET=127.200		# the /16 swept
INV_NET=127.201			# the inventory bed
V_ADDR=127.202.0.1		# the vendors bed: one endpoint
V_PORT=11161
SCHED_NET=127.203		# the schedule bed; 127.203.255.x: identities
SCHED_RANGE=$SCHED_NET.0.1-$SCHED_NET.3.254
SCHED_SECONDS=${BENCH_SCHEDULE_SECONDS:-180}
SCHED_SCALE=${BENCH_SCHEDULE_SCALE:-960}
SCHED_DEVICES=${BENCH_SCHEDULE_DEVICES:-500}
SCHED_MAXDEV=${BENCH_SCHEDULE_MAX_DEVICES:-32}
BIG_NET=127.205			# the sweep500 bed: a /16, live devices spread
BIG_DEVICES=${BENCH_SWEEP500_DEVICES:-500}

die() {
	echo "bench: $*" >&2
	exit 2
}
say() {
	echo "bench: [$(date +%H:%M:%S)] $*"
}
warn() {
	echo "bench: $*" >&2
}

isnum() {
	case $1 in ''|*[!0-9]*) return 1 ;; esac
	return 0
}
isnum "$PEER_SWEEP" && [ "$PEER_SWEEP" -le 65534 ] ||
    die "BENCH_PEER_SWEEP: 0..65534 addresses"
isnum "$RUNS" && [ "$RUNS" -ge 1 ] && [ "$RUNS" -le 20 ] ||
    die "BENCH_RUNS: 1..20"
isnum "$N" && [ "$N" -ge 1 ] && [ "$N" -le 254 ] || die "BENCH_DEVICES: 1..254"
isnum "$PROCS" && [ "$PROCS" -ge 1 ] && [ "$PROCS" -le 4 ] ||
    die "BENCH_BED_PROCS: 1..4"
isnum "$LIMIT" && [ "$LIMIT" -ge 10 ] || die "BENCH_LIMIT: seconds, 10 or more"
isnum "$SCHED_SECONDS" && { [ "$SCHED_SECONDS" -eq 0 ] ||
    { [ "$SCHED_SECONDS" -ge 20 ] && [ "$SCHED_SECONDS" -le 3600 ]; }; } ||
    die "BENCH_SCHEDULE_SECONDS: 0 (skip) or 20..3600"
isnum "$SCHED_SCALE" && [ "$SCHED_SCALE" -ge 1 ] &&
    [ "$SCHED_SCALE" -le 100000 ] || die "BENCH_SCHEDULE_SCALE: 1..100000"
isnum "$SCHED_DEVICES" && [ "$SCHED_DEVICES" -ge 1 ] &&
    [ "$SCHED_DEVICES" -le 1000 ] || die "BENCH_SCHEDULE_DEVICES: 1..1000"
isnum "$SCHED_MAXDEV" && [ "$SCHED_MAXDEV" -ge 1 ] &&
    [ "$SCHED_MAXDEV" -le 4096 ] || die "BENCH_SCHEDULE_MAX_DEVICES: 1..4096"
isnum "$BIG_DEVICES" && [ "$BIG_DEVICES" -le 1000 ] ||
    die "BENCH_SWEEP500_DEVICES: 0 (skip) or 1..1000"
# BENCH_ONLY=report: the report bench alone, no bed, no root
# (tests/bench/report.sh says what it measures).
[ "$ONLY" = report ] && exec sh "$top/tests/bench/report.sh"
# BENCH_ONLY=bundle: the bundle bench alone, no bed, no root
# (tests/bench/bundle.sh says what it measures).
[ "$ONLY" = bundle ] && exec sh "$top/tests/bench/bundle.sh"
# BENCH_ONLY=soap: the SOAP upload bench alone (tests/bench/soap.sh says
# what it measures).
[ "$ONLY" = soap ] && exec sh "$top/tests/bench/soap.sh"
# BENCH_ONLY=ipp: IPP reads beside SNMP reads (tests/bench/ipp.sh says
# what it measures).
[ "$ONLY" = ipp ] && exec sh "$top/tests/bench/ipp.sh"
# BENCH_ONLY=local: assess --local against a cupsd of its own
# (tests/bench/local.sh says what it measures).
[ "$ONLY" = local ] && exec sh "$top/tests/bench/local.sh"
# BENCH_ONLY=hubload: the hub under load (tests/bench/soap.sh says what it
# measures).
[ "$ONLY" = hubload ] && BENCH_SOAP_MODE=hubload exec sh \
    "$top/tests/bench/soap.sh"
# BENCH_ONLY=hubpg, hubweb: the hub's store on SQLite and PostgreSQL, and
# its web view (tests/bench/hubpg.sh, hubweb.sh say what they measure).
[ "$ONLY" = hubpg ] && exec sh "$top/tests/bench/hubpg.sh"
[ "$ONLY" = hubweb ] && exec sh "$top/tests/bench/hubweb.sh"
# BENCH_ONLY=rdl: Remote Device Link (tests/bench/rdl.sh says what it
# measures).
[ "$ONLY" = rdl ] && exec sh "$top/tests/bench/rdl.sh"
# BENCH_ONLY=arm64: the arm64 build under qemu-user beside amd64 (needs
# make arm64; tests/bench/arm64.sh says what it measures).
[ "$ONLY" = arm64 ] && exec sh "$top/tests/bench/arm64.sh"
# BENCH_ONLY=fleet: 10,000 devices on tests/tools/snmpbed (fleet.sh says
# what it measures); results in $OUT/fleet.md.
[ "$ONLY" = fleet ] && exec sh "$top/tests/bench/fleet.sh"
# BENCH_ONLY=wine: fleetaudit.exe under Wine beside the Linux binary
# (needs make windows-exe; tests/bench/wine.sh says what it measures).
[ "$ONLY" = wine ] && exec sh "$top/tests/bench/wine.sh"
case $ONLY in
''|vendors|schedule|sweep500) ;;
*) die "BENCH_ONLY: empty (every bed), vendors, schedule, sweep500," \
    "report, bundle, soap, hubload, hubpg, hubweb, rdl, arm64, fleet or wine" ;;
esac
if [ "$ONLY" = sweep500 ] && [ "$BIG_DEVICES" -eq 0 ]; then
	die "BENCH_ONLY=sweep500 with BENCH_SWEEP500_DEVICES=0: nothing to run"
fi
if [ "$ONLY" = schedule ] && [ "$SCHED_SECONDS" -eq 0 ]; then
	die "BENCH_ONLY=schedule with BENCH_SCHEDULE_SECONDS=0: nothing to run"
fi
if [ "$ONLY" = vendors ] && [ ! -d "$SHARED_DEV" ]; then
	die "no recordings at $SHARED_DEV (set FLEETAUDIT_SHARED)"
fi

[ "$(id -u)" = 0 ] || die "needs root (snmpsimd on port 161, nftables)"
[ -x "$FA" ] || die "$FA not built (run make first)"
peer_cmds='snmpbulkwalk fusioninventory-netdiscovery
    fusioninventory-netinventory'
[ -n "$ONLY" ] && peer_cmds=
sched_cmds=sqlite3
[ "$ONLY" = vendors ] || [ "$SCHED_SECONDS" -eq 0 ] && sched_cmds=
for c in snmpsimd snmpget nft timeout $peer_cmds $sched_cmds; do
	command -v "$c" >/dev/null 2>&1 ||
	    die "$c missing (make deps, or: sh tests/lib/deps.sh)"
done
[ -x "$TIME" ] || die "$TIME missing (apt-get install time)"
[ -x "$PY" ] || die "$PY missing (apt-get install python3)"

# --- clean-up on every exit path --------------------------------------

tmp='' bed1='' bed2='' bed3='' bed4='' bed5='' job='' nft_made=0
cleanup() {
	if [ -n "$job" ]; then
		# timeout(1) passes the signal on to its whole process group
		kill -TERM "$job" 2>/dev/null
		wait "$job" 2>/dev/null
	fi
	[ -n "$bed1" ] && bed_stop "$bed1"
	[ -n "$bed2" ] && bed_stop "$bed2"
	[ -n "$bed3" ] && bed_stop "$bed3"
	[ -n "$bed4" ] && bed_stop "$bed4"
	[ -n "$bed5" ] && bed_stop "$bed5"
	[ "$nft_made" = 1 ] && nft delete table ip "$NFT_TABLE" 2>/dev/null
	[ -n "$tmp" ] && rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

tmp=$(mktemp -d) || die "mktemp failed"
chmod 755 "$tmp"
mkdir -p "$OUT" || die "cannot create $OUT"
# only what an earlier run left (BENCH_OUT may be any directory)
rm -rf "$OUT/results.md" "$OUT"/*.out "$OUT"/*.err "$OUT"/*.time \
    "$OUT"/*.devices "$OUT/bulkwalk" "$OUT/vendors" "$OUT"/schedule.* \
    "$OUT"/sweep500.*
failed=0	# a check failed
missed=0	# a target was missed

fail() {
	echo "bench: FAIL: $*" >&2
	failed=1
}

# --- helpers ------------------------------------------------------------

# run NAME CMD...: CMD under timeout and GNU time; NAME.out, NAME.err and
# NAME.time in $OUT.  In the background so that ^C is seen at once.
run() {
	_rn=$1
	shift
	timeout -k 5 "$LIMIT" "$TIME" -v -o "$OUT/$_rn.time" "$@" \
	    >"$OUT/$_rn.out" 2>"$OUT/$_rn.err" </dev/null &
	job=$!
	wait "$job"
	_rc=$?
	job=
	if [ "$_rc" -eq 124 ] || [ "$_rc" -eq 137 ]; then
		fail "$_rn: still running after ${LIMIT}s, stopped"
	fi
	return "$_rc"
}

# Figures from a GNU time -v file: wall s, peak RSS MB, CPU s (user+sys).
t_wall() {
	awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":")
	    for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s }' \
	    "$OUT/$1.time" 2>/dev/null
}
t_rss() {
	awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' \
	    "$OUT/$1.time" 2>/dev/null
}
t_cpu() {
	awk -F': ' '/^\t*(User|System) time/ { s += $2 } END { printf "%.2f", s }' \
	    "$OUT/$1.time" 2>/dev/null
}

# kb BYTES -> KB (or KB -> MB)
kb() {
	div "$1" 1024 %.1f
}

# calc FORMAT EXPR: awk arithmetic ("-" when it divides by zero).
calc() {
	awk "BEGIN { x = ($2); printf \"$1\", x }" 2>/dev/null || echo -
}
# div A B [FORMAT]
div() {
	awk -v a="$1" -v b="$2" -v f="${3:-%.1f}" 'BEGIN {
	    if (b + 0 == 0 || a == "-" || b == "-") print "-"
	    else printf f, a / b }'
}
median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
	    if (NR % 2) printf "%.2f", v[(NR + 1) / 2]
	    else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# 12345678 -> 12,345,678
group() {
	echo "$1" | awk '{ s = $1; if (s !~ /^[0-9]+$/) { print s; exit }
	    o = ""; while (length(s) > 3) {
		o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3)
	    }
	    print s o }'
}

# nft counters: reset all; "packets bytes" of one.
cnt_reset() {
	nft reset counters table ip "$NFT_TABLE" >/dev/null
}
cnt() {
	nft list counter ip "$NFT_TABLE" "$1" |
	    awk '/packets/ { print $2, $4; exit }'
}

# CPU seconds used so far by the snmpsimd processes of bed DIR.
bed_cpu() {
	_bt=0
	while read -r _bp; do
		[ -r "/proc/$_bp/stat" ] || continue
		_bt=$((_bt + $(sed 's/^.*) //' "/proc/$_bp/stat" |
		    awk '{ print $12 + $13 }')))
	done <"$1/pids"
	calc %.2f "$_bt / $(getconf CLK_TCK)"
}

# nft_ensure: our table and its input chain, when the sweep did not make
# them.  Called once a bed answered: a table of ours that this run did not
# make is a leftover of a killed run.
nft_ensure() {
	[ "$nft_made" = 0 ] || return 0
	if nft list table ip "$NFT_TABLE" >/dev/null 2>&1; then
		warn "removing the leftover nftables table $NFT_TABLE"
		nft delete table ip "$NFT_TABLE" ||
		    die "cannot remove table $NFT_TABLE"
	fi
	nft_made=1
	nft -f - <<EOF || die "cannot create the nftables table $NFT_TABLE"
add table ip $NFT_TABLE
add chain ip $NFT_TABLE input {
	type filter hook input priority -10; policy accept;
}
EOF
}

# address K (1-based) of a /16 NET: 127.200 5 -> 127.200.0.5
addr() {
	echo "$1.$(($2 / 256)).$(($2 % 256))"
}

# --- the vendors bed: traffic per device, before and after the models ----

# bench_vendors: every recording of SHARED_DEV on V_ADDR:V_PORT (snmpsimd
# in its default mode: community = file name), each assessed alone, first
# with --no-models (standard MIBs only), then with the model definitions.
# The counters are reset before each run and read after it, so a run's
# figures are that one device's.  Writes the table to $tmp/vendors.md,
# the logs and devices.md (per recording) to $OUT/vendors.
bench_vendors() {
	vdir=$OUT/vendors
	vtitle="## Traffic per device, per vendor, before and after model definitions"
	vshown=../shared/devices
	[ -n "${FLEETAUDIT_SHARED:-}" ] && vshown="\$FLEETAUDIT_SHARED/devices"
	mkdir -p "$vdir" || die "cannot create $vdir"
	if [ ! -d "$SHARED_DEV" ]; then
		warn "no recordings at $SHARED_DEV: vendors bed skipped"
		printf '%s\n\n%s %s\n' "$vtitle" "Skipped: no recordings at" \
		    "\`$vshown\` (set FLEETAUDIT_SHARED)." >"$tmp/vendors.md"
		return 0
	fi
	v_t0=$(date +%s)
	v_n=0
	for f in "$SHARED_DEV"/*.snmprec; do
		[ -f "$f" ] && v_n=$((v_n + 1))
	done
	[ "$v_n" -gt 0 ] || die "no .snmprec files in $SHARED_DEV"
	say "vendors bed: $v_n recordings of $vshown on $V_ADDR:$V_PORT"
	bed3=$tmp/bed3
	mkdir -p "$bed3"
	bed_start_dir "$bed3" "$SHARED_DEV" "$V_ADDR:$V_PORT" ||
	    die "vendors bed did not start"

	nft_ensure
	nft -f - <<EOF || die "cannot add the vendors counters to $NFT_TABLE"
add counter ip $NFT_TABLE v_req
add counter ip $NFT_TABLE v_resp
add rule ip $NFT_TABLE input ip daddr $V_ADDR udp dport $V_PORT counter name v_req
add rule ip $NFT_TABLE input ip saddr $V_ADDR udp sport $V_PORT counter name v_resp
EOF

	# One device per run, a new home each time; a run that hangs ends the
	# section (the time limit is cut to 60 s: one device takes 0.1 s).
	v_limit=$LIMIT
	[ "$LIMIT" -gt 60 ] && LIMIT=60
	: >"$tmp/vendors.tsv"
	say "fleetaudit assess of each recording alone: --no-models, then" \
	    "with the definitions ($((2 * v_n)) runs)"
	for f in "$SHARED_DEV"/*.snmprec; do
		[ -f "$f" ] || continue
		r=$(basename "$f" .snmprec)
		for m in before after; do
			o=--no-models
			[ "$m" = after ] && o=
			cnt_reset
			run "vendors/$r.$m" "$FA" assess -q --json $o \
			    --port "$V_PORT" -c "$r" "$V_ADDR" \
			    --home "$tmp/home-v.$r.$m"
			rc=$?
			# name mode rc sent sent_bytes received received_bytes
			echo "$r $m $rc $(cnt v_req) $(cnt v_resp)" \
			    >>"$tmp/vendors.tsv"
			[ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] || continue
			LIMIT=$v_limit
			bed_stop "$bed3"
			bed3=
			printf '%s\n\n%s %s\n' "$vtitle" "Not measured: $r ($m)" \
			    "did not end in time." >"$tmp/vendors.md"
			return 0
		done
	done
	LIMIT=$v_limit
	bed_stop "$bed3"
	bed3=
	v_secs=$(($(date +%s) - v_t0))

	# shellcheck disable=SC2016 # Python, not shell
	"$PY" -c '
import json, sys
tsv, vdir, frag, detail, title, shown, secs = sys.argv[1:8]
runs, order, bad, lost = {}, [], [], []
for line in open(tsv):
    f = line.split()
    r, m = f[0], f[1]
    if r not in runs:
        order.append(r)
        runs[r] = {}
    x = dict(rc=int(f[2]), req=0, met=0, oth=0, vendor=None, mdef=None)
    x["sent"], x["sb"], x["recv"], x["rb"] = (int(v) for v in f[3:7])
    runs[r][m] = x
    if x["rc"] != 0:
        bad.append("%s (%s): assess exited with %d" % (r, m, x["rc"]))
    try:
        d = json.load(open("%s/%s.%s.out" % (vdir, r, m)))["devices"]
    except (OSError, ValueError, KeyError, TypeError):
        d = []
    if len(d) != 1:
        bad.append("%s (%s): %d devices in the JSON, not 1" % (r, m, len(d)))
        continue
    d = d[0]
    if d.get("error"):
        bad.append("%s (%s): %s" % (r, m, d["error"]))
    if x["sent"] != x["recv"]:
        lost.append("%s (%s)" % (r, m))
    # other values a definition may read: identity, per supply part
    # number, serial and vendor level, vendor status
    oth = sum(1 for k in ("vendor", "model", "serial", "firmware") if d.get(k))
    for s in d.get("supplies") or []:
        oth += sum(1 for k in ("part_number", "serial", "level_source")
                   if s.get(k) is not None)
    oth += sum(1 for e in (d.get("status") or {}).get("errors") or []
               if str(e).startswith("vendor:"))
    x.update(req=d.get("requests") or 0, met=len(d.get("meters") or []),
             oth=oth, vendor=d.get("vendor"), mdef=d.get("model_def"))
for r in order:
    if set(runs[r]) != {"before", "after"}:
        bad.append("%s: not measured both ways" % r)
order = [r for r in order if set(runs[r]) == {"before", "after"}]

def vendor(r):
    return runs[r]["after"]["vendor"] or runs[r]["before"]["vendor"] or "(none)"

def grp(n):
    return "{:,}".format(int(round(n)))

def pair(rs, key, fmt):
    n = len(rs)
    b = sum(key(runs[r]["before"]) for r in rs) / n
    a = sum(key(runs[r]["after"]) for r in rs) / n
    return "%s -> %s" % (fmt(b), fmt(a))

one = lambda v: "%.1f" % v
req = lambda x: x["req"]
pkt = lambda x: x["sent"] + x["recv"]
byt = lambda x: x["sb"] + x["rb"]
met = lambda x: x["met"]
oth = lambda x: x["oth"]

def row(name, rs, defs=None):
    if defs is None:
        defs = ", ".join(sorted({runs[r]["after"]["mdef"] or "none"
                                 for r in rs}))
    return "| %s | %d | %s | %s | %s | %s | %s | %s |" % (
        name, len(rs), defs, pair(rs, req, one), pair(rs, pkt, one),
        pair(rs, byt, grp), pair(rs, met, one), pair(rs, oth, one))

groups = {}
for r in order:
    groups.setdefault(vendor(r), []).append(r)
out = [title, "",
       "%d recordings of `%s`, served by one snmpsimd (community = file name); "
       "each assessed alone, with `--no-models` (before) and with the model "
       "definitions (after); %d runs in %s s, bed start included." % (
           len(order), shown, 2 * len(order), secs), "",
       "| vendor | devices | definition used | requests/device | "
       "SNMP packets/device, sent+received | SNMP bytes/device, "
       "sent+received | meters read/device | other values read/device |",
       "|---|---|---|---|---|---|---|---|"]
for v in sorted(groups, key=str.lower):
    out.append(row(v, groups[v]))
if order:
    used = {runs[r]["after"]["mdef"] for r in order} - {None}
    out.append(row("**all**", order, "%d definitions" % len(used)))
out.append("")
out.append("Grouped by the vendor reported with the definitions. requests: the "
           "device\x27s `requests` in the JSON (one per GET or per walk of all "
           "the tables together, not per packet); packets and bytes: nftables "
           "counters on the endpoint, discovery included, IP bytes; meters: "
           "entries of the device\x27s `meters`; other values: vendor, model, "
           "serial and firmware when known, each supply\x27s part number, "
           "serial and vendor level when known, vendor status codes.")
nov = [r for r in order
       if not runs[r]["before"]["vendor"] and runs[r]["after"]["vendor"]]
if nov:
    out.append("Vendor known only with the definitions: %s." % ", ".join(nov))
if lost:
    out.append("Runs with unanswered packets (retries in the figures): %s."
               % ", ".join(lost))
open(frag, "w").write("\n".join(out) + "\n")

det = ["| recording | vendor | definition | requests | packets | bytes "
       "| meters | other values |",
       "|---|---|---|---|---|---|---|---|"]
for r in order:
    b, a = runs[r]["before"], runs[r]["after"]
    det.append("| %s | %s | %s | %d -> %d | %d -> %d | %d -> %d "
               "| %d -> %d | %d -> %d |" % (
        r, vendor(r), a["mdef"] or "none", b["req"], a["req"], pkt(b), pkt(a),
        byt(b), byt(a), b["met"], a["met"], b["oth"], a["oth"]))
open(detail, "w").write("\n".join(det) + "\n")
for b in bad:
    print("bench: FAIL: vendors: " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
' "$tmp/vendors.tsv" "$vdir" "$tmp/vendors.md" "$vdir/devices.md" \
	    "$vtitle" "$vshown" "$v_secs" || failed=1
	[ -s "$tmp/vendors.md" ] ||
	    printf '%s\n\n%s %s\n' "$vtitle" "Not measured (see the messages" \
	    "above)." >"$tmp/vendors.md"
	return 0
}

# --- the schedule bed: fleetaudit run on a compressed clock ---------------

# sched_q SQL: one query on the schedule bed's store, fields split by spaces.
sched_q() {
	sqlite3 -readonly -batch -noheader -separator ' ' "$s_db" "$1" \
	    2>>"$OUT/schedule.sql.err"
}

# sched_kind KIND: "reads min max stopped" of the store's reads of KIND:
# complete ones, the fewest and most devices each read, and the reads the
# SIGTERM stopped.
sched_kind() {
	case $1 in
	discovery|full) _sk_w="ranges = 'run:$1'" ;;
	*) _sk_w="ranges like 'run:%$1%'" ;;
	esac
	_sk=$(sched_q "select count(*), coalesce(min(read_ok), 0),
	    coalesce(max(read_ok), 0) from assessments
	    where $_sk_w and status = 'complete'")
	_sk_int=$(sched_q "select count(*) from assessments
	    where $_sk_w and status != 'complete'")
	echo "${_sk:-0 0 0} ${_sk_int:-0}"
}

# sched_row KIND DUE READS MIN MAX STOPPED: a row of the reads table.
sched_row() {
	_r=$4
	[ "$4" = "$5" ] || _r="$4-$5"
	[ "$3" -gt 0 ] || _r=-
	_x=
	[ "$6" -gt 0 ] && _x=" (+$6 stopped by SIGTERM)"
	echo "| $1 | $3$_x | $2 | $_r |"
}

# sched_sample: "seconds rss_kb cpu_s reads" of the running collector, one
# line for schedule.samples (reads: assessments ended, from its log).
sched_sample() {
	_ss_rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$s_pid/status" \
	    2>/dev/null)
	_ss_cpu=$(sed 's/^.*) //' "/proc/$s_pid/stat" 2>/dev/null |
	    awk -v t="$s_tck" '{ printf "%.2f", ($12 + $13) / t }')
	echo "$(calc %.0f "$(date +%s.%N) - $s_t0") ${_ss_rss:--}" \
	    "${_ss_cpu:--} $(grep -c ' devices read, ' "$OUT/schedule.run.log")"
}

# bench_schedule: SCHED_DEVICES devices on SCHED_NET.0.1..N, the rest of
# SCHED_RANGE silent; fleetaudit run over SCHED_RANGE with the shortest
# intervals on a clock SCHED_SCALE times as fast, for SCHED_SECONDS real
# seconds, then SIGTERM.  Writes the tables to $tmp/schedule.md, the logs
# to $OUT/schedule.*.
bench_schedule() {
	s_title="## Collector: fleetaudit run, $SCHED_DEVICES devices, on a clock $SCHED_SCALE times as fast"
	s_t00=$(date +%s)

	# The kinds of device: the sample fleet's v2c printers, as above, and
	# the real recordings that have a Printer-MIB and a sysObjectID (the
	# others are not printers to a discovery).
	sb=$tmp/sbase
	mkdir -p "$sb" "$tmp/srecs" || die "cannot create $sb"
	{
		awk '$1 ~ /^127\./ && $3 == "v2c" { print $2 }' \
		    "$top/samples/fleet/fleet.conf" | while read -r f; do
			echo "$top/samples/fleet/$f"
		done
		if [ -d "$SHARED_DEV" ]; then
			for f in "$SHARED_DEV"/*.snmprec; do
				[ -f "$f" ] && echo "$f"
			done
		fi
	} >"$tmp/sbase.cand"
	: >"$sb/learn.map"
	s_k=0 s_nsample=0
	while read -r f; do
		grep -q '^1\.3\.6\.1\.2\.1\.43\.' "$f" &&
		    grep -q '^1\.3\.6\.1\.2\.1\.1\.2\.0|' "$f" || continue
		b=$(basename "$f" .snmprec)
		[ -e "$sb/$b.snmprec" ] && continue
		[ "$s_k" -lt 254 ] || break
		cp "$f" "$sb/$b.snmprec" || die "cannot copy $f"
		s_k=$((s_k + 1))
		case $f in "$top/samples/"*) s_nsample=$((s_nsample + 1)) ;; esac
		echo "$SCHED_NET.255.$s_k $b.snmprec v2c" >>"$sb/learn.map"
	done <"$tmp/sbase.cand"
	[ "$s_k" -gt 0 ] || die "no printer recordings for the schedule bed"
	[ -d "$SHARED_DEV" ] ||
	    warn "no recordings at $SHARED_DEV: the schedule bed copies the" \
	    "sample fleet alone"

	# The serial fleetaudit reads from each (prtGeneralSerialNumber, a
	# definition's private object or sysDescr): one assess of one device
	# of each kind.
	say "schedule bed: the identity of $s_k kinds of device," \
	    "$SCHED_NET.255.1-$s_k"
	bed4=$tmp/bed4
	mkdir -p "$bed4"
	bed_start "$bed4" "$sb/learn.map" || die "identity bed did not start"
	timeout -k 5 120 "$FA" assess "$SCHED_NET.255.1-$s_k" -q --json \
	    --home "$tmp/home-learn" >"$OUT/schedule.learn.json" \
	    2>"$OUT/schedule.learn.err" </dev/null ||
	    fail "schedule bed: assess of the $s_k kinds exited with $?" \
	    "(see $OUT/schedule.learn.err)"
	bed_stop "$bed4"
	bed4=

	# SCHED_DEVICES copies, round-robin.  Device K's copy has the serial's
	# last 4 characters replaced by K (or "-K" added to a shorter one) in
	# every string value, and MAC 02:fb:II:KK:KK:KK in ifPhysAddress.II,
	# so that every device keeps an identity of its own in the store.
	# shellcheck disable=SC2016 # Python, not shell
	"$PY" -c '
import json, os, sys
learn, lmap, sb, out, smap, net, n = sys.argv[1:8]
n = int(n)
names = {}
for line in open(lmap):
    f = line.split()
    names[f[0]] = f[1][:-len(".snmprec")]
try:
    devs = json.load(open(learn))["devices"]
except (OSError, ValueError, KeyError, TypeError):
    devs = []
serial = {}
for d in devs:
    name = names.get(d.get("address"))
    if name is None or d.get("error") or not d.get("is_printer"):
        continue
    serial[name] = d.get("serial") or ""
kinds = [names[a] for a in sorted(names, key=lambda a: int(a.split(".")[3]))
         if names[a] in serial]
for a in sorted(names, key=lambda a: int(a.split(".")[3])):
    if names[a] not in serial:
        print("bench: schedule bed: %s not read as a printer, left out"
              % names[a], file=sys.stderr)
if not kinds:
    sys.exit(1)
enc = dict(encoding="utf-8", errors="surrogateescape")
with open(smap, "w") as m:
    for k in range(1, n + 1):
        name = kinds[(k - 1) % len(kinds)]
        s = serial[name]
        new = s[:-4] + "%04d" % k if len(s) >= 6 else s + "-%04d" % k
        lines, hit = [], not s
        for line in open(os.path.join(sb, name + ".snmprec"), **enc):
            oid, tag, val = line.rstrip("\r\n").split("|", 2)
            if tag == "4" and s and s in val:
                val, hit = val.replace(s, new), True
            elif (tag == "4x" and len(val) == 12 and
                  oid.startswith("1.3.6.1.2.1.2.2.1.6.")):
                val = "02fb%02x%06x" % (int(oid.split(".")[-1]) % 256, k)
            lines.append("|".join((oid, tag, val)))
        if not hit and k <= len(kinds):
            print("bench: schedule bed: the serial of %s (%s) is in no "
                  "string value: its copies share it" % (name, s),
                  file=sys.stderr)
        with open(os.path.join(out, "d%d.snmprec" % k), "w", **enc) as f:
            f.write("\n".join(lines) + "\n")
        m.write("%s.%d.%d d%d.snmprec v2c\n" % (net, k // 256, k % 256, k))
print(len(kinds), sum(1 for x in kinds if x in sys.argv[8].split()))
' "$OUT/schedule.learn.json" "$sb/learn.map" "$sb" "$tmp/srecs" \
	    "$tmp/srecs/sched.map" "$SCHED_NET" "$SCHED_DEVICES" \
	    "$(awk '$1 ~ /^127\./ && $3 == "v2c" { sub(/\.snmprec$/, "", $2)
		print $2 }' "$top/samples/fleet/fleet.conf" | tr '\n' ' ')" \
	    >"$tmp/sched.kinds" || die "schedule bed: no printer recordings read"
	set -- $(cat "$tmp/sched.kinds")
	s_kinds=$1 s_ksample=$2

	say "schedule bed: $SCHED_DEVICES devices ($s_kinds kinds) on" \
	    "$(addr $SCHED_NET 1)-$(addr $SCHED_NET "$SCHED_DEVICES")," \
	    "the rest of $SCHED_RANGE silent; $PROCS snmpsimd processes"
	bed4=$tmp/bed4
	mkdir -p "$bed4"
	s_per=$BED_PER_PROC s_wait=$BED_WAIT
	BED_PER_PROC=$(( (SCHED_DEVICES + PROCS - 1) / PROCS ))
	BED_WAIT=180
	bed_start "$bed4" "$tmp/srecs/sched.map" ||
	    die "schedule bed did not start"
	BED_PER_PROC=$s_per BED_WAIT=$s_wait
	s_procs=$(wc -l <"$bed4/pids")

	nft_ensure
	s_live=$(awk '{ printf "%s%s", sep, $1; sep = ", " }' \
	    "$tmp/srecs/sched.map")
	nft -f - <<EOF || die "cannot add the schedule rules to $NFT_TABLE"
add counter ip $NFT_TABLE sc_req
add counter ip $NFT_TABLE sc_resp
add rule ip $NFT_TABLE input ip daddr $SCHED_NET.0.0/16 udp dport 161 counter name sc_req
add rule ip $NFT_TABLE input ip saddr $SCHED_NET.0.0/16 udp sport 161 counter name sc_resp
add rule ip $NFT_TABLE input ip daddr $SCHED_NET.0.0/16 ip daddr != { $s_live } drop
EOF
	if snmpget -v2c -c public -t 1 -r 0 \
	    "$(addr $SCHED_NET $((SCHED_DEVICES + 1)))" 1.3.6.1.2.1.1.2.0 \
	    >/dev/null 2>&1; then
		die "$(addr $SCHED_NET $((SCHED_DEVICES + 1))) answers:" \
		    "something else listens there"
	fi

	s_home=$tmp/home-sched
	s_db=$s_home/store.db
	mkdir -m 700 "$s_home" || die "cannot create $s_home"
	cat >"$s_home/fleetaudit.conf" <<EOF
range = $SCHED_RANGE
max-devices = $SCHED_MAXDEV
interval = discovery=10m
interval = meters=30m
interval = supplies=30m
interval = errors=30m
interval = attributes=1h
EOF
	s_sim=$(calc %.1f "$SCHED_SECONDS * $SCHED_SCALE / 3600")
	say "fleetaudit run, FLEETAUDIT_TIME_SCALE=$SCHED_SCALE, for" \
	    "$SCHED_SECONDS s (about $s_sim simulated hours)"
	s_tck=$(getconf CLK_TCK)
	cnt_reset
	c0=$(bed_cpu "$bed4")
	s_t0=$(date +%s.%N)
	s_end=$(( $(date +%s) + SCHED_SECONDS ))
	env -i PATH=/usr/bin:/bin HOME="$tmp" FLEETAUDIT_HOME="$s_home" \
	    FLEETAUDIT_TIME_SCALE="$SCHED_SCALE" "$FA" run </dev/null \
	    >"$OUT/schedule.out" 2>"$OUT/schedule.run.log" &
	s_pid=$!
	job=$s_pid
	echo "# seconds rss_kb cpu_s reads_ended" >"$OUT/schedule.samples"
	s_next=$(( $(date +%s) + 30 ))
	s_nsamp=$(( $(date +%s) + 5 ))
	while :; do
		sleep 1
		now=$(date +%s)
		[ "$now" -lt "$s_end" ] && _bed_alive "$s_pid" || break
		[ "$now" -lt "$s_nsamp" ] && continue
		s_nsamp=$((s_nsamp + 5))
		sched_sample >>"$OUT/schedule.samples"
		if [ "$now" -ge "$s_next" ]; then
			set -- $(tail -n 1 "$OUT/schedule.samples")
			say "fleetaudit run: $1 s, RSS $(kb "$2") MB, CPU $3 s," \
			    "$4 reads ended"
			s_next=$((now + 30))
		fi
	done

	# Just before the stop: peak RSS, CPU, the bed's CPU.
	s_alive=0
	_bed_alive "$s_pid" && s_alive=1
	sched_sample >>"$OUT/schedule.samples"
	s_hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$s_pid/status" 2>/dev/null)
	s_cpu=$(sed 's/^.*) //' "/proc/$s_pid/stat" 2>/dev/null |
	    awk -v t="$s_tck" '{ printf "%.2f", ($12 + $13) / t }')
	s_wall=$(calc %.1f "$(date +%s.%N) - $s_t0")
	c1=$(bed_cpu "$bed4")
	set -- $(cnt sc_req) $(cnt sc_resp)
	s_req=$1 s_resp=$3

	s_k0=$(date +%s.%N)
	kill -TERM "$s_pid" 2>/dev/null
	n=0
	while _bed_alive "$s_pid" && [ "$n" -lt 600 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	if _bed_alive "$s_pid"; then
		kill -KILL "$s_pid" 2>/dev/null
		fail "fleetaudit run still running 60 s after SIGTERM, killed"
	fi
	wait "$s_pid"
	s_rc=$?
	job=
	s_stop=$(calc %.1f "$(date +%s.%N) - $s_k0")
	[ "$s_alive" = 1 ] || fail "fleetaudit run ended by itself before" \
	    "the SIGTERM (see $OUT/schedule.run.log)"
	[ "$s_rc" -eq 0 ] || fail "fleetaudit run exited with $s_rc after" \
	    "SIGTERM, not 0 (see $OUT/schedule.run.log)"
	bed_stop "$bed4"
	bed4=

	# The store: what was read, what was written.
	s_ok=$(sched_q 'pragma integrity_check')
	[ "$s_ok" = ok ] || fail "schedule bed: store integrity: ${s_ok:-none}"
	sched_q "select id, ranges, status, started - (select min(started)
	    from assessments), finished - started, found, read_ok, read_failed
	    from assessments order by id" |
	    awk 'BEGIN { print "# id ranges status start_s seconds found" \
		" read_ok read_failed" } { print }' \
	    >"$OUT/schedule.assessments"
	s_disc=$(sched_kind discovery)
	s_met=$(sched_kind meters)
	s_sup=$(sched_kind supplies)
	s_err=$(sched_kind errors)
	s_att=$(sched_kind attributes)
	s_full=$(sched_kind full)
	s_labels=$(sched_q "select ranges, count(*) from assessments
	    group by ranges order by min(id)" |
	    awk '{ printf "%s%s x %s", sep, $1, $2; sep = ", " }')
	s_busy=$(sched_q "select coalesce(sum(finished - started), 0)
	    from assessments where finished is not null")
	s_failed=$(sched_q "select coalesce(sum(read_failed), 0)
	    from assessments where status = 'complete'")
	set -- $(sched_q 'select count(*), count(missing_since) from devices')
	s_devs=${1:-0} s_missing=${2:-0}
	s_addrs=$(sed -n 's/.*info: discovery: \([0-9]*\) addresses.*/\1/p' \
	    "$OUT/schedule.run.log" | head -n 1)
	s_rows_scans=$(sched_q 'select count(*) from scans')
	s_rows_meters=$(sched_q 'select count(*) from meters')
	s_rows_supplies=$(sched_q 'select count(*) from supplies')
	s_rows_trays=$(sched_q 'select count(*) from trays')
	s_rows_alerts=$(sched_q 'select count(*) from alerts')
	# what one full read of the fleet writes: the first discovery's rows
	s_a1=$(sched_q "select min(id) from assessments
	    where ranges = 'run:discovery' and status = 'complete'")
	s_a1_read=$(sched_q "select read_ok from assessments where id = ${s_a1:-0}")
	s_a1_met=$(sched_q "select count(*) from meters where scan_id in
	    (select id from scans where assessment_id = ${s_a1:-0})")
	s_a1_sup=$(sched_q "select count(*) from supplies where scan_id in
	    (select id from scans where assessment_id = ${s_a1:-0})")
	# devices read, all kinds; device reads that read the meters, the
	# supplies (a discovery and a full read read everything)
	s_reads=$(sched_q "select coalesce(sum(read_ok), 0) from assessments")
	s_met_reads=$(sched_q "select coalesce(sum(read_ok), 0) from
	    assessments where ranges in ('run:discovery', 'run:full')
	    or ranges like 'run:%meters%'")
	s_sup_reads=$(sched_q "select coalesce(sum(read_ok), 0) from
	    assessments where ranges in ('run:discovery', 'run:full')
	    or ranges like 'run:%supplies%'")
	s_size=0
	for f in "$s_db" "$s_db-wal"; do
		[ -f "$f" ] && s_size=$((s_size + $(stat -c %s "$f")))
	done

	[ "$s_devs" = "$SCHED_DEVICES" ] || fail "schedule bed: $s_devs" \
	    "devices in the store, not $SCHED_DEVICES"
	# A discovery that misses a device of the bed (its probe and retry
	# unanswered in the burst of 500 probes) is the bed's limit: told,
	# shown in the table, not a failure; the scans read it all the same.
	set -- $s_disc
	[ "$1" -gt 0 ] || fail "schedule bed: no discovery ended"
	[ "$2" = "$SCHED_DEVICES" ] || warn "schedule bed: a discovery read" \
	    "$2 devices, not $SCHED_DEVICES (see $OUT/schedule.run.log)"
	[ "$s_failed" = 0 ] || fail "schedule bed: $s_failed incomplete" \
	    "device reads (see $OUT/schedule.run.log)"
	set -- $s_met $s_full
	[ $(($1 + $5)) -gt 0 ] ||
	    fail "schedule bed: no scan ran after the discovery"

	s_min_disc=$(calc %.0f "$s_wall * $SCHED_SCALE / 600")
	s_min_30=$(calc %.0f "$s_wall * $SCHED_SCALE / 1800")
	s_min_60=$(calc %.0f "$s_wall * $SCHED_SCALE / 3600")
	s_simh=$(calc %.1f "$s_wall * $SCHED_SCALE / 3600")
	# RSS over the samples: "min max last", MB
	s_rss=$(awk '!/^#/ && $2 != "-" { r = $2 / 1024
	    if (min == "" || r < min) min = r; if (r > max) max = r }
	    END { printf "%.1f %.1f %.1f", min, max, r }' "$OUT/schedule.samples")
	s_secs=$(($(date +%s) - s_t00))
	s_ndisc=${s_disc%% *}
	s_shown=../shared/devices
	[ -n "${FLEETAUDIT_SHARED:-}" ] && s_shown="\$FLEETAUDIT_SHARED/devices"
	# range: N addresses (dash range, from the collector's log)
	s_silent=$(calc %.0f "${s_addrs:-0} - $SCHED_DEVICES")
	{
	echo "$s_title"
	echo
	echo "$SCHED_DEVICES live devices on $(addr $SCHED_NET 1)-$(addr $SCHED_NET "$SCHED_DEVICES")," \
	    "copies of $s_kinds recordings ($s_ksample of the sample fleet," \
	    "$((s_kinds - s_ksample)) of \`$s_shown\` with a Printer-MIB)," \
	    "each with its own serial and MAC, served by $s_procs snmpsimd processes;" \
	    "the range $SCHED_RANGE ($(group "${s_addrs:-0}") addresses) has" \
	    "$(group "$s_silent") silent ones (nftables drop)." \
	    "\`fleetaudit run\` with the shortest intervals (\`discovery=10m," \
	    "meters=30m, supplies=30m, errors=30m, attributes=1h\`)," \
	    "\`max-devices = $SCHED_MAXDEV\`, the default timeout, retries" \
	    "and rate, and" \
	    "\`FLEETAUDIT_TIME_SCALE=$SCHED_SCALE\`: $s_wall s of real time are" \
	    "$s_simh simulated hours; then SIGTERM. The section took $s_secs s" \
	    "in all."
	echo
	echo "| | measured |"
	echo "|---|---|"
	echo "| wall time s | $s_wall ($s_simh h simulated) |"
	echo "| CPU s (user+sys) | $s_cpu |"
	echo "| CPU, % of one core | $(calc %.1f "$s_cpu * 100 / $s_wall") |"
	echo "| CPU ms per device read | $(calc %.2f "$s_cpu * 1000 / $s_reads") ($(group "$s_reads") devices read) |"
	echo "| peak RSS MB (VmHWM) | $(kb "$s_hwm") |"
	set -- $s_rss
	echo "| RSS MB every 5 s: lowest-highest, at the end | $1-$2, $3 |"
	echo "| reading devices (sweeps not counted), % of wall time | $(calc %.0f "$s_busy * 100 / $s_wall") |"
	echo "| real s between discoveries | $(div "$s_wall" "$s_ndisc" %.2f) (due every $(calc %.2f "600 / $SCHED_SCALE")) |"
	echo "| CPU at the real clock, estimated | $(group "$(calc %.0f "$SCHED_DEVICES * 312 * $s_cpu / $s_reads")") s a day, $(calc %.2f "$SCHED_DEVICES * 312 * $s_cpu / $s_reads / 864")% of one core |"
	echo "| snmpsimd CPU s ($s_procs processes) | $(calc %.1f "$c1 - $c0") |"
	echo "| SNMP packets sent / received | $(group "$s_req") / $(group "$s_resp") |"
	echo "| SIGTERM | exit $s_rc after $s_stop s |"
	echo "| store on disk at the end | $(div "$s_size" 1048576 %.1f) MB ($(group "$s_size") bytes, $(group "$(div "$s_size" "$s_devs" %.0f)") per device) |"
	echo
	echo "| reads | done | due at the intervals | devices read per read |"
	echo "|---|---|---|---|"
	sched_row discovery "$s_min_disc" $s_disc
	sched_row meters "$s_min_30" $s_met
	sched_row supplies "$s_min_30" $s_sup
	sched_row errors "$s_min_30" $s_err
	sched_row attributes "$s_min_60" $s_att
	sched_row full "- (every 4 h, devices without a definition)" $s_full
	echo
	echo "Reads by label: $s_labels. CPU at the real clock: the CPU per" \
	    "device read times 312 reads per device a day (144 discoveries," \
	    "48 each of meters, supplies and errors, 24 of attributes: the" \
	    "shortest intervals, no kinds sharing a read)."
	echo
	echo "| store table | rows | rows if every value read were written |"
	echo "|---|---|---|"
	echo "| scans | $(group "$s_rows_scans") | $(group "$s_reads") |"
	echo "| meters | $(group "$s_rows_meters") | $(group "$(calc %.0f "$s_met_reads * ${s_a1_met:-0} / ${s_a1_read:-1}")") ($(group "$s_met_reads") reads x $(div "$s_a1_met" "$s_a1_read" %.1f) meters) |"
	echo "| supplies | $(group "$s_rows_supplies") | $(group "$(calc %.0f "$s_sup_reads * ${s_a1_sup:-0} / ${s_a1_read:-1}")") ($(group "$s_sup_reads") reads x $(div "$s_a1_sup" "$s_a1_read" %.1f) supplies) |"
	echo "| trays / alerts | $(group "$s_rows_trays") / $(group "$s_rows_alerts") | - |"
	echo
	echo "Devices in the store: $s_devs ($s_missing missing). The recordings" \
	    "do not change between reads, so after the first read every value" \
	    "is read unchanged: the meters and supplies rows are those of the" \
	    "first read, the floor of change-only."
	} >"$tmp/schedule.md"
	return 0
}

# --- the sweep500 bed: one discover of a /16 with 500 live devices ---------

# bench_sweep500: BIG_DEVICES devices spread over BIG_NET.0.0/16 (device K
# on BIG_NET.((K-1) % 250).(10 + 50 * ((K-1) / 250))), copies of the
# sample fleet's v2c printers, the rest of the /16 silent; one fleetaudit
# discover of the whole /16 with its defaults, every device to be found.
# Writes the table to $tmp/sweep500.md, the logs to $OUT/fa_sweep500.* and
# $OUT/sweep500.*.
bench_sweep500() {
	w_title="## Sweep at scale: $BIG_NET.0.0/16, $BIG_DEVICES live devices spread over it"
	w_t00=$(date +%s)
	w_fleet=$top/samples/fleet
	w_recs=$(awk '$1 ~ /^127\./ && $3 == "v2c" { print $2 }' \
	    "$w_fleet/fleet.conf" | while read -r f; do
		grep -q '^1\.3\.6\.1\.2\.1\.43\.' "$w_fleet/$f" && echo "$f"
	    done)
	w_nrecs=$(echo "$w_recs" | grep -c .)
	[ "$w_nrecs" -gt 0 ] || die "no v2c printer recordings in $w_fleet"
	: >"$OUT/sweep500.map"
	k=1
	while [ "$k" -le "$BIG_DEVICES" ]; do
		f=$(echo "$w_recs" | sed -n "$(((k - 1) % w_nrecs + 1))p")
		echo "$BIG_NET.$(((k - 1) % 250)).$((10 + 50 * ((k - 1) / 250)))" \
		    "$w_fleet/$f v2c" >>"$OUT/sweep500.map"
		k=$((k + 1))
	done
	say "sweep500 bed: $BIG_DEVICES devices spread over $BIG_NET.0.0/16" \
	    "($w_nrecs kinds), the rest silent; $PROCS snmpsimd processes"
	bed5=$tmp/bed5
	mkdir -p "$bed5"
	w_per=$BED_PER_PROC w_wait=$BED_WAIT
	BED_PER_PROC=$(( (BIG_DEVICES + PROCS - 1) / PROCS ))
	BED_WAIT=180
	w_b0=$(date +%s)
	bed_start "$bed5" "$OUT/sweep500.map" || die "sweep500 bed did not start"
	BED_PER_PROC=$w_per BED_WAIT=$w_wait
	w_bedsecs=$(($(date +%s) - w_b0))
	w_procs=$(wc -l <"$bed5/pids")

	nft_ensure
	w_live=$(awk '{ printf "%s%s", sep, $1; sep = ", " }' "$OUT/sweep500.map")
	nft -f - <<NFT || die "cannot add the sweep500 rules to $NFT_TABLE"
add counter ip $NFT_TABLE w_req
add counter ip $NFT_TABLE w_resp
add counter ip $NFT_TABLE w_all
add rule ip $NFT_TABLE input ip daddr $BIG_NET.0.0/16 udp dport 161 counter name w_req
add rule ip $NFT_TABLE input ip saddr $BIG_NET.0.0/16 udp sport 161 counter name w_resp
add rule ip $NFT_TABLE input ip daddr $BIG_NET.0.0/16 counter name w_all
add rule ip $NFT_TABLE input ip daddr $BIG_NET.0.0/16 ip daddr != { $w_live } drop
NFT
	# a silent address must time out (the drop works, no wildcard agent)
	if snmpget -v2c -c public -t 1 -r 0 "$BIG_NET.0.11" \
	    1.3.6.1.2.1.1.2.0 >/dev/null 2>&1; then
		die "$BIG_NET.0.11 answers: something else listens there"
	fi

	say "fleetaudit discover $BIG_NET.0.0/16 (defaults: $defaults)"
	cnt_reset
	c0=$(bed_cpu "$bed5")
	run fa_sweep500 "$FA" discover "$BIG_NET.0.0/16" --force -q --json \
	    --home "$tmp/home-sweep500"
	w_rc=$?
	c1=$(bed_cpu "$bed5")
	set -- $(cnt w_req) $(cnt w_resp) $(cnt w_all)
	w_req=$1 w_req_b=$2 w_resp=$3 w_resp_b=$4 w_all=$5
	bed_stop "$bed5"
	bed5=
	w_wall=$(t_wall fa_sweep500)
	w_rss=$(t_rss fa_sweep500)
	w_cpu=$(t_cpu fa_sweep500)
	# found: how many, and exactly the live addresses?
	w_found=$("$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
live = {l.split()[0] for l in open(sys.argv[2]) if l.strip()}
got = {x.get("address") for x in d}
print(len(d), len(got & live), len(got - live))' "$OUT/fa_sweep500.out" \
	    "$OUT/sweep500.map" 2>/dev/null)
	set -- ${w_found:-- - -}
	w_n=$1 w_hit=$2 w_extra=$3
	[ "$w_rc" -eq 0 ] || fail "sweep500: fleetaudit discover exited with" \
	    "$w_rc (see $OUT/fa_sweep500.err)"
	[ "$w_n" = "$BIG_DEVICES" ] && [ "$w_hit" = "$BIG_DEVICES" ] &&
	    [ "$w_extra" = 0 ] || fail "sweep500: fleetaudit discover found" \
	    "${w_n:-nothing} devices ($w_hit of the $BIG_DEVICES live" \
	    "addresses, $w_extra others), not the $BIG_DEVICES"
	w_addrs=65534
	w_aps=$(div "$w_addrs" "$w_wall" %.0f)
	w_pps=$(div "$w_req" "$w_wall" %.0f)
	w_silent=$((w_addrs - BIG_DEVICES))
	w_secs=$(($(date +%s) - w_t00))
	{
	echo "$w_title"
	echo
	echo "$BIG_DEVICES live devices, copies of the sample fleet's $w_nrecs v2c" \
	    "printers, one or more in each of the /16's first 250 /24s" \
	    "($BIG_NET.0.10, $BIG_NET.0.60 ...), served by $w_procs snmpsimd" \
	    "processes (started in $w_bedsecs s); the other $(group "$w_silent")" \
	    "addresses silent (nftables drop). One \`fleetaudit discover" \
	    "$BIG_NET.0.0/16 --force\` with the defaults; the section took" \
	    "$w_secs s in all."
	echo
	echo "| | fleetaudit discover |"
	echo "|---|---|"
	echo "| addresses | $(group $w_addrs) |"
	echo "| devices found | $w_n of $BIG_DEVICES |"
	echo "| wall time s | $w_wall |"
	echo "| addresses/s | $(group "$w_aps") |"
	echo "| peak RSS MB | $w_rss |"
	echo "| CPU s (user+sys) | $w_cpu |"
	echo "| snmpsimd CPU s ($w_procs processes) | $(calc %.1f "$c1 - $c0") |"
	echo "| SNMP packets sent / received | $(group "$w_req") / $(group "$w_resp") |"
	echo "| SNMP KB sent / received | $(group "$(kb "$w_req_b" | cut -d. -f1)") / $(kb "$w_resp_b") |"
	echo "| packets to the range, any protocol | $(group "$w_all") |"
	echo "| SNMP packets sent per silent address | $(calc %.2f "($w_req - $w_resp) / $w_silent") (probe + retry: 2) |"
	echo "| SNMP packets per live device, sent / received | $(calc %.1f "($w_req - 2 * $w_silent) / $BIG_DEVICES") / $(calc %.1f "$w_resp / $BIG_DEVICES") |"
	echo "| SNMP send rate, packets/s | $(group "$w_pps") |"
	} >"$tmp/sweep500.md"
	return 0
}

# show_results: the tables of results.md, aligned for the terminal.
show_results() {
	echo
	awk -F'|' '
    function flush(   i, j, line) {
	for (i = 1; i <= nr; i++) {
		if (row[i, 2] ~ /^-+$/) continue
		line = ""
		for (j = 2; j < nf[i]; j++)
			line = line sprintf("%-*s  ", w[j], row[i, j])
		sub(/ +$/, "", line)
		print line
	}
	nr = 0; delete w
    }
    /^\|/ {
	nr++; nf[nr] = NF
	for (j = 2; j < NF; j++) {
		v = $j; gsub(/^ +| +$/, "", v); gsub(/\*\*/, "", v)
		row[nr, j] = v
		if (length(v) > w[j] && v !~ /^-+$/) w[j] = length(v)
	}
	next
    }
    { if (nr) { flush(); last = "table" }
	gsub(/\*\*|`/, "")
	if ($0 != "" || last != "") print
	last = $0 }
    END { if (nr) flush() }' "$OUT/results.md"
}

# finish: the closing lines and the exit status.
finish() {
	echo
	echo "bench: results in $OUT/results.md, raw logs in $OUT/"
	if [ "$failed" = 1 ]; then
		echo "bench: FAILED (see the messages above)" >&2
		exit 1
	fi
	if [ "$missed" = 1 ]; then
		echo "bench: a target was missed (MISSED above)" >&2
		[ "$STRICT" = 1 ] && exit 1
	fi
	exit 0
}

load0=$(cut -d' ' -f1-3 /proc/loadavg)
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
sim_ver=$(dpkg-query -W -f '${Version}' snmpsim 2>/dev/null)

# BENCH_ONLY=vendors: that bed alone, no sweep, no inventory, no peer.
if [ "$ONLY" = vendors ]; then
	bench_vendors
	{
	echo "# fleetaudit bench results"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -sr), $(nproc) cores" \
	    "($cpu_model), $($FA --version 2>&1 | head -n 1)," \
	    "snmpsim $sim_ver. BENCH_ONLY=vendors: the vendors bed alone." \
	    "Load average before / after: $load0 /" \
	    "$(cut -d' ' -f1-3 /proc/loadavg)."
	echo
	cat "$tmp/vendors.md"
	} >"$OUT/results.md"
	show_results
	finish
fi

# fleetaudit's defaults, from its own help
defaults=$("$FA" help discover 2>&1 | awk '
    /--timeout/ && match($0, /default [^)]*/) { t = substr($0, RSTART + 8, RLENGTH - 8) }
    /--retries/ && match($0, /default [^)]*/) { r = substr($0, RSTART + 8, RLENGTH - 8) }
    /--max-inflight/ && match($0, /default [^)]*/) { m = substr($0, RSTART + 8, RLENGTH - 8) }
    /--rate/ && match($0, /default [^)]*/) { p = substr($0, RSTART + 8, RLENGTH - 8) }
    END { printf "--rate %s --max-inflight %s --timeout %s --retries %s", p, m, t, r }')

# BENCH_ONLY=sweep500: that bed alone.
if [ "$ONLY" = sweep500 ]; then
	bench_sweep500
	{
	echo "# fleetaudit bench results"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -sr), $(nproc) cores" \
	    "($cpu_model), $($FA --version 2>&1 | head -n 1)," \
	    "snmpsim $sim_ver. BENCH_ONLY=sweep500: the sweep500 bed alone." \
	    "Load average before / after: $load0 /" \
	    "$(cut -d' ' -f1-3 /proc/loadavg)."
	echo "fleetaudit defaults: \`$defaults\`."
	echo
	cat "$tmp/sweep500.md"
	} >"$OUT/results.md"
	show_results
	finish
fi

# BENCH_ONLY=schedule: that bed alone, no sweep, no inventory, no peer.
if [ "$ONLY" = schedule ]; then
	bench_schedule
	{
	echo "# fleetaudit bench results"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -sr), $(nproc) cores" \
	    "($cpu_model), $($FA --version 2>&1 | head -n 1)," \
	    "snmpsim $sim_ver. BENCH_ONLY=schedule: the schedule bed alone." \
	    "Load average before / after: $load0 /" \
	    "$(cut -d' ' -f1-3 /proc/loadavg)."
	echo
	cat "$tmp/schedule.md"
	} >"$OUT/results.md"
	show_results
	finish
fi

# --- the devices ----------------------------------------------------------

# The printers of the sample fleet that answer v2c (not the v3 one, not the
# router), reused round-robin.  Copy c of a recording gets serials with
# "FA" turned into "F" + letter c and MACs 02:fa:77+c:..., so that every
# device keeps an identity of its own in the store.
fleet=$top/samples/fleet
mkdir -p "$tmp/recs"
recs=$(awk '$1 ~ /^127\./ && $3 == "v2c" { print $2 }' "$fleet/fleet.conf" |
    while read -r f; do
	    grep -q '^1\.3\.6\.1\.2\.1\.43\.' "$fleet/$f" && echo "$f"
    done)
nrecs=$(echo "$recs" | grep -c .)
[ "$nrecs" -gt 0 ] || die "no v2c printer recordings in $fleet/fleet.conf"
: >"$tmp/sweep.map"
: >"$tmp/inv.map"
k=0
while [ "$k" -lt "$N" ]; do
	f=$(echo "$recs" | sed -n "$((k % nrecs + 1))p")
	c=$((k / nrecs))
	awk -F'|' -v c="$c" 'BEGIN { OFS = "|" }
	    $2 == "4" { gsub(/FA/, "F" substr("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
		c + 1, 1), $3) }
	    $2 == "4x" { sub(/^02fa77/, sprintf("02fa%02x", 119 + c), $3) }
	    { print }' "$fleet/$f" >"$tmp/recs/d$k.snmprec" || die "copy $f"
	echo "$(addr $SWEEP_NET $((k + 1))) recs/d$k.snmprec v2c" >>"$tmp/sweep.map"
	echo "$(addr $INV_NET $((k + 1))) recs/d$k.snmprec v2c" >>"$tmp/inv.map"
	k=$((k + 1))
done
live=$(awk '{ printf "%s%s", sep, $1; sep = ", " }' "$tmp/sweep.map")
inv_last=$(addr $INV_NET "$N")
inv_hosts=$(awk '{ printf "%s%s", sep, $1; sep = "," }' "$tmp/inv.map")
BED_PER_PROC=$(( (N + PROCS - 1) / PROCS ))
export BED_PER_PROC



# --- bed 1: the sweep -----------------------------------------------------

say "sweep bed: $N devices on $(addr $SWEEP_NET 1)-$(addr $SWEEP_NET "$N")," \
    "the rest of $SWEEP_NET.0.0/16 silent"
bed1=$tmp/bed1
mkdir -p "$bed1"
bed_start "$bed1" "$tmp/sweep.map" || die "sweep bed did not start"

# A table of our own.  The addresses answered just now, so no other bench
# holds them: a table of this name is a leftover of a killed run.
if nft list table ip "$NFT_TABLE" >/dev/null 2>&1; then
	warn "removing the leftover nftables table $NFT_TABLE"
	nft delete table ip "$NFT_TABLE" || die "cannot remove table $NFT_TABLE"
fi
nft_made=1
nft -f - <<EOF || die "cannot create the nftables table $NFT_TABLE"
table ip $NFT_TABLE {
	counter s_req { }
	counter s_resp { }
	counter s_all { }
	counter i_req { }
	counter i_resp { }
	chain input {
		type filter hook input priority -10; policy accept;
		ip daddr $SWEEP_NET.0.0/16 udp dport 161 counter name s_req
		ip saddr $SWEEP_NET.0.0/16 udp sport 161 counter name s_resp
		ip daddr $SWEEP_NET.0.0/16 counter name s_all
		ip daddr $INV_NET.0.0/16 udp dport 161 counter name i_req
		ip saddr $INV_NET.0.0/16 udp sport 161 counter name i_resp
		ip daddr $SWEEP_NET.0.0/16 ip daddr != { $live } drop
	}
}
EOF

# A silent address must time out: the drop rule works, and no wildcard
# listener (an snmpd on 0.0.0.0:161) answers for it.
if snmpget -v2c -c public -t 1 -r 0 "$(addr $SWEEP_NET 300)" \
    1.3.6.1.2.1.1.2.0 >/dev/null 2>&1; then
	die "$(addr $SWEEP_NET 300) answers: something else listens there"
fi

# fleetaudit, the whole /16, defaults
say "fleetaudit discover $SWEEP_NET.0.0/16 (defaults: $defaults)"
cnt_reset
run fa_sweep "$FA" discover "$SWEEP_NET.0.0/16" --force -q --json \
    --home "$tmp/home-sweep"
rc=$?
set -- $(cnt s_req) $(cnt s_resp) $(cnt s_all)
fs_req=$1 fs_req_b=$2 fs_resp=$3 fs_resp_b=$4 fs_all=$5
fs_wall=$(t_wall fa_sweep)
fs_rss=$(t_rss fa_sweep)
fs_cpu=$(t_cpu fa_sweep)
fs_found=$("$PY" -c 'import json, sys
print(len(json.load(open(sys.argv[1]))))' "$OUT/fa_sweep.out" 2>/dev/null)
[ "$rc" -eq 0 ] || fail "fleetaudit discover exited with $rc" \
    "(see $OUT/fa_sweep.err)"
[ "$fs_found" = "$N" ] ||
    fail "fleetaudit discover found ${fs_found:-nothing}, not $N devices"
fs_addrs=65534
fs_aps=$(div "$fs_addrs" "$fs_wall" %.0f)
fs_pps=$(div "$fs_req" "$fs_wall" %.0f)

# The peer's range
peer_first=$(addr $SWEEP_NET 1)
peer_last=$(addr $SWEEP_NET "$PEER_SWEEP")
peer_live=$N
[ "$PEER_SWEEP" -lt "$N" ] && peer_live=$PEER_SWEEP
if [ "$PEER_SWEEP" -gt 0 ]; then
	say "fleetaudit discover $peer_first-$peer_last (the peer's range)"
	cnt_reset
	run fa_sweep_small "$FA" discover "$peer_first-$peer_last" -q --json \
	    --home "$tmp/home-sweep"
	set -- $(cnt s_req)
	fss_req=$1
	fss_wall=$(t_wall fa_sweep_small)
	fss_rss=$(t_rss fa_sweep_small)
	fss_found=$("$PY" -c 'import json, sys
print(len(json.load(open(sys.argv[1]))))' "$OUT/fa_sweep_small.out" 2>/dev/null)
	[ "$fss_found" = "$peer_live" ] || fail "fleetaudit discover" \
	    "$peer_first-$peer_last found ${fss_found:-nothing}, not $peer_live"
	fss_aps=$(div "$PEER_SWEEP" "$fss_wall" %.0f)

	say "peer: fusioninventory-netdiscovery $peer_first-$peer_last," \
	    "20 threads (about $(calc %.0f "$PEER_SWEEP / 5.6 + 5") s)"
	cnt_reset
	run peer_sweep fusioninventory-netdiscovery --first "$peer_first" \
	    --last "$peer_last" --credentials version:2c,community:public \
	    --threads 20 --timeout 1
	rc=$?
	set -- $(cnt s_req) $(cnt s_resp) $(cnt s_all)
	ps_req=$1 ps_req_b=$2 ps_resp=$3 ps_resp_b=$4 ps_all=$5
	ps_wall=$(t_wall peer_sweep)
	ps_rss=$(t_rss peer_sweep)
	ps_cpu=$(t_cpu peer_sweep)
	ps_found=$(grep -c '<DEVICE>' "$OUT/peer_sweep.out")
	[ "$rc" -eq 0 ] || fail "netdiscovery exited with $rc"
	[ "$ps_found" = "$peer_live" ] || warn "the peer found $ps_found" \
	    "devices, not $peer_live"
	ps_aps=$(div "$PEER_SWEEP" "$ps_wall" %.1f)
	ps_pps=$(div "$ps_req" "$ps_wall" %.0f)
fi
bed_stop "$bed1"
bed1=

# --- bed 2: the inventory -------------------------------------------------

say "inventory bed: $N devices on $(addr $INV_NET 1)-$inv_last," \
    "$PROCS snmpsimd processes"
bed2=$tmp/bed2
mkdir -p "$bed2"
bed_start "$bed2" "$tmp/inv.map" || die "inventory bed did not start"

# One warm-up read of every device (snmpsim's first answers from each file
# are slower), not counted.
timeout 120 "$FA" assess "$INV_NET.0.1-$inv_last" -q --home "$tmp/home-warm" \
    >/dev/null 2>&1

fa_walls='' fa_list=
k=1
while [ "$k" -le "$RUNS" ]; do
	say "fleetaudit assess $INV_NET.0.1-$inv_last, run $k of $RUNS"
	cnt_reset
	c0=$(bed_cpu "$bed2")
	run fa_inv.$k "$FA" assess "$INV_NET.0.1-$inv_last" -q \
	    --home "$tmp/home.$k"
	rc=$?
	c1=$(bed_cpu "$bed2")
	set -- $(cnt i_req) $(cnt i_resp)
	w=$(t_wall fa_inv.$k)
	fa_walls="$fa_walls $w"
	# wall req req_bytes resp resp_bytes rss cpu bed_cpu
	fa_list="$fa_list$k $w $1 $2 $3 $4 $(t_rss fa_inv.$k) $(t_cpu fa_inv.$k)\
 $(calc %.2f "$c1 - $c0")
"
	[ "$rc" -eq 0 ] || fail "fleetaudit assess run $k exited with $rc"
	"$FA" devices --json --home "$tmp/home.$k" >"$OUT/fa_inv.$k.devices" \
	    2>&1
	read_ok=$("$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(len({x["serial"] for x in d if x.get("error") is None and x.get("serial")}))' \
	    "$OUT/fa_inv.$k.devices" 2>/dev/null)
	[ "$read_ok" = "$N" ] || fail "fleetaudit assess run $k: ${read_ok:-no}" \
	    "complete devices in the store, not $N"
	k=$((k + 1))
done
fa_wall=$(median $fa_walls)
# the run with the median wall time gives the other figures
set -- $(echo "$fa_list" | awk -v m="$fa_wall" 'NF { d = $2 - m; if (d < 0) d = -d
    if (best == "" || d < best) { best = d; line = $0 } } END { print line }')
fi_run=$1 fi_req=$3 fi_req_b=$4 fi_resp=$5 fi_resp_b=$6 fi_rss=$7 fi_cpu=$8
fi_bedcpu=$9
fa_min=$(echo $fa_walls | tr ' ' '\n' | sort -n | head -n 1)
fa_max=$(echo $fa_walls | tr ' ' '\n' | sort -n | tail -n 1)
fi_req_all=$(echo "$fa_list" | awk 'NF { printf "%s%s", s, $3; s = "/" }')

# The peer, 10 threads (RUNS times) and 1 thread (once)
peer_walls=
k=1
while [ "$k" -le "$RUNS" ]; do
	say "peer: fusioninventory-netinventory, 10 threads, run $k of $RUNS"
	cnt_reset
	run peer_inv10.$k fusioninventory-netinventory --host "$inv_hosts" \
	    --credentials version:2c,community:public --timeout 2 --threads 10
	rc=$?
	[ "$rc" -eq 0 ] || fail "netinventory (10 threads) exited with $rc"
	peer_walls="$peer_walls $(t_wall peer_inv10.$k)"
	k=$((k + 1))
done
set -- $(cnt i_req) $(cnt i_resp)
p10_req=$1 p10_req_b=$2 p10_resp=$3 p10_resp_b=$4
p10_wall=$(median $peer_walls)
p10_rss=$(t_rss peer_inv10.$RUNS)
p10_cpu=$(t_cpu peer_inv10.$RUNS)
p10_read=$(grep -c '<DEVICE>' "$OUT/peer_inv10.$RUNS.out")

say "peer: fusioninventory-netinventory, 1 thread"
cnt_reset
run peer_inv1 fusioninventory-netinventory --host "$inv_hosts" \
    --credentials version:2c,community:public --timeout 2 --threads 1
rc=$?
[ "$rc" -eq 0 ] || fail "netinventory (1 thread) exited with $rc"
set -- $(cnt i_req) $(cnt i_resp)
p1_req=$1 p1_req_b=$2 p1_resp=$3 p1_resp_b=$4
p1_wall=$(t_wall peer_inv1)
p1_rss=$(t_rss peer_inv1)
p1_cpu=$(t_cpu peer_inv1)
p1_read=$(grep -c '<DEVICE>' "$OUT/peer_inv1.out")

# The bed's limit: 3 x N snmpbulkwalk at once
bw_walls=
k=1
while [ "$k" -le "$RUNS" ]; do
	say "bed limit: $((3 * N)) snmpbulkwalk at once, run $k of $RUNS"
	mkdir -p "$tmp/bw.$k"
	cnt_reset
	c0=$(bed_cpu "$bed2")
	# shellcheck disable=SC2016 # expanded by the inner sh
	run bulkwalk.$k sh -c 'd=$1; shift
	    for a in "$@"; do
		for s in 1.3.6.1.2.1.1 1.3.6.1.2.1.43 1.3.6.1.2.1.25.3; do
			snmpbulkwalk -v2c -c public -Cr24 -On "$a" "$s" \
			    >"$d/$a.$s" 2>&1 &
		done
	    done
	    wait' sh "$tmp/bw.$k" $(awk '{ print $1 }' "$tmp/inv.map")
	c1=$(bed_cpu "$bed2")
	bw_walls="$bw_walls $(t_wall bulkwalk.$k)"
	k=$((k + 1))
done
set -- $(cnt i_req) $(cnt i_resp)
bw_req=$1 bw_req_b=$2 bw_resp=$3 bw_resp_b=$4
bw_bedcpu=$(calc %.2f "$c1 - $c0")
bw_wall=$(median $bw_walls)
# every walk complete: as many varbinds as the recordings hold there
rm -rf "$OUT/bulkwalk"
cp -R "$tmp/bw.$RUNS" "$OUT/bulkwalk"
bw_vbs=$(cat "$OUT"/bulkwalk/* | grep '^\.1\.3\.6\.1\.2\.1\.' |
    grep -c -v ' = No more variables')
bw_want=$(cat "$tmp"/recs/*.snmprec | grep -c -E \
    '^1\.3\.6\.1\.2\.1\.(1|43|25\.3)\.')
bw_bad=$(grep -l -E '^(Timeout|Error|snmpbulkwalk:)' "$OUT"/bulkwalk/* |
    wc -l)
[ "$bw_bad" -eq 0 ] || fail "$bw_bad snmpbulkwalk runs reported an error" \
    "or a timeout (see $OUT/bulkwalk)"
[ "$bw_vbs" = "$bw_want" ] || fail "snmpbulkwalk read $bw_vbs varbinds," \
    "the recordings hold $bw_want there"
bed_stop "$bed2"
bed2=

bench_vendors
if [ "$BIG_DEVICES" -gt 0 ]; then
	bench_sweep500
else
	printf '%s\n\n%s\n' "## Sweep at scale" \
	    "Skipped (BENCH_SWEEP500_DEVICES=0)." >"$tmp/sweep500.md"
fi
if [ "$SCHED_SECONDS" -gt 0 ]; then
	bench_schedule
else
	printf '%s\n\n%s\n' "## Collector: fleetaudit run" \
	    "Skipped (BENCH_SCHEDULE_SECONDS=0)." >"$tmp/schedule.md"
fi
# fleetaudit.exe under Wine beside the Linux binary, when it is built
# (make windows-exe) and Wine is there; BENCH_WINE=0 skips it.
rm -f "$OUT/wine.md"
if [ "${BENCH_WINE:-1}" != 0 ] && [ -f build/windows/fleetaudit.exe ] &&
    { command -v wine64 >/dev/null || [ -x /usr/lib/wine/wine64 ]; }; then
	say "fleetaudit.exe under Wine (tests/bench/wine.sh)"
	{ echo "## fleetaudit.exe under Wine"; echo; } >"$tmp/wine.head"
	BENCH_OUT=$OUT sh "$top/tests/bench/wine.sh" >/dev/null ||
	    fail "Wine bench (tests/bench/wine.sh) exited with $?"
	[ -f "$OUT/wine.md" ] && cat "$tmp/wine.head" "$OUT/wine.md" \
	    >"$tmp/wine.md" && mv "$tmp/wine.md" "$OUT/wine.md"
fi
if [ -n "${BENCH_FLEET_SIZES-1000 5000 10000}" ]; then
	say "one site of 10,000 devices (tests/bench/fleet.sh)"
	BENCH_OUT=$OUT sh "$top/tests/bench/fleet.sh" ||
	    fail "fleet bench (tests/bench/fleet.sh) exited with $?"
else
	printf '%s\n\n%s\n' "## One site: 10,000 devices" \
	    "Skipped (BENCH_FLEET_SIZES empty)." >"$OUT/fleet.md"
fi

# --- results --------------------------------------------------------------

verdict() {	# verdict VALUE OP LIMIT -> met / MISSED
	if [ "$1" = - ] || [ -z "$1" ]; then
		echo "not measured"
	elif awk -v v="$1" -v l="$3" "BEGIN { exit !(v $2 l) }"; then
		echo met
	else
		echo MISSED
	fi
}
r_peer=$(div "$p10_wall" "$fa_wall" %.1f)
r_bed=$(div "$fa_wall" "$bw_wall" %.2f)
r_sweep=$(div "$fs_aps" "${ps_aps:--}" %.0f)
v_time=$(verdict "$fs_wall" '<=' 20)
v_rss=$(verdict "$fs_rss" '<' 32)
v_peer=$(verdict "$r_peer" '>=' 5)
v_bed=$(verdict "$r_bed" '<=' 1.2)
case "$v_time $v_rss $v_peer $v_bed" in *MISSED*) missed=1 ;; esac
perdev() {	# perdev COUNT -> COUNT / N
	div "$1" "$N" %.1f
}
peer_ver=$(dpkg-query -W -f '${Version}' fusioninventory-agent-task-network \
    2>/dev/null)

{
echo "# fleetaudit bench results"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -sr), $(nproc) cores" \
    "($cpu_model), $($FA --version 2>&1 | head -n 1)," \
    "fusioninventory-agent-task-network $peer_ver, snmpsim $sim_ver." \
    "snmpsimd: $PROCS processes per bed, $N devices per bed." \
    "Load average before / after: $load0 / $(cut -d' ' -f1-3 /proc/loadavg)."
echo "fleetaudit defaults: \`$defaults\`."
echo
echo "## Targets"
echo
echo "| target | measured | |"
echo "|---|---|---|"
echo "| sweep of a /16 with the defaults <= 20 s | $fs_wall s | $v_time |"
echo "| sweep peak RSS < 32 MB | $fs_rss MB | $v_rss |"
echo "| inventory: peer (10 threads) / fleetaudit >= 5x | ${r_peer}x | $v_peer |"
echo "| inventory: fleetaudit / bed limit <= 1.2x | ${r_bed}x | $v_bed |"
echo
echo "## Sweep: $SWEEP_NET.0.0/16, $N live devices, every other address silent"
echo
echo "| | fleetaudit /16 | fleetaudit, peer's range | peer (netdiscovery, 20 threads) |"
echo "|---|---|---|---|"
if [ "$PEER_SWEEP" -gt 0 ]; then
echo "| range | $SWEEP_NET.0.0/16 | $peer_first-$peer_last | $peer_first-$peer_last |"
echo "| addresses | $(group $fs_addrs) | $(group "$PEER_SWEEP") | $(group "$PEER_SWEEP") |"
echo "| wall time s | $fs_wall | $fss_wall | $ps_wall |"
echo "| addresses/s | $(group "$fs_aps") | $(group "$fss_aps") | $ps_aps |"
echo "| devices found | $fs_found of $N | $fss_found of $peer_live | $ps_found of $peer_live |"
echo "| peak RSS MB | $fs_rss | $fss_rss | $ps_rss |"
echo "| CPU s (user+sys) | $fs_cpu | $(t_cpu fa_sweep_small) | $ps_cpu |"
echo "| SNMP packets sent / received | $(group "$fs_req") / $fs_resp | $(group "$fss_req") / - | $(group "$ps_req") / $(group "$ps_resp") |"
echo "| SNMP KB sent / received | $(group "$(kb "$fs_req_b" | cut -d. -f1)") / $(kb "$fs_resp_b") | - | $(kb "$ps_req_b") / $(kb "$ps_resp_b") |"
echo "| packets to the range, any protocol | $(group "$fs_all") | - | $(group "$ps_all") |"
echo "| SNMP send rate, packets/s | $(group "$fs_pps") | $(div "$fss_req" "$fss_wall" %.0f) | $ps_pps |"
echo
echo "Sweep speed, fleetaudit (/16) / peer, in addresses/s: **${r_sweep}x**."
else
echo "| range | $SWEEP_NET.0.0/16 | - | - |"
echo "| wall time s | $fs_wall | - | - |"
echo "| addresses/s | $(group "$fs_aps") | - | - |"
echo "| devices found | $fs_found of $N | - | - |"
echo "| peak RSS MB | $fs_rss | - | - |"
echo "| CPU s (user+sys) | $fs_cpu | - | - |"
echo "| SNMP packets sent / received | $(group "$fs_req") / $fs_resp | - | - |"
echo "| SNMP send rate, packets/s | $(group "$fs_pps") | - | - |"
fi
echo
echo "## Inventory: $N devices on $INV_NET.0.1-$inv_last"
echo
echo "| | fleetaudit assess | peer, 10 threads | peer, 1 thread | bed limit: $((3 * N)) snmpbulkwalk at once |"
echo "|---|---|---|---|---|"
echo "| wall time s | $fa_wall (median of $RUNS: $fa_min-$fa_max) | $p10_wall (median of $RUNS) | $p1_wall | $bw_wall (median of $RUNS) |"
echo "| devices read | $read_ok of $N | $p10_read of $N | $p1_read of $N | $(group "$bw_vbs") varbinds |"
echo "| SNMP packets sent / received per device | $(perdev "$fi_req") / $(perdev "$fi_resp") | $(perdev "$p10_req") / $(perdev "$p10_resp") | $(perdev "$p1_req") / $(perdev "$p1_resp") | $(perdev "$bw_req") / $(perdev "$bw_resp") |"
echo "| SNMP KB sent / received per device | $(kb "$(perdev "$fi_req_b")") / $(kb "$(perdev "$fi_resp_b")") | $(kb "$(perdev "$p10_req_b")") / $(kb "$(perdev "$p10_resp_b")") | $(kb "$(perdev "$p1_req_b")") / $(kb "$(perdev "$p1_resp_b")") | $(kb "$(perdev "$bw_req_b")") / $(kb "$(perdev "$bw_resp_b")") |"
echo "| peak RSS MB | $fi_rss | $p10_rss | $p1_rss | - |"
echo "| CPU s: tool / snmpsimd | $fi_cpu / $fi_bedcpu | $p10_cpu / - | $p1_cpu / - | - / $bw_bedcpu |"
echo
echo "Ratios: peer (10 threads) / fleetaudit **${r_peer}x**;" \
    "peer (1 thread) / fleetaudit **$(div "$p1_wall" "$fa_wall" %.1f)x**;" \
    "fleetaudit / bed limit **${r_bed}x**."
echo "fleetaudit packets sent per run: $fi_req_all (the figures above are" \
    "from run $fi_run, the median one; more packets than the fewest are" \
    "retries)."
echo
cat "$tmp/sweep500.md"
echo
cat "$tmp/vendors.md"
echo
cat "$tmp/schedule.md"
echo
cat "$OUT/fleet.md" 2>/dev/null
echo
cat "$OUT/wine.md" 2>/dev/null
} >"$OUT/results.md"

show_results
finish
