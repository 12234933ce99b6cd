#!/bin/sh
# t5167-hub-meters-window: "hub meters" reads the reads around the
# cut-off (and a device they leave without a value whole), and gives the
# value the whole history gives.  A collector store of 12 devices read
# once a day for 120 days (tests/tools/bundle_mkstore, the reads put a
# day apart, the last one today), imported into the hub; the period is
# the month 3 months back, so the history runs far beyond 35 days on
# either side of its cut-off.  Before the export, some reads lose their
# meters (the scan read no meters):
#
#  - device 1: none from 40 days before the cut-off to 5 days after (the
#    newest read before it lies beyond the window: an estimate between
#    it and the first one after, as over the whole history);
#  - device 2: none from 5 days before the cut-off on (missing: "no read
#    after the cut-off (last read T)", its last read named);
#  - device 3: none within 40 days either side (an estimate across);
#  - device 4: none from 5 days before the cut-off to 40 days after (the
#    window has none after it, but the history has: an estimate);
#  - the others: a read within the tolerance (actual).
#
# Then the month in progress and the month 3 months ahead, after every
# read: every row as the whole history says (no read after the cut-off,
# the last read named), the window reaching the site's newest reads.
#
# Every row (serial, billing code, value, read date, actual/estimated,
# method) is checked against the same rule worked out here in Python
# from the collector's own tables (docs/billing.md).
#
# On either hub store (tests/lib/hubstore.sh; t5168-hub-meters-window-pg:
# PostgreSQL).
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
hub_store_start
HUB=$T/hub
GEN=$top/${BUILD:-build}/tests/tools/bundle_mkstore
cd "$T" || exit 1

# shellcheck disable=SC2046  # --store URL: two words
hub hub init "$HUB" $(hub_init_opts hub) -q >/dev/null
check "the hub's store: $FA_HUB_STORE" hub_store_is "$HUB"
period=$(env -i PATH=/usr/bin:/bin "$PY" -c "
import datetime
d = datetime.datetime.now(datetime.timezone.utc).date().replace(day=1)
for _ in range(2):
    d = (d - datetime.timedelta(days=1)).replace(day=1)
print((d - datetime.timedelta(days=1)).strftime('%Y-%m'))")
cut=$(env -i PATH=/usr/bin:/bin "$PY" -c "
import calendar, datetime
y, m = map(int, '$period'.split('-'))
y, m = (y + 1, 1) if m == 12 else (y, m + 1)
print(calendar.timegm(datetime.date(y, m, 1).timetuple()))")
mkdir -p "$T/c" && chmod 700 "$T/c"
"$GEN" "$T/c/store.db" 12 120 >/dev/null 2>"$T/gen.err"
check "a store of 12 devices x 120 days" test $? -eq 0
D=86400
sqlite3 -batch "$T/c/store.db" "
CREATE TEMP TABLE sh AS SELECT id,
    ((SELECT max(id) FROM assessments) - id) * $D AS s FROM assessments;
UPDATE scans SET time = time -
    (SELECT s FROM sh WHERE sh.id = scans.assessment_id);
UPDATE devices SET
    first_seen = (SELECT min(time) FROM scans WHERE device_id = devices.id),
    last_seen = (SELECT max(time) FROM scans WHERE device_id = devices.id);
UPDATE supply_instances SET
    first_seen = (SELECT time FROM scans WHERE id = first_scan_id),
    last_seen = (SELECT time FROM scans WHERE id = last_scan_id);
UPDATE scans SET parts = parts & ~1 WHERE device_id = 1
    AND time BETWEEN $cut - 40 * $D AND $cut + 5 * $D;
UPDATE scans SET parts = parts & ~1 WHERE device_id = 2
    AND time > $cut - 5 * $D;
UPDATE scans SET parts = parts & ~1 WHERE device_id = 3
    AND time BETWEEN $cut - 40 * $D AND $cut + 40 * $D;
UPDATE scans SET parts = parts & ~1 WHERE device_id = 4
    AND time BETWEEN $cut - 5 * $D AND $cut + 40 * $D;
"
check "the reads a day apart, some without meters" test $? -eq 0
env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/c" "$FA" keys init \
    -q >/dev/null &&
    hub hub trust add "$T/c/collector.pub" --account acme -q >/dev/null &&
    env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/c" "$FA" keys \
    trust-hub "$HUB/hub.pub" >/dev/null 2>&1 &&
    env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/c" "$FA" export \
    bundle --since all -o "$T/b.bundle" >/dev/null 2>&1
check "exported" test $? -eq 0
hrun hub import "$T/b.bundle"
check "imported" test "$rc" -eq 0
hrun hub meters --account acme --period "$period" --csv
check "hub meters --period $period --csv: exit 0" test "$rc" -eq 0
cp "$T/out" "$T/meters.csv"
cat >"$T/want.py" <<'PYEOF'
import csv, datetime, sqlite3, sys
db, path, cut = sys.argv[1], sys.argv[2], int(sys.argv[3])
tol = 3 * 86400
c = sqlite3.connect(db)
def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc) \
        .strftime("%Y-%m-%dT%H:%M:%SZ")
want = {}
for dev, serial in c.execute("SELECT id, serial FROM devices"):
    runs = c.execute("SELECT value, scan_id, last_scan_id FROM meters"
                     " WHERE device_id = ? AND name = 'mono'"
                     " AND value IS NOT NULL", (dev,)).fetchall()
    reads = []
    for sid, t in c.execute("SELECT id, time FROM scans WHERE device_id = ?"
                            " AND (parts & 1) != 0 ORDER BY id", (dev,)):
        v = [r[0] for r in runs if r[1] <= sid <= r[2]]
        if v:
            reads.append((t, v[-1]))
    b = max((r for r in reads if r[0] <= cut), default=None)
    a = min((r for r in reads if r[0] > cut), default=None)
    near = b
    if a and (b is None or a[0] - cut < cut - b[0]):
        near = a
    if near and abs(near[0] - cut) <= tol:
        want[serial] = (str(near[1]), iso(near[0]), "actual", "nearest read")
    elif a is None:
        last = max(r[0] for r in reads)
        want[serial] = ("", "", "missing", "no read after the cut-off "
                        "(last read %s)" % iso(last))
    else:
        v = b[1] + (a[1] - b[1]) * (cut - b[0]) // (a[0] - b[0])
        want[serial] = (str(v), iso(cut), "estimated",
                        "linear %s %s" % (iso(b[0]), iso(a[0])))
got = {}
for r in csv.DictReader(open(path, newline="")):
    assert r["billing_code"] == "mono", r
    got[r["serial"]] = (r["value"], r["read_date"], r["read_type"],
                        r["method"])
for s in sorted(want):
    if got.get(s) != want[s]:
        sys.exit("%s: got %s, want %s" % (s, got.get(s), want[s]))
assert set(got) == set(want), (sorted(got), sorted(want))
kinds = sorted(v[2] for v in want.values())
if sys.argv[4] != "-":
    n_est, n_miss = int(sys.argv[4]), int(sys.argv[5])
    assert kinds.count("estimated") == n_est and \
        kinds.count("missing") == n_miss, kinds
PYEOF
check "every row the whole history's value" "$PY" "$T/want.py" \
    "$T/c/store.db" "$T/meters.csv" "$cut" 3 1

# month_rows PERIOD WHAT ESTIMATED MISSING: hub meters of PERIOD, every
# row the whole history's (ESTIMATED and MISSING the counts, - for any)
month_rows() {
	_cut=$(env -i PATH=/usr/bin:/bin "$PY" -c "
import calendar, datetime
y, m = map(int, '$1'.split('-'))
y, m = (y + 1, 1) if m == 12 else (y, m + 1)
print(calendar.timegm(datetime.date(y, m, 1).timetuple()))")
	hrun hub meters --account acme --period "$1" --csv
	check "hub meters --period $1 ($2): exit 0" test "$rc" -eq 0
	cp "$T/out" "$T/$1.csv"
	check "... every row the whole history's" "$PY" "$T/want.py" \
	    "$T/c/store.db" "$T/$1.csv" "$_cut" "$3" "$4"
}

# The month in progress: the window reaches the newest reads, and a
# device with none after the cut-off is not read whole again; each row is
# still the whole history's (near the month's end, an actual read).
month_rows "$(env -i PATH=/usr/bin:/bin "$PY" -c "
import datetime
print(datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m'))")" \
    "the month in progress" - -

# The month 3 months ahead: its cut-off is beyond the window after every
# read, so the window is the newest reads instead of every device read
# whole; each row is still the whole history's ("no read after the
# cut-off", the device's last read named).
month_rows "$(env -i PATH=/usr/bin:/bin "$PY" -c "
import datetime
d = datetime.datetime.now(datetime.timezone.utc).date().replace(day=1)
for _ in range(3):
    d = (d + datetime.timedelta(days=32)).replace(day=1)
print(d.strftime('%Y-%m'))")" "after every read" 0 12
finish
