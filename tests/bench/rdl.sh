#!/bin/sh
# rdl.sh: what Remote Device Link costs (BENCH_ONLY=rdl sh
# tests/bench/bench.sh, or this script alone after make; root, since the
# device's web server listens on port 80).  In a network namespace of its
# own (unshare -n), on loopback: a device (snmpsim and tests/lib/ews.py),
# "hub serve" (SQLite), a collector "run --rdl"; tests/lib/rdl_bench.py
# opens BENCH_RDL_SESSIONS sessions and measures the latency a request
# gains through hub and collector (p50, p99 of BENCH_RDL_RUNS GETs of a
# small page, against the same GETs straight to the device), a download
# of BENCH_RDL_MIB MiB and one of BENCH_RDL_HUGE MiB both ways, the first
# in every session at once, the time from "Open" to the device's first
# page, and the hub's and the collector's memory (sampled: their peaks
# during the downloads).
#
# Knobs: BENCH_RDL_SESSIONS (20), BENCH_RDL_RUNS (300), BENCH_RDL_MIB (8),
# BENCH_RDL_HUGE (48), BENCH_OUT (build/bench: rdl.md there).
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$top" || exit 2
if [ -z "${RDL_BENCH_NS:-}" ]; then
	RDL_BENCH_NS=1 exec unshare -n sh -c \
	    'ip link set lo up && exec sh "$0"' "$0"
fi
. "$top/tests/lib/common.sh"
NS=${BENCH_RDL_SESSIONS:-20}
RUNS=${BENCH_RDL_RUNS:-300}
MIB=${BENCH_RDL_MIB:-8}
HUGE=${BENCH_RDL_HUGE:-48}
OUT=${BENCH_OUT:-$top/build/bench}
P=127.77.55
HUBADDR=127.77.0.55
PORT=17455
HUB=$T/hub
URL=https://$HUBADDR:$PORT/WebServices/Onsite2Service.asmx
PW=rdl-bench-password-1
mkdir -p "$T/tls" "$OUT"
cd "$T" || exit 2
say() { echo "bench: [$(date +%H:%M:%S)] $*"; }
hub() { env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$HUB" "$FA" "$@"; }

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout tls/ca.key -out tls/ca.pem -days 2 -subj "/CN=bench CA" \
    2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout tls/hub.key -out tls/hub.csr -subj "/CN=$HUBADDR" 2>/dev/null
printf 'subjectAltName=IP:%s,DNS:*.rdl.test\n' "$HUBADDR" >tls/ext
openssl x509 -req -in tls/hub.csr -CA tls/ca.pem -CAkey tls/ca.key \
    -CAcreateserial -out tls/hub.pem -days 2 -extfile tls/ext 2>/dev/null
chmod 600 tls/hub.key
printf '%s.1 %s/samples/fleet/hp-lj-m404.snmprec v2c\n' "$P" "$top" >fleet.map
at_exit 'bed_stop "$T/bed"'
mkdir bed
bed_start "$T/bed" "$T/fleet.map" >bed.out 2>&1 || { cat bed.out; exit 2; }
"$PY" "$top/tests/lib/ews.py" --addr "$P.1" --port 80 --log /dev/null \
    --big $((MIB << 20)) &
EWS=$!
at_exit 'kill $EWS 2>/dev/null'
fa hub init "$HUB" >/dev/null 2>&1
fa keys init >/dev/null 2>&1
fa keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
fa hub trust add --hub "$HUB" home/collector.pub --account acme >/dev/null 2>&1
printf 'community = public\nhub-url = %s\ncacert = %s/tls/ca.pem\nrdl = yes\n' \
    "$URL" "$T" >home/fleetaudit.conf
chmod 600 home/fleetaudit.conf
fa assess -q "$P.1" >/dev/null 2>&1
printf '%s\n' "$PW" | hub hub user add tech --role user --account acme \
    >/dev/null 2>&1
hub hub rdl enable --domain rdl.test >/dev/null
hub hub rdl account acme on >/dev/null
hub hub rdl grant tech --account acme >/dev/null
fa_bg hub serve --hub "$HUB" --listen "$HUBADDR:$PORT" --cert tls/hub.pem \
    --key tls/hub.key 2>serve.log
SERVE=$!
at_exit 'kill $SERVE 2>/dev/null'
sleep 1
fa upload >/dev/null 2>&1
DEV=$(sqlite3 "$HUB/hub.db" "SELECT id FROM devices WHERE address = '$P.1'")
fa_bg run -i discovery=4h "$P.1" 2>run.log
RUN=$!
at_exit 'kill $RUN 2>/dev/null'
n=0
until grep -q 'channel open' run.log || [ $n -ge 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
say "rdl: $NS sessions, $RUNS requests, $MIB MiB downloads"
{
	echo "# Remote Device Link"
	echo
	echo "$(date -u +%Y-%m-%d), $(nproc) cores, loopback, SQLite hub; the"
	echo "machine was shared with other work while measuring."
	echo
	"$PY" "$top/tests/lib/rdl_bench.py" --hub "https://$HUBADDR:$PORT" \
	    --addr "$HUBADDR" --domain rdl.test --ca tls/ca.pem --device "$DEV" \
	    --device-url "http://$P.1" --password "$PW" --sessions "$NS" \
	    --runs "$RUNS" --big-mib "$MIB" --huge-mib "$HUGE" \
	    --hub-pid "$SERVE" --run-pid "$RUN"
} >"$OUT/rdl.md" 2>"$T/bench.err" || { cat "$T/bench.err" >&2; exit 1; }
cat "$OUT/rdl.md"
