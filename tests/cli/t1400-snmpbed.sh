#!/bin/sh
# t1400-snmpbed: the test responder (tests/tools/snmpbed) answers as
# snmpsimd does.  Every real recording of ../shared/devices and every
# recording of samples/fleet is served by both, on one endpoint each
# (community = file name); net-snmp's own clients then ask both the same
# questions and their printed varbinds (numeric OIDs, octet strings in
# hex) must be byte-identical:
#   - full walks from .1: GETNEXT in v2c, GETNEXT in v1 (noSuchName at
#     the end, Counter64 stepped over), GETBULK in v2c (25 repetitions);
#   - GETBULKs: the whole recording at once (capped at 64 varbinds), wide
#     (9 columns) and narrow ones that run past the last record,
#     non-repeaters above the varbind count, missing OIDs among them;
#   - GETs of present and missing OIDs in v2c (noSuchInstance) and v1
#     (noSuchName with its index, also for a Counter64 after a missing
#     object),
#     a v1 GETNEXT from the last record.
# Then the responder's own knobs: loss, latency, counters that grow, the
# wrong community, a bad map line.
. "$(dirname "$0")/../lib/common.sh"
BED=$top/build/tests/tools/snmpbed
[ -n "${BUILD:-}" ] && BED=$top/$BUILD/tests/tools/snmpbed
SIM=127.77.14.1:11161
OURS=127.77.14.2:11161
if [ ! -x "$BED" ]; then
	not_ok "snmpbed built ($BED: make units)"
	finish
fi
if [ ! -d "$SHARED/devices" ]; then
	not_ok "real device recordings at $SHARED/devices"
	finish
fi
mkdir -p "$T/data"
cp "$SHARED"/devices/*.snmprec "$top"/samples/fleet/*.snmprec "$T/data/"
at_exit 'bed_stop "$T/bed"'
mkdir -p "$T/bed"
bed_start_dir "$T/bed" "$T/data" "$SIM" >"$T/bed.out" 2>&1 ||
    { not_ok "snmpsimd starts"; cat "$T/bed.out"; finish; }
for f in "$T"/data/*.snmprec; do
	n=$(basename "$f" .snmprec)
	echo "$OURS $f community=$n"
done >"$T/map"
"$BED" -t 300 "$T/map" >"$T/snmpbed.out" 2>"$T/snmpbed.err" &
bedpid=$!
at_exit 'kill $bedpid 2>/dev/null; wait $bedpid 2>/dev/null'
i=0
until grep -q ready "$T/snmpbed.out" 2>/dev/null || [ $i -ge 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "snmpbed starts" grep -q "ready" "$T/snmpbed.out"

# ask FILE: one set of questions for community $n to endpoint $1, printed.
O="-On -Ox -t 5 -r 1"
ask() {
	ep=$1
	snmpwalk -v2c -c "$n" $O "$ep" .1 2>&1
	echo "== v1 walk"
	snmpwalk -v1 -c "$n" $O "$ep" .1 2>&1
	echo "== bulkwalk"
	snmpbulkwalk -v2c -c "$n" -Cr25 $O "$ep" .1 2>&1
	echo "== bulk 0/64"
	snmpbulkget -v2c -c "$n" -Cn0 -Cr64 $O "$ep" .1 2>&1
	echo "== bulk near the end"
	snmpbulkget -v2c -c "$n" -Cn1 -Cr5 $O "$ep" "$prev" "$prev" \
	    "$last" 1.3.6.1.2.1.1.99 2>&1
	echo "== bulk wide"
	snmpbulkget -v2c -c "$n" -Cn0 -Cr30 $O "$ep" 1.3.6.1.2.1.43.11.1.1.4 \
	    1.3.6.1.2.1.43.11.1.1.5 1.3.6.1.2.1.43.11.1.1.6 \
	    1.3.6.1.2.1.43.11.1.1.7 1.3.6.1.2.1.43.11.1.1.8 \
	    1.3.6.1.2.1.43.11.1.1.9 "$prev" "$last" 1.3.6.1.4.1 2>&1
	echo "== bulk with missing"
	snmpbulkget -v2c -c "$n" -Cn2 -Cr7 $O "$ep" 1.3.6.1.2.1.1.1.0 \
	    1.3.6.1.2.1.1.99.0 1.3.6.1.2.1.43 1.3.6.1.2.1.25 \
	    1.3.6.1.2.1.2.2.1 2>&1
	echo "== bulk N > varbinds"
	snmpbulkget -v2c -c "$n" -Cn5 -Cr3 $O "$ep" 1.3.6.1.2.1.1 "$last" 2>&1
	echo "== get v2c"
	snmpget -v2c -c "$n" $O "$ep" 1.3.6.1.2.1.1.1.0 1.3.6.1.2.1.1.99.0 \
	    "$last" 1.3.6.1.2.1.43.10.2.1.4.1.1 1.3.6.1.2.1.1 2>&1
	echo "== get v1"
	snmpget -v1 -c "$n" $O "$ep" "$last" 1.3.6.1.2.1.43.10.2.1.4.1.1 \
	    1.3.6.1.2.1.1.99.0 2>&1
	echo "== get v1 present"
	snmpget -v1 -c "$n" $O "$ep" "$first" "$last" 2>&1
	echo "== get v1, a Counter64 after a missing object"
	snmpget -v1 -c "$n" $O "$ep" "$first" 1.3.6.1.2.1.1.99.0 "$c64" \
	    "$first" 2>&1
	echo "== getnext v1 at the end"
	snmpgetnext -v1 -c "$n" $O "$ep" "$first" "$last" 2>&1
}

nrec=0
for f in "$T"/data/*.snmprec; do
	n=$(basename "$f" .snmprec)
	first=$(grep -v '^#' "$f" | head -n 1 | cut -d'|' -f1)
	last=$(tail -n 1 "$f" | cut -d'|' -f1)
	prev=$(tail -n 2 "$f" | head -n 1 | cut -d'|' -f1)
	c64=$(grep -m 1 '^[0-9.]*|70|' "$f" | cut -d'|' -f1)
	[ -n "$c64" ] || c64=$last
	ask "$SIM" >"$T/$n.sim"
	ask "$OURS" >"$T/$n.ours"
	if cmp -s "$T/$n.sim" "$T/$n.ours" &&
	    [ "$(grep -c ' = ' "$T/$n.sim")" -gt 10 ]; then
		ok "$n: same varbinds as snmpsimd ($(grep -c ' = ' "$T/$n.sim") lines)"
	else
		not_ok "$n: same varbinds as snmpsimd"
		diff "$T/$n.sim" "$T/$n.ours" | head -n 20 | sed 's/^/# /'
	fi
	nrec=$((nrec + 1))
done
check "recordings compared: $nrec" test "$nrec" -ge 40

# The knobs, on a map of their own.
kill $bedpid 2>/dev/null
wait $bedpid 2>/dev/null
rec=$top/samples/fleet/hp-lj-m404.snmprec
cat >"$T/map2" <<EOF
# address file options
127.77.14.3:11162 $rec v2c
127.77.14.4:11162 $rec loss=100
127.77.14.5:11162 $rec latency=700
127.77.14.6:11162 $rec drift=1000 community=other
127.77.14.8:11162 $rec id=42 serial=PHBFA00101
127.77.14.9:11162 $rec id=70000
EOF
"$BED" -w -t 60 -p 11162 "$T/map2" >"$T/snmpbed2.out" 2>"$T/snmpbed2.err" &
bedpid=$!
i=0
until grep -q ready "$T/snmpbed2.out" 2>/dev/null || [ $i -ge 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "snmpbed -w starts: one socket" grep -q "6 devices.* 1 sockets" \
    "$T/snmpbed2.out"
SYS=1.3.6.1.2.1.1.5.0
check "answers from the address asked (-w)" sh -c \
    "snmpget -v2c -c public -Ovq -t 2 -r 0 127.77.14.3:11162 $SYS | grep -q ."
check "loss=100: no answer" sh -c \
    "! snmpget -v2c -c public -t 0.5 -r 0 127.77.14.4:11162 $SYS"
check "latency=700: no answer within 0.3 s" sh -c \
    "! snmpget -v2c -c public -t 0.3 -r 0 127.77.14.5:11162 $SYS"
check "latency=700: an answer within 5 s" sh -c \
    "snmpget -v2c -c public -t 5 -r 0 127.77.14.5:11162 $SYS"
check "another community: no answer" sh -c \
    "! snmpget -v2c -c public -t 0.5 -r 0 127.77.14.6:11162 $SYS"
C=1.3.6.1.2.1.43.10.2.1.4.1.1
a=$(snmpget -v2c -c other -Ovq -t 2 -r 0 127.77.14.6:11162 $C)
sleep 1.2
b=$(snmpget -v2c -c other -Ovq -t 2 -r 0 127.77.14.6:11162 $C)
rec_v=$(grep "^$C|" "$rec" | cut -d'|' -f3)
check "drift: the counter grows ($rec_v, $a, $b)" \
    test "${a:-0}" -ge "$rec_v" -a "${b:-0}" -ge $((${a:-0} + 1000))
ID="1.3.6.1.2.1.43.5.1.1.17.1 1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0 1.3.6.1.2.1.2.2.1.6.1"
snmpget -v2c -c public -Ovq -Ox -t 2 -r 0 127.77.14.8:11162 $ID >"$T/id42" 2>&1
snmpget -v2c -c public -Ovq -Ox -t 2 -r 0 127.77.14.9:11162 $ID >"$T/id70000" 2>&1
check "id=42 serial=: serial and MAC of its own" test "$(tr -d '"' <"$T/id42" | tr -s ' \n' ' ')" = \
    "50 48 42 46 41 30 30 30 34 32 50 48 42 46 41 30 30 30 34 32 02 FB 01 00 00 2A "
check "id=70000 alone: the MAC only" test "$(tr -d '"' <"$T/id70000" | tr -s ' \n' ' ')" = \
    "50 48 42 46 41 30 30 31 30 31 50 48 42 46 41 30 30 31 30 31 02 FB 01 01 11 70 "
kill $bedpid 2>/dev/null
wait $bedpid 2>/dev/null
check "counters printed at exit" grep -q "requests, .* answers" \
    "$T/snmpbed2.err"
echo "127.77.14.7 $rec loss=200" >"$T/map3"
"$BED" -t 1 "$T/map3" >/dev/null 2>"$T/bad.err"
rc=$?
check "bad map line: exit 1" test "$rc" -eq 1
check "bad map line: one line naming it" grep -q \
    "map3:1: bad option 'loss=200'" "$T/bad.err"
printf '1.3.6.1.2.1.1.1.0|4|x\n1.3.6.1.2.1.1.2.0|99|y\n' >"$T/bad.snmprec"
echo "127.77.14.7 $T/bad.snmprec" >"$T/map4"
"$BED" -t 1 "$T/map4" >/dev/null 2>"$T/bad4.err"
check "bad recording: its line named" grep -q "bad.snmprec:2: unknown tag" \
    "$T/bad4.err"
finish
