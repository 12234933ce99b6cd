#!/bin/sh
# t1146-samsung-count: a Samsung read through
# SAMSUNG-HOST-RESOURCES-EXT-MIB's scmHrDevCountTable
# (collector/models/samsung.model, "rows" lines), from the recording
# written from the MIB (tests/data/models/samsung-count.snmprec, described
# in its README): each meter the sum of the rows of its job type and
# colour, in impressions only (a row in sheets is not counted again),
# sent faxes and scans left out of mono and colour, A3 and ledger by paper
# size; mono + colour agree with the marker's total, the services' splits
# add up, and print + copy + fax + the reports (counted apart as "other",
# 60 pages) agree with the total: the reports are pages of the total, so
# a device whose counters are right never fails the check for them.
#
# Address: 127.114.6.1:11161.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/modelbed.sh"
model_assess 127.114.6.1 samsung-count
check "identified as a Samsung CLX-6260 by the samsung definition" test \
    "$(q "(d['vendor'], d['model'], d['model_def'])")" = \
    "('Samsung', 'CLX-6260', 'samsung')"
check "meters summed from the rows of each combination" test "$(q "sorted( \
    (m['name'], m['value']) for m in d['meters'] if m['name'] not in \
    ('marker.1', 'power_on', 'total'))")" = "$(printf '%s' \
    "[('a3', 800), ('colour', 5200), ('copy', 3500), ('copy.colour', 700), " \
    "('copy.mono', 2800), ('duplex', 3000), ('fax', 400), " \
    "('fax.mono', 400), ('ledger', 40), ('mono', 18300), ('other', 60), " \
    "('other.mono', 60), ('print', 19540), ('print.colour', 4500), " \
    "('print.mono', 15040)]")"
check "the rule is kept as the meter's source" test \
    "$(q "[m['source_oid'] for m in d['meters'] if m['name'] == 'mono']")" \
    = "['rows(1.3.6.1.4.1.236.11.5.11.53.11.2.1.7;2=1,2,3,6;4=7;6=3)']"
check "no single-colour meter where no row counts one" test \
    "$(q "[m['name'] for m in d['meters'] if m['name'] == 'colour.single']")" \
    = "[]"
check "mono + colour = the marker's total; splits add up" test \
    "$(q "sorted((c['name'], c['ok']) for c in d['checks'] if not \
    c['name'].startswith('print+copy+fax'))")" = "$(printf '%s' \
    "[('copy.mono+copy.colour=copy', True), ('mono+colour=total', True), " \
    "('print.colour+copy.colour=colour', True), " \
    "('print.mono+copy.mono+fax.mono+other.mono=mono', True), " \
    "('print.mono+print.colour=print', True)]")"
check "print + copy + fax + the 60 report pages = total, no failed check" \
    test "$(q "[(c['name'], c['left'], c['right'], c['ok']) for c in \
    d['checks'] if c['name'].endswith('=total') and c['name'] != \
    'mono+colour=total']")" = \
    "[('print+copy+fax+other=total', 23500, 23500, True)]"
check "no cross-check fails" test \
    "$(q "[c['name'] for c in d['checks'] if not c['ok']]")" = "[]"
fa devices --home "$T/h" --json >"$T/dev.json"
check "devices: listed with its pages" test "$(json_get "$T/dev.json" \
    "[(d['model'], d.get('total_pages')) for d in j]")" = \
    "[('CLX-6260', 23500)]"
check "the store keeps mono and colour" test "$(sqlite3 "$T/h/store.db" \
    "select group_concat(name || '=' || value, ' ') from (select name, \
    value from meters where name in ('mono', 'colour') order by name)")" = \
    "colour=5200 mono=18300"
finish
