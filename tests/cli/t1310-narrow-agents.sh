#!/bin/sh
# t1310-narrow-agents: reads that adapt to agents that drop wide requests
# (collector/walk.h, walk_multi()).  A device that answered the system
# group and then gets no answer to a wide GETBULK is asked again with half
# the walks and half the repetitions, within the read's time, and the width
# that worked is kept in the store (read_width) so the next read starts
# there.
#
#  - tests/lib/badagent.py serving a real recording, dropping every request
#    that asks for more than 20 varbinds (--drop-vbs), or whose answer is
#    over 1,400 bytes (--drop-bytes): the read is complete (every supply of
#    the recording, no error), the width is kept, and the next assessment
#    gets no request dropped.  (20: discovery's printer probe asks for 17.)
#  - snmpsimd --v2c-arch with its stock varbind cap (64), serving every
#    recording of ../shared/devices (they end early, in the makers' private
#    trees): a GETBULK of 9 or more columns stalls such a process for ever
#    (../shared/TESTBED.md); no request is that wide, and every read is
#    complete.
#
# Addresses: 127.78.3.1-2 (badagent, port 16163), 127.78.4.1-31 (port 11161).
. "$(dirname "$0")/../lib/common.sh"
ulimit -c 0 2>/dev/null || :
NET=127.78.3
PORT=16163
. "$top/tests/lib/badagents.sh"
real_rec
check "agent dropping requests over 20 varbinds starts" agent 1 "$REC" --drop-vbs 20
check "agent dropping answers over 1400 bytes starts" agent 2 "$REC" --drop-bytes 1400
NSUP=$(grep -c '^1\.3\.6\.1\.2\.1\.43\.11\.1\.1\.6\.' "$REC")

# narrow N LABEL: assess $NET.N twice; every check on both reads.
narrow() {
	na=$1 _l=$2
	: >"$T/drop.$na"
	fa assess -q --json --home "$T/h$na" --port "$PORT" -c public \
	    -t 1s -r 0 "$NET.$na" >"$T/a$na.json" 2>"$T/err"
	check "$_l: assess exits 0" test $? -eq 0
	check "$_l: a wide request was dropped" test -s "$T/drop.$na"
	check "$_l: the read is complete" test "$(json_get "$T/a$na.json" \
	    "j['devices'][0].get('error')")" = None
	check "$_l: every supply read ($NSUP)" test "$(json_get \
	    "$T/a$na.json" "len(j['devices'][0]['supplies'])")" = "$NSUP"
	_w=$(sqlite3 "$T/h$na/store.db" "select cols || 'x' || reps from \
	    read_width")
	echo "# $_l: width kept $_w"
	check "$_l: the width that worked is kept" test -n "$_w"
	: >"$T/drop.$na"
	fa assess -q --json --home "$T/h$na" --port "$PORT" -c public \
	    -t 1s -r 0 "$NET.$na" >"$T/b$na.json" 2>"$T/err"
	sed "s/^/# /" "$T/drop.$na"
	check "$_l: the next read starts there: nothing dropped" \
	    test ! -s "$T/drop.$na"
	check "$_l: the next read is complete" test "$(json_get \
	    "$T/b$na.json" "(j['devices'][0].get('error'), \
	    len(j['devices'][0]['supplies']))")" = "(None, $NSUP)"
}
narrow 1 "20 varbinds"
narrow 2 "1400 bytes"

# The stock --v2c-arch bed: one process for about eight devices.
i=0
: >"$T/map"
for f in "$SHARED"/devices/*.snmprec; do
	i=$((i + 1))
	echo "127.78.4.$i:11161 $f v2c" >>"$T/map"
done
mkdir -p "$T/bed"
at_exit 'bed_stop "$T/bed"'
BED_PER_PROC=8 BED_MAX_VARBINDS=64 bed_start "$T/bed" "$T/map" \
    >"$T/bed.out" 2>&1 || { not_ok "bed starts"; cat "$T/bed.out"; finish; }
fa assess --json --home "$T/hv" --port 11161 -c public -t 1s \
    "127.78.4.1-$i" >"$T/v.json" 2>"$T/v.err"
check "v2c-arch bed: assess exits 0" test $? -eq 0
sed -n 's/^assessment/# assessment/p' "$T/v.err"
check "v2c-arch bed: all $i recordings read" test "$(json_get "$T/v.json" \
    "len(j['devices'])")" = "$i"
check "v2c-arch bed: every read complete" test "$(json_get "$T/v.json" \
    "[d['address'] for d in j['devices'] if d.get('error')]")" = "[]"
finish
