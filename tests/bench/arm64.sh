#!/bin/sh
# arm64.sh: what the collector costs on arm64 (BENCH_ONLY=arm64 sh
# tests/bench/bench.sh, or this script alone after make and make arm64),
# side by side with amd64: peak RSS (GNU time) and wall time of
# --version, assess, report (CSV, xlsx and HTML), export bundle, and of
# run (its VmHWM after a discovery and a scan of every kind), on the
# sample fleet copied to BENCH_ARM64_DEVICES loopback addresses.  The
# arm64 build runs under qemu-user: its RSS includes qemu's own (its
# translated code, its binary), which --version alone shows, and its
# times are those of an emulator, not of a Raspberry Pi.  For run, the
# emulated program's own resident pages are also counted apart from
# qemu's (its mappings in /proc/PID/smaps): the nearest this machine gets
# to the RSS of the same program on arm64 hardware.  Needs root (port
# 161).
#
# Knobs (environment):
#   BENCH_ARM64_DEVICES  simulated devices, 127.77.43.N (200; 1..240)
#   BENCH_OUT            where arm64.md goes (build/bench)
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$top" || exit 2
. "$top/tests/lib/bed.sh"
N=${BENCH_ARM64_DEVICES:-200}
OUT=${BENCH_OUT:-$top/build/bench}
TIME=/usr/bin/time
Q=$(command -v qemu-aarch64-static || command -v qemu-aarch64)
die() { echo "bench: $*" >&2; exit 2; }
case $N in ''|*[!0-9]*) die "BENCH_ARM64_DEVICES: 1..240" ;; esac
[ "$N" -ge 1 ] && [ "$N" -le 240 ] || die "BENCH_ARM64_DEVICES: 1..240"
[ -x build/fleetaudit ] && [ -x build/arm64/fleetaudit ] ||
    die "build/fleetaudit and build/arm64/fleetaudit first (make, make arm64)"
[ -n "$Q" ] || die "no qemu-aarch64-static (make deps)"
[ -x "$TIME" ] || die "no $TIME (make deps)"
mkdir -p "$OUT"
T=$(mktemp -d) || exit 2
chmod 755 "$T"
pid=
trap 'kill -9 $pid 2>/dev/null; bed_stop "$T/bed"; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM

# The sample fleet's v2c recordings, again and again, on 127.77.43.1-N.
ls samples/fleet/*.snmprec | grep -v netsnmp-linux-gw >"$T/recs"
awk -v n="$N" -v top="$top" '{ r[++k] = $0 }
    END { for (i = 1; i <= n; i++) print "127.77.43." i, top "/" r[(i - 1) % k + 1], "v2c" }' \
    "$T/recs" >"$T/map"
mkdir "$T/bed"
bed_start "$T/bed" "$T/map" >"$T/bed.out" 2>&1 || { cat "$T/bed.out"; die "bed"; }

# one ARCH NAME CMD...: peak RSS (kB) and wall time (s) of CMD.
one() {
	_a=$1 _n=$2
	shift 2
	$TIME -f '%M %e' -o "$T/t" "$@" >/dev/null 2>"$T/err" ||
	    { cat "$T/err" >&2; echo "bench: $_a $_n failed" >&2; }
	read -r _m _e <"$T/t"
	echo "$_a $_n $_m $_e" >>"$T/res"
}
: >"$T/res"
for a in amd64 arm64; do
	H=$T/home-$a
	mkdir -p "$H" "$T/hub-$a"
	if [ $a = amd64 ]; then set -- build/fleetaudit
	else set -- "$Q" build/arm64/fleetaudit; fi
	export FLEETAUDIT_HOME="$H" FLEETAUDIT_HUB="$T/hub-$a"
	one $a version "$@" --version
	one $a assess "$@" assess -q -t 2s -c public 127.77.43.1-$N
	one $a assess2 "$@" assess -q -t 2s -c public 127.77.43.1-$N
	one $a report "$@" report --csv "$T/csv-$a" --xlsx "$T/$a.xlsx" \
	    --html "$T/$a.html"
	"$@" keys init -q >/dev/null 2>&1
	build/fleetaudit hub init "$T/hub-$a" -q >/dev/null 2>&1
	"$@" keys trust-hub "$T/hub-$a/hub.pub" >/dev/null 2>&1
	one $a export "$@" export bundle -o "$T/$a.bundle"
	# run: a discovery, then every scan kind at once, then its VmHWM.
	printf 'range = 127.77.43.1-%s\ntimeout = 2s\ncommunity = public\n' \
	    "$N" >"$H/fleetaudit.conf"
	"$@" run 2>/dev/null &
	pid=$!
	i=0
	until "$@" ctl status >/dev/null 2>&1 || [ $i -ge 100 ]; do
		sleep 0.3; i=$((i + 1))
	done
	for k in discovery meters supplies errors attributes; do
		"$@" ctl scan $k --wait >/dev/null 2>&1
	done
	hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/$pid/status)
	rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/$pid/status)
	# The emulated program's own pages: qemu-user maps it below the
	# host's heap and libraries (0x55xxxxxxxx here), its own code,
	# heap and translated code live in host mappings above.
	guest=$rss
	[ $a = amd64 ] || guest=$(awk '
	    /^[0-9a-f]+-[0-9a-f]+ / {
		split($1, r, "-"); in_guest = length(r[1]) <= 10 && $6 != "[heap]"
	    }
	    /^Rss:/ && in_guest { t += $2 }
	    END { print t + 0 }' /proc/$pid/smaps)
	echo "$a runnow $rss -" >>"$T/res"
	echo "$a runguest $guest -" >>"$T/res"
	kill -TERM $pid
	wait $pid
	pid=
	echo "$a run $hwm -" >>"$T/res"
	echo "$a store $(($(stat -c %s "$H/store.db") / 1024)) -" >>"$T/res"
	unset FLEETAUDIT_HOME FLEETAUDIT_HUB
done

{
	echo "| $N devices | amd64 peak RSS (MB) | amd64 wall (s) | arm64 under qemu: peak RSS (MB) | wall (s) |"
	echo "|---|---|---|---|---|"
	for w in version assess assess2 report export run runnow runguest store; do
		awk -v w="$w" '$2 == w { m[$1] = $3; e[$1] = $4 }
		END {
			name = w
			if (w == "store") name = "store after two assessments and a run (MB)"
			if (w == "assess2") name = "assess, second time"
			if (w == "run") name = "run (VmHWM after a discovery and every scan kind)"
			if (w == "runnow") name = "run, RSS then (VmRSS)"
			if (w == "runguest") name = "run, RSS then, the emulated program alone (its own mappings in smaps)"
			printf "| %s | %.1f | %s | %.1f | %s |\n", name,
			    m["amd64"] / 1024, e["amd64"], m["arm64"] / 1024, e["arm64"]
		}' "$T/res"
	done
} | tee "$OUT/arm64.md"
