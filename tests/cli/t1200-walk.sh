#!/bin/sh
# t1200-walk: "fleetaudit walk" writes what the device holds in snmprec;
# served back by snmpsim, the walk assesses to the same result as the
# device itself.
. "$(dirname "$0")/../lib/common.sh"
P=127.77.3
mkdir "$T/bed2"
fleet_bed $P
at_exit 'bed_stop "$T/bed2"'

fa walk -q -o "$T/walk/ricoh.snmprec" $P.4 2>"$T/err"
check "walk into a missing directory fails cleanly" sh -c "grep -q \"cannot write\" '$T/err' && [ ! -e '$T/walk' ]"
mkdir "$T/walk"
fa walk -o "$T/walk/ricoh.snmprec" $P.4 2>"$T/err"
check "walk exits 0" test $? -eq 0
src=$top/samples/fleet/ricoh-im-c3000.snmprec
check "walk has every record of the device" test "$(wc -l <"$T/walk/ricoh.snmprec")" -eq "$(grep -c . "$src")"
check "walk output is valid snmprec, sorted" bed_check_snmprec "$T/walk/ricoh.snmprec"
check "walk reports its count" grep -q "^walk: $(grep -c . "$src") values" "$T/err"
fa walk -q --root 1.3.6.1.2.1.43.11 $P.4 >"$T/sub.snmprec"
check "walk --root stays in the subtree" sh -c "[ -s '$T/sub.snmprec' ] && ! grep -qv '^1\.3\.6\.1\.2\.1\.43\.11\.' '$T/sub.snmprec'"
fa walk -q --max-varbinds 10 $P.4 >"$T/ten.snmprec"
check "walk --max-varbinds bounds the output" test "$(wc -l <"$T/ten.snmprec")" -le 10
mkfifo "$T/fifo"
cat "$T/fifo" >"$T/from-fifo" &
catpid=$!
fa walk -q -o "$T/fifo" $P.4
wait $catpid
check "walk -o onto a FIFO writes through it, never replaces it" sh -c "[ -p '$T/fifo' ] && [ \$(wc -l <'$T/from-fifo') -gt 100 ]"
fa walk -q -t 300ms --retries 0 127.77.3.99 >"$T/none" 2>"$T/err"
check "walk of a silent host: exit 1 and one line" sh -c "[ $? -eq 1 ] && grep -q 'does not answer SNMP' '$T/err'"

# Replay: the walk, served by snmpsim, reads as the device did.
bed_start_dir "$T/bed2" "$T/walk" 127.77.3.200:11161 >"$T/bed2.out" 2>&1 ||
    { not_ok "replay bed starts"; cat "$T/bed2.out"; finish; }
fa assess -q --json $P.4 >"$T/orig.json"
fa assess -q --json --home "$T/h2" --port 11161 -c ricoh 127.77.3.200 >"$T/replay.json"
strip='[{k: v for k, v in d.items() if k not in ("address", "credential", "read_ms", "requests")} for d in j["devices"]]'
check "replayed walk reads the same" test "$(json_get "$T/orig.json" "$strip")" = "$(json_get "$T/replay.json" "$strip")"
finish
