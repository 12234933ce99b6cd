#!/bin/sh
# t0020-arm64-units: the unit tests cross-built for arm64 (make arm64,
# which make test runs) pass under qemu-user; each case's line is
# repeated with "arm64" in its name.  About 45 s under qemu, most of it
# test_store and test_hubusers (Argon2id).
. "$(dirname "$0")/../lib/common.sh"
# make check (FA_SAN=1) tests its sanitizer build; this tests others.
if [ -n "${FA_SAN:-}" ]; then
	ok "arm64 under qemu # SKIP make check"
	finish
fi
A=$top/build/arm64
if [ "$(uname -m)" != x86_64 ]; then
	ok "arm64 under qemu # SKIP not an amd64 machine"
	finish
fi
Q=$(command -v qemu-aarch64-static || command -v qemu-aarch64)
if [ -z "$Q" ] || [ ! -x "$A/fleetaudit" ]; then
	not_ok "arm64 build and qemu-user (make deps; make arm64)"
	finish
fi
check "the arm64 build is an aarch64 program" sh -c "od -An -tx1 -j18 -N2 '$A/fleetaudit' | grep -q 'b7 00'"
n=0
for t in "$top"/build/tests/bin/test_*; do
	name=${t##*/}
	if [ ! -x "$A/tests/bin/$name" ]; then
		not_ok "arm64 $name built"
		continue
	fi
	n=$((n + 1))
	(cd "$top" && timeout 200 "$Q" "$A/tests/bin/$name") >"$T/out" 2>&1
	rc=$?
	sed -n 's/^\(not \)\{0,1\}ok - /&arm64 '"$name"': /p' "$T/out"
	grep -q '^not ok ' "$T/out" && _failed=1
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$T/out"; then
		not_ok "arm64 $name exits 0 (exit $rc)"
		tail -5 "$T/out" | sed 's/^/# /'
	fi
done
check "every unit program ran for arm64 ($n)" test "$n" -gt 10
finish
