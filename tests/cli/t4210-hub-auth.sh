#!/bin/sh
# t4210-hub-auth: who may make a collector act, and what a hub takes as a
# Hello (docs/soap.md, "Signatures"; docs/SECURITY.md).  On loopback with
# real TLS, the hub on 127.77.21.2, a device (tests/lib/badagent.py, with a
# community of its own) on .1 that the collector knows, another on .5
# that only a configured range names, and on .9 a UDP listener standing
# for an arbitrary host: any datagram it gets would carry the site's
# community.  tests/lib/soapsign.py (Python's cryptography and XML, apart
# from the C code) plays a collector, a checker of the hub's signed
# answer, and a man in the middle on .3 whose certificate the collector's
# CA accepts.  Checked:
#  - the hub's answer is signed as documented, for the Hello's nonce;
#  - an impostor that answers with the hub's fingerprint but without its
#    key (unsigned, a forged signature, or a genuine answer to another
#    Hello played again) gets no command run, no datagram sent, no Result
#    and no bundle;
#  - a walk of a host the collector does not know and no range names,
#    of an excluded one, or of a name, is refused without a packet; one
#    inside a configured range runs; the same inside "run";
#  - a Hello played again is refused and reveals nothing; one dated 200 s
#    ahead or behind is refused; a collector of protocol v1 (no nonce)
#    may still say Hello but is given no command;
#  - an unknown collector and a bad signature get the same fault, byte for
#    byte, on Hello, Result and Upload;
#  - control characters a client sends reach the hub's log escaped.
# On either hub store (tests/lib/hubstore.sh; t4211-hub-auth-pg:
# PostgreSQL).
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
hub_store_start
P=127.77.21
HUBADDR=$P.2
PORT=18453
URL=https://$HUBADDR:$PORT/WebServices/Onsite2Service.asmx
MITM=https://$P.3:18454/WebServices/Onsite2Service.asmx
COMM=fa-t4210-s3cret
HUB=$T/hub
SIGN=$top/tests/lib/soapsign.py
mkdir "$T/home" "$T/tls"
cd "$T" || exit 1

curl_() { env -i PATH=/usr/bin:/bin curl -s "$@"; }
py() { env -i PATH=/usr/bin:/bin "$PY" "$@"; }
q() { hub_q "$HUB" "$1"; }

# ---- a test CA, the hub's certificate and the impostor's ----
tls_ca ca "t4210 CA"
tls_cert hub "$P.2"
tls_cert mitm "$P.3"
check "test CA, hub and impostor certificates made" \
    sh -c 'test -s tls/hub.pem && test -s tls/mitm.pem'

# ---- hub, collector, enrolment; devices and the listener ----
hub_enrol
check "the hub's store: $FA_HUB_STORE" hub_store_is "$HUB"
fa keys show --json >keys.json
FP=$(json_get keys.json 'j["fingerprint"]')
HUBFP=$(json_get keys.json 'j["hub"]["fingerprint"]')
check "fingerprints known" sh -c "test -n '$FP' && test -n '$HUBFP'"
printf 'community = %s\n' "$COMM" >home/fleetaudit.conf
chmod 600 home/fleetaudit.conf

for a in 1 5; do
	/usr/bin/python3 "$top/tests/lib/badagent.py" --addr "$P.$a" \
	    --community "$COMM" --pidfile "$T/agent$a.pid" --lifetime 250 \
	    >"$T/agent$a.log" 2>&1 &
	at_exit "[ -s '$T/agent$a.pid' ] && kill \"\$(cat '$T/agent$a.pid')\" 2>/dev/null"
done
env -i PATH=/usr/bin:/bin "$PY" "$SIGN" catch "$P.9" 161 "$T/caught" &
CATCH=$!	# python's own (env execs it)
at_exit 'kill $CATCH 2>/dev/null'
n=0
while { [ ! -s agent1.pid ] || [ ! -s agent5.pid ] || [ ! -e caught ]; } &&
    [ $n -lt 50 ]; do
	sleep 0.1
	n=$((n + 1))
done
fa assess -q "$P.1" >assess.out 2>&1
check "device .1 is read into the store" grep -q "$P.1" assess.out
check "the store does not know .5 or .9" \
    sh -c "! fa devices 2>/dev/null | grep -q '$P\.[59]\b'"
check "nothing reached the listener yet" test ! -s caught

serve() { serve_hub "$HUBADDR:$PORT"; }
serve
at_exit 'kill $SERVE 2>/dev/null'
check "hub serve starts" grep -q "serving https://$HUBADDR:$PORT" serve.log

# post FILE ACTION: status, the body in post.body
post() {
	curl_ --cacert tls/ca.pem -o post.body -w '%{http_code}' \
	    -H 'Content-Type: text/xml; charset=utf-8' \
	    -H "SOAPAction: \"urn:fleetaudit:onsite2:v1/$2\"" \
	    --data-binary "@$1" "$URL"
}
# hello OUT [ARGS...]: a Hello signed with the collector's key; $NONCE
hello() {
	_o=$1
	shift
	py "$SIGN" hello home/collector.key "$FP" "$@" >"$_o" 2>nonce.out
	NONCE=$(sed -n 's/^nonce //p' nonce.out)
}
cmd() { fa hub command add --hub "$HUB" --collector "$FP" "$@" 2>&1 |
    sed -n 's/^command \([0-9]*\) queued.*/\1/p'; }
state() { fa hub command list --hub "$HUB" | awk -v id="$1" '$1 == id'; }
# is_state ID STATE: command ID is in STATE (ok, error, ...)
is_state() { state "$1" | grep -q " $2 "; }
# says ID TEXT: command ID's output holds TEXT
says() { fa hub command list --hub "$HUB" "$1" | grep -q "$2"; }

# ---- the hub's answer, checked apart from the C code ----
cmd walk "$P.1" >/dev/null
hello h1.xml
st=$(post h1.xml Hello)
cp post.body answer1.xml
check "a signed Hello with a nonce: answered (200)" test "$st" = 200
py "$SIGN" verify "$HUB/hub.pub" "$FP" "$NONCE" answer1.xml >verify1.out
check "the answer verifies as docs/soap.md says (Python, hub.pub)" \
    grep -q "^verified 1 commands" verify1.out
py "$SIGN" verify "$HUB/hub.pub" "$FP" 00112233445566778899aabbccddeeff \
    answer1.xml >verify2.out
check "the same answer does not verify for another nonce" \
    grep -q "^refused: bad signature" verify2.out

# ---- point 10: a Hello played again ----
st=$(post h1.xml Hello)
check "the same Hello again: refused (500)" test "$st" = 500
check "the same Hello again: the fault says replay" \
    grep -q "faultcode>soap:Client<.*seen before (a replay)" post.body
check "the same Hello again: no command revealed" \
    sh -c '! grep -q "<command>" post.body'
# refused NAME STATUS PATTERN: a 500 fault matching PATTERN (else what
# came is shown)
refused() {
	if [ "$2" = 500 ] && grep -q "$3" post.body; then
		ok "$1"
	else
		not_ok "$1"
		echo "# status $2: $(head -c 400 post.body | tr '\n' ' ')"
		tail -3 serve.log | sed 's/^/# /'
	fi
}
# Dated off (protocol v1 here, which a hub before nonces took too); 250 s,
# so that a second passing before the post still reads +2xx.
hello ahead.xml --v1 --skew 250
st=$(post ahead.xml Hello)
refused "a Hello dated 250 s ahead: refused" "$st" 'clock is +2'
hello behind.xml --v1 --skew -250
st=$(post behind.xml Hello)
refused "a Hello dated 250 s behind: refused" "$st" 'clock is -2'
hello ahead2.xml --skew 250
st=$(post ahead2.xml Hello)
refused "a Hello with a nonce dated 250 s ahead: refused" "$st" \
    'clock is +2'
hello v1.xml --v1
st=$(post v1.xml Hello)
check "a Hello of protocol v1 (no nonce): answered" test "$st" = 200
check "protocol v1: no command given (one is queued)" \
    sh -c '! grep -q "<command>" post.body'
check "protocol v1: the hub's log says why" \
    grep -q "protocol v1 (no nonce): no command given" serve.log
st=$(post v1.xml Hello)
check "a Hello of protocol v1 again: refused as a replay" \
    sh -c "test $st = 500 && grep -q 'seen before' post.body"

# ---- the same fault for an unknown collector and a bad signature ----
hello bad.xml
sed 's#\(<[a-z0-9]*:signature>\)[^<]*#\1'"$(head -c 64 /dev/zero |
    base64 -w0)"'#' bad.xml >badsig.xml
mkdir home2
fa2() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home2" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@"
}
fa2 keys init >/dev/null 2>&1 && fa2 keys trust-hub "$HUB/hub.pub" \
    >/dev/null 2>&1 && fa2 assess -q -c "$COMM" "$P.1" >/dev/null 2>&1
FP2=$(fa2 keys show --json | json_get /dev/stdin 'j["fingerprint"]')
py "$SIGN" hello home2/collector.key "$FP2" >unknown.xml 2>/dev/null
st1=$(post badsig.xml Hello)
cp post.body f.badsig
st2=$(post unknown.xml Hello)
cp post.body f.unknown
check "Hello: bad signature and unknown collector, same status" \
    test "$st1" = "$st2"
check "Hello: bad signature and unknown collector, same fault" \
    cmp -s f.badsig f.unknown
check "the fault names neither (no fingerprint in it)" \
    sh -c "! grep -q '$FP\|$FP2' f.badsig"
check "the hub's log says which (for its operator)" sh -c \
    "grep -q 'hello refused: bad signature: not signed by collector $FP' serve.log &&
     grep -q 'hello refused: unknown collector $FP2' serve.log"
result() {	# FP: a Result with a junk signature
	printf '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Result xmlns="urn:fleetaudit:onsite2:v1"><collector>%s</collector><time>%s</time><commandId>1</commandId><status>ok</status><output>aGk=</output><signature>%s</signature></Result></s:Body></s:Envelope>' \
	    "$1" "$(date +%s)" "$(head -c 64 /dev/zero | base64 -w0)"
}
result "$FP" >r1.xml
result "$FP2" >r2.xml
st1=$(post r1.xml Result)
cp post.body f.r1
st2=$(post r2.xml Result)
check "Result: bad signature and unknown collector, same fault" \
    sh -c "test $st1 = $st2 && cmp -s f.r1 post.body"
# The untrusted collector's own upload leaves its bundle in its outbox.
fa2 upload --hub-url "$URL" --cacert tls/ca.pem >/dev/null 2>&1
set -- home2/outbox/*.bundle
{
	printf '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Upload xmlns="urn:fleetaudit:onsite2:v1"><bundle>'
	base64 -w0 "$1"
	printf '</bundle></Upload></s:Body></s:Envelope>'
} >up.xml
st=$(post up.xml Upload)
check "Upload of an unknown collector's bundle: the same fault" \
    sh -c "test -s '$1' && test $st = $st2 && cmp -s f.r1 post.body"

# ---- point 8: what a client sends reaches the log escaped ----
hello inj.xml --collector "x
hub serve: upload: forged"
post inj.xml Hello >/dev/null
check "a newline in a Hello's collector field: refused" \
    grep -q "is not a fingerprint" post.body
check "the log has no line the client wrote" \
    sh -c '! grep -q "^hub serve: upload: forged" serve.log'
check "the log shows it escaped on one line" \
    grep -q 'x\\x0ahub serve: upload: forged' serve.log

# ---- point 1: commands run only from the hub, on known devices ----
fa upload --hub-url "$URL" --cacert tls/ca.pem >up1.out 2>up1.err
check "upload to the real hub: exit 0" test $? -eq 0
check "walk of the known device .1: ok" is_state 1 ok
fa hub command list --hub "$HUB" 1 >walk1.out
check "its output arrived (snmprec)" grep -q '^1\.3\.6\.1\.2\.1\.1\.1\.0|' walk1.out

W9=$(cmd walk "$P.9")
WN=$(cmd walk localhost)
fa upload --hub-url "$URL" --cacert tls/ca.pem >up2.out 2>up2.err
check "walk of .9 (not known, in no range): an error result" \
    is_state "$W9" error
fa hub command list --hub "$HUB" "$W9" >w9.out
check "the result says why" grep -q "neither a device this collector knows nor in its ranges: refused" w9.out
check "walk of a name (localhost) not known: refused" \
    says "$WN" refused
check "no datagram reached .9" test ! -s caught

W5=$(cmd walk "$P.5")
{ printf 'community = %s\nrange = %s.5-%s.6\n' "$COMM" "$P" "$P"; } >in.conf
fa upload --config in.conf --hub-url "$URL" --cacert tls/ca.pem \
    >up3.out 2>up3.err
check "walk of .5 (inside a configured range): ok" is_state "$W5" ok
W1=$(cmd walk "$P.1")
{ printf 'community = %s\nrange = %s.1-%s.6\nexclude = %s.1\n' "$COMM" \
    "$P" "$P" "$P"; } >ex.conf
fa upload --config ex.conf --hub-url "$URL" --cacert tls/ca.pem \
    >up4.out 2>up4.err
fa hub command list --hub "$HUB" "$W1" >w1.out
check "walk of an excluded address (though known): refused" \
    grep -q "excluded by this collector's configuration" w1.out

# ---- the man in the middle ----
# mitm MODE ARGS...: the impostor on .3; $MITMPID
mitm() {
	: >mitm.log
	_mode=$1
	shift
	env -i PATH=/usr/bin:/bin "$PY" "$SIGN" fakehub "$P.3" 18454 \
	    tls/mitm.pem tls/mitm.key "$_mode" mitm.log "$@" &
	MITMPID=$!	# python's own
	n=0
	until curl_ --cacert tls/ca.pem -o /dev/null "$MITM" 2>/dev/null ||
	    [ $n -ge 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
}
stop_mitm() { kill "$MITMPID" 2>/dev/null; wait "$MITMPID" 2>/dev/null; }
at_exit 'kill $MITMPID 2>/dev/null'

fa assess -q "$P.1" >/dev/null 2>&1	# something new: a bundle to send
for mode in unsigned badsig; do
	mitm "$mode" "$HUBFP" "$P.9"
	fa upload --hub-url "$MITM" --cacert tls/ca.pem >m.out 2>m.err
	rc=$?
	stop_mitm
	check "impostor ($mode): upload fails (exit 1)" test $rc -eq 1
	check "impostor ($mode): one clear line" sh -c \
	    "grep -c 'answer is refused: .*no command run, nothing sent' m.err | grep -qx 1"
	check "impostor ($mode): only the Hello reached it (no Result, no Upload)" \
	    sh -c "test \"\$(cat mitm.log)\" = Hello"
	check "impostor ($mode): no datagram sent, no community" \
	    test ! -s caught
done
grep 'answer is refused' m.err | sed 's/^/# /'
check "the bundle waits in the outbox" sh -c 'ls home/outbox/*.bundle >/dev/null'

# A genuine answer, recorded through the impostor, played to the next Hello.
cmd logs >/dev/null
mitm record "$URL" tls/ca.pem "$T/recorded.xml"
fa upload --hub-url "$MITM" --cacert tls/ca.pem >rec.out 2>rec.err
rc=$?
stop_mitm
check "through a faithful relay: upload succeeds" test $rc -eq 0
check "the relay kept the hub's signed answer" grep -q "<command>" recorded.xml
cmd logs >/dev/null
fa assess -q "$P.1" >/dev/null 2>&1
mitm replay "$T/recorded.xml"
fa upload --hub-url "$MITM" --cacert tls/ca.pem >m.out 2>m.err
rc=$?
stop_mitm
check "impostor (replayed genuine answer): upload fails (exit 1)" test $rc -eq 1
check "impostor (replay): refused for another Hello" \
    grep -q "answer is refused: .*\(another Hello\|not signed by hub\)" m.err
check "impostor (replay): only the Hello reached it" \
    sh -c "test \"\$(cat mitm.log)\" = Hello"

# ---- run: the same rules for the hub's walks ----
fa upload --hub-url "$URL" --cacert tls/ca.pem >up5.out 2>up5.err
check "the real hub again: the outbox is sent" \
    sh -c '! ls home/outbox/*.bundle 2>/dev/null'
WR1=$(cmd walk "$P.1")
WR9=$(cmd walk "$P.9")
fa_bg run --hub-url "$URL" --cacert tls/ca.pem -i discovery=4h "$P.1" \
    2>run.log
RUN=$!
at_exit 'kill $RUN 2>/dev/null'
n=0
until is_state "$WR9" error && is_state "$WR1" ok || [ $n -ge 300 ]; do
	sleep 0.1
	n=$((n + 1))
done
kill $RUN 2>/dev/null
wait $RUN 2>/dev/null
check "run: walk of its device .1: ok" is_state "$WR1" ok
check "run: walk of .9: refused" says "$WR9" "neither a device"
check "still no datagram reached .9" test ! -s caught

kill $SERVE 2>/dev/null
wait $SERVE 2>/dev/null
check "no sanitizer report" sh -c \
    '! grep -q "Sanitizer\|runtime error" serve.log run.log'
finish
