#!/bin/sh
# t5073-hub-report-inputs: the hub's report takes the hub's own price
# book, model catalog and the account's proposal, from the hub directory:
# HUB/prices.csv, HUB/catalog/NAME.catalog and HUB/proposals/ACCOUNT.csv
# (export/report_inputs.h), both in "hub report --account" (where
# --prices and --proposal are not given) and in the web view's report
# downloads.  The report fixture (tests/tools/report_fixture.c) exported
# and imported for account fixture, with the sample price book and
# proposal and a catalog entry (a P3015 duty cycle of 1,000 a month):
#  - "hub report --account fixture" without --prices writes costs,
#    proposal and utilisation byte for byte as the collector's "report
#    --prices --proposal" with the same catalog entry in its HOME;
#  - --prices given wins over HUB/prices.csv;
#  - the downloads (HTML and xlsx, as a dealer admin) have the Costs,
#    Proposal and Utilisation parts, with the same fleet total as the
#    CSV and the hub catalog's "over duty cycle";
#  - a bad HUB/prices.csv: "hub report" exits 2 with one line naming the
#    file and line; the download answers 500 "The report cannot be made"
#    and the hub's log names the file and line.
# The hub serves on 127.77.23.20:17631.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
. "$top/tests/lib/hubreport.sh"
hub_store_start
HUBADDR=127.77.23.20
PORT=17631
HUB=$T/hub
cd "$T" || exit 1
report_hub

fx report -q --csv "$T/fc" --prices "$top/samples/prices.csv" \
    --proposal "$top/samples/proposal.csv" 2>"$T/err"
check "collector's report with --prices --proposal" test -s "$T/fc/costs.csv"
mkdir -p "$HUB/catalog" "$HUB/proposals"
cp "$top/samples/prices.csv" "$HUB/prices.csv"
cp "$top/samples/proposal.csv" "$HUB/proposals/fixture.csv"
cp "$T/dealer.catalog" "$HUB/catalog/"
hrun hub report -q --account fixture --csv "$T/hc"
check "hub report without --prices: exit 0" test "$rc" -eq 0
for f in costs proposal utilisation; do
	check "hub report: $f.csv from the hub's files, as the collector's" \
	    cmp -s "$T/fc/$f.csv" "$T/hc/$f.csv"
done
check "hub report: the hub catalog's duty cycle" grep -q \
    ',over duty cycle,' "$T/hc/utilisation.csv"
printf 'kind,part_number,supply,model,value,yield\nservice,,,,1.00,\n' \
    >"$T/other.csv"
hrun hub report -q --account fixture --csv "$T/ho" --prices "$T/other.csv"
check "hub report --prices wins over HUB/prices.csv" sh -c \
    "[ $rc -eq 0 ] && grep -q '^1,.*,1.00,\\|,46233.33,' '$T/ho/costs.csv' &&
    ! cmp -s '$T/hc/costs.csv' '$T/ho/costs.csv'"
total=$($PY -c 'import csv,sys; print([r for r in csv.DictReader(open(sys.argv[1], newline="")) if r["address"] == "fleet"][0]["total"])' "$T/hc/costs.csv")
total_h=$($PY -c 'import sys; print("{:,.2f}".format(float(sys.argv[1])))' "${total:-0}")

# ---- the web view's downloads ----
web_hub

report_dl "$T/dl"
check "downloads: HTML and xlsx, 200" sh -c "[ \"\$(tr '\n' ' ' <'$T/st')\" = '200 200 ' ]"
D=$T/dl.report.html
check "download HTML: Costs, Proposal, Utilisation sections" sh -c \
    "grep -q '<section id=\"costs\">' '$D' && grep -q '<section id=\"proposal\">' '$D' &&
    grep -q '<section id=\"utilisation\">' '$D'"
check "download HTML: the fleet total of hub report's costs.csv ($total_h)" \
    grep -q "<b>$total_h</b>cost a year now" "$D"
check "download HTML: the hub catalog's over duty cycle" grep -q \
    '<td>over duty cycle</td>' "$D"
cat >"$T/xl.py" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def ok(c, name):
    print(("ok - " if c else "not ok - ") + "download xlsx: " + name)
ok(wb.sheetnames[:4] == ["Summary", "Costs", "Proposal", "Utilisation"],
   "Summary, Costs, Proposal, Utilisation: %r" % wb.sheetnames)
fleet = [r for r in wb["Costs"].iter_rows(values_only=True) if r[1] == "Fleet"][0]
ok(abs(fleet[13] - float(sys.argv[2])) < 0.006, "the same fleet total")
EOF
py_checks "download xlsx checker" "$T/xl.py" "$T/dl.report.xlsx" "${total:-0}"

# ---- a bad price book: one line from hub report, a 500 from the web ----
printf 'kind,part_number,supply,model,value,yield\nsupply,X,,,abc,100\n' \
    >"$HUB/prices.csv"
hexpect 2 "prices.csv line 2: value 'abc' is not a number" \
    "hub report: a bad HUB/prices.csv, exit 2, one line" -- \
    hub report --account fixture --csv "$T/bad"
report_refused "price book" "prices.csv line 2: value 'abc' is not a number"
finish
