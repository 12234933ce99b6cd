#!/bin/sh
# t1486-ipp-uri-kept: a printer found over IPP on another port or path
# than ipp-port and /ipp/print is read there again by run's scans, with no
# DNS-SD and no --ipp: the store keeps the URI each IPP read answered at
# (printer_reason "IPP ipp://HOST:PORT/PATH", docs/ipp.md).
#
# An ippeveprinter on a port of its own (not 631) is found by assess
# --mdns, a tests/lib/badipp.py printer at /ipp/states by assess --ipp;
# then run, without --mdns or --ipp (FLEETAUDIT_TIME_SCALE=600:
# supplies every 30 min are 3 s) is given only a range where nothing
# answers: its supplies scans must read both printers without error, and
# ctl scan of one device reads it there too.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/ippbed.sh"
ipp_ns "$0" "$@"
P=18861		# the announced printer
B=18862		# badipp, read with --ipp at /ipp/states

ipp_bed_start || { not_ok "ipp bed starts"; finish; }
ipp_printer "$P" "$top/tests/data/ipp/colour.attrs" "Colour One" ||
    { not_ok "ippeveprinter starts"; finish; }
ipp_bad "$B" || { not_ok "badipp starts"; finish; }

lq() { sqlite3 "$T/home/store.db" "$1" 2>/dev/null; }
# Announcements take a moment after the printer listens: up to 10 s.
ipp_mdns_wait 1
check "assess --mdns found the printer" test "$(json_get "$T/a.json" "[d['serial'] for d in j['devices']]")" = "['VCF9Z12345']"
check "its URI is its printer_reason" test "$(json_get "$T/a.json" "j['devices'][0]['printer_reason']")" = "IPP ipp://127.0.0.1:$P/ipp/print"
fa assess -q --json --ipp "ipp://127.0.0.1:$B/ipp/states" >"$T/b.json" 2>"$T/b.err"
check "assess --ipp at another path" test "$(json_get "$T/b.json" "[(d['serial'], d['printer_reason'], d['error']) for d in j['devices']]")" = "[('EXM0042', 'IPP ipp://127.0.0.1:$B/ipp/states', None)]"

# run without --mdns or --ipp: it never browses, it has only the store.
ipp_run -t 1s -r 0 127.0.0.250
ipp_supplies_wait VCF9Z12345 EXM0042
check "supplies scans read the announced printer at its port" \
    test "$(ipp_supplies VCF9Z12345)" -ge 2
check "supplies scans read the --ipp printer at its path" \
    test "$(ipp_supplies EXM0042)" -ge 2
check "no scan failed (none at ipp-port 631)" \
    test "$(lq "select count(*) from scans where error is not null")" = 0
# ctl scan of one device reads it at its URI too.
fa ctl scan meters EXM0042 --wait >"$T/ctl.out" 2>"$T/ctl.err"
check "ctl scan of the --ipp printer: exit 0" test $? -eq 0
check "ctl scan read it at its path, without error" test "$(lq "select count(*) from scans c join assessments a on a.id = c.assessment_id join devices d on d.id = c.device_id where a.ranges like 'ctl:meters%' and d.serial = 'EXM0042' and c.error is null")" = 1
kill -TERM $rpid
wait $rpid
check "run stopped cleanly" test $? -eq 0
sed 's/^/# /' "$T/run.log" | grep -v "every\|next in" | head -6
check "two devices" test "$(lq "select count(*) from devices")" = 2
finish
