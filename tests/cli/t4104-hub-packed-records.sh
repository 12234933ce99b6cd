#!/bin/sh
# t4104-hub-packed-records: hub schema 15 (export/hub/hubrec.h).  On
# PostgreSQL the records of a kind but alerts and cartridges go 64 to a
# row (rec_KIND_p, arrays), read through views of schema 14's names;
# SQLite keeps schema 14's tables.  On the store FA_HUB_STORE picks (t4105: PostgreSQL):
#  - two bundles of one collector, the second moving runs of the first
#    ("seen") and filling rows the first began: every record through the
#    view "records" as an SQLite hub of the same bundles has it, key by
#    key in order (byte for byte on SQLite), and hub meters the same;
#  - the store at schema 15, the record tables as the engine keeps them
#    (on PostgreSQL analyzed, their GIN lists merged, after an import);
#  - migration 14 to 15: a schema-14 store (on PostgreSQL made from this
#    one: its tables again, the packed ones gone) migrates with every
#    record the same; on PostgreSQL one that fails (a table rec_meters_p
#    in its way) leaves schema 14 and every record as they were, one
#    clear line, and once mended it migrates;
#  - hub account delete counts the account's records (not packed rows).
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
hub_store_start
GEN=$top/${BUILD:-build}/tests/tools/bundle_mkstore
if [ ! -x "$GEN" ]; then
	not_ok "generator built ($GEN; make units)"
	finish
fi
KINDS="scans meters supplies trays meter_checks status_errors display
meter_flags"
# recs HUBDIR: every record through the view, as text, in key order
recs() {
	hub_q "$1" "SELECT site_id || '|' || kind || '|' || src_id || '|' ||
	    coalesce(CAST(device_src AS TEXT), '') || '|' || bundle_id || '|' ||
	    data FROM records ORDER BY site_id, kind, src_id"
}
ver() {
	if [ "$FA_HUB_STORE" = postgresql ]; then
		hub_q "$1" "SELECT user_version FROM hub_meta"
	else
		hub_q "$1" "PRAGMA user_version"
	fi
}

# ---- two bundles, the second moving and filling the first's ----
mkdir -p "$T/home" && chmod 700 "$T/home"
fa keys init -q >/dev/null
# the reference: an SQLite hub of the same bundles
R=$T/ref
env -i PATH=/usr/bin:/bin HOME="$T" "$FA" hub init "$R" -q >/dev/null 2>&1
HUB=$T/hub
# shellcheck disable=SC2046  # --store URL: two words
hub hub init "$HUB" $(hub_init_opts packed) -q >/dev/null
cp "$HUB/hub-encrypt.key" "$HUB/hub-sign.key" "$HUB/hub.pub" "$R/"
fa keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
hub hub trust add "$T/home/collector.pub" --account big -q >/dev/null
env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$R" "$FA" hub trust add \
    "$T/home/collector.pub" --account big -q >/dev/null 2>&1
"$GEN" "$T/home/store.db" 40 3 >/dev/null 2>&1
fa export bundle -q -o "$T/1.bundle" >/dev/null 2>&1
"$GEN" "$T/home/store.db" 40 2 3 >/dev/null 2>&1
fa export bundle -q -o "$T/2.bundle" >/dev/null 2>&1
for b in 1 2; do
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$R" "$FA" hub \
	    import "$T/$b.bundle" -q >/dev/null 2>&1
	hrun hub import "$T/$b.bundle" -q
	check "bundle $b imported" test "$rc" -eq 0
	[ "$b" = 1 ] && [ "$FA_HUB_STORE" = postgresql ] || continue
	# (tidied after an import of 1,000 records or more; the first is)
	check "after a large import: tables analyzed, no key left in a GIN list" \
	    test "$(hub_q "$HUB" "SELECT bool_and(reltuples >= 0) FROM pg_class
	    WHERE relname IN ('rec_meters_p', 'rec_scans_p')")" = t -a \
	    "$(hub_q "$HUB" "SELECT gin_clean_pending_list('rec_meters_p_device')
	    + gin_clean_pending_list('rec_scans_p_device')")" = 0
done
seen=$(sqlite3 "$R/hub.db" "SELECT json_extract(manifest, '$.records.seen')
    FROM bundles WHERE id = 2")
check "the second bundle moves runs of the first (${seen:-no} seen records)" \
    test "${seen:-0}" -gt 0
sqlite3 "$R/hub.db" "SELECT site_id || '|' || kind || '|' || src_id || '|' ||
    coalesce(CAST(device_src AS TEXT), '') || '|' || bundle_id || '|' || data
    FROM records ORDER BY site_id, kind, src_id" >"$T/rec.ref"
recs "$HUB" >"$T/rec.got"
# (PostgreSQL's JSON spells its separators its own way: key by key there)
$PY - "$T/rec.ref" "$T/rec.got" >"$T/cmp.out" 2>&1 <<'PYEOF'
import json, sys
def rows(f):
    out = []
    for line in open(f, encoding="utf-8"):
        p = line.rstrip("\n").split("|", 5)
        out.append((p[:5], list(json.loads(p[5]).items())))
    return out
a, b = rows(sys.argv[1]), rows(sys.argv[2])
bad = sum(1 for x, y in zip(a, b) if x != y) + abs(len(a) - len(b))
print("%d records, %d differ" % (len(a), bad))
sys.exit(1 if bad or len(a) < 1000 else 0)
PYEOF
check "every record as the SQLite hub has it, key by key in order ($(cat "$T/cmp.out"))" \
    test $? -eq 0
if [ "$FA_HUB_STORE" = sqlite ]; then
	check "... byte for byte" cmp -s "$T/rec.ref" "$T/rec.got"
fi
env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$R" "$FA" hub meters \
    --account big --period 2026-12 --csv >"$T/m.ref" 2>&1
hub hub meters --account big --period 2026-12 --csv >"$T/m.got" 2>&1
check "hub meters as on the SQLite hub ($(wc -l <"$T/m.ref") lines)" \
    sh -c "cmp -s '$T/m.ref' '$T/m.got' && [ \$(wc -l <'$T/m.ref') -gt 40 ]"
check "the store at schema 15" test "$(ver "$HUB")" = 15
if [ "$FA_HUB_STORE" = postgresql ]; then
	check "records 64 a row: each kind's table but two a view of rec_KIND_p" test \
	    "$(hub_q "$HUB" "SELECT count(*) FROM information_schema.tables
	    WHERE table_name LIKE 'rec!_%' ESCAPE '!' AND table_type = 'VIEW'
	    AND table_name || '_p' IN (SELECT table_name FROM
	    information_schema.tables WHERE table_type = 'BASE TABLE')")" = 8
	check "... fewer rows than records" test \
	    "$(hub_q "$HUB" "SELECT (SELECT count(*) FROM rec_meters_p) * 10 <
	    (SELECT count(*) FROM rec_meters)")" = t
else
	check "SQLite: the record tables of schema 13" test \
	    "$(hub_q "$HUB" "SELECT count(*) FROM sqlite_master WHERE type =
	    'table' AND name LIKE 'rec!_%' ESCAPE '!'")" = 11
fi
check "integrity" test "$(hub_integrity "$HUB")" = ok

# ---- migration 14 to 15 ----
# to14 HUBDIR: the store as schema 14 had it
to14() {
	if [ "$FA_HUB_STORE" != postgresql ]; then
		hub_q "$1" "PRAGMA user_version = 14"
		return
	fi
	_v=$(hub_q "$1" "SELECT pg_get_viewdef('records')")
	_sql="DROP VIEW records;"
	for _k in $KINDS; do
		_t=rec_$_k
		_c=$(hub_q "$1" "SELECT string_agg(quote_ident(column_name), ', '
		    ORDER BY ordinal_position) FROM information_schema.columns
		    WHERE table_name = '$_t' AND column_name NOT IN ('sd', 'pack_hi',
		    'pack_blk')")
		_key=row
		[ "$_k" = scans ] && _key=id
		_sql="$_sql CREATE TABLE ${_t}_14 AS SELECT $_c FROM $_t;
		    DROP VIEW $_t; DROP TABLE ${_t}_p;
		    ALTER TABLE ${_t}_14 RENAME TO $_t;
		    ALTER TABLE $_t ADD PRIMARY KEY (site_id, \"$_key\");"
		[ "$_k" = meter_flags ] || _sql="$_sql CREATE INDEX ${_t}_device
		    ON $_t (site_id, device_id);"
	done
	_sql="$_sql DROP FUNCTION hubrec_sd(integer, integer[]);
	    CREATE VIEW records AS $_v UPDATE hub_meta SET user_version = 14;"
	hub_q "$1" "BEGIN; $_sql COMMIT;" >/dev/null
}
recs "$HUB" >"$T/rec15"
to14 "$HUB"
check "a schema-14 store made" test "$(ver "$HUB")" = 14
recs "$HUB" >"$T/rec14"
check "... its records the same" cmp -s "$T/rec15" "$T/rec14"
if [ "$FA_HUB_STORE" = postgresql ]; then
	check "... in schema 14's tables" test "$(hub_q "$HUB" "SELECT count(*)
	    FROM information_schema.tables WHERE table_name LIKE 'rec!_%!_p'
	    ESCAPE '!'")" = 0
	# a table of the name step 15 makes: the migration fails
	hub_q "$HUB" "CREATE TABLE rec_meters_p (x INTEGER)" >/dev/null
	hexpect 1 "cannot migrate the hub store" \
	    "migration 14 to 15 in the way of a table: refused, one line" -- \
	    hub devices --account big
	check "... the store at schema 14" test "$(ver "$HUB")" = 14
	recs "$HUB" >"$T/rec14b"
	check "... every record as it was" cmp -s "$T/rec14" "$T/rec14b"
	check "... rec_meters still a table" test "$(hub_q "$HUB" "SELECT
	    table_type FROM information_schema.tables WHERE table_name =
	    'rec_meters'")" = "BASE TABLE"
	hub_q "$HUB" "DROP TABLE rec_meters_p" >/dev/null
fi
hrun hub devices --account big --json
check "opened: migrated to 15 (exit 0)" test "$rc" -eq 0 -a \
    "$(ver "$HUB")" = 15
recs "$HUB" >"$T/rec15b"
check "... every record the same, byte for byte" cmp -s "$T/rec15" \
    "$T/rec15b"
hub hub meters --account big --period 2026-12 --csv >"$T/m.mig" 2>&1
check "... hub meters the same" cmp -s "$T/m.ref" "$T/m.mig"
check "... integrity" test "$(hub_integrity "$HUB")" = ok

# ---- an account deleted: its records counted, not its rows ----
n=$(hub_q "$HUB" "SELECT count(*) FROM records")
hrun hub account delete big --yes
check "hub account delete: its $n records counted" sh -c "[ $rc -eq 0 ] &&
    grep -q ', $n records,' '$T/err'"
check "... and gone, the store sound" test "$(hub_q "$HUB" "SELECT
    count(*) FROM records")" = 0 -a "$(hub_integrity "$HUB")" = ok
finish
