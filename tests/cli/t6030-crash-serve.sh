#!/bin/sh
# t6030-crash-serve: "hub serve" killed with SIGKILL while a collector
# uploads, at random points within the time one upload takes, many times
# (bounded): the hub's store stays intact with no half bundle, the
# collector keeps what was not acknowledged in its outbox, and once the hub
# is back every bundle arrives exactly once: every value of the
# collector's store equals the hub's (tests/lib/bundle_cmp.py).  Real TLS
# with a test CA; loopback only: 127.77.22.x.  On either hub store
# (tests/lib/hubstore.sh; t6031-crash-serve-pg: PostgreSQL, where the
# killed server's transactions must leave nothing half written either).
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
hub_store_start
P=127.77.22
HUBADDR=$P.2
PORT=18444
URL=https://$HUBADDR:$PORT/WebServices/Onsite2Service.asmx
HUB=$T/hub
mkdir "$T/home" "$T/tls"
cd "$T" || exit 1
q() { hub_q "$HUB" "$1"; }
pause() {	# MIN MAX: a random number of milliseconds in [MIN, MAX)
	ms=$(( $(od -An -N2 -tu2 /dev/urandom) % ($2 - $1) + $1 ))
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
}

tls_ca ca "test CA" && tls_cert hub "$HUBADDR"
check "test CA and hub certificate made" test -s tls/hub.pem
hub_enrol
check "the hub's store: $FA_HUB_STORE" hub_store_is "$HUB"
FP=$(fa keys show --json | json_get /dev/stdin 'j["fingerprint"]')

/usr/bin/python3 "$top/tests/lib/badagent.py" --addr "$P.1" \
    --snmprec "$top/samples/fleet/hp-lj-m404.snmprec" \
    --pidfile "$T/agent.pid" --lifetime 250 >"$T/agent.log" 2>&1 &
SERVE=
at_exit '[ -s "$T/agent.pid" ] && kill "$(cat "$T/agent.pid")" 2>/dev/null; [ -n "$SERVE" ] && kill -9 $SERVE 2>/dev/null'
n=0
while [ ! -s "$T/agent.pid" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done

serve() {
	: >serve.log
	serve_hub "$HUBADDR:$PORT"
}
upload() { fa upload --hub-url "$URL" --cacert tls/ca.pem >>up.out 2>&1; }

# How long one upload takes here: the kills land within that time.
serve
fa assess -q "$P.1" >/dev/null 2>&1
t0=$(date +%s%N)
upload
dur=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$dur" -ge 10 ] || dur=10
echo "# one upload: $dur ms"
check "a first upload arrives" test "$(q 'select count(*) from bundles')" = 1

i=0
bad=0
while [ $i -lt 10 ]; do
	i=$((i + 1))
	[ -n "$SERVE" ] || serve
	fa assess -q "$P.1" >/dev/null 2>&1
	upload &
	up=$!
	pause 1 "$dur"
	kill -9 $SERVE 2>/dev/null
	wait $SERVE 2>/dev/null
	SERVE=
	wait $up
	[ "$(hub_integrity "$HUB")" = ok ] ||
	    { bad=$((bad + 1)); echo "# kill $i: hub integrity"; }
	[ "$(q 'select count(*) from records r where not exists (select 1 from bundles b where b.id = r.bundle_id)')" = 0 ] ||
	    { bad=$((bad + 1)); echo "# kill $i: records without their bundle"; }
done
check "hub serve killed x$i during uploads: hub intact, no half bundle" test "$bad" -eq 0
failed=$(grep -c '^fleetaudit: ' up.out)
check "some uploads were cut by the kill ($failed)" test "$failed" -gt 0
grep '^fleetaudit: ' up.out | sed 's/bundle [^ ]*/bundle B/' | sort | uniq -c | sed 's/^/# /' | head -5

serve
upload
check "with the hub back, the outbox empties" sh -c "! ls home/outbox/*.bundle >/dev/null 2>&1"
sent=$(ls home/outbox/sent/*.receipt | wc -l)
check "every bundle arrived once ($sent receipts)" test "$(q 'select count(*) from bundles')" -eq "$sent"
$PY "$top/tests/lib/bundle_cmp.py" "$T/home/store.db" "$(hub_where "$HUB")" "$FP" >cmp.out 2>&1
check "nothing lost or doubled: every value equal" test $? -eq 0
sed -n '/^#/p' cmp.out | head -5
kill -TERM $SERVE
wait $SERVE
check "hub serve stops cleanly" test $? -eq 0
SERVE=
finish
