#!/bin/sh
# t1145-zebranet-model: the real ZebraNet recording of ../shared/devices is
# a print server whose sysDescr names the server ("ZebraNet Wired PS");
# the printer behind it is identified by the printer's own model object
# (ESI-MIB's attached printer name, "ZTC TLP 2824 Plus", the ZEBRA-QL
# model "TLP 2824 Plus"), the "ZTC" prefix (Zebra Technologies) taken off
# like a brand: the model is "TLP 2824 Plus", not "Wired PS".  The rest of
# its reading does not change: a label printer, length in inches.
#
# Address: 127.114.5.1:11161.
. "$(dirname "$0")/../lib/common.sh"
EP=127.114.5.1:11161
real_devices_bed "$EP"
N=zebra-zebranet-ps
fa assess -q --json --home "$T/h" --port 11161 -c "$N" 127.114.5.1 \
    >"$T/a.json" 2>"$T/a.err"
check "assess exits 0" test $? -eq 0
q() { json_get "$T/a.json" "(lambda d: $1)(j['devices'][0])"; }
check "the printer's model, not the print server's" test \
    "$(q "(d['vendor'], d['model'])")" = "('Zebra', 'TLP 2824 Plus')"
check "sysDescr still the server's" test "$(q "d['sys_descr']")" = \
    "ZebraNet Wired PS"
check "still a label printer, its length in inches, no page total" test \
    "$(q "(d['label_printer'], [(m['name'], m['value'], m['unit']) for m \
    in d['meters'] if m['name'] in ('length', 'total')])")" = \
    "(True, [('length', 1920, 'inches')])"
fa devices --home "$T/h" --json >"$T/dev.json"
check "devices lists it by the printer's model" test "$(json_get \
    "$T/dev.json" "[d['model'] for d in j]")" = "['TLP 2824 Plus']"
finish
