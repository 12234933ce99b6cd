#!/bin/sh
# t1053-fleet-inflight: many devices read at once store exactly what one
# at a time stores, and a request in flight holds no varbinds.
#
#  - 300 printers on tests/tools/snmpbed (copies of the sample fleet's v2c
#    printers, each with a serial and a MAC of its own, as the fleet bench
#    makes them), assessed twice into fresh stores: uncapped with the
#    defaults (8,192 requests and 256 devices at once, 256 devices a
#    transaction) and one request at a time (--max-inflight 1
#    --max-devices 1).  Every table of both stores, ids mapped to device
#    keys and times left out, is the same; so are the packets each sent
#    and the requests the bed answered;
#  - memory per request in flight: a sweep of 32,768 silent addresses
#    with 16,384 requests in flight against the same with 2,048 (peak RSS
#    of each): under 1.6 KB per extra request (about 2.1 KB while the
#    PDUs in flight kept their varbinds; collector/sess.c, send_one()).
#    Not on the sanitizer build (its allocator keeps what is freed).
#
# Addresses: 127.106.0.K (the kinds), 127.106.1.1 on (the copies), port
# 11053; the sweep 127.107.0.0/17 (nothing answers there).
. "$(dirname "$0")/../lib/common.sh"
BED=$top/${BUILD:-build}/tests/tools/snmpbed
PORT=11053
N=300
if [ ! -x "$BED" ]; then
	not_ok "snmpbed built ($BED: make units)"
	finish
fi
bedpid=
bed() {
	"$BED" -w -p $PORT -t 300 "$1" >"$T/bed.out" 2>"$T/bed.err" &
	bedpid=$!
	upto 100 grep -q ready "$T/bed.out"
}
bed_stop1() {
	[ -n "$bedpid" ] && kill "$bedpid" 2>/dev/null && wait "$bedpid"
	bedpid=
}
at_exit 'bed_stop1'
# bed_count: "requests answers" so far (SIGUSR1 prints its counters)
bed_count() {
	_n=$(grep -c . "$T/bed.err")
	kill -USR1 "$bedpid"
	upto 50 test "$(grep -c . "$T/bed.err")" -gt "$_n"
	tail -n 1 "$T/bed.err" | awk '{ print $4, $6 }'
}
sent() { sed -n 's/.* \([0-9]*\) packets sent;.*/\1/p' "$1"; }

# --- the kinds and their serials --------------------------------------------
k=0
: >"$T/learn.map"
for f in $(awk '$1 ~ /^127\./ && $3 == "v2c" { print $2 }' \
    "$top/samples/fleet/fleet.conf"); do
	grep -q '^1\.3\.6\.1\.2\.1\.43\.' "$top/samples/fleet/$f" || continue
	k=$((k + 1))
	echo "127.106.0.$k $top/samples/fleet/$f" >>"$T/learn.map"
done
check "bed of the $k kinds starts" bed "$T/learn.map"
fa assess -q --json --port $PORT -t 5s --home "$T/hl" "127.106.0.1-$k" \
    >"$T/learn.json" 2>"$T/learn.err"
check "the kinds are read" test $? -eq 0
bed_stop1
$PY - "$T/learn.json" "$T/learn.map" "$T/fleet.map" $N <<'EOF'
import json, sys
learn, lmap, out, n = sys.argv[1:5]
files = dict(line.split()[:2] for line in open(lmap))
kinds = []
for d in json.load(open(learn))["devices"]:
    s = d.get("serial") or ""
    if d.get("error") or not d.get("is_printer") or not s or \
            any(c.isspace() for c in s) or len(s) >= 64:
        continue
    kinds.append((files[d["address"]], s))
kinds.sort()
with open(out, "w") as m:
    for k in range(1, int(n) + 1):
        f, s = kinds[(k - 1) % len(kinds)]
        m.write("127.106.%d.%d %s id=%d serial=%s\n" % (1 + (k - 1) // 250,
                1 + (k - 1) % 250, f, k, s))
EOF
check "a map of $N copies" test "$(grep -c . "$T/fleet.map")" = $N
R=127.106.1.1-127.106.1.250,127.106.2.1-127.106.2.50

# --- uncapped, many at once; then one at a time -----------------------------
check "bed of $N devices starts" bed "$T/fleet.map"
set -- $(bed_count)
q0=$1
fa assess --port $PORT -t 5s --rate 100000 --home "$T/ha" "$R" \
    >/dev/null 2>"$T/a.err"
check "uncapped assess exits 0" test $? -eq 0
set -- $(bed_count)
q1=$1
fa assess --port $PORT -t 5s --rate 100000 --max-inflight 1 \
    --max-devices 1 --home "$T/hb" "$R" >/dev/null 2>"$T/b.err"
check "one-at-a-time assess exits 0" test $? -eq 0
set -- $(bed_count)
q2=$1
bed_stop1
q() { sqlite3 "$1/store.db" "$2"; }
check "$N devices read by each" test \
    "$(q "$T/ha" "select read_ok from assessments")" = $N -a \
    "$(q "$T/hb" "select read_ok from assessments")" = $N -a \
    "$(q "$T/ha" "select count(*) from devices")" = $N
check "each sent as many packets" test -n "$(sent "$T/a.err")" -a \
    "$(sent "$T/a.err")" = "$(sent "$T/b.err")"
check "the bed answered as many requests" test $((q1 - q0)) = $((q2 - q1))

cat >"$T/dump.py" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
# times (and uptime, read then) differ between reads; ids by order of
# completion; the settings name the options
drop = {"time", "started", "finished", "first_seen", "last_seen", "read_ms",
        "uptime", "settings"}
dev = dict(db.execute("select id, key_kind || ':' || key_value from devices"))
scan = {i: dev[d] for i, d in db.execute("select id, device_id from scans")}
inst, seen = {}, {}
for i, d, x in db.execute("select id, device_id, idx from supply_instances"
                          " order by id"):
    k = (dev[d], x)
    seen[k] = seen.get(k, 0) + 1
    inst[i] = k + (seen[k],)
maps = {"device_id": dev, "scan_id": scan, "last_scan_id": scan,
        "first_scan_id": scan, "attrs_from": scan, "instance_id": inst,
        "upto_scan_id": scan}
own = {"devices": dev, "scans": scan, "supply_instances": inst}
for (t,) in db.execute("select name from sqlite_master where type = 'table'"
                       " order by name").fetchall():
    cols = [r[1] for r in db.execute("pragma table_info(%s)" % t)]
    rows = []
    for r in db.execute("select * from %s" % t):
        o = []
        for c, v in zip(cols, r):
            if c in drop or (c == "id" and t not in own):
                continue
            m = own[t] if c == "id" else maps.get(c)
            o.append("%s=%r" % (c, m.get(v, v) if m and v is not None
                                else v))
        rows.append(" ".join(o))
    print("== %s %d" % (t, len(rows)))
    print("\n".join(sorted(rows)))
EOF
$PY "$T/dump.py" "$T/ha/store.db" >"$T/a.dump"
$PY "$T/dump.py" "$T/hb/store.db" >"$T/b.dump"
check "the dump holds every row" test "$(grep -c . "$T/a.dump")" -gt $((N * 20))
check "both stores hold the same (times left out)" cmp -s "$T/a.dump" \
    "$T/b.dump"
check "supplies linked to their cartridges" test \
    "$(q "$T/ha" "select count(*) from supplies where instance_id is null")" = 0 -a \
    "$(q "$T/ha" "select count(*) from supply_instances")" = \
    "$(q "$T/ha" "select count(*) from supplies")"

# --- memory per request in flight -------------------------------------------
if [ -n "${FA_SAN:-}" ]; then
	ok "memory per request in flight # SKIP sanitizer build"
	finish
fi
cat >"$T/rss.py" <<'EOF'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL, timeout=60)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
EOF
rss() {
	$PY "$T/rss.py" env -i PATH=/usr/bin:/bin HOME="$T" \
	    FLEETAUDIT_HOME="$T/hs$1" "$FA" discover 127.107.0.0/17 -q \
	    --port $PORT -t 200ms -r 0 --rate 1000000 --max-inflight "$1"
}
hi=$(rss 16384)
lo=$(rss 2048)
per=$(( (hi - lo) * 1024 / (16384 - 2048) ))
echo "# peak RSS: $hi KB with 16,384 in flight, $lo KB with 2,048:" \
    "$per bytes per request"
check "under 1.6 KB per request in flight ($per bytes)" \
    test "$per" -gt 0 -a "$per" -lt 1640
finish
