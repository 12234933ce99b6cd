#!/bin/sh
# t0010-install: make install with PREFIX and DESTDIR puts the binary, the
# man page, the samples, the config and both service units in place (the
# packaging files are not installed); the man page renders without a
# warning; a second install keeps an edited config; uninstall removes
# everything but the config.
. "$(dirname "$0")/../lib/common.sh"
D=$T/stage
make -s -C "$top" install PREFIX=/opt/fa DESTDIR="$D" >"$T/out" 2>&1
check "make install exits 0" test $? -eq 0
check "binary installed" test -x "$D/opt/fa/bin/fleetaudit"
check "installed binary runs" sh -c "'$D/opt/fa/bin/fleetaudit' --version | grep -q '^fleetaudit '"
check "man page installed" test -s "$D/opt/fa/share/man/man1/fleetaudit.1"
check "sample fleet installed" test -s "$D/opt/fa/share/fleetaudit/samples/fleet/fleet.conf"
U=$D/opt/fa/lib/systemd/system/fleetaudit.service
check "service unit installed" test -s "$U"
check "the unit runs the installed binary with the installed config" grep -qx "ExecStart=/opt/fa/bin/fleetaudit run --config /opt/fa/etc/fleetaudit/fleetaudit.conf" "$U"
check "the unit says where the installed example config is" grep -q "/opt/fa/share/fleetaudit/fleetaudit.conf" "$U"
check "example config installed" cmp -s "$top/samples/fleetaudit.conf" "$D/opt/fa/share/fleetaudit/fleetaudit.conf"
check "config installed in SYSCONFDIR" cmp -s "$top/samples/fleetaudit.conf" "$D/opt/fa/etc/fleetaudit/fleetaudit.conf"
check "config in SYSCONFDIR: mode 600 (it will hold secrets)" test "$(stat -c %a "$D/opt/fa/etc/fleetaudit/fleetaudit.conf")" = 600
HU=$D/opt/fa/lib/systemd/system/fleetaudit-hub.service
check "hub unit installed, with the installed paths" sh -c "grep -qx 'ExecStart=/opt/fa/bin/fleetaudit hub serve --listen 127.0.0.1:8443 --cert /opt/fa/etc/fleetaudit/hub.crt --key /opt/fa/etc/fleetaudit/hub.key' '$HU' && ! grep -q /usr/local '$HU' '$U'"
check "packaging files not installed" test ! -e "$D/opt/fa/share/fleetaudit/samples/debian"
echo "range = 127.77.0.1" >>"$D/opt/fa/etc/fleetaudit/fleetaudit.conf"
make -s -C "$top" install PREFIX=/opt/fa DESTDIR="$D" >/dev/null 2>&1
check "a second install keeps the edited config" sh -c "tail -1 '$D/opt/fa/etc/fleetaudit/fleetaudit.conf' | grep -qx 'range = 127.77.0.1'"
# discover reads the whole config (its ranges are the sample fleet's,
# on loopback) and refuses a bad one with exit 2.
check "the installed config is accepted" fa discover -q --timeout 100ms --retries 0 --config "$D/opt/fa/share/fleetaudit/fleetaudit.conf"
# -P-cbu: plain text (no overstrike), so words in bold can be found.
groff -man -Tutf8 -ww -P-cbu "$D/opt/fa/share/man/man1/fleetaudit.1" >"$T/man.txt" 2>"$T/man.err"
check "man page renders without warnings" sh -c "[ -s '$T/man.txt' ] && [ ! -s '$T/man.err' ]"
for c in assess bundle changes ctl devices discover export hub keys models report run show upload walk; do
	check "man page documents $c" grep -q "$c" "$T/man.txt"
done
make -s -C "$top" uninstall PREFIX=/opt/fa DESTDIR="$D" >/dev/null 2>&1
check "uninstall removes them" sh -c "[ ! -e '$D/opt/fa/bin/fleetaudit' ] && [ ! -e '$D/opt/fa/share/man/man1/fleetaudit.1' ] && [ ! -e '$U' ] && [ ! -e '$HU' ]"
check "uninstall keeps the config" test -s "$D/opt/fa/etc/fleetaudit/fleetaudit.conf"
finish
