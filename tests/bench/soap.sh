#!/bin/sh
# soap.sh: the SOAP upload bench (BENCH_ONLY=soap sh tests/bench/bench.sh,
# or this script alone after make, as root: the device listens on port
# 161 of 127.204.0.1).
#
#  - one device (tests/lib/badagent.py, the sample HP) on 127.204.0.1;
#    BENCH_SOAP_COLLECTORS collector homes, each with its keys, trusted by
#    one hub, each assessing the device and exporting a bundle
#    BENCH_SOAP_BUNDLES times (small bundles, as a site sends after each
#    scan);
#  - "hub serve" on 127.204.0.2 (TLS, a CA made here) under GNU time;
#    all collectors at once, each running "fleetaudit upload" once per
#    bundle (one bundle in its outbox each time: Hello, Upload, receipt
#    checked, the process started each time, as "run" does after a scan):
#    uploads per second over the whole run, the latency of each upload
#    (p50, p90, p99, max), the hub's peak RSS;
#  - the same bundles imported from files by "hub import DIR" into a
#    fresh hub: bundles per second, and the ratio.
#
# Knobs: BENCH_SOAP_COLLECTORS (20), BENCH_SOAP_BUNDLES (10 per
# collector), BENCH_OUT (build/bench: soap.md and soap/ logs there),
# FLEETAUDIT (the binary).
#
# BENCH_SOAP_MODE=hubload (BENCH_ONLY=hubload sh tests/bench/bench.sh):
# the hub under load instead, tests/cli/t6040-hub-load.sh at scale on
# 127.206.0.1 (device on port 161, hub on 18447):
# BENCH_HUBLOAD_COLLECTORS (50) collectors make BENCH_HUBLOAD_BUNDLES (20)
# bundles each, then upload them all over TLS, one "fleetaudit upload" per
# bundle, while BENCH_HUBLOAD_IMPORTERS (4) "hub import DIR" processes,
# each given every one of the bundle files, start in pairs
# BENCH_HUBLOAD_STAGGER_MS (4000) apart and race with the uploads and with
# each other.  Every check of the test must pass (each bundle imported
# once, no other outcome, store intact, every value equal, receipts);
# reported: bundles/s over the load phase, upload latency p50/p90/p99/max,
# each importer's wall time, who imported what, the exact counts.  Writes
# hubload.md and hubload/ (the test's output, figures and logs) in
# BENCH_OUT.
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$top" || exit 2
BUILD=${BUILD:-build}
FA=${FLEETAUDIT:-$top/$BUILD/fleetaudit}
OUT=${BENCH_OUT:-$top/build/bench}
NC=${BENCH_SOAP_COLLECTORS:-20}
NB=${BENCH_SOAP_BUNDLES:-10}
TIME=/usr/bin/time
PY=/usr/bin/python3
DEV=127.204.0.1
HUBADDR=127.204.0.2
PORT=18443
URL=https://$HUBADDR:$PORT/WebServices/Onsite2Service.asmx

die() { echo "bench: $*" >&2; exit 2; }
say() { echo "bench: [$(date +%H:%M:%S)] $*"; }
num() {
	case $2 in ''|*[!0-9]*) die "$1: a number from $3 to $4" ;; esac
	[ "$2" -ge "$3" ] && [ "$2" -le "$4" ] || die "$1: $3..$4"
}
if [ "${BENCH_SOAP_MODE:-}" = hubload ]; then
	HC=${BENCH_HUBLOAD_COLLECTORS:-50}
	HB=${BENCH_HUBLOAD_BUNDLES:-20}
	HI=${BENCH_HUBLOAD_IMPORTERS:-4}
	HS=${BENCH_HUBLOAD_STAGGER_MS:-4000}
	num BENCH_HUBLOAD_COLLECTORS "$HC" 1 200
	num BENCH_HUBLOAD_BUNDLES "$HB" 1 100
	num BENCH_HUBLOAD_IMPORTERS "$HI" 1 16
	num BENCH_HUBLOAD_STAGGER_MS "$HS" 0 60000
	[ -x "$FA" ] || die "$FA not built (run make first)"
	[ "$(id -u)" = 0 ] || die "needs root (a device on port 161)"
	W=$OUT/hubload
	rm -rf "$W" "$OUT/hubload.md"
	mkdir -p "$W" || die "cannot create $W"
	say "hubload: $HC collectors x $HB bundles uploaded, $HI importers" \
	    "of every file at once (tests/cli/t6040-hub-load.sh)"
	h0=$(date +%s)
	FLEETAUDIT=$FA HUBLOAD_ADDR=127.206.0.1 HUBLOAD_PORT=18447 \
	    HUBLOAD_COLLECTORS=$HC HUBLOAD_BUNDLES=$HB HUBLOAD_IMPORTERS=$HI \
	    HUBLOAD_STAGGER_MS=$HS HUBLOAD_ALL_FILES=1 HUBLOAD_LIMIT=900 \
	    HUBLOAD_FIGURES=$W/figures HUBLOAD_KEEP=$W/logs \
	    timeout -k 10 1800 sh "$top/tests/cli/t6040-hub-load.sh" \
	    >"$W/test.out" 2>&1
	hrc=$?
	hsecs=$(($(date +%s) - h0))
	cat "$W/test.out"
	f() { awk -v k="$1" '$1 == k { print $2 }' "$W/figures" 2>/dev/null; }
	nok=$(grep -c '^ok - ' "$W/test.out")
	nbad=$(grep -c '^not ok - ' "$W/test.out")
	{
	echo "## Hub under load ($HC collectors x $HB bundles uploaded over TLS, $HI hub import processes of every file at once, loopback)"
	echo
	echo "| Figure | Value |"
	echo "|---|---|"
	echo "| checks of t6040 | $nok ok, $nbad not ok (exit $hrc) |"
	echo "| bundles made (assess + export each), wall time | $(f total) in $(f setup_ms) ms |"
	echo "| files given to each importer | $(f files_per_importer) |"
	echo "| load phase (uploads and imports at once), wall time | $(f load_ms) ms |"
	echo "| bundles in the hub / distinct ids / sites | $(f rows) / $(f distinct) / $(f sites) |"
	echo "| bundles/s over the load phase | $(f bps) |"
	echo "| imported by an upload / by hub import | $(f by_upload) / $(f by_import) |"
	echo "| outcomes (imported + already imported) | $(f outcomes) ($(f already) already imported) |"
	echo "| uploads / failed; importers failed; other outcome lines | $(f uploads) / $(f upload_fail); $(f import_fail); $(f other_lines) |"
	echo "| latency of one upload (process start to receipt kept) p50 / p90 / p99 / max | $(f p50) / $(f p90) / $(f p99) / $(f pmax) ms |"
	echo "| importers' wall time each | $(f importer_ms) ms |"
	echo "| receipts on site that differ from the hub's | $(f receipts_differ) |"
	echo "| hub.db at the end | $(f hub_db_bytes) bytes |"
	echo "| whole section | $hsecs s |"
	} >"$OUT/hubload.md"
	echo
	cat "$OUT/hubload.md"
	[ "$hrc" -eq 0 ] && [ "$nbad" -eq 0 ] && [ "$nok" -gt 0 ] || exit 1
	exit 0
fi
num BENCH_SOAP_COLLECTORS "$NC" 1 200
num BENCH_SOAP_BUNDLES "$NB" 1 1000
[ -x "$FA" ] || die "$FA not built (run make first)"
[ -x "$TIME" ] || die "GNU time missing (make deps)"
[ "$(id -u)" = 0 ] || die "needs root (a device on port 161)"
W=$OUT/soap
rm -rf "$W"
mkdir -p "$W/tls" || die "cannot create $W"
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM

fa() {	# HOME ARGS...
	_fh=$1
	shift
	env -i PATH=/usr/bin:/bin HOME="$W" FLEETAUDIT_HOME="$_fh" "$FA" "$@"
}

say "soap: CA, hub, $NC collectors, $NB bundles each"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$W/tls/ca.key" -out "$W/tls/ca.pem" -days 2 \
    -subj "/CN=bench CA" 2>/dev/null &&
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$W/tls/hub.key" -out "$W/tls/hub.csr" -subj "/CN=$HUBADDR" \
    2>/dev/null &&
printf 'subjectAltName=IP:%s\n' "$HUBADDR" >"$W/tls/ext" &&
openssl x509 -req -in "$W/tls/hub.csr" -CA "$W/tls/ca.pem" \
    -CAkey "$W/tls/ca.key" -CAcreateserial -out "$W/tls/hub.pem" -days 2 \
    -extfile "$W/tls/ext" 2>/dev/null || die "openssl failed"
fa "$W" hub init "$W/hub" >/dev/null 2>&1 || die "hub init failed"
fa "$W" hub init "$W/hub2" >/dev/null 2>&1 || die "hub init failed"
cp "$W/hub/hub-encrypt.key" "$W/hub/hub-sign.key" "$W/hub/hub.pub" \
    "$W/hub2/" || die "cannot copy the hub keys"

$PY "$top/tests/lib/badagent.py" --addr "$DEV" \
    --snmprec "$top/samples/fleet/hp-lj-m404.snmprec" \
    --pidfile "$W/agent.pid" --lifetime 3600 >"$W/agent.log" 2>&1 &
n=0
while [ ! -s "$W/agent.pid" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
pids="$(cat "$W/agent.pid" 2>/dev/null)"

# Each collector: keys, trusted by both hubs, NB assess+export rounds.
make_collector() {
	h=$W/c$1
	mkdir -p "$h/staging"
	fa "$h" keys init >/dev/null 2>&1 &&
	    fa "$h" keys trust-hub "$W/hub/hub.pub" >/dev/null 2>&1 || return 1
	fa "$W" hub trust add --hub "$W/hub" "$h/collector.pub" \
	    --account "acct$1" >/dev/null 2>&1 || return 1
	fa "$W" hub trust add --hub "$W/hub2" "$h/collector.pub" \
	    --account "acct$1" >/dev/null 2>&1 || return 1
	i=0
	while [ $i -lt "$NB" ]; do
		fa "$h" assess -q "$DEV" >/dev/null 2>&1 || return 1
		(cd "$h/staging" && fa "$h" export bundle -q >/dev/null 2>&1) ||
		    return 1
		i=$((i + 1))
	done
}
c=1
while [ $c -le "$NC" ]; do
	make_collector $c || die "collector $c could not be set up"
	c=$((c + 1))
done
total=$(ls "$W"/c*/staging/*.bundle | wc -l)
bytes=$(cat "$W"/c*/staging/*.bundle | wc -c)
say "soap: $total bundles, $((bytes / total)) bytes each on average"

# The hub, under GNU time for its peak RSS.
$TIME -v -o "$W/hub.time" env -i PATH=/usr/bin:/bin HOME="$W" "$FA" hub \
    serve -q --hub "$W/hub" --listen "$HUBADDR:$PORT" \
    --cert "$W/tls/hub.pem" --key "$W/tls/hub.key" 2>"$W/hub.log" &
tpid=$!
n=0
until grep -q serving "$W/hub.log" 2>/dev/null || [ $n -ge 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
hpid=$(pgrep -P $tpid)
pids="$pids $hpid"
[ -n "$hpid" ] || die "hub serve did not start: $(cat "$W/hub.log")"

# One collector: each bundle into the outbox, one upload, its latency.
upload_all() {
	h=$W/c$1
	for b in "$h"/staging/*.bundle; do
		mkdir -p "$h/outbox"
		cp "$b" "$h/outbox/"
		t0=$(date +%s%N)
		fa "$h" upload -q --hub-url "$URL" --cacert "$W/tls/ca.pem" \
		    >>"$h/upload.log" 2>&1 || echo "fail $b" >>"$W/fail"
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000)) >>"$W/lat.us"
	done
}
say "soap: $NC collectors uploading at once"
s0=$(date +%s%N)
c=1
up=
while [ $c -le "$NC" ]; do
	upload_all $c &
	up="$up $!"
	c=$((c + 1))
done
for p in $up; do wait "$p"; done
s1=$(date +%s%N)
kill "$hpid"
wait $tpid 2>/dev/null
ok=$(sqlite3 -batch -noheader "$W/hub/hub.db" 'select count(*) from bundles')
fails=$(cat "$W/fail" 2>/dev/null | wc -l)
wall_ms=$(((s1 - s0) / 1000000))
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$W/hub.time")
sort -n "$W/lat.us" >"$W/lat.sorted"
pct() { awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999);
	if (i < 1) i = 1; printf "%.0f", v[i] / 1000 }' "$W/lat.sorted"; }
p50=$(pct 50); p90=$(pct 90); p99=$(pct 99); pmax=$(pct 100)
ups=$(awk -v n="$ok" -v ms="$wall_ms" 'BEGIN { printf "%.1f", n * 1000 / ms }')

# The same bundles from files, into hub2.
mkdir -p "$W/files"
for c in $(seq 1 "$NC"); do
	for b in "$W/c$c"/staging/*.bundle; do
		cp "$b" "$W/files/c$(printf %03d "$c")-${b##*/}"
	done
done
f0=$(date +%s%N)
$TIME -v -o "$W/import.time" env -i PATH=/usr/bin:/bin HOME="$W" "$FA" \
    hub import -q --hub "$W/hub2" "$W/files" >"$W/import.out" 2>&1
f1=$(date +%s%N)
fok=$(sqlite3 -batch -noheader "$W/hub2/hub.db" 'select count(*) from bundles')
fms=$(((f1 - f0) / 1000000))
fps=$(awk -v n="$fok" -v ms="$fms" 'BEGIN { printf "%.1f", n * 1000 / ms }')
ratio=$(awk -v a="$ups" -v b="$fps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
frss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$W/import.time")

mkdir -p "$OUT"
{
	echo "## SOAP upload ($NC collectors at once, $NB bundles each, loopback, TLS)"
	echo
	echo "| Figure | Value |"
	echo "|---|---|"
	echo "| bundles uploaded and imported | $ok of $total ($fails failed) |"
	echo "| average bundle size | $((bytes / total)) bytes |"
	echo "| wall time | $wall_ms ms |"
	echo "| uploads per second (one hub) | $ups |"
	echo "| latency of one upload (process start, Hello, Upload, receipt check) p50 / p90 / p99 / max | $p50 / $p90 / $p99 / $pmax ms |"
	echo "| hub peak RSS | $rss KiB |"
	echo "| the same bundles by hub import DIR | $fok in $fms ms: $fps bundles/s, peak RSS $frss KiB |"
	echo "| SOAP uploads / file imports | $ratio |"
} >"$OUT/soap.md"
cat "$OUT/soap.md"
[ "$ok" -eq "$total" ] && [ "$fok" -eq "$total" ] || exit 1
