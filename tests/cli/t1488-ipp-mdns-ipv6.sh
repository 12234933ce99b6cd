#!/bin/sh
# t1488-ipp-mdns-ipv6: assess --mdns reads a printer DNS-SD announces over
# IPv6 alone, at its routable (ULA) address, and leaves out one whose only
# IPv6 address is link-local (docs/ipp.md, "IPv6 announcements").
#
# mDNS over IPv6 does not travel on loopback, so the test makes a veth
# link to a network namespace of its own (the "printer's" side, with a
# mount namespace for its own /run/avahi-daemon and /etc/avahi/services):
# there an avahi-daemon (no D-Bus, IPv6 only) announces _ipp._tcp for a
# tests/lib/badipp.py printer listening on fd00:fa::2.  This side's
# avahi-daemon (private bus, lo and the veth only) hears it.  --ipp with
# an IPv6 URI is read too (it aborted before: libcups writes an IPv6
# address as "[v1.ADDR]").
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/ippbed.sh"
ipp_ns "$0" "$@"
if ! command -v nsenter >/dev/null; then
	echo "ok - # SKIP needs nsenter (util-linux)"
	exit 0
fi
P=18882

# --- the link and the printer's namespace ------------------------------------
ip link add fa6a type veth peer name fa6b ||
    { not_ok "veth pair made"; finish; }
at_exit 'ip link del fa6a 2>/dev/null'
unshare -n -m --propagation private sh -c \
    "echo \$\$ >'$T/peer.pid'; exec sleep 120" &
at_exit 'kill "$(cat "$T/peer.pid")" 2>/dev/null'
k=0
while [ ! -s "$T/peer.pid" ] && [ $k -lt 50 ]; do sleep 0.05; k=$((k + 1)); done
PEER=$(cat "$T/peer.pid")
ip link set fa6b netns "$PEER" || { not_ok "veth end moved"; finish; }
ip -6 addr add fd00:fa::1/64 dev fa6a nodad
ip link set fa6a up
mkdir -p "$T/peer/svc" "$T/peer/run"
cat >"$T/peer/svc/p.service" <<X
<?xml version="1.0" standalone='no'?>
<!DOCTYPE service-group SYSTEM "avahi-service.dtd">
<service-group><name>V6 Printer</name>
<service><type>_ipp._tcp</type><port>$P</port><txt-record>rp=ipp/states</txt-record></service>
</service-group>
X
cat >"$T/peer/avahi.conf" <<X
[server]
host-name=v6printer
allow-interfaces=fa6b
use-ipv4=no
use-ipv6=yes
enable-dbus=no
[wide-area]
enable-wide-area=no
[publish]
publish-workstation=no
publish-hinfo=no
X
# peer CMD: CMD in the printer's namespaces.
peer() { nsenter -t "$PEER" -n -m sh -c "$1"; }
peer "mount -t tmpfs fa-peer /run/avahi-daemon &&
    mount --bind '$T/peer/svc' /etc/avahi/services &&
    ip link set lo up && ip -6 addr add fd00:fa::2/64 dev fa6b nodad &&
    ip link set fa6b up" || { not_ok "printer's side set up"; finish; }
peer_avahi() {
	peer "avahi-daemon --no-drop-root --no-chroot -f '$T/peer/avahi.conf' \
	    -D" || return 1
	at_exit "nsenter -t $PEER -n -m avahi-daemon -k 2>/dev/null"
}
peer "$PY '$top/tests/lib/badipp.py' --addr fd00:fa::2 --port $P \
    --lifetime 110 </dev/null >'$T/bad.log' 2>&1 &"
peer_avahi || { not_ok "printer's avahi-daemon starts"; finish; }

# --- this side: bus and avahi on lo and the link, IPv6 too -------------------
mkdir -p /run/dbus /run/avahi-daemon
mount -t tmpfs fa-dbus /run/dbus && mount -t tmpfs fa-avahi /run/avahi-daemon ||
    { not_ok "private /run"; finish; }
cat >"$T/avahi.conf" <<X
[server]
allow-interfaces=lo,fa6a
use-ipv6=yes
[wide-area]
enable-wide-area=no
[publish]
publish-workstation=no
publish-hinfo=no
X
dbus-daemon --system --fork --print-pid >"$T/dbus.pid" ||
    { not_ok "bus starts"; finish; }
at_exit 'kill "$(cat "$T/dbus.pid")" 2>/dev/null'
avahi_start() {
	avahi-daemon --no-drop-root --no-chroot -f "$T/avahi.conf" -D ||
	    return 1
	_k=0
	while ! avahi-daemon -c 2>/dev/null && [ $_k -lt 100 ]; do
		sleep 0.05
		_k=$((_k + 1))
	done
}
avahi_start || { not_ok "avahi-daemon starts"; finish; }
at_exit 'avahi-daemon -k 2>/dev/null'

# Announcements take a moment: up to 10 s.
ipp_mdns_wait 1
check "assess --mdns exits 0" test "$rc" -eq 0
J() { json_get "$T/a.json" "$1"; }
check "the IPv6-only printer read at its ULA address" test "$(J "[(d['serial'], d['address'], d['credential'], d['error']) for d in j['devices']]")" = "[('EXM0042', 'fd00:fa::2', 'ipp', None)]"
check "its URI names the address in brackets" test "$(J "j['devices'][0]['printer_reason']")" = "IPP ipp://[fd00:fa::2]:$P/ipp/states"

fa assess -q --json --ipp "ipp://[fd00:fa::2]:$P/ipp/states" >"$T/b.json" 2>"$T/b.err"
check "--ipp with an IPv6 address: exit 0" test $? -eq 0
check "--ipp with an IPv6 address: read, the address as stored" test "$(json_get "$T/b.json" "[(d['serial'], d['address']) for d in j['devices']]")" = "[('EXM0042', 'fd00:fa::2')]"
fa devices --json >"$T/d.json"
check "one device for both reads" test "$(json_get "$T/d.json" "len(j)")" = 1

# --- the printer with a link-local address only -----------------------------
nsenter -t "$PEER" -n -m avahi-daemon -k 2>/dev/null
avahi-daemon -k 2>/dev/null
sleep 0.5
peer "ip -6 addr del fd00:fa::2/64 dev fa6b"
ll=$(peer "ip -6 -o addr show dev fa6b scope link" | awk '{print $4}')
check "the printer has a link-local address only" sh -c "echo '$ll' | grep -q '^fe80:'"
peer_avahi || { not_ok "printer's avahi-daemon starts again"; finish; }
avahi_start || { not_ok "avahi-daemon starts again"; finish; }
k=0
while [ $k -lt 20 ]; do
	fa assess --json --mdns >"$T/c.json" 2>"$T/c.err"
	rc=$?
	grep -q "link-local" "$T/c.err" && break
	sleep 0.5
	k=$((k + 1))
done
check "assess --mdns exits 0" test "$rc" -eq 0
check "a link-local printer is left out" test "$(json_get "$T/c.json" 'len(j["devices"])')" = 0
check "and said in one line" test "$(grep -c "^fleetaudit: DNS-SD: 1 printer announced at an IPv6 link-local address only, left out (read with --ipp ipp://\[ADDRESS\]/...)$" "$T/c.err")" = 1
fa discover --json --mdns >"$T/d2.json" 2>"$T/d2.err"
check "discover --mdns lists nothing" test "$(json_get "$T/d2.json" 'len(j)')" = 0
check "discover --mdns says why" grep -q 'link-local address only, left out' "$T/d2.err"
finish
