#!/bin/sh
# hubpg.sh: the hub's central store at dealer scale (BENCH_ONLY=hubpg sh
# tests/bench/bench.sh, or this script alone after make units).
#
#  - BENCH_HUBPG_SITES collectors (sites), each with a store of its own
#    (tests/tools/bundle_mkstore, 5 devices) exporting one bundle a day
#    for BENCH_HUBPG_DAYS days: SITES x DAYS small bundles (1,000 by
#    default), as a dealer's hub receives them;
#  - "hub import" of all of them by one process into an SQLite hub, then
#    into PostgreSQL (a server of the bench's own, tests/lib/pg.sh) by 1,
#    2 and 4 processes at once, each process given the bundles of its
#    share of the sites (a site's bundles go in sequence order), each run
#    into a fresh database; then 4 processes each given ALL the bundles
#    (racing: each bundle must still be imported exactly once);
#  - every run checked: bundles, devices and records counted, equal to
#    the SQLite import's; bundles per second and the ratios.
#
# Knobs: BENCH_HUBPG_SITES (20), BENCH_HUBPG_DAYS (50), BENCH_OUT
# (build/bench: hubpg.md and hubpg/ there), FLEETAUDIT (the binary).
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$top" || exit 2
BUILD=${BUILD:-build}
FA=${FLEETAUDIT:-$top/$BUILD/fleetaudit}
GEN=$top/$BUILD/tests/tools/bundle_mkstore
OUT=${BENCH_OUT:-$top/build/bench}
NS=${BENCH_HUBPG_SITES:-20}
ND=${BENCH_HUBPG_DAYS:-50}

die() { echo "bench: $*" >&2; exit 2; }
say() { echo "bench: [$(date +%H:%M:%S)] $*"; }
num() {
	case $2 in ''|*[!0-9]*) die "$1: a number from $3 to $4" ;; esac
	[ "$2" -ge "$3" ] && [ "$2" -le "$4" ] || die "$1: $3..$4"
}
num BENCH_HUBPG_SITES "$NS" 4 400
num BENCH_HUBPG_DAYS "$ND" 1 1000
[ -x "$FA" ] || die "$FA not built (run make first)"
[ -x "$GEN" ] || die "$GEN not built (run make units)"
W=$OUT/hubpg
rm -rf "$W"
mkdir -p "$W/bundles" || die "cannot create $W"
T=$W
. "$top/tests/lib/benchpg.sh"

fa() {
	env -i PATH=/usr/bin:/bin HOME="$W" PGPASSWORD="$PG_PASS" "$FA" "$@"
}
now_ms() { date +%s%3N; }

say "PostgreSQL server on 127.204.0.9"
pg_start 127.204.0.9 54399 || die "PostgreSQL did not start"
pgver=$(pg_sql postgres "SHOW server_version")

say "$NS sites x $ND bundles"
fa hub init "$W/sqlite" -q >/dev/null || die "hub init failed"
s=1
while [ "$s" -le "$NS" ]; do
	h=$W/c$s
	fa keys init --home "$h" -q >/dev/null &&
	    fa keys trust-hub --home "$h" "$W/sqlite/hub.pub" >/dev/null 2>&1 ||
	    die "keys of site $s"
	fa hub trust add --hub "$W/sqlite" "$h/collector.pub" \
	    --account "acct$((s % 5))" -q >/dev/null || die "trust site $s"
	mkdir "$W/bundles/s$s"
	d=0
	while [ "$d" -lt "$ND" ]; do
		"$GEN" "$h/store.db" 5 1 "$d" >/dev/null 2>"$W/gen.err" ||
		    die "generator: $(cat "$W/gen.err")"
		fa export bundle --home "$h" -q \
		    -o "$W/bundles/s$s/$(printf %04d "$d").bundle" \
		    >/dev/null 2>"$W/export.err" ||
		    die "export: $(cat "$W/export.err")"
		d=$((d + 1))
	done
	s=$((s + 1))
done
NB=$((NS * ND))
kb=$(du -k "$W/bundles" | tail -1 | cut -f1)

# hub_like DIR: a hub directory with the SQLite hub's keys and trust.
hub_like() {
	mkdir -p "$1"
	cp "$W/sqlite/hub-encrypt.key" "$W/sqlite/hub-sign.key" \
	    "$W/sqlite/hub.pub" "$1/"
}

# run_import HUB NPROC MODE: NPROC "hub import" at once; MODE split
# (sites dealt round robin) or all (each given every bundle), in the
# background; their PIDs in $_pids.
run_import() {
	_hub=$1 _np=$2 _mode=$3 _i=0 _pids=
	while [ "$_i" -lt "$_np" ]; do
		_dirs=
		s=1
		while [ "$s" -le "$NS" ]; do
			if [ "$_mode" = all ] ||
			    [ $(((s - 1) % _np)) -eq "$_i" ]; then
				_dirs="$_dirs $W/bundles/s$s"
			fi
			s=$((s + 1))
		done
		# shellcheck disable=SC2086
		fa hub import --hub "$_hub" -q $_dirs \
		    >"$W/imp-$_np-$_mode-$_i.out" 2>&1 &
		_pids="$_pids $!"
		_i=$((_i + 1))
	done
}

# counts HUB: "bundles devices records" of a hub's store.
counts_sqlite() {
	sqlite3 "$1/hub.db" "SELECT (SELECT count(*) FROM bundles),
	    (SELECT count(*) FROM devices), (SELECT count(*) FROM records)" |
	    tr '|' ' '
}
counts_pg() {
	pg_sql "$1" "SELECT (SELECT count(*) FROM bundles),
	    (SELECT count(*) FROM devices), (SELECT count(*) FROM records)" |
	    tr '|' ' '
}

# timed HUB NPROC MODE: runs, waits, prints "ms failures".
timed() {
	_t0=$(now_ms)
	run_import "$@"
	_f=0
	for _p in $_pids; do wait "$_p" || _f=$((_f + 1)); done
	echo "$(($(now_ms) - _t0)) $_f"
}

rate() { awk -v n="$NB" -v ms="$1" 'BEGIN { printf "%.0f", n * 1000 / ms }'; }

say "SQLite, 1 process"
set -- $(timed "$W/sqlite" 1 split)
sq_ms=$1
[ "$2" = 0 ] || die "SQLite import failed: see $W/imp-1-split-0.out"
ref=$(counts_sqlite "$W/sqlite")
[ "${ref%% *}" = "$NB" ] || die "SQLite hub holds ${ref%% *} bundles, not $NB"

rows=
for run in 1:split 2:split 4:split 4:all; do
	np=${run%:*} mode=${run#*:}
	db=pg${np}$mode
	url=$(pg_db "$db") || die "createdb $db"
	hub_like "$W/$db"
	printf '%s\n' "$url" >"$W/$db/store.conf"
	chmod 600 "$W/$db/store.conf"
	# The schema (by a throwaway hub), then the SQLite hub's keys and
	# trust: the bundles are sealed to those keys.
	fa hub init "$W/$db.init" --store "$url" -q >/dev/null 2>&1 ||
	    die "hub init --store $db"
	s=1
	while [ "$s" -le "$NS" ]; do
		fa hub trust add --hub "$W/$db" "$W/c$s/collector.pub" \
		    --account "acct$((s % 5))" -q >/dev/null ||
		    die "trust site $s in $db"
		s=$((s + 1))
	done
	say "PostgreSQL, $np process(es), $mode"
	set -- $(timed "$W/$db" "$np" "$mode")
	ms=$1 f=$2
	[ "$f" = 0 ] || die "$db: $f importer(s) failed: see $W/imp-$np-$mode-*.out"
	got=$(counts_pg "$db")
	[ "$got" = "$ref" ] ||
	    die "$db holds '$got' (bundles devices records), SQLite '$ref'"
	imported=$(cat "$W"/imp-$np-$mode-*.out | grep -c '^imported: ')
	[ "$imported" = "$NB" ] ||
	    die "$db: $imported imports told, not $NB (each exactly once)"
	eval "ms_$np$mode=$ms"
	rows="$rows$np $mode $ms
"
done

r() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b / a }'; }
{
	echo "## Hub import: SQLite and PostgreSQL"
	echo
	echo "$NB bundles ($NS sites x $ND days, 5 devices each, $kb KB in all)," \
	    "imported by \`hub import\`; PostgreSQL $pgver on loopback (fsync" \
	    "on, as a real server), $(nproc) cores.  Every run ends with" \
	    "the same counts as SQLite's (bundles devices records: $ref)," \
	    "each bundle imported exactly once."
	echo
	echo "| store | processes | bundles given | wall | bundles/s | vs SQLite |"
	echo "|---|---|---|---|---|---|"
	echo "| SQLite | 1 | its share | $(awk -v m="$sq_ms" 'BEGIN{printf "%.1f s", m/1000}') | $(rate "$sq_ms") | 1.00 |"
	echo "$rows" | while read -r np mode ms; do
		[ -n "$np" ] || continue
		echo "| PostgreSQL | $np | $([ "$mode" = all ] && echo "all (racing)" || echo "its share") | $(awk -v m="$ms" 'BEGIN{printf "%.1f s", m/1000}') | $(rate "$ms") | $(r "$ms" "$sq_ms") |"
	done
	echo
	echo "PostgreSQL 2 vs 1 process: $(r "$ms_2split" "$ms_1split")x;" \
	    "4 vs 1: $(r "$ms_4split" "$ms_1split")x."
} >"$OUT/hubpg.md"
cat "$OUT/hubpg.md"
