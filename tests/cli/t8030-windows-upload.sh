#!/bin/sh
# t8030-windows-upload: fleetaudit.exe under Wine uploads to a Linux
# "hub serve" over HTTPS (libcurl with Schannel, Wine's on GnuTLS) with a
# test CA given by --cacert: upload first exports a bundle into the
# outbox (in its own process, export/exporttx.c), then sends it; the hub
# holds it once and the outbox is empty.  A wrong CA is refused and the bundle stays.  Skips, saying why,
# when mingw-w64, Wine or the library cache is missing.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/wine.sh"
wine_exe
wfa() {
	env -i PATH=/usr/bin:/bin HOME="$T" WINEPREFIX="$WINEPREFIX" \
	    WINEDEBUG=-all FLEETAUDIT_HOME="$T/whome" \
	    timeout 300 "$WINE" "$EXE" "$@"
}
hub_store_start
P=127.77.18
HUBADDR=$P.30
PORT=18444
URL=https://$HUBADDR:$PORT/WebServices/Onsite2Service.asmx
HUB=$T/hub
mkdir "$T/tls"
cd "$T" || exit 1
q() { hub_q "$HUB" "$1"; }

# RSA, not ECDSA: with P-256 keys Wine's Schannel once refused a valid
# chain here (CertGetCertificateChain error mask 0x8: signature not
# valid) in a run where every other check passed.
mkcert() {	# NAME CN: a CA
	openssl req -x509 -newkey rsa:2048 -nodes \
	    -keyout "tls/$1.key" -out "tls/$1.pem" -days 2 -subj "/CN=$2" \
	    2>/dev/null
}
mkcert ca "fleetaudit test CA" && mkcert wrong "another CA" &&
openssl req -newkey rsa:2048 -nodes \
    -keyout tls/hub.key -out tls/hub.csr -subj "/CN=$HUBADDR" 2>/dev/null &&
# curl 7.88's Schannel matches the host against DNS names only, not IP
# entries: the address goes in as both (a real hub has a DNS name).
printf 'subjectAltName=IP:%s,DNS:%s\nbasicConstraints=CA:FALSE\n' \
    "$HUBADDR" "$HUBADDR" >tls/ext &&
openssl x509 -req -in tls/hub.csr -CA tls/ca.pem -CAkey tls/ca.key \
    -CAcreateserial -out tls/hub.pem -days 2 -extfile tls/ext 2>/dev/null

fleet_map $P
at_exit 'bed_stop "$T/bed"'
mkdir "$T/bed"
bed_start "$T/bed" "$T/fleet.map" >"$T/bed.out" 2>&1 ||
    { not_ok "bed starts"; cat "$T/bed.out"; finish; }

# shellcheck disable=SC2046  # --store URL: two words
fa hub init "$HUB" $(hub_init_opts hub) >/dev/null 2>&1
wfa keys init -q >/dev/null 2>&1 &&
    wfa keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1 &&
    fa hub trust add --hub "$HUB" "$T/whome/collector.pub" --account acme \
    >/dev/null 2>&1
check "keys made on Windows, trusted both ways" test $? -eq 0
wfa assess -q -c public $P.1-5 >/dev/null 2>&1
check "fleetaudit.exe assesses 5 printers" test $? -eq 0

serve_hub "$HUBADDR:$PORT"
at_exit 'kill $SERVE 2>/dev/null'
check "hub serve starts" grep -q "serving https://$HUBADDR:$PORT" serve.log

wfa upload --hub-url "$URL" --cacert "$T/tls/wrong.pem" >up0.out 2>up0.err
rc=$?
check "a wrong CA: upload fails" test $rc -ne 0
check "the hub has no bundle" test "$(q 'select count(*) from bundles')" = 0
check "the bundle waits in the outbox" sh -c "ls '$T'/whome/outbox/*.bundle >/dev/null 2>&1"
wfa upload --hub-url "$URL" --cacert "$T/tls/ca.pem" >up1.out 2>up1.err
rc=$?
check "upload with the test CA succeeds" test $rc -eq 0
[ $rc -eq 0 ] || tr -d '\r' <up1.err | sed 's/^/# /' | head -n 5
check "the hub holds the bundle once" test "$(q 'select count(*) from bundles')" = 1
check "the hub holds the 5 printers" test "$(q 'select count(*) from devices')" = 5
check "the outbox is empty" sh -c "! ls '$T'/whome/outbox/*.bundle >/dev/null 2>&1"
finish
