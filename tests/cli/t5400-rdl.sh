#!/bin/sh
# t5400-rdl: Remote Device Link (docs/rdl.md) end to end on loopback: a
# device (snmpsim) with its embedded web server (tests/lib/ews.py on port
# 80 of the same address), "hub serve" with a certificate for its address
# and for *.rdl.test (a test CA), and a collector "run --rdl" connected to
# it.  tests/lib/rdl_check.py is the technician's browser (Python requests,
# then headless Chromium with a host-resolver rule for *.rdl.test): it
# opens sessions, follows links, logs in to the device, posts forms, and
# checks the refusals, the dealer admin's end button, idle and absolute
# expiry, and the collector stopped and killed mid-session.  Here: the
# switches ("hub rdl"), the collector's own refusals, and the audit ("hub
# rdl log") against what the browser did.
#
# On either hub store (tests/lib/hubstore.sh).
# Addresses: hub 127.77.0.54:17454, device 127.77.54.1, "another host"
# 127.77.54.9 (an EWS that must never be reached).
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
. "$top/tests/lib/rdlbed.sh"
hub_store_start
rdl_init 127.77.54 127.77.0.54 17454

# ---- TLS, the device (SNMP and its web server), another host's ----
# (tests/lib/rdlbed.sh)
rdl_tls
rdl_ews
rdl_ews_wait

# ---- hub, collector, the device in the hub ----
rdl_enrol

# ---- the switches ----
hub hub rdl show >show.out 2>&1
check "hub rdl show: off by default" grep -q '^rdl  *off' show.out
hub hub rdl grant tech --account acme >g.out 2>&1
check "hub rdl grant" grep -q "grant to 'tech' on account 'acme'" g.out
hub hub rdl grant ghost --account acme >g.out 2>&1
check "hub rdl grant: an unknown user refused (exit 1)" test $? -eq 1
hub hub rdl enable --domain 'RDL..test' >e.out 2>&1
check "hub rdl enable: a bad domain refused (exit 2)" test $? -eq 2
hub hub rdl enable --domain rdl.test --idle 0s >e.out 2>&1
check "hub rdl enable: --idle 0s refused (exit 2)" test $? -eq 2

# On before "hub serve" starts (it reads the switch again every 2 s).
hub hub rdl enable --domain rdl.test --idle 60s --max 600s --poll 2s \
    >e.out 2>&1
check "hub rdl enable" grep -q "on, sessions at https://LABEL.rdl.test/" e.out
hub hub rdl account acme on >/dev/null 2>&1

serve() {
	fa_bg hub serve --hub "$HUB" --listen "$HUBADDR:$PORT" \
	    --cert tls/hub.pem --key tls/hub.key 2>>serve.log
	SERVE=$!
	n=0
	until grep -q serving serve.log 2>/dev/null || [ $n -ge 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
}
serve
at_exit 'kill $SERVE 2>/dev/null'
check "hub serve starts" grep -q "serving https://$HUBADDR:$PORT" serve.log
fa upload >up.out 2>&1
DEV=$(hub_q "$HUB" "SELECT id FROM devices WHERE address = '$P.1'")
check "the device is in the hub (id $DEV)" test -n "$DEV"

# A collector without --rdl: the hub says so, no session.
printf '%s\n' "$PW" >pw
start_run() {
	fa_bg run --rdl -i discovery=4h "$P.1" 2>>run.log
	RUN=$!
	echo $RUN >run.pid
	n=0
	until [ "$(grep -c 'device-link channel open' run.log)" -gt "${1:-0}" ] ||
	    [ $n -ge 150 ]; do
		sleep 0.1
		n=$((n + 1))
	done
}
start_run 0
at_exit 'kill "$(cat "$T/run.pid")" 2>/dev/null'
check "run --rdl opens its channel" grep -q 'device-link channel open' run.log

# The collector, as rdl_check.py stops, restarts and kills it; and the
# hub's device address, as it moves it.
if [ "$FA_HUB_STORE" = postgresql ]; then
	SETADDR="env PGPASSWORD=$PGPASSWORD psql -q -X $(hub_where "$HUB") -c"
else
	SETADDR="sqlite3 $HUB/hub.db"
fi
cat >collector.sh <<EOF
#!/bin/sh
T=$T
case \$1 in
stop)	kill -TERM "\$(cat \$T/run.pid)"; n=0
	while kill -0 "\$(cat \$T/run.pid)" 2>/dev/null && [ \$n -lt 100 ]; do
		sleep 0.1; n=\$((n + 1)); done ;;
kill)	kill -KILL "\$(cat \$T/run.pid)" ;;
addr)	# the hub's record of the device moved (the collector must refuse)
	$SETADDR "UPDATE devices SET address = '\$2' WHERE id = $DEV" ;;
start)	echo start >>\$T/collector.log; n=0
	while [ ! -e \$T/run.up ] && [ \$n -lt 300 ]; do
		sleep 0.1; n=\$((n + 1)); done ;;
esac
EOF
chmod +x collector.sh
# "start" is done here, between the two halves: the driver waits for it.
limits="env -i PATH=/usr/bin:/bin HOME=$T FLEETAUDIT_HUB=$HUB ${PGPASSWORD+PGPASSWORD=$PGPASSWORD} $FA hub rdl enable --domain rdl.test --poll 2s"
"$PY" "$top/tests/lib/rdl_check.py" --hub "https://$HUBADDR:$PORT" \
    --addr "$HUBADDR" --domain rdl.test --ca tls/ca.pem --pin "$PIN" \
    --device "$DEV" --password "$PW" --ews-log "$T/ews1.log" \
    --counts "$T/counts.json" --limits "$limits" \
    --collector "$T/collector.sh" &
DRIVER=$!
n=0
until [ -s collector.log ] || ! kill -0 $DRIVER 2>/dev/null ||
    [ $n -ge 3000 ]; do
	sleep 0.1
	n=$((n + 1))
done
[ -s collector.log ] && start_run 1 && touch run.up
wait $DRIVER
kill "$(cat run.pid)" 2>/dev/null

# ---- the audit ----
hub hub rdl log --json >log.json 2>log.err
check "hub rdl log --json" test -s log.json
check "every session has ended, with its reason" "$PY" -c '
import json, sys
c = json.load(open(sys.argv[2]))
log = {str(s["id"]): s for s in json.load(open(sys.argv[1]))}
want = {c["first"]: "ended by anna", c["idle"]: "idle", c["max"]: "expired",
        c["stop"]: "the collector stopped", c["kill"]: "the collector is gone",
        c["refused"]: "the collector refused: the address is not in this "
        "collector\x27s ranges"}
bad = [(k, log.get(k, {}).get("reason"), v) for k, v in want.items()
       if log.get(k, {}).get("reason") != v]
sys.exit(1 if bad or any(s["ended"] is None for s in log.values()) else 0)
' log.json counts.json
check "the audit has every request of each session" "$PY" -c '
import json, sys
c = json.load(open(sys.argv[2]))
log = {str(s["id"]): s for s in json.load(open(sys.argv[1]))}
bad = [(k, n, log[k]["requests"]) for k, n in c["counts"].items()
       if k != c["chromium"] and log[k]["requests"] != n]
print("# counts", c["counts"], "bad", bad)
sys.exit(1 if bad else 0)
' log.json counts.json
FIRST=$(json_get counts.json 'j["first"]')
hub hub rdl log --session "$FIRST" --json >req.json 2>&1
check "the first session's requests: who, what, status, bytes" "$PY" -c '
import json, sys
r = json.load(open(sys.argv[1]))
paths = [(q["method"], q["path"], q["status"]) for q in r]
need = [("GET", "/", 200), ("POST", "/login", 303), ("POST", "/settings", 200),
        ("GET", "/away", 502), ("GET", "/big", 200)]
big = [q for q in r if q["path"] == "/big"]
ok = all(n in paths for n in need) and big and big[0]["bytes_down"] > 8 << 20
ok = ok and [q for q in r if q["path"] == "/settings" and
             q["method"] == "POST"][0]["bytes_up"] > 0
print("# ", paths)
sys.exit(0 if ok else 1)
' req.json
CH=$(json_get counts.json 'j["chromium"]')
hub hub rdl log --session "$CH" >chr.out 2>&1
check "the Chromium session's login and form are in the audit" sh -c \
    "grep -q 'POST .* /login' chr.out && grep -q 'POST .* /settings' chr.out"
hub hub rdl log >table.out 2>&1
check "hub rdl log: one line per session" \
    test "$(grep -c 'acme' table.out)" -eq 7
check "another host was never reached" test ! -s "$T/ews9.log"
check "the collector stopped by SIGTERM closed its link" \
    grep -q 'rdl: device link closed, its sessions ended' run.log
check "the collector logged the sessions" \
    grep -q 'rdl: session [0-9]*: relaying http://127.77.54.1' run.log

kill $SERVE 2>/dev/null
wait $SERVE 2>/dev/null
check "no sanitizer report" sh -c \
    '! grep -q "Sanitizer\|runtime error" serve.log run.log'
finish
