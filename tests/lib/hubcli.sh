# hubcli.sh: running "fleetaudit hub ..." from a test (sourced after
# common.sh, with $HUB set to the hub directory).
#
#   hub ARGS...            fleetaudit ARGS in a clean environment with
#                          FLEETAUDIT_HUB=$HUB (so "hub hub show")
#   hrun ARGS...           hub ARGS, stdout in $T/out, stderr in $T/err,
#                          the status in $rc
#   hexpect CODE PATTERN NAME -- ARGS...
#                          ok when hub ARGS exits CODE with one line on
#                          stderr that matches PATTERN (grep) and nothing
#                          on stdout (stdin: /dev/null)
#   desk_site DIR ACCOUNT [NAME [FIXTURE-ARGS...]]
#                          a collector home DIR holding the service desk's
#                          fixture (tests/tools/desk_fixture.c, given
#                          FIXTURE-ARGS: "curve 10"), its key trusted for
#                          ACCOUNT (the site named NAME; "": no name), its
#                          bundle DIR/b.bundle imported; status 0 when all
#                          went well.  DESK_SITE_SQL set: run on the
#                          fixture's store before its export
#   desk_hub               the hub $HUB made (on the store of
#                          tests/lib/hubstore.sh), the desk fixture
#                          imported for account fixture (site "Head
#                          office, floor 2", home $T/s1) and other ($T/s2):
#                          three checks
#   web_hub [olga]         in $T: the test CA and a certificate for
#                          $HUBADDR (tls/), user boss (dealer admin,
#                          password dealer-admin-pw-1) and with "olga" olga
#                          (user of account other, other-user-pw-1); then
#                          "hub serve" on $HUBADDR:$PORT ($SERVE, stopped
#                          at exit): two checks
# ("hub serve" in the background: serve_hub and serve_wait, common.sh.)
hub() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$HUB" \
	    ${PGPASSWORD+"PGPASSWORD=$PGPASSWORD"} \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@"
}
hrun() { hub "$@" >"$T/out" 2>"$T/err"; rc=$?; }
desk_site() {
	_d=$1 _a=$2 _s=${3:-}
	shift 2
	[ $# -gt 0 ] && shift
	mkdir -p "$_d"
	chmod 700 "$_d"
	"$top/${BUILD:-build}/tests/tools/desk_fixture" "$_d/store.db" "$@" \
	    >"$T/fix.out" 2>&1 &&
	    if [ -n "${DESK_SITE_SQL:-}" ]; then
		sqlite3 -batch "$_d/store.db" "$DESK_SITE_SQL"
	    fi &&
	    env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$_d" \
	    "$FA" keys init -q >/dev/null &&
	    if [ -n "$_s" ]; then
		hub hub trust add "$_d/collector.pub" --account "$_a" \
		    --name "$_s" -q >/dev/null 2>&1
	    else
		hub hub trust add "$_d/collector.pub" --account "$_a" -q \
		    >/dev/null 2>&1
	    fi &&
	    env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$_d" \
	    "$FA" keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1 &&
	    env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$_d" \
	    "$FA" export bundle -o "$_d/b.bundle" >/dev/null 2>&1 &&
	    hub hub import "$_d/b.bundle" >/dev/null 2>&1
}
hexpect() {
	_code=$1 _pat=$2 _name=$3
	shift 4
	hrun "$@" </dev/null
	if [ "$rc" -eq "$_code" ] && grep -q -- "$_pat" "$T/err" &&
	    [ "$(wc -l <"$T/err")" -eq 1 ] && [ ! -s "$T/out" ]; then
		ok "$_name"
	else
		not_ok "$_name (exit $rc)"
		sed 's/^/# /' "$T/err" "$T/out" | head -5
	fi
}
desk_hub() {
	# shellcheck disable=SC2046  # --store URL: two words
	hub hub init "$HUB" $(hub_init_opts hub) -q >/dev/null
	check "the hub's store: $FA_HUB_STORE" hub_store_is "$HUB"
	desk_site "$T/s1" fixture "Head office, floor 2"
	check "account fixture imported" test $? -eq 0
	desk_site "$T/s2" other
	check "account other imported" test $? -eq 0
}
web_hub() {
	tls_ca ca "fleetaudit test CA" && tls_cert hub "$HUBADDR"
	check "test CA and hub certificate made" test -s tls/hub.pem
	printf 'dealer-admin-pw-1\n' >admin.pw
	hub hub user add boss --role admin --password-file admin.pw -q \
	    >/dev/null 2>&1
	if [ "${1:-}" = olga ]; then
		printf 'other-user-pw-1\n' >user.pw
		hub hub user add olga --role user --account other \
		    --password-file user.pw -q >/dev/null 2>&1
	fi
	serve_hub "$HUBADDR:$PORT"
	at_exit 'kill $SERVE 2>/dev/null'
	check "hub serve starts" grep -q "serving https://$HUBADDR:$PORT" \
	    serve.log
}
# web_py ARG...: runs the test's own $T/web.py (its checks print ok / not
# ok lines) with ARG..., its lines into this test's; a script that dies
# before saying why is a check failed.
web_py() {
	env -i PATH=/usr/bin:/bin HOME="$T" PYTHONPATH="$top/tests/lib" "$PY" \
	    "$T/web.py" "$@" >"$T/web.out" 2>"$T/web.err"
	_rc=$?
	cat "$T/web.out"
	if [ "$_rc" -ne 0 ] && ! grep -q '^not ok' "$T/web.out"; then
		not_ok "web.py ran (exit $_rc)"
		tail -5 "$T/web.err" | sed 's/^/# /'
	fi
	grep -q '^not ok' "$T/web.out" && _failed=1
	return 0
}
# h11 DIR: a hub directory holding the schema-11 fixture
# (tests/data/hub11, SQLite).
h11() {
	mkdir -p "$1" && chmod 700 "$1" &&
	    sqlite3 "$1/hub.db" <"$top/tests/data/hub11/hub11.sql" &&
	    chmod 600 "$1/hub.db"
}
# recs DB: every record of SQLite hub DB through the view "records", in
# key order, a line each.
recs() {
	sqlite3 "$1" "SELECT site_id, kind, src_id, device_src, bundle_id, data
	    FROM records ORDER BY site_id, kind, src_id"
}
