#!/bin/sh
# t1485-local-identity: a local queue stays one device whether its printer
# answers or not.  The test's own cupsd (tests/lib/cupsbed.sh) has raw
# queues on loopback printers: qa on an ippeveprinter with a serial
# (tests/data/ipp/colour.attrs), qb and qc on a printer that answers with
# neither serial nor UUID (tests/lib/badipp.py /ipp/anon: two printers of
# one kind, two devices), and qd on a port where nothing listens at
# first.  assess --local is run with every printer up, then down (the
# queue read through the scheduler only), then up again, and qd's printer
# is started last: each queue is the same device throughout, keyed by its
# printer's serial when it has one, by its queue name and connection
# otherwise (docs/ipp.md, "Identity of a local printer").
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/ippbed.sh"
. "$top/tests/lib/cupsbed.sh"
ipp_ns "$0" "$@"
cups_need
P=18486		# qa's printer (serial VCF9Z12345)
B=18487		# qb's and qc's printer (no serial, no UUID)
D=18488		# qd's printer, absent at first
C=18485

ipp_bed_start || { not_ok "ipp bed starts"; finish; }
ipp_printer "$P" "$top/tests/data/ipp/colour.attrs" "Local MFP" ||
    { not_ok "ippeveprinter starts"; finish; }
ipp_bad "$B" || { not_ok "badipp starts"; finish; }
CUPS_LISTEN_EXTRA="[::1]:$C" cups_start "$C" ||
    { not_ok "cupsd starts"; finish; }
cups_queue qa "ipp://127.0.0.1:$P/ipp/print" ||
    { not_ok "queue qa added"; finish; }
cups_queue qb "ipp://127.0.0.1:$B/ipp/anon1" ||
    { not_ok "queue qb added"; finish; }
cups_queue qc "ipp://127.0.0.1:$B/ipp/anon2" ||
    { not_ok "queue qc added"; finish; }
cups_queue qd "ipp://127.0.0.1:$D/ipp/print" ||
    { not_ok "queue qd added"; finish; }

lq() { sqlite3 "$T/home/store.db" "$1"; }
# The device id each queue's newest scan went to, "qa=1 qb=2 ...".
ids() {
	lq "select a.sys_name || '=' || s.device_id from scans s
	    join scans a on a.id = coalesce(s.attrs_from, s.id)
	    where s.id in (select max(id) from scans group by device_id)
	    order by a.sys_name" | tr '\n' ' '
}
port_open() {
	$PY -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$1" 2>/dev/null
}
local_read() {
	fa assess --json --local --cups-server "$CUPS_SOCK" >"$T/$1.json" \
	    2>"$T/$1.err"
}

# --- all up -------------------------------------------------------------------
local_read up1
check "read with the printers up: exit 0" test $? -eq 0
J() { json_get "$T/$1.json" "$2"; }
q='{x["sys_name"]: x for x in j["devices"]}'
check "qa: the printer's serial" test "$(J up1 "($q)['qa']['serial']")" = VCF9Z12345
check "qb: no serial, no error" test "$(J up1 "(($q)['qb']['serial'], ($q)['qb']['error'])")" = "(None, None)"
check "qd: not reachable" grep -q "^fleetaudit: queue 'qd': printer not reachable" "$T/up1.err"
check "four devices" test "$(lq "select count(*) from devices")" = 4
first=$(ids)
echo "# $first"

# --- the printers down: the scheduler's read only -----------------------------
kill "$(cat "$T/ipp.$P.pid")" "$(cat "$T/bad.$B.pid")"
k=0
while { port_open "$P" || port_open "$B"; } && [ $k -lt 100 ]; do
	sleep 0.05
	k=$((k + 1))
done
local_read down
check "read with the printers down: exit 0" test $? -eq 0
check "qa, qb, qc not reachable, each said" test "$(grep -c "^fleetaudit: queue 'q[abc]': printer not reachable" "$T/down.err")" = 3
check "still four devices" test "$(lq "select count(*) from devices")" = 4
check "each queue's read went to its device" test "$(ids)" = "$first"
check "qa's device keeps its serial key" test "$(lq "select key_kind || ':' || key_value from devices where serial = 'VCF9Z12345'")" = "serial:kyocera/VCF9Z12345"
check "qa's device keeps its model" test "$(lq "select model from devices where serial = 'VCF9Z12345'")" = "ECOSYS M5526cdw"

# --- up again ---------------------------------------------------------------
ipp_printer "$P" "$top/tests/data/ipp/colour.attrs" "Local MFP" ||
    { not_ok "ippeveprinter starts again"; finish; }
ipp_bad "$B" || { not_ok "badipp starts again"; finish; }
local_read up2
check "read with the printers up again: exit 0" test $? -eq 0
check "qa: its serial again" test "$(J up2 "($q)['qa']['serial']")" = VCF9Z12345
check "still four devices after the printers came back" test "$(lq "select count(*) from devices")" = 4
check "each queue's read went to its device again" test "$(ids)" = "$first"

# --- qd's printer, absent until now, answers --------------------------------
qd=$(lq "select s.device_id from scans s join scans a on a.id = coalesce(s.attrs_from, s.id) where a.sys_name = 'qd' order by s.id desc limit 1")
ipp_printer "$D" "$top/tests/data/ipp/vendor.attrs" "Acme" ||
    { not_ok "qd's printer starts"; finish; }
local_read up3
check "qd: read, its printer's serial" test "$(J up3 "(($q)['qd']['serial'], ($q)['qd']['error'])")" = "('ACM0042', None)"
check "qd: the device it had while its printer was absent" test "$(ids)" = "$first"
check "qd's device now keyed by its printer's serial" test "$(lq "select key_kind || ':' || key_value from devices where id = $qd")" = "serial:acme/ACM0042"
check "still four devices" test "$(lq "select count(*) from devices")" = 4
kill "$(cat "$T/ipp.$D.pid")"
local_read down2
check "qd down again: the same device" test "$(ids)" = "$first"
# --- the scheduler over IPv6 --------------------------------------------------
# qe: a usb:// queue whose printer ipp-usb does not serve, so its device
# is at the scheduler's address.
cups_queue qe "usb://Acme/Laser%20Two?serial=ACM0077" ||
    { not_ok "queue qe added"; finish; }
fa assess --json --local --cups-server "[::1]:$C" >"$T/v6.json" 2>"$T/v6.err"
check "--cups-server [::1]:PORT: exit 0" test $? -eq 0
check "a usb:// queue's device is at the scheduler's ::1" test "$(J v6 "(($q)['qe']['address'], ($q)['qb']['address'])")" = "('::1', '127.0.0.1')"
check "five devices: the four, and qe" test "$(lq "select count(*) from devices")" = 5
check "no job at the printers" test -z "$(find "$T/spool.$P" "$T/spool.$D" -type f)"
finish
