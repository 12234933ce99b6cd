#!/bin/sh
# t5040-report-proposal: "fleetaudit report --prices FILE --proposal
# FILE" on the report fixture (tests/tools/report_fixture.c, worked out
# in t5000-report.sh; costs in t5020-report-costs.sh) for --from
# 2026-01-01 --to 2026-03-31, checked exactly against figures worked out
# by hand; bad proposals.
#
# A dealer catalog (HOME/catalog) and the contract: mono 0.006 and colour
# 0.03 a page; LaserJet Pro M406dn (mono) at 10.00 a month and IM C3010
# (colour) at 30.00 a month offered.
#  A M404dn, launched 2019: end of life (7 years): replace by the M406dn.
#    Now 1579.73 (t5020); proposed 46233.33 x 0.006 = 277.40 + energy
#    7.80 + 12 x 10 = 405.20.
#  B IM C3000: under-used (3041.67 of 20000) but in error now (a jam):
#    replace by the IM C3010.  Now 529.72; proposed 21900 x 0.006 =
#    131.40 + 14600 x 0.03 = 438.00 + energy 18.72 + 12 x 30 = 948.12.
#  C P3015 twice, under-used (1520.83 and 608.33 of 20000) at the same
#    location "Store room": consolidation candidates; no current cost
#    (no supplies read): left out of the sums.
#  D P5026cdn: over its duty cycle, end of life (10 years), in error now
#    (a door open): replace by the IM C3010.  Now 912.50 + 146.00 =
#    1058.50 (no typical power); proposed 36500 x 0.006 = 219.00 + 12 x
#    30 = 579.00.
#  Fleet: now 1579.73 + 529.72 + 1058.50 = 3167.95, proposed 405.20 +
#  948.12 + 579.00 = 1932.32, saving 1235.63.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/reportfix.sh"
cat >"$T/home/catalog/dealer.catalog" <<'EOF'
[HP / LaserJet Pro M404dn]
launched    = 2019
recommended = 4000
source      = dealer test sheet

[Ricoh / IM C3000]
launched    = 2021
recommended = 20000
source      = dealer test sheet

[HP / LaserJet P3015]
launched    = 2022
recommended = 20000
source      = dealer test sheet

[Kyocera / ECOSYS P5026cdn]
launched    = 2016
recommended = 2000
duty        = 2500
source      = dealer test sheet
EOF
cat >"$T/prices.csv" <<'EOF'
kind,part_number,supply,model,value,yield
supply,CF259A,,,90.00,3000
supply,842311,,,60,30000
supply,842314,,,90,18000
supply,,magenta,IM C3000,90,18000
supply,,yellow,IM C3000,90,18000
supply,TK-5240K,,,100,4000
supply,TK-5240C,,,120,3000
service,,,,0.004,
service,,,IM C3000,0.006,
energy,,,,0.30,
power,,,LaserJet Pro M404dn,0.5,
power,,,IM C3000,1.2,
EOF
cat >"$T/offer.csv" <<'EOF'
kind,model,colour,mono,colour_cpp,monthly
# the contract's cost per page, and the devices offered
contract,,,0.006,0.03,
device,LaserJet Pro M406dn,no,,,10.00
device,IM C3010,yes,,,30.00
EOF
run report -q --from 2026-01-01 --to 2026-03-31 --prices "$T/prices.csv" \
    --proposal "$T/offer.csv" --csv "$T/csv" --xlsx "$T/r.xlsx" \
    --html "$T/r.html"
check "report --proposal: exit 0" test "$rc" -eq 0
tr -d '\r' <"$T/csv/proposal.csv" >"$T/p.txt"
cat >"$T/p.exp" <<'EOF'
id,address,model,location,action,why,replace_with,current_annual,proposed_annual
1,127.77.16.1,LaserJet Pro M404dn,"Building A, floor 1",replace,"end of life (launched in 2019, 7 years ago)",LaserJet Pro M406dn,1579.73,405.20
2,127.77.16.2,IM C3000,<script>alert(1)</script>,replace,in error now,IM C3010,529.72,948.12
3,127.77.16.3,LaserJet P3015,Store room,consolidate,"under-used, with another device at Store room",,,
4,127.77.16.3,LaserJet P3015,Store room,consolidate,"under-used, with another device at Store room",,,
5,127.77.16.4,ECOSYS P5026cdn,Reception,replace,"over duty cycle; end of life (launched in 2016, 10 years ago); in error now",IM C3010,1058.50,579.00
,fleet,,,,,,3167.95,1932.32
,saving,,,,,,,1235.63
EOF
check "csv: actions, reasons, current and proposed cost as worked out by hand" \
    cmp "$T/p.exp" "$T/p.txt"

cat >"$T/xl.py" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def ok(c, name):
    print(("ok - " if c else "not ok - ") + "xlsx: " + name)
ok("Proposal" in wb.sheetnames, "a Proposal sheet")
p = wb["Proposal"]
rows = list(p.iter_rows(min_row=2, values_only=True))
ok(rows[0][4] == "replace" and rows[0][6] == "LaserJet Pro M406dn" and
   abs(rows[0][8] - (9500 / 75 * 365 * 0.006 + 7.8 + 120)) < 1e-6 and
   p["I2"].number_format == "#,##0.00", "proposal: a replacement, its cost as a number")
sav = [r for r in rows if r[1] == "Saving"][0]
ok(abs(sav[8] - 1235.633333) < 1e-3, "proposal: the saving")
s = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r[0]}
ok(abs(s.get("Saving a year", 0) - 1235.633333) < 1e-3 and
   abs(s.get("Proposed cost a year", 0) - 1932.32) < 1e-6,
   "summary: current, proposed, saving")
EOF
py_checks "xlsx checker" "$T/xl.py" "$T/r.xlsx"

H=$T/r.html
check "html: proposal section, saving, the changes listed" sh -c \
    "grep -q '<h2>Proposal</h2>' '$H' && grep -q '<b>1,235.63</b>saving a year' '$H' &&
    grep -q '<b>3</b>devices to replace' '$H' &&
    grep -q '<b>2</b>consolidation candidates' '$H' &&
    [ \$(sed -n '/<section id=\"proposal\">/,/<\\/section>/p' '$H' | grep -c '<td>replace</td>\\|<td>consolidate</td>') -eq 5 ]"

# ---- errors ----
run report --proposal "$T/offer.csv" --html "$T/x.html"
check "--proposal without --prices: exit 2, one line" sh -c \
    "[ $rc -eq 2 ] && grep -q 'proposal needs --prices' '$T/err' &&
    [ \$(wc -l <'$T/err') -eq 1 ] && [ ! -e '$T/x.html' ]"
printf 'kind,model,colour,mono,colour_cpp,monthly\ndevice,X,maybe,,,1\n' >"$T/bad.csv"
run report --prices "$T/prices.csv" --proposal "$T/bad.csv" --html "$T/x.html"
check "bad proposal row: exit 2, file and line" sh -c \
    "[ $rc -eq 2 ] && grep -q 'bad.csv line 2: a device needs its model, colour' '$T/err' &&
    [ ! -e '$T/x.html' ]"
printf 'kind,model,colour,mono,colour_cpp,monthly\ndevice,X,no,,,1\n' >"$T/bad.csv"
run report --prices "$T/prices.csv" --proposal "$T/bad.csv" --html "$T/x.html"
check "proposal without a contract: exit 2" sh -c \
    "[ $rc -eq 2 ] && grep -q 'no contract row' '$T/err'"
finish
