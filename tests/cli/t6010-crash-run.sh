#!/bin/sh
# t6010-crash-run: "fleetaudit run" killed with SIGKILL at random points,
# many times (bounded), on a compressed clock over the sample fleet: after
# each kill the store passes PRAGMA integrity_check and holds no half
# device (every scan that read meters carries its meters, every scan's
# supplies are as many as its device's first complete read had); the
# state file is whole; a final run carries on and stores more, with
# nothing stored before lost.  Loopback only: 127.77.19.x.
. "$(dirname "$0")/../lib/common.sh"
P=127.77.19
mkdir "$T/home"
fleet_bed $P
at_exit '[ -n "$pid" ] && kill -9 $pid 2>/dev/null'
DB=$T/home/store.db
q() { sqlite3 -batch -noheader "$DB" "$1"; }
cat >"$T/home/fleetaudit.conf" <<EOC
range = $P.1-12
timeout = 300ms
retries = 0
max-devices = 2
rate = 300
interval = discovery=10m
interval = meters=30m
interval = supplies=30m
interval = errors=30m
interval = attributes=1h
EOC

# A scan whose read covered a part must carry that part's rows: meters,
# and as many supplies as the device's first complete full read (f).
half() {
	q "select s.id from scans s join scans f on f.id = (select min(z.id) from scans z where z.device_id = s.device_id and z.error is null and z.parts = 15) where s.error is null and (((s.parts & 1) != 0 and not exists (select 1 from meters m where m.device_id = s.device_id and m.scan_id <= s.id and m.last_scan_id >= s.id)) or ((s.parts & 2) != 0 and (select count(*) from supplies x where x.device_id = s.device_id and x.scan_id <= s.id and x.last_scan_id >= s.id) != (select count(*) from supplies y where y.device_id = s.device_id and y.scan_id <= f.id and y.last_scan_id >= f.id)))"
}

i=0
bad=0
pid=
while [ $i -lt 10 ]; do
	i=$((i + 1))
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home" \
	    FLEETAUDIT_TIME_SCALE=1200 "$FA" run 2>>"$T/run.log" &
	pid=$!
	ms=$(( $(od -An -N2 -tu2 /dev/urandom) % 2500 + 300 ))
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	pid=
	[ -e "$DB" ] || continue
	[ "$(q 'pragma integrity_check')" = ok ] ||
	    { bad=$((bad + 1)); echo "# kill $i: integrity"; }
	h=$(half)
	[ -z "$h" ] || { bad=$((bad + 1)); echo "# kill $i: half scans $h"; }
	[ ! -e "$T/home/run.state" ] ||
	    [ "$(wc -l <"$T/home/run.state")" -eq 6 ] ||
	    { bad=$((bad + 1)); echo "# kill $i: state file"; }
done
check "kill -9 x$i at random points: integrity ok, no half device, whole state" test "$bad" -eq 0
check "the killed runs stored scans" test "$(q 'select count(*) from scans')" -gt 12
before=$(q 'select count(*) from scans')
devs=$(q 'select count(*) from devices')
env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home" \
    FLEETAUDIT_TIME_SCALE=1200 "$FA" run 2>>"$T/run.log" &
pid=$!
sleep 4
kill -TERM $pid
wait $pid
check "a last run stops cleanly" test $? -eq 0
pid=
check "it stored more ($before before)" test "$(q 'select count(*) from scans')" -gt "$before"
check "no device lost or doubled ($devs)" test "$(q 'select count(*) from devices')" -eq "$devs"
check "still no half device" test -z "$(half)"
finish
