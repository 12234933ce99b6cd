#!/bin/sh
# t5170-hub-login-slots: a burst of web logins cannot take the hub's
# memory.  Each password check is an Argon2id run of 64 MiB; "hub serve"
# runs at most --login-slots of them at once (default 2), and a login
# that finds no slot free within a second is answered 503 with
# Retry-After, counted as no attempt (docs/web.md).
#
# A real "hub serve" over HTTPS on loopback; tests/lib/login_burst.py
# posts many logins at the same moment, each from a loopback address of
# its own (so the per-address login limit lets them all through to the
# password check), while one client logs in with the right password and
# comes back after each 503.  The hub's peak resident memory during the
# burst (VmHWM of /proc/PID/status, reset before it through clear_refs)
# must stay under slots x 64 MiB plus 40 MiB over what it held before;
# with four worker threads and no slots it reached about 265 MiB more.
#
# Then with one slot and the store's write lock held by another process
# for 3 s (the first login keeps its slot while it waits for the lock),
# the logins behind it get 503 with "Retry-After: 2" and leave no row in
# login_attempts; the login limit still answers 429 after five wrong
# passwords from one address; bad --login-slots values are refused.
#
# The hub serves on 127.77.5.170:17170; logins come from 127.88.0.N.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubcli.sh"
HUBADDR=127.77.5.170
PORT=17170
HUB=$T/hub
SRC=127.88.0
MIB=1024	# kB
# A sanitizer build sets freed memory aside for a while (ASan's
# quarantine), which would count here as memory held: none for this hub.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
BURST=$top/tests/lib/login_burst.py
mkdir -p "$T/tls"
cd "$T" || exit 1

hub hub init "$HUB" -q >/dev/null
tls_ca ca "fleetaudit test CA" && tls_cert hub "$HUBADDR"
check "test CA and hub certificate made" test -s tls/hub.pem
printf 'dealer-admin-pw-1\n' >admin.pw
hub hub user add boss --role admin --password-file admin.pw -q >/dev/null 2>&1
check "user boss added" test $? -eq 0

# ---- bad values ----
for v in 0 65 two -1; do
	hexpect 2 "login-slots" "hub serve --login-slots $v: refused" -- \
	    hub serve --listen "$HUBADDR:$PORT" --cert tls/hub.pem \
	    --key tls/hub.key --login-slots "$v"
done
hexpect 2 "--login-slots applies to 'hub serve' only" \
    "--login-slots is hub serve's only" -- hub user list --login-slots 2

# start [ARGS]: "hub serve" with ARGS, its PID in $SERVE.
start() {
	: >serve.log
	fa_bg hub serve --hub "$HUB" --listen "$HUBADDR:$PORT" \
	    --cert tls/hub.pem --key tls/hub.key "$@" 2>>serve.log
	SERVE=$!
	serve_wait serve.log
}
stop() {
	kill "$SERVE" 2>/dev/null
	wait "$SERVE" 2>/dev/null
}
at_exit 'kill $SERVE 2>/dev/null'
kb() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$SERVE/status"; }

# burst NAME SLOTS N: N wrong logins at once and a right one; checks the
# answers and the peak memory against SLOTS.
burst() {
	b_name=$1 b_slots=$2 b_n=$3
	before=$(kb VmRSS)
	echo 5 >"/proc/$SERVE/clear_refs"
	$PY "$BURST" burst "$HUBADDR" "$PORT" tls/ca.pem "$b_n" boss \
	    wrong-password-1 boss dealer-admin-pw-1 "$SRC" >"$b_name.json" \
	    2>"$b_name.err"
	peak=$(kb VmHWM)
	grow=$(( (peak - before) / MIB ))
	bound=$((b_slots * 64 + 40))
	echo "# $b_name: $b_n logins at once, slots $b_slots: RSS before" \
	    "$((before / MIB)) MiB, peak $((peak / MIB)) MiB (+$grow MiB," \
	    "bound +$bound MiB); $(cat "$b_name.json")"
	check "$b_name: peak memory under slots x 64 MiB + 40 MiB" \
	    test "$grow" -lt "$bound"
	check "$b_name: every client answered" \
	    test "$(json_get "$b_name.json" 'len(j["errors"])')" -eq 0
	check "$b_name: each answer 200 (wrong password) or 503 (busy)" \
	    test "$(json_get "$b_name.json" \
	    'sum(j["status"].get(k, 0) for k in ("200", "503"))')" -eq "$b_n"
	check "$b_name: each 503 says Retry-After: 2" \
	    test "$(json_get "$b_name.json" \
	    'all(v == "2" for v in j["retry_after"])')" = True
	check "$b_name: the right password logs in (303, a session)" \
	    test "$(json_get "$b_name.json" \
	    'j["good"] == 303 and j["good_session"]')" = True
}

# ---- the default: two slots ----
start
check "hub serve starts (default slots)" grep -q "serving https://" serve.log
burst default 2 32
stop

# ---- one slot ----
start --login-slots 1
check "hub serve --login-slots 1 starts" grep -q "serving https://" serve.log
grep -q "serving https://" serve.log || finish
burst one 1 32

# ---- no slot free: 503, and no attempt counted ----
hub_q() { sqlite3 -batch -noheader -cmd '.timeout 10000' "$HUB/hub.db" "$1"; }
hub_q "DELETE FROM login_attempts"
rm -f locked
$PY -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(3)
c.execute("COMMIT")
' "$HUB/hub.db" locked &
LOCKER=$!
n=0
until [ -e locked ] || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done
check "another process holds the store's write lock" test -e locked
$PY "$BURST" burst "$HUBADDR" "$PORT" tls/ca.pem 12 boss wrong-password-1 \
    boss dealer-admin-pw-1 "$SRC" >busy.json 2>busy.err
wait "$LOCKER"
echo "# store locked 3 s, slots 1: $(cat busy.json)"
busy=$(json_get busy.json 'j["status"].get("503", 0)')
echo "# $busy of 12 answered 503"
check "logins behind the one waiting for the lock: 503" test "$busy" -ge 1
check "each 503 says Retry-After: 2" test "$(json_get busy.json \
    'all(v == "2" for v in j["retry_after"])')" = True
check "the others: 200 (wrong password)" test "$(json_get busy.json \
    'j["status"].get("200", 0)')" -eq $((12 - busy))
check "the right password logs in after its 503s" \
    test "$(json_get busy.json 'j["good"] == 303 and j["good_session"]')" = True
check "the log says why: busy" grep -q "refused: busy, 1 password checks running" serve.log
json_get busy.json '"\n".join(j["busy_src"])' >busy.src
: >counted
while read -r a; do
	hub_q "SELECT who FROM login_attempts WHERE who LIKE 'addr:$a' OR who LIKE 'pair:$a %'" >>counted
done <busy.src
check "a login answered 503 is counted as no attempt" test ! -s counted
check "the logins answered 200 are counted" \
    test "$(hub_q "SELECT count(*) FROM login_attempts WHERE who LIKE 'addr:$SRC.%' AND who <> 'addr:$SRC.250'")" -eq \
    $((12 - busy))

# ---- the login limit still holds ----
$PY "$BURST" seq "$HUBADDR" "$PORT" tls/ca.pem 6 boss wrong-password-1 \
    127.88.1 >seq.json 2>seq.err
echo "# six wrong passwords from one address: $(cat seq.json)"
check "five wrong passwords from one address: 200 each" \
    test "$(json_get seq.json 'j["status"][:5] == [200] * 5')" = True
# (60 s from the fifth failure, so 59 when a second has turned since)
check "the sixth: 429 with Retry-After 60 (or 59)" \
    test "$(json_get seq.json 'j["status"][5] == 429 and j["retry_after"][5] in ("59", "60")')" = True
stop
finish
