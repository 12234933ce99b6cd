#!/bin/sh
# wine.sh: fleetaudit.exe under Wine beside the Linux binary, same beds,
# same run (BENCH_ONLY=wine sh tests/bench/bench.sh, or this script alone
# after make and make windows-exe; the full make bench runs it at the
# end when both programs are built).  Wine's overhead, not a target:
#
#   startup    --version, the Wine prefix already made and its server
#              kept running (as Windows keeps its own), BENCH_WINE_RUNS
#              times, median
#   inventory  BENCH_WINE_DEVICES copies of the sample fleet's v2c
#              printers on 127.77.44.1-N: assess, BENCH_WINE_RUNS times
#              each, median wall time and the devices read
#   sweep      discover of 127.206.0.0/BENCH_WINE_SWEEP_BITS with its
#              defaults, the same devices live on 127.206.0.1-N and every
#              other address silent (an nftables input rule drops what is
#              sent to them, as a real network does): wall time and the
#              printers found
#
# Peak RSS is GNU time's of the Wine process (the Windows program runs in
# it); wineserver's own work is not in it.  Needs root (snmpsimd on port
# 161, nftables).  Writes BENCH_OUT/wine.md.
#
# Knobs (environment):
#   BENCH_WINE_DEVICES    live devices of both beds (50; 1..240)
#   BENCH_WINE_RUNS       runs of startup and inventory (3; 1..10)
#   BENCH_WINE_SWEEP_BITS prefix length of the sweep (16; 16..24: 24 is a
#                         quick check of the script itself)
#   BENCH_OUT             where wine.md goes (build/bench)
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$top" || exit 2
. "$top/tests/lib/bed.sh"
N=${BENCH_WINE_DEVICES:-50}
RUNS=${BENCH_WINE_RUNS:-3}
BITS=${BENCH_WINE_SWEEP_BITS:-16}
OUT=${BENCH_OUT:-$top/build/bench}
TIME=/usr/bin/time
WINE=$(command -v wine64 || echo /usr/lib/wine/wine64)
WINESERVER=$(command -v wineserver || echo /usr/lib/wine/wineserver)
FA=$top/build/fleetaudit
EXE=$top/build/windows/fleetaudit.exe
NFT_TABLE=fa_bench_wine
die() { echo "bench: $*" >&2; exit 2; }
isnum() { case $1 in ''|*[!0-9]*) return 1 ;; esac; return 0; }
isnum "$N" && [ "$N" -ge 1 ] && [ "$N" -le 240 ] ||
    die "BENCH_WINE_DEVICES: 1..240"
isnum "$RUNS" && [ "$RUNS" -ge 1 ] && [ "$RUNS" -le 10 ] ||
    die "BENCH_WINE_RUNS: 1..10"
isnum "$BITS" && [ "$BITS" -ge 16 ] && [ "$BITS" -le 24 ] ||
    die "BENCH_WINE_SWEEP_BITS: 16..24"
[ "$(id -u)" = 0 ] || die "needs root (snmpsimd on port 161, nftables)"
[ -x "$FA" ] && [ -f "$EXE" ] ||
    die "build/fleetaudit and build/windows/fleetaudit.exe first (make, make windows-exe)"
[ -x "$WINE" ] || die "no wine64 (sh tests/lib/deps.sh windows)"
[ -x "$TIME" ] || die "no $TIME (make deps)"
command -v nft >/dev/null || die "no nft (make deps)"
mkdir -p "$OUT"
T=$(mktemp -d) || exit 2
chmod 755 "$T"
export WINEPREFIX="$T/wine" WINEDEBUG=-all
nft_made=0
trap '"$WINESERVER" -k 2>/dev/null; bed_stop "$T/bed"
    [ $nft_made = 1 ] && nft delete table ip $NFT_TABLE 2>/dev/null
    rm -rf "$T"' EXIT
trap 'exit 130' INT TERM

# The sample fleet's v2c recordings, again and again: the inventory bed on
# 127.77.44.1-N and the sweep's live devices on 127.206.0.1-N.
ls samples/fleet/*.snmprec | grep -v netsnmp-linux-gw >"$T/recs"
awk -v n="$N" -v top="$top" '{ r[++k] = $0 }
    END { for (i = 1; i <= n; i++) {
	print "127.77.44." i, top "/" r[(i - 1) % k + 1], "v2c"
	print "127.206.0." i, top "/" r[(i - 1) % k + 1], "v2c" } }' \
    "$T/recs" >"$T/map"
mkdir "$T/bed"
bed_start "$T/bed" "$T/map" >"$T/bed.out" 2>&1 || { cat "$T/bed.out"; die "bed"; }
nft add table ip $NFT_TABLE && nft_made=1 &&
    nft add chain ip $NFT_TABLE input \
    '{ type filter hook input priority -10 ; policy accept ; }' &&
    nft add rule ip $NFT_TABLE input ip daddr 127.206.0.0/16 \
    ip daddr != 127.206.0.1-127.206.0.$N drop || die "nftables"

mkdir -p "$WINEPREFIX"
"$WINESERVER" -p
"$WINE" wineboot >/dev/null 2>&1

# one KIND NAME CMD...: wall time (s) and peak RSS (kB) of CMD, its
# stdout kept as $T/KIND-NAME.out.
one() {
	_k=$1 _n=$2
	shift 2
	$TIME -f '%e %M' -o "$T/t" "$@" >"$T/$_k-$_n.out" 2>"$T/err" ||
	    { sed 's/^/bench: /' "$T/err" >&2
	      echo "bench: $_k $_n failed" >&2; }
	read -r _e _m <"$T/t"
	echo "$_k $_n $_e $_m" >>"$T/res"
}
median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit }
	    if (NR % 2) printf "%.2f", v[(NR + 1) / 2]
	    else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
: >"$T/res"
for k in linux wine; do
	H=$T/home-$k
	mkdir -p "$H"
	export FLEETAUDIT_HOME="$H"
	if [ $k = linux ]; then set -- "$FA"; else set -- "$WINE" "$EXE"; fi
	i=0
	while [ $i -lt "$RUNS" ]; do
		i=$((i + 1))
		one $k "version$i" "$@" --version
		rm -f "$H/store.db"
		one $k "assess$i" "$@" assess -q --json -t 2s -c public \
		    127.77.44.1-$N
	done
	rm -f "$H/store.db"
	one $k sweep "$@" discover -q --json --force "127.206.0.0/$BITS"
done
unset FLEETAUDIT_HOME

# count FILE: the devices of --json (discover's array, assess's object).
count() {
	/usr/bin/python3 -c 'import json,sys
try:
    j = json.load(open(sys.argv[1]))
    print(len(j["devices"] if isinstance(j, dict) else j))
except Exception: print("-")' "$1"
}
fig() {	# fig KIND PREFIX FIELD(3 wall, 4 rss) -> median
	awk -v k="$1" -v p="$2" -v f="$3" '$1 == k && index($2, p) == 1 {
	    print (f == 4 ? $f / 1024 : $f) }' "$T/res" | median
}
addrs=$((1 << (32 - BITS)))
{
	echo "| fleetaudit, same beds, same run | Linux | Windows build under Wine 8 | Wine / Linux |"
	echo "|---|---|---|---|"
	for w in version assess; do
		lw=$(fig linux $w 3) ww=$(fig wine $w 3)
		case $w in
		version) name="startup: --version, median of $RUNS (s)" ;;
		assess) name="inventory: assess of $N devices, median of $RUNS (s)" ;;
		esac
		echo "| $name | $lw | $ww | $(awk -v a="$ww" -v b="$lw" 'BEGIN { if (b + 0 > 0) printf "%.1fx", a / b; else print "-" }') |"
	done
	echo "| inventory: devices read | $(count "$T/linux-assess1.out") of $N | $(count "$T/wine-assess1.out") of $N | |"
	echo "| inventory: peak RSS (MB) | $(fig linux assess 4) | $(fig wine assess 4) | |"
	lw=$(fig linux sweep 3) ww=$(fig wine sweep 3)
	echo "| sweep: discover of a /$BITS ($addrs addresses, $N live), defaults (s) | $lw | $ww | $(awk -v a="$ww" -v b="$lw" 'BEGIN { if (b + 0 > 0) printf "%.1fx", a / b; else print "-" }') |"
	echo "| sweep: printers found | $(count "$T/linux-sweep.out") of $N | $(count "$T/wine-sweep.out") of $N | |"
	echo "| sweep: peak RSS (MB) | $(fig linux sweep 4) | $(fig wine sweep 4) | |"
} | tee "$OUT/wine.md"
