#!/bin/sh
# t0040-posix: the code outside the platform layer (cli/plat_*.c) compiles
# with clang against POSIX 2008 alone, as on macOS (make posix-check), and
# names no Linux-only or Windows-only interface; the check does catch a
# Linux-only call.
. "$(dirname "$0")/../lib/common.sh"
make -s -C "$top" BUILD="$BUILD" posix-check >"$T/out" 2>&1
rc=$?
check "make posix-check passes" test "$rc" -eq 0
check "it compiled every file" grep -qE '^posix: ([0-9]+) of \1 files' "$T/out"
[ "$rc" -eq 0 ] || sed 's/^/# /' "$T/out"

# the check fails on what macOS lacks
cat >"$T/linux-only.c" <<'EOT'
#include <sys/socket.h>
int peer(int fd);
int peer(int fd) { return accept4(fd, 0, 0, SOCK_CLOEXEC); }
EOT
sh "$top/.ci/posix-check.sh" "$T/linux-only.c" >"$T/bad" 2>&1
check "a Linux-only call fails the check" test $? -ne 0
check "and the failing file is named" grep -q "^posix: $T/linux-only.c" "$T/bad"

# nothing system-specific outside the platform layer
cd "$top" || exit 1
files=$(ls cli/*.c cli/*.h collector/*.c collector/*.h export/*.c \
    export/*.h export/hub/*.c export/hub/*.h crypto/*.c crypto/*.h | grep -v '^cli/plat')
# shellcheck disable=SC2086
hits=$(grep -nE '#[[:space:]]*if.*(_WIN32|__linux__|__APPLE__)|SO_PEERCRED|getpeereid|/proc/|epoll|accept4|SOCK_CLOEXEC|SOCK_NONBLOCK|<linux/|<windows\.h>|<winsock' $files)
check "no #ifdef for a system, no Linux-only call outside cli/plat*" test -z "$hits"
[ -z "$hits" ] || echo "$hits" | sed 's/^/# /'
finish
