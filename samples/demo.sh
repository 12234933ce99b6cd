#!/bin/sh
# demo.sh: assess the bundled sample fleet (samples/fleet) on loopback.
# Run by `make demo` after the build; builds nothing itself.  Needs root
# (the simulated devices listen on 127.77.0.x port 161) and snmpsim.
#
#   FLEETAUDIT_DEMO_KEEP=1 sh samples/demo.sh   keep the fleetaudit home
#                                               directory and print its path

root=$(cd "$(dirname "$0")/.." && pwd) || exit 1
cd "$root" || exit 1
# shellcheck source=tests/lib/bed.sh
. tests/lib/bed.sh

if [ ! -x ./fleetaudit ]; then
	echo "demo: ./fleetaudit not built (run make first)" >&2
	exit 1
fi

fleet=samples/fleet
range=127.77.0.1-127.77.0.20
# the colour MFP of the sample fleet: its serial, from its recording
mfp_serial=$(sed -n 's/^1\.3\.6\.1\.2\.1\.43\.5\.1\.1\.17\.1|4|//p' \
    "$fleet/ricoh-im-c3000.snmprec")

tmp=$(mktemp -d) || exit 1	# fleetaudit's home lives here (mode 700)
bed=$(mktemp -d) || exit 1	# the simulator's files (readable by nobody)

cleanup() {
	bed_stop "$bed"
	if [ "${FLEETAUDIT_DEMO_KEEP:-0}" = 1 ]; then
		echo "demo: home kept in $tmp/home"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() {
	echo
	echo "== $*"
}

run() {
	echo "\$ $*"
	"$@" || { echo "demo: failed: $*" >&2; exit 1; }
}

step "Starting the sample fleet ($(grep -c '^127' "$fleet/fleet.conf")" \
    "simulated devices, see $fleet/README.md)"
bed_start "$bed" "$fleet/fleet.conf" || exit 1
grep '^127' "$fleet/fleet.conf" | awk '{ printf "   %-12s %-4s %s\n", $1, $3, $2 }'

step "Assess $range (SNMPv2c community public, then SNMPv3)"
run ./fleetaudit assess --home "$tmp/home" --community public \
    --v3-user "$BED_V3_USER" --v3-auth "$BED_V3_AUTH" \
    --v3-priv "$BED_V3_PRIV" --v3-context "$BED_V3_CONTEXT" "$range"

step "Devices found"
run ./fleetaudit devices --home "$tmp/home"

step "One device in detail: the colour MFP, serial $mfp_serial"
run ./fleetaudit show --home "$tmp/home" "$mfp_serial"

echo
echo "demo: done"
