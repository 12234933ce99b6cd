#!/bin/sh
# report.sh: the report's bench (BENCH_ONLY=report sh tests/bench/bench.sh,
# or this script alone after make units): "fleetaudit report" on a store of
# BENCH_REPORT_DEVICES devices read once a day for BENCH_REPORT_DAYS days
# (tests/tools/report_benchgen.c: every third device colour, every meter
# changing every day, toner runs of several days, cartridge swaps), the
# xlsx workbook, the HTML page and the CSV files each in its own run, all
# with the costs, utilisation and proposal (samples/prices.csv,
# samples/proposal.csv, the built-in model catalog): wall time, CPU and
# peak RSS (GNU time -v), and the files' sizes.  No network, no root.
#
# Knobs (environment):
#   BENCH_REPORT_DEVICES  devices (10000; 1..60000)
#   BENCH_REPORT_DAYS     daily readings per device (365; 1..3650)
#   BENCH_OUT             where report.md and the logs go (build/bench);
#                         the generated store is kept there and reused
#                         while its size knobs do not change
#   FLEETAUDIT            the binary (build/fleetaudit)
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$top" || exit 2
BUILD=${BUILD:-build}
FA=${FLEETAUDIT:-$top/$BUILD/fleetaudit}
GEN=$top/$BUILD/tests/tools/report_benchgen
OUT=${BENCH_OUT:-$top/build/bench}
NDEV=${BENCH_REPORT_DEVICES:-10000}
NDAYS=${BENCH_REPORT_DAYS:-365}
TIME=/usr/bin/time

die() { echo "bench: $*" >&2; exit 2; }
say() { echo "bench: [$(date +%H:%M:%S)] $*"; }
case $NDEV in ''|*[!0-9]*) die "BENCH_REPORT_DEVICES: 1..60000" ;; esac
case $NDAYS in ''|*[!0-9]*) die "BENCH_REPORT_DAYS: 1..3650" ;; esac
[ "$NDEV" -ge 1 ] && [ "$NDEV" -le 60000 ] || die "BENCH_REPORT_DEVICES: 1..60000"
[ "$NDAYS" -ge 1 ] && [ "$NDAYS" -le 3650 ] || die "BENCH_REPORT_DAYS: 1..3650"
[ -x "$FA" ] || die "$FA not built (run make first)"
[ -x "$GEN" ] || die "$GEN not built (run make units)"
[ -x "$TIME" ] || die "GNU time missing (make deps)"

D=$OUT/report
mkdir -p "$D" || die "cannot create $D"
db=$D/store-$NDEV-$NDAYS.db
if [ ! -s "$db" ]; then
	rm -f "$D"/store-*.db "$D"/store-*.db-wal "$D"/store-*.db-shm
	say "generating $NDEV devices x $NDAYS days"
	$TIME -v "$GEN" "$db.new" "$NDEV" "$NDAYS" >"$D/gen.out" \
	    2>"$D/gen.time" || die "generator failed: see $D/gen.time"
	mv "$db.new" "$db"
	rm -f "$db.new-wal" "$db.new-shm"
fi
dbsize=$(du -m "$db" | cut -f1)
scans=$(sqlite3 -readonly "$db" "SELECT count(*) FROM scans" 2>/dev/null)

# measure NAME ARGS...: one report run under GNU time.
measure() {
	_n=$1
	shift
	say "report --$_n"
	env -i PATH=/usr/bin:/bin HOME="$D" "$TIME" -v "$FA" report -q \
	    --db "$db" --to 2026-10-31 "$@" >"$D/$_n.out" 2>"$D/$_n.time" ||
	    die "report --$_n failed: see $D/$_n.time"
	eval "${_n}_wall=\$(sed -n 's/.*Elapsed (wall clock) time.*: //p' \"\$D/\$_n.time\" |
	    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + \$i;
	    printf \"%.1f s\", s }')"
	eval "${_n}_user=\$(sed -n 's/.*User time (seconds): //p' \"\$D/\$_n.time\")"
	eval "${_n}_sys=\$(sed -n 's/.*System time (seconds): //p' \"\$D/\$_n.time\")"
	eval "${_n}_rss=\$(sed -n 's/.*Maximum resident set size (kbytes): //p' \"\$D/\$_n.time\")"
}
# the new parts: costs (a price book) and the proposal
P="--prices $top/samples/prices.csv --proposal $top/samples/proposal.csv"
# shellcheck disable=SC2086
measure xlsx --xlsx "$D/report.xlsx" $P
# shellcheck disable=SC2086
measure html --html "$D/report.html" $P
rm -rf "$D/csv"
# shellcheck disable=SC2086
measure csv --csv "$D/csv" $P
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
fsize() { awk -v b="$(cat "$@" | wc -c)" 'BEGIN { printf "%.1f MB", b / 1048576 }'; }

{
	echo "## Report: $NDEV devices x $NDAYS daily readings"
	echo
	echo "Store: $scans scans, $dbsize MB ($(date -u +%Y-%m-%d), $(nproc) cores)."
	echo
	echo "| Output | Wall time | CPU (user + sys) | Peak RSS | File |"
	echo "|---|---|---|---|---|"
	echo "| xlsx (with Costs, Utilisation, Proposal; 3 charts) | $xlsx_wall | $xlsx_user + $xlsx_sys s | $(mb "$xlsx_rss") | $(fsize "$D/report.xlsx") |"
	echo "| HTML (one page, inline SVG) | $html_wall | $html_user + $html_sys s | $(mb "$html_rss") | $(fsize "$D/report.html") |"
	echo "| CSV (one file per part) | $csv_wall | $csv_user + $csv_sys s | $(mb "$csv_rss") | $(fsize "$D"/csv/*.csv) |"
} >"$D/report.md"
cat "$D/report.md"
