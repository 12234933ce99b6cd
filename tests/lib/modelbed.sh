# modelbed.sh: the model definition tests' device, read from its
# recording in tests/data/models (sourced after common.sh).
#
#   model_assess ADDR COMMUNITY   snmpsim on ADDR:11161 serving
#                                 tests/data/models (stopped at exit), then
#                                 "assess --json" of ADDR with COMMUNITY
#                                 (the recording's name), home $T/h, into
#                                 $T/a.json: one check ("assess exits 0");
#                                 a bed that does not start ends the test
#   q EXPR                        the Python EXPR of d, the first device of
#                                 $T/a.json
model_assess() {
	at_exit 'bed_stop "$T/bed"'
	mkdir -p "$T/bed"
	bed_start_dir "$T/bed" "$top/tests/data/models" "$1:11161" \
	    >"$T/bed.out" 2>&1 ||
	    { not_ok "bed starts"; cat "$T/bed.out"; finish; }
	fa assess -q --json --home "$T/h" --port 11161 -c "$2" "$1" \
	    >"$T/a.json" 2>"$T/a.err"
	check "assess exits 0" test $? -eq 0
}
q() { json_get "$T/a.json" "(lambda d: $1)(j['devices'][0])"; }
