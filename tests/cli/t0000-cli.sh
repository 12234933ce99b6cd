#!/bin/sh
# t0000-cli: the command line itself: help, version, exit codes, and one
# clear line for every kind of bad input.
. "$(dirname "$0")/../lib/common.sh"

# expect CODE PATTERN NAME -- ARGS: exit code and a stderr line.
expect() {
	_code=$1 _pat=$2 _name=$3
	shift 4
	fa "$@" >"$T/out" 2>"$T/err"
	_rc=$?
	if [ "$_rc" -eq "$_code" ] && grep -q -- "$_pat" "$T/err" &&
	    [ "$(wc -l <"$T/err")" -le 2 ]; then
		ok "$_name"
	else
		not_ok "$_name (exit $_rc)"
		sed 's/^/# /' "$T/err" | head -5
	fi
}

fa --version >"$T/v"
check "version" grep -q '^fleetaudit [0-9]' "$T/v"
fa help >"$T/help" 2>&1
check "help lists every command" sh -c "for c in assess bundle changes ctl devices discover export hub keys models report run show upload walk help; do grep -q \"^  \$c \" '$T/help' || exit 1; done"
check "help commands are sorted" sh -c "sed -n 's/^  \([a-z]*\) .*/\1/p' '$T/help' >'$T/c1'; sort '$T/c1' | cmp -s - '$T/c1'"
for c in assess bundle changes ctl devices discover export hub keys models report run show upload walk; do
	fa help "$c" >"$T/h1" 2>&1
	fa "$c" --help >"$T/h2" 2>&1
	check "help $c = $c --help" cmp -s "$T/h1" "$T/h2"
	check "help $c has usage and examples" sh -c "grep -q '^usage: fleetaudit $c' '$T/h1' && grep -q 'Examples:' '$T/h1'"
done
check "assess --help documents --timeout" grep -q -- '--timeout DURATION' "$T/h1" 2>/dev/null || true
fa help assess | grep -q -- "--v3-priv PROTO:PASS"
check "assess --help lists v3 options" test $? -eq 0

expect 2 "unknown command 'frobnicate'" "unknown command" -- frobnicate
fa >"$T/out" 2>"$T/err"
check "no command: usage on stderr, exit 2" sh -c "[ $? -eq 2 ] && grep -q '^usage: fleetaudit' '$T/err'"
expect 2 "unknown option '--bogus'" "unknown option" -- assess --bogus 127.0.0.1
expect 2 "needs DURATION" "option without value" -- assess --timeout
expect 2 "no range given" "assess without range" -- assess
expect 2 "bad range '127.0.0.300/24'" "malformed CIDR" -- discover 127.0.0.300/24
expect 2 "bad range '127.0.0.50-127.0.0.10'" "range end before start" -- discover 127.0.0.50-127.0.0.10
expect 2 "bad range '127.0.0.0/33'" "prefix too long" -- discover 127.0.0.0/33
expect 2 "use --force" "range over a /16" -- discover 127.0.0.0/15
expect 2 "cannot resolve 'no-such-host.invalid'" "unresolvable name" -- discover no-such-host.invalid
expect 2 "timeout: '5parsecs'" "bad duration" -- discover --timeout 5parsecs 127.0.0.1
expect 2 "retries: '99' must be between 0 and 10" "retries out of range" -- discover --retries 99 127.0.0.1
expect 2 "auth passphrase must be at least 8" "short v3 passphrase" -- discover --v3-user u --v3-auth SHA:short 127.0.0.1
expect 2 "unknown protocol 'ROT13'" "unknown v3 protocol" -- discover --v3-user u --v3-auth ROT13:12345678 127.0.0.1
expect 2 "need --v3-user" "v3 options without user" -- discover --v3-auth SHA:12345678 127.0.0.1
expect 2 "show needs one DEVICE" "show without device" -- show
expect 2 "walk needs one HOST" "walk without host" -- walk
expect 2 "is 4 addresses" "walk of a range" -- walk 127.0.0.1-4

# Config errors name the file and line; a good config is used.
mkdir -p "$T/home"
printf 'timeout = 1s\nrange = 127.0.0.1\nfrobs = 3\n' >"$T/bad.conf"
expect 2 "bad.conf:3: unknown key 'frobs'" "config unknown key" -- discover --config "$T/bad.conf"
printf '[credential a]\nversion = 3\nuser = u\nauth = SHA:12345678\npriv = AES:short\n' >"$T/bad2.conf"
expect 2 "bad2.conf:1: credential 'a': priv passphrase must be at least 8" "config bad credential" -- discover --config "$T/bad2.conf"
expect 2 "cannot read config" "missing config" -- discover --config "$T/nope.conf" 127.0.0.1

# The store: an unknown device, and a file that is not a store.
fa assess -q -t 100ms --retries 0 127.77.0.250 >/dev/null 2>&1
check "an assessment that finds nothing still creates the store" test -s "$T/home/store.db"
expect 2 "no device 'XYZ' in the store" "show unknown device" -- show XYZ
printf 'this is not a database, just text\n%.0s' 1 2 3 >"$T/junk.db"
expect 1 "is not a fleetaudit store" "not a store" -- devices --db "$T/junk.db"
check "junk file untouched" grep -q "not a database" "$T/junk.db"

# A store that does not exist is not created by looking at it.
expect 1 "no store at '$T/home/none.db'" "devices on a missing store" -- devices --db "$T/home/none.db"
check "missing store not created" test ! -e "$T/home/none.db"
finish
