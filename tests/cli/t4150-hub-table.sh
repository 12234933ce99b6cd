#!/bin/sh
# t4150-hub-table: "fleetaudit hub" reads its command line from one table
# of subcommands and the options each accepts (cli/cmd_hub_table.c).
# Checked against the program itself:
#  - "help hub" lists every subcommand, each with its options, and "hub
#    SUB --help" answers for each one it lists;
#  - "hub" alone names every subcommand;
#  - an option of another subcommand is refused in one line naming the
#    option and the subcommand, for every subcommand the help lists (with
#    an option it does not list), nothing done;
#  - "hub user" reads its options once, wherever they stand: before the
#    subcommand too, and one of another user subcommand is refused.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubcli.sh"
HUB=$T/hub
cd "$T" || exit 1

fa hub init "$HUB" >/dev/null 2>&1
# two collectors, so that the accounts acme and other exist
for a in acme other; do
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/$a" \
	    "$FA" keys init -q >/dev/null 2>&1
	hub hub trust add "$T/$a/collector.pub" --account "$a" -q \
	    >/dev/null 2>&1
done
hrun hub trust list
check "hub made, accounts acme and other" \
    sh -c "grep -q ' acme ' out && grep -q ' other ' out"

# ---- help: every subcommand, with its options ----
fa help hub >help.txt
check "help hub: exit 0" test $? -eq 0
# The subcommands as the help lists them: "  NAME ARGS" lines, NAME one
# or two lowercase words.
sed -n '/^Subcommands:/,/^$/p' help.txt |
    sed -n 's/^  \([a-z][a-z]*\)\( [a-z][a-z]*\)\{0,1\}\( .*\)\{0,1\}$/\1\2/p' \
    >subs.txt
# what a user meets in the docs, each on a line of its own
missing=
for s in init migrate show "trust add" "trust list" "trust remove" serve \
    "command add" "command list" import devices report meters supplies \
    "supplies order" attention "account export" "account delete" \
    "account audit" "user add" "user remove" "user list" "user passwd"; do
	grep -qx "$s" subs.txt || missing="$missing '$s'"
done
check "help hub lists each subcommand on a line of its own" \
    test -z "$missing"
[ -n "$missing" ] && echo "# missing:$missing"
check "help hub gives each subcommand's options" sh -c \
    "grep -A3 '^  serve ' help.txt |
	grep -q 'options: .*--listen, --cert, --key' &&
     grep -A3 '^  user add ' help.txt | grep -q 'options: .*--role'"
bad=
while read -r s; do
	# shellcheck disable=SC2086
	fa hub $s --help >sh.out 2>sh.err
	if [ $? -ne 0 ] || ! grep -q "^usage: fleetaudit hub $s" sh.out ||
	    [ -s sh.err ]; then
		bad="$bad '$s'"
	fi
done <subs.txt
check "hub SUB --help answers for each listed subcommand" test -z "$bad"
[ -n "$bad" ] && echo "# no help:$bad"

# ---- hub alone names every subcommand ----
hexpect 2 "hub needs a subcommand" "hub alone: exit 2" -- hub
first=$(cut -d' ' -f1 subs.txt | uniq)
miss=
for w in $first; do
	grep -q "[ :]$w[, )]" err || miss="$miss $w"
done
check "hub alone lists every subcommand (serve, command, migrate, user...)" \
    test -z "$miss"
[ -n "$miss" ] && echo "# not named:$miss"

# ---- options of another subcommand ----
hexpect 2 "--listen applies to 'hub serve' only, not to 'hub devices'" \
    "hub devices --listen ... --store ...: refused" -- \
    hub devices --account acme --listen 127.0.0.1:8443 --store x
check "nothing on standard output" test ! -s out
# for each listed subcommand, an option it does not take
bad=
while read -r s; do
	case $s in
	serve) o="--role admin" name=--role ;;
	*) o="--listen 127.0.0.1:1" name=--listen ;;
	esac
	# shellcheck disable=SC2086
	hrun hub $s x $o
	if [ "$rc" -ne 2 ] || [ "$(wc -l <err)" -ne 1 ] ||
	    ! grep -q -- "$name applies to .* not to 'hub $s'" err; then
		bad="$bad '$s'"
		sed 's/^/# /' err | head -2
	fi
done <subs.txt
check "each subcommand refuses an option of another, naming both" \
    test -z "$bad"
[ -n "$bad" ] && echo "# not refused:$bad"
hexpect 2 "--json applies to .* not to 'hub trust remove'" \
    "hub trust remove --json: refused" -- \
    hub trust remove k7q2-9xmd-3vaf-0c1e --json
hexpect 2 "--by applies to 'hub supplies order' only, not to 'hub supplies'" \
    "hub supplies --by: refused" -- hub supplies --account a --by me
hexpect 2 "unknown option '--home'" "an option of no hub subcommand" -- \
    hub show --home x

# ---- hub user: options read once, wherever they stand ----
printf 'first-user-password\n' >pw
hub hub user add ann --role admin --password-file pw >/dev/null 2>&1
check "user add" test $? -eq 0
hrun hub --json user list
check "hub --json user list: the options before the subcommand count" \
    sh -c "[ $rc -eq 0 ] && grep -q '\"ann\"' out"
hrun hub -q --hub "$HUB" user list --json
check "hub -q --hub DIR user list --json" \
    sh -c "[ $rc -eq 0 ] && grep -q ann out"
hexpect 2 "--role applies to 'hub user add' only, not to 'hub user list'" \
    "hub user list --role: refused" -- hub user list --role admin
hexpect 2 "--password-file applies to .* not to 'hub user remove'" \
    "hub user remove --password-file: refused" -- \
    hub user remove ann --password-file pw
hrun hub user list
check "ann is still there" grep -q '^ann ' out
printf 'second-user-password\n' >pw2
hub hub --account acme --account other user add bob --role user \
    --password-file pw2 >/dev/null 2>&1
hrun hub user list --json
check "--account given twice, before the subcommand: both kept" \
    sh -c "grep -q 'acme' out && grep -q 'other' out"
finish
