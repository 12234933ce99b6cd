# reportfix.sh: a collector home holding the report fixture's store
# (tests/tools/report_fixture.c), for the report tests; sourced after
# common.sh.  Sets FIX and DB ($T/home/store.db), makes $T/home (0700)
# with an empty catalog folder for the test's own HOME/catalog files and
# writes the store: "ok - fixture store written", else that check fails
# and the test ends.
FIX=$top/${BUILD:-build}/tests/tools/report_fixture
DB=$T/home/store.db
mkdir -p "$T/home/catalog"
chmod 700 "$T/home"

if ! "$FIX" "$DB" >"$T/fix.out" 2>&1; then
	not_ok "fixture store written"
	finish
fi
ok "fixture store written"
