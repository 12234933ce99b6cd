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
hub_store_start
HUBADDR=127.77.23.76
PORT=17676
HUB=$T/hub
FIX=$top/${BUILD:-build}/tests/tools/report_fixture
H2=$T/fix
mkdir -p "$H2/catalog" "$T/tls"
chmod 700 "$H2"
cd "$T" || exit 1
cat >"$T/dealer.catalog" <<'EOF'
[HP / LaserJet P3015]
duty   = 1000
source = dealer test sheet
EOF
cp "$T/dealer.catalog" "$H2/catalog/"

# shellcheck disable=SC2046  # --store URL: two words
hub hub init "$HUB" $(hub_init_opts hub) -q >/dev/null
fx() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$H2" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@"
}
"$FIX" "$H2/store.db" >"$T/fix.out" 2>&1 &&
    fx keys init -q >/dev/null &&
    fx keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1 &&
    hub hub trust add "$H2/collector.pub" --account fixture -q \
    >/dev/null 2>&1 &&
    fx export bundle -o "$T/f1.bundle" >/dev/null 2>&1 &&
    hub hub import "$T/f1.bundle" >/dev/null 2>&1
check "fixture exported and imported" test $? -eq 0


# a 120 x 40 PNG, written with zlib
$PY - "$HUB/logo.png" <<'EOF'
import struct, sys, zlib
w, h = 120, 40
raw = b"".join(b"\0" + bytes([0x24, 0x52, 0x7a]) * w for _ in range(h))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
       chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
open(sys.argv[1], "wb").write(png)
EOF
uri=$($PY -c 'import base64,sys; print("data:image/png;base64," + base64.b64encode(open(sys.argv[1],"rb").read()).decode())' "$HUB/logo.png")

# ---- the web view's downloads ----
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout tls/ca.key -out tls/ca.pem -days 2 -subj "/CN=fleetaudit test CA" \
    2>/dev/null &&
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout tls/hub.key -out tls/hub.csr -subj "/CN=$HUBADDR" 2>/dev/null &&
printf 'subjectAltName=IP:%s\n' "$HUBADDR" >tls/ext &&
openssl x509 -req -in tls/hub.csr -CA tls/ca.pem -CAkey tls/ca.key \
    -CAcreateserial -out tls/hub.pem -days 2 -extfile tls/ext 2>/dev/null
check "test CA and hub certificate made" test -s tls/hub.pem
printf 'dealer-admin-pw-1\n' >admin.pw
hub hub user add boss --role admin --password-file admin.pw -q >/dev/null 2>&1
fa_bg hub serve --hub "$HUB" --listen "$HUBADDR:$PORT" --cert tls/hub.pem \
    --key tls/hub.key 2>>serve.log
SERVE=$!
at_exit 'kill $SERVE 2>/dev/null'
serve_wait serve.log
check "hub serve starts" grep -q "serving https://$HUBADDR:$PORT" serve.log

cat >"$T/web.py" <<'PYEOF'
import http.cookiejar, ssl, sys, urllib.parse, urllib.request
url, ca, out = sys.argv[1:4]
ctx = ssl.create_default_context(cafile=ca)
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a):
        return None
jar = http.cookiejar.CookieJar()
op = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ctx),
    urllib.request.HTTPCookieProcessor(jar), NoRedirect())
def get(path, data=None):
    try:
        with op.open(urllib.request.Request(url + path, data=data),
                     timeout=60) as f:
            return f.status, f.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
get("/login")
tok = [c.value for c in jar if c.name == "__Host-fa_login"][0]
get("/login", urllib.parse.urlencode({"csrf": tok, "name": "boss",
    "password": "dealer-admin-pw-1"}).encode())
for part in ("report.html", "report.xlsx"):
    st, body = get("/accounts/fixture/" + part)
    open(out + "." + part, "wb").write(body)
    print(st)
PYEOF
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
$PY "$T/web.py" "https://$HUBADDR:$PORT" tls/ca.pem "$T/d0" >"$T/st" 2>&1
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
$PY "$T/web.py" "https://$HUBADDR:$PORT" tls/ca.pem "$T/dl" >"$T/st" 2>&1
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
$PY "$T/web.py" "https://$HUBADDR:$PORT" tls/ca.pem "$T/bd" >"$T/st" 2>&1
check "download with a bad branding.conf: 500, says so" sh -c \
    "[ \"\$(head -1 '$T/st')\" = 500 ] &&
    grep -q 'The report cannot be made' '$T/bd.report.html'"
check "the hub's log names the file and line" grep -q \
    "branding.conf line 2: unknown key 'dealer-colour'" serve.log
printf 'not an image' >"$HUB/logo.txt"
printf 'dealer-logo = logo.txt\n' >"$HUB/branding.conf"
hexpect 2 "branding.conf line 1: dealer-logo: '.*logo.txt' is not a PNG or JPEG image" \
    "hub report: a logo that is not an image, exit 2, one line" -- \
    hub report --account fixture --html "$T/bad.html"
finish
