#!/bin/sh
# t1030-v3: SNMPv3 with every auth and privacy protocol, authNoPriv and
# noAuthNoPriv, against one snmpsim agent holding one user per case; and
# a wrong passphrase, which is reported as such.
. "$(dirname "$0")/../lib/common.sh"
A=127.77.5.1
mkdir -p "$T/data" "$T/cache"
cp "$top/samples/fleet/hp-lj-m404.snmprec" "$T/data/hp.snmprec"
chmod -R a+rX "$T"
chown nobody:nogroup "$T/cache"
u() { echo "--v3-user=$1 --v3-auth-key=authpass1 --v3-auth-proto=$2 --v3-priv-key=privpass1 --v3-priv-proto=$3"; }
# snmpsim's names: AES192/AES256 are the Cisco (Reeder) key extension,
# *BLMT the Blumenthal draft; fleetaudit says AES-192C and AES-192.
# shellcheck disable=SC2046
snmpsimd --data-dir="$T/data" --agent-udpv4-endpoint=$A:161 \
    --cache-dir="$T/cache" --process-user=nobody --process-group=nogroup \
    --logging-method=null --v3-only \
    $(u umd5 MD5 DES) $(u usha SHA AES) $(u u224 SHA224 AES192BLMT) \
    $(u u256 SHA256 AES256BLMT) $(u u384 SHA384 AES192) \
    $(u u512 SHA512 AES256) \
    --v3-user=unopriv --v3-auth-key=authpass1 --v3-auth-proto=SHA256 \
    --v3-user=unoauth >"$T/agent.log" 2>&1 &
pid=$!
at_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
i=0
until snmpget -v3 -l noAuthNoPriv -u unoauth -n hp -t 1 -r 0 $A \
    1.3.6.1.2.1.1.2.0 >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 40 ] || { not_ok "agent starts"; cat "$T/agent.log"; finish; }
	sleep 0.25
done

v3() {
	_name=$1
	shift
	fa assess -q --json -t 500ms --v3-context hp "$@" $A >"$T/o.json" 2>"$T/e"
	check "$_name" test "$(json_get "$T/o.json" '[(d["serial"], d["snmp_version"], d["error"]) for d in j["devices"]]')" = "[('PHBFA00101', '3', None)]"
}
v3 "authPriv MD5/DES" --v3-user umd5 --v3-auth MD5:authpass1 --v3-priv DES:privpass1
v3 "authPriv SHA/AES-128" --v3-user usha --v3-auth SHA:authpass1 --v3-priv AES:privpass1
v3 "authPriv SHA-224/AES-192" --v3-user u224 --v3-auth SHA-224:authpass1 --v3-priv AES-192:privpass1
v3 "authPriv SHA-256/AES-256" --v3-user u256 --v3-auth SHA-256:authpass1 --v3-priv AES-256:privpass1
v3 "authPriv SHA-384/AES-192C" --v3-user u384 --v3-auth SHA-384:authpass1 --v3-priv AES-192C:privpass1
v3 "authPriv SHA-512/AES-256C" --v3-user u512 --v3-auth SHA-512:authpass1 --v3-priv AES-256C:privpass1
v3 "authNoPriv SHA-256" --v3-user unopriv --v3-auth SHA-256:authpass1
v3 "noAuthNoPriv" --v3-user unoauth

fa assess -q -t 300ms --v3-context hp --v3-user usha --v3-auth SHA:wrongpass1 --v3-priv AES:privpass1 $A >/dev/null 2>"$T/e"
check "wrong passphrase: reported, not silent" grep -q "refused a credential, e.g. $A with credential 'v3:usha': v3 security error" "$T/e"
check "no library noise on stderr" test "$(wc -l <"$T/e")" -eq 1
finish
