#!/bin/sh
# t5050-report-branding: the branding keys (dealer-name, dealer-logo,
# customer, prepared-by, report-date) from the config file and the
# command line, on the report fixture: the HTML page carries the logo as
# a data URI (nothing loaded) with the names and the date; the xlsx
# Summary has them and the logo as an image; the report and the hub's
# report take the same keys; a logo that is not a PNG or JPEG and a bad
# date are refused with one line.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/reportfix.sh"
# a 120 x 40 PNG
$PY "$top/tests/lib/logo_png.py" "$T/logo.png"
cat >"$T/home/fleetaudit.conf" <<EOF
dealer-name = Acme Print & Copy
dealer-logo = $T/logo.png
customer = Example <Works> Ltd
prepared-by = Jo Seller
report-date = 2026-04-02
EOF
run report -q --from 2026-01-01 --to 2026-03-31 --html "$T/r.html" \
    --xlsx "$T/r.xlsx"
check "report with branding keys: exit 0" test "$rc" -eq 0
uri=$($PY -c 'import base64,sys; print("data:image/png;base64," + base64.b64encode(open(sys.argv[1],"rb").read()).decode())' "$T/logo.png")
H=$T/r.html
check "html: the logo as a data URI" grep -qF "<img class=\"logo\" src=\"$uri\" alt=\"Acme Print &amp; Copy\">" "$H"
check "html: dealer, customer (escaped), prepared by, date" sh -c \
    "grep -q '<span class=\"dealer\">Acme Print &amp; Copy</span>' '$H' &&
    grep -q 'Prepared for <b>Example &lt;Works&gt; Ltd</b> by Jo Seller &middot; 2026-04-02' '$H'"
check "html: still nothing loaded from the network" sh -c \
    "grep -q \"default-src 'none'\" '$H' &&
    ! grep -Eqi '(src|href)=\"(https?:)?//' '$H'"
cat >"$T/xl.py" <<'EOF'
import sys, zipfile, openpyxl
path, logo = sys.argv[1], sys.argv[2]
def ok(c, name):
    print(("ok - " if c else "not ok - ") + "xlsx: " + name)
s = openpyxl.load_workbook(path)["Summary"]
ok(s["D1"].value == "Acme Print & Copy" and s["E2"].value == "Example <Works> Ltd"
   and s["E3"].value == "Jo Seller" and s["E4"].value == "2026-04-02",
   "summary: dealer, prepared for, by, date")
z = zipfile.ZipFile(path)
media = [n for n in z.namelist() if n.startswith("xl/media/")]
ok(len(media) == 1 and z.read(media[0]) == open(logo, "rb").read(),
   "the logo placed in the workbook, byte for byte")
rels = z.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
ok("drawing" in rels, "the logo is on the Summary sheet")
EOF
py_checks "xlsx checker" "$T/xl.py" "$T/r.xlsx" "$T/logo.png"

run report -q --from 2026-01-01 --to 2026-03-31 --html "$T/r2.html" \
    --customer "Other Customer"
check "a command-line key overrides the config file" grep -q \
    'Prepared for <b>Other Customer</b> by Jo Seller' "$T/r2.html"

printf 'not an image' >"$T/logo.txt"
run report --dealer-logo "$T/logo.txt" --html "$T/x.html"
check "a logo that is not a PNG or JPEG: exit 2, one line" sh -c \
    "[ $rc -eq 2 ] && grep -q \"dealer-logo: '$T/logo.txt' is not a PNG or JPEG image\" '$T/err' &&
    [ \$(wc -l <'$T/err') -eq 1 ] && [ ! -e '$T/x.html' ]"
run report --report-date 2026-13-45 --html "$T/x.html"
check "a bad report date: exit 2" sh -c \
    "[ $rc -eq 2 ] && grep -q \"report-date: '2026-13-45' is not a date\" '$T/err'"
rm -f "$T/home/fleetaudit.conf"
run report -q --from 2026-01-01 --to 2026-03-31 --html "$T/plain.html"
check "without branding: no brand block" sh -c \
    "[ $rc -eq 0 ] && ! grep -q 'class=\"brand\"' '$T/plain.html'"
finish
