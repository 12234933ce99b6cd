#!/bin/sh
# t1143-disc-width: discovery starts at the read width the store keeps for
# a device and keeps a narrower one it finds (collector/disc.h), so an
# agent known to drop wide requests is not sent one at each discovery.
#
#  - tests/lib/badagent.py serving a real recording and dropping every
#    request that asks for more than 12 varbinds: the first assess pays
#    for the wide probe (17 varbinds) and the wide reads, and keeps a
#    width; the next discover and assess of the same home send no request
#    the agent drops.
#  - a device read at full width (nothing kept) whose agent then drops
#    over 12: the next assess's discovery finds the narrower probe and
#    keeps its width, so the reads that follow start there: the one probe
#    is the only request dropped; the assess after drops none.
#  - run's discoveries (FLEETAUDIT_TIME_SCALE=600): after the first, none
#    is dropped.
#
# Addresses: 127.114.3.1-2, port 16164.
. "$(dirname "$0")/../lib/common.sh"
ulimit -c 0 2>/dev/null || :
NET=127.114.3
PORT=16164
. "$top/tests/lib/badagents.sh"
real_rec
W="-c public --port $PORT -t 1s -r 0"
NSUP=$(grep -c '^1\.3\.6\.1\.2\.1\.43\.11\.1\.1\.6\.' "$REC")
drops() { grep -c . "$T/drop.$1" 2>/dev/null || :; }

check "agent dropping over 12 varbinds starts" agent 1 "$REC" --drop-vbs 12

# --- a width-limited agent: the first assessment pays, the next do not -----
: >"$T/drop.1"
fa assess -q --json --home "$T/h1" $W "$NET.1" >"$T/a1.json" 2>&1
check "first assess exits 0" test $? -eq 0
sed 's/^/# first assess: /' "$T/drop.1"
check "first assess: the wide probe was dropped" grep -q '^dropped 17 ' \
    "$T/drop.1"
K1=$(sqlite3 "$T/h1/store.db" "select cols || 'x' || reps from read_width")
echo "# width kept: $K1"
check "first assess kept a width" test -n "$K1"
: >"$T/drop.1"
fa discover --json --home "$T/h1" $W "$NET.1" >"$T/d1.json" 2>"$T/d1.err"
check "discover of the known device exits 0" test $? -eq 0
sed 's/^/# discover: /' "$T/drop.1"
check "discover starts at the kept width: nothing dropped" \
    test "$(drops 1)" = 0
check "discover still finds it as a printer by its Printer-MIB" \
    test "$(json_get "$T/d1.json" "[(d['address'], d['printer_reason']) \
    for d in j]")" = "[('$NET.1', 'hrDeviceType')]"
check "discover kept nothing new (it stores nothing)" \
    test "$(sqlite3 "$T/h1/store.db" "select cols || 'x' || reps from \
    read_width")" = "$K1"
fa assess -q --json --home "$T/h1" $W "$NET.1" >"$T/a2.json" 2>&1
check "second assess exits 0" test $? -eq 0
sed 's/^/# second assess: /' "$T/drop.1"
check "second assess: no request dropped, discovery's probe included" \
    test "$(drops 1)" = 0
check "second assess complete" test "$(json_get "$T/a2.json" \
    "(j['devices'][0].get('error'), len(j['devices'][0]['supplies']))")" \
    = "(None, $NSUP)"

# --- an agent that turns narrow: discovery keeps what it found --------------
check "plain agent starts" agent 2 "$REC"
fa assess -q --json --home "$T/h2" $W "$NET.2" >/dev/null 2>&1
check "read at full width: no width kept" \
    test "$(sqlite3 "$T/h2/store.db" "select count(*) from read_width")" = 0
agent_kill 2
check "the same address now drops over 12 varbinds" agent 2 "$REC" --drop-vbs 12
: >"$T/drop.2"
fa assess -q --json --home "$T/h2" $W "$NET.2" >"$T/a3.json" 2>&1
sed 's/^/# narrowed agent: /' "$T/drop.2"
check "discovery's wide probe was the one request dropped" \
    test "$(grep -c '^dropped 17 ' "$T/drop.2"):$(drops 2)" = "1:1"
K2=$(sqlite3 "$T/h2/store.db" "select cols || 'x' || reps || ' ' || \
    (cols * reps <= 12) from read_width")
echo "# width kept: $K2"
check "a width within what the agent answers is kept" test "${K2#* }" = 1
check "the assess is complete" test "$(json_get "$T/a3.json" \
    "(j['devices'][0].get('error'), len(j['devices'][0]['supplies']))")" \
    = "(None, $NSUP)"
: >"$T/drop.2"
fa assess -q --json --home "$T/h2" $W "$NET.2" >/dev/null 2>&1
check "the next assess drops nothing" test "$(drops 2)" = 0

# --- run: its discoveries start at the kept width ---------------------------
: >"$T/drop.1"
env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/h1" \
    FLEETAUDIT_TIME_SCALE=600 "$FA" run $W -i discovery=10m \
    -i meters=14d -i supplies=7d -i errors=7d -i attributes=14d "$NET.1" \
    >/dev/null 2>"$T/run.log" &
rpid=$!
k=0
while [ "$(grep -c 'run:discovery: ' "$T/run.log")" -lt 3 ] && [ $k -lt 300 ]
do
	sleep 0.1
	k=$((k + 1))
done
kill -TERM $rpid
wait $rpid
check "run went through three discoveries" \
    test "$(grep -c 'run:discovery: ' "$T/run.log")" -ge 3
sed 's/^/# run: /' "$T/drop.1"
check "run's discoveries dropped nothing" test "$(drops 1)" = 0
finish
