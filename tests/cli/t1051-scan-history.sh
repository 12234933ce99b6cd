#!/bin/sh
# t1051-scan-history: a read costs the same however many scans the store
# holds for the device (schema 8, index scans_device_last), and the
# device looked up by address is still the one seen there last.
#
# Each read asks the store for the device at its address (its kept read
# width, LAST_SEEN), the device's newest scan (its attribute record) and
# its newest scan of each part (change-only).  Before schema 8 each was a
# pass over all of the device's scans, so `run` at the shortest intervals
# (about 50 scans a device a day) read more slowly every day.
#
#  - one printer (the sample HP) read once, then given a long history:
#    HIST scans of the same second, each confirming the values of the
#    first read (as `run` stores unchanged reads: change-only runs), the
#    store copied before that history for comparison;
#  - the CPU time (user + sys) of `assess` of that device: with the
#    history no more than SLACK over the same read without it (the old
#    schema took about 0.5 s more for 300,000 scans on this machine);
#  - that read is stored on the same device, change-only: no value row
#    written again, every row's run moved to the new scan;
#  - a second printer moved to the address: `show ADDRESS` names it,
#    also when both were last seen in the same second (the newer scan
#    decides), and the read width kept is the new device's;
#  - a store of schema 7 (the index dropped, user_version 7) is migrated
#    to 8 with every row kept.
#
# Addresses: 127.105.1.1, port 11051 (tests/tools/snmpbed).
# $A (the assess options) is split into words on purpose.
# shellcheck disable=SC2086
. "$(dirname "$0")/../lib/common.sh"
BED=$top/${BUILD:-build}/tests/tools/snmpbed
NET=127.105.1
PORT=11051
HIST=${T1051_HISTORY:-300000}
SLACK=0.10
HP=$top/samples/fleet/hp-lj-m404.snmprec
KY=$top/samples/fleet/kyocera-p5026cdn.snmprec
if [ ! -x "$BED" ]; then
	not_ok "snmpbed built ($BED: make units)"
	finish
fi
bedpid=
bed() {
	echo "$NET.1:$PORT $1" >"$T/map"
	"$BED" -t 300 "$T/map" >"$T/bed.out" 2>"$T/bed.err" &
	bedpid=$!
	_i=0
	until grep -q ready "$T/bed.out" 2>/dev/null || [ $_i -ge 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	grep -q ready "$T/bed.out"
}
bed_end() {
	[ -n "$bedpid" ] && kill "$bedpid" 2>/dev/null && wait "$bedpid"
	bedpid=
}
at_exit bed_end
q() { sqlite3 "$1/store.db" "$2"; }
# cpu HOME: the CPU seconds (user + sys) of one assess of the device
cpu() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$1" \
	    /usr/bin/time -f '%U %S' -o "$T/time" "$FA" assess -q \
	    --port "$PORT" -c public -t 2s "$NET.1" >"$T/cpu.out" \
	    2>"$T/cpu.err" </dev/null || return 1
	awk '{ printf "%.2f", $1 + $2 }' "$T/time"
}
A="-q --port $PORT -c public -t 2s"

check "snmpbed serves the HP" bed "$HP"
fa assess $A --home "$T/h" "$NET.1" >"$T/a1.out" 2>&1
check "first assess exits 0" test $? -eq 0
dev=$(q "$T/h" "select id from devices")
scan=$(q "$T/h" "select max(id) from scans")
check "one device, one scan" test "$dev" = 1 -a "$scan" = 1
check "schema 8 has index scans_device_last" test "$(q "$T/h" \
    "select count(*) from sqlite_master where name = 'scans_device_last'")" = 1
cp -r "$T/h" "$T/h0"

# --- HIST scans of the device, each confirming the first read -------------
tabs="meters supplies trays alerts meter_checks status_errors display"
rows0=
for t in $tabs; do rows0="$rows0 $(q "$T/h" "select count(*) from $t")"; done
q "$T/h" "INSERT INTO scans (assessment_id, device_id, time, address,
    credential, snmp_version, is_printer, requests, parts, attrs_from)
    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c
    WHERE x < $HIST) SELECT s.assessment_id, s.device_id, s.time,
    s.address, s.credential, s.snmp_version, s.is_printer, s.requests,
    s.parts, s.id FROM scans s, c WHERE s.id = $scan"
last=$(q "$T/h" "select max(id) from scans")
for t in $tabs; do
	q "$T/h" "UPDATE $t SET last_scan_id = $last WHERE last_scan_id = $scan"
done
check "the device has $((HIST + 1)) scans" test "$(q "$T/h" \
    "select count(*) from scans where device_id = $dev")" = $((HIST + 1))

# --- a read costs the same with the history -------------------------------
# The best of three of each, in turns: the machine may be busy.
c0=9 c1=9
for i in 1 2 3; do
	cp -r "$T/h0" "$T/h0.$i"
	x=$(cpu "$T/h0.$i") && c0=$(awk -v a="$c0" -v b="$x" \
	    'BEGIN { print (b < a ? b : a) }')
	cp "$T/h/store.db" "$T/hs.db"
	x=$(cpu "$T/h") && c1=$(awk -v a="$c1" -v b="$x" \
	    'BEGIN { print (b < a ? b : a) }')
	[ "$i" -lt 3 ] && cp "$T/hs.db" "$T/h/store.db" &&
	    rm -f "$T/h/store.db-wal" "$T/h/store.db-shm"
done
echo "# CPU of one read: ${c0} s without the history, ${c1} s with" \
    "$HIST scans of the device"
check "a read with $HIST scans of history costs at most $SLACK s more" \
    awk -v a="$c0" -v b="$c1" -v s="$SLACK" 'BEGIN { exit !(b <= a + s) }'

# --- ... stored on the same device, change-only ----------------------------
check "still one device" test "$(q "$T/h" "select count(*) from devices")" = 1
new=$(q "$T/h" "select max(id) from scans")
check "the read is the device's newest scan" test "$(q "$T/h" \
    "select device_id from scans where id = $new")" = "$dev" -a \
    "$new" -gt "$last"
rows1=
for t in $tabs; do rows1="$rows1 $(q "$T/h" "select count(*) from $t")"; done
check "no value row written again (change-only):$rows1" test "$rows0" = "$rows1"
moved=0
for t in $tabs; do
	moved=$((moved + $(q "$T/h" "select count(*) from $t
	    where last_scan_id = $new")))
done
tot=0
for n in $rows1; do tot=$((tot + n)); done
check "every value row's run moved to the new scan ($moved of $tot)" \
    test "$moved" = "$tot" -a "$tot" -gt 0
check "the new scan's attributes are the first read's" test "$(q "$T/h" \
    "select attrs_from from scans where id = $new")" = "$scan"
fa show --json --home "$T/h" "$NET.1" >"$T/show.json" 2>"$T/show.err"
check "show ADDRESS names the device" test "$(json_get "$T/show.json" 'j["id"]')" = "$dev"

# --- another printer at that address --------------------------------------
bed_end
check "snmpbed serves the Kyocera at the address" bed "$KY"
fa assess $A --home "$T/h" "$NET.1" >"$T/a2.out" 2>&1
check "assess of the new printer exits 0" test $? -eq 0
dev2=$(q "$T/h" "select id from devices where id != $dev")
check "a second device" test -n "$dev2"
fa show --json --home "$T/h" "$NET.1" >"$T/show.json" 2>"$T/show.err"
check "show ADDRESS names the printer there now" \
    test "$(json_get "$T/show.json" 'j["id"]')" = "$dev2"
# Both last seen in the same second, both at the address: the device with
# the newer scan is the one there (the old one has $HIST more scans).
q "$T/h" "UPDATE devices SET last_seen = (SELECT max(last_seen) FROM
    devices), address = '$NET.1'"
q "$T/h" "INSERT INTO read_width (device_id, cols, reps, time)
    VALUES ($dev, 2, 2, 0), ($dev2, 3, 3, 0) ON CONFLICT (device_id)
    DO UPDATE SET cols = excluded.cols, reps = excluded.reps"
fa show --json --home "$T/h" "$NET.1" >"$T/show.json" 2>"$T/show.err"
check "same second: the device with the newer scan" \
    test "$(json_get "$T/show.json" 'j["id"]')" = "$dev2"
# The next read starts at the width kept for the device found at the
# address and keeps it for the device it reads (the Kyocera, by its
# serial): 3x3, where the old device's 2x2 would have been kept.
fa assess $A --home "$T/h" "$NET.1" >"$T/a3.out" 2>&1
check "its width is the one kept for it (3x3)" test "$(q "$T/h" \
    "select cols || 'x' || reps from scans s join read_width w
    on w.device_id = s.device_id where s.id = (select max(id) from scans)")" = 3x3

# --- migration from schema 7 ----------------------------------------------
cp "$T/h0/store.db" "$T/m.db"
sqlite3 "$T/m.db" "DROP INDEX scans_device_last; PRAGMA user_version = 7"
mkdir -p "$T/hm"
cp "$T/m.db" "$T/hm/store.db"
n0=$(sqlite3 "$T/m.db" "select (select count(*) from scans) || ' ' ||
    (select count(*) from meters) || ' ' || (select count(*) from supplies)")
fa devices --home "$T/hm" >"$T/dev.out" 2>"$T/dev.err"
check "a schema-7 store opens" test $? -eq 0
check "... migrated to 8" test "$(q "$T/hm" "PRAGMA user_version")" = 8
check "... with the index" test "$(q "$T/hm" "select count(*) from
    sqlite_master where name = 'scans_device_last'")" = 1
check "... and every row" test "$(q "$T/hm" "select (select count(*) from
    scans) || ' ' || (select count(*) from meters) || ' ' ||
    (select count(*) from supplies)")" = "$n0"
finish
