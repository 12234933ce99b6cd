#!/bin/sh
# t5020-report-costs: "fleetaudit report --prices FILE" on the report
# fixture (tests/tools/report_fixture.c, worked out in t5000-report.sh)
# for --from 2026-01-01 --to 2026-03-31, checked exactly against costs
# worked out by hand; the price book's errors; the sample price book.
#
# A year at the period's pace: pages / days covered x 365.
#  A HP M404dn: 9500 pages over 75 days: 46233.33 a year, all mono.
#    CF259A 90.00 / 3000 pages: 0.0300 a page; consumables 46233.33 x
#    0.03 = 1387.00; service 0.004 (the default) x 46233.33 = 184.93;
#    energy 0.5 kWh a week x 52 x 0.30 = 7.80; total 1579.73.
#  B Ricoh IM C3000: 1200 mono and 800 colour over 20 days: 21900 and
#    14600 a year.  Black 842311 60 / 30000 = 0.002; cyan by part number
#    842314, magenta and yellow by colour for the model (the model's row
#    wins over the "any model" yellow row), each 90 / 18000 = 0.005:
#    colour 0.002 + 3 x 0.005 = 0.017.  Consumables 21900 x 0.002 +
#    14600 x 0.017 = 43.80 + 248.20 = 292.00; service at the model's
#    0.006: 36500 x 0.006 = 219.00; energy 1.2 x 52 x 0.30 = 18.72;
#    total 529.72.
#  C (OLDC, NEWC) HP P3015: no supplies read, no typical power: service
#    only, 500 / 10 x 365 = 18250 x 0.004 = 73.00 and 200 / 10 x 365 =
#    7300 x 0.004 = 29.20; no total.
#  D Kyocera P5026cdn, split not known: 2000 / 20 x 365 = 36500, costed
#    as mono (a lower bound): TK-5240K 100 / 4000 = 0.025, x 36500 =
#    912.50; colour 0.025 + TK-5240C 120 / 3000 = 0.065; service 146.00;
#    no power row in the book: the dealer's catalog entry (HOME/catalog)
#    gives 0.8 kWh a week: 0.8 x 52 x 0.30 = 12.48; total 1070.98.
#  Fleet: pages 144783.33, consumables 2591.50, service 652.13 (184.93 +
#  219 + 73 + 29.2 + 146), energy 39.00; total the devices' totals,
#  1579.73 + 529.72 + 1070.98 = 3180.43 (the Total column's sum, not
#  consumables + service + energy); 2 devices without a total, whose
#  service 73 + 29.20 = 102.20 is in the service column only.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/reportfix.sh"
cat >"$T/home/catalog/dealer.catalog" <<'EOF'
[Kyocera / ECOSYS P5026cdn]
tec    = 0.8
source = test
EOF

cat >"$T/prices.csv" <<'EOF'
kind,part_number,supply,model,value,yield
# the fixture's price book
supply,CF259A,,,90.00,3000
supply,842311,,,60,30000
supply,842314,,,90,18000
supply,,magenta,IM C3000,90,18000
supply,,yellow,IM C3000,90,18000
supply,,yellow,,999,1
supply,TK-5240K,,,100,4000
"supply","TK-5240C",,,120,3000
service,,,,0.004,
service,,,IM C3000,0.006,
energy,,,,0.30,
power,,,LaserJet Pro M404dn,0.5,
power,,,IM C3000,1.2,
EOF
run report -q --from 2026-01-01 --to 2026-03-31 --prices "$T/prices.csv" \
    --csv "$T/csv" --xlsx "$T/r.xlsx" --html "$T/r.html"
check "report --prices: exit 0" test "$rc" -eq 0
tr -d '\r' <"$T/csv/costs.csv" >"$T/costs.txt"
cat >"$T/costs.exp" <<'EOF'
id,address,vendor,model,annual_pages,annual_mono,annual_colour,annual_unknown,cost_per_page_mono,cost_per_page_colour,consumables,service,energy,total,note
1,127.77.16.1,HP,LaserJet Pro M404dn,46233.33,46233.33,0.00,0.00,0.0300,,1387.00,184.93,7.80,1579.73,
2,127.77.16.2,Ricoh,IM C3000,36500.00,21900.00,14600.00,0.00,0.0020,0.0170,292.00,219.00,18.72,529.72,
3,127.77.16.3,HP,LaserJet P3015,18250.00,18250.00,0.00,0.00,,,,73.00,,,no supplies read; no typical power
4,127.77.16.3,HP,LaserJet P3015,7300.00,7300.00,0.00,0.00,,,,29.20,,,no supplies read; no typical power
5,127.77.16.4,Kyocera,ECOSYS P5026cdn,36500.00,0.00,0.00,36500.00,0.0250,0.0650,912.50,146.00,12.48,1070.98,"split not known: costed as mono, a lower bound"
,fleet,,,144783.33,,,,,,2591.50,652.13,39.00,3180.43,"2 devices without a total: their service and energy (102.20) are in those columns, not in the total"
EOF
check "csv: costs per device and fleet, as worked out by hand" \
    cmp "$T/costs.exp" "$T/costs.txt"
run report -q --from 2026-01-01 --to 2026-03-31 --csv "$T/csv2"
check "no --prices: no costs.csv" sh -c "[ $rc -eq 0 ] &&
    [ ! -e '$T/csv2/costs.csv' ] && [ -s '$T/csv2/summary.csv' ]"

cat >"$T/xl.py" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def ok(c, name):
    print(("ok - " if c else "not ok - ") + "xlsx: " + name)
ok(wb.sheetnames[:3] == ["Summary", "Costs", "Utilisation"], "a Costs sheet after Summary")
c = wb["Costs"]
rows = list(c.iter_rows(min_row=2, values_only=True))
a = rows[0]
ok(abs(a[4] - 9500 / 75 * 365) < 1e-6 and abs(a[8] - 0.03) < 1e-12 and
   abs(a[10] - 9500 / 75 * 365 * 0.03) < 1e-6 and abs(a[12] - 7.8) < 1e-9,
   "costs: pages a year, cost per page, consumables, energy as numbers")
ok(c["K2"].number_format == "#,##0.00" and c["I2"].number_format == "0.0000"
   and c["E2"].number_format == "#,##0", "costs: money, cost per page and page formats")
ok(rows[2][10] is None and rows[2][13] is None and abs(rows[2][11] - 73) < 1e-9,
   "costs: unknown costs are empty cells")
fleet = [r for r in rows if r[1] == "Fleet"][0]
ok(abs(fleet[13] - 3180.433333) < 1e-3 and "(102.20)" in fleet[14],
   "costs: fleet total is the devices' totals, the rest noted")
s = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r[0]}
ok(abs(s.get("Annual cost", 0) - 3180.433333) < 1e-3 and
   abs(s.get("Annual consumables", 0) - 2591.5) < 1e-6, "summary: annual costs")
EOF
py_checks "xlsx checker" "$T/xl.py" "$T/r.xlsx"

H=$T/r.html
check "html: costs section, fleet row with separators" sh -c \
    "grep -q '<h2>Costs</h2>' '$H' &&
    grep -q '<td class=\"n\">2,591.50</td><td class=\"n\">652.13</td><td class=\"n\">39.00</td><td class=\"n\">3,180.43</td><td>2 devices without a total: their service and energy (102.20) are in those columns, not in the total</td>' '$H' &&
    grep -q '<b>3,180.43</b>a year, the devices with a total' '$H'"
check "html: an unknown cost stays empty (not the fleet's)" grep -q \
    '<td class="n">18,250</td><td class="n">18,250</td><td class="n">0</td><td class="n">0</td><td class="n"></td><td class="n"></td><td class="n"></td><td class="n">73.00</td>' "$H"

# ---- no device has a total: the fleet's is not known, never 0 ----
printf 'kind,part_number,supply,model,value,yield\nenergy,,,,0.30,\n' \
    >"$T/energy.csv"
run report -q --from 2026-01-01 --to 2026-03-31 --prices "$T/energy.csv" \
    --csv "$T/csv3" --html "$T/r3.html"
check "no device priced: the fleet total is empty, not 0.00" sh -c \
    "[ $rc -eq 0 ] && tr -d '\r' <'$T/csv3/costs.csv' | grep -q '^,fleet,.*,,\"5 devices without a total: their service and energy (12.48)' &&
    grep -q '<b>not known</b>a year, the devices with a total' '$T/r3.html' &&
    grep -q '<b>not known</b>cost a year now' '$T/r3.html'"

# ---- bad price books: one line, exit 2, nothing written ----
bad() {
	_name=$1 _pat=$2
	printf '%s' "$3" >"$T/bad.csv"
	rm -f "$T/bad.html"
	run report --prices "$T/bad.csv" --html "$T/bad.html"
	if [ "$rc" -eq 2 ] && grep -q -- "$_pat" "$T/err" &&
	    [ "$(wc -l <"$T/err")" -eq 1 ] && [ ! -e "$T/bad.html" ]; then
		ok "bad price book: $_name"
	else
		not_ok "bad price book: $_name (exit $rc)"
		sed 's/^/# /' "$T/err" | head -3
	fi
}
bad "no header" "line 1: the first row must be kind,part_number" \
    'supply,X,,,1,1
'
bad "unknown kind" "line 3: kind 'toner' is not supply" \
    'kind,part_number,supply,model,value,yield

toner,X,,,1,1
'
bad "price not a number" "line 2: value '12,50' is not a number" \
    'kind,part_number,supply,model,value,yield
supply,X,,,"12,50",100
'
bad "no yield" "line 2: a supply needs its rated yield" \
    'kind,part_number,supply,model,value,yield
supply,X,,,12,
'
bad "negative" "line 2: value '-1' is not a number of 0 or more" \
    'kind,part_number,supply,model,value,yield
service,,,,-1,
'
bad "empty file" "empty price book" ''
run report --prices "$T/nonexistent.csv" --html "$T/bad.html"
check "missing price book: exit 2, one line" sh -c "[ $rc -eq 2 ] &&
    grep -q \"prices: cannot read '$T/nonexistent.csv'\" '$T/err'"

run report -q --from 2026-01-01 --to 2026-03-31 --prices \
    "$top/samples/prices.csv" --csv "$T/csv3"
check "the sample price book prices the fixture" sh -c "[ $rc -eq 0 ] &&
    grep -q '^1,127.77.16.1,HP,LaserJet Pro M404dn,.*,0.0320,,' '$T/csv3/costs.csv'"
finish
