#!/bin/sh
# t0050-docs: README.md, docs/config.md and the man page say what the
# program's own tables say, so they cannot drift again.  The tables come
# from the program ("fleetaudit --list": the command table of cli/main.c,
# the option table of cli/opts.c, the config keys it accepts, the home
# files of cli/home.c) and from "fleetaudit hub --help":
#  - README's "fleetaudit help" block is what "fleetaudit help" prints;
#  - README's commands block has a line per command and per hub
#    subcommand, and nothing else; the man page's SYNOPSIS one per command;
#  - every option of every command is in the man page, and every --option
#    README or the man page names is one the program takes (or one of the
#    few other tools' options listed below);
#  - the config keys of README, docs/config.md and the man page are the
#    keys the config reader takes;
#  - the home files of README and the man page are cli/home.c's, every
#    HOME/NAME the docs and the commands' help name is one of them, and
#    so is every file a real run leaves in a home (assess, keys, export,
#    upload, run with ctl).
. "$(dirname "$0")/../lib/common.sh"
R=$top/README.md
MAN=$top/docs/fleetaudit.1
CONF=$top/docs/config.md
P=127.77.50

# same NAME A B: the sorted, unique lines of files A and B are equal.
same() {
	sort -u "$2" >"$T/a.s"
	sort -u "$3" >"$T/b.s"
	if cmp -s "$T/a.s" "$T/b.s"; then
		ok "$1"
	else
		not_ok "$1"
		diff "$T/a.s" "$T/b.s" | sed -n 's/^\([<>]\)/# \1/p' | head -20
	fi
}

fa --list commands >"$T/cmds" || not_ok "--list commands"
fa --list config-keys >"$T/keys" || not_ok "--list config-keys"
fa --list home-files >"$T/home-files" || not_ok "--list home-files"
check "--list names 16 commands" test "$(wc -l <"$T/cmds")" -ge 16
expect_usage() { fa --list bogus >/dev/null 2>&1; [ $? -eq 2 ]; }
check "--list with a bad table: exit 2" expect_usage

# README's help block: the lines after "$ fleetaudit help" up to the fence.
awk '/^\$ fleetaudit help$/ { on = 1; next } on && /^```/ { exit }
    on { print }' "$R" >"$T/readme-help"
fa help >"$T/help"
if cmp -s "$T/readme-help" "$T/help"; then
	ok "README's help block is what fleetaudit help prints"
else
	not_ok "README's help block is what fleetaudit help prints"
	diff "$T/readme-help" "$T/help" | sed 's/^/# /' | head -20
fi

# README's commands block: the fenced block after "## Commands".
awk '/^## Commands$/ { sec = 1; next } sec && /^```/ { if (on) exit; on = 1;
    next } on { print }' "$R" >"$T/block"
sed -n 's/^fleetaudit \([a-z][a-z-]*\).*/\1/p' "$T/block" >"$T/block-cmds"
same "README's commands block: every command, no other" \
    "$T/block-cmds" "$T/cmds"
# (the subcommands: the lines indented by two under "Subcommands:")
fa hub --help | sed -n '/ubcommands:$/,/^$/p' |
    sed -n 's/^  \([a-z][a-z-]*\).*/\1/p' >"$T/hub-subs"
check "hub --help names subcommands" test -s "$T/hub-subs"
sed -n 's/^fleetaudit hub  *\([a-z][a-z-]*\).*/\1/p' "$T/block" \
    >"$T/block-hub"
same "README's commands block: every hub subcommand, no other" \
    "$T/block-hub" "$T/hub-subs"

# The man page's SYNOPSIS: a .SY entry per command.
awk '/^\.SH SYNOPSIS/ { on = 1; next } /^\.SH / { on = 0 }
    on && prev == ".SY fleetaudit" && $1 == ".B" && $2 !~ /^\\/ { print $2 }
    { prev = $0 }' "$MAN" >"$T/man-cmds"
same "the man page's SYNOPSIS: every command, no other" \
    "$T/man-cmds" "$T/cmds"

# The man page's COMMANDS: an entry (.TP, then the name) per command.
awk '/^\.SH COMMANDS/ { on = 1; next } /^\.SH / { on = 0 }
    on && prev == ".TP" && $1 ~ /^\.B/ { print $2 } { prev = $0 }' "$MAN" |
    tr -d '"' >"$T/man-entries"
: >"$T/no-entry"
while read -r c; do
	grep -qx "$c" "$T/man-entries" || echo "$c" >>"$T/no-entry"
done <"$T/cmds"
if [ -s "$T/no-entry" ]; then
	not_ok "the man page's COMMANDS: an entry per command"
	sed 's/^/# no entry: /' "$T/no-entry"
else
	ok "the man page's COMMANDS: an entry per command"
fi

# Options: each command's, in the man page (written \-\-NAME there),
# anywhere, then in that command's entry (tests/lib/man_options.py).
: >"$T/missing"
: >"$T/all-opts"
while read -r c; do
	fa --list options "$c" >"$T/o" || not_ok "--list options $c"
	cut -d' ' -f1 "$T/o" >>"$T/all-opts"
	while read -r o _short; do
		m=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
		grep -q -- "$m\\([^a-z-]\\|$\\)" "$MAN" || echo "$c $o" >>"$T/missing"
	done <"$T/o"
done <"$T/cmds"
if [ -s "$T/missing" ]; then
	not_ok "every option of every command is in the man page"
	sed 's/^/# not in docs\/fleetaudit.1: /' "$T/missing" | head -20
else
	ok "every option of every command is in the man page"
fi
env -i PATH=/usr/bin:/bin "$PY" "$top/tests/lib/man_options.py" "$FA" "$MAN" \
    >"$T/man-opts.out" 2>&1
if [ $? -eq 0 ]; then
	ok "each command's entry in the man page names its options"
else
	not_ok "each command's entry in the man page names its options"
	sed 's/^/# not in its entry: /' "$T/man-opts.out" | head -20
fi
# The options the program knows: its table's, and those its --help texts
# name (the hub's subcommands parse a few of their own).
while read -r c; do
	fa help "$c"
done <"$T/cmds" >"$T/help-all"
grep -o -- '--[a-z][a-z0-9-]*' "$T/help-all" >>"$T/all-opts"
# fleetaudit's own hidden one, which this test uses
echo --list >>"$T/all-opts"
# Other programs' options that README and the man page show in their
# commands (snmpsim, apt, dpkg, lintian, systemd, git, jq, sqlite3...).
cat >>"$T/all-opts" <<'EOF'
--add-architecture
--prefix
--pedantic
--system
--no-print-directory
--v2c-arch
--process-user
--process-group
--agent-udpv4-endpoint
--data-dir
--cache-dir
--force-index-rebuild
--logging-method
--transport-id-offset
--max-varbinds
--version
EOF
sort -u "$T/all-opts" >"$T/known"
grep -o -- '--[a-z][a-z0-9-]*' "$R" | sort -u >"$T/readme-opts"
comm -23 "$T/readme-opts" "$T/known" >"$T/unknown"
if [ -s "$T/unknown" ]; then
	not_ok "every --option README names exists"
	sed 's/^/# not an option: /' "$T/unknown" | head -20
else
	ok "every --option README names exists"
fi
sed 's/\\-/-/g' "$MAN" | grep -o -- '--[a-z][a-z0-9-]*' | sort -u \
    >"$T/man-opts"
comm -23 "$T/man-opts" "$T/known" >"$T/unknown"
if [ -s "$T/unknown" ]; then
	not_ok "every --option the man page names exists"
	sed 's/^/# not an option: /' "$T/unknown" | head -20
else
	ok "every --option the man page names exists"
fi

# Config keys: README's sentence "Keys allowed in the file: ...".
awk '/^Keys allowed in the file:/ { on = 1 } on { print } on && /\. / { exit }
    on && /\.$/ { exit }' "$R" | tr ' ' '\n' |
    sed -n 's/^[(]*`\([a-z][a-z0-9-]*\)`.*/\1/p' >"$T/readme-keys"
same "README's config keys are the config reader's" \
    "$T/readme-keys" "$T/keys"
# docs/config.md: the first column of the "Plain keys" table.
awk '/^### Plain keys/ { on = 1; next } on && /^### / { exit }
    on && /^\| `/ { print }' "$CONF" | cut -d'|' -f2 | tr ' ' '\n' |
    sed -n 's/^[(]*`\([a-z][a-z0-9-]*\)`.*/\1/p' >"$T/conf-keys"
same "docs/config.md's key table is the config reader's keys" \
    "$T/conf-keys" "$T/keys"
# The man page: the .B/.BR lines between "Keys:" and the next paragraph.
awk '/^\.SH CONFIGURATION/ { sec = 1 } sec && /^Keys:$/ { on = 1; next }
    on && /^\.PP/ { exit } on && /^\.BR? / { print $2 }' "$MAN" |
    sed 's/\\-/-/g; s/[^a-z0-9-]//g' >"$T/man-keys"
same "the man page's config keys are the config reader's" \
    "$T/man-keys" "$T/keys"

# Home files: README's table under "## The home directory".
awk '/^## The home directory$/ { on = 1; next } on && /^## / { exit }
    on && /^\| `/ { print }' "$R" | cut -d'|' -f2 |
    sed -n 's/^ *`\([^`]*\)`.*/\1/p' >"$T/readme-home"
same "README's home files are cli/home.c's" \
    "$T/readme-home" "$T/home-files"
awk '/^\.SH FILES/ { on = 1; next } on && /^\.SH / { exit }
    on && /^\.IB HOME \// { print $3 }' "$MAN" | sed 's/\\-/-/g; s/^\///' \
    >"$T/man-home"
same "the man page's home files are cli/home.c's" \
    "$T/man-home" "$T/home-files"

# Every HOME/NAME that README, docs/ or a command's help names is in it.
sed 's/\\-/-/g' "$R" "$top"/docs/*.md "$MAN" "$T/help-all" |
    grep -oE '(^|[^A-Za-z_$])HOME ?/[a-z][a-z0-9._-]*' |
    sed 's/.*HOME \{0,1\}\///; s/\.$//' | sort -u >"$T/named-home"
sed 's/\/$//' "$T/home-files" | sort -u >"$T/hf-names"
comm -23 "$T/named-home" "$T/hf-names" >"$T/extra"
if [ -s "$T/extra" ]; then
	not_ok "every HOME/NAME the docs and help name is in cli/home.c"
	sed 's/^/# not in the table: HOME\//' "$T/extra"
else
	ok "every HOME/NAME the docs and help name is in cli/home.c"
fi

# What a real run leaves in a home: every name is in the table.
printf '%s.1 %s/samples/fleet/hp-lj-m404.snmprec v2c\n' "$P" "$top" \
    >"$T/one.map"
at_exit 'bed_stop "$T/bed"; [ -n "$pid" ] && kill -9 $pid 2>/dev/null'
mkdir "$T/bed"
bed_start "$T/bed" "$T/one.map" >"$T/bed.out" 2>&1 ||
    { not_ok "bed starts"; cat "$T/bed.out"; finish; }
{
	fa keys init &&
	fa hub --hub "$T/hub" init "$T/hub" &&
	fa keys trust-hub "$T/hub/hub.pub" &&
	fa assess -q "$P.1" &&
	fa export bundle --mask ip -o "$T/b1.bundle"
} >"$T/steps.out" 2>&1
check "keys, hub, assess, export" test $? -eq 0 -a -f "$T/b1.bundle"
fa assess -q "$P.1" >/dev/null 2>&1
# nothing listens on port 9: the bundle stays in the outbox
fa upload --hub-url "https://127.0.0.1:9/WebServices/Onsite2Service.asmx" \
    >"$T/up.out" 2>&1
check "upload to a hub that is down keeps the bundle" \
    sh -c "ls '$T/home/outbox/'*.bundle >/dev/null 2>&1"
env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home" \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
    "$FA" run -q --timeout 200ms --retries 0 "$P.1" 2>"$T/run.log" &
pid=$!
n=0
until fa ctl status >/dev/null 2>&1 && [ -f "$T/home/run.state" ]; do
	n=$((n + 1))
	[ "$n" -lt 150 ] || break
	sleep 0.1
done
check "run answers ctl and keeps run.state" test "$n" -lt 150
ls -A "$T/home" >"$T/home-now.raw"
kill -TERM "$pid"
wait "$pid"
pid=
while read -r f; do
	case $f in
	store.db-wal|store.db-shm) continue ;;	# in store.db's row
	esac
	if [ -d "$T/home/$f" ]; then echo "$f/"; else echo "$f"; fi
done <"$T/home-now.raw" >"$T/home-now"
comm -23 "$(sort -u "$T/home-now" >"$T/hn.s"; echo "$T/hn.s")" \
    "$(sort -u "$T/home-files" >"$T/hf.s"; echo "$T/hf.s")" >"$T/extra"
if [ -s "$T/extra" ]; then
	not_ok "every file a run leaves in the home is in cli/home.c"
	sed 's/^/# not in the table: /' "$T/extra"
else
	ok "every file a run leaves in the home is in cli/home.c"
fi
check "the run left at least 10 of them" \
    test "$(wc -l <"$T/home-now")" -ge 10
finish
