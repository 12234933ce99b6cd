#!/bin/sh
# t6000-faults: the collector under faults.
#  - A store whose disk fills up (a small tmpfs the test mounts, then fills
#    with a file): one clear line, exit 1, the store intact with everything
#    stored before; once space is freed the next assessment works.  The
#    same for "fleetaudit run": it logs it, keeps running, and stores again
#    when space is back; and for the hub's import.
#  - A lossy, slow network (tests/lib/badagent.py dropping 30% of the
#    requests and answering 150 ms late): every device is still found and
#    read completely, in bounded time, with retries.
# Needs root (mount).  Loopback only: 127.77.18.x.
. "$(dirname "$0")/../lib/common.sh"
P=127.77.18
REC=$top/samples/fleet

# agent N FILE [ARGS...]: a device at $P.N; pid file $T/agent.N.pid.
agent() {
	n=$1
	f=$2
	shift 2
	/usr/bin/python3 "$top/tests/lib/badagent.py" --addr "$P.$n" \
	    --snmprec "$f" --pidfile "$T/agent.$n.pid" --lifetime 300 "$@" \
	    >>"$T/agent.log" 2>&1 &
	k=0
	while [ ! -s "$T/agent.$n.pid" ] && [ $k -lt 50 ]; do
		sleep 0.1
		k=$((k + 1))
	done
}
agents_stop() {
	for f in "$T"/agent.*.pid; do
		[ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
}
H=$T/small
mkdir "$H"
at_exit 'agents_stop; [ -n "$pid" ] && kill -9 $pid 2>/dev/null; umount "$H" 2>/dev/null'

i=1
for f in hp-lj-m404 canon-lbp226dw kyocera-p5026cdn lexmark-ms821 \
    ricoh-im-c3000 sharp-mx-m3071 xerox-versalink-b405 epson-wf-c5390; do
	agent $i "$REC/$f.snmprec" --loss 0.3 --delay 0.15 --seed $i
	i=$((i + 1))
done

# --- a lossy, slow network ---------------------------------------------------
t0=$(date +%s)
fa assess -q --json -t 1s -r 4 --home "$T/lossy" $P.1-8 >"$T/lossy.json" 2>"$T/lossy.err"
rc=$?
t1=$(date +%s)
check "lossy network: assess exits 0" test $rc -eq 0
check "lossy network: every device found" test "$(json_get "$T/lossy.json" "len(j['devices'])")" = 8
check "lossy network: every read complete" test "$(json_get "$T/lossy.json" "len([d for d in j['devices'] if d.get('error')])")" = 0
check "lossy network: bounded time ($((t1 - t0)) s)" test $((t1 - t0)) -le 90
check "lossy network: meters read on every device" test "$(json_get "$T/lossy.json" "len([d for d in j['devices'] if any(m['name'] == 'total' for m in d['meters'])])")" = 8

# Without retries the same network loses reads: the loss is real.
fa assess -q --json -t 300ms -r 0 --home "$T/lossy0" $P.1-8 >"$T/lossy0.json" 2>/dev/null
check "lossy network: without retries, reads are lost" test "$(json_get "$T/lossy0.json" "8 - len([d for d in j['devices'] if not d.get('error')])")" -gt 0

# --- a disk that fills up ------------------------------------------------------
mount -t tmpfs -o size=4m,mode=0700 tmpfs "$H"
check "a small file system for the store" test $? -eq 0
fa assess -q -t 1s -r 4 --home "$H" $P.1-8 >/dev/null 2>"$T/a1.err"
check "first assessment fits" test $? -eq 0
before=$(sqlite3 "$H/store.db" 'select count(*) from scans')
check "first assessment stored" test "$before" -ge 8
# Full to the last byte (dd stops at ENOSPC): the store cannot even be
# opened (SQLite must extend its WAL index), and says why.
dd if=/dev/zero of="$H/filler" bs=64k 2>/dev/null
fa assess -q -t 1s -r 4 --home "$H" $P.1-8 >/dev/null 2>"$T/a2.err"
rc=$?
check "disk full: exit 1" test $rc -eq 1
check "disk full: one clear line" sh -c "[ \$(wc -l <'$T/a2.err') -eq 1 ] && grep -q \"^fleetaudit: cannot open store '$H/store.db': its disk is full (free some space; what it holds is kept)\$\" '$T/a2.err'"
# Nearly full: opens, then a write fails half way through the assessment.
truncate -s -48K "$H/filler"
fa assess -q -t 1s -r 4 --home "$H" $P.1-8 >/dev/null 2>"$T/a3.err"
rc=$?
check "nearly full: exit 1" test $rc -eq 1
check "nearly full: one clear line" sh -c "[ \$(wc -l <'$T/a3.err') -eq 1 ] && grep -q \"^fleetaudit: the disk of store '$H/store.db' is full: stopped; the devices stored before are kept\$\" '$T/a3.err'"
rm -f "$H/filler"
check "space back: store intact" test "$(sqlite3 "$H/store.db" 'pragma integrity_check')" = ok
check "space back: nothing stored before is lost" test "$(sqlite3 "$H/store.db" 'select count(*) from scans')" -ge "$before"
check "space back: devices still listed" sh -c "'$FA' devices --home '$H' | grep -c '$P\\.' | grep -qx 8"
fa assess -q -t 1s -r 4 --home "$H" $P.1-8 >/dev/null 2>"$T/a4.err"
check "space back: the next assessment works" test $? -eq 0
check "space back: stored" test "$(sqlite3 "$H/store.db" 'select count(*) from scans')" -gt "$before"

# The long-running collector: logs the full disk, keeps running, stores
# again once space is back.
cat >"$H/fleetaudit.conf" <<EOC
range = $P.1-8
timeout = 1s
retries = 4
interval = discovery=10m
interval = meters=30m
EOC
env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$H" \
    FLEETAUDIT_TIME_SCALE=600 "$FA" run 2>"$T/run.log" &
pid=$!
k=0
while ! grep -q "info: run:discovery:" "$T/run.log" && [ $k -lt 150 ]; do
	sleep 0.2
	k=$((k + 1))
done
# The disk fills up while it runs (it holds the store open).
dd if=/dev/zero of="$H/filler" bs=64k 2>/dev/null
k=0
while ! grep -q "critical: the disk of the store is full" "$T/run.log" &&
    [ $k -lt 150 ]; do
	sleep 0.2
	k=$((k + 1))
done
check "run: a full disk is logged as critical" grep -q "critical: the disk of the store is full" "$T/run.log"
check "run: keeps running" kill -0 $pid
n1=$(sqlite3 "$H/store.db" 'select count(*) from scans')
rm -f "$H/filler"
k=0
while [ "$(sqlite3 "$H/store.db" 'select count(*) from scans' 2>/dev/null)" -le "$n1" ] &&
    [ $k -lt 150 ]; do
	sleep 0.2
	k=$((k + 1))
done
check "run: stores again once space is back" test "$(sqlite3 "$H/store.db" 'select count(*) from scans')" -gt "$n1"
kill -TERM $pid
wait $pid
check "run: stops cleanly" test $? -eq 0
pid=
check "run: store intact" test "$(sqlite3 "$H/store.db" 'pragma integrity_check')" = ok

# The hub's disk fills up during an import: one clear line, exit 1,
# nothing of the bundle written, the import works once space is back.
HF=$T/hubfs
mkdir "$HF"
mount -t tmpfs -o size=4m,mode=0700 tmpfs "$HF"
at_exit 'umount "$HF" 2>/dev/null'
fa keys init -q --home "$H" >/dev/null 2>&1
env -i PATH=/usr/bin:/bin "$FA" hub init "$HF/hub" -q >/dev/null 2>&1
fa keys trust-hub --home "$H" "$HF/hub/hub.pub" >/dev/null 2>&1
env -i PATH=/usr/bin:/bin "$FA" hub trust add --hub "$HF/hub" "$H/collector.pub" --account acme -q >/dev/null 2>&1
fa export bundle --home "$H" -o "$T/b1.bundle" >/dev/null 2>"$T/x.err"
check "hub: a bundle to import" test -s "$T/b1.bundle"
dd if=/dev/zero of="$HF/filler" bs=64k 2>/dev/null
env -i PATH=/usr/bin:/bin "$FA" hub import --hub "$HF/hub" "$T/b1.bundle" >/dev/null 2>"$T/h1.err"
rc=$?
check "hub disk full: exit 1" test $rc -eq 1
check "hub disk full: says so, in one line" sh -c "grep -q 'its disk is full (free some space; what it holds is kept)' '$T/h1.err' && [ \$(grep -c '^fleetaudit: ' '$T/h1.err') -eq 1 ]"
rm -f "$HF/filler"
check "hub disk full: the hub's store intact, no bundle in it" test "$(sqlite3 "$HF/hub/hub.db" 'pragma integrity_check; select count(*) from bundles')" = "ok
0"
env -i PATH=/usr/bin:/bin "$FA" hub import --hub "$HF/hub" "$T/b1.bundle" >/dev/null 2>"$T/h2.err"
check "hub: space back, the import works" test $? -eq 0
check "hub: every device there" test "$(sqlite3 "$HF/hub/hub.db" 'select count(*) from devices')" -eq 8
finish
