#!/bin/sh
# t5300-hub-notify: "fleetaudit hub notify", the hub's notifications
# (docs/notify.md), to a real SMTP server (aiosmtpd, STARTTLS required,
# a test CA) and a real HTTPS receiver (python3 http.server over TLS),
# both on 127.77.0.53 (tests/lib/notify_recv.py).
#
# The desk fixture (tests/tools/desk_fixture.c: MTRB2 jammed on Dec 11)
# is imported after two rules watch account fixture's errors: the import
# runs them, so one mail and one signed webhook tell of MTRB2 (the HMAC
# checked here with Python's hmac).  Run again: nothing new.  A bundle in
# which the jam cleared (tests/tools/notify_fixture.c clear) closes the
# condition without a message; one in which it jams again notifies again.
# A webhook whose receiver is down is tried on the backoff schedule (1
# min, 5 min, ...: "--now" moves the clock), each failure logged, and
# delivered once the receiver is up; one never up is given up after 6
# tries.  A digest rule gathers the day's notices into one mail at its
# hour.  A mail server that offers no STARTTLS gets nothing.  Then the
# bad input: one line, a non-zero exit, nothing stored.
#
# On either hub store (t5301-hub-notify-pg: PostgreSQL).
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
hub_store_start
ADDR=127.77.0.53
SMTP_PORT=25300
HOOK_PORT=25301
DOWN_PORT=25302
GONE_PORT=25303
PLAIN_PORT=25304
HUB=$T/hub
FIX=$top/${BUILD:-build}/tests/tools/desk_fixture
NFIX=$top/${BUILD:-build}/tests/tools/notify_fixture
RECV=$top/tests/lib/notify_recv.py
mkdir -p "$T/tls" "$T/mail" "$T/hook" "$T/down"
cd "$T" || exit 1

site() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/s1" "$FA" "$@"
}
count() { find "$1" -name "$2-*.json" | wc -l | tr -d ' '; }
# recv KIND PORT DIR: a receiver, ready before this returns.
recv() {
	$PY "$RECV" "$1" "$ADDR" "$2" tls/srv.pem tls/srv.key "$3" \
	    >>"$T/recv.log" 2>&1 &
	_pid=$!
	at_exit "kill $_pid 2>/dev/null"
	_n=0
	until [ -e "$3/ready" ] || [ $_n -ge 100 ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
	[ -e "$3/ready" ]
}
# bundle NAME: what is new in the site's store, imported (the rules run).
bundle() {
	site export bundle -o "$T/s1/$1.bundle" >/dev/null 2>&1 &&
	    hub hub import "$T/s1/$1.bundle" >"$T/imp.out" 2>"$T/imp.err"
}
lines() { hub_q "$HUB" "$1"; }

# ---- setup: hub, site, CA, receivers, mail settings ----
# shellcheck disable=SC2046  # --store URL: two words
hub hub init "$HUB" $(hub_init_opts hub) -q >/dev/null
mkdir -p "$T/s1"
chmod 700 "$T/s1"
"$FIX" "$T/s1/store.db" >"$T/fix.out" 2>&1 &&
    site keys init -q >/dev/null &&
    hub hub trust add "$T/s1/collector.pub" --account fixture -q \
    >/dev/null 2>&1 &&
    site keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
check "site and hub set up" test $? -eq 0
tls_ca ca "fleetaudit test CA" && tls_cert srv "$ADDR"
check "test CA and receiver certificate made" test -s tls/srv.pem
check "SMTP server (STARTTLS) ready" recv smtp $SMTP_PORT "$T/mail"
check "HTTPS receiver ready" recv https $HOOK_PORT "$T/hook"
cat >"$HUB/notify.conf" <<EOF
# the hub's mail server (docs/notify.md)
smtp = smtp://$ADDR:$SMTP_PORT
from = fleetaudit@hub.example
cacert = $T/tls/ca.pem
EOF
printf 'hook-secret-0123456789abcdef\n' >secret

# ---- rules ----
hrun hub notify add --account fixture --name desk --on error \
    --to desk@example.com
check "add a mail rule" sh -c "[ $rc -eq 0 ] &&
    grep -q \"rule 'desk' added for account 'fixture': error to mailto:desk@example.com\" '$T/out'"
hrun hub notify add --account fixture --name hook --on error \
    --to "https://$ADDR:$HOOK_PORT/hooks/fleet" --secret-file secret
check "add a webhook rule (its secret from a file, not shown)" \
    sh -c "[ $rc -eq 0 ] && ! grep -q '^secret' '$T/out'"
hrun hub notify add --account fixture --name auto --on low \
    --to "https://$ADDR:$HOOK_PORT/auto"
check "a webhook rule without a secret file: one made, shown once" \
    sh -c "[ $rc -eq 0 ] && grep -Eq '^secret: [0-9a-f]{64}$' '$T/out'"
hrun hub notify remove --account fixture --name auto
check "remove a rule" sh -c "[ $rc -eq 0 ] && grep -q removed '$T/out'"
hrun hub notify list --json
check "list --json: the two rules, no secret" $PY -c "
import json
r = json.load(open('$T/out'))
assert [x['name'] for x in r] == ['desk', 'hook'], r
assert r[1]['target'] == 'https://$ADDR:$HOOK_PORT/hooks/fleet', r
assert r[0]['conditions'] == 'error' and r[0]['digest_hour'] is None, r
assert 'secret' not in open('$T/out').read()
"

# ---- the device in error: told once, by mail and webhook ----
bundle b1
check "import: the bundle imported" grep -q '^imported:' "$T/imp.out"
check "import: the rules ran (2 sent)" grep -q \
    'notify: 2 rules: 2 new conditions, 0 cleared, 2 messages; 2 sent' \
    "$T/imp.err"
check "one mail received" test "$(count mail mail)" = 1
check "the mail: over STARTTLS, to desk@, about MTRB2 jammed" $PY -c "
import email, json
env = json.load(open('mail/mail-1.json'))
assert env['tls'] is True and env['to'] == ['desk@example.com'], env
assert env['from'] == 'fleetaudit@hub.example', env
m = email.message_from_bytes(open('mail/mail-1.eml', 'rb').read())
assert m['Subject'] == '[fleetaudit] fixture: error MTRB2: jammed', m['Subject']
assert m['From'] == 'fleetaudit@hub.example' and m['To'] == 'desk@example.com'
b = m.get_payload(decode=True).decode()
assert 'Color LaserJet M554' in b and 'Floor 2, copy room' in b, b
assert 'Account fixture, rule desk' in b, b
"
check "one webhook received" test "$(count hook hook)" = 1
cat >verify_hook.py <<'EOF'
import hashlib, hmac, json, sys
base, secret = sys.argv[1], sys.argv[2].encode()
body = open(base + '.body', 'rb').read()
h = json.load(open(base + '.json'))['headers']
sig = h['X-Fleetaudit-Signature']
want = 'sha256=' + hmac.new(secret, body, hashlib.sha256).hexdigest()
if not hmac.compare_digest(sig, want):
    sys.exit('bad signature')
j = json.loads(body)
print(h['Content-Type'], h['X-Fleetaudit-Event'], h['X-Fleetaudit-Delivery'],
      j['message'], j['rule'], j['account'],
      ' '.join('%s:%s:%s' % (n['kind'], n['serial'], n['detail'])
               for n in j['notices']))
EOF
check "the webhook: its HMAC-SHA256 verifies with the rule's secret" \
    $PY verify_hook.py hook/hook-1 hook-secret-0123456789abcdef
$PY verify_hook.py hook/hook-1 hook-secret-0123456789abcdef >hook1.txt 2>&1
check "the webhook: JSON, one notice of MTRB2 jammed" sh -c \
    "grep -q '^application/json notice \\([0-9]*\\) \\1 hook fixture error:MTRB2:jammed$' hook1.txt"
check "the webhook: a wrong secret does not verify" \
    sh -c "! $PY verify_hook.py hook/hook-1 another-secret-0123456789 2>/dev/null"

hrun hub notify run
check "run again: exit 0, nothing new" sh -c "[ $rc -eq 0 ] &&
    grep -q '2 rules: 0 new conditions, 0 cleared, 0 messages; 0 sent' '$T/err'"
check "run again: no second mail, no second webhook" \
    test "$(count mail mail)/$(count hook hook)" = 1/1

# ---- the jam clears, then comes back ----
"$NFIX" "$T/s1/store.db" clear >/dev/null 2>&1
bundle b2
got=$(count mail mail)/$(count hook hook)
check "the jam cleared: the conditions closed, no message" sh -c \
    "grep -q 'notify: 2 rules: 0 new conditions, 2 cleared, 0 messages' '$T/imp.err' &&
    [ $got = 1/1 ]"
check "no condition open" test "$(lines 'SELECT count(*) FROM notify_open')" = 0
"$NFIX" "$T/s1/store.db" jam >/dev/null 2>&1
bundle b3
got=$(count mail mail)/$(count hook hook)
check "jammed again: told again (mail and webhook)" sh -c \
    "grep -q 'notify: 2 rules: 2 new conditions, 0 cleared, 2 messages; 2 sent' '$T/imp.err' &&
    [ $got = 2/2 ]"
check "the second webhook verifies too" \
    $PY verify_hook.py hook/hook-2 hook-secret-0123456789abcdef

# ---- receivers down: retries with backoff, each logged ----
hub hub notify add --account fixture --name down --on error \
    --to "https://$ADDR:$DOWN_PORT/x" -q >/dev/null 2>&1
hub hub notify add --account fixture --name gone --on error \
    --to "https://$ADDR:$GONE_PORT/x" -q >/dev/null 2>&1
T0=2026-12-14T00:00:00Z
hrun hub notify run --now $T0
check "receivers down: the run exits 1" test "$rc" -eq 1
check "receivers down: each failure said, with the next try" sh -c \
    "grep -q \"^failed: message [0-9]* (rule 'down' of 'fixture') to https://$ADDR:$DOWN_PORT/x, try 1: .*; next try at 2026-12-14T00:01:00Z\" '$T/out'"
hrun hub notify run --now 2026-12-14T00:00:30Z
got=$(lines "SELECT count(*) FROM notify_log WHERE rule IN ('down', 'gone')")
check "30 s later: not due, no try" sh -c "[ $rc -eq 0 ] && [ $got = 2 ]"
hrun hub notify run --now 2026-12-14T00:01:00Z
check "1 min later: the second tries" test "$rc" -eq 1
check "the receiver comes up" recv https $DOWN_PORT "$T/down"
hrun hub notify run --now 2026-12-14T00:06:00Z
got=$(count down hook)
check "5 min after that: delivered on the third try" sh -c \
    "grep -q \"^sent: message [0-9]* (rule 'down' of 'fixture', notices) to https://$ADDR:$DOWN_PORT/x\" '$T/out' &&
    [ $got = 1 ]"
for t in 2026-12-14T00:36:00Z 2026-12-14T02:36:00Z; do
	hub hub notify run --now $t >/dev/null 2>&1
done
hrun hub notify run --now 2026-12-14T08:36:00Z
check "never up: given up after 6 tries" sh -c \
    "grep -q \"^gave up: message [0-9]* (rule 'gone' of 'fixture') to https://$ADDR:$GONE_PORT/x, try 6: \" '$T/out'"
hub hub notify log --account fixture --json >log.json 2>/dev/null
check "log --json: each try on the schedule (0, 1, 5, 30 min, 2 h, 6 h)" $PY -c "
import json
from datetime import datetime, timezone
t0 = datetime(2026, 12, 14, tzinfo=timezone.utc).timestamp()
rows = json.load(open('log.json'))[::-1]
def at(s):
    return int(datetime.strptime(s, '%Y-%m-%dT%H:%M:%SZ').replace(
        tzinfo=timezone.utc).timestamp() - t0)
g = [(at(r['time']), r['attempt'], r['outcome']) for r in rows if r['rule'] == 'gone']
assert g == [(0, 1, 'failed'), (60, 2, 'failed'), (360, 3, 'failed'),
    (2160, 4, 'failed'), (9360, 5, 'failed'), (30960, 6, 'gave up')], g
d = [(at(r['time']), r['attempt'], r['outcome']) for r in rows if r['rule'] == 'down']
assert d == [(0, 1, 'failed'), (60, 2, 'failed'), (360, 3, 'sent')], d
assert all(r['detail'] for r in rows if r['outcome'] != 'sent'), rows
assert {r['target'] for r in rows if r['rule'] == 'desk'} == {'mailto:desk@example.com'}
assert [r['outcome'] for r in rows if r['rule'] == 'desk'] == ['sent', 'sent']
"
hrun hub notify run --now 2026-12-16T08:36:00Z
check "given up: never tried again" test \
    "$(lines "SELECT count(*) FROM notify_log WHERE rule = 'gone'")" = 6

# ---- the daily digest ----
hub hub notify add --account fixture --name daily --on error,silent,low \
    --to digest@example.com --digest 7 -q >/dev/null 2>&1
nm=$(count mail mail)
hrun hub notify run --account fixture --now 2026-12-20T06:00:00Z
got=$(count mail mail)
kept=$(lines "SELECT count(*) FROM notify_notices n JOIN notify_rules r ON r.id = n.rule_id WHERE r.name = 'daily' AND n.message_id IS NULL")
check "digest: before its hour, the notices kept, no mail" sh -c \
    "[ $got = $nm ] && [ $kept -ge 4 ]"
hrun hub notify run --account fixture --now 2026-12-20T07:30:00Z
check "digest: at its hour, one mail" test "$(count mail mail)" = $((nm + 1))
check "digest: the day's notices in it" $PY -c "
import email, json
env = json.load(open('mail/mail-$((nm + 1)).json'))
assert env['to'] == ['digest@example.com'], env
m = email.message_from_bytes(open('mail/mail-$((nm + 1)).eml', 'rb').read())
s = m['Subject']
assert s.startswith('[fleetaudit] fixture: daily digest 2026-12-20, '), s
b = m.get_payload(decode=True).decode()
for w in ('MTRB2', 'jammed', 'SUPE5', 'not reporting since', 'MTRA1', 'at 8%'):
    assert w in b, (w, b)
n = int(s.split(', ')[1].split()[0])
assert n >= 4 and b.count('\n         since ') == n, (n, b)
"
hrun hub notify run --account fixture --now 2026-12-20T09:00:00Z
check "digest: once a day" test "$(count mail mail)" = $((nm + 1))

# ---- a mail server without STARTTLS: nothing sent in the clear ----
mkdir -p "$T/plain"
check "an SMTP server without STARTTLS ready" \
    recv smtp-plain $PLAIN_PORT "$T/plain"
cp "$HUB/notify.conf" notify.conf.good
sed "s/:$SMTP_PORT\$/:$PLAIN_PORT/" notify.conf.good >"$HUB/notify.conf"
hub hub notify add --account fixture --name plain --on error \
    --to plain@example.com -q >/dev/null 2>&1
hrun hub notify run --account fixture --now 2026-12-21T10:00:00Z
got=$(count plain mail)
check "no STARTTLS: the delivery fails, nothing received" sh -c \
    "[ $rc -eq 1 ] && [ $got = 0 ] &&
    grep -q \"^failed: message [0-9]* (rule 'plain' of 'fixture') to mailto:plain@example.com, try 1: \" '$T/out'"
hub hub notify remove --account fixture --name plain -q >/dev/null 2>&1
cp notify.conf.good "$HUB/notify.conf"

# ---- bad input: one line, non-zero, nothing stored ----
before=$(lines "SELECT count(*) FROM notify_rules")
hexpect 2 "'not-an-address' is not an e-mail address" "bad address" -- \
    hub notify add --account fixture --name x --on error --to not-an-address
hexpect 2 "'a@b@c' is not an e-mail address" "bad address (two @)" -- \
    hub notify add --account fixture --name x --on error --to a@b@c
hexpect 2 "webhook URL 'http://$ADDR/x' is not https://" "http:// refused" -- \
    hub notify add --account fixture --name x --on error --to "http://$ADDR/x"
hexpect 2 "'https://' is not a valid https:// URL" "bad URL" -- \
    hub notify add --account fixture --name x --on error --to https://
hexpect 2 "unknown condition 'errors'" "unknown condition" -- \
    hub notify add --account fixture --name x --on errors --to a@example.com
hexpect 2 "--digest" "digest hour out of range" -- \
    hub notify add --account fixture --name x --on error --to a@example.com \
    --digest 24
hexpect 2 "needs --account NAME and --name RULE" "add without a name" -- \
    hub notify add --account fixture --on error --to a@example.com
hexpect 2 "rule name 'a b' may hold only" "bad rule name" -- \
    hub notify add --account fixture --name 'a b' --on error \
    --to a@example.com
hexpect 1 "account 'fixture' already has a rule 'desk'" "duplicate name" -- \
    hub notify add --account fixture --name desk --on error --to a@example.com
hexpect 1 "nobody" "unknown account" -- \
    hub notify add --account nobody --name x --on error --to a@example.com
hexpect 1 "account 'fixture' has no rule 'nope'" "remove an unknown rule" -- \
    hub notify remove --account fixture --name nope
hexpect 2 "unknown hub notify subcommand 'send'" "unknown verb" -- hub notify send
hexpect 2 "--secret-file is for webhooks" "a secret for a mail rule" -- \
    hub notify add --account fixture --name x --on error --to a@example.com \
    --secret-file secret
printf 'smtp = smtp://%s:%s\nfrom: x\n' "$ADDR" $SMTP_PORT >"$HUB/notify.conf"
hexpect 2 "notify.conf:2: expected 'key = value'" "bad notify.conf" -- \
    hub notify run
check "nothing stored by the bad input" \
    test "$(lines "SELECT count(*) FROM notify_rules")" = "$before"

# ---- the account's export and delete take the rules along ----
hrun hub account export fixture -o "$T/fixture.jsonl"
check "account export: the rules, never a webhook secret" sh -c \
    "[ $rc -eq 0 ] && [ \$(grep -c '\"table\": *\"notify_rules\"' '$T/fixture.jsonl') -eq 5 ] &&
    ! grep -q 'hook-secret' '$T/fixture.jsonl'"
hrun hub account delete fixture --yes
rest=$(lines "SELECT (SELECT count(*) FROM notify_rules) + (SELECT count(*) FROM notify_open) + (SELECT count(*) FROM notify_notices) + (SELECT count(*) FROM notify_messages)")
check "account delete: its rules, notices and messages gone" sh -c \
    "[ $rc -eq 0 ] && [ $rest = 0 ] && grep -q '5 notify_rules' '$T/err'"
check "account delete: the delivery log kept" test \
    "$(lines "SELECT count(*) FROM notify_log WHERE account = 'fixture'")" -ge 13
check "the store is sound" test "$(hub_integrity "$HUB")" = ok
finish
