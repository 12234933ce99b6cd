#!/bin/sh
# t1481-ipp-model: model definitions' "ipp" lines (docs/models.md, "IPP
# attributes").  An ippeveprinter serves tests/data/ipp/vendor.attrs, a
# printer keeping a copy counter, a drum's life, an asset tag and a
# collection of counters in attributes of its own; the definition
# tests/data/ipp/acme.model maps them to meters, a supply and an attribute,
# each with its ipp: source.  Without the definition none of them is read;
# a bad "ipp" line is refused with file:line.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/ippbed.sh"
ipp_ns "$0" "$@"
P=${IPP_PORT:-18491}

ipp_bed_start || { not_ok "ipp bed starts"; finish; }
ipp_printer "$P" "$top/tests/data/ipp/vendor.attrs" "Acme One" ||
    { not_ok "ippeveprinter starts"; finish; }
U=ipp://127.0.0.1:$P/ipp/print

# --- bad definitions ---------------------------------------------------------
mkdir -p "$T/bad1" "$T/bad2" "$T/bad3"
printf '[model x]\nvendor = Acme\nmatch = descr Acme\nipp X-Up = meter copy\n' >"$T/bad1/x.model"
fa assess --models "$T/bad1" --ipp "$U" >"$T/o" 2>"$T/e"
check "bad attribute name refused (exit 2)" test $? -eq 2
check "file:line names it" grep -q "x.model:4: ipp X-Up: IPP attribute names are lowercase" "$T/e"
printf '[model x]\nvendor = Acme\nmatch = descr Acme\nipp x-up = counter copy\n' >"$T/bad2/x.model"
fa assess --models "$T/bad2" --ipp "$U" >"$T/o" 2>"$T/e"
check "unknown target refused" sh -c "grep -q \"x.model:4: ipp x-up: expected 'meter NAME \[UNIT\]', 'supply TYPE \[TEXT\]' or 'attribute FIELD'\" '$T/e'"
printf '[model x]\nvendor = Acme\nmatch = descr Acme\nipp x-up = attribute colour\n' >"$T/bad3/x.model"
fa assess --models "$T/bad3" --ipp "$U" >"$T/o" 2>"$T/e"
check "unknown field refused" grep -q "x.model:4: ipp x-up: attribute fields: model, serial" "$T/e"
check "nothing stored for bad definitions" test ! -e "$T/home/store.db"

# --- without the definition ---------------------------------------------------
fa assess -q --json --ipp "$U" >"$T/a.json" 2>"$T/a.err"
check "read without the definition" test "$(json_get "$T/a.json" "(j['devices'][0]['serial'], j['devices'][0]['error'])")" = "('ACM0042', None)"
check "no vendor attribute read without it" test "$(json_get "$T/a.json" "(sorted(m['name'] for m in j['devices'][0]['meters']), len(j['devices'][0]['supplies']), j['devices'][0]['asset'], j['devices'][0]['model_def'])")" = "(['total'], 1, None, None)"

# --- with it -------------------------------------------------------------------
fa assess -q --json --models "$top/tests/data/ipp" --ipp "$U" >"$T/b.json" 2>"$T/b.err"
check "read with the definition exits 0" test $? -eq 0
d='j["devices"][0]'
B() { json_get "$T/b.json" "$1"; }
check "the definition is named" test "$(B "$d['model_def']")" = acme-laser
check "vendor meters with their ipp: sources" test "$(B "sorted((m['name'], m['value'], m['unit'], m['source_oid']) for m in $d['meters'])")" = "[('copy', 1200, 'impressions', 'ipp:x-acme-copy-impressions'), ('scan', 777, 'images', 'ipp:x-acme-counters/scan-images'), ('total', 5000, 'impressions', 'ipp:printer-impressions-completed')]"
check "an attribute the printer lacks adds nothing" test "$(B "[m for m in $d['meters'] if m['name'] == 'fax']")" = "[]"
check "the drum as a supply, its level and source" test "$(B "[(s['type'], s['description'], s['level'], s['percent'], s['state'], s['level_source']) for s in $d['supplies']]")" = "[('toner', 'Black Toner', 55, 55, 'ok', None), ('opc', 'Drum Unit', 64, 64, 'ok', 'ipp:x-acme-drum-life')]"
check "the asset tag" test "$(B "$d['asset']")" = IT-0815
fa show ACM0042 >"$T/show" 2>&1
check "stored: show lists the vendor meter" grep -q "^  copy  *1200" "$T/show"

# --- the same over --parts -------------------------------------------------------
fa assess -q --json --models "$top/tests/data/ipp" --parts supplies --ipp "$U" >"$T/c.json" 2>"$T/c.err"
check "--parts supplies: the drum, no vendor meter" test "$(json_get "$T/c.json" "([m['name'] for m in $d['meters']], [s['type'] for s in $d['supplies']])")" = "([], ['toner', 'opc'])"
finish
