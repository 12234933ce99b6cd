#!/bin/sh
# t1050-parts: partial reads ("assess --parts", the scan kinds of "run"):
# a read of some parts brings those parts as a full read has them, leaves
# the others empty instead of making them up (no error bits in a meters
# read of a device in error), always brings the identity, lists what it
# covered in "parts", and costs fewer packets; bad part names are refused.
# Each case has its own home: what the store keeps of a partial read is
# not checked here.
#
# Addresses: the sample fleet on 127.77.11.N (127.77.11.0/24).
. "$(dirname "$0")/../lib/common.sh"
P=127.77.11
fleet_bed $P
# The v2c printers only: discovery then costs the same in every case, so
# the packet counts differ by the reads alone.
R=$P.1-8,$P.11-12

# assess_parts NAME [OPTIONS...]: assess R into $T/NAME.json, stderr in
# $T/NAME.err, home $T/h.NAME; sets rc.
assess_parts() {
	_n=$1
	shift
	fa assess --json --home "$T/h.$_n" -t 2s "$@" "$R" >"$T/$_n.json" \
	    2>"$T/$_n.err"
	rc=$?
}

# pair NAME EXPR: EXPR over f (the full read) and p (read NAME), devices
# matched by address; prints the result.
pair() {
	$PY -c '
import json, sys
full = json.load(open(sys.argv[1]))["devices"]
part = json.load(open(sys.argv[2]))["devices"]
f = {d["address"]: d for d in full}
p = {d["address"]: d for d in part}
print(eval(sys.argv[3]))' "$T/all.json" "$T/$1.json" "$2"
}

packets() {
	sed -n 's/.* \([0-9][0-9]*\) packets sent.*/\1/p' "$T/$1.err"
}

# The same identity and hrDeviceStatus/hrPrinterStatus in every read.
IDENT='all(p[a][k] == f[a][k] for a in f for k in ("vendor", "model", "serial", "mac", "sys_name", "firmware", "is_printer")) and all(p[a]["status"]["device"] == f[a]["status"]["device"] and p[a]["status"]["printer"] == f[a]["status"]["printer"] for a in f)'
METERS='all(p[a]["meters"] == f[a]["meters"] and p[a]["checks"] == f[a]["checks"] for a in f)'
SUPPLIES='all(p[a]["supplies"] == f[a]["supplies"] and p[a]["trays"] == f[a]["trays"] for a in f)'
ERRORS='all(p[a]["alerts"] == f[a]["alerts"] and p[a]["status"]["errors"] == f[a]["status"]["errors"] and p[a]["status"]["display"] == f[a]["status"]["display"] for a in f)'
NO_METERS='all(not d["meters"] and not d["checks"] for d in p.values())'
NO_SUPPLIES='all(not d["supplies"] and not d["trays"] for d in p.values())'
NO_ERRORS='all(not d["alerts"] and not d["status"]["errors"] and not d["status"]["display"] for d in p.values())'

assess_parts all
check "full read exits 0" test "$rc" -eq 0
check "full read: ten printers, every part listed" test "$(json_get "$T/all.json" '(len(j["devices"]), all(d["parts"] == ["meters", "supplies", "errors", "attributes"] for d in j["devices"]))')" = "(10, True)"
check "full read has every kind of value" test "$(json_get "$T/all.json" '[all(d[k] for d in j["devices"]) for k in ("meters", "supplies", "trays")] + [any(d["alerts"] for d in j["devices"]), any(d["status"]["errors"] for d in j["devices"])]')" = "[True, True, True, True, True]"
full=$(packets all)

assess_parts meters --parts meters
check "meters: exits 0" test "$rc" -eq 0
check "meters: parts listed" test "$(pair meters 'sorted(p) == sorted(f) and all(d["parts"] == ["meters", "attributes"] for d in p.values())')" = True
check "meters: the meters and checks of the full read" test "$(pair meters "$METERS")" = True
check "meters: no supplies, trays, alerts, errors or display" test "$(pair meters "$NO_SUPPLIES and $NO_ERRORS")" = True
check "meters: a device in error shows no error bits" test "$(pair meters '(f["'$P.7'"]["status"]["errors"] != [], p["'$P.7'"]["status"]["errors"])')" = "(True, [])"
check "meters: identity and device status as the full read" test "$(pair meters "$IDENT")" = True
check "meters: fewer packets than a full read" test "$(packets meters)" -lt "$full"
check "meters: no device more requests than in a full read" test "$(pair meters 'all(p[a]["requests"] <= f[a]["requests"] for a in f)')" = True

assess_parts supplies --parts supplies
check "supplies: exits 0" test "$rc" -eq 0
check "supplies: parts listed" test "$(pair supplies 'sorted(p) == sorted(f) and all(d["parts"] == ["supplies", "attributes"] for d in p.values())')" = True
check "supplies: the supplies and trays of the full read" test "$(pair supplies "$SUPPLIES")" = True
check "supplies: no meters, checks, alerts, errors or display" test "$(pair supplies "$NO_METERS and $NO_ERRORS")" = True
check "supplies: identity and device status as the full read" test "$(pair supplies "$IDENT")" = True
check "supplies: fewer packets than a full read" test "$(packets supplies)" -lt "$full"
check "supplies: no device more requests than in a full read" test "$(pair supplies 'all(p[a]["requests"] <= f[a]["requests"] for a in f)')" = True

assess_parts errors --parts errors
check "errors: exits 0" test "$rc" -eq 0
check "errors: parts listed" test "$(pair errors 'sorted(p) == sorted(f) and all(d["parts"] == ["errors", "attributes"] for d in p.values())')" = True
check "errors: alerts, error bits, covers and display of the full read" test "$(pair errors "$ERRORS")" = True
check "errors: an open cover kept with the error bits" test "$(pair errors '[e for e in p["'$P.7'"]["status"]["errors"] if e.startswith("coverOpen:")] != []')" = True
check "errors: no meters, supplies or trays" test "$(pair errors "$NO_METERS and $NO_SUPPLIES")" = True
check "errors: identity and device status as the full read" test "$(pair errors "$IDENT")" = True
check "errors: fewer packets than a full read" test "$(packets errors)" -lt "$full"

assess_parts attributes --parts attributes
check "attributes: exits 0" test "$rc" -eq 0
check "attributes: identity only" test "$(pair attributes "all(d['parts'] == ['attributes'] for d in p.values()) and $IDENT and $NO_METERS and $NO_SUPPLIES and $NO_ERRORS")" = True
check "attributes: fewer packets than any other read" sh -c "[ $(packets attributes) -lt $(packets meters) ] && [ $(packets attributes) -lt $(packets supplies) ] && [ $(packets attributes) -lt $(packets errors) ]"

assess_parts two --parts 'supplies, meters'
check "a list of two, blanks allowed: both parts, in full" test "$(pair two "all(d['parts'] == ['meters', 'supplies', 'attributes'] for d in p.values()) and $METERS and $SUPPLIES and $NO_ERRORS")" = True

printf 'parts = errors\n' >"$T/errors.conf"
assess_parts conf --config "$T/errors.conf"
check "config key parts" test "$(pair conf "all(d['parts'] == ['errors', 'attributes'] for d in p.values()) and $ERRORS and $NO_METERS")" = True
assess_parts cli --config "$T/errors.conf" --parts meters
check "--parts overrides the config file" test "$(pair cli 'all(d["parts"] == ["meters", "attributes"] for d in p.values())')" = True

fa assess -q --home "$T/h.bad" --parts meters,toner "$P.1" >"$T/bad.out" 2>"$T/bad.err"
rc=$?
check "bad part name: exit 2" test "$rc" -eq 2
check "bad part name: one line naming it and the allowed ones" sh -c "[ \$(wc -l <'$T/bad.err') -eq 1 ] && grep -q \"^fleetaudit: parts: unknown part 'toner' (meters, supplies, errors, attributes, all)\$\" '$T/bad.err' && [ ! -s '$T/bad.out' ]"
fa assess -q --home "$T/h.bad" --parts meters, "$P.1" >/dev/null 2>"$T/bad.err"
check "empty part name: exit 2" test $? -eq 2
printf '# site\nparts = meters supplies\n' >"$T/bad.conf"
fa assess -q --home "$T/h.bad" --config "$T/bad.conf" "$P.1" >/dev/null 2>"$T/bad.err"
rc=$?
check "bad parts in the config: exit 2 with file:line" sh -c "[ $rc -eq 2 ] && grep -q \"bad.conf:2: parts: unknown part 'meters supplies'\" '$T/bad.err'"
fa help assess >"$T/help.txt" 2>&1
check "assess --help lists --parts" grep -q -- "--parts LIST" "$T/help.txt"
finish
