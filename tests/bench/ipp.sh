#!/bin/sh
# ipp.sh: the IPP read bench (BENCH_ONLY=ipp sh tests/bench/bench.sh, or
# this script alone after make, as root; it runs in network and mount
# namespaces of its own).
#
#  - BENCH_IPP_DEVICES (50) ippeveprinter processes on 127.0.0.1, ports
#    19001.., each with tests/data/ipp/colour.attrs (avahi on a private
#    bus, loopback only: tests/lib/ippbed.sh);
#  - the same count of SNMP devices (snmpsimd, the sample fleet's v2c
#    printers in turn) on 127.207.0.1..N:11161;
#  - per read: the requests fleetaudit reports, and the IP bytes both ways
#    (nftables counters on the input hook: TCP handshake, HTTP, TLS and
#    IPP for IPP; UDP for SNMP) of one ipp://, one ipps:// and one SNMP
#    read of one device;
#  - the wall time of one "assess" of all N devices over IPP (--ipp N
#    times) and of all N over SNMP, BENCH_RUNS (3) times each, median.
# Writes BENCH_OUT/ipp.md (build/bench).
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
if [ -z "${FA_IPP_NETNS:-}" ]; then
	FA_IPP_NETNS=1 exec unshare -n sh -c 'ip link set lo up && exec sh "$0"' "$0"
fi
. "$top/tests/lib/common.sh"
. "$top/tests/lib/ippbed.sh"
ipp_ns "$0"
N=${BENCH_IPP_DEVICES:-50}
RUNS=${BENCH_RUNS:-3}
OUT=${BENCH_OUT:-$top/build/bench}
mkdir -p "$OUT"

ipp_bed_start || { echo "bench ipp: no bed" >&2; exit 1; }
t0=$(date +%s)
i=1
while [ $i -le "$N" ]; do
	ipp_printer $((19000 + i)) "$top/tests/data/ipp/colour.attrs" "P$i" ||
	    exit 1
	i=$((i + 1))
done
echo "# $N ippeveprinters up in $(($(date +%s) - t0)) s"
: >"$T/map"
set -- $(ls "$top"/samples/fleet/*.snmprec | grep -v netsnmp)
i=1
while [ $i -le "$N" ]; do
	k=$(( (i - 1) % $# + 1 ))
	eval f=\${$k}
	echo "127.207.0.$i:11161 $f v2c" >>"$T/map"
	i=$((i + 1))
done
mkdir "$T/bed"
at_exit 'bed_stop "$T/bed"'
bed_start "$T/bed" "$T/map" >"$T/bed.out" 2>&1 ||
    { cat "$T/bed.out"; exit 1; }

# bytes PROTO PORT CMD...: IP bytes to and from PORT during CMD.
bytes() {
	_p=$1 _port=$2
	shift 2
	nft add table ip fabench
	nft add chain ip fabench input '{ type filter hook input priority 0 ; policy accept ; }'
	nft add rule ip fabench input "$_p" dport "$_port" counter
	nft add rule ip fabench input "$_p" sport "$_port" counter
	"$@" >/dev/null 2>&1
	nft list table ip fabench | awk '/counter/ { for (i = 1; i <= NF; i++) if ($i == "bytes") s += $(i + 1); for (i = 1; i <= NF; i++) if ($i == "packets") p += $(i + 1) } END { printf "%d %d\n", s, p }'
	nft delete table ip fabench
}
set -- $(bytes tcp 19001 fa assess -q --ipp ipp://127.0.0.1:19001/ipp/print)
ipp_b=$1 ipp_p=$2
set -- $(bytes tcp 19001 fa assess -q --ipp ipps://127.0.0.1:19001/ipp/print)
ipps_b=$1 ipps_p=$2
set -- $(bytes udp 11161 fa assess -q 127.207.0.1 --port 11161)
snmp_b=$1 snmp_p=$2
fa assess -q --json --ipp ipp://127.0.0.1:19001/ipp/print >"$T/one.json"
req=$(json_get "$T/one.json" 'j["devices"][0]["requests"]')
fa assess -q --json 127.207.0.1 --port 11161 >"$T/snmp1.json"
sreq=$(json_get "$T/snmp1.json" 'j["devices"][0]["requests"]')

uris=
i=1
while [ $i -le "$N" ]; do
	uris="$uris --ipp ipp://127.0.0.1:$((19000 + i))/ipp/print"
	i=$((i + 1))
done
ms() { $PY -c 'import time; print(int(time.monotonic() * 1000))'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
: >"$T/ipp.t"; : >"$T/snmp.t"
r=0
while [ $r -lt "$RUNS" ]; do
	a=$(ms); fa assess -q --json $uris >"$T/all.json"; b=$(ms)
	echo $((b - a)) >>"$T/ipp.t"
	a=$(ms); fa assess -q --json --port 11161 "127.207.0.1-$N" >"$T/alls.json"; b=$(ms)
	echo $((b - a)) >>"$T/snmp.t"
	r=$((r + 1))
done
nipp=$(json_get "$T/all.json" 'sum(1 for d in j["devices"] if not d["error"])')
nsnmp=$(json_get "$T/alls.json" 'sum(1 for d in j["devices"] if not d["error"])')
ti=$(median <"$T/ipp.t")
ts=$(median <"$T/snmp.t")
{
	echo "# IPP reads ($(date -u +%Y-%m-%d), $(nproc) cores)"
	echo
	echo "| read of one device | requests | packets (both ways) | IP bytes (both ways) |"
	echo "|---|---:|---:|---:|"
	echo "| IPP, ipp:// | $req | $ipp_p | $ipp_b |"
	echo "| IPP, ipps:// (TLS) | $req | $ipps_p | $ipps_b |"
	echo "| SNMP v2c (sample printer) | $sreq | $snmp_p | $snmp_b |"
	echo
	echo "| $N devices, one assess (median of $RUNS) | read in full | wall time |"
	echo "|---|---:|---:|"
	echo "| IPP (--ipp x $N, one after another) | $nipp | $ti ms |"
	echo "| SNMP ($N addresses) | $nsnmp | $ts ms |"
} >"$OUT/ipp.md"
cat "$OUT/ipp.md"
