#!/bin/sh
# t5070-catalog-real-devices: every real recording of ../shared/devices
# (served by snmpsim, community = file name) is assessed and reported
# (--csv); the model the collector reports either resolves to a model
# catalog entry with a source (utilisation.csv's source column) or is
# listed in docs/report.md, "Models of the real recordings not in the
# catalog", with why.  A model listed there must not have an entry (the
# list stays true), and every row there names a recording.
. "$(dirname "$0")/../lib/common.sh"
EP=127.77.2.5:11161
real_devices_bed "$EP"
DOC=$top/docs/report.md
# the documented list: "| Vendor / Model | recording | why |" rows
sed -n '/^### Models of the real recordings not in the catalog/,/^## /p' \
    "$DOC" | sed -n 's/^| \(.* \/ .*\) | \([a-z0-9-]*\) | \(.*\) |$/\2\t\1\t\3/p' \
    >"$T/listed"
check "docs/report.md lists the models not in the catalog, with why" \
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
	# vendor / model <TAB> source of the recording's device
	$PY -c 'import csv,sys
r = list(csv.DictReader(open(sys.argv[1], newline="")))
d = r[0] if r else {}
print("%s / %s\t%s" % (d.get("vendor", ""), d.get("model", ""), d.get("source", "")))' \
	    "$T/csv.$name/utilisation.csv" >"$T/$name.vm"
	vm=$(cut -f1 "$T/$name.vm")
	src=$(cut -f2- "$T/$name.vm")
	why=$(awk -F '\t' -v n="$name" -v m="$vm" \
	    '$1 == n && $2 == m { print $3 }' "$T/listed")
	if [ -n "$src" ] && [ -z "$why" ]; then
		ok "$name: $vm in the catalog (source: $src)"
	elif [ -z "$src" ] && [ -n "$why" ]; then
		ok "$name: $vm not in the catalog, documented: $why"
	elif [ -n "$src" ]; then
		not_ok "$name: $vm has an entry but is listed as not in the catalog"
	else
		not_ok "$name: $vm neither in the catalog nor listed in docs/report.md"
	fi
done
check "recordings checked: $n" test "$n" -ge 31
check "every listed model names a recording" sh -c \
    "cut -f1 '$T/listed' | while read -r r; do
    [ -f '$DEV'/\$r.snmprec ] || { echo \"# \$r\"; exit 1; }; done"
finish
