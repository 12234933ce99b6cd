#!/bin/sh
# local.sh: what assess --local costs (BENCH_ONLY=local sh
# tests/bench/bench.sh, or this script alone after make, as root; it runs
# in network and mount namespaces of its own).
#
#  - one ippeveprinter (tests/data/ipp/colour.attrs) on 127.0.0.1:19481
#    and a cupsd of its own (tests/lib/cupsbed.sh) with BENCH_LOCAL_QUEUES
#    (20) raw queues on it: each queue is read through the scheduler and
#    on the printer (two Get-Printer-Attributes);
#  - BENCH_RUNS (5) runs of "assess --local": the wall time of the local
#    read and the requests and bytes it reports ("local:" line), median
#    time (it includes storing each device); bytes are the IPP messages
#    (HTTP headers apart), the list request's included;
#  - the same with the queues on usb:// instead (no printer to read: the
#    scheduler's read alone), so the two kinds of read can be told apart.
# Writes BENCH_OUT/local.md (build/bench).
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
if [ -z "${FA_IPP_NETNS:-}" ]; then
	FA_IPP_NETNS=1 exec unshare -n sh -c 'ip link set lo up && exec sh "$0"' "$0"
fi
. "$top/tests/lib/common.sh"
. "$top/tests/lib/ippbed.sh"
. "$top/tests/lib/cupsbed.sh"
ipp_ns "$0"
Q=${BENCH_LOCAL_QUEUES:-20}
RUNS=${BENCH_RUNS:-5}
OUT=${BENCH_OUT:-$top/build/bench}
mkdir -p "$OUT"

ipp_bed_start || { echo "bench local: no bed" >&2; exit 1; }
ipp_printer 19481 "$top/tests/data/ipp/colour.attrs" "Bench MFP" || exit 1
cups_start 19480 || { echo "bench local: no cupsd" >&2; exit 1; }
i=1
while [ $i -le "$Q" ]; do
	cups_queue "q$i" "ipp://127.0.0.1:19481/ipp/print" || exit 1
	i=$((i + 1))
done
runs() {
	: >"$T/lines.$1"
	r=1
	while [ $r -le "$RUNS" ]; do
		rm -f "$T/home/store.db"
		fa assess --local --cups-server "$CUPS_SOCK" >/dev/null 2>"$T/err"
		grep '^local: ' "$T/err" >>"$T/lines.$1"
		r=$((r + 1))
	done
}
runs ipp
i=1
while [ $i -le "$Q" ]; do
	lpadmin -h "$CUPS_SOCK" -p "q$i" -v "usb://Bench/MFP?serial=B$i" ||
	    exit 1
	i=$((i + 1))
done
runs usb
# local: 20 queues of '...' in 0.123 s: 41 IPP requests, N bytes sent, M received
$PY - "$T/lines" "$Q" "$OUT/local.md" <<'X'
import re, statistics, sys
q = int(sys.argv[2])
rx = re.compile(r"in ([0-9.]+) s: ([0-9]+) IPP requests, ([0-9]+) bytes sent, ([0-9]+) received")
out = ["| queues on | queues | runs | median time | per queue | IPP requests | sent per request | received per request |",
       "|---|---|---|---|---|---|---|---|"]
for kind, what in (("ipp", "ipp:// (scheduler + printer)"), ("usb", "usb:// (scheduler only)")):
    m = [rx.search(l) for l in open(sys.argv[1] + "." + kind).read().splitlines()]
    m = [x for x in m if x]
    if not m:
        sys.exit("bench local: no 'local:' line")
    t = statistics.median(float(x.group(1)) for x in m)
    req, sent, recv = (int(m[0].group(i)) for i in (2, 3, 4))
    reads = req - 1
    out.append("| %s | %d | %d | %.0f ms | %.1f ms | %d (1 list + %d reads) | %d B | %d B |" % (
        what, q, len(m), t * 1000, t * 1000 / q, req, reads, sent // req, recv // req))
open(sys.argv[3], "w").write("\n".join(out) + "\n")
print("\n".join(out))
X
