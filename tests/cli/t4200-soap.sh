#!/bin/sh
# t4200-soap: the hub's HTTPS SOAP endpoint ("hub serve") and the
# collector's upload, on loopback with real TLS: a test CA and a hub
# certificate made here with openssl, the hub on 127.77.17.2, a device
# (tests/lib/badagent.py) on 127.77.17.1.  An independent client, python3
# zeep, loads the WSDL and calls every operation.  Checked: a bundle
# uploaded while the hub is down stays in the outbox and arrives once the
# hub is up, once; sent again, "already imported" with the same receipt;
# tampered, untrusted, malformed, oversized, DOCTYPE and external-entity
# requests refused with a fault and nothing written; a command queued on
# the hub runs on the collector and its result arrives; a wrong CA, a
# wrong pin and TLS 1.1 refused.  On either hub store
# (tests/lib/hubstore.sh; t4201-soap-pg: PostgreSQL).
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
hub_store_start
P=127.77.17
HUBADDR=$P.2
PORT=18443
URL=https://$HUBADDR:$PORT/WebServices/Onsite2Service.asmx
HUB=$T/hub
mkdir "$T/home" "$T/tls"
cd "$T" || exit 1

# curl_ ARGS...: curl in a clean environment (no CA variables).
curl_() { env -i PATH=/usr/bin:/bin curl -s "$@"; }
py() { env -i PATH=/usr/bin:/bin "$PY" "$@"; }
q() { hub_q "$HUB" "$1"; }

# ---- the test CAs and the hub's certificate ----
tls_ca ca "fleetaudit test CA" && tls_ca wrong "another CA" &&
    tls_cert hub "$HUBADDR"
check "test CA and hub certificate made" test -s tls/hub.pem
PIN=$(openssl x509 -in tls/hub.pem -pubkey -noout |
    openssl pkey -pubin -outform der | openssl dgst -sha256 -binary |
    openssl base64)

# ---- hub, collector, enrolment, one device read ----
hub_enrol
check "the hub's store: $FA_HUB_STORE" hub_store_is "$HUB"
FP=$(fa keys show --json | json_get /dev/stdin 'j["fingerprint"]' 2>/dev/null)
[ -n "$FP" ] || FP=$(fa keys show | sed -n 's/^fingerprint *//p' | head -1)

agent_start "$P.1" "$top/samples/fleet/hp-lj-m404.snmprec" 200
fa assess -q "$P.1" >assess.out 2>&1
check "the device is read into the store" grep -q PHBFA00101 assess.out

# ---- hub down: the bundle stays ----
fa upload --hub-url "$URL" --cacert tls/ca.pem >up0.out 2>up0.err
rc=$?
check "upload with the hub down fails (exit 1)" test $rc -eq 1
check "the error says the hub cannot be reached" \
    grep -q "cannot reach the hub" up0.err
set -- home/outbox/*.bundle
check "the new bundle waits in the outbox" test -f "$1"
BUNDLE=$1
cp "$BUNDLE" bundle.copy
check "its retry state is kept" test -f "$BUNDLE.retry"

# ---- hub up ----
serve() { serve_hub "$HUBADDR:$PORT"; }
serve
at_exit 'kill $SERVE 2>/dev/null'
check "hub serve starts" grep -q "serving https://$HUBADDR:$PORT" serve.log

fa upload --hub-url "$URL" --cacert tls/ca.pem >up1.out 2>up1.err
check "upload once the hub is up succeeds" test $? -eq 0
check "the bundle left the outbox" test ! -e "$BUNDLE"
check "its receipt is kept" sh -c 'ls home/outbox/sent/*.receipt >/dev/null'
check "the hub holds the bundle once" test "$(q 'select count(*) from bundles')" = 1
check "the hub holds the device" \
    test "$(q "select count(*) from devices where serial = 'PHBFA00101'")" = 1
RECEIPT=$(ls home/outbox/sent/*.receipt)
check "the receipt checks on site" sh -c \
    "env -i PATH=/usr/bin:/bin FLEETAUDIT_HOME=$T/home $FA bundle check-receipt $RECEIPT >/dev/null"

# ---- an independent client: zeep loads the WSDL, calls every operation ----
cat >zeep_client.py <<'EOF'
import base64, sys
import requests, zeep
url, ca, bundle = sys.argv[1], sys.argv[2], sys.argv[3]
s = requests.Session()
s.verify = ca
c = zeep.Client(url + "?wsdl", transport=zeep.Transport(session=s))
ops = sorted(c.service._operations.keys())
print("operations", " ".join(ops))
def call(op, **kw):
    try:
        r = getattr(c.service, op)(**kw)
        print(op, "ok", r)
        return r
    except zeep.exceptions.Fault as f:
        print(op, "fault", f.code, f.message)
call("Hello", collector="t8w3-1kcm-9y3r-ys7j", version="zeep", time=0,
     signature=b"x" * 64)
call("Upload", bundle=b"not a bundle")
r = call("Upload", bundle=open(bundle, "rb").read())
call("Result", collector="t8w3-1kcm-9y3r-ys7j", time=0, commandId=1,
     status="ok", output=b"hello", signature=b"x" * 64)
EOF
py zeep_client.py "$URL" tls/ca.pem bundle.copy >zeep.out 2>zeep.err
check "zeep reads the WSDL: Hello, Result, Upload" \
    grep -q "^operations Hello Result Upload" zeep.out
check "zeep Hello from an unknown collector: fault" \
    grep -q "^Hello fault soap:Client unknown collector" zeep.out
check "zeep Upload of junk: fault" \
    grep -q "^Upload fault soap:Client .*not a fleetaudit bundle" zeep.out
check "zeep Upload of the same bundle again: already imported, receipt" \
    sh -c "grep -A3 '^Upload ok' zeep.out | grep -q \"'already': True\""
check "zeep Result unsigned: fault" grep -q "^Result fault soap:Client" zeep.out
check "still one bundle on the hub" test "$(q 'select count(*) from bundles')" = 1

# ---- refusals: nothing written ----
# post FILE ACTION: the body of FILE as a SOAP request; status, then body.
post() {
	curl_ --cacert tls/ca.pem -o post.body -w '%{http_code}' \
	    -H 'Content-Type: text/xml; charset=utf-8' \
	    -H "SOAPAction: \"urn:fleetaudit:onsite2:v1/$2\"" \
	    --data-binary "@$1" "$URL"
}
envelope() {	# BASE64FILE > envelope of an Upload
	printf '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Upload xmlns="urn:fleetaudit:onsite2:v1"><bundle>'
	cat "$1"
	printf '</bundle></Upload></s:Body></s:Envelope>'
}
before=$(q 'select count(*) from bundles')
# a byte of the payload changed
size=$(stat -c %s bundle.copy)
cp bundle.copy tampered
printf 'X' | dd of=tampered bs=1 seek=$((size - 100)) conv=notrunc 2>/dev/null
base64 -w0 tampered >t.b64
envelope t.b64 >tampered.xml
st=$(post tampered.xml Upload)
check "tampered bundle: HTTP 500 and a fault" test "$st" = 500
check "tampered bundle: the fault says why" \
    grep -q "faultcode>soap:Client<.*\(signature\|hash\|truncated\|corrupt\)" post.body

# an untrusted collector (its own home and store)
mkdir home2
fa2() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home2" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@"
}
fa2 keys init >/dev/null 2>&1 && fa2 keys trust-hub "$HUB/hub.pub" \
    >/dev/null 2>&1 && fa2 assess -q "$P.1" >/dev/null 2>&1
fa2 upload --hub-url "$URL" --cacert tls/ca.pem >up2.out 2>up2.err
check "untrusted collector: upload refused (exit 1)" test $? -eq 1
check "untrusted collector: the reason is given" \
    grep -q "refused this collector: unknown collector" up2.err
set -- home2/outbox/*.bundle
base64 -w0 "$1" >u.b64
envelope u.b64 >untrusted.xml
post untrusted.xml Upload >/dev/null
check "untrusted bundle posted: fault 'unknown collector'" \
    grep -q "unknown collector" post.body
check "untrusted collector: its bundle stays in its outbox" test -f "$1"

printf '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Hello>' >bad.xml
st=$(post bad.xml Hello)
check "malformed XML: fault" sh -c "test $st = 500 && grep -q 'malformed XML' post.body"

cat >xxe.xml <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE s:Envelope [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Hello xmlns="urn:fleetaudit:onsite2:v1"><collector>&xxe;</collector><version>1</version><time>1</time><signature>AA==</signature></Hello></s:Body></s:Envelope>
EOF
post xxe.xml Hello >/dev/null
check "external entity: DOCTYPE refused" grep -q "DOCTYPE is not allowed" post.body
check "external entity: nothing of the file in the answer" \
    sh -c '! grep -q "root:" post.body'
cat >lol.xml <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE lolz [ <!ENTITY lol "lol"> <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"> <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"> ]>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Hello xmlns="urn:fleetaudit:onsite2:v1"><collector>&lol3;</collector></Hello></s:Body></s:Envelope>
EOF
post lol.xml Hello >/dev/null
check "entity expansion: DOCTYPE refused" grep -q "DOCTYPE is not allowed" post.body

head -c 70000 /dev/zero | tr '\0' a >big.xml
st=$(post big.xml Hello)
check "Hello body over 64 KiB: HTTP 413 and a fault" \
    sh -c "test $st = 413 && grep -q 'larger than 65536' post.body"
# the same body as a client descheduled under load sends it: 64 KiB, a
# pause, the rest.  Answered and closed with the rest unread, the
# connection is reset and the client never reads the 413.
cat >slow.py <<'EOF'
import socket, ssl, sys, time
host, port, ca = sys.argv[1], int(sys.argv[2]), sys.argv[3]
body = b"a" * 70000
s = ssl.create_default_context(cafile=ca).wrap_socket(
    socket.create_connection((host, port), timeout=30), server_hostname=host)
s.sendall(b"POST /WebServices/Onsite2Service.asmx HTTP/1.1\r\n"
          b"Host: " + host.encode() + b"\r\nContent-Type: text/xml\r\n"
          b"SOAPAction: \"urn:fleetaudit:onsite2:v1/Hello\"\r\n"
          b"Content-Length: 70000\r\n\r\n" + body[:65536])
time.sleep(0.5)
got = b""
try:
    s.sendall(body[65536:])
    while b"</soap:Envelope>" not in got:
        d = s.recv(65536)
        if not d:
            break
        got += d
except OSError as e:
    print("error", type(e).__name__)
sys.stdout.write(got.decode("utf-8", "replace"))
EOF
py slow.py "$HUBADDR" "$PORT" tls/ca.pem >slow.out 2>&1
check "Hello body over 64 KiB sent in two parts: the 413 and its fault read" \
    sh -c "grep -q '^HTTP/1.1 413' slow.out && grep -q 'larger than 65536' slow.out"
head -c 67200000 /dev/zero | tr '\0' A >huge.xml
st=$(post huge.xml Upload)
check "Upload body over 64 MiB: HTTP 413" test "$st" = 413
check "refusals wrote nothing" test "$(q 'select count(*) from bundles')" = "$before"
check "no upload file left behind" sh -c "! ls $HUB/incoming/* 2>/dev/null"

# ---- commands queued on the hub run on the collector ----
fa hub command add --hub "$HUB" --collector "$FP" walk "$P.1" >cmd1.out 2>&1
check "hub command add walk" grep -q "queued for collector" cmd1.out
fa hub command add --hub "$HUB" --collector "$FP" logs --since 1h \
    >cmd2.out 2>&1
check "hub command add logs" grep -q "queued" cmd2.out
fa hub command add --hub "$HUB" --collector "$FP" scan meters >cmd3.out 2>&1
check "hub command add scan" grep -q "queued" cmd3.out
fa hub command add --hub "$HUB" --collector "$FP" scan sideways >/dev/null 2>&1
check "a bad scan kind is refused (exit 2)" test $? -eq 2
fa hub command list --hub "$HUB" >list0.out
check "hub command list: three queued" test "$(grep -c queued list0.out)" = 3
fa upload --hub-url "$URL" --cacert tls/ca.pem >up3.out 2>up3.err
fa hub command list --hub "$HUB" >list1.out
check "walk ran, result back (ok)" grep -q "walk .*$P.1 .* ok " list1.out
fa hub command list --hub "$HUB" 1 >walk.out
check "the walk's output arrived (snmprec)" grep -q '^1\.3\.6\.1\.2\.1\.1\.1\.0|' walk.out
check "logs ran, result back (ok)" grep -q " logs .* ok " list1.out
check "scan without a running collector: an error result" \
    grep -q " scan .* error " list1.out
fa hub command list --hub "$HUB" 3 >scan.out
check "the scan's result names the reason" grep -q "no collector runs" scan.out
fa upload --hub-url "$URL" --cacert tls/ca.pem >up4.out 2>up4.err
check "a command with its result is not given again" \
    sh -c "! grep -q '^command' up4.out"

# ---- run uploads after each scan, and runs the hub's commands ----
nb=$(q 'select count(*) from bundles')
fa hub command add --hub "$HUB" --collector "$FP" scan supplies >/dev/null 2>&1
fa_bg run --hub-url "$URL" --cacert tls/ca.pem -i discovery=4h "$P.1" \
    2>run.log
RUN=$!
at_exit 'kill $RUN 2>/dev/null'
n=0
until [ "$(q 'select count(*) from bundles')" -gt "$nb" ] &&
    grep -q " scan .*supplies .* ok " list2.out 2>/dev/null ||
    [ $n -ge 900 ]; do
	sleep 0.1
	n=$((n + 1))
	fa hub command list --hub "$HUB" >list2.out 2>/dev/null
done
check "run uploads a new bundle after its scan" \
    test "$(q 'select count(*) from bundles')" -gt "$nb"
check "run ran the hub's scan command (made it due)" \
    grep -q " scan .*supplies .* ok " list2.out
kill $RUN 2>/dev/null
wait $RUN 2>/dev/null
check "run's outbox is empty after the upload" \
    sh -c '! ls home/outbox/*.bundle 2>/dev/null'

# ---- upload alone asks the running collector for a scan ----
fa_bg run -i discovery=4h "$P.1" 2>run2.log
RUN2=$!
at_exit 'kill $RUN2 2>/dev/null'
n=0
until [ -S home/ctl.sock ] || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done
fa hub command add --hub "$HUB" --collector "$FP" scan errors >cmd4.out 2>&1
ID4=$(sed -n 's/^command \([0-9]*\) queued.*/\1/p' cmd4.out)
fa upload --hub-url "$URL" --cacert tls/ca.pem >up5.out 2>up5.err
check "upload alone: the scan ran in the running collector" \
    grep -q "^command $ID4: scan errors: ok" up5.out
fa hub command list --hub "$HUB" "$ID4" >scan2.out 2>&1
check "the scan's result arrived" test -s scan2.out
kill $RUN2 2>/dev/null
wait $RUN2 2>/dev/null

# ---- through an HTTP proxy (CONNECT), then an unreachable one ----
cat >proxy.py <<'EOF'
import select, socket, socketserver, sys
class H(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline().decode()
        while self.rfile.readline() not in (b"\r\n", b""):
            pass
        host, port = line.split()[1].rsplit(":", 1)
        up = socket.create_connection((host, int(port)))
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        open(sys.argv[2], "a").write(line)
        a, b = self.connection, up
        while True:
            r, _, _ = select.select([a, b], [], [], 10)
            if not r:
                return
            for s in r:
                d = s.recv(65536)
                if not d:
                    return
                (b if s is a else a).sendall(d)
socketserver.ThreadingTCPServer.allow_reuse_address = True
srv = socketserver.ThreadingTCPServer(("127.77.17.3", int(sys.argv[1])), H)
srv.daemon_threads = True
srv.serve_forever()
EOF
env -i PATH=/usr/bin:/bin "$PY" proxy.py 18080 "$T/proxy.log" &
PROXY=$!	# python's own (env execs it)
at_exit 'kill $PROXY 2>/dev/null'
sleep 0.5
fa hub command add --hub "$HUB" --collector "$FP" logs >/dev/null 2>&1
fa upload --hub-url "$URL" --cacert tls/ca.pem --proxy "http://$P.3:18080" \
    >px.out 2>px.err
check "through a proxy: upload succeeds" test $? -eq 0
check "the proxy carried it (CONNECT to the hub)" \
    grep -q "CONNECT $HUBADDR:$PORT" proxy.log
fa upload --hub-url "$URL" --cacert tls/ca.pem --proxy "http://$P.3:1" \
    >px2.out 2>px2.err
check "an unreachable proxy: clear error" grep -q "cannot reach the hub" px2.err

# ---- TLS: wrong CA, pin, old protocol ----
fa upload --hub-url "$URL" --cacert tls/wrong.pem >w.out 2>w.err
check "wrong CA: refused (exit 1)" test $? -eq 1
check "wrong CA: clear message" grep -q "certificate is not trusted" w.err
fa upload --hub-url "$URL" --cacert tls/ca.pem \
    --pin sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= >p.out 2>p.err
check "pin mismatch: refused" grep -q "does not match --pin" p.err
fa upload --hub-url "$URL" --cacert tls/ca.pem --pin "sha256//$PIN" \
    >p2.out 2>p2.err
check "the right pin: accepted" test $? -eq 0
fa upload --hub-url "http://$HUBADDR:$PORT/" >h.out 2>h.err
check "plain http refused (exit 2)" test $? -eq 2
curl_ --cacert tls/ca.pem --tls-max 1.1 "$URL?wsdl" >/dev/null 2>&1
check "TLS 1.1 refused by the hub" test $? -ne 0
curl_ --cacert tls/ca.pem --tlsv1.2 --tls-max 1.2 "$URL?wsdl" >wsdl12.xml
check "TLS 1.2 accepted" grep -q 'soap:address location=' wsdl12.xml
curl_ --max-time 5 "http://$HUBADDR:$PORT/WebServices/Onsite2Service.asmx?wsdl" \
    >plain.out 2>&1
check "the hub serves no plain HTTP" sh -c '! grep -q definitions plain.out' 

kill $SERVE 2>/dev/null
wait $SERVE 2>/dev/null
check "hub serve stops on SIGTERM" grep -q stopped serve.log
check "no sanitizer report from hub serve or run" sh -c \
    '! grep -q "Sanitizer\|runtime error" serve.log run.log'
finish
