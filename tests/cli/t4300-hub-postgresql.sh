#!/bin/sh
# t4300-hub-postgresql: the hub's central store on PostgreSQL (a server of
# the test's own, tests/lib/pg.sh): "hub init --store" and its refusals
# (a password in the string, no password, no server, a database already
# holding a hub or other tables); four "hub import" processes racing on
# the same 24 bundles of four sites (every bundle imported exactly once,
# counts exact, the same data as one SQLite import of the same bundles,
# report and devices equal); two "hub serve" processes on one database
# given the same upload at once (imported once); a reader holding a
# snapshot does not block an import; "hub migrate --to" from SQLite (row
# counts, devices, report and command queue equal, ids continue, refused
# twice and from PostgreSQL).
#
# Addresses: PostgreSQL and both hub serve processes on 127.77.0.27.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/pg.sh"
A=127.77.0.27
GEN=$top/build/tests/tools/bundle_mkstore
[ -x "$GEN" ] || { not_ok "bundle_mkstore built (make units)"; finish; }

pg_start $A 54327 || { not_ok "a PostgreSQL server starts"; finish; }
ok "a PostgreSQL server of the test's own starts"

# hp HUB ARGS...: fleetaudit for hub HUB, with the password.
hp() {
	_h=$1
	shift
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$_h" \
	    PGPASSWORD="$PG_PASS" PGCONNECT_TIMEOUT=10 \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@"
}
# expect CODE PATTERN NAME -- CMD...: exit code and PATTERN on stderr.
expect() {
	_code=$1 _pat=$2 _name=$3
	shift 4
	"$@" >"$T/out" 2>"$T/err"
	_rc=$?
	if [ "$_rc" -eq "$_code" ] && [ "$(wc -l <"$T/err")" -le 1 ] &&
	    grep -q -- "$_pat" "$T/err"; then
		ok "$_name"
	else
		not_ok "$_name (exit $_rc)"
		sed 's/^/# /' "$T/err" | head -5
	fi
}

# ---- hub init --store ----
U=$(pg_db hub1)
expect 2 "holds a password: give it in PGPASSWORD" "a password in the connection string is refused" -- \
    hp "$T/x" hub init "$T/x" --store "postgresql://fa:secret@$A:54327/hub1"
expect 2 "not a PostgreSQL connection string" "--store that is not a connection string" -- \
    hp "$T/x" hub init "$T/x" --store "$T/some.db"
expect 1 "no password supplied" "no PGPASSWORD: one clear line" -- \
    fa hub init "$T/x" --store "$U"
expect 1 "cannot connect to hub store 'postgresql://fa@$A:54328/hub1'" "no server there: one clear line" -- \
    hp "$T/x" hub init "$T/x" --store "postgresql://fa@$A:54328/hub1"
check "a failed init leaves no directory" test ! -e "$T/x"
hp "$T/hub" hub init "$T/hub" -q >"$T/out" 2>&1 --store "$U"
check "hub init --store exits 0" test $? -eq 0
check "store.conf: 0600, the address without secret, no hub.db" sh -c \
    "test \"\$(stat -c %a '$T/hub/store.conf')\" = 600 && test \"\$(cat '$T/hub/store.conf')\" = '$U' && test ! -e '$T/hub/hub.db'"
check "the schema is in the database (version 15)" test \
    "$(pg_sql hub1 'SELECT user_version FROM hub_meta')" = 15
expect 1 "already holds a fleetaudit hub store" "a second hub on the same database is refused" -- \
    hp "$T/y" hub init "$T/y" --store "$U"
U2=$(pg_db other)
pg_sql other "CREATE TABLE t (x int)"
expect 1 "a database holding other tables" "a database of another program is refused" -- \
    hp "$T/y" hub init "$T/y" --store "$U2"
echo 'postgresql://fa:pw@h/db' >"$T/bad.conf"
mkdir "$T/z" && cp "$T/bad.conf" "$T/z/store.conf"
expect 1 "holds a password" "a store.conf with a password is refused" -- \
    hp "$T/z" hub show

# ---- four collectors, two accounts, 24 bundles ----
mkdir "$T/bundles"
for c in 1 2 3 4; do
	fa keys init --home "$T/c$c" -q >/dev/null &&
	fa keys trust-hub --home "$T/c$c" "$T/hub/hub.pub" >/dev/null 2>&1 ||
	    not_ok "collector $c keys"
	acct=acme
	[ $c -gt 2 ] && acct=globex
	hp "$T/hub" hub trust add "$T/c$c/collector.pub" --account $acct -q \
	    >/dev/null 2>&1 || not_ok "trust collector $c"
	d=0
	while [ $d -lt 6 ]; do
		"$GEN" "$T/c$c/store.db" 5 1 $d >/dev/null 2>&1 &&
		fa export bundle --home "$T/c$c" -q \
		    -o "$T/bundles/c$c-$d.bundle" >/dev/null 2>&1 ||
		    not_ok "bundle $c/$d"
		d=$((d + 1))
	done
done
check "24 bundles made" test "$(ls "$T/bundles" | wc -l)" -eq 24

# The reference: the same bundles into an SQLite hub by one process.
fa hub init "$T/ref" -q >/dev/null 2>&1
for c in 1 2 3 4; do
	acct=acme
	[ $c -gt 2 ] && acct=globex
	env -i PATH=/usr/bin:/bin HOME="$T" "$FA" hub trust add --hub "$T/ref" \
	    "$T/c$c/collector.pub" --account $acct -q >/dev/null 2>&1
done
# The bundles are sealed to hub's key: the reference uses hub's keys.
cp "$T/hub/hub-encrypt.key" "$T/hub/hub-sign.key" "$T/hub/hub.pub" "$T/ref/"
env -i PATH=/usr/bin:/bin HOME="$T" "$FA" hub import --hub "$T/ref" -q \
    "$T/bundles" >"$T/ref.out" 2>&1
check "reference: 24 imported into SQLite" test \
    "$(sqlite3 "$T/ref/hub.db" 'SELECT count(*) FROM bundles')" = 24

# ---- four importers racing on the same bundles ----
for i in 1 2 3 4; do
	hp "$T/hub" hub import "$T/bundles" >"$T/imp$i.out" 2>"$T/imp$i.err" &
	eval "p$i=\$!"
done
fails=0
for i in 1 2 3 4; do
	eval "wait \$p$i" || fails=$((fails + 1))
done
check "four racing importers all exit 0" test $fails -eq 0
imported=$(cat "$T"/imp?.out | grep -c '^imported: ')
again=$(cat "$T"/imp?.out | grep -c '^already imported: ')
check "every bundle imported exactly once across the four ($imported)" test "$imported" -eq 24
check "the other 72 tries were 'already imported' ($again)" test "$again" -eq 72
check "no error line from any importer" sh -c "! grep -v '^hub import: ' $T/imp?.err | grep -q ."
check "bundles: 24 rows, 24 distinct (site, sequence)" test \
    "$(pg_sql hub1 'SELECT count(*), count(DISTINCT (site_id, sequence)) FROM bundles')" = "24|24"
for q in "SELECT count(*) FROM devices" "SELECT count(*) FROM records" \
    "SELECT count(*) FROM sites" \
    "SELECT kind || ':' || count(*) FROM records GROUP BY kind ORDER BY kind"; do
	check "same as the reference: $q" test \
	    "$(pg_sql hub1 "$q" | tr '\n' ' ')" = \
	    "$(sqlite3 "$T/ref/hub.db" "$q" | tr '\n' ' ')"
done
hp "$T/hub" hub devices --account acme --json >"$T/dev.pg" 2>&1
env -i PATH=/usr/bin:/bin HOME="$T" "$FA" hub devices --hub "$T/ref" \
    --account acme --json >"$T/dev.ref" 2>&1
check "hub devices --json equal on both stores (10 devices)" sh -c \
    "cmp -s '$T/dev.pg' '$T/dev.ref' && test \$(grep -c '\"serial\"' '$T/dev.pg') -eq 10"
hp "$T/hub" hub report --account globex --csv "$T/rep.pg" -q >/dev/null 2>&1
env -i PATH=/usr/bin:/bin HOME="$T" "$FA" hub report --hub "$T/ref" \
    --account globex --csv "$T/rep.ref" -q >/dev/null 2>&1
check "hub report CSV byte-equal on both stores" sh -c \
    "diff -r '$T/rep.pg' '$T/rep.ref' >/dev/null && test -s '$T/rep.pg/devices.csv'"
check "receipts for all 24" test "$(ls "$T/hub/receipts" | wc -l)" -eq 24

# Schema 3 to 4 on PostgreSQL: each device's newest supplies and errors
# scans, filled from the scans imported, as the import keeps them.
# Then 4 to 5: each collector key's highest sequence, from the bundles.
want=$(pg_sql hub1 "SELECT id, supplies_scan, errors_scan FROM devices ORDER BY id")
wseq=$(pg_sql hub1 "SELECT fingerprint, last_sequence FROM collector_sequences ORDER BY 1")
# Schema 12's typed records go back to 11's JSON table, and come again.
recsum="SELECT count(*) || ' ' || md5(string_agg(site_id || kind || src_id ||
    coalesce(device_src::text, '-') || bundle_id || (data::jsonb)::text, ','
    ORDER BY site_id, kind, src_id)) FROM records"
wrec=$(pg_sql hub1 "$recsum")
pg_sql hub1 "ALTER TABLE devices DROP COLUMN supplies_scan;
    ALTER TABLE devices DROP COLUMN errors_scan;
    DROP TABLE collector_sequences;
    DROP TABLE login_attempts;
    CREATE TABLE login_failures (who TEXT NOT NULL, time BIGINT NOT NULL);
    INSERT INTO login_failures VALUES ('user:x', 1);
    DROP TABLE supply_orders;
    ALTER TABLE collectors DROP COLUMN name;
    DROP TABLE audit_log;
    DROP TABLE notify_log; DROP TABLE notify_notices;
    DROP TABLE notify_messages; DROP TABLE notify_open;
    DROP TABLE notify_rules;
    DROP TABLE rdl_requests; DROP TABLE rdl_sessions; DROP TABLE rdl_rights;
    DROP TABLE rdl_accounts; DROP TABLE rdl_config;
    CREATE TABLE records11 AS SELECT site_id, kind, src_id, device_src,
	data, bundle_id FROM records;
    DROP VIEW records;
    DROP TABLE rec_scans_p, rec_meters_p, rec_supplies_p, rec_trays_p,
	rec_alerts_p, rec_meter_checks_p, rec_status_errors_p, rec_display_p,
	rec_meter_flags_p, rec_supply_instances_p, rec_text CASCADE;
    DROP FUNCTION hubrec_sd(integer, integer[]);
    ALTER TABLE records11 RENAME TO records;
    ALTER TABLE records ADD PRIMARY KEY (site_id, kind, src_id);
    CREATE INDEX records_device ON records (site_id, device_src);
    UPDATE hub_meta SET user_version = 3" >/dev/null
hp "$T/hub" hub show >/dev/null 2>&1
got=$(pg_sql hub1 "SELECT id, supplies_scan, errors_scan FROM devices ORDER BY id")
gseq=$(pg_sql hub1 "SELECT fingerprint, last_sequence FROM collector_sequences ORDER BY 1")
ver=$(pg_sql hub1 "SELECT user_version FROM hub_meta")
grec=$(pg_sql hub1 "$recsum")
check "migration 11 to 12 on PostgreSQL: every record typed, the same ($grec)" \
    test -n "$wrec" -a "$grec" = "$wrec" -a "${grec%% *}" -gt 100
check "... in tables of their own, records a view" test \
    "$(pg_sql hub1 "SELECT table_type FROM information_schema.tables
    WHERE table_name = 'records'")" = VIEW
filled=$(printf '%s\n' "$want" | grep -c '|[0-9][0-9]*|[0-9][0-9]*$')
check "migration 3 to 4 on PostgreSQL fills the devices' newest scans ($filled of 20)" \
    test "$filled" -eq 20 -a "$got" = "$want" -a "$ver" = 15
check "migration 4 to 5 on PostgreSQL: each collector's highest sequence" \
    test -n "$wseq" -a "$gseq" = "$wseq"
check "migration 5 to 6 on PostgreSQL: login_failures replaced by login_attempts" \
    test "$(pg_sql hub1 "SELECT count(*) FROM information_schema.tables
    WHERE table_name IN ('login_failures', 'login_attempts')")" = 1 -a \
    "$(pg_sql hub1 'SELECT count(*) FROM login_attempts')" = 0

# ---- a reader holding a snapshot does not block an import ----
"$GEN" "$T/c1/store.db" 5 1 6 >/dev/null 2>&1
fa export bundle --home "$T/c1" -q -o "$T/late.bundle" >/dev/null 2>&1
_pg_as "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U "$PG_USER" -X -q -A -t \
    -d hub1 -c "BEGIN ISOLATION LEVEL REPEATABLE READ" \
    -c "SELECT count(*) FROM records" -c "SELECT pg_sleep(8)" \
    -c "SELECT count(*) FROM records" -c "COMMIT" >"$T/reader.out" 2>&1 &
rp=$!
sleep 1
t0=$(date +%s)
hp "$T/hub" hub import "$T/late.bundle" -q >/dev/null 2>&1
irc=$?
t1=$(date +%s)
wait $rp
check "an import during an open read transaction exits 0" test $irc -eq 0
check "... and does not wait for the reader ($((t1 - t0)) s)" test $((t1 - t0)) -lt 5
check "the reader's snapshot did not change under it" test \
    "$(sed -n 1p "$T/reader.out")" = "$(sed -n 3p "$T/reader.out")"

# ---- two hub serve processes on one database, the same upload ----
mkdir "$T/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$A" \
    -addext "subjectAltName=IP:$A" -keyout "$T/tls/key.pem" \
    -out "$T/tls/cert.pem" >/dev/null 2>&1
for port in 18471 18472; do
	env -i PATH=/usr/bin:/bin HOME="$T" PGPASSWORD="$PG_PASS" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" hub serve --hub "$T/hub" --listen "$A:$port" \
	    --cert "$T/tls/cert.pem" --key "$T/tls/key.pem" \
	    >"$T/serve$port.log" 2>&1 &
	at_exit "kill $! 2>/dev/null"
done
"$GEN" "$T/c3/store.db" 5 1 6 >/dev/null 2>&1
fa export bundle --home "$T/c3" -q -o "$T/up.bundle" >/dev/null 2>&1
cat >"$T/up.py" <<'EOF'
import base64, sys, threading, urllib.request, ssl
ctx = ssl.create_default_context(cafile=sys.argv[1])
data = base64.b64encode(open(sys.argv[2], "rb").read()).decode()
body = ('<?xml version="1.0"?><soap:Envelope xmlns:soap='
        '"http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        '<Upload xmlns="urn:fleetaudit:onsite2:v1"><bundle>%s</bundle>'
        '</Upload></soap:Body></soap:Envelope>' % data).encode()
out = {}
def up(url):
    req = urllib.request.Request(url, body, {
        "Content-Type": "text/xml; charset=utf-8",
        "SOAPAction": '"urn:fleetaudit:onsite2:v1/Upload"'})
    try:
        out[url] = urllib.request.urlopen(req, context=ctx,
                                          timeout=30).read().decode()
    except Exception as e:
        out[url] = "error: %s" % e
ts = [threading.Thread(target=up, args=(u,)) for u in sys.argv[3:]]
[t.start() for t in ts]
[t.join() for t in ts]
for u in sys.argv[3:]:
    r = out[u]
    print("already" if "<already>true</already>" in r else
          "imported" if "<receipt>" in r else "other " + r[:300])
EOF
sleep 1
n=0
while [ $n -lt 50 ] && ! { echo | openssl s_client -connect $A:18471 >/dev/null 2>&1 &&
    echo | openssl s_client -connect $A:18472 >/dev/null 2>&1; }; do
	sleep 0.2
	n=$((n + 1))
done
$PY "$T/up.py" "$T/tls/cert.pem" "$T/up.bundle" \
    "https://$A:18471/WebServices/Onsite2Service.asmx" \
    "https://$A:18472/WebServices/Onsite2Service.asmx" >"$T/up.out" 2>&1
check "the same upload to two hub serve processes at once: one imported, one already" \
    test "$(sort "$T/up.out" | tr '\n' ' ')" = "already imported "
check "... and the hub holds it once (26 bundles)" test \
    "$(pg_sql hub1 'SELECT count(*) FROM bundles')" = 26
grep -q "^other" "$T/up.out" && sed 's/^/# /' "$T/up.out" | head -3

# ---- hub migrate --to ----
env -i PATH=/usr/bin:/bin HOME="$T" "$FA" hub command add --hub "$T/ref" \
    --collector "$(sed -n 's/.*\(....-....-....-....\).*/\1/p' "$T/c1/collector.pub" | head -1)" \
    scan meters >/dev/null 2>&1
env -i PATH=/usr/bin:/bin HOME="$T" "$FA" hub command list --hub "$T/ref" \
    >"$T/cmd.ref" 2>&1
U3=$(pg_db migrated)
hp "$T/ref" hub migrate --to "$U3" >"$T/mig.out" 2>"$T/mig.err"
check "hub migrate exits 0" test $? -eq 0
check "hub migrate tells each table's count (rec_meters $(sqlite3 "$T/ref/hub.db" 'SELECT count(*) FROM rec_meters'))" \
    grep -q "rec_meters *$(sqlite3 "$T/ref/hub.db" 'SELECT count(*) FROM rec_meters') rows copied, counts equal" "$T/mig.err"
check "store.conf written; hub.db kept" sh -c \
    "test \"\$(cat '$T/ref/store.conf')\" = '$U3' && test -s '$T/ref/hub.db'"
for tb in accounts collectors sites bundles devices records cmdq.commands; do
	check "migrated $tb: same rows" test \
	    "$(pg_sql migrated "SELECT count(*) FROM $tb")" = \
	    "$(sqlite3 "$T/ref/hub.db" "ATTACH '$T/ref/commands.db' AS cmdq; SELECT count(*) FROM $tb")"
done
hp "$T/ref" hub devices --account acme --json >"$T/dev.mig" 2>&1
check "devices after migrate equal" cmp -s "$T/dev.mig" "$T/dev.ref"
hp "$T/ref" hub report --account globex --csv "$T/rep.mig" -q >/dev/null 2>&1
check "report after migrate equal" diff -r "$T/rep.mig" "$T/rep.ref"
hp "$T/ref" hub command list >"$T/cmd.mig" 2>&1
check "command queue after migrate equal" cmp -s "$T/cmd.mig" "$T/cmd.ref"
hp "$T/ref" hub import "$T/late.bundle" -q >/dev/null 2>&1
check "an import after migrate works (ids go on)" test \
    "$(pg_sql migrated 'SELECT count(*), max(id) FROM bundles')" = "25|25"
expect 1 "already in PostgreSQL" "migrating a PostgreSQL hub is refused" -- \
    hp "$T/ref" hub migrate --to "$U3"
rm "$T/ref/store.conf"
expect 1 "already holds a fleetaudit hub store" "migrating into a hub database is refused" -- \
    hp "$T/ref" hub migrate --to "$U3"
check "... and the refused migration dropped nothing" test \
    "$(pg_sql migrated 'SELECT count(*) FROM bundles')" = 25
expect 2 "needs --to" "hub migrate without --to" -- hp "$T/ref" hub migrate
finish
