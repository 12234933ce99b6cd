#!/bin/sh
# t4000-keys: the collector's and the hub's keys from the command line:
# keys init/show/check/trust-hub and hub init/show/trust add/list/remove,
# with the modes of what they write (stat), --force, passphrases (file and
# environment, right and wrong), and bad files: one line naming the file,
# a non-zero exit, and nothing written.
. "$(dirname "$0")/../lib/common.sh"
H=$T/home
HUB=$T/hub

mode() { stat -c %a "$1"; }
size() { stat -c %s "$1"; }
# snap DIR: names, modes and contents of everything under DIR.
snap() {
	(cd "$1" && find . -printf '%p %m %s\n' | sort &&
	    find . -type f -exec md5sum {} + | sort)
}
# leftovers: temporary files or directories anywhere under $T.
leftovers() { find "$T" -name '*.tmp' -o -name '*.init-*' | grep -c .; }
fp_re='^[0-9a-hjkmnp-tv-z]\{4\}-[0-9a-hjkmnp-tv-z]\{4\}-[0-9a-hjkmnp-tv-z]\{4\}-[0-9a-hjkmnp-tv-z]\{4\}$'
# json FILE EXPR: json_get, for brevity.
json() { json_get "$@"; }

# ---- help ----
for c in keys hub; do
	fa help $c >"$T/h1" 2>&1
	fa $c --help >"$T/h2" 2>&1
	check "help $c = $c --help" cmp -s "$T/h1" "$T/h2"
	check "help $c has usage, subcommands and examples" sh -c "grep -q '^usage: fleetaudit $c' '$T/h1' && grep -q 'Subcommands:' '$T/h1' && grep -q 'Examples:' '$T/h1'"
done
fa help keys >"$T/h1"
check "keys --help lists --passphrase-file and --force" sh -c "grep -q -- '--passphrase-file FILE' '$T/h1' && grep -q -- '--force  .*replace' '$T/h1'"
fa help hub >"$T/h1"
check "hub --help lists --hub and --account, not --home" sh -c "grep -q -- '--hub DIR' '$T/h1' && grep -q -- '--account NAME' '$T/h1' && ! grep -q -- '--home' '$T/h1'"

# ---- keys init ----
expect 1 "no collector key in '$H'" "keys show before init" -- keys show
check "keys show creates nothing" test ! -e "$H"
run keys init
check "keys init exits 0" test "$rc" -eq 0
check "home is 0700" test "$(mode "$H")" = 700
check "collector.key is 0600, 84 bytes" test "$(mode "$H/collector.key") $(size "$H/collector.key")" = "600 84"
check "collector.pub is 0644" test "$(mode "$H/collector.pub")" = 644
check "collector.pub is one typed, versioned line" sh -c "test \$(wc -l <'$H/collector.pub') -eq 1 && grep -Eq '^fleetaudit-collector-v1 ed25519:[A-Za-z0-9+/]{43}= collector@' '$H/collector.pub'"
fp1=$(sed -n 's/^fingerprint  *//p' "$T/out")
check "keys init prints a fingerprint" sh -c "echo '$fp1' | grep -q '$fp_re'"
check "keys init prints the paths" sh -c "grep -q '$H/collector.key' '$T/out' && grep -q '$H/collector.pub' '$T/out'"
run keys show
check "keys show: path and fingerprint" sh -c "grep -q '^public key  *$H/collector.pub\$' '$T/out' && grep -q '^fingerprint  *$fp1\$' '$T/out'"
run keys show --json
cp "$T/out" "$T/show.json"
check "keys show --json" test "$(json "$T/show.json" '(j["fingerprint"], j["public_key"], j["hub"])')" = "('$fp1', '$H/collector.pub', None)"
run keys check
check "keys check: a key in clear opens" sh -c "[ $rc -eq 0 ] && grep -q 'opens and matches' '$T/out'"

# Not replaced without --force; nothing changes.
snap "$H" >"$T/before"
expect 1 "a collector key already exists in '$H'" "keys init twice refused" -- keys init
snap "$H" >"$T/after"
check "keys init refused: files unchanged" cmp -s "$T/before" "$T/after"
rm "$H/collector.pub"
expect 1 "already exists" "keys init refused with only the secret key there" -- keys init
mv "$H/collector.key" "$T/saved.key"
printf 'x\n' >"$H/collector.pub"
expect 1 "already exists" "keys init refused with only a public key there" -- keys init
check "that refusal wrote no secret key" test ! -e "$H/collector.key"
rm "$H/collector.pub"
run keys init --force
fp2=$(sed -n 's/^fingerprint  *//p' "$T/out")
check "keys init --force makes a new key" sh -c "[ $rc -eq 0 ] && [ '$fp2' != '$fp1' ] && [ -n '$fp2' ]"
check "the new key is 0600 too" test "$(mode "$H/collector.key")" = 600
check "no temporary file left" test "$(leftovers)" -eq 0

# ---- secret key files: modes and damage ----
for m in 644 640 604 660; do
	chmod $m "$H/collector.key"
	expect 1 "unsafe mode 0$m on secret key '$H/collector.key'" "secret key mode 0$m refused" -- keys check
done
chmod 600 "$H/collector.key"
cp "$H/collector.key" "$T/good.key"
head -c 83 "$T/good.key" >"$H/collector.key"
expect 1 "secret key '$H/collector.key' is 83 bytes, expected 84" "secret key of the wrong size" -- keys check
cat "$T/good.key" "$T/good.key" >"$H/collector.key"
expect 1 "is 168 bytes, expected 84" "secret key padded" -- keys check
printf 'not a key at all, just some words here\n' >"$H/collector.key"
expect 1 "'$H/collector.key' is not a fleetaudit secret key file" "not a secret key file" -- keys check
cp "$T/saved.key" "$H/collector.key"
expect 1 "secret key '$H/collector.key' does not belong to public key '$H/collector.pub'" "secret and public key of different pairs" -- keys check
rm "$H/collector.key"
expect 1 "no secret key at '$H/collector.key'" "missing secret key" -- keys check
cp "$T/good.key" "$H/collector.key"
chmod 600 "$H/collector.key"
run keys check
check "the good key opens again" test "$rc" -eq 0

# ---- passphrase ----
printf 'correct horse battery staple\n' >"$T/pass"
printf 'correct horse battery stapler\n' >"$T/wrong"
printf 'short\n' >"$T/short"
chmod 600 "$T/pass" "$T/wrong" "$T/short"
snap "$H" >"$T/before"
expect 1 "passphrase is too short" "a short passphrase refused" -- keys init --force --passphrase-file "$T/short"
snap "$H" >"$T/after"
check "short passphrase: the old key stays" cmp -s "$T/before" "$T/after"
chmod 644 "$T/pass"
expect 1 "unsafe mode 0644 on passphrase file '$T/pass'" "passphrase file readable by others refused" -- keys init --force --passphrase-file "$T/pass"
chmod 600 "$T/pass"
expect 2 "unknown option '--passphrase'" "no passphrase on the command line" -- keys init --force --passphrase hunter22
run keys init --force --passphrase-file "$T/pass"
fp3=$(sed -n 's/^fingerprint  *//p' "$T/out")
check "keys init with a passphrase" sh -c "[ $rc -eq 0 ] && grep -q 'passphrase-protected' '$T/out'"
check "sealed key is 0600, 156 bytes" test "$(mode "$H/collector.key") $(size "$H/collector.key")" = "600 156"
check "the passphrase is not in the file" sh -c "! grep -q 'correct horse' '$H/collector.key'"
expect 1 "is protected by a passphrase, and none was given (give --passphrase-file" "sealed key without a passphrase" -- keys check
expect 1 "wrong passphrase or damaged key file '$H/collector.key'" "wrong passphrase" -- keys check --passphrase-file "$T/wrong"
run keys check --passphrase-file "$T/pass" --json
check "right passphrase (file)" test "$rc $(json "$T/out" '(j["passphrase"], j["fingerprint"])')" = "0 (True, '$fp3')"
env -i PATH=/usr/bin:/bin FLEETAUDIT_HOME="$H" \
    FLEETAUDIT_PASSPHRASE='correct horse battery staple' \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
    "$FA" keys check >"$T/out" 2>"$T/err"
check "right passphrase (FLEETAUDIT_PASSPHRASE)" test $? -eq 0
env -i PATH=/usr/bin:/bin FLEETAUDIT_HOME="$H" FLEETAUDIT_PASSPHRASE=nope \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
    "$FA" keys check >"$T/out" 2>"$T/err"
check "wrong passphrase (FLEETAUDIT_PASSPHRASE)" sh -c "[ $? -eq 1 ] && grep -q 'wrong passphrase' '$T/err'"
fp1=$fp3

# ---- hub init ----
expect 2 "hub init needs DIR" "hub init without DIR" -- hub init
run hub init "$HUB"
check "hub init exits 0" test "$rc" -eq 0
hfp=$(sed -n 's/^fingerprint  *//p' "$T/out")
check "hub init prints a fingerprint" sh -c "echo '$hfp' | grep -q '$fp_re'"
check "hub directory is 0700" test "$(mode "$HUB")" = 700
check "hub secret keys are 0600, 84 bytes" test "$(mode "$HUB/hub-encrypt.key") $(size "$HUB/hub-encrypt.key") $(mode "$HUB/hub-sign.key") $(size "$HUB/hub-sign.key")" = "600 84 600 84"
check "hub.pub is 0644, hub.db 0600" test "$(mode "$HUB/hub.pub") $(mode "$HUB/hub.db")" = "644 600"
check "hub.pub: both keys on one line" sh -c "test \$(wc -l <'$HUB/hub.pub') -eq 1 && grep -Eq '^fleetaudit-hub-v1 x25519:[A-Za-z0-9+/]{43}= ed25519:[A-Za-z0-9+/]{43}= hub@' '$HUB/hub.pub'"
hubver=$(sed -n 's/^#define HUBSTORE_SCHEMA_VERSION[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$top/export/hub/hubstore.h")
check "hub.db: its own application_id ('FAHB') and schema version $hubver (hubstore.h)" test "$(sqlite3 -batch -noheader "$HUB/hub.db" 'pragma application_id; pragma user_version' | tr '\n' ' ')" = "1178683458 $hubver "
check "hub.db: accounts and collectors" test "$(sqlite3 -batch -noheader "$HUB/hub.db" "select count(*) from sqlite_master where name in ('accounts', 'collectors')")" = 2
expect 1 "is not a fleetaudit store" "the collector does not open a hub store" -- devices --db "$HUB/hub.db"
check "nothing left beside the hub" test "$(leftovers)" -eq 0
snap "$HUB" >"$T/before"
expect 1 "a hub already exists in '$HUB'" "hub init twice refused" -- hub init "$HUB"
expect 1 "a hub already exists" "hub init twice refused (trailing slash)" -- hub init "$HUB/"
snap "$HUB" >"$T/after"
check "hub untouched by the refusals" cmp -s "$T/before" "$T/after"
mkdir "$T/full"
echo keep >"$T/full/notes.txt"
expect 1 "cannot create hub '$T/full': the directory is not empty" "hub init into a non-empty directory" -- hub init "$T/full"
check "that directory untouched" test "$(ls "$T/full")" = notes.txt
expect 1 "cannot create hub '$T/no/such/hub'" "hub init where the parent is missing" -- hub init "$T/no/such/hub"
check "nothing created for it" test ! -e "$T/no"
mkdir -m 755 "$T/empty"
run hub init "$T/empty" --passphrase-file "$T/pass" -q
check "hub init into an empty directory, sealed" sh -c "[ $rc -eq 0 ] && [ \$(stat -c %a '$T/empty') = 700 ] && [ \$(stat -c %s '$T/empty/hub-sign.key') = 156 ] && [ ! -s '$T/err' ]"
check "still nothing left beside the hubs" test "$(leftovers)" -eq 0

# ---- hub show: --hub, FLEETAUDIT_HUB, the current directory ----
run hub show --hub "$HUB"
check "hub show --hub" grep -q "^fingerprint  *$hfp\$" "$T/out"
env -i PATH=/usr/bin:/bin FLEETAUDIT_HUB="$HUB" \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
    "$FA" hub show --json >"$T/out" 2>"$T/err"
check "hub show with FLEETAUDIT_HUB" test "$(json "$T/out" '(j["fingerprint"], j["collectors"])')" = "('$hfp', 0)"
(cd "$HUB" && fa hub show) >"$T/out" 2>"$T/err"
check "hub show in the hub directory" grep -q "^fingerprint  *$hfp\$" "$T/out"
expect 1 "no hub in '$T/nohub'" "a hub command without a hub" -- hub trust list --hub "$T/nohub"
check "no hub is created by looking" test ! -e "$T/nohub"

# ---- keys trust-hub ----
run keys trust-hub "$HUB/hub.pub"
check "keys trust-hub" sh -c "[ $rc -eq 0 ] && grep -q '^fingerprint  *$hfp\$' '$T/out'"
check "hub.pub copied to the home, 0644" sh -c "cmp -s '$HUB/hub.pub' '$H/hub.pub' && [ \$(stat -c %a '$H/hub.pub') = 644 ]"
run keys trust-hub "$HUB/hub.pub"
check "trusting the same hub again is fine" sh -c "[ $rc -eq 0 ] && grep -q 'already trusted' '$T/out'"
run keys show --json
check "keys show names the trusted hub" test "$(json "$T/out" '(j["fingerprint"], j["hub"]["fingerprint"], j["hub"]["public_key"])')" = "('$fp1', '$hfp', '$H/hub.pub')"
expect 1 "another hub is already trusted (fingerprint $hfp" "another hub refused without --force" -- keys trust-hub "$T/empty/hub.pub"
check "the trusted hub unchanged" cmp -s "$HUB/hub.pub" "$H/hub.pub"
expect 2 "bad public key '$H/collector.pub': a collector key, expected a hub key" "a collector key is not a hub key" -- keys trust-hub "$H/collector.pub"
run keys trust-hub --force "$T/empty/hub.pub"
check "--force replaces the trusted hub" sh -c "[ $rc -eq 0 ] && cmp -s '$T/empty/hub.pub' '$H/hub.pub'"
run keys trust-hub --force "$HUB/hub.pub"

# ---- hub trust ----
run hub trust add "$H/collector.pub" --account acme --hub "$HUB"
check "hub trust add" sh -c "[ $rc -eq 0 ] && grep -q 'collector $fp1 trusted for account .acme.' '$T/out'"
run hub trust add "$H/collector.pub" --account acme --hub "$HUB"
check "the same collector again: already trusted, exit 0" sh -c "[ $rc -eq 0 ] && grep -q 'already trusted' '$T/out'"
expect 1 "already trusted for account 'acme'" "another account refused" -- hub trust add "$H/collector.pub" --account globex --hub "$HUB"
expect 2 "needs --account NAME" "trust add without --account" -- hub trust add "$H/collector.pub" --hub "$HUB"
expect 2 "bad account name 'a b'" "bad account name" -- hub trust add "$H/collector.pub" --account 'a b' --hub "$HUB"
expect 2 "bad public key '$HUB/hub.pub': a hub key, expected a collector key" "a hub key is not a collector key" -- hub trust add "$HUB/hub.pub" --account acme --hub "$HUB"
# A second collector, for a second account.
mkdir -p "$T/home2"
env -i PATH=/usr/bin:/bin FLEETAUDIT_HOME="$T/home2" \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
    "$FA" keys init -q >"$T/out2" 2>&1
fpb=$(sed -n 's/^fingerprint  *//p' "$T/out2")
run hub trust add "$T/home2/collector.pub" --account globex --hub "$HUB" -q
run hub trust list --hub "$HUB"
check "trust list: both, by account" test "$(sed -n '2,$p' "$T/out" | awk '{printf "%s %s ", $1, $2}')" = "$fp1 acme $fpb globex "
run hub trust list --json --hub "$HUB"
cp "$T/out" "$T/list.json"
check "trust list --json" test "$(json "$T/list.json" '[(c["fingerprint"], c["account"], c["public_key"] + "\n" == open("'"$H"'/collector.pub").read() if c["account"] == "acme" else True) for c in j]')" = "[('$fp1', 'acme', True), ('$fpb', 'globex', True)]"

# ---- bad public key files: one line naming the file, exit 2, nothing written ----
b64=$(sed 's/.*ed25519:\([^ ]*\).*/\1/' "$H/collector.pub")
printf 'fleetaudit-collector-v1 ed25519:%s\n' "$(echo "$b64" | cut -c1-32)" >"$T/truncated.pub"
printf 'fleetaudit-collector-v1 ed25519:%s\n' "$(echo "$b64" | cut -c1-43)" >"$T/cut.pub"
printf 'fleetaudit-collector-v7 ed25519:%s\n' "$b64" >"$T/version.pub"
printf 'fleetaudit-collector-v1 x25519:%s\n' "$b64" >"$T/type.pub"
printf 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOkQ me@laptop\n' >"$T/ssh.pub"
cat "$H/collector.pub" "$H/collector.pub" >"$T/twolines.pub"
: >"$T/empty.pub"
head -c 600 /dev/zero | tr '\0' 'a' >"$T/big.pub"
printf '\001\002\003binary\n' >"$T/binary.pub"
for f in truncated:"is 24 bytes, expected 32" cut:"not valid base64" \
    version:"unsupported version 'fleetaudit-collector-v7'" \
    type:"expected the ed25519 key, found 'x25519:'" \
    ssh:"not a fleetaudit public key" twolines:"more than one line" \
    empty:"empty" big:"larger than 512 bytes" binary:"control or non-ASCII" \
    missing:"No such file"; do
	n=${f%%:*} msg=${f#*:}
	expect 2 "bad public key '$T/$n.pub': .*$msg\|cannot read public key '$T/$n.pub': $msg" "hub trust add: $n" -- hub trust add "$T/$n.pub" --account acme --hub "$HUB"
	expect 2 "'$T/$n.pub'" "keys trust-hub: $n" -- keys trust-hub --force "$T/$n.pub"
done
run hub trust list --json --hub "$HUB"
check "no bad file changed the trusted collectors" cmp -s "$T/out" "$T/list.json"
check "no bad file changed the trusted hub" cmp -s "$HUB/hub.pub" "$H/hub.pub"
check "nothing left behind" test "$(leftovers)" -eq 0

# ---- hub trust remove ----
upper=$(echo "$fp1" | tr -d - | tr a-z A-Z)
run hub trust remove "$upper" --hub "$HUB"
check "trust remove (any case, no dashes)" sh -c "[ $rc -eq 0 ] && grep -q 'collector $fp1 is no longer trusted (account .acme.)' '$T/out'"
run hub trust list --json --hub "$HUB"
check "only the other collector is left" test "$(json "$T/out" '[c["fingerprint"] for c in j]')" = "['$fpb']"
check "the removed row is kept, with its time" test "$(sqlite3 -batch -noheader "$HUB/hub.db" "select count(*) from collectors where fingerprint = '$fp1' and removed is not null")" = 1
expect 2 "no trusted collector has fingerprint $fp1" "remove twice" -- hub trust remove "$fp1" --hub "$HUB"
expect 2 "'zzzz' is not a fingerprint" "remove a malformed fingerprint" -- hub trust remove zzzz --hub "$HUB"
run hub trust add "$H/collector.pub" --account globex --hub "$HUB" -q
check "trusted again after removal, for another account" test "$rc" -eq 0

# ---- usage ----
expect 2 "keys needs a subcommand" "keys alone" -- keys
expect 2 "unknown keys subcommand 'frob'" "keys frob" -- keys frob
expect 2 "hub needs a subcommand" "hub alone" -- hub
expect 2 "unknown hub trust subcommand 'frob'" "hub trust frob" -- hub trust frob --hub "$HUB"
expect 2 "--force applies to" "keys show --force" -- keys show --force
expect 2 "--json applies to" "keys init --json" -- keys init --json
expect 2 "--account applies to 'hub trust add', .* not to 'hub trust list'" "hub trust list --account" -- hub trust list --account acme --hub "$HUB"
expect 2 "--passphrase-file applies to 'hub init'" "hub show --passphrase-file" -- hub show --passphrase-file "$T/pass" --hub "$HUB"
expect 2 "unknown option '--home'" "hub has no --home" -- hub show --home "$H"
expect 2 "keys trust-hub needs one HUB.pub file" "trust-hub without a file" -- keys trust-hub
check "nothing left behind at the end" test "$(leftovers)" -eq 0
finish
