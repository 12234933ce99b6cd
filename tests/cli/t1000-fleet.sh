#!/bin/sh
# t1000-fleet: discover and assess the sample fleet on loopback (snmpsim):
# v2c and v3-only devices, a non-printer, alerts, error bits, special
# supply levels, credentials tried in order and remembered.
. "$(dirname "$0")/../lib/common.sh"
P=127.77.1
fleet_bed $P
V3="--v3-user $BED_V3_USER --v3-auth $BED_V3_AUTH --v3-priv $BED_V3_PRIV --v3-context $BED_V3_CONTEXT"

# discover: printers only, then --all; v3-only device needs v3.
fa discover -q -t 400ms --json -c public $P.1-20 >"$T/d1.json"
check "discover exits 0" test $? -eq 0
check "discover v2c: 10 printers" test "$(json_get "$T/d1.json" 'len(j)')" = 10
check "discover skips the non-printer" test "$(json_get "$T/d1.json" "[d for d in j if d['address']=='$P.10']")" = "[]"
fa discover -q -t 400ms --json --all -c public $P.1-20 >"$T/d2.json"
check "discover --all lists the router" test "$(json_get "$T/d2.json" "[d['is_printer'] for d in j if d['address']=='$P.10']")" = "[False]"
# shellcheck disable=SC2086
fa discover -q -t 400ms --json -c public $V3 $P.1-20 >"$T/d3.json"
check "discover with v3: 11 printers" test "$(json_get "$T/d3.json" 'len(j)')" = 11
check "v3 device found with the v3 credential" test "$(json_get "$T/d3.json" "[d['credential'] for d in j if d['address']=='$P.9']")" = "['v3:fleetaudit']"
check "discover names vendor from sysDescr" test "$(json_get "$T/d3.json" "[d['vendor'] for d in j if d['address']=='$P.4']")" = "['Ricoh']"

# assess: every printer, every field of the table.
# shellcheck disable=SC2086
fa assess -q --json -c wrongcommunity -c public $V3 $P.1-20 >"$T/a1.json" 2>"$T/a1.err"
check "assess exits 0" test $? -eq 0
$PY "$top/tests/data/check_fleet.py" "$P" "$top/tests/data/fleet.expected" "$T/a1.json"
check "no stray stderr with -q" test ! -s "$T/a1.err"

# RFC 3805 special values are states, never numbers.
check "some remaining kept as a state" test "$(json_get "$T/a1.json" "[(s['level'], s['percent'], s['max'], s['state']) for d in j['devices'] if d['address']=='$P.8' for s in d['supplies'] if s['index']==1]")" = "[(None, None, None, 'some_remaining')]"
check "unknown level with a known max" test "$(json_get "$T/a1.json" "[(s['level'], s['max'], s['state']) for d in j['devices'] if d['address']=='$P.8' for s in d['supplies'] if s['index']==2]")" = "[(None, 65000, 'unknown')]"
check "percent from level and max" test "$(json_get "$T/a1.json" "[(s['colorant'], s['percent']) for d in j['devices'] if d['address']=='$P.4' for s in d['supplies'] if s['index']==1]")" = "[('black', 40)]"
check "alert decoded" test "$(json_get "$T/a1.json" "[(a['code'], a['code_name'], a['severity']) for d in j['devices'] if d['address']=='$P.7' for a in d['alerts'] if a['index']==8]")" = "[(8, 'jam', 'critical')]"
check "console display kept" test "$(json_get "$T/a1.json" "[d['status']['display'][0] for d in j['devices'] if d['address']=='$P.7']")" = "['Paper jam.']"
check "meter source OID" test "$(json_get "$T/a1.json" "[m['source_oid'] for d in j['devices'] if d['address']=='$P.1' for m in d['meters'] if m['name']=='total']")" = "['1.3.6.1.2.1.43.10.2.1.4.1.1']"
check "v3 device stored with v3" test "$(json_get "$T/a1.json" "[d['snmp_version'] for d in j['devices'] if d['address']=='$P.9']")" = "['3']"

# The working credential is remembered: next time it goes first, so the
# wrong community costs nothing.
fa assess -c wrongcommunity -c public $V3 $P.1-8 >"$T/a2.out" 2>"$T/a2.err"
sent=$(sed -n 's/.* \([0-9]*\) packets sent.*/\1/p' "$T/a2.err")
check "remembered credential: no retries on the wrong community (sent $sent)" test "${sent:-999}" -lt 200
check "summary table lists the MFP" grep -q "^$P.4 .*3110FA0404" "$T/a2.out"

# Excluding an address.
fa discover -q -t 400ms --json -c public -x $P.1-3 $P.1-8 >"$T/d4.json"
check "exclude leaves addresses out" test "$(json_get "$T/d4.json" "sorted(d['address'] for d in j)")" = "['$P.4', '$P.5', '$P.6', '$P.7', '$P.8']"
finish
