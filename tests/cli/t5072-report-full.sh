#!/bin/sh
# t5072-report-full: the whole report as a dealer hands it over, with
# every part: the report fixture (tests/tools/report_fixture.c, worked
# out in t5000-report.sh) with the sample price book and proposal
# (samples/), the built-in model catalog plus a dealer entry, and the
# branding keys, for --from 2026-01-01 --to 2026-03-31.  Read as a
# customer reads it, nothing contradicts itself:
#  - the Summary leads with the money: the cost a year now is the Costs
#    section's fleet total and the Proposal's "now" (like for like: the
#    devices with a total), and the saving is now - proposed;
#  - the costs' fleet total is the sum of its Total column (the service
#    of the two P3015s without supplies, 82.13 + 32.85 = 114.98 by the
#    sample book's 0.0045 a page, stays in the service column and the
#    note says so), and a colour device without a mono/colour split
#    shows its pages as split not known, not as 0 mono and 0 colour;
#  - the black toner of the P5026cdn, predicted empty on 2026-02-15, is
#    overdue at the report's end: it is not in "nearest to empty" (HTML
#    chart, workbook table) with its 25 days;
#  - utilisation: the IM C3000's built-in entry has no recommended
#    volume: its use reads "not known", never a blank; a P3015 entry
#    with a duty cycle of 1,000 a month and no recommended volume: the
#    device at 1,521 a month is "over duty cycle" (and over-used in the
#    counts, and to replace: 4 devices to replace with the three at
#    end of life), the one at 608 "not known".
# Then openpyxl reads every sheet of the workbook (headers, types,
# formats, charts and their series), and headless Chromium prints the
# page to PDF: its page count, every part starting a page, no page
# ending with a heading.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/reportfix.sh"
cat >"$T/home/catalog/dealer.catalog" <<'EOF'
[HP / LaserJet P3015]
duty   = 1000
source = dealer test sheet
EOF
$PY "$top/tests/lib/logo_png.py" "$T/logo.png" 90 30
cat >"$T/home/fleetaudit.conf" <<EOF
dealer-name = Acme Print & Copy
dealer-logo = $T/logo.png
customer = Example Works Ltd
prepared-by = Jo Seller
report-date = 2026-04-02
EOF
run report -q --from 2026-01-01 --to 2026-03-31 \
    --prices "$top/samples/prices.csv" --proposal "$top/samples/proposal.csv" \
    --csv "$T/csv" --xlsx "$T/r.xlsx" --html "$T/r.html"
check "report with every part: exit 0" test "$rc" -eq 0
for f in costs proposal utilisation; do
	tr -d '\r' <"$T/csv/$f.csv" >"$T/$f.txt"
done

# ---- the figures agree with each other (CSV) ----
$PY - "$T" >"$T/agree.out" 2>&1 <<'EOF' || echo "not ok - agreement checker ran" >>"$T/agree.out"
import csv, sys
d = sys.argv[1]
def ok(c, name):
    print(("ok - " if c else "not ok - ") + name)
costs = list(csv.DictReader(open(d + "/costs.txt")))
devs = [r for r in costs if r["id"]]
fleet = [r for r in costs if r["address"] == "fleet"][0]
tot = sum(float(r["total"]) for r in devs if r["total"])
ok(abs(float(fleet["total"]) - tot) < 0.015,
   "costs: the fleet total %s is the Total column's sum %.2f" % (fleet["total"], tot))
out = sum(float(r["service"] or 0) + float(r["energy"] or 0)
          for r in devs if not r["total"])
ok(abs(out - 114.97) < 0.015 and "(114.97)" in fleet["note"] and
   fleet["note"].startswith("2 devices without a total"),
   "costs: the service outside the total is noted (%s)" % fleet["note"])
for c in ("consumables", "service", "energy"):
    s = sum(float(r[c]) for r in devs if r[c])
    ok(abs(float(fleet[c]) - s) < 0.015, "costs: fleet %s is its column's sum" % c)
k = [r for r in devs if r["model"] == "ECOSYS P5026cdn"][0]
ok(float(k["annual_unknown"]) == float(k["annual_pages"]) == 36500,
   "costs: a colour device without a split: its pages are split not known")
prop = list(csv.DictReader(open(d + "/proposal.txt")))
pf = [r for r in prop if r["address"] == "fleet"][0]
sv = [r for r in prop if r["address"] == "saving"][0]
ok(pf["current_annual"] == fleet["total"],
   "proposal: now (%s) is the costs' fleet total (%s)" % (pf["current_annual"], fleet["total"]))
ok(abs(float(pf["current_annual"]) - float(pf["proposed_annual"]) -
       float(sv["proposed_annual"])) < 0.015, "proposal: saving = now - proposed")
use = list(csv.DictReader(open(d + "/utilisation.txt")))
u = {(r["model"], r["monthly_pages"][:4]): r for r in use}
ok(u[("LaserJet P3015", "1520")]["use"] == "over duty cycle" and
   u[("LaserJet P3015", "608.")]["use"] == "",
   "utilisation: over the duty cycle without a recommended volume")
EOF
cat "$T/agree.out"
grep -q '^not ok' "$T/agree.out" && _failed=1

# ---- HTML: the summary leads with the money; no contradiction ----
H=$T/r.html
total=$(sed -n 's/^,fleet,.*,\([0-9.]*\),"2 devices.*/\1/p' "$T/costs.txt")
total_h=$($PY -c 'import sys; print("{:,.2f}".format(float(sys.argv[1])))' "${total:-0}")
check "html: the summary leads with the cost now ($total_h), the costs' figure" sh -c \
    "sed -n '/<section id=\"summary\"/,/<h3>/p' '$H' | grep -q '<b>$total_h</b>cost a year now' &&
    grep -q '<b>$total_h</b>a year, the devices with a total' '$H' &&
    grep -q '<b>$total_h</b>a year now' '$H'"
check "html: the summary has the saving, the devices to replace, the use counts" sh -c \
    "sed -n '/<section id=\"summary\"/,/<h3>/p' '$H' >'$T/sum.html' &&
    grep -q '</b>saving a year' '$T/sum.html' && grep -q '<b>4</b>devices to replace' '$T/sum.html' &&
    grep -q '<b>1</b>over-used' '$T/sum.html' && grep -q '<b>3</b>at end of life' '$T/sum.html'"
check "html: costs: split not known column" grep -q \
    '<td class="n">36,500</td><td class="n">0</td><td class="n">0</td><td class="n">36,500</td>' "$H"
check "html: the fleet row says what is outside its total" grep -q \
    '<td>2 devices without a total: their service and energy (114.97) are in those columns, not in the total</td></tr>' "$H"
check "html: an overdue supply is not 'nearest to empty'" sh -c \
    "sed -n '/<h3>Supplies nearest to empty/,/<\/svg>/p' '$H' >'$T/near.html' &&
    grep -q 'Black Cartridge HP 59A' '$T/near.html' && ! grep -q 'TK-5240K' '$T/near.html' &&
    grep -q '<td class=\"n\">overdue<small>' '$H'"
check "html: use not known, never blank, for a catalogued model" sh -c \
    "grep -q '<td>IM C3000</td>.*<td><span class=\"none\">not known</span></td>' '$H' &&
    grep -q '<td>LaserJet P3015</td><td class=\"n\">1,521</td><td class=\"n\"></td><td class=\"n\">1,000</td><td class=\"n\"></td><td>over duty cycle</td>' '$H'"

# ---- xlsx: every sheet, type, format and chart ----
cat >"$T/xl.py" <<'EOF'
import datetime, sys, zipfile
import openpyxl
path = sys.argv[1]
wb = openpyxl.load_workbook(path)
def ok(c, name):
    print(("ok - " if c else "not ok - ") + "xlsx: " + name)
ok(wb.sheetnames == ["Summary", "Costs", "Proposal", "Utilisation", "Devices",
                     "Volumes", "Anomalies", "Supplies", "Alerts"],
   "every part is a sheet: " + ", ".join(wb.sheetnames))
num = (int, float)
# per sheet: (column, type or None for empty, number format) of row 2
want = {
  "Costs": [(4, num, "#,##0"), (8, num, "0.0000"), (10, num, "#,##0.00"),
            (13, num, "#,##0.00")],
  "Proposal": [(7, num, "#,##0.00"), (8, num, "#,##0.00")],
  "Utilisation": [(4, num, "#,##0"), (5, num, "#,##0"), (6, num, "#,##0"),
                  (7, num, "0.0%"), (9, int, None), (11, bool, None),
                  (13, num, None), (14, bool, None), (18, str, None)],
  "Devices": [(9, datetime.datetime, "yyyy-mm-dd"),
              (10, datetime.datetime, "yyyy-mm-dd"), (11, num, "#,##0"),
              (12, bool, None)],
  "Volumes": [(4, datetime.datetime, "yyyy-mm"), (5, int, "General"),
              (6, num, "0.0"), (7, num, "#,##0"), (9, num, "#,##0"),
              (10, num, "0.0%")],
  "Anomalies": [(5, datetime.datetime, "yyyy-mm-dd"), (8, num, "#,##0")],
  "Supplies": [(7, num, "0.0%"), (9, datetime.datetime, "yyyy-mm-dd"),
               (10, num, "0.0"), (11, datetime.datetime, "yyyy-mm-dd")],
  "Alerts": [(3, str, None), (4, str, None)],
}
for n in wb.sheetnames[1:]:
    ws = wb[n]
    head = [c.value for c in ws[1]]
    ok(ws.freeze_panes == "A2" and ws.auto_filter.ref is not None and
       ws.auto_filter.ref.startswith("A1:") and ws["A1"].font.b and
       all(isinstance(h, str) and h for h in head),
       n + ": bold header of %d columns, frozen, autofilter" % len(head))
    row = list(ws[2])
    bad = [(col, row[col].value, row[col].number_format) for col, t, f in want[n]
           if not isinstance(row[col].value, t) or
           (t is num and isinstance(row[col].value, bool)) or
           (f is not None and row[col].number_format != f)]
    ok(not bad, n + ": numbers, dates, booleans and text with their formats" +
       (" %r" % bad if bad else ""))
u = wb["Utilisation"]
rows = list(u.iter_rows(min_row=2, values_only=True))
ic = [r for r in rows if r[3] == "IM C3000"][0]
ok(ic[5] is None and ic[8] == "not known" and ic[9] == 2019,
   "utilisation: no recommended volume: 'not known'")
ok([r[8] for r in rows if r[3] == "LaserJet P3015"] == ["over duty cycle", "not known"],
   "utilisation: over the duty cycle without a recommended volume")
s = wb["Summary"]
vals = {}
for r in s.iter_rows(values_only=True):
    if r[0] is not None and isinstance(r[1], num):
        vals[r[0]] = r[1]
c = wb["Costs"]
fleet = [r for r in c.iter_rows(values_only=True) if r[1] == "Fleet"][0]
dev = [r for r in c.iter_rows(min_row=2, values_only=True) if r[0] is not None]
ok(abs(fleet[13] - sum(r[13] for r in dev if r[13] is not None)) < 1e-6 and
   "without a total" in fleet[14], "costs: the fleet total is the column's sum")
ok(abs(vals["Current cost a year"] - fleet[13]) < 1e-6 and
   abs(vals["Annual cost"] - fleet[13]) < 1e-6 and
   abs(vals["Saving a year"] - (vals["Current cost a year"] -
                                vals["Proposed cost a year"])) < 1e-6,
   "summary: the cost now is the costs' total; saving = now - proposed")
cr = [r for r in s.iter_rows() if r[0].value == "Colour ratio (devices with a split)"]
ok(vals.get("Pages in the period") == 14200 and
   s.cell(row=[r for r in s.iter_rows() if r[0].value == "Pages in the period"][0][0].row,
          column=2).number_format == "#,##0" and
   len(cr) == 1 and abs(cr[0][1].value - 800 / 12200) < 1e-9 and
   cr[0][1].number_format.endswith("%"),
   "summary: the period's pages and colour ratio, with their formats")
near = []
on = False
for r in s.iter_rows(values_only=True):
    if r[0] == "Supply (nearest to empty)":
        on = True
    elif on and r[0] is not None:
        near.append(r[0])
ok(near == ["127.77.16.1 Black Cartridge HP 59A"],
   "summary: an overdue supply is not nearest to empty: %r" % near)
ok(len(s._charts) == 3, "summary: three charts")
z = zipfile.ZipFile(path)
names = z.namelist()
charts = sorted(n for n in names if n.startswith("xl/charts/chart"))
xml = [z.read(n).decode() for n in charts]
ok(len(xml) == 3 and xml[0].count("<c:ser>") == 3 and
   "<c:barChart>" in xml[0] and "<c:lineChart>" in xml[1] and
   "<c:barChart>" in xml[2] and xml[2].count("<c:ser>") == 1,
   "charts: volume (3 series), colour ratio, supplies")
# no chart points at an empty range: every range it names holds numbers
import re
bad = []
for x in xml:
    for ref in re.findall(r"<c:val><c:numRef><c:f>([^<]*)</c:f>", x):
        m = re.match(r"(\w+)!\$([A-Z]+)\$(\d+)(?::\$[A-Z]+\$(\d+))?$", ref)
        if m is None:
            bad.append(ref)
            continue
        sh, c0, r0, r1 = m.groups()
        cells = [wb[sh]["%s%d" % (c0, i)].value
                 for i in range(int(r0), int(r1 or r0) + 1)]
        if not cells or not all(isinstance(v, num) for v in cells):
            bad.append(ref)
ok(not bad, "charts: every range holds numbers %r" % bad)
ok(any(n.startswith("xl/media/image") for n in names) and
   any("drawing" in n for n in names), "summary: the dealer's logo placed")
EOF
py_checks "xlsx checker" "$T/xl.py" "$T/r.xlsx"

# ---- printed: headless Chromium's PDF ----
if command -v chromium >/dev/null 2>&1; then
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
	    --user-data-dir="$T/chromium" --print-to-pdf="$T/r.pdf" \
	    --no-pdf-header-footer "file://$H" >"$T/chromium.log" 2>&1
	check "chromium: PDF written" test -s "$T/r.pdf"
	pages=$(pdfinfo "$T/r.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	# Eight parts, each from a new page; the summary (money, use and
	# status cards, three page-wide charts and two tables) takes three
	# pages and the anomalies one: 11 with Chromium and DejaVu fonts.
	check "pdf: $pages pages, 10 to 13" sh -c \
	    "[ '${pages:-0}' -ge 10 ] && [ '${pages:-0}' -le 13 ]"
	: >"$T/firsts"
	: >"$T/lasts"
	i=1
	while [ "$i" -le "${pages:-0}" ]; do
		pdftotext -f "$i" -l "$i" -layout "$T/r.pdf" "$T/p.txt" 2>/dev/null
		sed -n '/[^[:space:]]/{s/^ *//;s/ *$//;p;q;}' "$T/p.txt" >>"$T/firsts"
		sed -n '/[^[:space:]]/h; ${x;s/^ *//;s/ *$//;p;}' "$T/p.txt" >>"$T/lasts"
		i=$((i + 1))
	done
	sed -n 's/.*<h[123][^>]*>\([^<]*\)<\/h[123]>.*/\1/p' "$H" |
	    sed 's/&amp;/\&/g' >"$T/heads"
	check "pdf: no page ends with a heading" sh -c \
	    "[ -s '$T/heads' ] && ! grep -qxFf '$T/heads' '$T/lasts'"
	for h in "Acme Print & Copy" Costs Proposal "Utilisation and age" \
	    Devices Volumes Supplies "Alerts and errors"; do
		check "pdf: a page starts with '$h'" grep -qx "$h.*" "$T/firsts"
	done
	check "pdf: the monthly table's note is not alone atop a page" sh -c \
	    "! grep -q '^Mono + colour + split not known' '$T/firsts'"
	check "pdf: the first page has the money" sh -c \
	    "pdftotext -f 1 -l 1 '$T/r.pdf' - | grep -q 'cost a year now' &&
	    pdftotext -f 1 -l 1 '$T/r.pdf' - | grep -q 'saving a year'"
else
	not_ok "chromium installed (make deps)"
fi
finish
