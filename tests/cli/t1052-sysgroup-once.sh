#!/bin/sh
# t1052-sysgroup-once: assess asks each device's system group once.
# Discovery's printer probe (v2c, v3) brings what the read's system group
# GET asks (collector/disc.h), and the read of a device just found takes
# that answer instead of asking again (scan_target.sys).
#
#  - a capture of the loopback interface (an AF_PACKET socket in this
#    network namespace) counts, per device, the requests that ask for
#    sysObjectID.0 (only discovery's first GET and the read's system
#    group GET do): one per device (two before);
#  - what the store and the JSON keep of the system group is the
#    recording's (sysDescr, sysName, sysContact, sysLocation);
#  - v3 devices (encrypted, so not counted) are read whole, with the same
#    system group.
#
# Addresses: the sample fleet on 127.52.0.N.
. "$(dirname "$0")/../lib/common.sh"
P=127.52.0
fleet_bed $P
R=$P.1-8,$P.11-12

# capture SECONDS OUT: UDP requests to port 161 of 127.52.0.N on lo, one
# line per request "ADDRESS SYSGROUP" (1 when it asks sysObjectID.0).
cat >"$T/cap.py" <<'PY'
import socket, struct, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.bind(("lo", 0))
s.settimeout(0.5)
end = time.time() + float(sys.argv[1])
out = open(sys.argv[2], "w", buffering=1)
print("ready", flush=True)
objid = bytes([6, 8, 0x2b, 6, 1, 2, 1, 1, 2, 0])
while time.time() < end:
    try:
        pkt, addr = s.recvfrom(65535)
    except socket.timeout:
        continue
    if addr[2] == socket.PACKET_OUTGOING or len(pkt) < 14 + 28:
        continue
    ip = pkt[14:]
    if ip[0] >> 4 != 4 or ip[9] != 17:
        continue
    hl = (ip[0] & 15) * 4
    dport = struct.unpack("!H", ip[hl + 2:hl + 4])[0]
    dst = socket.inet_ntoa(ip[16:20])
    if dport != 161 or not dst.startswith("127.52.0."):
        continue
    out.write("%s %d\n" % (dst, 1 if objid in ip[hl + 8:] else 0))
PY
$PY "$T/cap.py" 120 "$T/cap" >"$T/cap.out" 2>&1 &
cap=$!
at_exit "kill $cap 2>/dev/null"
upto 50 grep -q ready "$T/cap.out"
check "loopback capture starts" grep -q ready "$T/cap.out"

fa assess --json --home "$T/h" -t 2s -c public "$R" >"$T/a.json" 2>"$T/a.err"
check "assess exits 0" test $? -eq 0
sleep 1
check "ten devices read, none in error" test "$(json_get "$T/a.json" \
    '(len(j["devices"]), [d["address"] for d in j["devices"] if d.get("error")])')" = "(10, [])"
# per device: (requests seen, system group GETs seen, the read's count)
$PY - "$T/cap" "$T/a.json" >"$T/per" <<'PY'
import json, sys
seen, sysg = {}, {}
for line in open(sys.argv[1]):
    a, k = line.split()
    seen[a] = seen.get(a, 0) + 1
    sysg[a] = sysg.get(a, 0) + int(k)
for d in json.load(open(sys.argv[2]))["devices"]:
    a = d["address"]
    print(a, seen.get(a, 0), sysg.get(a, 0), d["requests"])
PY
sed 's/^/# address seen sysgroup read: /' "$T/per"
check "every device asked for its system group once" \
    test "$(awk '$3 != 1' "$T/per" | wc -l)" = 0

# The system group kept is the recording's.
$PY - "$T/a.json" "$T/fleet.map" >"$T/sys" <<'PY'
import json, sys
files = dict(l.split()[:2] for l in open(sys.argv[2]))
oids = {"sys_descr": "1.3.6.1.2.1.1.1.0", "sys_contact": "1.3.6.1.2.1.1.4.0",
        "sys_name": "1.3.6.1.2.1.1.5.0", "sys_location": "1.3.6.1.2.1.1.6.0"}
bad = 0
for d in json.load(open(sys.argv[1]))["devices"]:
    rec = {}
    for line in open(files[d["address"]], encoding="utf-8", errors="replace"):
        p = line.rstrip("\n").split("|", 2)
        if len(p) == 3 and p[1] == "4":
            rec[p[0]] = p[2]
    for k, o in oids.items():
        if o in rec and d.get(k, d.get(k.replace("sys_", ""))) != rec[o]:
            bad += 1
            print("#", d["address"], k, repr(d.get(k)), repr(rec[o]))
print(bad)
PY
sed '$d' "$T/sys"
check "system group as recorded (descr, contact, name, location)" \
    test "$(tail -n 1 "$T/sys")" = 0
check "the store keeps the same contact and location" \
    test "$(sqlite3 "$T/h/store.db" "select count(*) from scans where \
    sys_contact is not null and sys_location is not null")" = 10

# v3: the same reads.
fa assess --json --home "$T/h3" -t 2s $V3 "$R" >"$T/v3.json" 2>"$T/v3.err"
check "v3 assess exits 0" test $? -eq 0
check "v3: ten devices read, none in error" test "$(json_get "$T/v3.json" \
    '(len(j["devices"]), [d["address"] for d in j["devices"] if d.get("error")])')" = "(10, [])"
check "v3: the same system group as v2c" test "$($PY -c '
import json, sys
a = {d["address"]: d for d in json.load(open(sys.argv[1]))["devices"]}
b = {d["address"]: d for d in json.load(open(sys.argv[2]))["devices"]}
k = ("sys_descr", "sys_name", "sys_contact", "sys_location", "sys_object_id")
print(all(a[x].get(f) == b[x].get(f) for x in a for f in k) and sorted(a) == sorted(b))' \
    "$T/a.json" "$T/v3.json")" = True
finish
