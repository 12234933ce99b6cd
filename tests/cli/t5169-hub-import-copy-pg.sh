#!/bin/sh
# t5169-hub-import-copy-pg: the PostgreSQL store's import of a bundle's
# new records by COPY (export/hub/hubstore.c, direct()) against the
# SQLite store's upserts, on real bundles (tests/tools/bundle_mkstore:
# 120 devices read daily, store_put_device()), a private server on
# 127.77.0.26:
#  - a first bundle of 3 days (hundreds of records of each kind: COPY
#    from the start), then --since all again with 2 days more (every
#    old key sent again: the upserts, then the new ones), then the next
#    day alone (COPY after keys the site has): every record of both
#    stores the same, key by key, with its device, bundle and JSON;
#  - a bundle whose last supply's level is past a 4-byte column (the
#    row goes last, after the kind's others were sent by COPY): refused
#    with one line naming the column, exit non-zero, nothing of it stored
#    (bundles, records and texts as before), the store sound; the bundle
#    after it imports;
#  - two other sites' bundles imported at once, each by COPY: both in,
#    the same records as SQLite's, imported one after the other.
. "$(dirname "$0")/../lib/common.sh"
FA_HUB_STORE=postgresql
. "$top/tests/lib/hubstore.sh"
hub_store_start
GEN=$top/${BUILD:-build}/tests/tools/bundle_mkstore
if [ ! -x "$GEN" ]; then
	not_ok "tools built ($GEN; make units)"
	finish
fi
ND=120
mkdir -p "$T/home" && chmod 700 "$T/home"
fa keys init -q >/dev/null 2>&1
hubfa() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home" \
	    PGPASSWORD="$PGPASSWORD" "$FA" "$@"
}
hubfa hub init "$T/lite" -q >/dev/null 2>&1
# shellcheck disable=SC2046
hubfa hub init "$T/pg" $(hub_init_opts copy) -q >/dev/null 2>&1
# one hub's keys for both, so that each bundle goes to both
cp "$T/lite/hub-encrypt.key" "$T/lite/hub-sign.key" "$T/lite/hub.pub" \
    "$T/pg/"
fa keys trust-hub "$T/lite/hub.pub" >/dev/null 2>&1
for h in lite pg; do
	hubfa hub trust add --hub "$T/$h" "$T/home/collector.pub" \
	    --account copy -q >/dev/null 2>&1
done
check "two hubs, SQLite and PostgreSQL, trust the collector" test \
    "$(hub_q "$T/pg" "SELECT count(*) FROM collectors")" = 1

# rows HUBDIR OUT: every record through the view, one line each, its
# site by its fingerprint and its bundle by its id (sites made at once
# take their numbers in any order; a refused import spends a bundle's
# number on PostgreSQL)
rows() {
	_q=hub_q
	[ -f "$1/hub.db" ] && _q=lite_q
	$_q "$1" "SELECT (SELECT s.fingerprint FROM sites s WHERE
	    s.id = r.site_id) || '|' || kind || '|' || src_id || '|' ||
	    coalesce(CAST(device_src AS TEXT), '') || '|' || (SELECT b.bundle_id
	    FROM bundles b WHERE b.id = r.bundle_id) || '|' || data
	    FROM records r ORDER BY site_id, kind, src_id" >"$2"
}
lite_q() { sqlite3 -batch -noheader "$1/hub.db" "$2"; }
# same NAME: both stores' records the same, key by key
same() {
	rows "$T/lite" "$T/r-lite"
	rows "$T/pg" "$T/r-pg"
	$PY - "$T/r-lite" "$T/r-pg" >"$T/cmp.out" 2>&1 <<'PYEOF'
import json, sys
def rows(f):
    out = []
    for line in open(f, encoding="utf-8"):
        p = line.rstrip("\n").split("|", 5)
        out.append((p[:5], json.loads(p[5])))
    return sorted(out, key=lambda x: x[0])
a, b = rows(sys.argv[1]), rows(sys.argv[2])
bad = sum(1 for x, y in zip(a, b) if x != y) + abs(len(a) - len(b))
kinds = {}
for x in a:
    kinds[x[0][1]] = kinds.get(x[0][1], 0) + 1
print("%d records, %d differ, %d kinds of 64 or more" % (len(a), bad,
    sum(1 for k in kinds.values() if k >= 64)))
sys.exit(1 if bad or len(a) == 0 else 0)
PYEOF
	check "$1: every record the same in both stores ($(cat "$T/cmp.out"))" \
	    test $? -eq 0
}
# imp NAME BUNDLE: imported into both
imp() {
	for h in lite pg; do
		hubfa hub import --hub "$T/$h" -q "$2" >"$T/imp-$h.out" \
		    2>"$T/imp-$h.err"
		check "$1: imported into $h" test $? -eq 0
	done
}

"$GEN" "$T/home/store.db" $ND 3 >/dev/null 2>"$T/gen.err"
fa export bundle --since all -q -o "$T/b1.bundle" >/dev/null 2>&1
imp "3 days" "$T/b1.bundle"
same "3 days, new keys (COPY)"

"$GEN" "$T/home/store.db" $ND 2 3 >/dev/null 2>>"$T/gen.err"
fa export bundle --since all -q -o "$T/b2.bundle" >/dev/null 2>&1
imp "5 days again" "$T/b2.bundle"
same "5 days, 3 of them sent again (upserts)"

"$GEN" "$T/home/store.db" $ND 1 5 >/dev/null 2>>"$T/gen.err"
fa export bundle -q -o "$T/b3.bundle" >/dev/null 2>&1
imp "the next day" "$T/b3.bundle"
same "the next day (COPY after the site's keys)"

# ---- a value past its column, after the kind's others were copied ----
"$GEN" "$T/home/store.db" $ND 1 6 >/dev/null 2>>"$T/gen.err"
sqlite3 "$T/home/store.db" "UPDATE supplies SET level = 3000000000
    WHERE rowid = (SELECT max(rowid) FROM supplies)"
fa export bundle -q -o "$T/b4.bundle" >/dev/null 2>&1
before=$(hub_q "$T/pg" "SELECT (SELECT count(*) FROM bundles) || ' ' ||
    (SELECT count(*) FROM records) || ' ' || (SELECT count(*) FROM
    rec_supplies) || ' ' || (SELECT max(level) FROM rec_supplies)")
hubfa hub import --hub "$T/pg" -q "$T/b4.bundle" >"$T/out" 2>"$T/err"
rc=$?
check "a supply's level past 4 bytes: refused (exit $rc)" test "$rc" -ne 0
check "... one line naming the column ($(head -1 "$T/err"))" sh -c \
    "[ \$(wc -l <'$T/err') -eq 1 ] && grep -q 'level' '$T/err' &&
    grep -q 'out of range' '$T/err'"
check "... nothing of it stored ($before)" test "$(hub_q "$T/pg" "SELECT
    (SELECT count(*) FROM bundles) || ' ' || (SELECT count(*) FROM records)
    || ' ' || (SELECT count(*) FROM rec_supplies) || ' ' || (SELECT
    max(level) FROM rec_supplies)")" = "$before"
check "... the store sound" test "$(hub_integrity "$T/pg")" = ok
"$GEN" "$T/home/store.db" $ND 1 7 >/dev/null 2>>"$T/gen.err"
sqlite3 "$T/home/store.db" "UPDATE supplies SET level = 1
    WHERE level = 3000000000"
fa export bundle --since all -q -o "$T/b5.bundle" >/dev/null 2>&1
imp "all again after the refusal" "$T/b5.bundle"
same "all again after the refusal"

# ---- two sites' COPYs at once ----
for n in 2 3; do
	mkdir -p "$T/home$n" && chmod 700 "$T/home$n"
	fa keys init --home "$T/home$n" -q >/dev/null 2>&1
	fa keys trust-hub --home "$T/home$n" "$T/lite/hub.pub" >/dev/null 2>&1
	for h in lite pg; do
		hubfa hub trust add --hub "$T/$h" "$T/home$n/collector.pub" \
		    --account "site$n" -q >/dev/null 2>&1
	done
	"$GEN" "$T/home$n/store.db" $ND 3 >/dev/null 2>>"$T/gen.err"
	fa export bundle --home "$T/home$n" --since all -q \
	    -o "$T/s$n.bundle" >/dev/null 2>&1
done
hubfa hub import --hub "$T/pg" -q "$T/s2.bundle" >"$T/s2.out" 2>&1 &
p2=$!
hubfa hub import --hub "$T/pg" -q "$T/s3.bundle" >"$T/s3.out" 2>&1 &
p3=$!
wait $p2
r2=$?
wait $p3
r3=$?
check "two sites imported at once into PostgreSQL (exit $r2, $r3)" \
    test "$r2" -eq 0 -a "$r3" -eq 0
for n in 2 3; do
	hubfa hub import --hub "$T/lite" -q "$T/s$n.bundle" >/dev/null 2>&1
done
same "two sites at once"
check "the generator ran ($(head -c 200 "$T/gen.err"))" test ! -s \
    "$T/gen.err"
finish
