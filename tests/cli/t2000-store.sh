#!/bin/sh
# t2000-store: the local store across assessments: history, identity,
# devices and show; an interrupted assessment (Ctrl-C) keeps every device
# already stored; kill -9 at random points never leaves half a device and
# never corrupts the file.
. "$(dirname "$0")/../lib/common.sh"
P=127.77.4
# The v2c part of the sample fleet, five times over (55 devices).
: >"$T/big.map"
for k in 0 1 2 3 4; do
	sed -n "s#^127\.77\.0\.\([0-9]*\)[[:space:]]*\([^[:space:]]*\)[[:space:]]*v2c.*#\1 $top/samples/fleet/\2#p" \
	    "$top/samples/fleet/fleet.conf" | while read -r n f; do
		echo "$P.$((k * 20 + n)) $f v2c"
	done >>"$T/big.map"
done
at_exit 'bed_stop "$T/bed"'
mkdir "$T/bed"
bed_start "$T/bed" "$T/big.map" >"$T/bed.out" 2>&1 ||
    { not_ok "bed starts"; cat "$T/bed.out"; finish; }
DB=$T/home/store.db
q() { sqlite3 -batch -noheader "$DB" "$1"; }

# Two assessments of the same devices: one device each, two scans.
fa assess -q -t 300ms $P.1-12 >/dev/null
fa assess -q -t 300ms $P.1-12 >/dev/null
check "two assessments stored" test "$(q 'select count(*) from assessments')" = 2
check "devices keep their identity (10 printers)" test "$(q 'select count(*) from devices')" = 10
check "every device has two scans" test "$(q 'select count(*) from (select device_id from scans group by device_id having count(*) = 2)')" = 10
fa devices --json >"$T/dev.json"
check "devices --json lists 10" test "$(json_get "$T/dev.json" 'len(j)')" = 10
check "devices --json counts the reads" test "$(json_get "$T/dev.json" 'sorted(set(d["scans"] for d in j))')" = "[2]"
fa show --json 3110FA0404 >"$T/show.json"
check "show by serial: latest and two history lines" test "$(json_get "$T/show.json" '(j["latest"]["serial"], len(j["history"]), j["history"][0]["total_pages"])')" = "('3110FA0404', 2, 287411)"
check "cartridges: one per supply across the two reads" test "$(json_get "$T/show.json" '(len(j["cartridges"]), all(c["current"] for c in j["cartridges"]), len(j["latest"]["supplies"]))')" = "(5, True, 5)"
check "show --json has meter flags (none for a steady device)" test "$(json_get "$T/show.json" 'j["meter_flags"]')" = "[]"
check "cross-checks stored with the read" test "$(json_get "$T/show.json" '[c["name"] for c in j["latest"]["checks"]]')" != "None"
fa show 02:FA:77:00:04:01 >"$T/show.txt"
check "show by MAC (any case)" grep -q "^serial  *3110FA0404" "$T/show.txt"
fa show $P.4 >"$T/show2.txt"
check "show by address" cmp -s "$T/show.txt" "$T/show2.txt"
check "show text has history" grep -q "^History" "$T/show.txt"
check "show text lists the cartridges" grep -q "^Cartridges" "$T/show.txt"
check "store file is private (0600)" test "$(stat -c %a "$DB")" = 600
check "assessment settings hold no community" test "$(q "select count(*) from assessments where settings like '%public%'")" = 0
check "log line written" grep -q "assess $P.1-12: assessment 2" "$T/home/fleetaudit.log"

# Ctrl-C: stops early, marks the assessment, keeps what it stored.
fa_bg assess -q -t 200ms --max-devices 1 --rate 100 $P.1-100 >/dev/null 2>"$T/int.err"
pid=$!
# Interrupt once it has stored a device (bounded wait: 10 s).
i=0
while [ $i -lt 100 ] && [ "$(q 'select count(*) from scans where assessment_id = 3' 2>/dev/null)" = 0 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -INT $pid
wait $pid
rc=$?
check "interrupted assess exits 1" test "$rc" -eq 1
check "assessment marked interrupted" test "$(q 'select status from assessments order by id desc limit 1')" = interrupted
check "interrupted: some devices stored" test "$(q 'select count(*) from scans where assessment_id = 3')" -gt 0

# Scans half written (common.sh).
full() { half_scans "$DB"; }
check "no half device so far" test -z "$(full)"

# kill -9 at random points, many times, bounded.
i=0
bad=0
while [ $i -lt 8 ]; do
	i=$((i + 1))
	fa_bg assess -q -t 200ms --max-devices 2 --rate 200 $P.1-100 >/dev/null 2>&1
	kill_later $! 800 3500
	[ "$(q 'pragma integrity_check')" = ok ] || bad=$((bad + 1))
	[ -z "$(full)" ] || bad=$((bad + 1))
done
check "kill -9 x$i: integrity ok, no half device" test "$bad" -eq 0
check "killed assessments stored devices" test "$(q 'select count(*) from scans')" -gt 40
finish
