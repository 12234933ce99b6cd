#!/bin/sh
# t1144-lexmark-mps: a Lexmark read through LEXMARK-MPS-MIB
# (collector/models/lexmark.model), from the recording written from the
# MIB (tests/data/models/lexmark-mps.snmprec, described in its README):
# the paperGeneralCountTable rows found by their type number (total,
# mono, colour sides; print, copy, fax with their splits), never by the
# row index; A3 and ledger (tabloid) mono and colour sides summed over the
# paper types of paperSidesCountTable; sheets picked (type 1) not taken as the total; the
# cross-checks agree; cartridge part numbers and serials from
# currentSuppliesTable, whose rows are matched to the Printer-MIB supplies
# by description (the tables are in different orders), and a supply no
# row names gets none.
#
# Address: 127.114.4.1:11161.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/modelbed.sh"
model_assess 127.114.4.1 lexmark-mps
check "identified as Lexmark CX725de" test \
    "$(q "(d['vendor'], d['model'])")" = "('Lexmark', 'CX725de')"
check "meters by type, from the MIB's rows" test "$(q "sorted((m['name'], \
    m['value']) for m in d['meters'] if m['name'] not in ('marker.1', \
    'power_on'))")" \
    = "$(printf '%s' "[('a3.colour', 1800), ('a3.mono', 1500), " \
    "('colour', 14220), ('copy', 10840), " \
    "('copy.colour', 3020), ('copy.mono', 7820), ('fax', 500), " \
    "('fax.colour', 200), ('fax.mono', 300), ('ledger.colour', 40), " \
    "('ledger.mono', 20), ('mono', 38120), " \
    "('print', 41000), ('print.colour', 11000), ('print.mono', 30000), " \
    "('total', 52340)]")"
check "total is the sides-printed row (type 2), not sheets picked" test \
    "$(q "[m['source_oid'] for m in d['meters'] if m['name'] == 'total']")" \
    = "['1.3.6.1.4.1.641.6.4.2.1.1.4.1.2']"
check "mono + colour = total, print+copy+fax = total, total = marker" test \
    "$(q "sorted((c['name'], c['ok']) for c in d.get('checks', []) \
    if c['name'] in ('mono+colour=total', 'print+copy+fax=total', \
    'total=marker.1'))")" = "$(printf '%s' "[('mono+colour=total', True), " \
    "('print+copy+fax=total', True), ('total=marker.1', True)]")"
check "every cross-check agrees" test \
    "$(q "[c['name'] for c in d.get('checks', []) if not c['ok']]")" = "[]"
check "cartridge part numbers and serials matched by description" test \
    "$(q "[(s['index'], s.get('part_number'), s.get('serial')) \
    for s in d['supplies']]")" = "$(printf '%s' \
    "[(1, '84C2HK0', 'CAA6211004712'), (2, '84C2HC0', 'CAA6211004711'), " \
    "(3, '84C2HM0', 'CAA6211004714'), (4, '84C2HY0', 'CAA6211004713'), " \
    "(5, '72K0Q00', 'KIT5203391'), (6, None, None)]")"
check "the store keeps each cartridge by its serial" test "$(sqlite3 \
    "$T/h/store.db" "select count(*) from supply_instances where serial \
    like 'CAA62110047%'")" = 4
finish
