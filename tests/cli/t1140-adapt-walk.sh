#!/bin/sh
# t1140-adapt-walk: "walk" and discovery adapt to agents that drop wide
# requests, as the device read does (collector/walk.h, walk_narrow()).
#
#  - tests/lib/badagent.py serving a real recording, dropping every request
#    that asks for more than N varbinds (--drop-vbs) or whose answer is over
#    500 bytes (--drop-bytes; this recording's values are short, so 24 rows
#    never make 1,400): "walk" of it comes out complete, the same lines as
#    the walk of the same recording from an agent that drops nothing.
#  - walk --home: a device of the store starts at the width its reads kept
#    (read_width), nothing dropped; a width the walk had to find is kept,
#    and the next assessment's reads start there (its discovery probe
#    too: t1143-disc-width).
#  - discovery's printer probe (17 varbinds) of an agent that drops over 5:
#    the device is found with its sysDescr and Printer-MIB, and a device
#    that has no sysObjectID (its maker known only from that probe) is
#    found at all.
#  - a stock snmpsimd --v2c-arch bed of recordings that end early (in the
#    makers' private trees): the walk is the same as from the plain agent,
#    and discovery finds the devices as printers.  (A guard: that responder
#    stalls on GETBULKs of 9 or more columns, and neither a walk nor the
#    probe is that wide, so the build before these reads passes it too.)
#
# Addresses: 127.114.0.1-9, port 16163; the bed 127.114.2.1-2, port 11161.
. "$(dirname "$0")/../lib/common.sh"
ulimit -c 0 2>/dev/null || :
NET=127.114.0
PORT=16163
. "$top/tests/lib/badagents.sh"
real_rec
# The same recording without sysObjectID: its maker shows only in what
# the printer probe brings back.
grep -v '^1\.3\.6\.1\.2\.1\.1\.2\.0|' "$REC" >"$T/noobjid.snmprec"

check "plain agent starts" agent 1 "$REC"
check "agent dropping over 10 varbinds starts" agent 2 "$REC" --drop-vbs 10
check "agent dropping answers over 500 bytes starts" agent 3 "$REC" \
    --drop-bytes 500
check "agent dropping over 20 varbinds starts" agent 4 "$REC" --drop-vbs 20
check "agent dropping over 5 varbinds starts" agent 5 "$REC" --drop-vbs 5
check "agent without sysObjectID dropping over 5 starts" agent 6 \
    "$T/noobjid.snmprec" --drop-vbs 5

W="-c public --port $PORT -t 1s -r 0"
fa walk $W -o "$T/ref.snmprec" "$NET.1" 2>"$T/ref.err"
check "walk of the plain agent exits 0" test $? -eq 0
sed 's/^/# /' "$T/ref.err"
NREF=$(grep -c . "$T/ref.snmprec")
check "walk of the plain agent has the whole recording ($NREF)" \
    test "$NREF" -ge "$(grep -c . "$REC")"

# dropwalk N LABEL: walk $NET.N; complete and equal to the reference.
dropwalk() {
	: >"$T/drop.$1"
	fa walk $W -o "$T/w$1.snmprec" "$NET.$1" 2>"$T/w$1.err"
	check "$2: walk exits 0" test $? -eq 0
	sed 's/^/# /' "$T/w$1.err"
	check "$2: wide requests were dropped" test -s "$T/drop.$1"
	check "$2: walk complete, the same lines as from the plain agent" \
	    cmp -s "$T/ref.snmprec" "$T/w$1.snmprec"
	check "$2: walk says the rows it used" \
	    grep -q "rows per request (the agent dropped wider ones)" \
	    "$T/w$1.err"
}
dropwalk 2 "over 10 varbinds"
dropwalk 3 "over 500 bytes"

# A device of the store: the walk starts at its kept width.
fa assess -q --json --home "$T/h4" $W "$NET.4" >"$T/a4.json" 2>&1
check "assess of the 20-varbind agent exits 0" test $? -eq 0
K4=$(sqlite3 "$T/h4/store.db" "select cols || 'x' || reps from read_width")
echo "# width kept by assess: $K4"
check "assess kept a width" test -n "$K4"
: >"$T/drop.4"
fa walk $W --home "$T/h4" -o "$T/w4.snmprec" "$NET.4" 2>"$T/w4.err"
check "walk --home of a stored device exits 0" test $? -eq 0
sed 's/^/# /' "$T/w4.err"
check "walk --home starts at the kept width: nothing dropped" \
    test ! -s "$T/drop.4"
check "walk --home says it used the kept width" \
    grep -q "(kept from its last read)" "$T/w4.err"
check "walk --home complete" cmp -s "$T/ref.snmprec" "$T/w4.snmprec"

# A stored device whose agent turns narrow: the walk keeps what it found.
fa assess -q --json --home "$T/h7" $W "$NET.1" >/dev/null 2>&1
check "store with the device read at full width, no width kept" \
    test "$(sqlite3 "$T/h7/store.db" "select count(*) from read_width")" = 0
agent_kill 1
check "the same address now drops over 10 varbinds" agent 1 "$REC" \
    --drop-vbs 10
: >"$T/drop.1"
fa walk $W --home "$T/h7" -o "$T/w7.snmprec" "$NET.1" 2>"$T/w7.err"
sed 's/^/# /' "$T/w7.err"
check "walk --home of the narrowed agent complete" \
    cmp -s "$T/ref.snmprec" "$T/w7.snmprec"
K7=$(sqlite3 "$T/h7/store.db" "select cols || 'x' || reps || ' ' || \
    (cols * reps <= 10) from read_width")
echo "# width kept by walk: $K7"
check "walk kept a width within what the agent answers" \
    test "${K7#* }" = 1
: >"$T/drop.1"
fa assess -q --json --home "$T/h7" $W "$NET.1" >"$T/a7.json" 2>&1
sed 's/^/# assess: /' "$T/drop.1"
check "the next assess starts there: only discovery's first probe dropped" \
    test "$(grep -cv '^dropped 18 ' "$T/drop.1")" = 0
NSUP=$(grep -c '^1\.3\.6\.1\.2\.1\.43\.11\.1\.1\.6\.' "$REC")
check "the next assess is complete" test "$(json_get "$T/a7.json" \
    "(j['devices'][0].get('error'), len(j['devices'][0]['supplies']))")" \
    = "(None, $NSUP)"

# Discovery: the printer probe narrows too.
DESCR=$(sed -n 's/^1\.3\.6\.1\.2\.1\.1\.1\.0|4|//p' "$REC")
: >"$T/drop.5"
fa discover --json $W "$NET.5-6" >"$T/d.json" 2>"$T/d.err"
check "discover exits 0" test $? -eq 0
check "discover: the probe was dropped at full width" test -s "$T/drop.5"
check "discover: the device is found with its sysDescr" \
    test "$(json_get "$T/d.json" "[d['sys_descr'] for d in j \
    if d['address'] == '$NET.5']")" = "['$DESCR']"
check "discover: as a printer by its Printer-MIB" \
    test "$(json_get "$T/d.json" "[d['printer_reason'] for d in j \
    if d['address'] == '$NET.5']")" = "['hrDeviceType']"
check "discover: a device known only by that probe is found" \
    test "$(json_get "$T/d.json" "[d['vendor'] for d in j \
    if d['address'] == '$NET.6']")" = "['Ricoh']"

# A stock --v2c-arch bed.
printf '%s\n' "127.114.2.1:11161 $REC v2c" \
    "127.114.2.2:11161 $SHARED/devices/hp-clj-m880.snmprec v2c" >"$T/map"
mkdir -p "$T/bed"
at_exit 'bed_stop "$T/bed"'
if BED_PER_PROC=8 BED_MAX_VARBINDS=64 bed_start "$T/bed" "$T/map" \
    >"$T/bed.out" 2>&1; then
	fa walk -c public --port 11161 -t 1s -r 0 -o "$T/v2c.snmprec" \
	    127.114.2.1 2>"$T/v2c.err"
	sed 's/^/# v2c-arch: /' "$T/v2c.err"
	check "v2c-arch bed: walk complete, the same lines as the plain agent" \
	    cmp -s "$T/ref.snmprec" "$T/v2c.snmprec"
	fa discover --json -c public --port 11161 -t 1s -r 0 \
	    127.114.2.1-2 >"$T/dv.json" 2>/dev/null
	check "v2c-arch bed: discovery finds both as printers, with sysDescr" \
	    test "$(json_get "$T/dv.json" "[(d['is_printer'], \
	    bool(d['sys_descr'])) for d in j]")" = \
	    "[(True, True), (True, True)]"
else
	not_ok "v2c-arch bed starts"
	cat "$T/bed.out"
fi
finish
