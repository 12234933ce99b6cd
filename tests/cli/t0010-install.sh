#!/bin/sh
# t0010-install: make install with PREFIX and DESTDIR puts the binary, the
# man page and the samples in place; the man page renders without a
# warning; uninstall removes them.
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
check "the unit runs the installed binary" grep -qx "ExecStart=/opt/fa/bin/fleetaudit run" "$U"
check "the unit says where the installed example config is" grep -q "/opt/fa/share/fleetaudit/fleetaudit.conf" "$U"
check "example config installed" cmp -s "$top/samples/fleetaudit.conf" "$D/opt/fa/share/fleetaudit/fleetaudit.conf"
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
check "uninstall removes them" sh -c "[ ! -e '$D/opt/fa/bin/fleetaudit' ] && [ ! -e '$D/opt/fa/share/man/man1/fleetaudit.1' ] && [ ! -e '$U' ]"
finish
