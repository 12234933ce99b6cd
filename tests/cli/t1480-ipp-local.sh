#!/bin/sh
# t1480-ipp-local: assess --local reads the local print system's queues.
# The test starts its own cupsd (tests/lib/cupsbed.sh) on a private socket
# and port, and an ippeveprinter (tests/data/ipp/colour.attrs) on
# loopback; queue q1 is a raw queue on ipp://127.0.0.1:PORT/ipp/print (the
# printer read through the scheduler and itself: one device with the
# queue's name and connection), q2 a usb:// queue whose printer is absent
# (reported, not reachable, the others still read), q3 a network
# printer's queue whose URI holds a password (read through the scheduler
# only, the password never stored); a class of queues is not a printer.
# Two more ippeveprinters stand for what ipp-usb serves on 127.0.0.1:60000
# and 60001: the first is usb:// queue q4's printer (its serial), the
# second a USB printer no queue holds (read as a local printer of its
# own).  No job may reach either spool.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/ippbed.sh"
. "$top/tests/lib/cupsbed.sh"
ipp_ns "$0" "$@"
cups_need
P=${IPP_PORT:-18481}
C=${CUPS_PORT:-18480}
U1=60000	# ipp-usb's first ports: fixed, as ipp-usb's are
U2=60001

ipp_bed_start || { not_ok "ipp bed starts"; finish; }
ipp_printer "$P" "$top/tests/data/ipp/colour.attrs" "Local MFP" ||
    { not_ok "ippeveprinter starts"; finish; }
ipp_printer "$U1" "$top/tests/data/ipp/vendor.attrs" "Acme USB" ||
    { not_ok "ipp-usb printer 1 starts"; finish; }
ipp_printer "$U2" "$top/tests/data/ipp/usbonly.attrs" "Inkjet USB" ||
    { not_ok "ipp-usb printer 2 starts"; finish; }
cups_start "$C" || { not_ok "cupsd starts"; finish; }
cups_queue q1 "ipp://127.0.0.1:$P/ipp/print" -L "Office 2" ||
    { not_ok "queue q1 added"; finish; }
cups_queue q2 "usb://Acme/Laser%20One?serial=ACM0099" ||
    { not_ok "queue q2 added"; finish; }
cups_queue q4 "usb://Acme/Laser%20One?serial=ACM0042" ||
    { not_ok "queue q4 added"; finish; }
cups_queue q3 "ipp://bob:s3cret@192.0.2.7/ipp/print" ||
    { not_ok "queue q3 added"; finish; }
# A class (a group of queues) is no printer of its own.
lpadmin -h "$CUPS_SOCK" -p q1 -c allq >/dev/null 2>&1 ||
    { not_ok "class allq added"; finish; }

# --- bad input --------------------------------------------------------------
fa assess --local --cups-server "$T/nowhere.sock" >"$T/o" 2>"$T/e"
check "unreachable --cups-server: exit 1" test $? -eq 1
check "one line names the scheduler" test "$(cat "$T/e")" = "fleetaudit: cannot reach the print system at '$T/nowhere.sock': No such file or directory"
fa assess --local --cups-server 127.0.0.1:99999 >"$T/o" 2>"$T/e"
check "malformed --cups-server: exit 2" test $? -eq 2
check "one line names the port" test "$(cat "$T/e")" = "fleetaudit: bad --cups-server '127.0.0.1:99999': port '99999' is not a number in 1..65535"
check "nothing stored for bad input" test ! -e "$T/home/store.db"

# --- the queues through the socket ------------------------------------------
fa assess -q --json --local --cups-server "$CUPS_SOCK" >"$T/a.json" 2>"$T/a.err"
check "assess --local exits 0" test $? -eq 0
J() { json_get "$T/a.json" "$1"; }
q='{x["sys_name"]: x for x in j["devices"]}'
check "four queues and the queue-less USB printer" test "$(J "sorted($q)")" = "['Inkjet USB', 'q1', 'q2', 'q3', 'q4']"
d="($q)['q1']"
check "q1: the printer's identity, read over IPP" test "$(J "($d['vendor'], $d['model'], $d['serial'], $d['address'], $d['error'])")" = "('Kyocera', 'ECOSYS M5526cdw', 'VCF9Z12345', '127.0.0.1', None)"
check "q1: queue name and connection" test "$(J "($d['sys_name'], $d['printer_reason'], $d['credential'], $d['snmp_version'])")" = "('q1', 'CUPS ipp://127.0.0.1:$P/ipp/print', 'cups', None)"
check "q1: the queue's location" test "$(J "$d['sys_location']")" = "Office 2"
check "q1: meters with ipp: provenance" test "$(J "sorted((m['name'], m['value'], m['source_oid']) for m in $d['meters'])")" = "[('colour', 2345, 'ipp:printer-impressions-completed-col/full-color'), ('mono', 10000, 'ipp:printer-impressions-completed-col/monochrome'), ('sheets', 9000, 'ipp:printer-media-sheets-completed'), ('total', 12345, 'ipp:printer-impressions-completed')]"
check "q1: supplies and states" test "$(J "[(s['colorant'], s['level'], s['state']) for s in $d['supplies']]")" = "[('black', 80, 'ok'), ('cyan', None, 'some_remaining'), ('magenta', 5, 'ok'), ('yellow', 0, 'empty'), (None, 30, 'ok')]"
check "q1: state idle, running" test "$(J "($d['status']['printer'], $d['status']['device'])")" = "('idle', 'running')"
check "q1: two requests (queue, printer)" test "$(J "$d['requests']")" = 2
d="($q)['q2']"
check "q2: usb:// printer absent: not reachable" test "$(J "$d['error']")" = "queue 'q2': printer not reachable: usb://Acme/Laser%20One?serial=ACM0099: no printer with its serial served by ipp-usb (IPP over USB) on this computer"
check "q2: identity from the usb:// URI, queue and connection" test "$(J "($d['vendor'], $d['model'], $d['serial'], $d['sys_name'], $d['printer_reason'], $d['credential'])")" = "('Acme', 'Laser One', 'ACM0099', 'q2', 'CUPS usb://Acme/Laser%20One?serial=ACM0099', 'cups')"
check "q2: the scheduler's state of the queue" test "$(J "$d['status']['printer']")" = idle
d="($q)['q4']"
check "q4: usb:// queue read through ipp-usb (its serial)" test "$(J "($d['serial'], $d['error'], $d['printer_reason'], $d['requests'])")" = "('ACM0042', None, 'CUPS usb://Acme/Laser%20One?serial=ACM0042', 2)"
check "q4: the printer's meters" test "$(J "[(m['name'], m['value']) for m in $d['meters']]")" = "[('total', 5000)]"
d="($q)['Inkjet USB']"
check "ipp-usb printer without a queue: a local printer" test "$(J "($d['serial'], $d['error'], $d['printer_reason'], $d['credential'], $d['address'])")" = "('USB0007', None, 'ipp-usb ipp://127.0.0.1:$U2/ipp/print', 'ipp-usb', '127.0.0.1')"
check "its ink levels" test "$(J "[(s['description'], s['level']) for s in $d['supplies']]")" = "[('Black Ink', 40), ('Colour Ink', 15)]"
d="($q)['q3']"
check "q3: a network printer's queue, at its address, no error" test "$(J "($d['address'], $d['error'], $d['printer_reason'])")" = "('192.0.2.7', None, 'CUPS ipp://192.0.2.7/ipp/print')"
check "no password in the output" sh -c "! grep -q s3cret '$T/a.json' '$T/a.err'"
fa devices --json >"$T/dev.json"
check "five devices stored" test "$(json_get "$T/dev.json" "len(j)")" = 5
check "the password not stored" sh -c "! sqlite3 '$T/home/store.db' .dump | grep -q s3cret"
fa show VCF9Z12345 >"$T/show" 2>&1
check "show: the queue's device with its supplies" sh -c "grep -q '^sysName  *q1' '$T/show' && grep -q 'Black Toner' '$T/show'"

# --- over TCP, and CUPS_SERVER ----------------------------------------------
fa assess --json --local --cups-server "127.0.0.1:$C" >"$T/b.json" 2>"$T/b.err"
check "--cups-server HOST:PORT" test "$(json_get "$T/b.json" "sorted(x['sys_name'] for x in j['devices'])")" = "['Inkjet USB', 'q1', 'q2', 'q3', 'q4']"
check "q2 said in one line on stderr" test "$(grep -c "^fleetaudit: queue 'q2': printer not reachable" "$T/b.err")" = 1
check "the printer DNS-SD finds is no local queue" sh -c "! grep -q Local_MFP '$T/b.json' '$T/b.err'"
env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home" \
    CUPS_SERVER="$CUPS_SOCK" "$FA" assess -q --json --local >"$T/c.json" 2>"$T/c.err"
check "CUPS_SERVER names the scheduler" test "$(json_get "$T/c.json" "sorted(x['sys_name'] for x in j['devices'])")" = "['Inkjet USB', 'q1', 'q2', 'q3', 'q4']"
fa devices --json >"$T/dev.json"
check "read three times, still five devices" test "$(json_get "$T/dev.json" "len(j)")" = 5
# 1 list, 2 ipp-usb printers, q1's queue and printer, q2, q3, q4's queue
check "the cost said on stderr" grep -q "^local: 5 printers (print system '127.0.0.1:$C') in [0-9.]* s: 8 IPP requests, " "$T/b.err"

# --- run leaves local queues to assess --local ------------------------------
# Five devices at 127.0.0.1 (and a network queue's) are no SNMP agents:
# run's scans must not read them at those addresses.
lq() { sqlite3 "$T/home/store.db" "$1"; }
before=$(lq "select count(*) from scans")
env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home" \
    FLEETAUDIT_TIME_SCALE=600 "$FA" run -t 100ms -r 0 -i meters=30m 127.0.0.250 \
    >/dev/null 2>"$T/run.log" &
rpid=$!
sleep 6
kill -TERM $rpid
wait $rpid
check "run started and stopped cleanly" test $? -eq 0
check "run's schedule went by (6 s = 60 min: meters due twice)" grep -q "run:discovery: 0 devices read" "$T/run.log"
check "run read none of the local queues' devices" test "$(lq "select count(*) from scans")" = "$before"

# --- no job was ever sent ----------------------------------------------------
check "no job in the scheduler's spool" sh -c "! ls '$T/cups/spool' | grep -q '^[cd][0-9]'"
check "no job at the printers" test -z "$(find "$T/spool.$P" "$T/spool.$U1" "$T/spool.$U2" -type f)"
check "no job logged" test ! -s "$T/cups/log/page_log"
finish
