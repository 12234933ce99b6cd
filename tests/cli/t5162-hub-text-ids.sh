#!/bin/sh
# t5162-hub-text-ids: hub schema 13 (export/hub/hubrec.h, hubtext.h): the
# records' texts once each in rec_text, the records holding their ids.
#  - the schema-11 fixture (tests/data/hub11) migrates to 13 with every
#    record the same through the view "records", byte for byte, no text
#    left in a record table, each text once;
#  - a migration 12 to 13 that fails (a table rec_text in its way) leaves
#    the store at schema 12 with every record as it was, one clear line;
#    once mended it migrates, the same records;
#  - two imports of bundles naming the same texts: each text stored once,
#    the second bundle's records read back with their texts.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubcli.sh"
D=$top/tests/data/hub11
GEN=$top/${BUILD:-build}/tests/tools/bundle_mkstore
if [ ! -x "$GEN" ]; then
	not_ok "generator built ($GEN; make units)"
	finish
fi
# texts in record tables' columns (schema 13: none)
texts() {
	sqlite3 "$1" "SELECT count(*) FROM pragma_table_list t,
	    pragma_table_info(t.name) c WHERE t.name LIKE 'rec!_%' ESCAPE '!'
	    AND t.name != 'rec_text' AND c.type = 'TEXT'"
}

# ---- 11 to 13 ----
h11 "$T/a"
recs "$T/a/hub.db" >"$T/rec11"
HUB=$T/a
hrun hub devices --account gen --json
check "a schema-11 store opened: exit 0" test "$rc" -eq 0
check "... schema 15" test "$(sqlite3 "$T/a/hub.db" 'PRAGMA user_version')" = 15
recs "$T/a/hub.db" >"$T/rec13"
check "every record the same through the view, byte for byte ($(wc -l <"$T/rec11"))" \
    sh -c "cmp -s '$T/rec11' '$T/rec13' && [ \$(wc -l <'$T/rec11') -eq 350 ]"
check "no text column left in a record table" test "$(texts "$T/a/hub.db")" = 0
check "each text once in rec_text ($(sqlite3 "$T/a/hub.db" 'SELECT count(*) FROM rec_text') texts)" \
    test "$(sqlite3 "$T/a/hub.db" 'SELECT count(*) - count(DISTINCT t) FROM rec_text')" = 0 -a \
    "$(sqlite3 "$T/a/hub.db" "SELECT count(*) FROM rec_text WHERE t = 'total'")" = 1
check "hub devices as the schema-11 program said" \
    cmp -s "$T/out" "$D/devices-gen.json"

# ---- 12 to 13 failing: the store stays at 12 ----
h11 "$T/b"
# a table of the name step 13 makes: steps 11 to 12 pass, 12 to 13 fails
sqlite3 "$T/b/hub.db" "CREATE TABLE rec_text (x INTEGER)"
HUB=$T/b
hexpect 1 "cannot migrate the hub store" \
    "migration 12 to 13 in the way of a table: refused, one line" -- \
    hub devices --account gen
check "... the store at schema 12" \
    test "$(sqlite3 "$T/b/hub.db" 'PRAGMA user_version')" = 12
recs "$T/b/hub.db" >"$T/rec12"
check "... every record as it was (schema 12's tables, texts in place)" \
    sh -c "cmp -s '$T/rec11' '$T/rec12' && [ \$(sqlite3 '$T/b/hub.db' \
    \"SELECT count(*) FROM rec_meters WHERE typeof(name) = 'text'\") -gt 0 ]"
sqlite3 "$T/b/hub.db" "DROP TABLE rec_text"
hrun hub devices --account gen --json
recs "$T/b/hub.db" >"$T/rec13b"
check "... once mended it migrates to 15, the same records" \
    sh -c "[ $rc -eq 0 ] && cmp -s '$T/rec11' '$T/rec13b' &&
    [ \$(sqlite3 '$T/b/hub.db' 'PRAGMA user_version') = 15 ]"

# ---- two imports naming the same texts ----
HUB=$T/hub
mkdir -p "$T/home" && chmod 700 "$T/home"
fa keys init -q >/dev/null
hub hub init "$HUB" -q >/dev/null
fa keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
hub hub trust add "$T/home/collector.pub" --account big -q >/dev/null
"$GEN" "$T/home/store.db" 20 2 >/dev/null 2>&1
fa export bundle -q -o "$T/1.bundle" >/dev/null 2>&1
"$GEN" "$T/home/store.db" 20 2 2 >/dev/null 2>&1
fa export bundle -q -o "$T/2.bundle" >/dev/null 2>&1
hrun hub import "$T/1.bundle" -q
n1=$(sqlite3 "$HUB/hub.db" "SELECT count(*) FROM rec_text")
hrun hub import "$T/2.bundle" -q
n2=$(sqlite3 "$HUB/hub.db" "SELECT count(*) FROM rec_text")
check "two bundles imported ($n1 texts after the first, $n2 after both)" \
    test "$rc" -eq 0 -a -n "$n1" -a "${n1:-0}" -gt 10 -a \
    "$(sqlite3 "$HUB/hub.db" 'SELECT count(*) FROM bundles')" = 2
check "... each text once" test \
    "$(sqlite3 "$HUB/hub.db" 'SELECT count(*) - count(DISTINCT t) FROM rec_text')" = 0
check "... every meter of the second with its name and unit" test \
    "$(sqlite3 "$HUB/hub.db" "SELECT count(*) FROM records WHERE
    kind = 'meters' AND bundle_id = 2 AND (json_extract(data, '$.name')
    IS NULL OR json_extract(data, '$.unit') IS NULL)")" = 0 -a \
    "$(sqlite3 "$HUB/hub.db" "SELECT count(*) FROM records WHERE
    kind = 'meters' AND bundle_id = 2")" -gt 0
finish
