#!/bin/sh
# t5076-hub-branding: the hub's branding, HUB/branding.conf (the keys of
# "report": dealer-name, dealer-logo, prepared-by; the logo's path
# relative to the hub directory), on the web view's report downloads and
# on "hub report --account" where the options do not give them:
#  - the downloaded HTML has the dealer's name, who prepared it and the
#    logo as a data URI; the downloaded xlsx has the logo, byte for byte,
#    and the dealer's name on its Summary;
#  - "hub report" writes the same; --dealer-name given wins;
#  - without the file the downloads carry no branding (as before);
#  - a bad file (unknown key, a logo that is not an image): "hub report"
#    exits 2 with one line naming the file and line; the download answers
#    500 "The report cannot be made" and the hub's log names them.
# The report fixture (tests/tools/report_fixture.c) exported and imported
# for account fixture.  The hub serves on 127.77.23.76:17676.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
. "$top/tests/lib/hubreport.sh"
hub_store_start
HUBADDR=127.77.23.76
PORT=17676
HUB=$T/hub
cd "$T" || exit 1
report_hub


# a 120 x 40 PNG
$PY "$top/tests/lib/logo_png.py" "$HUB/logo.png"
uri=$($PY -c 'import base64,sys; print("data:image/png;base64," + base64.b64encode(open(sys.argv[1],"rb").read()).decode())' "$HUB/logo.png")

# ---- the web view's downloads ----
web_hub

cat >"$T/xl.py" <<'EOF'
import sys, zipfile, openpyxl
path, logo, dealer = sys.argv[1], sys.argv[2], sys.argv[3]
def ok(c, name):
    print(("ok - " if c else "not ok - ") + name)
z = zipfile.ZipFile(path)
media = [n for n in z.namelist() if n.startswith("xl/media/")]
if logo == "-":
    ok(not media, "xlsx: no logo")
else:
    ok(len(media) == 1 and z.read(media[0]) == open(logo, "rb").read(),
       "xlsx: the logo placed in the workbook, byte for byte")
cells = [str(c) for r in openpyxl.load_workbook(path)["Summary"].iter_rows(values_only=True) for c in r if c is not None]
ok((dealer in cells) == (dealer != "-"),
   "xlsx Summary: dealer name %s" % ("absent" if dealer == "-" else dealer))
EOF

# without HUB/branding.conf: no branding (as before)
report_dl "$T/d0"
check "downloads without branding.conf: 200, no dealer, no logo" sh -c \
    "[ \"\$(tr '\n' ' ' <'$T/st')\" = '200 200 ' ] &&
    ! grep -q 'Acme Print' '$T/d0.report.html' &&
    ! grep -q 'data:image/png' '$T/d0.report.html'"
py_checks "download xlsx without branding" "$T/xl.py" "$T/d0.report.xlsx" - -

cat >"$HUB/branding.conf" <<'EOF'
# the dealer's branding on the hub's reports
dealer-name = Acme Print & Copy
dealer-logo = logo.png
prepared-by = Jo Seller
EOF
report_dl "$T/dl"
check "downloads with branding.conf: HTML and xlsx, 200" sh -c \
    "[ \"\$(tr '\n' ' ' <'$T/st')\" = '200 200 ' ]"
D=$T/dl.report.html
check "download HTML: the dealer's name" grep -q 'Acme Print &amp; Copy' "$D"
check "download HTML: prepared by" grep -q 'Jo Seller' "$D"
check "download HTML: the logo as a data URI" grep -qF \
    "<img class=\"logo\" src=\"$uri\" alt=\"Acme Print &amp; Copy\">" "$D"
py_checks "download xlsx with branding" "$T/xl.py" "$T/dl.report.xlsx" \
    "$HUB/logo.png" "Acme Print & Copy"

# hub report takes the file too; an option wins
hrun hub report -q --account fixture --html "$T/h.html" --xlsx "$T/h.xlsx"
check "hub report: exit 0" test "$rc" -eq 0
check "hub report HTML: dealer, prepared by and logo from branding.conf" \
    sh -c "grep -q 'Acme Print &amp; Copy' '$T/h.html' &&
    grep -q 'Jo Seller' '$T/h.html' && grep -qF '$uri' '$T/h.html'"
py_checks "hub report xlsx" "$T/xl.py" "$T/h.xlsx" "$HUB/logo.png" \
    "Acme Print & Copy"
hrun hub report -q --account fixture --html "$T/h2.html" \
    --dealer-name "Other Dealer"
check "hub report --dealer-name wins over branding.conf" sh -c \
    "[ $rc -eq 0 ] && grep -q 'Other Dealer' '$T/h2.html' &&
    ! grep -q 'Acme Print' '$T/h2.html' && grep -q 'Jo Seller' '$T/h2.html'"

# a bad file: one line from hub report, a 500 and the log from the web
printf 'dealer-name = X\ndealer-colour = red\n' >"$HUB/branding.conf"
hexpect 2 "branding.conf line 2: unknown key 'dealer-colour'" \
    "hub report: an unknown key in branding.conf, exit 2, one line" -- \
    hub report --account fixture --html "$T/bad.html"
report_refused "branding.conf" "branding.conf line 2: unknown key 'dealer-colour'"
printf 'not an image' >"$HUB/logo.txt"
printf 'dealer-logo = logo.txt\n' >"$HUB/branding.conf"
hexpect 2 "branding.conf line 1: dealer-logo: '.*logo.txt' is not a PNG or JPEG image" \
    "hub report: a logo that is not an image, exit 2, one line" -- \
    hub report --account fixture --html "$T/bad.html"
finish
