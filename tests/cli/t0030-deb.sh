#!/bin/sh
# t0030-deb: the package of this machine's architecture (amd64 here) in
# its real system.  Builds it (make deb) and a test build of a later
# version (DEB_TEST=1: one more store schema step, a changed conffile),
# checks lintian, then: apt-get install, the user, files and modes; the
# hub unit's command once set up; the collector unit's ExecStart run as
# its user (systemd does not run here), refusing a bad config with one
# line, then on the sample fleet with ctl; an upgrade over a hand-edited
# conffile with the collector running (the edit kept, the store
# migrated, history and keys intact); a purge with the collector running
# (stopped first, nothing left but the system user, which Debian keeps,
# and the administrator's own files).  The package is purged and the
# user removed when the test ends, on failure too; a package installed
# before the test is left alone (the test stops).  Needs root.  65-125 s
# on a loaded 2-core machine, most of it the two builds.
# Addresses: 127.77.41.N.
. "$(dirname "$0")/../lib/common.sh"
# make check (FA_SAN=1) tests its sanitizer build; this tests others.
if [ -n "${FA_SAN:-}" ]; then
	ok "the package test # SKIP make check"
	finish
fi
P=127.77.41
HOMEDIR=/var/lib/fleetaudit
CONF=/etc/fleetaudit/fleetaudit.conf
UNIT=/lib/systemd/system/fleetaudit.service
ARCH=$(dpkg --print-architecture)
if [ "$(id -u)" != 0 ]; then
	ok "the package test # SKIP not root"
	finish
fi
# One package test at a time on this machine.
lockdir=/run/lock
[ -d $lockdir ] || lockdir=/tmp
exec 9>$lockdir/fleetaudit-deb-test.lock
if ! flock -w 600 9; then
	not_ok "no other package test running (lock)"
	finish
fi
if dpkg-query -W -f='${db:Status-Abbrev}' fleetaudit 2>/dev/null |
    grep -q '^[ihrcuf][^n]'; then
	not_ok "the fleetaudit package is installed already: purge it first"
	finish
fi
user_before=$(getent passwd fleetaudit)

apt() {
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
	    -y -q "$@"
}
# Leaves the machine as it was: no collector of ours, no package, no
# user the package made.
cleanup() {
	[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
	if dpkg-query -W fleetaudit >/dev/null 2>&1; then
		apt purge fleetaudit >/dev/null 2>&1 ||
		    dpkg --purge --force-all fleetaudit >/dev/null 2>&1
	fi
	rm -f /etc/fleetaudit/hub.crt /etc/fleetaudit/hub.key
	rmdir /etc/fleetaudit 2>/dev/null
	if [ -z "$user_before" ] && getent passwd fleetaudit >/dev/null; then
		userdel fleetaudit 2>/dev/null
		groupdel fleetaudit 2>/dev/null
	fi
	bed_stop "$T/bed"
}
at_exit cleanup

# as_fa ARGS...: fleetaudit as the package's user, on its home.
as_fa() {
	runuser -u fleetaudit -- env -i PATH=/usr/bin:/bin \
	    FLEETAUDIT_HOME=$HOMEDIR /usr/bin/fleetaudit "$@"
}
q() { sqlite3 -batch -noheader "$HOMEDIR/store.db" "$1"; }
# service [UNIT]: the unit's ExecStart as its User, with its Environment,
# in the background (systemd does not run here); its PID in $pid.
service() {
	_unit=${1:-$UNIT}
	_u=$(sed -n 's/^User=//p' "$_unit")
	_env=$(sed -n 's/^Environment=//p' "$_unit")
	_cmd=$(sed -n 's/^ExecStart=//p' "$_unit")
	# shellcheck disable=SC2086 # the unit's words
	setpriv --reuid="$_u" --regid="$_u" --init-groups \
	    env -i PATH=/usr/bin:/bin $_env $_cmd 2>>"$T/service.log" &
	pid=$!
}
# discovered N: the running collector's first discovery read N devices.
discovered() {
	_d=0
	while [ $_d -lt 120 ]; do
		env -i FLEETAUDIT_HOME=$HOMEDIR /usr/bin/fleetaudit ctl status \
		    --json >"$T/st.json" 2>/dev/null &&
		    [ "$(json_get "$T/st.json" "(j['kinds']['discovery']['last'] or {}).get('read')")" = "$1" ] &&
		    return 0
		_d=$((_d + 1))
		sleep 0.5
	done
	return 1
}
dead() {
	case $(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null) in
	Z*|X*|'') return 0 ;;
	esac
	return 1
}
# reaped: $pid ended within 10 s; its exit status in $rc (killed and
# 137 when it did not end).
reaped() {
	_r=0
	while ! dead "$pid" && [ $_r -lt 100 ]; do sleep 0.1; _r=$((_r + 1)); done
	dead "$pid" || kill -9 "$pid" 2>/dev/null
	wait "$pid"
	rc=$?
	pid=
}

# ---- build: release VERSION and a later test build ----
V0=$(sed -n 's/^VERSION[[:space:]]*=[[:space:]]*//p' "$top/Makefile")
V1=$V0+test1
make -s -C "$top" deb DEB_ARCHS=$ARCH DEBOUT="$T/deb0" DEBWORK="$T/w0" \
    >"$T/build0.log" 2>&1
check "make deb builds fleetaudit_${V0}_$ARCH.deb" test -s "$T/deb0/fleetaudit_${V0}_$ARCH.deb"
# The test build starts from the release's objects: only the files that
# use the version or the schema version differ.
mkdir -p "$T/w1/$ARCH"
cp -a "$T/w0/$ARCH/obj" "$T/w1/$ARCH/obj"
for f in $(cd "$top" && grep -l 'FA_VERSION\|STORE_SCHEMA_VERSION' \
    cli/*.c collector/*.c export/*.c export/hub/*.c crypto/*.c); do
	rm -f "$T/w1/$ARCH/obj/${f%.c}.o"
done
make -s -C "$top" deb DEB_ARCHS=$ARCH VERSION="$V1" DEB_TEST=1 \
    DEBOUT="$T/deb1" DEBWORK="$T/w1" >"$T/build1.log" 2>&1
check "make deb DEB_TEST=1 builds version $V1" test -s "$T/deb1/fleetaudit_${V1}_$ARCH.deb"
D0=$T/deb0/fleetaudit_${V0}_$ARCH.deb
D1=$T/deb1/fleetaudit_${V1}_$ARCH.deb
[ -s "$D0" ] && [ -s "$D1" ] || { tail -20 "$T/build0.log" "$T/build1.log" | sed 's/^/# /'; finish; }
lintian -I --pedantic "$D0" 2>&1 | grep -v 'running with root privileges' >"$T/lintian"
check "lintian: no tag (the overridden ones are explained)" test ! -s "$T/lintian"
sed 's/^/# /' "$T/lintian" | head -10
dpkg-deb -f "$D0" Depends >"$T/depends"
check "Depends computed by dpkg-shlibdeps" sh -c "grep -q 'libsnmp40 (>= ' '$T/depends' && grep -q 'libsodium23' '$T/depends' && grep -q adduser '$T/depends'"
dpkg-deb -c "$D0" >"$T/contents"
check "the package holds no packaging or demo build files" sh -c "! grep -q 'samples/debian' '$T/contents'"

# ---- install ----
fleet_map $P
mkdir "$T/bed"
bed_start "$T/bed" "$T/fleet.map" >"$T/bed.out" 2>&1 ||
    { not_ok "bed starts"; cat "$T/bed.out"; finish; }
(cd "$T/deb0" && apt install "./fleetaudit_${V0}_$ARCH.deb") >"$T/i0.log" 2>&1
check "apt-get install ./fleetaudit_${V0}_$ARCH.deb" test "$(dpkg-query -W -f='${Version} ${db:Status-Abbrev}' fleetaudit 2>/dev/null)" = "$V0 ii "
grep -E '^(E|W):' "$T/i0.log" | sed 's/^/# /'
IFS=: read -r _n _x uid gid _g uhome ushell <<EOF
$(getent passwd fleetaudit)
EOF
check "user fleetaudit: a system user" test "${uid:-1000}" -lt 1000
check "user fleetaudit: home $HOMEDIR, no login shell" test "$uhome:$ushell" = "$HOMEDIR:/usr/sbin/nologin"
check "group fleetaudit is the user's" test "$(getent group fleetaudit | cut -d: -f3)" = "$gid"
mode() { stat -c '%a %U:%G' "$1" 2>/dev/null; }
check "home: 700 fleetaudit:fleetaudit" test "$(mode $HOMEDIR)" = "700 fleetaudit:fleetaudit"
check "binary: /usr/bin/fleetaudit 755 root" test "$(mode /usr/bin/fleetaudit)" = "755 root:root"
check "man page: 644" test "$(mode /usr/share/man/man1/fleetaudit.1.gz)" = "644 root:root"
check "config: 640 root:fleetaudit (it holds secrets)" test "$(mode $CONF)" = "640 root:fleetaudit"
check "config: a conffile" sh -c "dpkg-query -W -f='\${Conffiles}' fleetaudit | grep -q ' $CONF '"
check "units: both, 644" test "$(mode $UNIT) $(mode /lib/systemd/system/fleetaudit-hub.service)" = "644 root:root 644 root:root"
W=/etc/systemd/system/multi-user.target.wants
check "the collector's unit is enabled" test -L "$W/fleetaudit.service"
check "the hub's unit is not enabled (until set up)" test ! -e "$W/fleetaudit-hub.service"
check "the collector's key pair made, secret 600" test "$(mode $HOMEDIR/collector.key)" = "600 fleetaudit:fleetaudit"
check "copyright and changelog" sh -c "[ -s /usr/share/doc/fleetaudit/copyright ] && [ -s /usr/share/doc/fleetaudit/changelog.gz ]"
check "samples installed" test -s /usr/share/fleetaudit/samples/fleet/fleet.conf
check "installed binary runs" sh -c "/usr/bin/fleetaudit --version | grep -qx 'fleetaudit $V0'"

# ---- the hub's unit, set up as its comments say ----
HU=/lib/systemd/system/fleetaudit-hub.service
as_fa hub init $HOMEDIR/hub >/dev/null 2>&1
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -days 2 \
    -keyout "$T/hub.key" -out "$T/hub.crt" >/dev/null 2>&1
install -m 644 "$T/hub.crt" /etc/fleetaudit/
# the TLS key is a secret: its owner alone (hub serve refuses it otherwise)
install -m 600 -o fleetaudit -g fleetaudit "$T/hub.key" /etc/fleetaudit/
check "the hub unit's conditions are met once set up" sh -c "sed -n 's/^ConditionPathExists=//p' '$HU' | while read -r f; do [ -e \"\$f\" ] || exit 1; done"
service "$HU"
n=0
until grep -q 'serving https' "$T/service.log" || dead "$pid" || [ $n -ge 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
url=https://$(sed -n 's/^ExecStart=.*--listen \([^ ]*\).*/\1/p' "$HU")/WebServices/Onsite2Service.asmx?wsdl
curl -sS --max-time 10 --cacert "$T/hub.crt" "$url" >"$T/wsdl" 2>&1
check "the hub unit's command serves the WSDL as fleetaudit" grep -q 'wsdl:definitions' "$T/wsdl"
kill -TERM "$pid" 2>/dev/null
reaped
check "the hub stops cleanly" test "$rc" -eq 0
: >"$T/service.log"

# ---- the service: a bad config refused, then the sample fleet ----
sed -i '1i interval = meters=1m' "$CONF"
service
reaped
check "bad config: the service's command exits 2" test "$rc" -eq 2
check "bad config: one line naming the file, the line and the problem" sh -c "[ \$(wc -l <'$T/service.log') -eq 1 ] && grep -q \"^fleetaudit: $CONF:1: interval meters: '1m' is out of range (30m to 14d)\$\" '$T/service.log'"
sed 's/^/# /' "$T/service.log"
check "bad config: the unit does not restart on exit 2" grep -qx 'RestartPreventExitStatus=2' "$UNIT"
check "bad config: nothing written in the home" test ! -e "$HOMEDIR/store.db"
# The administrator's edit: the test's loopback fleet.
cat >"$CONF" <<EOC
# edited by hand
range = $P.1-20
timeout = 400ms
retries = 0
community = public
[credential v3]
version = 3
user = $BED_V3_USER
auth = $BED_V3_AUTH
priv = $BED_V3_PRIV
context = $BED_V3_CONTEXT
EOC
cp "$CONF" "$T/conf.edited"
: >"$T/service.log"
service
check "the service's first discovery: 11 printers" discovered 11
check "the service runs as fleetaudit" test "$(ps -o user= -p "$pid" 2>/dev/null)" = fleetaudit
check "the store: 600 fleetaudit" test "$(mode $HOMEDIR/store.db)" = "600 fleetaudit:fleetaudit"
env -i FLEETAUDIT_HOME=$HOMEDIR /usr/bin/fleetaudit ctl scan supplies --wait >"$T/scan.out" 2>&1
check "ctl scan supplies --wait (as root)" grep -q '^supplies: 11 devices read' "$T/scan.out"
as_fa assess -q $P.1-20 >/dev/null 2>&1
v_before=$(q 'PRAGMA user_version')
# The history so far (the collector may add to it until it is stopped).
last=$(q 'select max(id) from assessments')
lastscan=$(q 'select max(id) from scans')
hist() { q "select id, started, finished, ranges, found, read_ok from assessments where id <= $last order by id" | md5sum; }
scans() { q "select id, device_id, time, address from scans where id <= $lastscan order by id" | md5sum; }
h0=$(hist)
s0=$(scans)
serials=$(q 'select serial from devices order by serial' | md5sum)
keysum=$(md5sum <"$HOMEDIR/collector.key")
fp=$(as_fa keys show --json 2>/dev/null | $PY -c 'import json,sys; print(json.load(sys.stdin)["fingerprint"])')
check "history before the upgrade: 3 assessments, 30+ scans" sh -c "[ $last -ge 3 ] && [ $lastscan -ge 30 ]"

# ---- upgrade over the edited conffile, the collector running ----
(cd "$T/deb1" && apt -o Dpkg::Options::=--force-confold \
    install "./fleetaudit_${V1}_$ARCH.deb") >"$T/i1.log" 2>&1
check "upgrade to $V1" test "$(dpkg-query -W -f='${Version} ${db:Status-Abbrev}' fleetaudit 2>/dev/null)" = "$V1 ii "
check "the running collector was stopped for the upgrade (no systemd)" dead "$pid"
reaped
check "it stopped cleanly (SIGTERM, exit 0)" test "$rc" -eq 0
check "the edited conffile is kept" cmp -s "$CONF" "$T/conf.edited"
check "the new one beside it as .dpkg-dist" grep -qx "# test build $V1" "$CONF.dpkg-dist"
check "config still 640 root:fleetaudit" test "$(mode $CONF)" = "640 root:fleetaudit"
check "the store untouched until used: schema $v_before" test "$(q 'PRAGMA user_version')" = "$v_before"
as_fa devices >"$T/devices.out" 2>&1
check "the new version opens the store" test $? -eq 0
check "the store migrated one step" test "$(q 'PRAGMA user_version')" = "$((v_before + 1))"
check "the test build's step ran" test "$(q 'select done from test_upgrade')" = 1
check "history intact: assessments" test "$(hist)" = "$h0"
check "history intact: scans" test "$(scans)" = "$s0"
check "history intact: devices" test "$(q 'select serial from devices order by serial' | md5sum)" = "$serials"
check "keys intact" test "$(md5sum <"$HOMEDIR/collector.key")" = "$keysum"
check "fingerprint unchanged" test "$(as_fa keys show --json 2>/dev/null | $PY -c 'import json,sys; print(json.load(sys.stdin)["fingerprint"])')" = "$fp"
check "home still 700 fleetaudit" test "$(mode $HOMEDIR)" = "700 fleetaudit:fleetaudit"
: >"$T/service.log"
service
n0=$(q 'select count(*) from assessments')
n=0
until env -i FLEETAUDIT_HOME=$HOMEDIR /usr/bin/fleetaudit ctl status >/dev/null 2>&1 || [ $n -ge 100 ]; do
	sleep 0.2
	n=$((n + 1))
done
env -i FLEETAUDIT_HOME=$HOMEDIR /usr/bin/fleetaudit ctl scan discovery --wait >"$T/scan.out" 2>&1
check "the upgraded service reads the fleet (ctl scan discovery --wait)" grep -q '^discovery: 11 devices read' "$T/scan.out"
check "its discovery added to the history" test "$(q 'select count(*) from assessments')" -gt "$n0"

# ---- purge with the collector running ----
apt purge fleetaudit >"$T/purge.log" 2>&1
check "apt-get purge exits 0" test $? -eq 0
check "purge stopped the running collector first" grep -q 'stopping the running fleetaudit processes' "$T/purge.log"
reaped
check "the collector stopped cleanly (exit 0)" test "$rc" -eq 0
check "purged: not known to dpkg any more" sh -c "! dpkg-query -W fleetaudit >/dev/null 2>&1"
left=
for f in /usr/bin/fleetaudit /usr/share/fleetaudit /usr/share/doc/fleetaudit \
    /usr/share/man/man1/fleetaudit.1.gz $CONF $CONF.dpkg-dist $HOMEDIR \
    /lib/systemd/system/fleetaudit.service \
    /lib/systemd/system/fleetaudit-hub.service "$W/fleetaudit.service"; do
	[ -e "$f" ] || [ -L "$f" ] && left="$left $f"
done
check "purged: no file left${left:+ ($left)}" test -z "$left"
check "purged: only the administrator's own files stay in /etc/fleetaudit" test "$(ls /etc/fleetaudit 2>&1 | tr '\n' ' ')" = "hub.crt hub.key "
check "purged: no statoverride left" sh -c "! dpkg-statoverride --list | grep -q fleetaudit"
check "purged: the system user stays (Debian's practice)" getent passwd fleetaudit
finish
