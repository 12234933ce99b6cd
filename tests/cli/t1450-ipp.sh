#!/bin/sh
# t1450-ipp: reading printers over IPP (assess --ipp).  An ippeveprinter
# serves tests/data/ipp/colour.attrs (written from PWG 5100.13: marker-*
# levels with the Printer-MIB's special values, impressions with the -col
# split, sheets, input trays, a device ID with a serial) over ipp:// and
# ipps:// (its own self-signed certificate); tests/lib/badipp.py answers
# what ippeveprinter cannot be made to (printer-supply, stopped state with
# reasons, alerts, a UUID-only printer) and what a broken printer sends
# (malformed, not IPP, huge, no answer, HTTP and IPP errors): each must be
# one clear per-device error, with the good devices still read and stored.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/ippbed.sh"
ipp_ns "$0" "$@"
ulimit -c 0 2>/dev/null || :
P=${IPP_PORT:-18631}
B=${BADIPP_PORT:-18632}
Q=${SILENT_PORT:-18633}

ipp_bed_start || { not_ok "ipp bed starts"; finish; }
ipp_printer "$P" "$top/tests/data/ipp/colour.attrs" "Colour MFP" ||
    { not_ok "ippeveprinter starts"; finish; }
ipp_bad "$B" "$Q" || { not_ok "badipp starts"; finish; }
U=ipp://127.0.0.1:$P/ipp/print

# --- bad input -------------------------------------------------------------
fa assess --ipp ftp://127.0.0.1/x >"$T/o" 2>"$T/e"
check "non-IPP scheme refused (exit 2)" test $? -eq 2
check "one line names the scheme" grep -q "scheme 'ftp' is not ipp or ipps" "$T/e"
check "nothing stored for bad input" test ! -e "$T/home/store.db"
printf 'ipp-probe = maybe\n' >"$T/bad.conf"
fa assess --config "$T/bad.conf" 127.0.0.1 >"$T/o" 2>"$T/e"
check "config ipp-probe must be yes or no (exit 2)" sh -c "[ $? -eq 2 ] && grep -q \"ipp-probe: 'maybe' is not yes or no\" '$T/e'"

# --- a good printer over ipp:// --------------------------------------------
fa assess -q --json --ipp "$U" >"$T/a.json" 2>"$T/a.err"
check "assess --ipp exits 0" test $? -eq 0
J() { json_get "$T/a.json" "$1"; }
d='j["devices"][0]'
check "one device" test "$(J 'len(j["devices"])')" = 1
check "identity from the device ID" test "$(J "($d['vendor'], $d['model'], $d['serial'])")" = "('Kyocera', 'ECOSYS M5526cdw', 'VCF9Z12345')"
check "firmware, is a printer, read over ipp" test "$(J "($d['firmware'], $d['is_printer'], $d['printer_reason'], $d['credential'], $d['snmp_version'])")" = "('2S0_2000.004.301', True, 'IPP $U', 'ipp', None)"
check "meters with ipp: provenance" test "$(J "sorted((m['name'], m['value'], m['source_oid']) for m in $d['meters'])")" = "[('colour', 2345, 'ipp:printer-impressions-completed-col/full-color'), ('mono', 10000, 'ipp:printer-impressions-completed-col/monochrome'), ('sheets', 9000, 'ipp:printer-media-sheets-completed'), ('total', 12345, 'ipp:printer-impressions-completed')]"
check "mono+colour=total cross-check" test "$(J "[(c['name'], c['ok']) for c in $d['checks']]")" = "[('mono+colour=total', True)]"
check "supply levels and states (-3 some remaining, 0 empty)" test "$(J "[(s['colorant'], s['level'], s['state']) for s in $d['supplies']]")" = "[('black', 80, 'ok'), ('cyan', None, 'some_remaining'), ('magenta', 5, 'ok'), ('yellow', 0, 'empty'), (None, 30, 'ok')]"
check "waste toner is filled, not consumed" test "$(J "$d['supplies'][4]['class']")" = filled
check "trays: capacity, level, some remaining" test "$(J "[(t['name'], t['capacity'], t['level'], t['state']) for t in $d['trays']]")" = "[('Tray 1', 250, 100, 'ok'), ('Tray 2', 500, None, 'some_remaining')]"
check "state idle, running" test "$(J "($d['status']['printer'], $d['status']['device'], $d['error'])")" = "('idle', 'running', None)"
check "one request" test "$(J "$d['requests']")" = 1

# --- the same printer over ipps:// -----------------------------------------
fa assess -q --json --ipp "ipps://127.0.0.1:$P/ipp/print" >"$T/s.json" 2>"$T/s.err"
check "assess over ipps exits 0" test $? -eq 0
check "ipps read in full" test "$(json_get "$T/s.json" "($d['credential'], $d['serial'], $d['error'], len($d['supplies']))")" = "('ipps', 'VCF9Z12345', None, 5)"
fa devices --json >"$T/dev.json"
check "ipp and ipps reads are one stored device" test "$(json_get "$T/dev.json" 'len(j)')" = 1
fa report -q --csv "$T/csv" >/dev/null 2>"$T/r.err"
check "the report takes an IPP read as any other" sh -c "[ \$? -eq 0 ] && grep -q VCF9Z12345 '$T/csv/devices.csv' && grep -q 'VCF9Z12345.*12345' '$T/csv/devices.csv'"

# --- what ippeveprinter cannot say ------------------------------------------
fa assess -q --json --ipp "ipp://127.0.0.1:$B/ipp/states" \
    --ipp "ipp://127.0.0.1:$B/ipp/uuidonly" >"$T/b.json" 2>"$T/b.err"
check "states printer exits 0" test $? -eq 0
K() { json_get "$T/b.json" "$1"; }
b='[x for x in j["devices"] if x["model"] == "LaserWriter 9000"][0]'
check "MANUFACTURER/MODEL/SERN in the device ID" test "$(K "($b['vendor'], $b['serial'])")" = "('Example', 'EXM0042')"
check "printer-supply: type, class, level, state" test "$(K "[(s['index'], s['type'], s['class'], s['level'], s['max'], s['state'], s['description']) for s in $b['supplies']]")" = "[(1, 'tonerCartridge', 'consumed', 7, 100, 'ok', 'Black Cartridge 42A'), (2, 'wasteToner', 'filled', None, 100, 'some_remaining', 'Waste Toner'), (3, 'opc', 'consumed', None, None, 'unknown', 'Drum')]"
check "stopped with reasons: other, down" test "$(K "($b['status']['printer'], $b['status']['device'], $b['status']['errors'], $b['status']['display'])")" = "('other', 'down', ['media-jam-error', 'toner-low-warning', 'cover-open'], ['Paper jam'])"
check "alerts: keyword and numeric codes" test "$(K "[(a['index'], a['severity'], a['group'], a['code'], a['code_name'], a['location'], a['description']) for a in $b['alerts']]")" = "[(3, 'critical', 'mediaPath', None, 'jam', 2, 'Jam in the fuser'), (4, 'warning', 'markerSupplies', 1104, 'markerTonerAlmostEmpty', None, 'Black toner almost empty')]"
check "no serial: keyed by printer-uuid" test "$(K "[x['serial'] for x in j['devices'] if x['model'] == 'Mini']")" = "['urn:uuid:00000000-0000-4000-8000-000000000007']"

# --- broken printers: one clear error each, the good one still read --------
fa assess --json -t 300ms --ipp "$U" \
    --ipp "ipp://127.0.0.1:$B/ipp/malformed" \
    --ipp "ipp://127.0.0.1:$B/ipp/garbage" \
    --ipp "ipp://127.0.0.1:$B/ipp/huge" \
    --ipp "ipp://127.0.0.1:$B/ipp/stall" \
    --ipp "ipp://127.0.0.1:$B/ipp/notfound" \
    --ipp "ipp://127.0.0.1:$B/ipp/ipperror" \
    --ipp "ipp://127.0.0.1:1/ipp/print" \
    --ipp "ipps://127.0.0.1:$Q/ipp/print" >"$T/x.json" 2>"$T/x.err"
check "broken printers: exit 0, JSON valid" test $? -eq 0
E() { json_get "$T/x.json" "[x['error'] for x in j['devices'] if x['error'] and x['error'].startswith('IPP: ipp://127.0.0.1:$B/ipp/$1:')]"; }
check "nine devices, eight with an error" test "$(json_get "$T/x.json" "(len(j['devices']), sum(1 for x in j['devices'] if x['error']))")" = "(9, 8)"
check "good printer still read" test "$(json_get "$T/x.json" "[x['serial'] for x in j['devices'] if not x['error']]")" = "['VCF9Z12345']"
check "malformed answer named" test "$(E malformed)" = "['IPP: ipp://127.0.0.1:$B/ipp/malformed: malformed IPP answer (592 bytes read)']"
check "not IPP at all named" test "$(E garbage)" = "['IPP: ipp://127.0.0.1:$B/ipp/garbage: malformed IPP answer (124 bytes read)']"
check "huge answer stopped at the cap" test "$(E huge)" = "['IPP: ipp://127.0.0.1:$B/ipp/huge: IPP answer larger than 1048576 bytes']"
check "no answer: the deadline (10 x --timeout)" test "$(E stall)" = "['IPP: ipp://127.0.0.1:$B/ipp/stall: no answer in 3.0 s']"
check "HTTP error named" test "$(E notfound)" = "['IPP: ipp://127.0.0.1:$B/ipp/notfound: HTTP 404 Not Found']"
check "IPP error status named" test "$(E ipperror)" = "['IPP: ipp://127.0.0.1:$B/ipp/ipperror: IPP error client-error-not-found']"
check "closed port named" grep -q "^fleetaudit: IPP: cannot connect to ipp://127.0.0.1:1/ipp/print: " "$T/x.err"
check "a TLS handshake that never ends is an error" grep -q "^fleetaudit: IPP: ipps://127.0.0.1:$Q/ipp/print: TLS failed: no answer in time" "$T/x.err"
check "one stderr line per broken printer" test "$(grep -c '^fleetaudit: IPP: ' "$T/x.err")" = 8
fa devices --json >"$T/dev2.json"
check "broken reads kept nothing half-written" test "$(json_get "$T/dev2.json" "sorted(d['serial'] or '-' for d in j if d['serial'])")" = "['EXM0042', 'VCF9Z12345', 'urn:uuid:00000000-0000-4000-8000-000000000007']"
finish
