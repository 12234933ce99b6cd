#!/bin/sh
# t5060-fleet-colour: the sample fleet's colour devices bill right.  The four
# colour devices of samples/fleet (Kyocera P5026cdn: KMCOMMON-MIB print
# counters by colour mode; Ricoh IM C3000: ricohEngCounterTable rows found
# by name; Konica Minolta bizhub C450i: its copy and print counters by
# colour; Epson WF-C5390: the PWG Imaging System Counter MIB, no Epson
# definition) are served by tests/lib/badagent.py from copies of their
# recordings, assessed, then each prints pages (every counter of the
# recording moved the way the device would move it: 9,800 pages, 5,500
# mono and 4,300 colour) and is assessed again.  The report's colour ratio
# is 4,300 / 9,800, each device's volume is split, and every mono/colour
# cross-check agrees.
#
# Addresses: 127.78.5.1-4, port 16165.
. "$(dirname "$0")/../lib/common.sh"
NET=127.78.5
PORT=16165
F=$top/samples/fleet
. "$top/tests/lib/badagents.sh"
i=0
for f in kyocera-p5026cdn ricoh-im-c3000 konica-bizhub-c450i \
    epson-wf-c5390; do
	i=$((i + 1))
	cp "$F/$f.snmprec" "$T/$i.snmprec"
	$PY "$top/tests/lib/badagent.py" --addr "$NET.$i" --port "$PORT" \
	    --snmprec "$T/$i.snmprec" --pidfile "$T/agent.$i.pid" \
	    --lifetime 120 </dev/null >"$T/agent.$i.log" 2>&1 &
	echo $! >>"$T/agents"
done
k=0
while [ "$(ls "$T"/agent.*.pid 2>/dev/null | wc -l)" -lt 4 ] && [ $k -lt 100 ]; do
	sleep 0.05
	k=$((k + 1))
done
check "four agents up" test "$(ls "$T"/agent.*.pid | wc -l)" -eq 4

fa assess -q --json --port "$PORT" -c public -t 1s "$NET.1-4" >"$T/a1.json"
check "first assessment: four colour devices" test "$(json_get "$T/a1.json" \
    "len(j['devices'])")" = 4
check "every device reads mono and colour" test "$(json_get "$T/a1.json" \
    "sorted((d['model'], bool([m for m in d['meters'] if m['name'] == 'mono']), bool([m for m in d['meters'] if m['name'] == 'colour'])) for d in j['devices'])")" = \
    "[('ECOSYS P5026cdn', True, True), ('IM C3000', True, True), ('WF-C5390', True, True), ('bizhub C450i', True, True)]"
check "every mono/colour cross-check agrees" test "$(json_get "$T/a1.json" \
    "[(d['model'], c['name']) for d in j['devices'] for c in d['checks'] if not c['ok']]")" = "[]"

# bump FILE OID DELTA...: adds DELTA to the counter at OID (the agent
# reads the file again when it changes).
bump() {
	_f=$1
	shift
	$PY - "$_f" "$@" <<'PY'
import sys
f = sys.argv[1]
d = dict(zip(sys.argv[2::2], map(int, sys.argv[3::2])))
out = []
for line in open(f).read().split('\n'):
    p = line.split('|')
    if len(p) == 3 and p[0] in d:
        p[2] = str(int(p[2]) + d.pop(p[0]))
    out.append('|'.join(p))
assert not d, d
open(f + '.new', 'w').write('\n'.join(out))
PY
	mv "$_f.new" "$_f"
}
M=1.3.6.1.2.1.43.10.2.1.4.1.1
KY=1.3.6.1.4.1.1347.42
bump "$T/1.snmprec" $M 2800 $KY.2.5.1.1.3.1 2800 $KY.3.1.1.1.1.1 2800 \
    $KY.3.1.2.1.1.1.1 2000 $KY.3.1.2.1.1.1.3 800
RI=1.3.6.1.4.1.367.3.2.1.2.19.5.1.9
bump "$T/2.snmprec" $M 2700 $RI.1 2700 $RI.2 500 $RI.3 500 $RI.4 1000 \
    $RI.5 700
KM=1.3.6.1.4.1.18334.1.1.1.5.7.2
bump "$T/3.snmprec" $M 2500 $KM.1.1.0 2500 $KM.2.1.5.1.1 400 \
    $KM.2.1.5.1.2 600 $KM.2.1.5.2.1 500 $KM.2.1.5.2.2 1000
IC=1.3.6.1.4.1.2699.1.3.1.8.1.1
bump "$T/4.snmprec" $M 1800 $IC.4.1.3.3 1800 $IC.5.1.3.3 1000 \
    $IC.7.1.3.3 800 $IC.4.2.3.3 1800 $IC.5.2.3.3 1000 $IC.7.2.3.3 800
sleep 1.1	# a new second: the second read is a later scan

fa assess -q --json --port "$PORT" -c public -t 1s "$NET.1-4" >"$T/a2.json"
check "second assessment: cross-checks still agree" test "$(json_get \
    "$T/a2.json" "[(d['model'], c['name']) for d in j['devices'] for c in d['checks'] if not c['ok']]")" = "[]"
fa report --csv "$T/r" >/dev/null 2>"$T/err"
check "report written" test -s "$T/r/figures.csv"
tr -d '\r' <"$T/r/figures.csv" >"$T/fig"
sed -n '/^pages/p; /^colour_ratio/p' "$T/fig" | sed 's/^/# /'
check "report: 9,800 pages, 4,300 colour: colour ratio 0.4388" sh -c \
    "grep -qx 'pages,9800.00' '$T/fig' && grep -qx 'pages_mono,5500.00' '$T/fig' &&
    grep -qx 'pages_colour,4300.00' '$T/fig' && grep -qx 'colour_ratio,0.4388' '$T/fig'"
check "report: four colour devices" grep -qx 'colour_devices,4' "$T/fig"
finish
