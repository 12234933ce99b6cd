#!/bin/sh
# t1484-run-mdns: "run --mdns" browses DNS-SD at each discovery and reads
# the announced printers; its scans read them again at the addresses and
# ports announced (not at ipp-port, where nothing listens).
#
# The test's avahi-daemon (tests/lib/ippbed.sh) hears two ippeveprinters
# announce themselves; run (FLEETAUDIT_TIME_SCALE=600: supplies every
# 30 min are 3 s) with no range reads both at its discovery and again on
# its supplies scans, without error.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/ippbed.sh"
ipp_ns "$0" "$@"
P1=${IPP_PORT1:-18841}
P2=${IPP_PORT2:-18842}

ipp_bed_start || { not_ok "ipp bed starts"; finish; }
ipp_printer "$P1" "$top/tests/data/ipp/colour.attrs" "Colour One" ||
    { not_ok "ippeveprinter 1 starts"; finish; }
ipp_printer "$P2" "$top/tests/data/ipp/vendor.attrs" "Acme One" ||
    { not_ok "ippeveprinter 2 starts"; finish; }
# Announcements take a moment after the printers listen: up to 10 s.
k=0
while [ $k -lt 20 ]; do
	fa discover --json --mdns >"$T/d.json" 2>/dev/null
	[ "$(json_get "$T/d.json" 'len(j)' 2>/dev/null)" = 2 ] && break
	sleep 0.5
	k=$((k + 1))
done
check "both printers announced" test "$(json_get "$T/d.json" 'len(j)')" = 2

lq() { sqlite3 "$T/home/store.db" "$1" 2>/dev/null; }
ipp_run -t 1s -r 0 --mdns
ipp_supplies_wait VCF9Z12345 ACM0042
kill -TERM $rpid
wait $rpid
check "run --mdns stopped cleanly" test $? -eq 0
sed 's/^/# /' "$T/run.log" | grep -v "every\|next in" | head -12
check "the discovery browsed and found both" \
    grep -q "discovery: DNS-SD announced 2 IPP printers" "$T/run.log"
check "the discovery read both over ipp, without error" \
    test "$(lq "select group_concat(c.credential || ' ' || \
    coalesce(c.error, 'ok'), ',') from scans c join assessments a on \
    a.id = c.assessment_id where a.ranges = 'run:discovery'")" = \
    "ipp ok,ipp ok"
check "supplies scans read the Kyocera at its announced port" \
    test "$(ipp_supplies VCF9Z12345)" -ge 2
check "supplies scans read the Acme at its announced port" \
    test "$(ipp_supplies ACM0042)" -ge 2
check "no scan failed (none at ipp-port 631)" \
    test "$(lq "select count(*) from scans where error is not null")" = 0
check "two devices" test "$(lq "select count(*) from devices")" = 2
finish
