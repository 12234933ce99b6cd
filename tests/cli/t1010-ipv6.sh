#!/bin/sh
# t1010-ipv6: IPv6 targets, single and CIDR, on ::1.
. "$(dirname "$0")/../lib/common.sh"
if ! ip -6 addr show dev lo 2>/dev/null | grep -q '::1'; then
	not_ok "IPv6 loopback available"
	finish
fi
mkdir "$T/data" "$T/bed"
cp "$top/samples/fleet/hp-lj-m404.snmprec" "$T/data/public.snmprec"
at_exit 'bed_stop "$T/bed"'
bed_start_dir "$T/bed" "$T/data" '[::1]:11163' >"$T/bed.out" 2>&1 ||
    { not_ok "IPv6 bed starts"; cat "$T/bed.out"; finish; }
fa assess -q --json --port 11163 -t 300ms ::1 >"$T/a.json"
check "assess ::1" test "$(json_get "$T/a.json" '[(d["address"], d["serial"]) for d in j["devices"]]')" = "[('::1', 'PHBFA00101')]"
fa discover -q --json --port 11163 -t 300ms ::/126 >"$T/d.json"
check "discover an IPv6 CIDR" test "$(json_get "$T/d.json" '[d["address"] for d in j]')" = "['::1']"
fa walk -q --port 11163 ::1 >"$T/w.snmprec"
check "walk over IPv6" test "$(wc -l <"$T/w.snmprec")" -eq "$(grep -c . "$T/data/public.snmprec")"
finish
