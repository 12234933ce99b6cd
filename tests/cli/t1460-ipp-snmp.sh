#!/bin/sh
# t1460-ipp-snmp: a printer answering both SNMP (snmpsimd, a real
# recording) and IPP (ippeveprinter) on one address is one device: the
# SNMP read keeps every value it has, the IPP read adds what SNMP lacks
# with its ipp: source.  --ipp-probe (assess and discover) tries IPP only
# where SNMP found nothing, and reads the printer it finds there.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/ippbed.sh"
ipp_ns "$0" "$@"
P=${IPP_PORT:-18641}
S=${SNMP_PORT:-11641}

ipp_bed_start || { not_ok "ipp bed starts"; finish; }
ipp_printer "$P" "$top/tests/data/ipp/colour.attrs" "Colour MFP" ||
    { not_ok "ippeveprinter starts"; finish; }
# ippeveprinter listens on 127.0.0.1 only: the shared address; a second
# SNMP device on 127.0.0.2 has no IPP.
mkdir "$T/data" "$T/bed" "$T/bed2"
cp "$top/samples/fleet/hp-lj-m404.snmprec" "$T/data/public.snmprec"
at_exit 'bed_stop "$T/bed"; bed_stop "$T/bed2"'
bed_start_dir "$T/bed" "$T/data" "127.0.0.1:$S" >"$T/bed.out" 2>&1 ||
    { not_ok "snmp bed starts"; sed 's/^/# /' "$T/bed.out"; finish; }
bed_start_dir "$T/bed2" "$T/data" "127.0.0.2:$S" >"$T/bed.out" 2>&1 ||
    { not_ok "snmp bed 2 starts"; sed 's/^/# /' "$T/bed.out"; finish; }

# --- SNMP and IPP on one address: one device -------------------------------
fa assess -q --json --port "$S" -t 300ms 127.0.0.1 \
    --ipp "ipp://127.0.0.1:$P/ipp/print" >"$T/m.json" 2>"$T/m.err"
check "assess SNMP + IPP exits 0" test $? -eq 0
J() { json_get "$T/m.json" "$1"; }
d='j["devices"][0]'
check "one device, not two" test "$(J 'len(j["devices"])')" = 1
check "identity stays SNMP's" test "$(J "($d['address'], $d['serial'], $d['credential'], $d['snmp_version'])")" = "('127.0.0.1', 'PHBFA00101', 'v2c#1', '2c')"
check "SNMP total keeps its OID" test "$(J "[m['source_oid'].startswith('ipp:') for m in $d['meters'] if m['name'] == 'total']")" = "[False]"
check "IPP adds the meters SNMP lacks, with ipp: sources" test "$(J "sorted((m['name'], m['value'], m['source_oid']) for m in $d['meters'] if m['source_oid'].startswith('ipp:'))")" = "[('colour', 2345, 'ipp:printer-impressions-completed-col/full-color'), ('mono', 10000, 'ipp:printer-impressions-completed-col/monochrome'), ('sheets', 9000, 'ipp:printer-media-sheets-completed')]"
check "supplies stay SNMP's (no ipp level source)" test "$(J "[s['level_source'] for s in $d['supplies'] if s['level_source'] == 'ipp']")" = "[]"
fa devices --json >"$T/dev.json"
check "one device stored" test "$(json_get "$T/dev.json" 'len(j)')" = 1

fa assess --json --port "$S" -t 300ms 127.0.0.2 \
    --ipp "ipp://127.0.0.2:$P/ipp/print" >"$T/f.json" 2>"$T/f.err"
check "a failed IPP read of an SNMP device is not a second device" test "$(json_get "$T/f.json" "[(x['address'], x['error']) for x in j['devices']]")" = "[('127.0.0.2', None)]"
check "its error is said" grep -q "^fleetaudit: IPP: cannot connect to ipp://127.0.0.2:$P/ipp/print" "$T/f.err"

# --- --ipp-probe: IPP where SNMP found nothing -------------------------------
bed_stop "$T/bed"
fa assess -q --json --port "$S" -t 300ms --ipp-probe --ipp-port "$P" \
    127.0.0.1-127.0.0.2 >"$T/p.json" 2>"$T/p.err"
check "assess --ipp-probe exits 0" test $? -eq 0
K() { json_get "$T/p.json" "$1"; }
check "SNMP device read by SNMP, the other by IPP" test "$(K "sorted((x['address'], x['credential'], x['serial']) for x in j['devices'])")" = "[('127.0.0.1', 'ipp', 'VCF9Z12345'), ('127.0.0.2', 'v2c#1', 'PHBFA00101')]"
check "the SNMP answer is preferred: no IPP value on it" test "$(K "[m['name'] for x in j['devices'] if x['address'] == '127.0.0.2' for m in x['meters'] if m['source_oid'].startswith('ipp:')]")" = "[]"
fa discover -q --json --port "$S" -t 300ms --ipp-probe --ipp-port "$P" \
    127.0.0.1-127.0.0.2 >"$T/d.json"
check "discover --ipp-probe lists both" test "$(json_get "$T/d.json" "sorted((x['address'], x['credential'], x['vendor'], x['printer_reason']) for x in j)")" = "[('127.0.0.1', 'ipp', 'Kyocera', 'IPP ipp://127.0.0.1:$P/ipp/print'), ('127.0.0.2', 'v2c#1', 'HP', 'hrDeviceType')]"
fa assess -q --json --port "$S" -t 300ms 127.0.0.1-127.0.0.2 >"$T/n.json"
check "without --ipp-probe, no IPP" test "$(json_get "$T/n.json" "[x['address'] for x in j['devices']]")" = "['127.0.0.2']"
fa assess -q --json --port "$S" -t 300ms --ipp-probe --ipp-port 1 \
    127.0.0.1-127.0.0.2 >"$T/c.json"
check "closed IPP port: nothing more found" test "$(json_get "$T/c.json" "[x['address'] for x in j['devices']]")" = "['127.0.0.2']"
finish
