#!/bin/sh
# fleet.sh: serve the sample fleet (samples/fleet) on 127.77.0.1-12 until
# stopped, so README's examples can be run as written.  `make fleet-start`
# and `make fleet-stop` run it; `make demo` starts and stops a fleet of its
# own instead (samples/demo.sh).  Needs root (port 161) and snmpsim.
#
#   sh samples/fleet.sh start    start the twelve devices, return once each
#                                answers (about 1.5 s)
#   sh samples/fleet.sh status   say whether it runs; exit 1 when not
#   sh samples/fleet.sh stop     stop exactly the processes start started
#
# The simulator's files live in a directory of mktemp -d (snmpsimd drops
# to the user nobody, who must read them); its path is kept in
# FLEET_STATE (default build/fleet.dir in the source tree), which stop
# reads (so stop before `make clean` removes build/).  A second start
# while one runs refuses (the addresses are taken).

root=$(cd "$(dirname "$0")/.." && pwd) || exit 1
cd "$root" || exit 1
# shellcheck source=tests/lib/bed.sh
. tests/lib/bed.sh

state=${FLEET_STATE:-$root/build/fleet.dir}
map=samples/fleet/fleet.conf

# The bed directory start recorded, if it still exists.
fleet_dir() {
	[ -r "$state" ] || return 1
	_fd=$(cat "$state")
	case $_fd in /*) ;; *) return 1 ;; esac
	[ -d "$_fd" ] && [ -f "$_fd/pids" ] || return 1
	echo "$_fd"
}

# At least one process start recorded still runs.
fleet_running() {
	while read -r _p; do
		_bed_alive "$_p" && return 0
	done <"$1/pids"
	return 1
}

case ${1:-} in
start)
	if d=$(fleet_dir) && fleet_running "$d"; then
		echo "fleet: already running (sh samples/fleet.sh stop)" >&2
		exit 1
	fi
	mkdir -p "$(dirname "$state")" || exit 1
	dir=$(mktemp -d) || exit 1
	if ! bed_start "$dir" "$map"; then
		bed_stop "$dir"
		exit 1
	fi
	echo "$dir" >"$state"
	echo "fleet: $(grep -c '^127' "$map") devices on 127.77.0.1-12" \
	    "(v2c community public; 127.77.0.9 SNMPv3 only: user" \
	    "$BED_V3_USER, auth $BED_V3_AUTH, priv $BED_V3_PRIV)"
	echo "fleet: stop it with 'make fleet-stop'"
	;;
stop)
	if ! d=$(fleet_dir); then
		rm -f "$state"
		echo "fleet: not running"
		exit 0
	fi
	bed_stop "$d"
	rm -f "$state"
	echo "fleet: stopped"
	;;
status)
	if d=$(fleet_dir) && fleet_running "$d"; then
		echo "fleet: running ($(wc -l <"$d/pids") processes)"
		exit 0
	fi
	echo "fleet: not running"
	exit 1
	;;
*)
	echo "usage: sh samples/fleet.sh start | stop | status" >&2
	exit 2
	;;
esac
