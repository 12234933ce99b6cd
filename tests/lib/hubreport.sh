# hubreport.sh: the set-up of the hub report tests (sourced after
# common.sh, hubstore.sh and hubcli.sh, with $HUB set to the hub
# directory and $HUBADDR, $PORT for the web view).
#
#   fx ARGS...        fleetaudit ARGS in the fixture's collector home $H2
#   report_hub        the hub $HUB made (on the store of hubstore.sh); the
#                     report fixture (tests/tools/report_fixture.c) in
#                     $H2 ($T/fix, with $T/dealer.catalog, a P3015 duty
#                     cycle of 1,000 a month, in its catalog), exported
#                     and imported for account fixture: one check
#   report_dl OUT     the web view's downloads of account fixture as the
#                     dealer admin boss (made by web_hub, hubcli.sh, or
#                     by the test):
#                     OUT.report.html and OUT.report.xlsx, each answer's
#                     status a line in $T/st
#   report_refused WHAT LINE
#                     the downloads ($T/bd.*) refused for a bad hub file:
#                     "download with a bad WHAT: 500, says so" and "the
#                     hub's log names the file and line" (LINE in
#                     serve.log): two checks
FIX=$top/${BUILD:-build}/tests/tools/report_fixture
H2=$T/fix
fx() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$H2" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@"
}
report_hub() {
	mkdir -p "$H2/catalog" "$T/tls"
	chmod 700 "$H2"
	cat >"$T/dealer.catalog" <<'CATEOF'
[HP / LaserJet P3015]
duty   = 1000
source = dealer test sheet
CATEOF
	cp "$T/dealer.catalog" "$H2/catalog/"
	# shellcheck disable=SC2046  # --store URL: two words
	hub hub init "$HUB" $(hub_init_opts hub) -q >/dev/null
	"$FIX" "$H2/store.db" >"$T/fix.out" 2>&1 &&
	    fx keys init -q >/dev/null &&
	    fx keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1 &&
	    hub hub trust add "$H2/collector.pub" --account fixture -q \
	    >/dev/null 2>&1 &&
	    fx export bundle -o "$T/f1.bundle" >/dev/null 2>&1 &&
	    hub hub import "$T/f1.bundle" >/dev/null 2>&1
	check "fixture exported and imported" test $? -eq 0
}
report_dl() {
	$PY "$top/tests/lib/report_dl.py" "https://$HUBADDR:$PORT" \
	    tls/ca.pem "$1" >"$T/st" 2>&1
}
report_refused() {
	report_dl "$T/bd"
	check "download with a bad $1: 500, says so" sh -c \
	    "[ \"\$(head -1 '$T/st')\" = 500 ] &&
	    grep -q 'The report cannot be made' '$T/bd.report.html'"
	check "the hub's log names the file and line" grep -q "$2" serve.log
}
