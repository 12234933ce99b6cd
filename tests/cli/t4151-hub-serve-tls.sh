#!/bin/sh
# t4151-hub-serve-tls: what "hub serve" is given to listen with.
#  - --cert and --key must be PEM: the hub's own key files (hub.pub,
#    hub-sign.key) are refused in one line saying so, exit 1, before
#    anything listens;
#  - --listen takes a host name, resolved once at start: localhost:PORT
#    serves on loopback (127.0.0.1, its IPv4 address), and a real client
#    (curl, with the test CA) reads the WSDL by that name; the log says
#    the address it resolved to;
#  - bad --listen values (no port, a port out of range, a name that does
#    not resolve) are one line and a non-zero exit;
#  - the hub's secret keys are checked against hub.pub by hub serve and
#    hub import alike (export/hub/hubdir.c);
#  - README's openssl recipe for a self-signed pair serves, and a client
#    given the certificate as its CA file trusts it.
# Loopback only, in the test's own network namespace: 127.0.0.1:18151.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubcli.sh"
PORT=18151
HUB=$T/hub
mkdir "$T/tls"
cd "$T" || exit 1

# serve_fails NAME PATTERN ARGS...: hub serve with ARGS exits non-zero
# at once, one line on stderr matching PATTERN.
serve_fails() {
	_name=$1 _pat=$2
	shift 2
	timeout 20 env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$HUB" \
	    "$FA" hub serve "$@" >sf.out 2>sf.err
	_rc=$?
	if [ "$_rc" -ne 0 ] && [ "$_rc" -ne 124 ] &&
	    [ "$(wc -l <sf.err)" -eq 1 ] && grep -q -- "$_pat" sf.err; then
		ok "$_name"
	else
		not_ok "$_name (exit $_rc)"
		sed 's/^/# /' sf.err | head -3
	fi
}

# ---- a test CA, and a certificate for localhost made as README says ----
openssl req -x509 -newkey rsa:2048 -nodes -keyout tls/ca.key \
    -out tls/ca.pem -days 2 -subj "/CN=fleetaudit test CA" 2>/dev/null &&
openssl req -newkey rsa:2048 -nodes -keyout tls/hub-tls.key \
    -out tls/hub.csr -subj "/CN=localhost" 2>/dev/null &&
printf '%s\n' basicConstraints=CA:FALSE \
    subjectAltName=DNS:localhost,IP:127.0.0.1 >tls/ext &&
openssl x509 -req -in tls/hub.csr -CA tls/ca.pem -CAkey tls/ca.key \
    -CAcreateserial -out tls/hub-tls.pem -days 2 -extfile tls/ext \
    2>/dev/null
chmod 600 tls/hub-tls.key
check "test CA and certificate made" test -s tls/hub-tls.pem
fa hub init "$HUB" >/dev/null 2>&1
check "hub made" test -s "$HUB/hub-sign.key"

# ---- not PEM ----
serve_fails "hub.pub as --cert: not a PEM certificate, one line" \
    "--cert: '.*hub.pub' is not a PEM certificate" \
    --listen 127.0.0.1:$PORT --cert "$HUB/hub.pub" --key tls/hub-tls.key
check "the line says the hub's signing keys are not it" \
    grep -q "not the hub's signing keys" sf.err
serve_fails "hub-sign.key as --key: not a PEM private key, one line" \
    "--key: '.*hub-sign.key' is not a PEM private key" \
    --listen 127.0.0.1:$PORT --cert tls/hub-tls.pem --key "$HUB/hub-sign.key"
cp tls/ca.pem tls/cert-as-key.pem
chmod 600 tls/cert-as-key.pem
serve_fails "a certificate as --key: not a PEM private key" \
    "is not a PEM private key" \
    --listen 127.0.0.1:$PORT --cert tls/hub-tls.pem --key tls/cert-as-key.pem
cp tls/hub-tls.key tls/swapped.pem
serve_fails "a key as --cert: not a PEM certificate" \
    "is not a PEM certificate" \
    --listen 127.0.0.1:$PORT --cert tls/swapped.pem --key tls/hub-tls.key

# ---- keys of another hub: both import paths refuse them alike ----
fa hub init "$T/other" >/dev/null 2>&1
cp "$HUB/hub-sign.key" tls/sign.saved
cp "$T/other/hub-sign.key" "$HUB/hub-sign.key"
serve_fails "hub serve with another hub's signing key: refused" \
    "the hub's secret keys in '.*' do not match its hub.pub" \
    --listen 127.0.0.1:$PORT --cert tls/hub-tls.pem --key tls/hub-tls.key
printf 'x' >x.bundle
hexpect 1 "the hub's secret keys in '.*' do not match its hub.pub" \
    "hub import with another hub's signing key: the same refusal" -- \
    hub import x.bundle
cp tls/sign.saved "$HUB/hub-sign.key"

# ---- bad --listen values ----
serve_fails "--listen without a port" "is not HOST:PORT" \
    --listen localhost --cert tls/hub-tls.pem --key tls/hub-tls.key
serve_fails "--listen with port 99999" "port must be a number from 1 to 65535" \
    --listen localhost:99999 --cert tls/hub-tls.pem --key tls/hub-tls.key
serve_fails "--listen with a name that does not resolve" \
    "cannot resolve 'no-such-host.invalid'" \
    --listen no-such-host.invalid:$PORT --cert tls/hub-tls.pem \
    --key tls/hub-tls.key
serve_fails "--listen with an empty host" "is not HOST:PORT" \
    --listen :$PORT --cert tls/hub-tls.pem --key tls/hub-tls.key

# ---- --listen localhost:PORT ----
fa_bg hub serve --hub "$HUB" --listen "localhost:$PORT" \
    --cert tls/hub-tls.pem --key tls/hub-tls.key 2>>serve.log
SERVE=$!
at_exit 'kill $SERVE 2>/dev/null'
serve_wait serve.log
check "hub serve --listen localhost:$PORT starts" \
    grep -q "serving https://localhost:$PORT/" serve.log
check "the log names the address it resolved to" \
    grep -q "on 127.0.0.1:$PORT" serve.log
code=$(env -i PATH=/usr/bin:/bin curl -s --max-time 20 --cacert tls/ca.pem \
    -o wsdl.xml -w '%{http_code}' \
    "https://localhost:$PORT/WebServices/Onsite2Service.asmx?wsdl")
check "curl reads the WSDL at https://localhost:$PORT (certificate checked)" \
    sh -c "[ '$code' = 200 ] && grep -q 'definitions' wsdl.xml"
code=$(env -i PATH=/usr/bin:/bin curl -s --max-time 20 --cacert tls/ca.pem \
    -o /dev/null -w '%{http_code}' \
    "https://127.0.0.1:$PORT/WebServices/Onsite2Service.asmx?wsdl")
check "and at https://127.0.0.1:$PORT" test "$code" = 200
kill "$SERVE" 2>/dev/null
wait "$SERVE" 2>/dev/null
check "stopped" grep -q "stopped" serve.log

# ---- README's self-signed pair, given to the client as --cacert ----
openssl req -x509 -newkey rsa:3072 -nodes -days 825 \
    -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost \
    -keyout tls/self.key -out tls/self.pem 2>/dev/null
chmod 600 tls/self.key
fa_bg hub serve --hub "$HUB" --listen "localhost:$PORT" \
    --cert tls/self.pem --key tls/self.key 2>>serve2.log
SERVE=$!
serve_wait serve2.log
code=$(env -i PATH=/usr/bin:/bin curl -s --max-time 20 --cacert tls/self.pem \
    -o /dev/null -w '%{http_code}' \
    "https://localhost:$PORT/WebServices/Onsite2Service.asmx?wsdl")
check "README's openssl recipe: served, and trusted as --cacert" \
    test "$code" = 200
kill "$SERVE" 2>/dev/null
wait "$SERVE" 2>/dev/null
finish
