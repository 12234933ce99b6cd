#!/bin/sh
# t5010-hub-report: "fleetaudit hub report" gives the report of
# "fleetaudit report" from the hub's central store: the collector's data
# exported in bundles and imported, reported on both sides for the same
# period, must be equal: every CSV file byte for byte, every xlsx cell
# (read back with openpyxl; only the Source cell differs), and the HTML
# page but for its line naming the source and the time it was made.
# Two collectors for two accounts: the sample fleet served on
# 127.77.20.x, assessed twice with a change in between (pages printed,
# toner used, a new sysLocation), in two bundles, the second with "seen
# unchanged" records; and the report fixture (tests/tools/report_fixture.c:
# flagged steps, gaps, days to empty), in one bundle.  Then the errors: no
# --account, an unknown account, nothing to write, report options on
# other hub subcommands.
#
# On either hub store (tests/lib/hubstore.sh; t5011-hub-report-pg:
# PostgreSQL).
#
# Addresses: the sample fleet on 127.77.20.N (127.77.20.0/24).
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
hub_store_start
P=127.77.20
H=$T/home
HUB=$T/hub
FIX=$top/${BUILD:-build}/tests/tools/report_fixture


# same NAME DIR1 X1 H1 DIR2 X2 H2: the CSV files of DIR1 and DIR2 (the
# same names, each equal), the workbooks X1 and X2 cell by cell, the
# HTML pages H1 and H2 without their "made" line.
cat >"$T/xlcmp.py" <<'PYEOF'
import sys
import openpyxl
a = openpyxl.load_workbook(sys.argv[1])
b = openpyxl.load_workbook(sys.argv[2])
diffs = []
if a.sheetnames != b.sheetnames:
    diffs.append("sheets %r / %r" % (a.sheetnames, b.sheetnames))
cells = 0
for n in a.sheetnames:
    if n not in b.sheetnames:
        continue
    wa, wb = a[n], b[n]
    ra = list(wa.iter_rows(values_only=True))
    rb = list(wb.iter_rows(values_only=True))
    if len(ra) != len(rb):
        diffs.append("%s: %d rows / %d" % (n, len(ra), len(rb)))
    for i, (x, y) in enumerate(zip(ra, rb)):
        if n == "Summary" and x and x[0] == "Source":
            continue        # "store FILE" / "hub account NAME"
        if x != y:
            diffs.append("%s row %d: %r / %r" % (n, i + 1, x, y))
        cells += len(x)
for d in diffs[:5]:
    print("# " + d)
print("cells %d differences %d" % (cells, len(diffs)))
sys.exit(1 if diffs else 0)
PYEOF
same() {
	_sn=$1
	_csv=0 _bad=
	for _f in "$2"/*.csv; do
		_csv=$((_csv + 1))
		cmp -s "$_f" "$5/$(basename "$_f")" ||
		    _bad="$_bad $(basename "$_f")"
	done
	check "$_sn: the 9 CSV files" test "$_csv" -eq 9
	check "$_sn: every CSV file identical${_bad:+ (differ:$_bad)}" \
	    test -z "$_bad"
	check "$_sn: no other CSV file on the hub" test \
	    "$(ls "$5" | wc -l)" -eq "$_csv"
	$PY "$T/xlcmp.py" "$3" "$6" >"$T/xl.out" 2>&1
	check "$_sn: xlsx cell by cell equal ($(tail -1 "$T/xl.out"))" \
	    test $? -eq 0
	sed -n '/^#/p' "$T/xl.out"
	grep -v '^<p class="meta">.* &middot; made ' "$4" >"$T/m1.html"
	grep -v '^<p class="meta">.* &middot; made ' "$7" >"$T/m2.html"
	check "$_sn: html identical but for the 'made' line" sh -c \
	    "cmp -s '$T/m1.html' '$T/m2.html' &&
	    [ \$(wc -l <'$4') -eq \$((\$(wc -l <'$T/m1.html') + 1)) ]"
}

# ---- help ----
fa help hub >"$T/help"
check "hub --help has report --account" grep -q 'report --account NAME' \
    "$T/help"

# ---- the bed, the keys, the hub ----
cp "$top/samples/fleet/hp-lj-m404.snmprec" "$T/hp.snmprec"
fleet_bed $P "$T/hp.snmprec"
# shellcheck disable=SC2086
assess() { fa assess -q -t 1s $V3 $P.1-12 >"$T/assess.out" 2>&1 || { echo "# assess failed"; sed "s/^/# /" "$T/assess.out" | head -5; }; }

fa keys init -q >/dev/null
# shellcheck disable=SC2046  # --store URL: two words
hub hub init "$HUB" $(hub_init_opts hub) -q >/dev/null
check "the hub's store: $FA_HUB_STORE" hub_store_is "$HUB"
fa keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
hub hub trust add "$H/collector.pub" --account acme -q >/dev/null 2>&1

# ---- two assessments, a change in between, two bundles ----
assess
run export bundle -o "$T/b1.bundle"
check "first bundle exported" test "$rc" -eq 0
bed_stop "$T/bed"
sed -e 's/^\(1\.3\.6\.1\.2\.1\.43\.10\.2\.1\.4\.1\.1|65|\).*/\149713/' \
    -e 's/^\(1\.3\.6\.1\.2\.1\.43\.11\.1\.1\.9\.1\.1|2|\).*/\158/' \
    -e 's/^\(1\.3\.6\.1\.2\.1\.1\.6\.0|4|\).*/\1Building B, room 1/' \
    -e 's/^\(1\.3\.6\.1\.2\.1\.43\.11\.1\.1\.6\.1\.1|4|\).*/\1=HYPERLINK("http:\/\/x","y")/' \
    "$T/hp.snmprec" >"$T/hp2" && mv "$T/hp2" "$T/hp.snmprec"
check "the change is in the recording" grep -q '|65|49713$' "$T/hp.snmprec"
fleet_bed_restart
assess
run export bundle -o "$T/b2.bundle"
check "second bundle exported, with seen-unchanged records" sh -c \
    "[ $rc -eq 0 ] && grep -Eq '\\([1-9][0-9]* seen unchanged\\)' '$T/out'"
hrun hub import "$T/b1.bundle" "$T/b2.bundle"
check "both bundles imported" sh -c \
    "[ $rc -eq 0 ] && [ \$(grep -c '^imported: ' '$T/out') -eq 2 ]"

# ---- the reports, on both sides ----
TO=$(date -u -d tomorrow +%Y-%m-%d)
run report --to "$TO" --csv "$T/c1" --xlsx "$T/c1.xlsx" --html "$T/c1.html"
check "collector report: 11 devices" sh -c \
    "[ $rc -eq 0 ] && grep -q '^report: 11 devices, 12 months' '$T/err'"
hrun hub report --account acme --to "$TO" --csv "$T/hr1" --xlsx "$T/hr1.xlsx" \
    --html "$T/hr1.html"
check "hub report: exit 0, 11 devices, one line" sh -c \
    "[ $rc -eq 0 ] && [ \$(wc -l <'$T/err') -eq 1 ] &&
    grep -q '^hub report: 11 devices, 12 months .*; csv $T/hr1' '$T/err'"
check "hub report names its source" grep -q 'hub account acme' \
    "$T/hr1.html"
check "the change is in the report" sh -c \
    "grep -q ',$P.1,.*Building B, room 1' '$T/hr1/devices.csv' &&
    grep -q ',49713,' '$T/hr1/devices.csv' &&
    tr -d '\\r' <'$T/hr1/volumes.csv' | grep -q ',$P.1,.*,1500\\.00,'"
# A supply's description that a spreadsheet would run (OWASP CSV
# injection): a quote in front, quoted, in the hub's CSV as in the
# collector's.
check "hub report: a formula in device text is neutralised" sh -c \
    "grep -q ',\"'\\''=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",' '$T/hr1/supplies.csv' &&
    grep -q ',\"'\\''=HYPERLINK(' '$T/c1/supplies.csv' &&
    ! grep -q ',=HYPERLINK' '$T/hr1/supplies.csv'"
same "sample fleet" "$T/c1" "$T/c1.xlsx" "$T/c1.html" "$T/hr1" "$T/hr1.xlsx" \
    "$T/hr1.html"

# A period of its own: --from and --to reach the hub's gatherer (one
# absolute start for both runs: "1d" taken twice could fall on two
# different seconds).
FROM=$(date -u -d '1 day ago' +%Y-%m-%dT%H:%MZ)
run report --from "$FROM" --to "$TO" --csv "$T/c2" --xlsx "$T/c2.xlsx" \
    --html "$T/c2.html"
F=$(tr -d '\r' <"$T/c2/figures.csv" | sed -n 2p)
hrun hub report -q --account acme --from "$FROM" --to "$TO" --csv "$T/hr2" \
    --xlsx "$T/hr2.xlsx" --html "$T/hr2.html"
check "hub report -q: quiet" sh -c "[ $rc -eq 0 ] && [ ! -s '$T/err' ]"
same "sample fleet, --from a day ago" "$T/c2" "$T/c2.xlsx" "$T/c2.html" "$T/hr2" \
    "$T/hr2.xlsx" "$T/hr2.html"

# ---- the report fixture, another collector for another account ----
H2=$T/fix
mkdir -p "$H2"
chmod 700 "$H2"
fx() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$H2" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@"
}
if "$FIX" "$H2/store.db" >"$T/fix.out" 2>&1; then
	fx keys init -q >/dev/null
	fx keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
	hub hub trust add "$H2/collector.pub" --account fixture -q >/dev/null 2>&1
	fx export bundle -o "$T/f1.bundle" >"$T/out" 2>&1 &&
	    hub hub import "$T/f1.bundle" >"$T/out" 2>&1
	check "fixture exported and imported" test $? -eq 0
	fx report -q --from 2026-01-01 --to 2026-03-31 --csv "$T/fc" \
	    --xlsx "$T/fc.xlsx" --html "$T/fc.html" 2>"$T/err"
	hrun hub report -q --account fixture --from 2026-01-01 \
	    --to 2026-03-31 --csv "$T/fh" --xlsx "$T/fh.xlsx" \
	    --html "$T/fh.html"
	check "fixture: hub report exit 0" test "$rc" -eq 0
	check "fixture: anomalies, gaps and days to empty are there" sh -c \
	    "grep -q ',decrease,' '$T/fh/anomalies.csv' &&
	    grep -q ',gap,' '$T/fh/anomalies.csv' &&
	    grep -q ',2026-06-25,' '$T/fh/supplies.csv'"
	same "fixture" "$T/fc" "$T/fc.xlsx" "$T/fc.html" "$T/fh" \
	    "$T/fh.xlsx" "$T/fh.html"
	# the price book, the proposal, the catalog and branding on the hub
	fx report -q --from 2026-01-01 --to 2026-03-31 --csv "$T/fpc" \
	    --prices "$top/samples/prices.csv" \
	    --proposal "$top/samples/proposal.csv" 2>"$T/err"
	hrun hub report -q --account fixture --from 2026-01-01 \
	    --to 2026-03-31 --csv "$T/fph" --html "$T/fph.html" \
	    --prices "$top/samples/prices.csv" \
	    --proposal "$top/samples/proposal.csv" --customer "Fixture Ltd"
	check "fixture: hub report --prices --proposal: the same costs, proposal, utilisation" sh -c \
	    "[ $rc -eq 0 ] && for f in costs proposal utilisation; do
	    [ -s '$T/fph/'\$f.csv ] && cmp -s '$T/fpc/'\$f.csv '$T/fph/'\$f.csv || exit 1; done"
	check "fixture: hub report branding" grep -q \
	    'Prepared for <b>Fixture Ltd</b>' "$T/fph.html"
else
	not_ok "fixture store written"
	sed 's/^/# /' "$T/fix.out"
fi
hrun hub report --account acme --from 2026-01-01 --to 2026-03-31 \
    --csv "$T/hr3"
check "an account has only its own devices" sh -c \
    "[ $rc -eq 0 ] && ! grep -q '127\\.77\\.16\\.' '$T/hr3/devices.csv'"

# ---- errors ----
hexpect 2 "hub report needs --account NAME" "no --account: exit 2" -- \
    hub report --csv "$T/x1"
hexpect 1 "no account 'nobody'" "unknown account: exit 1" -- \
    hub report --account nobody --csv "$T/x2"
check "unknown account: nothing written" test ! -e "$T/x2"
hexpect 2 "is not a valid\\|account" "bad account name: exit 2" -- \
    hub report --account '../x' --csv "$T/x3"
hexpect 2 "hub report: nothing to write" "no output: exit 2" -- \
    hub report --account acme
hexpect 2 "is not before" "--from after --to: exit 2" -- \
    hub report --account acme --from 2026-03-01 --to 2026-02-01 \
    --csv "$T/x4"
hexpect 2 "takes no arguments" "argument: exit 2" -- \
    hub report x --account acme --csv "$T/x5"
hexpect 2 "--csv applies to 'hub report'.* not to 'hub devices'" "--csv on hub devices: exit 2" -- \
    hub devices --account acme --csv "$T/x6"
hexpect 2 "--json applies to" "--json on hub report: exit 2" -- \
    hub report --account acme --csv "$T/x7" --json
hexpect 1 "no hub in" "no hub: exit 1" -- \
    hub report --account acme --csv "$T/x8" --hub "$T/nohub"
finish
