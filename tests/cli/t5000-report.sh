#!/bin/sh
# t5000-report: "fleetaudit report" on a store with a known history
# (tests/tools/report_fixture.c), checked exactly: prorated volumes, gaps,
# flagged steps, days to empty; the CSV files (RFC 4180), the xlsx
# workbook read back with openpyxl (sheets, types, values, frozen header,
# autofilters, charts), the HTML rendered by headless Chromium to PNG and
# PDF without console errors (a page per part), a hostile sysLocation
# rendered as text; bad dates and unwritable paths; then the sample fleet
# served on 127.77.16.x, assessed twice by the collector and reported.
#
# The fixture, for --from 2026-01-01 --to 2026-03-31 (January to March):
#  A 127.77.16.1 mono HP, read every 10 days from 2025-12-27 (day 0) to
#    2026-03-27 (day 90): total 10000 11000 13000 14000 15000 500 1500
#    3500 4500 5500.  Dec 27-Jan 6 (+1000): 5 of its 10 days in January,
#    500.  Jan 6-16 +2000, Jan 16-26 +1000.  Jan 26-Feb 5 (+1000): 6 days
#    January (600), 4 February (400).  Feb 5-15 a decrease (15000 -> 500,
#    flagged by the store): left out.  Feb 15-25 +1000.  Feb 25-Mar 7
#    (+2000): 4 days February (800), 6 March (1200).  Then +1000 twice.
#    January 4100 over 31 days, February 2200 over 18 (4+10+4), March
#    3200 over 26 (6+10+10).
#    Toner: 90 85 80 82 70 65 60 55 50 45 (a shaken-toner bump on day 30):
#    36 of the 45 pairwise slopes are -0.5, six steeper, three flatter:
#    median -0.5 a day; intercept median 90: empty on day 180
#    (2026-06-25), 90 days after the last reading; 44 pairs fall and 1
#    rises: confidence 43/45 = 0.96; 90 days of history, 10 levels.
#  B 127.77.16.2 colour Ricoh, sysLocation "<script>alert(1)</script>":
#    Jan 1 (total 1000, mono 800, colour 200), Jan 11 (2000 1400 600),
#    Feb 20 (6000 4000 2000), Mar 2 (7000 4600 2400).  January 1000 (600
#    mono, 400 colour) over 10 days; Jan 11-Feb 20 is 40 days: a gap, not
#    spread; Feb 20-Mar 2: 9 days February (900, 540, 360), 1 day March
#    (100, 60, 40).  Cyan at 5 %: low.  A critical jam now: in error.
#  C 127.77.16.3: serial OLDC Jan 5 (100) and Jan 15 (600): 500 January;
#    then NEWC at the same address Feb 1 (50) and Feb 11 (250): 200
#    February, and a swap (OLDC -> NEWC) listed.
#  D 127.77.16.4 colour Kyocera without split counters: Jan 1 (1000),
#    Jan 11 (2000), Jan 21 (3000): January 2000 pages over 20 days, all
#    "split not known" (never mono).  Black toner 45 35 25: -1 a day,
#    empty on Feb 15, before the report's end: overdue (not "empty
#    within 30 days"), and its levels are stale (last read Jan 21).
#    Cyan at 2 % with the state "ok": shown as "low".  A door open now
#    (an error bit that stops printing): in error; a toner-low warning.
#  Fleet: January 7600 (5200 mono, 400 colour, 2000 split not known),
#  February 3300 (2940, 360, 0), March 3300 (3260, 40, 0); the colour
#  ratio over the devices that give a split: 400 / 5600 in January.
. "$(dirname "$0")/../lib/common.sh"
FIX=$top/${BUILD:-build}/tests/tools/report_fixture
DB=$T/home/store.db
mkdir -p "$T/home"
chmod 700 "$T/home"

# ---- help ----
run report --help
check "report --help: usage, examples, options" sh -c \
    "[ $rc -eq 0 ] && grep -q '^usage: fleetaudit report' '$T/out' &&
    grep -q 'Examples:' '$T/out' && grep -q -- '--xlsx FILE' '$T/out' &&
    grep -q -- '--from DATE' '$T/out'"
run help
check "help lists report" grep -q '^  report ' "$T/out"

# ---- usage errors, before the store is touched ----
expect 2 "nothing to write" "no output: exit 2" -- report
expect 2 "from: '2026-13-01' is not a date" "bad --from: exit 2" -- \
    report --from 2026-13-01 --csv "$T/csv"
expect 2 "to: 'yesterday' is not a date" "bad --to: exit 2" -- \
    report --to yesterday --csv "$T/csv"
expect 2 "is not before" "--from after --to: exit 2" -- \
    report --from 2026-03-01 --to 2026-02-01 --csv "$T/csv"
expect 2 "takes no arguments" "argument: exit 2" -- report x --csv "$T/c"
expect 1 "cannot write '$T/nodir/r.html'" "unwritable html: exit 1" -- \
    report --html "$T/nodir/r.html"
: >"$T/afile"
expect 1 "not a directory" "csv into a file: exit 1" -- \
    report --csv "$T/afile"
expect 1 "store" "no store yet: exit 1" -- report --csv "$T/csv"

# ---- the fixture ----
if ! "$FIX" "$DB" >"$T/fix.out" 2>&1; then
	not_ok "fixture store written"
	sed 's/^/# /' "$T/fix.out"
	finish
fi
ok "fixture store written"

run report -q --from 2026-01-01 --to 2026-03-31 --csv "$T/csv" \
    --xlsx "$T/r.xlsx" --html "$T/r.html"
check "report writes xlsx, html and csv: exit 0, quiet" sh -c \
    "[ $rc -eq 0 ] && [ ! -s '$T/err' ] && [ -s '$T/r.xlsx' ] &&
    [ -s '$T/r.html' ] && [ -s '$T/csv/volumes.csv' ]"
check "no temporary file left" sh -c \
    "! find '$T' -name '*.tmp.*' | grep -q ."
run report --from 2026-01-01 --to 2026-03-31 --csv "$T/csv2"
check "summary line on stderr" grep -q \
    '^report: 5 devices, 3 months (2026-01-01 to 2026-03-31); csv ' "$T/err"

# ---- CSV: exact numbers ----
C=$T/csv
check "csv: one file per part" sh -c "cd '$C' && ls | tr '\n' ' ' |
    grep -qx 'alerts.csv anomalies.csv devices.csv figures.csv models.csv summary.csv supplies.csv utilisation.csv volumes.csv '"
check "csv: CRLF line ends" sh -c "head -1 '$C/devices.csv' | od -c |
    grep -q '\\\\r  \\\\n'"
# rows without the CR, for comparing
for f in "$C"/*.csv; do tr -d '\r' <"$f" >"$f.txt"; done
cat >"$T/vol.exp" <<'EOF'
id,address,serial,month,month_days,days_covered,mono,colour,total,unknown
1,127.77.16.1,FIXA1,2026-01,31.00,31.00,4100.00,0.00,4100.00,0.00
1,127.77.16.1,FIXA1,2026-02,28.00,18.00,2200.00,0.00,2200.00,0.00
1,127.77.16.1,FIXA1,2026-03,31.00,26.00,3200.00,0.00,3200.00,0.00
2,127.77.16.2,FIXB2,2026-01,31.00,10.00,600.00,400.00,1000.00,0.00
2,127.77.16.2,FIXB2,2026-02,28.00,9.00,540.00,360.00,900.00,0.00
2,127.77.16.2,FIXB2,2026-03,31.00,1.00,60.00,40.00,100.00,0.00
3,127.77.16.3,OLDC,2026-01,31.00,10.00,500.00,0.00,500.00,0.00
3,127.77.16.3,OLDC,2026-02,28.00,0.00,,,,
3,127.77.16.3,OLDC,2026-03,31.00,0.00,,,,
4,127.77.16.3,NEWC,2026-01,31.00,0.00,,,,
4,127.77.16.3,NEWC,2026-02,28.00,10.00,200.00,0.00,200.00,0.00
4,127.77.16.3,NEWC,2026-03,31.00,0.00,,,,
5,127.77.16.4,FIXD4,2026-01,31.00,20.00,,,2000.00,2000.00
5,127.77.16.4,FIXD4,2026-02,28.00,0.00,,,,
5,127.77.16.4,FIXD4,2026-03,31.00,0.00,,,,
EOF
check "csv: volumes prorated per month, covered days, no reading empty" \
    cmp "$T/vol.exp" "$C/volumes.csv.txt"
cat >"$T/sum.exp" <<'EOF'
month,days,mono,colour,total,colour_ratio,unknown
2026-01,31.00,5200.00,400.00,7600.00,0.0714,2000.00
2026-02,28.00,2940.00,360.00,3300.00,0.1091,0.00
2026-03,31.00,3260.00,40.00,3300.00,0.0121,0.00
EOF
check "csv: fleet months, split not known, colour ratio of split devices" \
    cmp "$T/sum.exp" "$C/summary.csv.txt"
check "csv: each month mono + colour + unknown = total" sh -c \
    "awk -F, 'NR > 1 && \$3 + \$4 + \$7 != \$5 { bad = 1 }
    END { exit bad }' '$C/summary.csv.txt'"
check "csv: a colour device without split is never mono" grep -qx \
    '5,127.77.16.4,FIXD4,2026-01,31.00,20.00,,,2000.00,2000.00' \
    "$C/volumes.csv.txt"
cat >"$T/fig.exp" <<'EOF'
figure,value
devices,5
mono_devices,3
colour_devices,2
in_error_now,2
with_alerts_now,2
supplies_low,2
supplies_empty_within_30_days,0
supplies_overdue,1
not_seen_lately,4
meter_anomalies,2
gaps,1
from,2026-01-01
to,2026-03-31
pages,14200.00
pages_mono,11400.00
pages_colour,800.00
colour_ratio,0.0656
pages_unknown,2000.00
EOF
check "csv: key figures (an overdue supply is not empty within 30 days)" \
    cmp "$T/fig.exp" "$C/figures.csv.txt"
check "csv: a predicted empty date past the report's end is overdue, stale" \
    grep -qx '5,127.77.16.4,1,Black Toner TK-5240K,black,TK-5240K,,25,ok,2026-01-01,25.0,2026-02-15,1.00,20.0,3,ok,ok,1,1' \
    "$C/supplies.csv.txt"
check "csv: the state agrees with the level (2 % cyan is low)" grep -qx \
    '5,127.77.16.4,2,Cyan Toner TK-5240C,cyan,TK-5240C,,2,ok,2026-01-01,,,,20.0,1,level too steady to estimate,low,0,1' \
    "$C/supplies.csv.txt"
cat >"$T/anom.exp" <<'EOF'
id,address,meter,what,from,to,before,after,detail
1,127.77.16.1,total,decrease,2026-02-05T00:00:00Z,2026-02-15T00:00:00Z,15000,500,
2,127.77.16.2,total,gap,2026-01-11T00:00:00Z,2026-02-20T00:00:00Z,2000,6000,
4,127.77.16.3,serial,swap,2026-02-01T00:00:00Z,2026-02-01T00:00:00Z,,,OLDC -> NEWC
EOF
check "csv: decrease, gap and swap listed" cmp "$T/anom.exp" \
    "$C/anomalies.csv.txt"
check "csv: days to empty by Theil-Sen over the bump" grep -qx \
    '1,127.77.16.1,1,Black Cartridge HP 59A,black,CF259A,,45,ok,2025-12-27,90.0,2026-06-25,0.96,90.0,10,ok,ok,0,0' \
    "$C/supplies.csv.txt"
check "csv: one level over 60 days: too steady, not 'not enough history'" grep -qx \
    '2,127.77.16.2,2,Cyan Toner,cyan,842314,,5,ok,2026-01-01,,,,60.0,1,level too steady to estimate,low,0,1' \
    "$C/supplies.csv.txt"
check "csv: RFC 4180 quoting of a comma" grep -q \
    ',"Building A, floor 1",' "$C/devices.csv.txt"
check "csv: hostile location kept as data" grep -q \
    ',<script>alert(1)</script>,' "$C/devices.csv.txt"
check "csv: current alert and error" sh -c "grep -q \
    '^2,127.77.16.2,now,critical,jam,mediaPath,Paper jam <in tray 2>,' \
    '$C/alerts.csv.txt' && grep -q '^2,127.77.16.2,now,error,status_errors,,jammed,' \
    '$C/alerts.csv.txt'"
check "csv: raw codes kept" sh -c "grep -q \
    '^5,127.77.16.4,now,warning,markerTonerAlmostEmpty,marker,' \
    '$C/alerts.csv.txt' && grep -q '\"doorOpen, lowToner\"' '$C/alerts.csv.txt'"

# ---- xlsx, read back ----
cat >"$T/xl.py" <<'EOF'
import datetime, sys, zipfile
import openpyxl
path = sys.argv[1]
wb = openpyxl.load_workbook(path)
def ok(c, name):
    print(("ok - " if c else "not ok - ") + "xlsx: " + name)
ok(wb.sheetnames == ["Summary", "Utilisation", "Devices", "Volumes",
                     "Anomalies", "Supplies", "Alerts"], "one sheet per part")
for n in wb.sheetnames[1:]:
    ws = wb[n]
    ok(ws.freeze_panes == "A2" and ws.auto_filter.ref is not None and
       ws.auto_filter.ref.startswith("A1:") and
       ws["A1"].font.b, n + ": bold header, frozen, autofilter")
v = wb["Volumes"]
rows = list(v.iter_rows(min_row=2, values_only=True))
ok(len(rows) == 15, "volumes: 5 devices x 3 months")
r = rows[0]
ok(r[0] == 1 and r[1] == "127.77.16.1" and
   r[4] == datetime.datetime(2026, 1, 1) and r[6] == 31 and
   r[9] == 4100 and isinstance(r[9], (int, float)),
   "volumes: month is a date, pages a number")
ok(v["E2"].number_format == "yyyy-mm", "volumes: month format")
ok(rows[1][9] == 2200 and rows[1][6] == 18, "volumes: February 2200 over 18 days")
ok(rows[4][7] == 540 and rows[4][8] == 360 and rows[4][9] == 900,
   "volumes: colour device split")
ok(rows[7][9] is None and rows[7][12] == "no readings",
   "volumes: month without readings is empty, says 'no readings'")
ok(v["H2"].number_format == "#,##0" and v["J2"].number_format == "#,##0",
   "volumes: pages with thousands separators")
ok(rows[12][7] is None and rows[12][8] is None and rows[12][9] == 2000 and
   rows[12][11] == 2000, "volumes: colour device without split: split not known")
s = wb["Supplies"]
r = list(s.iter_rows(min_row=2, max_row=2, values_only=True))[0]
ok(r[7] == 0.45 and s["H2"].number_format.endswith("%"), "supplies: level as a percentage")
ok(r[10] == 90 and r[11] == datetime.datetime(2026, 6, 25) and
   abs(r[12] - 43 / 45) < 1e-9 and r[13] == 90 and r[14] == 10,
   "supplies: days to empty, empty on (date), confidence, history")
d = wb["Devices"]
ok(d["J2"].value == datetime.datetime(2025, 12, 27) and
   d["J2"].number_format == "yyyy-mm-dd", "devices: first seen is a date")
ok(d["H3"].value == "<script>alert(1)</script>", "devices: location as text")
ok(d["M3"].value is True and d["L3"].value == 7000, "devices: booleans and numbers")
m = wb["Summary"]
vals = {}
for row in m.iter_rows(values_only=True):
    if row[0] is not None and isinstance(row[1], (int, float)):
        vals[row[0]] = row[1]
ok(vals.get("Devices") == 5 and vals.get("In error now") == 2 and
   vals.get("Supplies low") == 2 and vals.get("Not seen for 7 days") == 4 and
   vals.get("Supplies empty within 30 days") == 0 and
   vals.get("Supplies past their empty date") == 1 and
   vals.get("Pages in the period") == 14200 and
   vals.get("Pages, split not known") == 2000 and
   abs(vals.get("Colour ratio (devices with a split)", 0) - 800 / 12200) < 1e-9 and
   vals.get("Meter anomalies") == 2 and vals.get("Gaps in readings") == 1,
   "summary: key figures")
months = [row for row in m.iter_rows(values_only=True)
          if isinstance(row[0], datetime.datetime)]
ok([(x[2], x[3], x[4], x[5]) for x in months] ==
   [(5200, 400, 2000, 7600), (2940, 360, 0, 3300), (3260, 40, 0, 3300)],
   "summary: monthly mono, colour, split not known, total")
ok(all(x[2] + x[3] + x[4] == x[5] for x in months),
   "summary: mono + colour + split not known = total")
sr = list(s.iter_rows(min_row=2, values_only=True))
cy = [x for x in sr if x[1] == "127.77.16.4" and x[4] == "cyan"][0]
bk = [x for x in sr if x[1] == "127.77.16.4" and x[4] == "black"][0]
ok(cy[8] == "low", "supplies: a 2 % cyan is low, not ok")
ok(bk[10] is None and bk[11] == datetime.datetime(2026, 2, 15) and
   bk[15].startswith("overdue") and "stale, last read 2026-01-21" in bk[15],
   "supplies: past empty date: overdue, stale")
al = list(wb["Alerts"].iter_rows(min_row=2, values_only=True))
ok(any(x[5] == "Paper jam" for x in al) and
   any(x[5] == "Toner nearly empty" for x in al) and
   any(x[7] == "Door open, Toner low" for x in al),
   "alerts: codes and error bits as words")
an = list(wb["Anomalies"].iter_rows(min_row=2, values_only=True))
ok(an[0][3] == "Total pages" and an[0][4] == "Counter went down" and
   wb["Anomalies"]["I2"].number_format == "#,##0",
   "anomalies: meter and kind as words, pages with separators")
ok(len(m._charts) == 3, "summary: three charts")
z = zipfile.ZipFile(path)
charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
xml = [z.read(n).decode() for n in charts]
ok(xml[0].count("<c:ser>") == 3 and "Summary!$E$" in xml[0] and
   "Split not known" in xml[0], "volume chart: mono, colour and split not known")
ok(len(xml) == 3 and "<c:barChart>" in xml[0] and
   '<c:grouping val="stacked"/>' in xml[0] and "<c:lineChart>" in xml[1] and
   "<c:barChart>" in xml[2], "charts: stacked volume, ratio line, supplies bar")
EOF
py_checks "xlsx checker" "$T/xl.py" "$T/r.xlsx"

# ---- HTML ----
H=$T/r.html
check "html: the hostile location is text" sh -c \
    "grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' '$H' &&
    ! grep -qi '<script' '$H'"
check "html: alert text escaped" grep -q 'Paper jam &lt;in tray 2&gt;' "$H"
check "html: self-contained (no URL loads)" sh -c \
    "! grep -Eqi '(src|href)=\"(https?:)?//|@import|url\\(' '$H'"
check "html: inline SVG charts" sh -c "[ \$(grep -c '<svg class=\"chart\"' '$H') -eq 3 ]"
check "html: print CSS" grep -q '@media print' "$H"
check "html: volumes and days to empty" sh -c \
    "grep -q '>4,100<small>4,100 / 0</small>' '$H' &&
    grep -q '<td class=\"n\">90</td><td class=\"d\">2026-06-25</td><td class=\"n\">0.96</td>' '$H'"
check "html: colour device without split: split not known" sh -c \
    "grep -q '>2,000<small>split not known</small>' '$H' &&
    grep -q '<td class=\"n\">5,200</td><td class=\"n\">400</td><td class=\"n\">2,000</td><td class=\"n\">7,600</td><td class=\"n\">7.1%</td>' '$H'"
check "html: the colour ratio says it is over devices with a split" grep -q \
    'colour ratio, of devices that give a split' "$H"
check "html: overdue, stale, the state agrees with the level" sh -c \
    "grep -q '<td class=\"n\">overdue<small>stale: last read 2026-01-21</small></td><td class=\"d\">2026-02-15</td>' '$H' &&
    grep -q '<td class=\"n\">2%</td><td>low</td>' '$H' &&
    ! grep -q '<td class=\"n\">2%</td><td>ok</td>' '$H'"
check "html: in error now: the count agrees with its list" sh -c \
    "grep -q '<b>2</b>in error now' '$H' &&
    [ \$(sed -n '/<h3>In error now/,/<\/table>/p' '$H' | grep -c '<tr class=\"bad\">') -eq 2 ]"
check "html: alert codes, error bits, meters as words" sh -c \
    "grep -q '<td>Paper jam</td>' '$H' && grep -q '<td>Door open, Toner low</td>' '$H' &&
    grep -q '<td>Total pages</td><td>Counter went down</td>' '$H'"

if command -v chromium >/dev/null 2>&1; then
	cr() {
		timeout 120 chromium --headless --no-sandbox --disable-gpu \
		    --user-data-dir="$T/chromium" --enable-logging=stderr \
		    --v=0 "$@" "file://$H" >>"$T/chromium.log" 2>&1
	}
	cr --print-to-pdf="$T/r.pdf" --no-pdf-header-footer
	cr --screenshot="$T/r.png" --window-size=1280,2000
	check "chromium: PDF and PNG written" sh -c \
	    "[ -s '$T/r.pdf' ] && [ -s '$T/r.png' ]"
	check "chromium: no console error" sh -c \
	    "! grep -E 'Uncaught|ERROR:CONSOLE|CONSOLE\\(' '$T/chromium.log'"
	pages=$(pdfinfo "$T/r.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	# Each of the six parts starts a page (print CSS) and the
	# summary, cards, three page-wide charts and five tables, takes
	# three or four: 8 to 10 pages (9 with Chromium 156 and DejaVu
	# fonts).
	check "pdf: $pages pages, 8 to 10" sh -c \
	    "[ '${pages:-0}' -ge 8 ] && [ '${pages:-0}' -le 10 ]"
	firsts=$(i=1; while [ "$i" -le "${pages:-0}" ]; do
		pdftotext -f "$i" -l "$i" -layout "$T/r.pdf" - 2>/dev/null |
		    sed -n '/[^[:space:]]/{s/^ *//;p;q;}'
		i=$((i + 1)); done)
	# No page ends with a heading (h1-h3 of the page): the print CSS
	# keeps each heading with what follows it.
	sed -n 's/.*<h[123][^>]*>\([^<]*\)<\/h[123]>.*/\1/p' "$H" >"$T/heads"
	lasts=$(i=1; while [ "$i" -le "${pages:-0}" ]; do
		pdftotext -f "$i" -l "$i" -layout "$T/r.pdf" - 2>/dev/null |
		    sed -n '/[^[:space:]]/h; ${x;s/^ *//;s/ *$//;p;}'
		i=$((i + 1)); done)
	check "pdf: no page ends with a heading" sh -c \
	    "[ -s '$T/heads' ] && ! echo '$lasts' | grep -qxFf '$T/heads'"
	for h in "Print fleet assessment" Devices Volumes Supplies \
	    "Alerts and errors"; do
		check "pdf: a page starts with '$h'" sh -c \
		    "echo '$firsts' | grep -q '^$h'"
	done
else
	not_ok "chromium installed (make deps)"
fi

# ---- the sample fleet on 127.77.16.x, assessed twice by the collector ----
P=127.77.16
fleet_map $P
at_exit 'bed_stop "$T/bed"'
mkdir "$T/bed"
if bed_start "$T/bed" "$T/fleet.map" >"$T/bed.out" 2>&1; then
	V3="--v3-user $BED_V3_USER --v3-auth $BED_V3_AUTH --v3-priv $BED_V3_PRIV --v3-context $BED_V3_CONTEXT"
	fa assess -q -t 400ms --db "$T/fleet.db" -c public $V3 $P.1-20 \
	    >/dev/null 2>"$T/as1.err" &&
	    fa assess -q -t 400ms --db "$T/fleet.db" -c public $V3 \
	    $P.1-20 >/dev/null 2>"$T/as2.err"
	check "sample fleet assessed twice" test $? -eq 0
	run report --db "$T/fleet.db" --csv "$T/fl" --xlsx "$T/fl.xlsx" \
	    --html "$T/fl.html"
	check "sample fleet: report of 11 devices" sh -c "[ $rc -eq 0 ] &&
	    grep -q '^report: 11 devices, 12 months' '$T/err' &&
	    [ \$(wc -l <'$T/fl/devices.csv') -eq 12 ]"
	check "sample fleet: the jammed Canon is in error" grep -q \
	    "^[0-9]*,$P.7,Canon,LBP226dw,mono,.*,[0-9]*,1,[1-9][0-9]*,0," \
	    "$T/fl/devices.csv"
	check "sample fleet: a label printer's length counter is not pages" sh -c \
	    "tr -d '\\r' <'$T/fl/devices.csv' | grep -q '^[0-9]*,$P.6,Zebra,ZT411,.*,,0,0,0,\$'"
	check "sample fleet: no pages of the label printer in volumes" sh -c \
	    "[ \$(grep -c '^[0-9]*,$P.6,' '$T/fl/volumes.csv') -eq 12 ] &&
	    ! tr -d '\\r' <'$T/fl/volumes.csv' | grep '^[0-9]*,$P.6,' | grep -qv ',0.00,,,,\$'"
	check "sample fleet: supplies with their levels" sh -c \
	    "grep -q ',$P.3,.*,8,ok,' '$T/fl/supplies.csv' &&
	    [ \$(wc -l <'$T/fl/supplies.csv') -gt 20 ]"
	check "sample fleet: html and xlsx written" sh -c \
	    "[ -s '$T/fl.xlsx' ] && grep -q 'LBP226dw' '$T/fl.html' &&
	    ! grep -qi '<script' '$T/fl.html'"
else
	not_ok "bed starts"
	sed 's/^/# /' "$T/bed.out" | head -5
fi

# ---- CSV: device text is never a formula (OWASP CSV injection) ----
# The fixture's store with hostile text planted in fields that come from
# devices: each must come out with a quote in front, quoted; the numbers
# (and the report's own negative figures) stay numbers.
cp "$DB" "$T/inj.db"
sqlite3 "$T/inj.db" "UPDATE scans SET sys_location = '=HYPERLINK(\"http://x\",\"y\")',
    firmware = '+1+2' WHERE address = '127.77.16.1';
    UPDATE scans SET sys_location = '@SUM(A1)', firmware = '-2+3'
    WHERE address = '127.77.16.2';
    UPDATE supplies SET description = char(9) || '=1+1',
    part_number = char(13) || '=cmd' WHERE idx = 1;
    UPDATE alerts SET description = '-1+cmd|calc'"
run report --db "$T/inj.db" --from 2026-01-01 --to 2026-03-31 --csv "$T/inj"
check "csv injection: report exits 0" test "$rc" -eq 0
# cf.py FILE ROW COL: one field, as a CSV reader (Python's) sees it, with
# a tab and a CR shown as \t and \r.
cat >"$T/cf.py" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
f = rows[int(sys.argv[2])][int(sys.argv[3])]
print(f.replace("\t", "\\t").replace("\r", "\\r"))
EOF
check "csv injection: '=' and '+' in a location and firmware" sh -c \
    "[ \"\$($PY '$T/cf.py' '$T/inj/devices.csv' 1 7)\" = \"'=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\" ] &&
    [ \"\$($PY '$T/cf.py' '$T/inj/devices.csv' 1 8)\" = \"'+1+2\" ]"
check "csv injection: '@' and '-' in a location and firmware" sh -c \
    "[ \"\$($PY '$T/cf.py' '$T/inj/devices.csv' 2 7)\" = \"'@SUM(A1)\" ] &&
    [ \"\$($PY '$T/cf.py' '$T/inj/devices.csv' 2 8)\" = \"'-2+3\" ]"
check "csv injection: a tab and a CR first in supply text" sh -c \
    "[ \"\$($PY '$T/cf.py' '$T/inj/supplies.csv' 1 3)\" = \"'\\\\t=1+1\" ] &&
    [ \"\$($PY '$T/cf.py' '$T/inj/supplies.csv' 1 5)\" = \"'\\\\r=cmd\" ]"
check "csv injection: an alert's description" grep -q \
    ",\"'-1+cmd|calc\"," "$T/inj/alerts.csv"
check "csv injection: neutralised fields stay quoted" grep -q \
    ',"'"'"'+1+2",' "$T/inj/devices.csv"
check "csv injection: the numbers stay as they were" sh -c \
    "tr -d '\\r' <'$T/inj/anomalies.csv' | cmp -s - '$T/anom.exp' &&
    tr -d '\\r' <'$T/inj/volumes.csv' | cmp -s - '$T/vol.exp'"

# ---- an empty store, and a period without data ----
mkdir -p "$T/e"
sqlite3 "$T/e/store.db" "PRAGMA user_version" >/dev/null
run report --db "$T/e/store.db" --html "$T/e.html" --xlsx "$T/e.xlsx" \
    --csv "$T/ecsv"
check "empty store: reports with 0 devices" sh -c \
    "[ $rc -eq 0 ] && grep -q '^report: 0 devices' '$T/err' &&
    [ \$(wc -l <'$T/ecsv/devices.csv') -eq 1 ]"
check "empty store: no xlsx chart over an empty range" sh -c \
    "[ \$(/usr/bin/python3 -c 'import sys, zipfile; print(len([n for n in zipfile.ZipFile(sys.argv[1]).namelist() if n.startswith(\"xl/charts/chart\")]))' '$T/e.xlsx') -eq 0 ]"
run report --from 2020-01-01 --to 2020-02-15 --csv "$T/old" \
    --html "$T/old.html" --xlsx "$T/old.xlsx"
check "period before any reading: months say 'no readings', never 0" sh -c \
    "[ $rc -eq 0 ] && tr -d '\\r' <'$T/old/summary.csv' | grep -qx '2020-01,31.00,,,,,' &&
    [ \$(grep -c '<td colspan=\"5\" class=\"none\">no readings</td>' '$T/old.html') -eq 2 ] &&
    [ \$(grep -c 'text-anchor=\"middle\">no readings</text>' '$T/old.html') -eq 2 ] &&
    ! grep -q '<b>0</b>pages in the period' '$T/old.html'"
cat >"$T/old.py" <<'EOF'
import datetime, sys, openpyxl
m = openpyxl.load_workbook(sys.argv[1])["Summary"]
months = [r for r in m.iter_rows(values_only=True) if isinstance(r[0], datetime.datetime)]
print("ok" if len(months) == 2 and all(r[2] is None and r[5] is None and r[7] == "no readings" for r in months) else "bad")
EOF
check "period before any reading: xlsx months empty, 'no readings'" sh -c \
    "[ \"\$(/usr/bin/python3 '$T/old.py' '$T/old.xlsx')\" = ok ]"
check "period before any reading: empty volumes" sh -c \
    "[ $rc -eq 0 ] && [ \$(wc -l <'$T/old/volumes.csv') -eq 11 ] &&
    ! tr -d '\\r' <'$T/old/volumes.csv' |
    awk -F, 'NR > 1 && (\$7 != \"\" || \$8 != \"\" || \$9 != \"\")' | grep -q ."
finish
