#!/bin/sh
# t5070-catalog-real-devices: every real recording of ../shared/devices
# (served by snmpsim, community = file name) is assessed and reported
# (--csv); the model the collector reports resolves to a model catalog
# entry with a source (utilisation.csv's source column), and is listed in
# docs/report.md, "Models of the real recordings", with the recording and
# what the entry takes from it: the colour, A3 and duplex the report
# shows are the ones the table gives ("colour yes (OBJECT)"; a field the
# table does not give is empty in the report).  Every row there names a
# recording.
. "$(dirname "$0")/../lib/common.sh"
EP=127.77.2.5:11161
real_devices_bed "$EP"
DOC=$top/docs/report.md
# the documented list: "| Vendor / Model | recording | why |" rows
sed -n '/^### Models of the real recordings$/,/^## /p' \
    "$DOC" | sed -n 's/^| \(.* \/ .*\) | \([a-z0-9-]*\) | \(.*\) | .* |$/\2\t\1\t\3/p' \
    >"$T/listed"
check "docs/report.md lists the real recordings' models" \
    test -s "$T/listed"
n=0
for f in "$DEV"/*.snmprec; do
	name=$(basename "$f" .snmprec)
	[ -f "$DEV/$name.expected.json" ] || continue
	n=$((n + 1))
	H=$T/h.$name
	mkdir -p "$H"
	chmod 700 "$H"
	fa assess -q --home "$H" --port 11161 -c "$name" 127.77.2.5 \
	    >/dev/null 2>"$T/$name.err"
	fa report -q --home "$H" --csv "$T/csv.$name" >/dev/null \
	    2>>"$T/$name.err"
	if [ ! -f "$T/csv.$name/utilisation.csv" ]; then
		not_ok "$name: assessed and reported"
		sed 's/^/# /' "$T/$name.err"
		continue
	fi
	# vendor / model <TAB> colour a3 duplex <TAB> source
	$PY -c 'import csv,sys
r = list(csv.DictReader(open(sys.argv[1], newline="")))
d = r[0] if r else {}
yn = {"1": "yes", "0": "no"}
f = ",".join("%s %s" % (k, yn[d[c]]) for k, c in (("colour", "colour"),
    ("A3", "a3"), ("duplex", "duplex")) if d.get(c) in yn)
print("%s / %s\t%s\t%s" % (d.get("vendor", ""), d.get("model", ""), f,
    d.get("source", "")))' \
	    "$T/csv.$name/utilisation.csv" >"$T/$name.vm"
	vm=$(cut -f1 "$T/$name.vm")
	got=$(cut -f2 "$T/$name.vm")
	src=$(cut -f3- "$T/$name.vm")
	doc=$(awk -F '\t' -v n="$name" -v m="$vm" '$1 == n && $2 == m {
	    s = $3; out = ""
	    while (match(s, /(colour|A3|duplex) (yes|no) \(/)) {
		out = out (out == "" ? "" : ",") substr(s, RSTART, RLENGTH - 2)
		s = substr(s, RSTART + RLENGTH)
	    }
	    print out; f = 1 } END { if (!f) print "-" }' "$T/listed")
	if [ -z "$src" ]; then
		not_ok "$name: $vm not in the catalog"
	elif [ "$doc" = "-" ]; then
		not_ok "$name: $vm not listed in docs/report.md"
	elif [ "$got" != "$doc" ]; then
		not_ok "$name: $vm: the report shows '$got', docs/report.md '$doc'"
	else
		ok "$name: $vm in the catalog (${got:-nothing from the recording}; source: $src)"
	fi
done
check "recordings checked: $n" test "$n" -ge 31
check "every listed model names a recording" sh -c \
    "cut -f1 '$T/listed' | while read -r r; do
    [ -f '$DEV'/\$r.snmprec ] || { echo \"# \$r\"; exit 1; }; done"
finish
