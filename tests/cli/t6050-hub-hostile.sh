#!/bin/sh
# t6050-hub-hostile: "hub serve" under hostile clients, on loopback with
# real TLS (tests/lib/hostile.py: the attackers from one address, the
# legitimate clients, which say Hello and log in to the web view, from
# another).  Checked:
#  - memory amplification: Uploads whose bundle element holds 16 MiB of
#    "<a/>", unauthenticated and with a trusted collector's signed
#    headers: refused, and the hub's peak RSS (VmHWM) stays under
#    AMP_MAX_KB (and under PEAK_MAX_KB over the whole test);
#  - slowloris: 64 TLS connections sending a header line every 2 s, and 8
#    sending a body a byte every 2 s; the legitimate clients are all
#    answered meanwhile, and the hub closes every slow connection it took;
#  - busy by uploads: 4 unauthenticated 64 MiB Uploads are refused before
#    their body and do not make Hello or a login wait; 9 authenticated
#    Uploads held unfinished take the 8 upload slots, the ninth is told
#    "busy", and Hello and logins are still answered;
#  - an Upload's signed headers are bound to its length and used once; a
#    real collector's upload of a bundle over 64 KiB signs them and is
#    taken;
#  - the TLS key must be private (mode 0600), the web view sends HSTS, an
#    oversized login form gets an HTML error page.
# Addresses: the hub on 127.77.60.2:16443, legitimate clients from
# 127.77.60.1, attackers from 127.77.60.3 and .4.
. "$(dirname "$0")/../lib/common.sh"
HUBADDR=127.77.60.2
LEGIT=127.77.60.1
ATT=127.77.60.3
ATT2=127.77.60.4
PORT=16443
URL=https://$HUBADDR:$PORT
HUB=$T/hub
SIGN=$top/${BUILD:-build}/tests/tools/upload_sign
AMP_MAX_KB=65536	# 64 MiB: idle, the hub holds about 15 MiB
PEAK_MAX_KB=131072	# 128 MiB: a web login hashes with Argon2id (64 MiB)
mkdir "$T/tls"
cd "$T" || exit 1

curl_() { env -i PATH=/usr/bin:/bin curl -s --cacert tls/ca.pem "$@"; }
hub() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$HUB" "$FA" hub "$@"
}
hostile() {
	env -i PATH=/usr/bin:/bin "$PY" "$top/tests/lib/hostile.py" \
	    --hub "$HUBADDR" --port "$PORT" --ca tls/ca.pem --src "$ATT" \
	    --legit "$LEGIT" --user boss --password-file boss.pw "$@"
}
# legit OUT: "SERVED FAILED" of the legitimate clients.
hub_q_devices() {
	"$PY" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from devices").fetchone()[0])' "$HUB/hub.db"
}
legit() { sed -n 's/^legit served \([0-9]*\) failed \([0-9]*\)$/\1 \2/p' "$1"; }
# rss_under NAME KB MAX: KB under MAX, except in a sanitizer build
# ("make check"), whose quarantine keeps freed memory on purpose.
rss_under() {
	if [ -n "${FA_SAN:-}" ]; then
		ok "$1 # SKIP a sanitizer build's RSS: $2 kB"
	else
		check "$1" test "${2:-999999999}" -lt "$3"
	fi
}
peak() { sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SERVE/status"; }

# ---- the test CA, the hub, a trusted collector, a web user ----
tls_ca ca "fleetaudit test CA" && tls_cert hub "$HUBADDR"
chmod 600 tls/hub.key
check "test CA and hub certificate made" test -s tls/hub.pem
fa hub init "$HUB" >/dev/null 2>&1 && fa keys init >/dev/null 2>&1 &&
    fa hub trust add --hub "$HUB" home/collector.pub --account acme \
    >/dev/null 2>&1
FP=$(fa keys show | sed -n 's/^fingerprint *//p' | head -1)
check "hub and collector enrolled" test -n "$FP"
printf 'correct horse battery\n' >boss.pw
chmod 600 boss.pw
hub user add boss --role admin --password-file boss.pw >/dev/null 2>&1
check "web user made" test $? -eq 0

# ---- the TLS key must be private ----
cp tls/hub.key tls/open.key
chmod 644 tls/open.key
timeout 10 env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home" \
    "$FA" hub serve --hub "$HUB" --listen "$HUBADDR:$PORT" \
    --cert tls/hub.pem --key tls/open.key >open.out 2>open.err
rc=$?
check "hub serve refuses a TLS key others may read (exit 1)" test $rc -eq 1
check "in one line naming the file and its mode" sh -c \
    "test \$(wc -l <open.err) -eq 1 && grep -q \"unsafe mode 0644 on TLS key '.*open.key'\" open.err"

serve_hub "$HUBADDR:$PORT"
at_exit 'kill $SERVE 2>/dev/null'
check "hub serve starts" grep -q "serving https://$HUBADDR:$PORT" serve.log
IDLE=$(peak)

# ---- the web view: HSTS, an oversized form ----
curl_ -D hdrs -o /dev/null "$URL/login"
check "the web view sends Strict-Transport-Security" \
    grep -qi '^Strict-Transport-Security: max-age=[1-9]' hdrs
head -c 20000 /dev/zero | tr '\0' a >big.form
code=$(curl_ -o big.body -D big.hdrs -w '%{http_code}' \
    -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-binary @big.form "$URL/login")
check "an oversized login form: 413" test "$code" = 413
check "as an HTML page, not a SOAP fault" sh -c \
    "grep -qi '^Content-Type: text/html' big.hdrs && grep -q '<html' big.body && ! grep -q Fault big.body"

# ---- memory amplification ----
hostile amplify --n 2 --size 16777216 >amp1.out 2>amp1.err
check "2 unauthenticated Uploads of 16 MiB of <a/>: refused (403)" \
    test "$(grep -c '^amplify [0-9] 403$' amp1.out)" = 2
hostile --sign "$SIGN home/collector.key $FP" amplify --n 2 \
    --size 16777216 >amp2.out 2>amp2.err
check "2 signed Uploads of 16 MiB of <a/>: refused (fault)" \
    test "$(grep -c '^amplify [0-9] 500$' amp2.out)" = 2
check "the log says why: too many elements" \
    grep -q "more than 64 elements in an Upload" serve.log
AMP=$(peak)
echo "# hub peak RSS: idle $IDLE kB, after the amplification $AMP kB"
rss_under "the hub's peak RSS stays under $AMP_MAX_KB kB (was $AMP)" \
    "$AMP" $AMP_MAX_KB
check "nothing stored, nothing left in incoming/" sh -c \
    "test -z \"\$(ls '$HUB/incoming' 2>/dev/null)\""

# ---- the signed headers: bound to the length, used once ----
printf '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Upload xmlns="urn:fleetaudit:onsite2:v1"><bundle>bm90IGEgYnVuZGxl</bundle></Upload></s:Body></s:Envelope>' >junk.xml
LEN=$(wc -c <junk.xml)
"$SIGN" home/collector.key "$FP" "$LEN" >auth.hdrs
"$SIGN" home/collector.key "$FP" $((LEN + 1)) >auth2.hdrs
# up HDRS: posts junk.xml as an Upload with the headers of HDRS; status.
up() {
	curl_ -o up.body -w '%{http_code}' -H @"$1" \
	    -H 'Content-Type: text/xml' \
	    -H 'SOAPAction: "urn:fleetaudit:onsite2:v1/Upload"' \
	    --data-binary @junk.xml "$URL/WebServices/Onsite2Service.asmx"
}
check "signed headers of another length: refused (403)" \
    test "$(up auth2.hdrs)" = 403
code=$(up auth.hdrs)
check "signed headers: the body is read (a fault about the bundle)" \
    sh -c "test '$code' = 500 && grep -q 'not a fleetaudit bundle' up.body"
check "the same signed headers again: refused as a replay (403)" \
    test "$(up auth.hdrs)" = 403
check "the log says: a replay" grep -q "sent before (a replay)" serve.log

# ---- a real collector's large upload: signed, taken ----
"$top/${BUILD:-build}/tests/tools/bundle_mkstore" home/store.db 400 1 \
    >/dev/null 2>&1
fa keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
fa upload --hub-url "$URL/WebServices/Onsite2Service.asmx" \
    --cacert tls/ca.pem >up.out 2>up.err
rc=$?
check "upload of a 400-device bundle (an envelope over 64 KiB) succeeds" \
    test $rc -eq 0
check "its receipt is kept" sh -c 'ls home/outbox/sent/*.receipt >/dev/null'
check "the hub holds its 400 devices" \
    test "$(hub_q_devices)" = 400
check "the envelope was over 64 KiB: a signed upload slot was taken" \
    grep -q "upload: bundle .* (signed, [0-9]* bytes)" serve.log

# ---- slowloris ----
hostile slowloris --n 64 --interval 2 --duration 60 --trickle 8 \
    --trickle-src "$ATT2" >slow.out 2>slow.err
set -- $(legit slow.out)
echo "# slowloris: $(grep ^slowloris slow.out); legitimate requests served $1, failed $2"
check "during the slowloris, legitimate requests are answered (${1:-0})" \
    test "${1:-0}" -ge 10
check "and none fails (${2:-?})" test "${2:-1}" -eq 0
check "one address holds at most 32 connections" \
    grep -q '^slowloris opened 32 refused 32 ' slow.out
check "the hub closes every slow connection" \
    grep -q '^slowloris opened \([0-9]*\) refused [0-9]* closed_by_hub \1$' slow.out
check "the log says so" grep -q "connections without a request in 15 s" serve.log
check "8 bodies sent a byte every 2 s: all closed by the hub" \
    grep -q '^trickle opened 8 closed_by_hub 8$' slow.out
check "the log says so" grep -q "sending their body slower than 4096 bytes/s" serve.log

echo "# hub peak RSS after the slowloris: $(peak) kB"

# ---- busy by uploads ----
hostile hold --n 4 --size 67108864 --duration 8 >hold1.out 2>hold1.err
set -- $(legit hold1.out)
echo "# unauthenticated 64 MiB holds: legitimate requests served $1, failed $2"
check "4 unauthenticated 64 MiB Uploads: refused before the body" \
    test "$(grep -c '^hold [0-9] 403$' hold1.out)" = 4
check "Hello and logins answered meanwhile (${1:-0}, failed ${2:-?})" \
    test "${1:-0}" -ge 4 -a "${2:-1}" -eq 0
echo "# hub peak RSS after the unauthenticated holds: $(peak) kB"
hostile --sign "$SIGN home/collector.key $FP" hold --n 9 --size 8388608 \
    --duration 8 >hold2.out 2>hold2.err
set -- $(legit hold2.out)
echo "# 9 signed Uploads held: legitimate requests served $1, failed $2"
check "9 signed Uploads held: one is told the hub is busy (503)" \
    test "$(grep -c '^hold [0-9] 503$' hold2.out)" = 1
check "Hello and logins answered meanwhile (${1:-0}, failed ${2:-?})" \
    test "${1:-0}" -ge 4 -a "${2:-1}" -eq 0
sed 's/^/# /' amp1.out hold1.out hold2.out
PEAK=$(peak)
echo "# hub peak RSS over the whole test: $PEAK kB"
rss_under "the hub's peak RSS over the test stays under $PEAK_MAX_KB kB" \
    "$PEAK" $PEAK_MAX_KB
check "hub serve still running" kill -0 $SERVE
finish
