# bundle_cmp.py COLLECTOR-STORE HUB-STORE FINGERPRINT: every record the
# hub holds for the collector with FINGERPRINT (tests/cli/t41*) equals the
# collector store's row of the same id (or rowid), column by column, and
# every row of the collector's store got to the hub.  "# " lines say what
# differs; exit 1 when anything does.  HUB-STORE is the hub.db file or
# the hub's postgresql:// URL (tests/lib/hubstore.sh, hub_where).
import json, os, sqlite3, sys
sys.dont_write_bytecode = True     # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hubconn
col = sqlite3.connect(sys.argv[1])
hub = hubconn.connect(sys.argv[2])
fp = sys.argv[3]
site = hub.execute("select id from sites where fingerprint = ?", (fp,)).fetchone()[0]
bad = 0
def same(table, key, data):
    global bad
    d = json.loads(data)
    cols = [k for k in d if k != "row"]
    kcol = "rowid" if "row" in d else "id"
    r = col.execute('select %s from "%s" where %s = ?' % (", ".join('"%s"' % c for c in cols), table, kcol), (key,)).fetchone()
    if r is None or list(r) != [d[c] for c in cols]:
        bad += 1
        if bad < 5:
            print("# differs: %s %s hub %s collector %s" % (table, key, d, r))
n = 0
for key, data in hub.execute("select src_id, data from devices where site_id = ?", (site,)):
    same("devices", key, data); n += 1
if n != col.execute("select count(*) from devices").fetchone()[0]:
    bad += 1; print("# devices: %d at the hub" % n)
kinds = ["scans", "meters", "supplies", "trays", "alerts", "meter_checks",
    "status_errors", "display", "meter_flags", "supply_instances"]
for kind in kinds:
    m = 0
    for key, data in hub.execute("select src_id, data from records where site_id = ? and kind = ?", (site, kind)):
        same(kind, key, data); m += 1
    c = col.execute('select count(*) from "%s"' % kind).fetchone()[0]
    if m != c:
        bad += 1; print("# %s: %d at the hub, %d on site" % (kind, m, c))
print("# compared %d kinds, %d with records" % (len(kinds), hub.execute("select count(distinct kind) from records").fetchone()[0]))
sys.exit(1 if bad else 0)
