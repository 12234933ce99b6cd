#!/bin/sh
# t3030-export-tx: "export bundle" and "upload" run one export
# transaction (export/exporttx.c) in their own process, and the masking a
# site chose is kept.
#
#  - upload makes its bundle without starting a program: run with no
#    /proc (a private mount namespace with an empty tmpfs there, so the
#    running program cannot be found to run again), its bundle still
#    lands in the outbox; and its sequence numbers and "since the last
#    export" marks are the ones export uses (they alternate: 1, 2, 3);
#  - the site's masking: the first masked export records its --mask as
#    the site's (HOME/site.mask); a later upload and a later export
#    without --mask mask the same; a --mask that differs warns in one
#    line and is for that bundle only; the config's "mask" is the site's
#    when set (and "none" says no masking on purpose); a bad site.mask
#    is refused in one line.
#
# The hub is never up: upload exports into the outbox, then fails to
# reach the hub (exit 1), which is all it needs here.
#
# Addresses: the device on 127.77.33.1, the (absent) hub 127.77.33.2.
. "$(dirname "$0")/../lib/common.sh"
P=127.77.33
URL=https://$P.2:18433/WebServices/Onsite2Service.asmx
H=$T/home
HUB=$T/hub
mkdir "$H"
chmod 700 "$H"
cd "$T" || exit 1

# noproc ARGS...: fa with an empty /proc (its own mount namespace).
noproc() {
	unshare -m sh -c 'mount -t tmpfs none /proc && exec "$@"' sh \
	    env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$H" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@"
}
# field FILE NAME: the value of "NAME   value" in bundle inspect output.
field() { sed -n "s/^$2  *//p" "$1" | head -1; }
# outbox_new: the newest bundle of the outbox, by sequence (its name).
outbox_new() { ls "$H"/outbox/*.bundle 2>/dev/null | sort | tail -1; }
assess() {
	fa assess -q "$P.1" >assess.out 2>&1 ||
	    { echo "# assess failed"; sed 's/^/# /' assess.out | head -5; }
}

fa hub init "$HUB" >/dev/null 2>&1 && fa keys init >/dev/null 2>&1 &&
    fa keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
check "hub and collector keys made" test -s "$H/hub.pub"
agent_start "$P.1" "$top/samples/fleet/hp-lj-m404.snmprec" 120
assess
check "the device is read" grep -q PHBFA00101 assess.out

# ---- upload exports in its own process ----
noproc upload --hub-url "$URL" >up1.out 2>up1.err
rc=$?
check "without /proc: upload fails only at the hub (exit 1)" \
    sh -c "[ $rc -eq 1 ] && grep -q 'cannot reach the hub' up1.err"
check "without /proc: nothing about a failed export" \
    sh -c "! grep -qi 'export' up1.err"
B1=$(outbox_new)
check "without /proc: the bundle is in the outbox" test -f "$B1"
check "upload prints what it exported" \
    sh -c "grep -q '^bundle  *$B1' up1.out && grep -q '^sequence  *1$' up1.out"
fa bundle inspect "$B1" >i1.out 2>&1
check "the outbox bundle is sequence 1, signed, unmasked" \
    sh -c "[ '$(field i1.out sequence)' = 1 ] && grep -q '^signature *good' i1.out && [ '$(field i1.out masking)' = none ]"
UPTO1=$(sed -n 's/.*(scans [0-9]* to \([0-9]*\)).*/\1/p' i1.out)

assess
fa export bundle -o e2.bundle >e2.out 2>e2.err
check "export after upload: sequence 2" \
    test "$(field e2.out sequence)" = 2
check "export after upload: starts after the upload's scans" \
    sh -c "grep -q '^scans  *$((UPTO1 + 1)) to ' e2.out"
check "export.seq holds 2" test "$(cat "$H/export.seq")" = 2
check "the home's log has both exports" \
    test "$(grep -c 'export: bundle .* sequence [12],' "$H/fleetaudit.log")" = 2
assess
noproc upload --hub-url "$URL" >up3.out 2>up3.err
B3=$(outbox_new)
fa bundle inspect "$B3" >i3.out 2>&1
check "upload after export: sequence 3 in the outbox" \
    sh -c "[ '$B3' != '$B1' ] && [ '$(field i3.out sequence)' = 3 ]"
fa export bundle -o e4.bundle >e4.out 2>e4.err
check "nothing new after the upload: no bundle, exit 0" \
    sh -c "[ ! -e e4.bundle ] && grep -q 'nothing new' e4.err"

# ---- the site's masking is kept ----
check "no site masking yet" test ! -e "$H/site.mask"
fa export bundle --since all --mask ip,mac -o m1.bundle >m1.out 2>m1.err
check "first masked export: masked, no warning" \
    sh -c "grep -q '^masking  *ip,mac$' m1.out && [ ! -s m1.err ]"
check "its masking is kept as the site's (site.mask, 0600)" \
    sh -c "[ \"\$(cat '$H/site.mask' 2>/dev/null)\" = ip,mac ] && [ \"\$(stat -c %a '$H/site.mask')\" = 600 ]"
assess
fa upload --hub-url "$URL" >up5.out 2>up5.err
B5=$(outbox_new)
fa bundle inspect "$B5" >i5.out 2>&1
check "a later upload masks as the site chose" \
    test "$(field i5.out masking)" = "ip mac"
fa export bundle --since all -o m2.bundle >m2.out 2>m2.err
check "a later export without --mask masks as the site chose" \
    sh -c "grep -q '^masking  *ip,mac$' m2.out && [ ! -s m2.err ]"
fa export bundle --since all --mask ip -o m3.bundle >m3.out 2>m3.err
check "a differing --mask: one warning line, exit 0" \
    sh -c "[ \$(wc -l <m3.err) -eq 1 ] && grep -q \"^fleetaudit: warning: --mask 'ip' differs from the site's masking 'ip,mac'\" m3.err"
check "a differing --mask is for that bundle only" \
    sh -c "grep -q '^masking  *ip$' m3.out && [ \"\$(cat '$H/site.mask' 2>/dev/null)\" = ip,mac ]"
fa export bundle --since all --mask mac,ip -o m4.bundle >m4.out 2>m4.err
check "the same masks in another order: no warning" test ! -s m4.err

printf 'mask = hostname\n' >"$H/fleetaudit.conf"
fa export bundle --since all -o c1.bundle >c1.out 2>c1.err
check "the config's mask is the site's" \
    sh -c "grep -q '^masking  *hostname$' c1.out && [ ! -s c1.err ]"
fa export bundle --since all --mask ip,mac -o c2.bundle >c2.out 2>c2.err
check "a --mask that differs from the config warns, naming the key" \
    grep -q "differs from the site's masking 'hostname' (config key mask)" c2.err
assess
fa upload --hub-url "$URL" >up6.out 2>up6.err
fa bundle inspect "$(outbox_new)" >i6.out 2>&1
check "upload masks as the config says" \
    test "$(field i6.out masking)" = hostname
printf 'mask = none\n' >"$H/fleetaudit.conf"
fa export bundle --since all -o c3.bundle >c3.out 2>c3.err
check "config mask = none: nothing masked, on purpose" \
    sh -c "grep -q '^masking  *none$' c3.out && [ ! -s c3.err ]"
rm -f "$H/fleetaudit.conf"

printf 'ip,email\n' >"$H/site.mask"
fa export bundle --since all -o bad.bundle >bad.out 2>bad.err
rc=$?
check "a bad site.mask: one line naming it, exit 1, no bundle" \
    sh -c "[ $rc -eq 1 ] && [ \$(wc -l <bad.err) -eq 1 ] && grep -q 'site.mask: mask: .email. is not' bad.err && [ ! -e bad.bundle ]"

# ---- help ----
fa help export >h.out 2>&1
check "export --help says what the site's masking is" \
    sh -c "grep -q 'HOME/site.mask' h.out && grep -q 'config key: mask' h.out"
finish
