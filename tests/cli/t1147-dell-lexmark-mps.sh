#!/bin/sh
# t1147-dell-lexmark-mps: a Dell printer built on a Lexmark engine (the
# S5830dn) answers under Dell's enterprise number but keeps Lexmark's
# LEXMARK-MPS-MIB tables: the dell definition uses the [shared
# lexmark-mps] block of lexmark.model, so it gets the same counters and
# cartridge part numbers and serials, from the recording written from
# the MIB (tests/data/models/dell-mps.snmprec, described in its README).
# A Dell without those objects (the shared set's S5830dn recording, when
# there) reads as before, with no MPS meter.  The block itself is never a
# device's definition and is not listed by "fleetaudit models".
#
# Address: 127.114.7.1:11161.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/modelbed.sh"
model_assess 127.114.7.1 dell-mps
check "identified as a Dell S5830dn by the dell definition" test \
    "$(q "(d['vendor'], d['model'], d['model_def'], d['firmware'])")" = \
    "('Dell', 'S5830dn', 'dell', 'NH63.YS.N652')"
check "LEXMARK-MPS-MIB meters by type; no A3 or colour row, no meter" \
    test "$(q "sorted((m['name'], m['value'], m['source_oid']) for m in \
    d['meters'] if m['name'] not in ('marker.1', 'power_on'))")" = \
    "$(printf '%s' \
    "[('mono', 98460, '1.3.6.1.4.1.641.6.4.2.1.1.4.1.3'), " \
    "('print', 98460, '1.3.6.1.4.1.641.6.4.2.1.1.4.1.4'), " \
    "('print.mono', 98460, '1.3.6.1.4.1.641.6.4.2.1.1.4.1.5'), " \
    "('total', 98460, '1.3.6.1.4.1.641.6.4.2.1.1.4.1.2')]")"
check "total = marker, no cross-check fails" test \
    "$(q "sorted((c['name'], c['ok']) for c in d['checks'])")" = \
    "[('total=marker.1', True)]"
check "cartridge part numbers and serials matched by description" test \
    "$(q "[(s['index'], s.get('part_number'), s.get('serial')) \
    for s in d['supplies']]")" = "$(printf '%s' \
    "[(1, 'D-TK45K', 'CAD7360128841'), (2, 'D-IU100K', 'IU7310245561'), " \
    "(3, 'D-MK200K', 'MK4418820'), (4, None, None)]")"
check "the store keeps the toner by its serial" test "$(sqlite3 \
    "$T/h/store.db" "select count(*) from supply_instances where serial \
    = 'CAD7360128841'")" = 1

# The block is lines for "use", not a definition of its own.
fa models --json >"$T/m.json"
check "models: the shared block is not listed, dell and lexmark are" test \
    "$(json_get "$T/m.json" "sorted(d['id'] for d in j if d['id'] in \
    ('dell', 'lexmark', 'lexmark-mps'))")" = "['dell', 'lexmark']"
check "models: dell lists the MPS meters it uses" test \
    "$(json_get "$T/m.json" "[('total' in d['meters'], 'print.mono' in \
    d['meters']) for d in j if d['id'] == 'dell']")" = "[(True, True)]"

# A definition that uses a block no file defines is refused, in one line.
mkdir -p "$T/md"
printf '[model acme]\nvendor = Acme\nmatch = enterprise 99999\nuse = nosuch\n' \
    >"$T/md/acme.model"
fa models --models "$T/md" >"$T/bad.out" 2>"$T/bad.err"
rc=$?
check "a use of an unknown block: exit non-zero" test "$rc" -ne 0
check "a use of an unknown block: one line naming it" test \
    "$(grep -c 'use: no \[shared nosuch\] block' "$T/bad.err")" = 1
finish
