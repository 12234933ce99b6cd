#!/bin/sh
# t1148-checks-real: on real recordings of ../shared/devices, a device
# whose counters are right fails no cross-check: the Sharp MX-3570N's
# print (82,214) + copy (38,804) fall 86 short of its total (121,104) by
# the pages it counts apart (its "others" rows, 48 mono + 38 colour), so
# they are in the services' check (print+copy+fax+other=total) and every
# check of it agrees.  The real Dells (S5830dn, a Lexmark engine whose
# capture holds no LEXMARK-MPS-MIB object; 3115cn, a Fuji Xerox engine)
# still read through the dell definition, with no MPS meter made up.
#
# Address: 127.114.8.1:11161.
. "$(dirname "$0")/../lib/common.sh"
EP=127.114.8.1:11161
real_devices_bed "$EP"
for name in sharp-mx-3570n dell-s5830dn dell-3115cn; do
	fa assess -q --json --home "$T/h.$name" --port 11161 -c "$name" \
	    127.114.8.1 >"$T/$name.json" 2>"$T/$name.err"
	check "$name: assess exits 0" test $? -eq 0
done
q() { json_get "$T/$1.json" "(lambda d: $2)(j['devices'][0])"; }
check "sharp: print + copy + other = total, both numbers kept" test \
    "$(q sharp-mx-3570n "[(c['left'], c['right'], c['ok']) for c in \
    d['checks'] if c['name'].startswith('print+copy+fax')]")" = \
    "[(121104, 121104, True)]"
check "sharp: the check names the other pages" test \
    "$(q sharp-mx-3570n "[c['name'] for c in d['checks'] if \
    c['name'].startswith('print+copy+fax')]")" = \
    "['print+copy+fax+other=total']"
check "sharp: every cross-check agrees (6 made)" test \
    "$(q sharp-mx-3570n "(len(d['checks']), [c['name'] for c in \
    d['checks'] if not c['ok']])")" = "(6, [])"
for name in dell-s5830dn dell-3115cn; do
	check "$name: the dell definition, no LEXMARK-MPS-MIB meter" test \
	    "$(q "$name" "(d['model_def'], [m['name'] for m in d['meters'] \
	    if m['source_oid'].startswith('1.3.6.1.4.1.641.')])")" = \
	    "('dell', [])"
done
finish
