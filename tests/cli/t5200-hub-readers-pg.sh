#!/bin/sh
# t5200-hub-readers-pg: the hub store's readers (export/hub/hubstore_read.c:
# accounts a user may see, sites, an account's devices a page at a time,
# one device, a device's records and history, an account's alerts and
# cartridges) on PostgreSQL: test_hubstore's reader cases run against an
# empty database of a private server (tests/lib/hubstore.sh), so both
# engines answer the same rows to the same checks.
FA_HUB_STORE=postgresql
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
hub_store_start

bin=$top/${BUILD:-build}/tests/bin/test_hubstore
if [ ! -x "$bin" ]; then
	not_ok "test_hubstore built ($bin; make units)"
	finish
fi
url=$(pg_db readers) || { not_ok "database readers created"; finish; }
env -i PATH=/usr/bin:/bin TMPDIR="$T" PGPASSWORD="$PGPASSWORD" \
    PGCONNECT_TIMEOUT=10 FA_TEST_HUB_STORE="$url" \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
    "$bin" >"$T/out" 2>&1
rc=$?
cat "$T/out"
n=$(grep -c '^ok - test_read_' "$T/out")
check "every reader case ran on PostgreSQL and passed (6 of 6, exit $rc)" \
    test "$rc" -eq 0 -a "$n" -eq 6
check "the store is PostgreSQL's: the fixture's rows are in database" \
    test "$(pg_sql readers 'SELECT count(*) FROM devices')" = 4
finish
