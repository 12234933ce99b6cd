#!/bin/sh
# t1130-label-printers: label and receipt printers are found as printers
# (by enterprise number, by sysDescr) and identified, and what they count
# in length is never a page count.  tests/data/labels: made-up Zebra-less
# label printers of TSC, SATO, Honeywell, Intermec, Datamax-O'Neil,
# Citizen, Godex, Brady and an Epson TM receipt printer, and a Honeywell
# device that is no printer; the sample fleet's Zebra ZT411 (its marker
# counts meters of media) and the real ZebraNet recording of
# ../shared/devices, whose Zebra counter is in inches.  "discover" lists
# each label printer as a printer; "assess --json" marks it label_printer
# with no "total" (so "devices" shows no PAGES and the report and the hub,
# which count pages from total/mono/colour, sum and chart none: checked on
# the collector's report and, after an export and an import, the hub's).
#
# Addresses: 127.78.6.1-12 (v2c bed).
. "$(dirname "$0")/../lib/common.sh"
P=127.78.6
L=$top/tests/data/labels
: >"$T/map"
i=0
for f in tsc-te210 sato-cl4nx honeywell-pc43t intermec-pm43 datamax-i4212 \
    citizen-cl-s700 godex-rt700i brady-i7100 epson-tm-t88vi \
    honeywell-controller; do
	i=$((i + 1))
	echo "$P.$i $L/$f.snmprec v2c" >>"$T/map"
done
echo "$P.11 $top/samples/fleet/zebra-zt411.snmprec v2c" >>"$T/map"
ZN=$SHARED/devices/zebra-zebranet-ps.snmprec
[ -f "$ZN" ] && echo "$P.12 $ZN v2c" >>"$T/map"
mkdir "$T/bed"
at_exit 'bed_stop "$T/bed"'
bed_start "$T/bed" "$T/map" >"$T/bed.out" 2>&1 ||
    { not_ok "bed starts"; cat "$T/bed.out"; finish; }

fa discover -q --json -t 1s -c public "$P.1-12" >"$T/d.json"
check "discover exits 0" test $? -eq 0
check "every label printer is a printer, the controller is not" test \
    "$(json_get "$T/d.json" "sorted(int(d['address'].split('.')[-1]) for d in j if d['is_printer'])")" = \
    "[1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12]"
check "printer reasons: enterprise, sysDescr, hrDeviceType" test \
    "$(json_get "$T/d.json" "[d.get('printer_reason') for d in sorted(j, key=lambda d: int(d['address'].split('.')[-1]))][:9]")" = \
    "['hrDeviceType', 'enterprise', 'sysDescr', 'enterprise', 'enterprise', 'enterprise', 'sysDescr', 'sysDescr', 'enterprise']"
fa assess -q --json -t 1s -c public "$P.1-12" >"$T/a.json"
check "assess exits 0" test $? -eq 0
q() { json_get "$T/a.json" "$1"; }
check "identified: vendor and model of each" test "$(q "sorted((d['vendor'], d['model']) for d in j['devices'] if d['address'] not in ('$P.11', '$P.12'))" | tr -d '"')" = \
    "[('Brady', 'i7100 Industrial Label Printer'), ('Citizen', 'CL-S700II'), (Datamax-O'Neil, 'I-4212e Mark II'), ('Epson', 'TM-T88VI'), ('Godex', 'RT700i'), ('Honeywell', 'PC43t 203 dpi'), ('Intermec', 'PM43 Industrial Printer'), ('SATO', 'CL4NX Plus 203dpi'), ('TSC', 'TE210')]"
check "every one marked label_printer" test "$(q "sorted(set(d['label_printer'] for d in j['devices']))")" = "[True]"
check "no page meter from a length" test "$(q "[(d['address'], m['name'], m['unit']) for d in j['devices'] for m in d['meters'] if m['name'] in ('total', 'mono', 'colour', 'print', 'copy')]")" = "[]"
check "TSC: its 52180 feet kept as marker.1, in feet" test "$(q "[(m['name'], m['value'], m['unit']) for d in j['devices'] if d['address'] == '$P.1' for m in d['meters']]")" = "[('marker.1', 52180, 'feet')]"
check "ZT411: its meters of media kept in meters, no total" test "$(q "sorted(set((m['name'] in ('marker.1', 'length'), m['unit']) for d in j['devices'] if d['address'] == '$P.11' for m in d['meters']))")" = "[(True, 'meters')]"
if [ -f "$ZN" ]; then
	check "ZebraNet: its inches are 'length'" test "$(q "[(m['name'], m['unit']) for d in j['devices'] if d['address'] == '$P.12' for m in d['meters'] if m['unit'] == 'inches']")" = "[('length', 'inches')]"
fi
fa devices --json >"$T/dev.json"
check "devices: no page count for any of them" test "$(json_get "$T/dev.json" "[d['address'] for d in j if d.get('total_pages') is not None]")" = "[]"
fa report --csv "$T/r" >/dev/null 2>&1
tr -d '\r' <"$T/r/figures.csv" >"$T/fig"
check "report: no pages summed" grep -qxE 'pages,(0\.00)?' "$T/fig"

# The hub: the same devices, and still no pages in its report.
HUB=$T/hub
hub() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$HUB" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@"
}
fa keys init -q >/dev/null
hub hub init "$HUB" -q >/dev/null
fa keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
hub hub trust add "$T/home/collector.pub" --account labels -q >/dev/null
fa export bundle -o "$T/b.bundle" >/dev/null 2>&1
hub hub import "$T/b.bundle" >/dev/null 2>&1
check "hub: bundle imported" test $? -eq 0
hub hub report --account labels --csv "$T/hr" >/dev/null 2>&1
tr -d '\r' <"$T/hr/figures.csv" >"$T/hfig" 2>/dev/null
check "hub report: the label printers, no pages summed" sh -c \
    "grep -qx 'devices,11' '$T/hfig' && grep -qxE 'pages,(0\\.00)?' '$T/hfig'"
finish
