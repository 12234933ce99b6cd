#!/bin/sh
# t4100-bundle: export bundle, bundle inspect, hub import, receipts and
# hub devices on the sample fleet: a round trip in which every record the
# hub holds equals the collector store's row (two bundles, the second
# with "seen unchanged" records); the same bundle twice ("already
# imported", nothing changed); a replayed older sequence; one byte changed
# in every region, truncation at many offsets and appended data, each
# refused with nothing written; a bundle for another hub; an untrusted
# collector; two collectors for two accounts; masking (pseudonyms the
# same across two bundles, no address in clear at the hub); receipts
# checked on site, and refused when changed.  Crafted payloads (../,
# absolute paths, links, bombs, oversized entries) are in
# tests/unit/test_bundle.c, wrapped in real bundles.
#
# On either hub store (tests/lib/hubstore.sh; t4101-bundle-pg: PostgreSQL).
#
# Addresses: the sample fleet on 127.77.15.N (127.77.15.0/24).
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
hub_store_start
P=127.77.15
H=$T/home
HUB=$T/hub

# expect CODE PATTERN NAME -- ARGS (fa) / hexpect (hub, in place of
# hubcli.sh's: "hub import" adds its summary line): exit code and PATTERN
# in a first stderr line.
expect() {
	_code=$1 _pat=$2 _name=$3
	shift 4
	run "$@"
	_expect_check
}
hexpect() {
	_code=$1 _pat=$2 _name=$3
	shift 4
	hrun "$@"
	_expect_check
}
_expect_check() {
	if [ "$rc" -eq "$_code" ] && head -1 "$T/err" | grep -q -- "$_pat"; then
		ok "$_name"
	else
		not_ok "$_name (exit $rc)"
		sed 's/^/# /' "$T/err" | head -5
	fi
}
# dbsum: the hub store's content, to see that nothing changed.
dbsum() { hub_dump "$HUB" | md5sum; }
# shellcheck disable=SC2086
assess() { fa assess -q -t 1s $V3 "$@" $P.1-12 >"$T/assess.out" 2>&1 || { echo "# assess failed"; sed "s/^/# /" "$T/assess.out" | head -5; }; }

# ---- help ----
for c in export bundle; do
	fa help $c >"$T/h1" 2>&1
	fa $c --help >"$T/h2" 2>&1
	check "help $c = $c --help" cmp -s "$T/h1" "$T/h2"
	check "help $c has usage and examples" sh -c "grep -q '^usage: fleetaudit $c' '$T/h1' && grep -q 'Examples:' '$T/h1'"
done
fa help export >"$T/h1"
check "export --help lists -o, --since, --mask" sh -c "grep -q -- '-o, --output FILE' '$T/h1' && grep -q -- '--since WHEN' '$T/h1' && grep -q -- '--mask LIST' '$T/h1'"
fa help hub >"$T/h1"
check "hub --help has import and devices" sh -c "grep -q 'import FILE' '$T/h1' && grep -q 'devices --account' '$T/h1'"
fa help >"$T/h1"
check "help lists export and bundle" sh -c "grep -q '^  export ' '$T/h1' && grep -q '^  bundle ' '$T/h1'"

# ---- the bed and the keys ----
fleet_bed $P

expect 2 "unknown export 'frob'" "export frob" -- export frob
expect 2 "export needs what to export" "export alone" -- export
expect 2 "mask: 'email' is not ip, mac or hostname" "bad --mask" -- export bundle --mask ip,email
expect 1 "no collector key" "export without keys" -- export bundle
fa keys init -q >/dev/null
expect 1 "no trusted hub key" "export without a trusted hub" -- export bundle
# shellcheck disable=SC2046  # --store URL: two words
hub hub init "$HUB" $(hub_init_opts hub) -q >/dev/null
check "the hub's store: $FA_HUB_STORE" hub_store_is "$HUB"
fa keys trust-hub "$HUB/hub.pub" >/dev/null
hub hub trust add "$H/collector.pub" --account acme -q >/dev/null
expect 1 "no store at" "export before any assessment" -- export bundle
assess
mkdir "$T/out1"
(cd "$T/out1" && fa export bundle >"$T/out" 2>"$T/err")
check "export bundle exits 0" test $? -eq 0
B1=$(ls "$T"/out1/*.bundle 2>/dev/null)
check "default name fleetaudit-FP-000001.bundle" sh -c "echo '$B1' | grep -Eq '/fleetaudit-[0-9a-z]{16}-000001\.bundle$'"
check "bundle is 0644, no temporary left" sh -c "test \"\$(stat -c %a '$B1')\" = 644 && test \$(ls '$T/out1' | wc -l) -eq 1"
check "export says sequence 1, 11 devices" sh -c "grep -q '^sequence   1$' '$T/out' && grep -q '11 devices' '$T/out'"
check "sequence kept in the home" test "$(cat "$H/export.seq")" = 1
check "export marked in the store" test "$(sqlite3 "$H/store.db" 'select count(*) from exports')" = 1
check "no serial number in clear in the bundle" sh -c "! grep -aq 'PHBFA00101' '$B1'"
expect 0 "nothing new since scan" "nothing new: no bundle" -- export bundle -o "$T/none.bundle"
check "nothing new writes no file" test ! -e "$T/none.bundle"

# ---- inspect ----
run bundle inspect "$B1"
check "inspect exits 0" test "$rc" -eq 0
check "inspect: good signature, this home's key, trusted hub" sh -c "grep -q '^signature    good' '$T/out' && grep -q \"this home's: yes\" '$T/out' && grep -q 'trusted here: yes' '$T/out'"
check "inspect: period, devices, records" sh -c "grep -q '^period  ' '$T/out' && grep -q '^devices      11' '$T/out' && grep -q 'scans=11' '$T/out'"
run bundle inspect --json "$B1"
check "inspect --json: manifest" test "$(json_get "$T/out" "j['manifest']['sequence'], j['manifest']['devices'], j['signature'], j['manifest']['payload']['archive']")" = "(1, 11, 'good', 'tar+gzip')"
mkdir "$T/other"
run bundle inspect "$B1" --home "$T/other"
check "inspect with no keys at all works" sh -c "test $rc -eq 0 && grep -q 'no collector key in this home' '$T/out'"
expect 2 "bundle needs a subcommand" "bundle alone" -- bundle
expect 1 "is not a fleetaudit bundle" "inspect a text file" -- bundle inspect "$H/collector.pub"

# ---- second bundle, import, round trip ----
assess
run export bundle -o "$T/b2.bundle"
check "second export exits 0" test "$rc" -eq 0
check "second bundle has seen-unchanged records" sh -c "grep -Eq '\\([1-9][0-9]* seen unchanged\\)' '$T/out'"
expect 1 "already exists" "an existing bundle is never replaced" -- export bundle --since all -o "$T/b2.bundle"
hrun hub import "$T/b2.bundle" "$B1"
check "hub import of two bundles (given newest first) exits 0" test "$rc" -eq 0
check "imported in sequence order" sh -c "grep '^imported: ' '$T/out' | head -1 | grep -q 'sequence 1 '"
check "two imported, two receipts" sh -c "test \$(grep -c '^imported: ' '$T/out') -eq 2 && test \$(ls '$HUB/receipts' | wc -l) -eq 2"

# Every hub record equals the collector's row; every row got there.
FP=$(fa keys show --json | $PY -c 'import json,sys; print(json.load(sys.stdin)["fingerprint"])')
$PY "$top/tests/lib/bundle_cmp.py" "$H/store.db" "$(hub_where "$HUB")" "$FP" >"$T/cmp.out" 2>&1
check "round trip: every value equal after import" test $? -eq 0
sed -n '/^#/p' "$T/cmp.out" | head -5
# meter_checks too: the colour devices' derived mono/colour are checked
check "round trip: 10 kinds compared, 9 with records" grep -q 'compared 10 kinds, 9 with' "$T/cmp.out"

# ---- receipts ----
R1=$(ls "$HUB"/receipts/*.receipt | head -1)
run bundle check-receipt "$R1"
check "check-receipt on site exits 0" sh -c "test $rc -eq 0 && grep -q '^signature    good' '$T/out' && grep -q '^bundle_id' '$T/out'"
sed 's/"status":"imported"/"status":"imported!"/' "$R1" >"$T/bad.receipt"
expect 1 "bad signature" "a changed receipt is refused" -- bundle check-receipt "$T/bad.receipt"
run bundle check-receipt "$R1" --json
check "check-receipt --json: bundle id and counts" sh -c "test $rc -eq 0 && grep -q '\"records\"' '$T/out'"

# ---- import twice, replay ----
sum=$(dbsum)
hrun hub import "$T/b2.bundle"
check "the same bundle again: already imported, exit 0" sh -c "test $rc -eq 0 && grep -q '^already imported: ' '$T/out'"
check "the same bundle again changes nothing" test "$(dbsum)" = "$sum"
cp -a "$H" "$T/homecopy"
assess
run export bundle -o "$T/b3.bundle"
hrun hub import "$T/b3.bundle"
check "third bundle imported" test "$rc" -eq 0
# The copy of the home writes the same sequence number again.
assess --home "$T/homecopy"
fa export bundle --home "$T/homecopy" -o "$T/b3old.bundle" >/dev/null 2>&1
sum=$(dbsum)
hexpect 1 "is a replay or older: sequence 3" "a replayed sequence is refused" -- hub import "$T/b3old.bundle"
check "a replay changes nothing" test "$(dbsum)" = "$sum"
$PY "$top/tests/lib/bundle_cmp.py" "$H/store.db" "$(hub_where "$HUB")" "$FP" >"$T/cmp.out" 2>&1
check "round trip after three bundles: every value equal" test $? -eq 0

# ---- tampering: one byte in each region; truncation; appended data ----
assess
fa export bundle -o "$T/b4.bundle" >/dev/null 2>&1
size=$(stat -c %s "$T/b4.bundle")
mlen=$($PY -c 'import sys; b=open(sys.argv[1],"rb").read(); print(int.from_bytes(b[21:25],"little"))' "$T/b4.bundle")
m0=25
p0=$((m0 + mlen))
sum=$(dbsum)
n=0 okc=0
for off in 0 10 19 20 21 24 $((m0 + 10)) $((m0 + mlen / 2)) $((p0 - 3)) $p0 \
    $((p0 + 40)) $((p0 + 80)) $((p0 + 100)) $((p0 + 104)) $((p0 + 107)) \
    $((p0 + 108)) $((p0 + 500)) $((size - 100)) $((size - 65)) \
    $((size - 64)) $((size - 30)) $((size - 1)); do
	$PY -c 'import sys; b=bytearray(open(sys.argv[1],"rb").read()); o=int(sys.argv[2]); b[o]^=0x20; open(sys.argv[3],"wb").write(b)' \
	    "$T/b4.bundle" "$off" "$T/x.bundle"
	n=$((n + 1))
	if ! hub hub import "$T/x.bundle" >/dev/null 2>"$T/err" &&
	    [ "$(wc -l <"$T/err")" -le 2 ]; then
		okc=$((okc + 1))
	else
		echo "# byte $off changed: accepted"
	fi
done
check "one byte changed in each of $n places: all refused" test "$okc" -eq "$n"
n=0 okc=0
for off in 0 1 20 21 25 $((m0 + 1)) $((p0 - 1)) $p0 $((p0 + 80)) \
    $((p0 + 104)) $((p0 + 108)) $((p0 + 200)) $((size / 2)) \
    $((size - 65)) $((size - 64)) $((size - 63)) $((size - 1)); do
	head -c "$off" "$T/b4.bundle" >"$T/x.bundle"
	n=$((n + 1))
	if ! hub hub import "$T/x.bundle" >/dev/null 2>&1; then
		okc=$((okc + 1))
	else
		echo "# cut at $off: accepted"
	fi
done
check "truncated at $n offsets: all refused" test "$okc" -eq "$n"
head -c $((size - 1)) "$T/b4.bundle" >"$T/x.bundle"
hexpect 1 "truncated" "truncation is named" -- hub import "$T/x.bundle"
{ cat "$T/b4.bundle"; printf 'more'; } >"$T/x.bundle"
hexpect 1 "bundle" "appended data is refused" -- hub import "$T/x.bundle"
$PY -c 'import sys; b=bytearray(open(sys.argv[1],"rb").read()); b[-1]^=1; open(sys.argv[2],"wb").write(b)' "$T/b4.bundle" "$T/x.bundle"
hexpect 1 "bad signature" "a changed signature is named" -- hub import "$T/x.bundle"
sed '1s/fleetaudit-bundle-v1/fleetaudit-bundle-v2/' "$T/b4.bundle" >"$T/x.bundle"
hexpect 1 "unsupported version '2'" "a later version is named" -- hub import "$T/x.bundle"
check "refused bundles wrote nothing" test "$(dbsum)" = "$sum"
expect 1 "unsupported version" "inspect sees the change too" -- bundle inspect "$T/x.bundle"
hrun hub import "$T/b4.bundle"
check "the unchanged bundle still imports" test "$rc" -eq 0

# ---- another hub; an untrusted collector; two accounts ----
HUB2=$T/hub2
# shellcheck disable=SC2046  # --store URL: two words
hub hub init "$HUB2" $(hub_init_opts hub2) -q >/dev/null
hexpect 1 "is not for this hub" "a bundle for another hub is refused" -- hub import --hub "$HUB2" "$B1"
H2=$T/home2
fa keys init --home "$H2" -q >/dev/null
fa keys trust-hub --home "$H2" "$HUB/hub.pub" >/dev/null
# shellcheck disable=SC2086
fa assess -q -t 1s $V3 --home "$H2" $P.1-6 >/dev/null 2>&1
fa export bundle --home "$H2" -o "$T/c1.bundle" >/dev/null 2>&1
sum=$(dbsum)
hexpect 1 "unknown collector" "an untrusted collector is refused" -- hub import "$T/c1.bundle"
check "an untrusted collector wrote nothing" test "$(dbsum)" = "$sum"
hub hub trust add "$H2/collector.pub" --account globex -q >/dev/null
hrun hub import "$T/c1.bundle"
check "second collector, second account: imported" test "$rc" -eq 0
hrun hub devices --account globex --json
check "hub devices: globex has 6 printers" test "$(json_get "$T/out" "len(j)")" = 6
hrun hub devices --account acme --json
check "hub devices: acme has 11" test "$(json_get "$T/out" "len(j)")" = 11
hrun hub devices --account acme
check "hub devices table" sh -c "test $rc -eq 0 && head -1 '$T/out' | grep -q '^COLLECTOR' && test \$(wc -l <'$T/out') -eq 12"
hexpect 1 "no account 'nobody'" "hub devices of an unknown account" -- hub devices --account nobody
hexpect 2 "needs --account" "hub devices without --account" -- hub devices

# ---- masking ----
H3=$T/home3
fa keys init --home "$H3" -q >/dev/null
fa keys trust-hub --home "$H3" "$HUB/hub.pub" >/dev/null
hub hub trust add "$H3/collector.pub" --account initech -q >/dev/null
# shellcheck disable=SC2086
fa assess -q -t 1s $V3 --home "$H3" $P.1-12 >/dev/null 2>&1
fa export bundle --home "$H3" --mask ip,mac,hostname -o "$T/m1.bundle" >/dev/null 2>&1
check "site secret created 0600" test "$(stat -c %a "$H3/site.secret")" = 600
# shellcheck disable=SC2086
fa assess -q -t 1s $V3 --home "$H3" $P.1-12 >/dev/null 2>&1
fa export bundle --home "$H3" --mask ip,mac,hostname -o "$T/m2.bundle" >/dev/null 2>&1
run bundle inspect "$T/m2.bundle" --home "$H3"
check "inspect shows the masking" grep -q '^masking      ip mac hostname' "$T/out"
hrun hub import "$T/m1.bundle" "$T/m2.bundle"
check "masked bundles imported" test "$rc" -eq 0
FP3=$(fa keys show --home "$H3" --json | $PY -c 'import json,sys; print(json.load(sys.stdin)["fingerprint"])')
cat >"$T/mask.py" <<'EOF'
import json, sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[3])
import hubconn
hub = hubconn.connect(sys.argv[1])
site = hub.execute("select id from sites where fingerprint = ?", (sys.argv[2],)).fetchone()[0]
by_dev = {}
bad = 0
for data, b in hub.execute("select data, bundle_id from records where site_id = ? and kind = 'scans'", (site,)):
    d = json.loads(data)
    if not (d["address"] or "").startswith("ip:") or (d["mac"] and not d["mac"].startswith("mac:")) or (d["sys_name"] and not d["sys_name"].startswith("hostname:")):
        bad += 1; print("# not masked:", d["address"], d["mac"], d["sys_name"])
    by_dev.setdefault(d["device_id"], set()).add((d["address"], b))
for dev, s in by_dev.items():
    if len({a for a, b in s}) != 1 or len({b for a, b in s}) != 2:
        bad += 1; print("# device %s: %s" % (dev, s))
for a, in hub.execute("select address from devices where site_id = ?", (site,)):
    if not a.startswith("ip:"):
        bad += 1
print("# %d devices" % len(by_dev))
sys.exit(1 if bad or len(by_dev) != 11 else 0)
EOF
$PY "$T/mask.py" "$(hub_where "$HUB")" "$FP3" "$top/tests/lib" >"$T/mask.out" 2>&1
check "masked: every address, MAC, name a pseudonym; the same in both bundles" test $? -eq 0
sed -n '/^# [a-z]/p' "$T/mask.out" | head -3
hub_q "$HUB" "select data from records where site_id = (select id from sites where fingerprint = '$FP3')" >"$T/masked.txt"
check "masked: no address of the site at the hub for initech" sh -c "test -s '$T/masked.txt' && ! grep -q '$P\\.' '$T/masked.txt'"

# ---- replay across accounts: the guard is the collector key's ----
# The first collector moved to another account: its old bundle of
# sequence 3 (refused above) must stay refused, for good; what it writes
# next imports.
hub hub trust remove "$FP" -q >/dev/null 2>&1
hub hub trust add "$H/collector.pub" --account umbrella -q >/dev/null 2>&1
hrun hub trust list --json
check "the collector is now trusted for umbrella" grep -q umbrella "$T/out"
sum=$(dbsum)
hexpect 1 "is a replay or older: sequence 3, and collector $FP's bundles were imported up to sequence 4" \
    "an old bundle under the new account: refused as a replay" -- \
    hub import "$T/b3old.bundle"
check "the replay under the new account changes nothing" test "$(dbsum)" = "$sum"
hrun hub devices --account umbrella --json
check "nothing imported for umbrella" test "$rc.$(json_get "$T/out" "len(j)")" = 0.0
assess
fa export bundle -o "$T/b5.bundle" >/dev/null 2>&1
hrun hub import "$T/b5.bundle"
check "the collector's next bundle (sequence 5) imports under umbrella" \
    sh -c "[ $rc -eq 0 ] && grep -q '^imported: .*sequence 5 ' '$T/out'"

# ---- a refused bundle holds back its collector's later ones ----
# (else the refused one, fixed, would be a replay: lost for good)
GEN=$top/build/tests/tools/bundle_mkstore
fa keys init --home "$T/c9" -q >/dev/null
fa keys trust-hub --home "$T/c9" "$HUB/hub.pub" >/dev/null 2>&1
hub hub trust add "$T/c9/collector.pub" --account acme -q >/dev/null 2>&1
mkdir "$T/q1" "$T/q2"
for d in 0 1; do
	"$GEN" "$T/c9/store.db" 3 1 $d >/dev/null 2>&1
	fa export bundle --home "$T/c9" -q -o "$T/q2/b$d.bundle" >/dev/null 2>&1
done
head -c 2000 "$T/q2/b0.bundle" >"$T/q1/b0.bundle"
cp "$T/q2/b1.bundle" "$T/q1/b1.bundle"
hrun hub import "$T/q1"
check "the first bundle truncated: refused, the second held back (exit 1)" sh -c \
    "[ $rc -eq 1 ] && grep -q 'truncated' '$T/err' &&
    grep -q \"b1.bundle' not imported: an earlier bundle of collector .* was refused\" '$T/err' &&
    ! grep -q '^imported: ' '$T/out'"
hrun hub import "$T/q2"
check "both imported once the first one is whole" sh -c \
    "[ $rc -eq 0 ] && [ \$(grep -c '^imported: ' '$T/out') -eq 2 ]"

finish
