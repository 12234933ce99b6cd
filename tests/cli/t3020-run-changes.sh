#!/bin/sh
# t3020-run-changes: "fleetaudit run" watching devices that change, on a
# compressed clock (one real second is ten minutes).  The devices are
# tests/lib/badagent.py serving copies of a sample recording that the test
# edits while the collector runs (the agent reads its file again when it
# changes).  Checked: each scan kind on its own interval with only its
# parts; a changed supply level stored while the unchanged meters are not
# written again; a counter decrease, a 32-bit wrap and a device swap
# flagged; a device added to the network found by a discovery; a device
# gone marked missing after three discoveries, not deleted.
. "$(dirname "$0")/../lib/common.sh"
P=127.77.13
DB=$T/home/store.db
q() { sqlite3 -batch -noheader "$DB" "$1"; }
mkdir "$T/home"
REC=$top/samples/fleet/hp-lj-m404.snmprec
cp "$REC" "$T/a.snmprec"
cp "$REC" "$T/b.snmprec"
sed -i "s/PHBFA00101/PHBFB00202/" "$T/b.snmprec"
# c: a printer no model definition knows (another maker's sysObjectID,
# none of HP's private objects).
grep -v '^1\.3\.6\.1\.4\.1\.11\.' "$REC" |
    sed -e 's/^\(1\.3\.6\.1\.2\.1\.1\.2\.0|6|\).*/\11.3.6.1.4.1.99999.1/' \
    -e 's/PHBFA00101/NODEF00303/' >"$T/c.snmprec"

# agent N FILE: a device at $P.N serving FILE; its pid in $T/agent.N.pid.
agent() {
	/usr/bin/python3 "$top/tests/lib/badagent.py" --addr "$P.$1" \
	    --snmprec "$2" --pidfile "$T/agent.$1.pid" --lifetime 120 \
	    >>"$T/agent.log" 2>&1 &
	n=0
	while [ ! -s "$T/agent.$1.pid" ] && [ $n -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
}
agent_stop() {
	[ -s "$T/agent.$1.pid" ] && kill "$(cat "$T/agent.$1.pid")" 2>/dev/null
	n=0
	while [ -e "$T/agent.$1.pid" ] && [ $n -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
}
at_exit 'agent_stop 1; agent_stop 2; agent_stop 3; [ -n "$pid" ] && kill -9 $pid 2>/dev/null'

# setrec FILE OID VALUE: one value of a recording, written whole (the agent
# must never read half a file).
setrec() {
	awk -F'|' -v o="$2" -v v="$3" 'BEGIN { OFS = "|" }
	    $1 == o { $3 = v } { print }' "$1" >"$1.new" && mv "$1.new" "$1"
}
LIFE=1.3.6.1.2.1.43.10.2.1.4.1.1
LEVEL=1.3.6.1.2.1.43.11.1.1.9.1.1

# wait_for SECONDS SQL: until SQL gives a non-empty, non-zero answer.
wait_for() {
	n=0
	while [ $n -lt $(($1 * 10)) ]; do
		r=$(q "$2" 2>/dev/null)
		[ -n "$r" ] && [ "$r" != 0 ] && return 0
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

cat >"$T/home/fleetaudit.conf" <<EOC
range = $P.1-4
timeout = 300ms
retries = 1
interval = discovery=10m
interval = meters=30m
interval = errors=30m
interval = supplies=1h
interval = attributes=2h
EOC
agent 1 "$T/a.snmprec"
agent 3 "$T/c.snmprec"
env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home" \
    FLEETAUDIT_TIME_SCALE=600 "$FA" run 2>>"$T/run.log" &
pid=$!

check "the device is found and read in full" wait_for 15 \
    "select count(*) from scans where parts = 15"
dev=$(q "select id from devices where serial = 'PHBFA00101'")
# Let a few rounds go by: meters and errors every 3 s, supplies every 6 s,
# attributes every 12 s.
sleep 13
kinds() { q "select count(*) from assessments where ranges like 'run:%$1%'"; }
m=$(kinds meters)
s=$(kinds supplies)
a=$(kinds attributes)
check "meters scans run on their interval ($m)" test "$m" -ge 3
check "supplies scans run on theirs, less often ($s)" sh -c "[ $s -ge 1 ] && [ $s -lt $m ]"
check "attributes scans run on theirs ($a)" sh -c "[ $a -ge 1 ] && [ $a -lt $s ]"
check "scans read their kinds' parts" test "$(q "select count(*) from scans s join assessments a on a.id = s.assessment_id where a.ranges like 'run:%' and a.ranges not in ('run:discovery', 'run:full')")" -ge 3
check "and only those" test "$(q "select count(*) from scans s join assessments a on a.id = s.assessment_id where a.ranges like 'run:%' and a.ranges not in ('run:discovery', 'run:full') and s.parts != (8 | (a.ranges like '%meters%') | 2 * (a.ranges like '%supplies%') | 4 * (a.ranges like '%errors%'))")" -eq 0
check "scan kinds are logged" grep -q "run:meters+errors" "$T/run.log"

# The printer without a definition: full reads on their own interval.
nodef=$(q "select id from devices where serial = 'NODEF00303'")
check "a device without a definition is known, without one" test -n "$nodef" -a "$(q "select count(*) from scans where device_id = 0$nodef and model_def is not null")" = 0
check "it gets the full read (run:full)" test "$(q "select count(*) from scans s join assessments a on a.id = s.assessment_id where s.device_id = 0$nodef and a.ranges = 'run:full' and s.parts = 15")" -ge 1
check "and no per-kind scan" test "$(q "select count(*) from scans s join assessments a on a.id = s.assessment_id where s.device_id = 0$nodef and a.ranges not in ('run:full', 'run:discovery')")" -eq 0

# Nothing changed: no value written again.
check "unchanged meters are not written again" \
    test "$(q "select count(*) from meters where device_id = $dev")" -eq 3
check "their last seen moves on" test "$(q "select max(last_scan_id) from meters where device_id = $dev")" -gt "$(q "select min(id) from scans where device_id = $dev and parts & 1 and parts != 15")"
check "unchanged attributes are not written again" \
    test "$(q "select count(*) from scans where device_id = $dev and attrs_from is null")" -eq 1

# A supply level changes: stored; the meters still not rewritten.
setrec "$T/a.snmprec" $LEVEL 40
check "a changed supply level is stored" wait_for 15 \
    "select count(*) from supplies where device_id = $dev and level = 40"
check "the meters are still not rewritten" \
    test "$(q "select count(*) from meters where device_id = $dev")" -eq 3
check "one supplies row per level seen" \
    test "$(q "select count(*) from supplies where device_id = $dev")" -eq 2
check "show gives the new level" sh -c "'$FA' show --home '$T/home' $dev | grep -q '40%'"

# The counter goes back: a decrease flag.
setrec "$T/a.snmprec" $LIFE 40000
check "a counter decrease is flagged" wait_for 15 \
    "select count(*) from meter_flags where name = 'total' and reason = 'decrease' and previous = 48213 and current = 40000"
# Near 2^32, then past it: a wrap.
setrec "$T/a.snmprec" $LIFE 4294967000
check "the counter moves on" wait_for 15 \
    "select count(*) from meters where device_id = $dev and name = 'total' and value = 4294967000"
setrec "$T/a.snmprec" $LIFE 700
check "a 32-bit wrap is flagged as a wrap" wait_for 15 \
    "select count(*) from meter_flags where name = 'total' and reason = 'wrap32'"
check "flags show in 'show'" sh -c "'$FA' show --home '$T/home' $dev | grep -q wrap32"

# Another device at the same address: a swap.
cp "$T/b.snmprec" "$T/a.snmprec.new" && mv "$T/a.snmprec.new" "$T/a.snmprec"
check "a device swap at one address is flagged" wait_for 15 \
    "select count(*) from meter_flags where reason = 'swap' and detail = 'PHBFA00101 -> PHBFB00202'"

# A device added to the network: found by a discovery.
agent 2 "$REC"
check "a device added is found by a discovery" wait_for 10 \
    "select count(*) from devices where address = '$P.2'"
# ... and gone: missing after three discoveries in a row, kept.
agent_stop 2
check "a device gone is marked missing" wait_for 15 \
    "select count(*) from devices where address = '$P.2' and missing_since is not null and missed >= 3"
check "a missing device keeps its history" \
    test "$(q "select count(*) from scans s join devices d on d.id = s.device_id where d.address = '$P.2'")" -ge 1
check "missing is logged" grep -q "marked missing" "$T/run.log"
check "devices lists it as missing" sh -c "'$FA' devices --home '$T/home' | grep '$P.2' | grep -q missing"

kill -TERM $pid
wait $pid
check "run stops cleanly" test $? -eq 0
pid=
check "store intact" test "$(q 'pragma integrity_check')" = ok

# What an export would carry: from the store's runs.
fa changes --since all --json >"$T/ch.json"
check "changes: every scan since the start" test "$(json_get "$T/ch.json" "j['scans']")" = "$(q 'select count(*) from scans')"
check "changes: every meters row is a change since the start" test "$(json_get "$T/ch.json" "j['values']['meters']['changed']")" = "$(q 'select count(*) from meters')"
fa changes >"$T/ch.txt"
check "changes: nothing exported yet" grep -q "nothing exported yet" "$T/ch.txt"
sleep 1.2
fa changes --since 1s --json >"$T/ch.json"
n1=$(json_get "$T/ch.json" "j['scans']")
n2=$(json_get "$T/ch.json" "j['values']['supplies']['changed']")
check "changes since a moment ago: nothing ($n1 scans, $n2 supplies)" test "$n1.$n2" = 0.0
fa changes --since yesterday >/dev/null 2>"$T/err"
check "changes: a bad --since exits 2, named" sh -c "[ $? -eq 2 ] && grep -q \"since: 'yesterday' is not a date\" '$T/err'"
finish
