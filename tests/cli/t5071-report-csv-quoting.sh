#!/bin/sh
# t5071-report-csv-quoting: the proposal (--proposal) and the price book
# (--prices) are read as RFC 4180 CSV (export/report_csv.c,
# report_csv_read): quoted fields with commas, quotes written twice, CRLF
# line ends and a line break inside quotes; bad quoting stops the report
# with one line naming the file and line, exit 2, and no report written.
#
# On the report fixture (tests/tools/report_fixture.c) with the figures
# of t5040-report-proposal.sh: device A (LaserJet Pro M404dn) is replaced
# by the first mono device offered, here 'LaserJet Pro M406dn, "Plus"'
# (a comma and quotes in its quoted name), at 10.00 a month: proposed
# 405.20 a year, as in t5040; its toner CF259A priced through a quoted
# part number and the book written with CRLF line ends.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/reportfix.sh"
cat >"$T/home/catalog/dealer.catalog" <<'EOF2'
[HP / LaserJet Pro M404dn]
launched    = 2019
recommended = 4000
source      = dealer test sheet
EOF2
# the price book with CRLF line ends and quoted fields
printf '%s\r\n' 'kind,part_number,supply,model,value,yield' \
    '"supply","CF259A",,,"90.00",3000' \
    'service,,,,0.004,' 'energy,,,,"0.30",' \
    'power,,,"LaserJet Pro M404dn",0.5,' >"$T/prices.csv"
printf '%s\r\n' 'kind,model,colour,mono,colour_cpp,monthly' \
    '# a comment, with "quotes"' 'contract,,,0.006,0.03,' \
    'device,"LaserJet Pro M406dn, ""Plus""",no,,,10.00' \
    'device,"IM C3010' 'colour edition",yes,,,"30.00"' >"$T/offer.csv"
run report -q --from 2026-01-01 --to 2026-03-31 --prices "$T/prices.csv" \
    --proposal "$T/offer.csv" --csv "$T/csv"
check "quoted, CRLF proposal and price book: exit 0" test "$rc" -eq 0
check "the quoted price book priced CF259A: 1579.73 a year for A" \
    grep -q '^1,127.77.16.1,.*,1579.73' "$T/csv/costs.csv"
check "a quoted model with a comma and doubled quotes replaces A: 405.20" \
    grep -qF '1,127.77.16.1,LaserJet Pro M404dn,"Building A, floor 1",replace,"end of life (launched in 2019, 7 years ago)","LaserJet Pro M406dn, ""Plus""",1579.73,405.20' \
    "$T/csv/proposal.csv"

# bad quoting: one line naming the file and the line, exit 2
bad() {
	name=$1 want=$2
	shift 2
	printf '%s\n' "$@" >"$T/bad.csv"
	rm -f "$T/x.html"
	run report --prices "$T/prices.csv" --proposal "$T/bad.csv" \
	    --html "$T/x.html"
	check "proposal, $name: exit 2, '$want'" sh -c \
	    "[ $rc -eq 2 ] && grep -qF '$T/bad.csv line $want' '$T/err' &&
	    [ \$(wc -l <'$T/err') -eq 1 ] && [ ! -e '$T/x.html' ]"
}
bad "a quote not closed" "3: a quoted field is not closed" \
    'kind,model,colour,mono,colour_cpp,monthly' 'contract,,,0.006,0.03,' \
    'device,"IM C3010,yes,,,30' 'device,X,no,,,1'
bad "text after the closing quote" "2: text after a closing quote" \
    'kind,model,colour,mono,colour_cpp,monthly' \
    'device,"IM "C3010,yes,,,30' 'contract,,,0.006,0.03,'
bad "a bare quote" "3: a quote inside a field" \
    'kind,model,colour,mono,colour_cpp,monthly' 'contract,,,0.006,0.03,' \
    'device,IM 12" wide,yes,,,30'
bad "seven fields" "2: too many fields" \
    'kind,model,colour,mono,colour_cpp,monthly' 'contract,,,0.006,0.03,,x'

printf 'kind,part_number,supply,model,value,yield\nsupply,"CF259A,,,90,3000\n' \
    >"$T/badp.csv"
run report --prices "$T/badp.csv" --html "$T/x.html"
check "price book, a quote not closed: exit 2, file and line" sh -c \
    "[ $rc -eq 2 ] && grep -qF '$T/badp.csv line 2: a quoted field is not closed' '$T/err' &&
    [ \$(wc -l <'$T/err') -eq 1 ] && [ ! -e '$T/x.html' ]"
finish
