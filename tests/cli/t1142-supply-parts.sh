#!/bin/sh
# t1142-supply-parts: cartridge part numbers and serials read through the
# model definitions (supply.partpattern, supply.serialpattern), from the
# real recordings of ../shared/devices that carry them in their supply
# descriptions (docs/families.md): Xerox (part and serial), Epson (the
# cartridge codes), Kyocera / UTAX (the kit number), HP (the part after
# "HP"); a blank serial field (Samsung's "S/N:CRUM-", Xerox's
# "SNunknown") gives no serial.  Each cartridge's serial keeps it apart in
# the store (supply_instances).
#
# Address: 127.114.1.1:11161.
. "$(dirname "$0")/../lib/common.sh"
EP=127.114.1.1:11161
real_devices_bed "$EP"

# sup NAME EXPR: the Python expression over the device's supplies (s).
sup() {
	json_get "$T/$1.json" "(lambda s: $2)(j['devices'][0]['supplies'])"
}
for n in xerox-altalink-c8045 epson-wf-c5790 utax-p-4532dn \
    samsung-m4080fx hp-lj-m130nw kyocera-fs-1028mfp; do
	fa assess -q --json --home "$T/h.$n" --port 11161 -c "$n" \
	    127.114.1.1 >"$T/$n.json" 2>"$T/$n.err"
	check "$n: assess exits 0" test $? -eq 0
done

X=xerox-altalink-c8045
check "xerox: toner part and serial from 'PN ...;SN...'" \
    test "$(sup $X "[(x['part_number'], x['serial']) for x in s \
    if x['index'] == 1]")" = "[('006R01509', '48178080E0000481')]"
check "xerox: four drums, one part, four serials" \
    test "$(sup $X "sorted((x['part_number'], x['serial']) for x in s \
    if x['description'].startswith('Drum'))")" = "$(printf '%s' \
    "[('013R00662', '52100780E000048E'), ('013R00662', " \
    "'5234E480E000048E'), ('013R00662', '52374F80E000048E'), " \
    "('013R00662', '5238EF80E000048E')]")"
check "xerox: 'SNunknown' is no serial, the part is kept" \
    test "$(sup $X "[(x['part_number'], x.get('serial')) for x in s \
    if x['description'].startswith('Waste')]")" = "[('008R13061', None)]"
check "xerox: every supply with a PN has its part number, 'PN unknown' none" \
    test "$(sup $X "[x['description'] for x in s if (', PN ' in \
    x['description'] and 'PN unknown' not in x['description']) != \
    bool(x.get('part_number'))]")" = "[]"
check "xerox: the description is kept whole" \
    test "$(sup $X "s[0]['description']")" = \
    "Black Toner, PN 006R01509;SN48178080E0000481"
check "xerox: each cartridge a supply instance of its own in the store" \
    test "$(sqlite3 "$T/h.$X/store.db" "select count(*) from \
    supply_instances where part_number = '013R00662' and serial is not \
    null")" = 4

E=epson-wf-c5790
check "epson: the cartridge codes of each ink" \
    test "$(sup $E "[x['part_number'] for x in s]")" = \
    "['T9441/T9451/T9461', 'T9442/T9452', 'T9443/T9453', 'T9444/T9454']"
check "utax: the kit number is the toner's part number, not the box's" \
    test "$(sup utax-p-4532dn "[x.get('part_number') for x in s]")" = \
    "['PK-3010S', None]"
check "samsung: a blank 'S/N:CRUM-' gives no serial" \
    test "$(sup samsung-m4080fx "[x['description'] for x in s \
    if x.get('serial')]")" = "[]"
check "hp: part numbers still read" \
    test "$(sup hp-lj-m130nw "[x['part_number'] for x in s]")" = \
    "['CF217A', 'CF219A']"
check "kyocera without descriptions: no part number made up" \
    test "$(sup kyocera-fs-1028mfp "[x['part_number'] for x in s \
    if x.get('part_number')]")" = "[]"
finish
