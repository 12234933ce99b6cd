#!/bin/sh
# t1120-identity: the identity rule on real recordings (docs/store.md,
# Identity).  Three Brother recordings of ../shared/devices report the
# filler serial "serial_number" and one anonymised MAC; with a fourth of
# the same MAC, they are four devices, not one: each is listed by
# `devices` with its model, and stays itself in a second assessment.  One
# recording answering at two addresses in one assessment is two devices
# (twins).  The hub keeps the collector's devices as they are: after an
# export and an import, `hub devices` lists every one.
#
# Each address is a default-mode snmpsimd serving one recording as
# "public" (tests/lib/bed.sh, bed_start_dir).  Addresses: 127.77.25.1-6,
# port 11161.
. "$(dirname "$0")/../lib/common.sh"
DEV=$SHARED/devices
if [ ! -d "$DEV" ]; then
	not_ok "real device recordings at $DEV"
	finish
fi
i=0
for name in brother-hl-5350dn brother-hl-l2340dw brother-dcp-j132w \
    brother-dcp-9020cdw brother-mfc-t910dw brother-mfc-t910dw; do
	i=$((i + 1))
	mkdir -p "$T/src$i"
	cp "$DEV/$name.snmprec" "$T/src$i/public.snmprec"
	at_exit "bed_stop '$T/bed$i'"
	mkdir -p "$T/bed$i"
	bed_start_dir "$T/bed$i" "$T/src$i" "127.77.25.$i:11161" \
	    >"$T/bed.out" 2>&1 || { not_ok "bed $i starts"; cat "$T/bed.out"; finish; }
done

fa assess -q --port 11161 -c public 127.77.25.1-6 >/dev/null 2>"$T/err"
check "first assessment exits 0" test $? -eq 0
fa devices --json >"$T/d1.json"
check "six devices listed (five filler serials, one of them a twin)" \
    test "$(json_get "$T/d1.json" "len(j)")" = 6
check "each model listed" test "$(json_get "$T/d1.json" \
    "' '.join(sorted(d['model'] or '-' for d in j))")" = \
    "DCP-9020CDW DCP-J132W HL-5350DN HL-L2340DW MFC-T910DW MFC-T910DW"
check "each address its own device" test "$(json_get "$T/d1.json" \
    "len(set(d['address'] for d in j))")" = 6
check "the filler serial is shown, not keyed on" test "$(sqlite3 \
    "$T/home/store.db" "select count(*) from devices where serial = \
    'serial_number' and key_kind != 'serial'")" = 5

fa assess -q --port 11161 -c public 127.77.25.1-6 >/dev/null 2>"$T/err"
check "second assessment exits 0" test $? -eq 0
fa devices --json >"$T/d2.json"
check "still six devices" test "$(json_get "$T/d2.json" "len(j)")" = 6
check "each device read twice, at the same address" test "$(sqlite3 \
    "$T/home/store.db" "select count(*) from devices d where 2 = (select \
    count(distinct s.id) from scans s where s.device_id = d.id and \
    s.address = d.address)")" = 6

# The hub: devices arrive keyed by the collector's own ids.
HUB=$T/hub
hub() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$HUB" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@"
}
fa keys init -q >/dev/null
hub hub init "$HUB" -q >/dev/null
fa keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
hub hub trust add "$T/home/collector.pub" --account twins -q >/dev/null
fa export bundle -o "$T/b.bundle" >/dev/null 2>"$T/err"
hub hub import "$T/b.bundle" >/dev/null 2>"$T/err"
check "bundle imported" test $? -eq 0
hub hub devices --account twins --json >"$T/h.json"
check "hub lists the six devices" test "$(json_get "$T/h.json" "len(j)")" = 6
check "hub keeps the twins apart" test "$(json_get "$T/h.json" \
    "sum(1 for d in j if d['model'] == 'MFC-T910DW')")" = 2
finish
