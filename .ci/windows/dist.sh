#!/bin/sh
# dist.sh: dist/fleetaudit-VERSION-windows-x64.zip from the Windows build:
# fleetaudit.exe, the README and the man page as text (CRLF, UTF-8), the
# samples.  Run by make windows.
#
#   sh .ci/windows/dist.sh VERSION EXE
set -eu
v=$1 exe=$2
cd "$(dirname "$0")/../.."
name=fleetaudit-$v-windows-x64
stage=dist/$name
rm -rf "$stage" "dist/$name.zip"
mkdir -p "$stage"
cp "$exe" "$stage/fleetaudit.exe"
x86_64-w64-mingw32-strip "$stage/fleetaudit.exe"
# text files with Windows line ends, for Notepad
crlf() { sed 's/$/\r/' "$1" >"$2"; }
crlf README.md "$stage/README.txt"
groff -man -Tutf8 -P-cbu docs/fleetaudit.1 2>/dev/null | crlf /dev/stdin \
    "$stage/fleetaudit.txt"
cp -R samples "$stage/samples"
(cd dist && zip -qr -X "$name.zip" "$name")
rm -rf "$stage"
echo "dist/$name.zip"
