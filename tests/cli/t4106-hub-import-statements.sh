#!/bin/sh
# t4106-hub-import-statements: what the SQLite hub's import has SQLite
# parse per bundle (export/hub/hubstore.c, kind_st(); docs/bench.md,
# "Small bundles: statements prepared per import").  Every statement the
# import prepares is seen by a shim put before libsqlite3
# (sqlite3_prepare_v2(), LD_PRELOAD), which counts its parameters:
# numbered ones (?N), which SQLite's parser looks up one by one among
# those before them, and plain ones (?).
#  - 20 small bundles (5 devices, one day each) imported by one
#    "hub import DIR": each imported; at most 300 numbered parameters
#    parsed per bundle (every kind's 64-row upsert prepared at every
#    import, as before, was over 30,000) and no statement with over 100;
#  - a bundle of 30 devices (90 meter records, over the 64 that go by
#    one statement): its records stored, by an upsert of 64 rows whose
#    parameters are plain "?" (no statement with over 100 numbered).
# A count, not a time: the same on any machine, under any load.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubcli.sh"
GEN=$top/${BUILD:-build}/tests/tools/bundle_mkstore
if [ ! -x "$GEN" ]; then
	not_ok "generator built ($GEN; make units)"
	finish
fi

cat >"$T/shim.c" <<'EOF'
/* Counts the parameters of each statement given to sqlite3_prepare_v2();
 * at exit appends "statements numbered plain max_numbered max_plain" to
 * the file $PREP_LOG. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*prep_fn)(void *, const char *, int, void **, const char **);
static long	nst, nnum, nanon, maxnum, maxanon;

int	sqlite3_prepare_v2(void *, const char *, int, void **, const char **);

int
sqlite3_prepare_v2(void *db, const char *sql, int n, void **st,
    const char **tail)
{
	static prep_fn	 real;
	const char	*p, *end;
	long		 num = 0, anon = 0;
	char		 q = 0;

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "sqlite3_prepare_v2");
	end = sql + (n < 0 ? (int)strlen(sql) : n);
	for (p = sql; p < end && *p != '\0'; p++) {
		if (q != 0) {
			if (*p == q)
				q = 0;
		} else if (*p == '\'' || *p == '"')
			q = *p;
		else if (*p == '?') {
			if (p[1] >= '0' && p[1] <= '9')
				num++;
			else
				anon++;
		}
	}
	nst++;
	nnum += num;
	nanon += anon;
	if (num > maxnum)
		maxnum = num;
	if (anon > maxanon)
		maxanon = anon;
	return real(db, sql, n, st, tail);
}

__attribute__((destructor)) static void
prep_report(void)
{
	const char	*path = getenv("PREP_LOG");
	FILE		*f;

	if (path == NULL || (f = fopen(path, "a")) == NULL)
		return;
	fprintf(f, "%ld %ld %ld %ld %ld\n", nst, nnum, nanon, maxnum, maxanon);
	fclose(f);
}
EOF
if ! cc -shared -fPIC -O1 -o "$T/shim.so" "$T/shim.c" -ldl \
    >"$T/cc.err" 2>&1; then
	not_ok "the counting shim built"
	sed 's/^/# /' "$T/cc.err" | head -5
	finish
fi
# An ASan build wants its runtime first.
pre=$T/shim.so
asan=$(ldd "$FA" 2>/dev/null | awk '/libasan/ { print $3 }')
[ -n "$asan" ] && pre="$asan $pre"
# counted HUB ARGS...: hub ARGS with the shim, its line in $T/prep
counted() {
	rm -f "$T/prep"
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$HUB" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    LD_PRELOAD="$pre" PREP_LOG="$T/prep" "$FA" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

HUB=$T/hub
mkdir -p "$T/home" "$T/small" && chmod 700 "$T/home"
fa keys init -q >/dev/null
hub hub init "$HUB" -q >/dev/null
fa keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
hub hub trust add "$T/home/collector.pub" --account small -q >/dev/null
i=0
while [ "$i" -lt 20 ]; do
	"$GEN" "$T/home/store.db" 5 1 "$i" >/dev/null 2>&1 &&
	    fa export bundle -q -o "$T/small/$(printf %03d "$i").bundle" \
	    >/dev/null 2>&1 || break
	i=$((i + 1))
done
check "20 small bundles made" test "$i" -eq 20

# ---- 20 small bundles, one "hub import DIR" ----
counted hub import "$T/small"
n=$(grep -c '^imported: ' "$T/out")
check "20 small bundles imported by one hub import (exit $rc, $n imported)" \
    test "$rc" -eq 0 -a "$n" -eq 20
# shellcheck disable=SC2046  # five numbers
set -- $(cat "$T/prep" 2>/dev/null) x x x x x
echo "# statements $1, numbered parameters $2, plain $3," \
    "at most $4 numbered and $5 plain in one"
check "at most 300 numbered parameters parsed per small bundle ($2 for 20)" \
    test "$2" != x -a "${2:-0}" -le 6000
check "no statement of over 100 numbered parameters (the most: $4)" \
    test "$4" != x -a "${4:-0}" -le 100
check "every record of the 20 bundles stored (15 meter records each)" \
    test "$(sqlite3 "$HUB/hub.db" "SELECT count(*) FROM rec_meters")" = 300

# ---- a bundle of 30 devices: the 64-row upsert, plain parameters ----
# (a second collector: a store of its own, a site of its own)
mkdir -p "$T/home2" && chmod 700 "$T/home2"
fa keys init --home "$T/home2" -q >/dev/null
fa keys trust-hub --home "$T/home2" "$HUB/hub.pub" >/dev/null 2>&1
hub hub trust add "$T/home2/collector.pub" --account small -q >/dev/null
"$GEN" "$T/home2/store.db" 30 1 >/dev/null 2>&1
fa export bundle --home "$T/home2" -q -o "$T/big.bundle" >/dev/null 2>&1
counted hub import "$T/big.bundle"
# shellcheck disable=SC2046
set -- $(cat "$T/prep" 2>/dev/null) x x x x x
echo "# statements $1, numbered parameters $2, plain $3," \
    "at most $4 numbered and $5 plain in one"
site=$(sqlite3 "$HUB/hub.db" "SELECT max(id) FROM sites")
check "a bundle of 30 devices imported (exit $rc): its 90 meter records" \
    test "$rc" -eq 0 -a "$(sqlite3 "$HUB/hub.db" \
    "SELECT count(*) FROM rec_meters WHERE site_id = $site")" = 90
check "... by a 64-row upsert of plain parameters (the most in one: $5)" \
    test "$5" != x -a "${5:-0}" -ge 640
check "... no statement of over 100 numbered parameters (the most: $4)" \
    test "$4" != x -a "${4:-0}" -le 100
finish
