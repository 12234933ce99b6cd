#!/bin/sh
# t4102-mask: masking (config "mask = ip,mac,hostname") of every text
# field, of remote walks and of remote logs.  A device (tests/lib/
# badagent.py) serves a real recording with values planted in sysDescr,
# sysContact, sysLocation, a front-panel line, an alert, a supply and a
# tray: IPv4, IPv6 compressed and full, its own MAC with ':', '-', '.'
# and none, host names (FQDNs, an e-mail's domain) and its own sysName.
# Through a bundle into the hub, each field must hold exactly the text
# with each value replaced by the pseudonym its own field gets (computed
# here from the site secret: keyed BLAKE2b-128, docs/bundle-format.md),
# so masked values join across fields and bundles; nothing planted is in
# clear anywhere in the hub's store.  Then "hub serve" queues a walk of
# the device and the logs: both results arrive masked.  On either hub
# store (tests/lib/hubstore.sh; t4103-mask-pg: PostgreSQL).
#
# Addresses: the device on 127.77.25.1, the hub on 127.77.25.2:18402.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
hub_store_start
P=127.77.25
HUBADDR=$P.2
PORT=18402
URL=https://$HUBADDR:$PORT/WebServices/Onsite2Service.asmx
H=$T/home
HUB=$T/hub
mkdir "$H" "$T/tls"
chmod 700 "$H"
cd "$T" || exit 1

# ---- the device, with values planted in every text field ----
MAC=02:fa:77:00:07:01
sed -e "s/^\(1\.3\.6\.1\.2\.1\.1\.1\.0|4|\).*/\1Canon LBP226dw \/P host canon7.print.example.com v6 2001:db8::77 mac 02-FA-77-00-07-01/" \
    -e "s/^\(1\.3\.6\.1\.2\.1\.1\.4\.0|4|\).*/\1ops@Corp.Example.COM, desk 192.0.2.77, CANON-LBP226-FIN/" \
    -e "s/^\(1\.3\.6\.1\.2\.1\.1\.6\.0|4|\).*/\1Floor 2 2001:0db8:0000:0000:0000:0000:0000:0077 02fa.7700.0701 near canon7.print.example.com/" \
    -e "s/^\(1\.3\.6\.1\.2\.1\.43\.16\.5\.1\.2\.1\.1|4|\).*/\1IP 192.0.2.77 MAC 02FA77000701 CANON-LBP226-FIN/" \
    -e "s/^\(1\.3\.6\.1\.2\.1\.43\.18\.1\.1\.8\.1\.7|4|\).*/\1Toner empty at 192.0.2.77 ($MAC), call 198.51.100.9/" \
    -e "s/^\(1\.3\.6\.1\.2\.1\.43\.11\.1\.1\.6\.1\.1|4|\).*/\1Cartridge for canon7.print.example.com/" \
    -e "s/^\(1\.3\.6\.1\.2\.1\.43\.8\.2\.1\.13\.1\.1|4|\).*/\1Tray of 192.0.2.77/" \
    "$top/samples/fleet/canon-lbp226dw.snmprec" >dev.snmprec
check "values planted in seven fields" test "$(grep -c '192\.0\.2\.77\|example\|2001:\|02-FA\|02fa\.' dev.snmprec)" -eq 7
agent_start "$P.1" "$T/dev.snmprec" 250

# ---- hub, collector, enrolment; the site masks ----
hub_enrol
printf 'mask = ip,mac,hostname\n' >"$H/fleetaudit.conf"
chmod 600 "$H/fleetaudit.conf"
fa assess -q "$P.1" >assess.out 2>&1
check "the device is read, planted values in the collector's store" sh -c \
    "sqlite3 '$H/store.db' 'select sys_descr, sys_contact, sys_location from scans' | grep -q 'canon7.*192.0.2.77.*2001:0db8' &&
    sqlite3 '$H/store.db' 'select text from display' | grep -q 02FA77000701 &&
    sqlite3 '$H/store.db' 'select description from alerts' | grep -q 198.51.100.9"

# ---- a masked bundle into the hub ----
fa export bundle -o m1.bundle >export.out 2>&1
check "export bundle masks as the config says" grep -q '^masking *ip,mac,hostname' export.out
fa hub import --hub "$HUB" m1.bundle >import.out 2>&1
check "the masked bundle is imported" grep -q '^imported: ' import.out

cat >expect.py <<'EOF'
import hashlib, json, sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[3])
import hubconn
key = open(sys.argv[2], "rb").read()[16:48]
def H(kind, v):
    return kind + ":" + hashlib.blake2b(kind.encode() + b"\0" + v.encode(),
        key=key, digest_size=16).hexdigest()
MAC = "02:fa:77:00:07:01"
NAME = H("hostname", "CANON-LBP226-FIN")
FQDN = H("hostname", "canon7.print.example.com")
V6, V4 = H("ip", "2001:db8::77"), H("ip", "192.0.2.77")
want = {
    ("scans", "address"): H("ip", sys.argv[4]),
    ("scans", "mac"): H("mac", MAC),
    ("scans", "sys_name"): NAME,
    ("scans", "sys_descr"): "Canon LBP226dw /P host %s v6 %s mac %s" % (FQDN, V6, H("mac", MAC)),
    ("scans", "sys_contact"): "ops@%s, desk %s, %s" % (H("hostname", "corp.example.com"), V4, NAME),
    ("scans", "sys_location"): "Floor 2 %s %s near %s" % (V6, H("mac", MAC), FQDN),
    ("display", "text"): "IP %s MAC %s %s" % (V4, H("mac", MAC), NAME),
    ("alerts", "description"): "Toner empty at %s (%s), call %s" % (V4, H("mac", MAC), H("ip", "198.51.100.9")),
    ("supplies", "description"): "Cartridge for %s" % FQDN,
    ("trays", "name"): "Tray of %s" % V4,
}
hub = hubconn.connect(sys.argv[1])
got = {}
for kind, data in hub.execute("select kind, data from records"):
    d = json.loads(data)
    for (k, f), w in want.items():
        if k == kind and d.get(f) == w:
            got[(k, f)] = 1
bad = 0
for k in want:
    if k not in got:
        bad += 1
        print("# %s.%s: none is %r" % (k[0], k[1], want[k]))
dev = hub.execute("select address, mac from devices").fetchall()
if [tuple(r) for r in dev] != [(want[("scans", "address")], want[("scans", "mac")])]:
    bad += 1
    print("# devices:", dev)
print("# %d fields as expected" % len(got))
sys.exit(1 if bad else 0)
EOF
$PY expect.py "$(hub_where "$HUB")" "$H/site.secret" "$top/tests/lib" "$P.1" >expect.out 2>&1
check "every planted value masked, each field exactly as expected (10 fields)" \
    grep -q '^# 10 fields as expected' expect.out
grep '^# [a-z]' expect.out | head -5
hub_dump "$HUB" >dump.txt
check "nothing planted in clear in the hub's store" sh -c \
    "test -s dump.txt && ! grep -Eiq '192\\.0\\.2\\.77|198\\.51\\.100|2001:0?db8|02.fa.?77.?00.?07.?01|02fa\\.7700|example\\.com|CANON-LBP226-FIN|$P\\.1' dump.txt"

# ---- remote walk and logs: masked too ----
tls_ca ca "fleetaudit test CA" && tls_cert hub "$HUBADDR"
chmod 600 tls/hub.key
serve_hub "$HUBADDR:$PORT"
at_exit 'kill $SERVE 2>/dev/null'
check "hub serve starts" grep -q "serving https://$HUBADDR:$PORT" serve.log
FP=$(fa keys show --json | json_get /dev/stdin 'j["fingerprint"]' 2>/dev/null)
fa hub command add --hub "$HUB" --collector "$FP" walk "$P.1" >/dev/null 2>&1
fa hub command add --hub "$HUB" --collector "$FP" logs --since 1h >/dev/null 2>&1
fa upload --hub-url "$URL" --cacert tls/ca.pem >up.out 2>up.err
fa hub command list --hub "$HUB" >list.out
check "walk and logs ran, results back (ok)" sh -c \
    "grep -q 'walk .* ok ' list.out && grep -q ' logs .* ok ' list.out"
fa hub command list --hub "$HUB" 1 >walk.out
fa hub command list --hub "$HUB" 2 >logs.out
cat >walk.py <<'EOF'
import hashlib, sys
key = open(sys.argv[1], "rb").read()[16:48]
def H(kind, v):
    return kind + ":" + hashlib.blake2b(kind.encode() + b"\0" + v.encode(),
        key=key, digest_size=16).hexdigest()
w = open(sys.argv[2]).read()
need = ["1.3.6.1.2.1.1.5.0|4|" + H("hostname", "CANON-LBP226-FIN") + "\n",
    "1.3.6.1.2.1.2.2.1.6.1|4|" + H("mac", "02:fa:77:00:07:01") + "\n",
    "1.3.6.1.2.1.1.4.0|4|ops@%s, desk %s, %s\n" % (H("hostname", "corp.example.com"),
        H("ip", "192.0.2.77"), H("hostname", "CANON-LBP226-FIN")),
    "from " + H("ip", sys.argv[3]) + " "]
bad = [n for n in need if n not in w]
for n in bad:
    print("# missing:", n.strip())
sys.exit(1 if bad else 0)
EOF
check "remote walk: sysName, ifPhysAddress, sysContact and the note masked" \
    $PY walk.py "$H/site.secret" walk.out "$P.1"
check "remote walk: the rows of address tables left out, and said" sh -c \
    "grep -q '^# masked: [1-9][0-9]* values of tables indexed by addresses left out' walk.out &&
    ! grep -q '^1\\.3\\.6\\.1\\.2\\.1\\.4\\.2[02]\\.' walk.out"
check "remote walk: nothing planted in clear, no address" sh -c \
    "grep -q '^1\\.3\\.6\\.1\\.2\\.1\\.1\\.1\\.0|' walk.out &&
    ! grep -Eiq '192\\.0\\.2\\.77|198\\.51\\.100|2001:0?db8|02.?fa.?77.?00.?07.?01|02fa\\.7700|example\\.com|CANON-LBP226-FIN|$P\\.1|127\\.' walk.out"
check "remote logs: the collector's log, its addresses masked" sh -c \
    "grep -q 'ip:[0-9a-f]\\{32\\}' logs.out && ! grep -q '$P\\.1' logs.out"
kill $SERVE 2>/dev/null
finish
