#!/bin/sh
# t5402-rdl-stream: Remote Device Link's answers streamed through hub and
# collector (docs/rdl.md): a device answer reaches the browser as it
# comes, a 48 MiB download leaves the memory of "hub serve" and of the
# collector as it was, the 64 MiB limit still holds (announced: refused;
# unannounced: cut); the device's forms see their own Origin and Referer;
# a device that sends http to its own https is relayed over https (its
# self-signed certificate accepted for it), and so is one with nothing on
# port 80 (that server stopped); a session opened while the
# collector's discovery runs is taken at once
# (the relay takes the hub's signed offers itself); the collector killed
# mid-download ends the download in error and the session; a second
# "hub serve" started on the same store leaves the first's open session
# open.  On either hub store (t5403 runs it on PostgreSQL).  The browser
# is tests/lib/rdl_stream.py (Python requests).
#
# The collector reaches the hub through a CONNECT proxy (the site's).
# Addresses: hub 127.77.0.62:17462, device 127.77.62.1 (EWS on port 80),
# proxy 127.77.0.63:3128,
# 127.77.63.0/24 swept by the discovery and silent (it takes its time).
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
. "$top/tests/lib/rdlbed.sh"
hub_store_start
rdl_init 127.77.62 127.77.0.62 17462

# ---- TLS, the device (SNMP and its web server), another host's ----
# (tests/lib/rdlbed.sh)
rdl_tls
rdl_ews
# the device's HTTPS side: its own self-signed certificate
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout tls/dev.key -out tls/dev.pem -days 2 -subj "/CN=printer" \
    2>/dev/null
"$PY" "$top/tests/lib/ews.py" --addr "$P.1" --port 443 --cert tls/dev.pem \
    --key tls/dev.key --log "$T/ews1s.log" >"$T/ews1s.out" 2>&1 &
EWS1S=$!
at_exit 'kill $EWS1S 2>/dev/null'
: >"$T/ews1s.log"
rdl_ews_wait

# ---- hub, collector, the device in the hub ----
rdl_enrol

hub hub rdl enable --domain rdl.test --idle 60s --max 600s --poll 2s \
    >/dev/null 2>&1
hub hub rdl account acme on >/dev/null 2>&1
hub hub rdl grant tech --account acme >/dev/null 2>&1
serve_hub "$HUBADDR:$PORT"
at_exit 'kill $SERVE 2>/dev/null'
fa upload >up.out 2>&1
DEV=$(hub_q "$HUB" "SELECT id FROM devices WHERE address = '$P.1'")
check "the device is in the hub (id $DEV)" test -n "$DEV"

# The collector: its first discovery sweeps a silent /24 (5 s a try,
# three tries), so it is busy when the session is opened.
# Through the site's outbound proxy (CONNECT only), as "upload".
"$PY" "$top/tests/lib/connect_proxy.py" --addr 127.77.0.63 --port 3128 \
    --log "$T/proxy.log" >proxy.out 2>&1 &
PROXY=$!
at_exit 'kill $PROXY 2>/dev/null'
: >proxy.log
printf 'proxy = http://127.77.0.63:3128\n' >>home/fleetaudit.conf
n=0
until curl -s -o /dev/null http://127.77.0.63:3128/ || [ $n -ge 50 ]; do
	sleep 0.1
	n=$((n + 1))
done
fa_bg run --rdl -i discovery=4h -t 5s -r 2 "$P.1" 127.77.63.0/24 2>>run.log
RUN=$!
at_exit 'kill $RUN 2>/dev/null'
n=0
# (run logs its relay's messages between passes: the hub's log tells)
until grep -q 'rdl: collector .*: channel open' serve.log ||
    [ $n -ge 150 ]; do
	sleep 0.1
	n=$((n + 1))
done
check "run --rdl opens its channel" \
    grep -q 'rdl: collector .*: channel open' serve.log

# A second "hub serve" on the same store (as several on PostgreSQL): it
# starts while a session of the first is open, prints the audit, stops.
PGENV=${PGPASSWORD+PGPASSWORD=$PGPASSWORD}
cat >second.sh <<EOF
#!/bin/sh
cd $T
env -i PATH=/usr/bin:/bin HOME=$T FLEETAUDIT_HOME=$T/home $PGENV $FA hub serve \\
    --hub $HUB --listen $HUBADDR:17463 --cert tls/hub.pem --key tls/hub.key \\
    2>serve2.log &
S2=\$!
n=0
while ! grep -q serving serve2.log 2>/dev/null && [ \$n -lt 100 ]; do
	sleep 0.1; n=\$((n + 1)); done
sleep 1
env -i PATH=/usr/bin:/bin HOME=$T FLEETAUDIT_HUB=$HUB $PGENV $FA hub rdl log --json
kill -TERM \$S2
wait \$S2
EOF
chmod +x second.sh
"$PY" "$top/tests/lib/rdl_stream.py" --hub "https://$HUBADDR:$PORT" \
    --addr "$HUBADDR" --domain rdl.test --ca tls/ca.pem --device "$DEV" \
    --password "$PW" --hub-pid "$SERVE" --run-pid "$RUN" \
    --run-log "$T/run.log" --second "$T/second.sh" \
    --http-pid "$EWS1" ${FA_SAN:+--no-mem} >driver.out 2>&1
cat driver.out
grep 'discovery\|rdl:' run.log | sed 's/^/# run: /' | head -20
check "the browser's checks ran" grep -q 'collector is gone' driver.out

# ---- the audit ----
hub hub rdl log --session 1 --json >req.json 2>&1
check "the audit has the streamed downloads with their bytes" "$PY" -c '
import json, sys
r = json.load(open(sys.argv[1]))
got = [(q["method"], q["path"], q["status"], q["bytes_down"]) for q in r]
print("# ", got)
huge = [q for q in r if q["path"] == "/huge?mib=48"]
ok = huge and huge[0]["status"] == 200 and huge[0]["bytes_down"] >= 48 << 20
ok = ok and [q for q in r if q["path"] == "/slow"][0]["bytes_down"] >= 8192
ok = ok and ("POST", "/strict", 200) in [g[:3] for g in got]
sys.exit(0 if ok else 1)
' req.json
check "the collector reached the hub only through the site's proxy" sh -c \
    "grep -q 'CONNECT $HUBADDR:$PORT' proxy.log &&
    ! grep -v 'CONNECT $HUBADDR:$PORT' proxy.log | grep -q ."
check "the device's https side was reached after its redirect" \
    grep -q 'GET /secure' "$T/ews1s.log"
check "the device's https side served the session with nothing on 80" \
    grep -q 'GET / ' "$T/ews1s.log"
check "the device never saw the session's origin" sh -c \
    "! grep -q 'rdl.test' '$T/ews1.log'"
kill $SERVE 2>/dev/null
wait $SERVE 2>/dev/null
check "no sanitizer report" sh -c \
    '! grep -q "Sanitizer\|runtime error" serve.log run.log'
finish
