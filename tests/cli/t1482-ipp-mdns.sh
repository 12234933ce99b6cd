#!/bin/sh
# t1482-ipp-mdns: assess --mdns reads the IPP printers DNS-SD announces.
# The test's avahi-daemon (tests/lib/ippbed.sh: a private bus, loopback
# only, no wide-area) hears the two ippeveprinters it starts announce
# _ipp._tcp and _ipps._tcp; each is read once, over ipp:// at the address
# and port avahi resolves; discover --mdns lists them.  Without
# avahi-daemon: one line, exit 1, nothing stored.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/ippbed.sh"
ipp_ns "$0" "$@"
P1=${IPP_PORT1:-18821}
P2=${IPP_PORT2:-18822}

ipp_bed_start || { not_ok "ipp bed starts"; finish; }
ipp_printer "$P1" "$top/tests/data/ipp/colour.attrs" "Colour One" ||
    { not_ok "ippeveprinter 1 starts"; finish; }
ipp_printer "$P2" "$top/tests/data/ipp/vendor.attrs" "Acme One" ||
    { not_ok "ippeveprinter 2 starts"; finish; }

# Announcements take a moment after the printers listen: up to 10 s.
ipp_mdns_wait 2
check "assess --mdns exits 0" test "$rc" -eq 0
J() { json_get "$T/a.json" "$1"; }
check "both printers read, once each" test "$(J "sorted(d['serial'] for d in j['devices'])")" = "['ACM0042', 'VCF9Z12345']"
check "over ipp:// at the resolved address and port" test "$(J "sorted((d['credential'], d['address'], d['error']) for d in j['devices'])")" = "[('ipp', '127.0.0.1', None), ('ipp', '127.0.0.1', None)]"
check "read in full: supplies and meters" test "$(J "[(len(d['supplies']), d['meters'][0]['source_oid']) for d in j['devices'] if d['serial'] == 'VCF9Z12345']")" = "[(5, 'ipp:printer-impressions-completed')]"
check "no range swept" test "$(J "(j['ranges'], j['addresses'])")" = "('', 0)"
fa discover --json --mdns >"$T/d.json" 2>"$T/d.err"
check "discover --mdns lists both, store nothing" test "$(json_get "$T/d.json" "sorted((x['vendor'], x['credential'], x['address']) for x in j)")" = "[('Acme', 'ipp', '127.0.0.1'), ('Kyocera', 'ipp', '127.0.0.1')]"

# --- no avahi-daemon -------------------------------------------------------
avahi-daemon -k 2>/dev/null
k=0
while avahi-daemon -c 2>/dev/null && [ $k -lt 100 ]; do
	sleep 0.05
	k=$((k + 1))
done
rm -f "$T/home/store.db"
fa assess --mdns >"$T/o" 2>"$T/e"
check "no avahi-daemon: exit 1" test $? -eq 1
check "one line says so" test "$(cat "$T/e")" = "fleetaudit: DNS-SD: cannot reach avahi-daemon: Daemon not running"
check "nothing stored" test ! -e "$T/home/store.db"
finish
