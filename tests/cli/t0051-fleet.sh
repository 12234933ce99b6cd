#!/bin/sh
# t0051-fleet: "make fleet-start" serves the sample fleet on 127.77.0.1-12
# until "make fleet-stop", so README's examples run as written, and they
# print what README shows: the discover and assess tables, the devices
# list (ids and times aside) and the walk of one column.  fleet-stop
# leaves nothing running and nothing behind; a second start refuses.
. "$(dirname "$0")/../lib/common.sh"
R=$top/README.md
export FLEET_STATE="$T/fleet.dir"
at_exit '[ -f "$FLEET_STATE" ] && sh "$top/samples/fleet.sh" stop >/dev/null'

make -s --no-print-directory -C "$top" fleet-start >"$T/start.out" 2>&1
rc=$?
check "make fleet-start: exit 0" test "$rc" -eq 0
check "fleet-start says where and how to stop it" sh -c \
    "grep -q '12 devices on 127.77.0.1-12' '$T/start.out' &&
    grep -q 'make fleet-stop' '$T/start.out'"
dir=$(cat "$FLEET_STATE" 2>/dev/null)
check "fleet-start keeps its processes' ids" test -s "$dir/pids"
cp "$dir/pids" "$T/pids" 2>/dev/null
check "snmpget reads a device" sh -c \
    "snmpget -v2c -c public -t 1 -r 1 -Oqv 127.77.0.4 1.3.6.1.2.1.1.5.0 |
    grep -q ."
fa discover 127.77.0.1 >"$T/d1" 2>/dev/null
check "fleetaudit discover finds the HP at 127.77.0.1" \
    grep -q '^127\.77\.0\.1 .*HP .*1\.3\.6\.1\.4\.1\.11\.2\.3\.9\.1' "$T/d1"
make -s --no-print-directory -C "$top" fleet-start >"$T/again.out" 2>&1
check "a second fleet-start refuses" sh -c \
    "[ $? -ne 0 ] && grep -q 'already running' '$T/again.out'"

# README's examples, as written (tables only: times and paths vary).
# block CMD: the lines of the README block after "$ CMD" up to the next
# "$ " line or the fence.
block() {
	awk -v c="\$ $1" 'on && (/^```/ || /^\$ /) { exit } on { print }
	    $0 == c { on = 1 }' "$R"
}
block "fleetaudit discover 127.77.0.1-20" | grep -v '^discover:' \
    >"$T/r-disc"
fa discover 127.77.0.1-20 2>/dev/null >"$T/o-disc"
check "README's discover table is what discover prints" \
    cmp -s "$T/r-disc" "$T/o-disc"
# the assess example's first line ends with a backslash
awk '/^\$ fleetaudit assess -c public -u fleetaudit/ { on = 1; getline;
    next } on && /^```/ { exit } on { print }' "$R" |
    grep -v '^assessment ' >"$T/r-assess"
fa assess -c public -u fleetaudit --v3-auth SHA:fleetaudit-auth \
    --v3-priv AES:fleetaudit-priv 127.77.0.1-20 2>"$T/e-assess" \
    >"$T/o-assess"
check "README's assess table is what assess prints" \
    cmp -s "$T/r-assess" "$T/o-assess"
check "assess: 12 answering, 11 read" grep -q \
    '^assessment 1: 20 addresses, 12 answering, 11 read (0 incomplete)' \
    "$T/e-assess"
fa assess -q -c public -u fleetaudit --v3-auth SHA:fleetaudit-auth \
    --v3-priv AES:fleetaudit-priv 127.77.0.1-20 >/dev/null 2>&1
# devices: every column but the id and the time
cut_dev() { sed 's/^ *[0-9][0-9]* //; s/20[0-9-]*T[0-9:]*Z//'; }
block "fleetaudit devices" | cut_dev >"$T/r-dev"
fa devices 2>/dev/null | cut_dev >"$T/o-dev"
check "README's devices list is what devices prints" \
    cmp -s "$T/r-dev" "$T/o-dev"
block "fleetaudit walk 127.77.0.4 --root 1.3.6.1.2.1.43.11.1.1.9" |
    grep -v '^walk:' >"$T/r-walk"
fa walk 127.77.0.4 --root 1.3.6.1.2.1.43.11.1.1.9 2>/dev/null >"$T/o-walk"
check "README's walk is what walk prints" cmp -s "$T/r-walk" "$T/o-walk"
for f in disc assess dev walk; do
	cmp -s "$T/r-$f" "$T/o-$f" ||
	    diff "$T/r-$f" "$T/o-$f" | sed "s/^/# $f: /" | head -6
done

# ---- stop ----
make -s --no-print-directory -C "$top" fleet-stop >"$T/stop.out" 2>&1
check "make fleet-stop: exit 0, says so" sh -c \
    "[ $? -eq 0 ] && grep -q 'fleet: stopped' '$T/stop.out'"
alive=
while read -r p; do
	_bed_alive "$p" && alive="$alive $p"
done <"$T/pids"
check "no process of the fleet left running" test -z "$alive"
check "its files are gone" test ! -e "$dir" -a ! -e "$FLEET_STATE"
# /proc/net/udp: the address in host (little-endian) order, the port hex
check "nothing listens on 127.77.0.4:161 any more" sh -c \
    '! grep -qi " 04004D7F:00A1 " /proc/net/udp'
snmpget -v2c -c public -t 1 -r 0 127.77.0.4 1.3.6.1.2.1.1.5.0 \
    >/dev/null 2>&1
check "the device no longer answers" test $? -ne 0
make -s --no-print-directory -C "$top" fleet-stop >"$T/stop2.out" 2>&1
check "fleet-stop again: not running, exit 0" sh -c \
    "[ $? -eq 0 ] && grep -q 'not running' '$T/stop2.out'"
finish
