#!/bin/sh
# t1470-ipp-run: "run" reads IPP printers on its intervals: one found by
# --ipp-probe at discovery (where SNMP answers nothing) and one given with
# --ipp (the config key ipp) are re-read by every scan of the meters, each
# pass storing them like SNMP devices; an IPP device is never scanned over
# SNMP, nor counted missing by a discovery that SNMP found nothing in.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/ippbed.sh"
ipp_ns "$0" "$@"
P=${IPP_PORT:-18651}
B=${BADIPP_PORT:-18652}

ipp_bed_start || { not_ok "ipp bed starts"; finish; }
ipp_printer "$P" "$top/tests/data/ipp/colour.attrs" "Colour MFP" ||
    { not_ok "ippeveprinter starts"; finish; }
ipp_bad "$B" || { not_ok "badipp starts"; finish; }
mkdir "$T/home"
DB=$T/home/store.db
q() { sqlite3 -batch -noheader "$DB" "$1"; }
cat >"$T/home/fleetaudit.conf" <<EOC
range = 127.0.0.1
timeout = 200ms
retries = 0
ipp-probe = yes
ipp-port = $P
ipp = ipp://127.0.0.1:$B/ipp/states
interval = discovery=10m
interval = meters=30m
interval = supplies=30m
interval = errors=30m
interval = attributes=1h
EOC
env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home" \
    FLEETAUDIT_TIME_SCALE=600 "$FA" run 2>>"$T/run.log" &
pid=$!
sleep 8
kill -TERM $pid
wait $pid
check "run stops cleanly on SIGTERM" test $? -eq 0
check "two devices, both read over IPP" test "$(q "select group_concat(serial || '/' || credential, ' ') from (select serial, credential from devices order by serial)")" = "EXM0042/ipp VCF9Z12345/ipp"
disc=$(q "select count(*) from assessments where ranges = 'run:discovery'")
check "discoveries read both ($disc)" test "$(q "select min(read_ok) from assessments where ranges = 'run:discovery'")" = 2
scans=$(q "select count(*) from assessments where ranges like 'run:%meters%'")
check "meters scans ran ($scans) and re-read both over IPP" sh -c "[ $scans -ge 2 ] && [ \"\$(sqlite3 -batch -noheader '$DB' \"select min(read_ok) from assessments where ranges like 'run:%meters%'\")\" = 2 ]"
check "no SNMP read of an IPP device" sh -c "! grep -q 'incomplete read' '$T/run.log'"
check "IPP devices are not counted missing by discovery" sh -c "! grep -q 'did not answer' '$T/run.log'"
finish
