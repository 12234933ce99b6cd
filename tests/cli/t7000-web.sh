#!/bin/sh
# t7000-web: the hub's web view ("hub serve", every path outside
# /WebServices/), on loopback with real TLS (a test CA and a hub
# certificate made here, as t4200 does) and real imported data: the
# sample fleet served on 127.77.24.x, assessed twice (a change in
# between, and a sysLocation holding "<script>") for account acme, and
# the report fixture (meter and toner history, tests/tools/
# report_fixture.c) for account fixture.  Users from "hub user": a dealer
# admin, and an account user of acme only.
#
# A third account, big, holds 10,000 generated devices
# (tests/tools/report_benchgen, two days of reads) for the pager and the
# time of its pages.
#
# Headless Chromium driven by selenium (tests/lib/web_check.py) logs in
# as both, opens every page and checks what it shows, the cookie flags,
# phone-width layout, the 404 of another account's pages, the report
# downloads (the xlsx read with openpyxl), logout, a form without its
# CSRF token (403), expired sessions and the login rate limit (429).
# Screenshots of the main pages are kept in build/test-artefacts/web/.
#
# On either hub store (tests/lib/hubstore.sh; t7001-web-pg: PostgreSQL).
#
# Addresses: the hub on 127.77.0.24:17443, the fleet on 127.77.24.N.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
hub_store_start
P=127.77.24
HUBADDR=127.77.0.24
PORT=17443
HUB=$T/hub
H=$T/home
FIX=$top/${BUILD:-build}/tests/tools/report_fixture
GEN=$top/${BUILD:-build}/tests/tools/report_benchgen
ART=$top/${BUILD:-build}/test-artefacts/web
mkdir -p "$T/tls" "$ART"
cd "$T" || exit 1


# ---- the test CA and the hub's certificate ----
tls_ca ca "fleetaudit test CA" && tls_cert hub "$HUBADDR"
check "test CA and hub certificate made" test -s tls/hub.pem
PIN=$(openssl x509 -in tls/hub.pem -pubkey -noout |
    openssl pkey -pubin -outform der | openssl dgst -sha256 -binary |
    openssl base64)

# ---- account acme: the sample fleet, assessed twice ----
cp "$top/samples/fleet/hp-lj-m404.snmprec" "$T/hp.snmprec"
fleet_bed $P "$T/hp.snmprec"
# shellcheck disable=SC2086
assess() { fa assess -q -t 1s $V3 $P.1-12 >"$T/assess.out" 2>&1 || { echo "# assess failed"; sed "s/^/# /" "$T/assess.out" | head -5; }; }

fa keys init -q >/dev/null
hub hub init "$HUB" $(hub_init_opts hub) -q >/dev/null
fa keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
hub hub trust add "$H/collector.pub" --account acme -q >/dev/null 2>&1
assess
fa export bundle -o "$T/b1.bundle" >/dev/null 2>&1
bed_stop "$T/bed"
# Pages printed, toner used, and a location that must stay text.
sed -e 's/^\(1\.3\.6\.1\.2\.1\.43\.10\.2\.1\.4\.1\.1|65|\).*/\149713/' \
    -e 's/^\(1\.3\.6\.1\.2\.1\.43\.11\.1\.1\.9\.1\.1|2|\).*/\158/' \
    -e 's#^\(1\.3\.6\.1\.2\.1\.1\.6\.0|4|\).*#\1<script>alert(1)</script> room <b>7</b>#' \
    "$T/hp.snmprec" >"$T/hp2" && mv "$T/hp2" "$T/hp.snmprec"
fleet_bed_restart
assess
fa export bundle -o "$T/b2.bundle" >/dev/null 2>&1
# Then a scan of the errors alone, as "run" makes between supplies scans:
# the newest scan then read no meters or supplies, and the pages must
# still show the current ones (of the newest scan that read them).
fa assess -q -t 1s $V3 --parts errors $P.1-12 >"$T/assess.out" 2>&1 ||
    { echo "# assess --parts errors failed"; sed "s/^/# /" "$T/assess.out" | head -5; }
fa export bundle -o "$T/b3.bundle" >/dev/null 2>&1
bed_stop "$T/bed"

# ---- account fixture: the report fixture's history ----
H2=$T/fix
mkdir -p "$H2"
chmod 700 "$H2"
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
    fx export bundle -o "$T/f1.bundle" >/dev/null 2>&1
# ---- account big: 10,000 devices ----
H3=$T/big
mkdir -p "$H3"
chmod 700 "$H3"
bg() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$H3" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@"
}
"$GEN" "$H3/store.db" 10000 2 >"$T/gen.out" 2>&1 &&
    bg keys init -q >/dev/null &&
    bg keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1 &&
    hub hub trust add "$H3/collector.pub" --account big -q >/dev/null 2>&1 &&
    bg export bundle -o "$T/g1.bundle" >/dev/null 2>&1
hrun hub import "$T/b1.bundle" "$T/b2.bundle" "$T/b3.bundle" "$T/f1.bundle" "$T/g1.bundle"
check "five bundles of three accounts imported" sh -c \
    "[ $rc -eq 0 ] && [ \$(grep -c '^imported: ' '$T/out') -eq 5 ]"
check "the hub's store: $FA_HUB_STORE" hub_store_is "$HUB"

# ---- hub user ----
fa help hub >"$T/help"
check "hub --help has user add" grep -q 'user add NAME --role' "$T/help"
printf 'dealer-admin-pw-1\n' >"$T/admin.pw"
hrun hub user add boss --role admin --password-file "$T/admin.pw"
check "user add (admin, --password-file)" sh -c \
    "[ $rc -eq 0 ] && grep -q \"added 'boss' (admin)\" '$T/err'"
printf 'acme-user-pw-1\n' | hub hub user add alice --role user --account acme \
    >"$T/out" 2>"$T/err"
check "user add (account user, password on standard input)" test $? -eq 0
hexpect 1 "exists already" "user add: a name taken" -- \
    hub user add alice --role user --account acme --password-file "$T/admin.pw"
hexpect 1 "no account 'nobody'" "user add: an unknown account" -- \
    hub user add carl --role user --account nobody \
    --password-file "$T/admin.pw"
hexpect 2 "every account" "user add: an admin with --account" -- \
    hub user add carl --role admin --account acme \
    --password-file "$T/admin.pw"
hexpect 2 "needs --role" "user add: no role" -- \
    hub user add carl --password-file "$T/admin.pw"
printf 'short\n' >"$T/short.pw"
hexpect 1 "too short" "user add: a short password" -- \
    hub user add carl --role admin --password-file "$T/short.pw"
hexpect 2 "unknown option '--password'" \
    "no password on the command line" -- \
    hub user add carl --role admin --password secret-secret
printf 'second-user-pw\n' | hub hub user add dora --role user --account acme \
    --account fixture >/dev/null 2>&1
hrun hub user list --json
check "user list --json: three users, roles and accounts" sh -c \
    "[ $rc -eq 0 ] && $PY -c 'import json,sys; u={x[\"name\"]: x for x in json.load(open(sys.argv[1]))}; assert sorted(u) == [\"alice\", \"boss\", \"dora\"]; assert u[\"boss\"][\"role\"] == \"admin\" and u[\"alice\"][\"accounts\"] == [\"acme\"] and u[\"dora\"][\"accounts\"] == [\"acme\", \"fixture\"]' '$T/out'"
hub_q "$HUB" "select hash from users" >"$T/hashes"
hub_dump "$HUB" >"$T/dump"
check "the store keeps an Argon2id hash, not the password" sh -c \
    "[ \$(grep -c '^\\\$argon2id\\\$' '$T/hashes') -eq 3 ] &&
    ! grep -q 'acme-user-pw-1' '$T/dump'"
hrun hub user remove dora
left=$(hub_q "$HUB" "select count(*) from users where name = 'dora'")
check "user remove" sh -c "[ $rc -eq 0 ] && [ '$left' = 0 ]"
hexpect 1 "no user 'dora'" "user remove: no such user" -- hub user remove dora
# On a terminal: asked twice, not echoed.
cat >"$T/term.py" <<'PYEOF'
import os, pty, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b""
def read_until(n):
    """Reads until the n-th prompt (": ") or the end, 10 s at most."""
    global out
    end = time.time() + 10
    while out.count(b": ") < n and time.time() < end:
        try:
            b = os.read(fd, 1024)
        except OSError:
            return
        if not b:
            return
        out += b
for i in (1, 2):
    read_until(i)
    os.write(fd, b"typed-password-1\n")
read_until(99)
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(st))
PYEOF
env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$HUB" \
    ${PGPASSWORD+"PGPASSWORD=$PGPASSWORD"} "$PY" "$T/term.py" "$FA" hub user \
    add tess --role user --account fixture >"$T/tty.out" 2>&1
rc=$?
check "user add on a terminal: asked twice, never echoed" sh -c \
    "[ $rc -eq 0 ] && grep -q 'password for tess:' '$T/tty.out' &&
    grep -q 'again:' '$T/tty.out' && ! grep -q 'typed-password' '$T/tty.out' &&
    grep -q \"added 'tess' (user)\" '$T/tty.out'"
hrun hub user remove tess
printf 'new-password-22\n' | hub hub user passwd boss >/dev/null 2>&1
printf 'dealer-admin-pw-1\n' | hub hub user passwd boss >"$T/out" 2>"$T/err"
check "user passwd" test $? -eq 0

# ---- hub serve ----
serve_hub "$HUBADDR:$PORT"
at_exit 'kill $SERVE 2>/dev/null'
check "hub serve starts" grep -q "serving https://$HUBADDR:$PORT" serve.log

# The SOAP endpoint is still there, beside the web view.
code=$(env -i PATH=/usr/bin:/bin curl -s -o /dev/null -w '%{http_code}' \
    --cacert tls/ca.pem "https://$HUBADDR:$PORT/WebServices/Onsite2Service.asmx?wsdl")
check "the SOAP endpoint still answers (WSDL 200)" test "$code" = 200

# ---- the browser ----
FIXDEV=$(hub_q "$HUB" "select id from devices where serial = 'FIXA1'")
HPDEV=$(hub_q "$HUB" "select id from devices where serial = 'PHBFA00101'")
env -i PATH=/usr/bin:/bin HOME="$T" ${PGPASSWORD+"PGPASSWORD=$PGPASSWORD"} "$PY" \
    "$top/tests/lib/web_check.py" \
    --url "https://$HUBADDR:$PORT" --ca tls/ca.pem --pin "$PIN" \
    --db "$(hub_where "$HUB")" --artefacts "$ART" --fixture-device "$FIXDEV" \
    --hp-device "$HPDEV" --admin boss:dealer-admin-pw-1 \
    --user alice:acme-user-pw-1 --src-net "$P" >"$T/web.out" 2>"$T/web.err"
rc=$?
cat "$T/web.out"
if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$T/web.out"; then
	not_ok "web_check.py ran (exit $rc)"
	tail -20 "$T/web.err" | sed 's/^/# /'
fi
grep -q '^not ok' "$T/web.out" && _failed=1
check "logins and failures are logged" sh -c \
    "grep -q \"web: 'boss' logged in from\" serve.log &&
    grep -q \"web: login of 'boss' from .* refused: too many\" serve.log"
check "the log holds no password" sh -c \
    "! grep -q 'dealer-admin-pw-1\|acme-user-pw-1' serve.log"
finish
