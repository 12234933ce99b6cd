#!/bin/sh
# t5030-report-utilisation: the model catalog (built in, and a dealer's
# own in HOME/catalog replacing built-in entries) and the report's
# utilisation and age, on the report fixture (tests/tools/
# report_fixture.c, worked out in t5000-report.sh) for --from 2026-01-01
# --to 2026-03-31, checked exactly against figures worked out by hand;
# bad catalog files.
#
# The dealer's catalog gives:
#  A HP LaserJet Pro M404dn: recommended 4000, duty 80000, launched 2019.
#    9500 pages over 75 days: 9500 / 75 x 365 / 12 = 3852.78 a month,
#    0.9632 of 4000: in range.  2026 - 2019 = 7 years: end of life.
#  B Ricoh IM C3000: recommended 20000, launched 2021.  2000 pages over
#    20 days: 3041.67 a month, 0.1521: under-used; 5 years.
#  D Kyocera ECOSYS P5026cdn: recommended 2000, duty 2500, launched
#    2016, ended by its maker in 2024.  2000 pages over 20 days: 3041.67
#    a month, over the duty cycle (and over-used: 1.5208); end of life:
#    ended in 2024.
#  C HP LaserJet P3015 (two devices): not in the catalog.
#  Summary: 1 under-used, 1 over-used, 2 at end of life, 2 not in the
#  catalog.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/reportfix.sh"

# the built-in catalog first
run report -q --from 2026-01-01 --to 2026-03-31 --csv "$T/b"
check "built-in catalog: every entry has a source; sample models found" sh -c \
    "[ $rc -eq 0 ] && grep -q '^1,127.77.16.1,HP,LaserJet Pro M404dn,3852.78,4000,80000,0.9632,in range,2019,7,1,' '$T/b/utilisation.csv'"
check "built-in catalog covers the sample fleet's printers" sh -c \
    "for m in 'HP / LaserJet Pro M404dn' 'Brother / HL-L5100DN' \
    'Kyocera / ECOSYS P5026cdn' 'Ricoh / IM C3000' 'Epson / WF-C5390' \
    'Canon / LBP226dw' 'Xerox / VersaLink B405 MFP' 'Lexmark / MS821dn' \
    'Konica Minolta / bizhub C450i' 'Sharp / MX-M3071' 'Zebra / ZT411'; do
    grep -qF \"[\$m]\" '$top'/export/catalog/*.catalog || exit 1; done"

cat >"$T/home/catalog/dealer.catalog" <<'EOF'
# a dealer's own figures: they replace the built-in entries
[HP / LaserJet Pro M404dn]
launched    = 2019
recommended = 4000
duty        = 80000
speed       = 38
colour      = no
a3          = no
duplex      = yes
tec         = 0.61
source      = dealer test sheet

[ricoh / im c3000]
launched    = 2021
recommended = 20000
source      = dealer test sheet

[Kyocera / ECOSYS P5026cdn]
launched    = 2016
end_of_life = 2024
recommended = 2000
duty        = 2500
source      = dealer test sheet
EOF
run report -q --from 2026-01-01 --to 2026-03-31 --csv "$T/csv" \
    --xlsx "$T/r.xlsx" --html "$T/r.html"
check "report with a dealer catalog: exit 0" test "$rc" -eq 0
tr -d '\r' <"$T/csv/utilisation.csv" >"$T/u.txt"
cat >"$T/u.exp" <<'EOF'
id,address,vendor,model,monthly_pages,recommended_monthly,duty_cycle,utilisation,use,launched,age,end_of_life,end_of_life_why,speed,colour,a3,duplex,tec,source
1,127.77.16.1,HP,LaserJet Pro M404dn,3852.78,4000,80000,0.9632,in range,2019,7,1,"launched in 2019, 7 years ago",38,0,0,1,0.61,dealer test sheet
2,127.77.16.2,Ricoh,IM C3000,3041.67,20000,,0.1521,under-used,2021,5,0,,,,,,,dealer test sheet
3,127.77.16.3,HP,LaserJet P3015,1520.83,,,,,,,0,,,,,,,
4,127.77.16.3,HP,LaserJet P3015,608.33,,,,,,,0,,,,,,,
5,127.77.16.4,Kyocera,ECOSYS P5026cdn,3041.67,2000,2500,1.5208,over duty cycle,2016,10,1,ended by its maker in 2024,,,,,,dealer test sheet
EOF
check "csv: utilisation, age and end of life as worked out by hand" \
    cmp "$T/u.exp" "$T/u.txt"

cat >"$T/xl.py" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def ok(c, name):
    print(("ok - " if c else "not ok - ") + "xlsx: " + name)
u = wb["Utilisation"]
rows = list(u.iter_rows(min_row=2, values_only=True))
a = rows[0]
ok(abs(a[4] - 9500 / 75 * 365 / 12) < 1e-6 and a[5] == 4000 and
   abs(a[7] - 9500 / 75 * 365 / 12 / 4000) < 1e-9 and a[8] == "in range" and
   a[9] == 2019 and a[10] == 7 and a[11] is True and a[14] is False and
   a[16] is True and a[18] == "dealer test sheet",
   "utilisation: numbers, booleans and the source")
ok(u["H2"].number_format.endswith("%") and u["E2"].number_format == "#,##0",
   "utilisation: percentage and page formats")
ok(rows[2][18] == "not in the catalog" and rows[2][5] is None,
   "utilisation: a model not in the catalog says so")
s = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r[0]}
ok(s.get("Under-used devices") == 1 and s.get("Over-used devices") == 1 and
   s.get("End-of-life devices") == 2 and s.get("Models not in the catalog") == 2,
   "summary: under-used, over-used, end of life, not in the catalog")
EOF
py_checks "xlsx checker" "$T/xl.py" "$T/r.xlsx"

H=$T/r.html
check "html: utilisation section with its counts" sh -c \
    "grep -q '<h2>Utilisation and age</h2>' '$H' &&
    grep -q '<b>1</b>under-used' '$H' && grep -q '<b>2</b>at end of life' '$H'"
check "html: a row over its duty cycle, and one not in the catalog" sh -c \
    "grep -q '<td class=\"n\">3,042</td><td class=\"n\">2,000</td><td class=\"n\">2,500</td><td class=\"n\">152%</td><td>over duty cycle</td><td class=\"n\">2016</td><td class=\"n\">10</td><td>ended by its maker in 2024</td>' '$H' &&
    grep -q '<td>LaserJet P3015</td><td class=\"n\">1,521</td><td class=\"n\"></td><td class=\"n\"></td><td class=\"n\"></td><td><span class=\"none\">not in the catalog</span>' '$H'"

# ---- bad catalog files: one line naming file and line, exit 1 ----
badcat() {
	_name=$1 _pat=$2
	printf '%s' "$3" >"$T/home/catalog/zz-bad.catalog"
	run report --csv "$T/bad"
	if [ "$rc" -eq 1 ] && grep -q -- "$_pat" "$T/err" &&
	    [ "$(wc -l <"$T/err")" -eq 1 ] && [ ! -e "$T/bad" ]; then
		ok "bad catalog: $_name"
	else
		not_ok "bad catalog: $_name (exit $rc)"
		sed 's/^/# /' "$T/err" | head -3
	fi
}
badcat "no source" "zz-bad.catalog line 1: the entry X / Y has no source" \
    '[X / Y]
launched = 2020
'
badcat "bad year" "zz-bad.catalog line 2: launched: '20x0' is not a valid value" \
    '[X / Y]
launched = 20x0
source = s
'
badcat "unknown key" "zz-bad.catalog line 3: unknown key 'colur'" \
    '[X / Y]
source = s
colur = yes
'
badcat "no heading" "zz-bad.catalog line 1: a key before any" 'speed = 3
'
badcat "bad heading" "zz-bad.catalog line 1: an entry starts with" '[X Y]
'
rm -f "$T/home/catalog/zz-bad.catalog"
finish
