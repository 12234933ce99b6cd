#!/bin/sh
# t1040-models: the model definitions from the command line: the list,
# "models test DIR" on the vendor-quirk recordings of tests/data/models
# (served by snmpsim), a field engineer's own definition picked up by
# assess, and a bad definition file refused with file:line.
. "$(dirname "$0")/../lib/common.sh"

fa models --json >"$T/list.json"
check "models --json lists the built-in definitions" test "$(json_get "$T/list.json" 'len(j) >= 16 and all(d["vendor"] and d["file"] for d in j)')" = True
fa models >"$T/list.txt"
check "models table names ricoh and its brands' file" grep -q "^ricoh .*Ricoh .*enterprise 367" "$T/list.txt"

fa models test "$top/tests/data/models" --json >"$T/test.json" 2>"$T/test.err"
check "models test exits 0" test $? -eq 0
d() { json_get "$T/test.json" "[x for x in j if x['recording'] == '$1'][0]$2"; }
check "nine recordings read" test "$(json_get "$T/test.json" 'len(j)')" = 9
check "kyocera: total is the sum rule" test "$(d kyocera-sum "['meters']" | $PY -c 'import sys,ast; m=ast.literal_eval(sys.stdin.read()); print([(x["value"], x["source_oid"][:4]) for x in m if x["name"]=="total"])')" = "[(9652, 'sum(')]"
check "ricoh: vendor levels replace some-remaining" test "$(d ricoh-levels "['supplies']" | $PY -c 'import sys,ast; s=ast.literal_eval(sys.stdin.read()); print([(x["index"], x["percent"], x["state"], bool(x["level_source"])) for x in s])')" = "[(1, 70, 'ok', True), (2, 40, 'ok', True), (3, 0, 'empty', True), (4, 100, 'ok', True), (5, None, 'some_remaining', False)]"
check "brother: counters from the blob" test "$(d brother-blobs "['meters']" | $PY -c 'import sys,ast; m=ast.literal_eval(sys.stdin.read()); print(sorted((x["name"], x["value"]) for x in m if x["source_oid"].startswith("brother:") and x["name"] in ("total","mono","colour","duplex")))')" = "[('colour', 2000), ('duplex', 800), ('mono', 3000), ('total', 5000)]"
check "brother: a level above 100 % capped, raw kept" test "$(d brother-blobs "['supplies']" | $PY -c 'import sys,ast; s=ast.literal_eval(sys.stdin.read()); print([(x["percent"], "raw=10350" in (x["level_source"] or "")) for x in s if "agenta" in (x["description"] or "")])')" = "[(100, True)]"
check "hp: part numbers from descriptions" test "$(d hp-parts "['supplies']" | $PY -c 'import sys,ast; s=ast.literal_eval(sys.stdin.read()); print([x["part_number"] for x in s])')" = "['W2030X', 'W2031A', 'W2033A', 'W2032A', None]"
check "hp: serial without the symbol-set bytes" test "$(d hp-parts "['serial']")" != ""
check "sharp: disagreeing totals are flagged with both numbers" test "$(d sharp-checks "['checks']" | $PY -c 'import sys,ast; c=ast.literal_eval(sys.stdin.read()); print(sorted((x["name"], x["left"], x["right"], x["ok"]) for x in c if x["name"] == "mono+colour=total"))')" = "[('mono+colour=total', 65780, 65912, False)]"
check "every recording matched its definition (PWG: none)" test "$(json_get "$T/test.json" 'sorted(str(x["model_def"]) for x in j)')" = "['None', 'brother', 'dell', 'hp', 'kyocera', 'lexmark', 'ricoh', 'samsung', 'sharp']"
check "pwg: per-service mono/colour with no definition" test "$(d pwg-counters "['meters']" | $PY -c 'import sys,ast; m=ast.literal_eval(sys.stdin.read()); print(sorted((x["name"], x["value"], x["unit"]) for x in m if x["source_oid"].startswith("1.3.6.1.4.1.2699.")))')" = "[('colour', 18100, 'impressions'), ('copy', 17500, 'impressions'), ('copy.colour', 6100, 'impressions'), ('copy.mono', 11400, 'impressions'), ('duplex', 12000, 'impressions'), ('fax', 710, 'impressions'), ('fax.colour', 0, 'impressions'), ('fax.mono', 710, 'impressions'), ('mono', 30110, 'impressions'), ('print', 30000, 'impressions'), ('print.colour', 12000, 'impressions'), ('print.mono', 18000, 'impressions'), ('scan', 9100, 'images'), ('scan.colour', 3900, 'images'), ('scan.mono', 5200, 'images'), ('total', 48210, 'impressions')]"
check "pwg: every cross-check made and agreeing" test "$(d pwg-counters "['checks']" | $PY -c 'import sys,ast; c=ast.literal_eval(sys.stdin.read()); print(len(c), all(x["ok"] for x in c))')" = "8 True"
check "sharp: the colour splits of the services add up" test "$(d sharp-checks "['checks']" | $PY -c 'import sys,ast; c=ast.literal_eval(sys.stdin.read()); print(sorted((x["name"], x["ok"]) for x in c if "." in x["name"]))')" = "[('copy.mono+copy.colour=copy', True), ('print.colour+copy.colour+other.colour=colour', True), ('print.mono+copy.mono+other.mono=mono', True), ('print.mono+print.colour=print', True)]"

# A field engineer's definition, from --models, is used by assess.
P=127.77.8
mkdir "$T/my"
fleet_bed $P
cat >"$T/my/site.model" <<'EOM'
# A site's own definition for its HP printers.
[model site-hp-m404]
vendor = HP
match = sysobjectid 1.3.6.1.4.1.11.2.3.9.1
match = descr "JETDIRECT"
meter power_cycles.total = 1.3.6.1.2.1.43.10.2.1.5.1.1
EOM
fa assess -q --json -t 400ms --models "$T/my" $P.1 >"$T/a.json"
check "assess uses the site's definition" test "$(json_get "$T/a.json" '[(d["model_def"], [m["name"] for m in d["meters"] if m["name"] == "power_cycles.total"]) for d in j["devices"]]')" = "[('site-hp-m404', ['power_cycles.total'])]"
fa assess -q --json -t 400ms --no-models $P.1 >"$T/b.json"
check "--no-models reads the standard MIBs only" test "$(json_get "$T/b.json" '[d["model_def"] for d in j["devices"]]')" = "[None]"

printf '[model broken]\nvendor = X\nmatch = enterprise 11\nmeter total = 1.3.x\n' >"$T/my/zz-bad.model"
fa models --models "$T/my" >/dev/null 2>"$T/err"
check "a bad definition: exit 2, file:line" sh -c "[ $? -eq 2 ] && grep -q 'zz-bad.model:4: meter total: bad OID' '$T/err'"
rm "$T/my/zz-bad.model"
fa models test "$T/none" >/dev/null 2>"$T/err"
check "models test on a missing directory: one clear line" sh -c "grep -q \"cannot read '$T/none'\" '$T/err' && [ \$(wc -l <'$T/err') -eq 1 ]"
finish
