#!/bin/sh
# bundle.sh: the bundle bench (BENCH_ONLY=bundle sh tests/bench/bench.sh,
# or this script alone after make): no network, no root.
#
#  - a store of BENCH_BUNDLE_DEVICES devices read once a day for
#    BENCH_BUNDLE_DAYS days, every read stored by store_put_device()
#    (tests/tools/bundle_mkstore.c, built here), so it holds what the
#    change-only rules keep; then "export bundle --since all" of all of it
#    and "hub import" of that bundle: wall time, CPU, peak RSS (GNU time
#    -v) on both sides, the bundle's size;
#  - with BENCH_BUNDLE_PG=1 (root: the server runs as the user postgres),
#    the same bundle imported BENCH_BUNDLE_PG_RUNS times into PostgreSQL
#    (a private server of tests/lib/pg.sh on 127.204.0.12, fsync on, a
#    fresh database each time): wall time, the client's CPU, the
#    server's (every postgres process's, from /proc) and the load
#    average around each run;
#  - BENCH_BUNDLE_SMALL small bundles (BENCH_BUNDLE_SMALL_DEVICES devices,
#    one day each, exported one after the other from one collector), then
#    one "hub import DIR" of all of them: bundles per second.
#
# Knobs (environment):
#   BENCH_BUNDLE_DEVICES        devices of the large bundle (10000)
#   BENCH_BUNDLE_DAYS           days (30)
#   BENCH_BUNDLE_SMALL          small bundles (1000)
#   BENCH_BUNDLE_SMALL_DEVICES  devices in each (5)
#   BENCH_BUNDLE_PG             1: the PostgreSQL import too (0)
#   BENCH_BUNDLE_PG_RUNS        its runs (3)
#   BENCH_OUT                   where bundle.md and the logs go
#                               (build/bench); the generated store is kept
#                               in BENCH_OUT/bundle and reused while its
#                               size knobs do not change
#   FLEETAUDIT                  the binary (build/fleetaudit)
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$top" || exit 2
BUILD=${BUILD:-build}
FA=${FLEETAUDIT:-$top/$BUILD/fleetaudit}
GEN=$top/$BUILD/tests/tools/bundle_mkstore
OUT=${BENCH_OUT:-$top/build/bench}
NDEV=${BENCH_BUNDLE_DEVICES:-10000}
NDAYS=${BENCH_BUNDLE_DAYS:-30}
NSMALL=${BENCH_BUNDLE_SMALL:-1000}
SDEV=${BENCH_BUNDLE_SMALL_DEVICES:-5}
PG=${BENCH_BUNDLE_PG:-0}
PGRUNS=${BENCH_BUNDLE_PG_RUNS:-3}
TIME=/usr/bin/time

die() { echo "bench: $*" >&2; exit 2; }
say() { echo "bench: [$(date +%H:%M:%S)] $*"; }
num() {
	case $2 in ''|*[!0-9]*) die "$1: a number from $3 to $4" ;; esac
	[ "$2" -ge "$3" ] && [ "$2" -le "$4" ] || die "$1: $3..$4"
}
num BENCH_BUNDLE_DEVICES "$NDEV" 1 100000
num BENCH_BUNDLE_DAYS "$NDAYS" 1 365
num BENCH_BUNDLE_SMALL "$NSMALL" 1 100000
num BENCH_BUNDLE_SMALL_DEVICES "$SDEV" 1 1000
num BENCH_BUNDLE_PG "$PG" 0 1
num BENCH_BUNDLE_PG_RUNS "$PGRUNS" 1 20
[ "$PG" = 0 ] || [ "$(id -u)" = 0 ] ||
    die "BENCH_BUNDLE_PG=1 needs root (PostgreSQL runs as postgres)"
[ -x "$FA" ] || die "$FA not built (run make first)"
[ -x "$TIME" ] || die "GNU time missing (make deps)"
make --no-print-directory -s BUILD="$BUILD" "$GEN" ||
    die "cannot build $GEN"

D=$OUT/bundle
mkdir -p "$D" || die "cannot create $D"
db=$D/store-$NDEV-$NDAYS.db
if [ ! -s "$db" ]; then
	rm -f "$D"/store-*.db "$D"/store-*.db-wal "$D"/store-*.db-shm
	say "generating $NDEV devices x $NDAYS days (store_put_device)"
	$TIME -v "$GEN" "$db.new" "$NDEV" "$NDAYS" >"$D/gen.out" \
	    2>"$D/gen.time" || die "generator failed: see $D/gen.time"
	sqlite3 "$db.new" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	mv "$db.new" "$db"
	rm -f "$db.new-wal" "$db.new-shm"
fi
W=$D/work
rm -rf "$W"
mkdir -p "$W/home" "$W/small" || die "cannot create $W"
chmod 700 "$W/home"
# The collector's home uses the generated store in place (read only but
# for the export mark, which a copy keeps apart).
cp "$db" "$W/home/store.db" || die "cannot copy the store"

fa() {
	env -i PATH=/usr/bin:/bin HOME="$W" FLEETAUDIT_HOME="$W/home" \
	    FLEETAUDIT_HUB="$W/hub" "$@"
}
fa "$FA" keys init -q >/dev/null || die "keys init failed"
fa "$FA" hub init "$W/hub" -q >/dev/null || die "hub init failed"
fa "$FA" keys trust-hub "$W/hub/hub.pub" >/dev/null 2>&1 ||
    die "trust-hub failed"
fa "$FA" hub trust add "$W/home/collector.pub" --account bench -q \
    >/dev/null || die "trust add failed"

# t NAME: "wall_s user_s sys_s rss_mb" from NAME.time
t() {
	awk -F': ' '
	    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0
		for (i = 1; i <= n; i++) w = w * 60 + p[i] }
	    /User time/ { u = $2 } /System time/ { s = $2 }
	    /Maximum resident/ { r = $2 / 1024 }
	    END { printf "%.2f %.2f %.2f %.0f\n", w, u, s, r }' "$D/$1.time"
}

say "export bundle --since all ($NDEV devices x $NDAYS days)"
fa "$TIME" -v "$FA" export bundle --since all -o "$W/big.bundle" \
    >"$D/export.out" 2>"$D/export.time" ||
    die "export failed: see $D/export.time"
say "hub import of that bundle"
fa "$TIME" -v "$FA" hub import "$W/big.bundle" -q >"$D/import.out" \
    2>"$D/import.time" || die "import failed: see $D/import.time"
size=$(stat -c %s "$W/big.bundle")
scans=$(sqlite3 -readonly "$db" "SELECT count(*) FROM scans")
records=$(sed -n 's/^records *\([0-9]*\).*/\1/p' "$D/export.out")
dbmb=$(du -m "$db" | cut -f1)
hubmb=$(du -m "$W/hub/hub.db" | cut -f1)
set -- $(t export)
e_wall=$1 e_user=$2 e_sys=$3 e_rss=$4
set -- $(t import)
i_wall=$1 i_user=$2 i_sys=$3 i_rss=$4

# The PostgreSQL import: the server's CPU is the postmaster's with its
# children's that ended (each import's two backends) and the live ones'.
pgcpu() {
	_pm=$(head -n 1 "$PG_DIR/data/postmaster.pid")
	_t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$_pm/stat")
	for _c in $(cat /proc/"$_pm"/task/*/children); do
		_t=$((_t + $(awk '{ print $14 + $15 }' "/proc/$_c/stat" \
		    2>/dev/null || echo 0)))
	done
	echo "$_t"
}
pgrows=
if [ "$PG" = 1 ]; then
	T=$W
	. "$top/tests/lib/benchpg.sh"
	say "PostgreSQL server on 127.204.0.12"
	pg_start 127.204.0.12 54396 || die "PostgreSQL did not start"
	pgver=$(pg_sql postgres "SHOW server_version")
	hz=$(getconf CLK_TCK)
	pgfa() {
		env -i PATH=/usr/bin:/bin HOME="$W" FLEETAUDIT_HOME="$W/home" \
		    PGPASSWORD="$PG_PASS" "$@"
	}
	i=1
	while [ "$i" -le "$PGRUNS" ]; do
		url=$(pg_db "import$i") || die "createdb"
		pgfa "$FA" hub init "$W/pg$i" --store "$url" -q >/dev/null ||
		    die "hub init --store"
		cp "$W/hub/hub-encrypt.key" "$W/hub/hub-sign.key" \
		    "$W/hub/hub.pub" "$W/pg$i/" || die "cannot copy the hub keys"
		pgfa "$FA" hub trust add --hub "$W/pg$i" "$W/home/collector.pub" \
		    --account bench -q >/dev/null || die "trust add (PostgreSQL)"
		sync
		say "hub import into PostgreSQL ($i of $PGRUNS)"
		l0=$(cut -d ' ' -f 1 /proc/loadavg)
		c0=$(pgcpu)
		pgfa "$TIME" -v "$FA" hub import --hub "$W/pg$i" -q \
		    "$W/big.bundle" >"$D/pg$i.out" 2>"$D/pg$i.time" ||
		    die "PostgreSQL import failed: see $D/pg$i.time"
		sleep 1	# the backends' exit
		c1=$(pgcpu)
		l1=$(cut -d ' ' -f 1 /proc/loadavg)
		set -- $(t "pg$i")
		pgrows="$pgrows| PostgreSQL import $i | $1 | $2 | $3 | $4 |\
 $(awk -v a="$c0" -v b="$c1" -v hz="$hz" \
		    'BEGIN { printf "%.2f", (b - a) / hz }') | $l0 to $l1 |
"
		pg_sql postgres "DROP DATABASE import$i" >/dev/null ||
		    die "dropdb"
		rm -rf "$W/pg$i"
		i=$((i + 1))
	done
fi

say "$NSMALL small bundles ($SDEV devices, one day each)"
# A second collector, with a store of its own, for a second account.
fa "$FA" keys init --home "$W/home2" -q >/dev/null || die "keys init failed"
fa "$FA" keys trust-hub --home "$W/home2" "$W/hub/hub.pub" >/dev/null 2>&1 ||
    die "trust-hub failed"
fa "$FA" hub trust add "$W/home2/collector.pub" --account small -q \
    >/dev/null || die "trust add failed"
i=0
while [ "$i" -lt "$NSMALL" ]; do
	"$GEN" "$W/home2/store.db" "$SDEV" 1 "$i" >/dev/null \
	    2>"$D/small-gen.err" ||
	    die "generator failed (small bundle $i): $(cat "$D/small-gen.err")"
	fa "$FA" export bundle --home "$W/home2" -q \
	    -o "$W/small/$(printf %06d "$i").bundle" >/dev/null \
	    2>"$D/small-export.err" ||
	    die "export of small bundle $i failed: $(cat "$D/small-export.err")"
	i=$((i + 1))
done
ssize=$(du -k "$W/small" | cut -f1)
say "hub import of the $NSMALL small bundles"
fa "$TIME" -v "$FA" hub import "$W/small" -q \
    >"$D/small.out" 2>"$D/small.time" ||
    die "small imports failed: see $D/small.time"
set -- $(t small)
s_wall=$1 s_rss=$4
s_rate=$(awk -v n="$NSMALL" -v w="$s_wall" 'BEGIN {
    printf "%.0f", (w > 0 ? n / w : n) }')
s_ok=$(grep -c '^imported: ' "$D/small.out")

{
echo "## Bundles"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -sr), $(nproc) cores," \
    "$($FA --version 2>&1 | head -n 1), $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)."
echo "Store: $NDEV devices read daily for $NDAYS days, $scans scans," \
    "$dbmb MB (store_put_device(): change-only)."
echo
echo "| | wall s | user s | sys s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|"
echo "| export bundle --since all | $e_wall | $e_user | $e_sys | $e_rss |"
echo "| hub import | $i_wall | $i_user | $i_sys | $i_rss |"
if [ -n "$pgrows" ]; then
	echo
	echo "PostgreSQL $pgver (tests/lib/pg.sh, fsync on), a fresh database" \
	    "each run; the server's CPU: every postgres process's."
	echo
	echo "| | wall s | client user s | client sys s | client peak RSS MB | server CPU s | load average before, after |"
	echo "|---|---:|---:|---:|---:|---:|---|"
	printf '%s' "$pgrows"
fi
echo
echo "Bundle: $size bytes, $records records; the hub's store after the" \
    "import: $hubmb MB."
echo
echo "Small bundles: $NSMALL of $SDEV devices, one day each ($ssize KB in" \
    "all): $s_ok imported by one hub import in $s_wall s, $s_rate" \
    "bundles/s, peak RSS $s_rss MB."
} >"$D/../bundle.md"
cat "$D/../bundle.md"
[ "$s_ok" -eq "$NSMALL" ] || die "only $s_ok of $NSMALL small bundles imported"
exit 0
