#!/bin/sh
# t1020-config: a site's config file (ranges, exclusions, credential sets
# tried in order, limits, store path), SNMPv1, the command line overriding
# the file, and the default home under XDG_DATA_HOME.
. "$(dirname "$0")/../lib/common.sh"
P=127.77.6
fleet_bed $P
cat >"$T/site.conf" <<EOC
# site config
store = $T/site/store.db
range = $P.1-5
exclude = $P.5
timeout = 400ms
retries = 1
rate = 2000
max-inflight = 64

[credential wrong]
version = 2c
community = not-this-one

[credential old-v1]
version = 1
community = public
EOC
mkdir -p "$T/site"
fa assess -q --json --config "$T/site.conf" >"$T/a.json" 2>"$T/err"
check "assess from the config alone" test $? -eq 0
check "config range and exclusion" test "$(json_get "$T/a.json" 'sorted(d["address"] for d in j["devices"])')" = "['$P.1', '$P.2', '$P.3', '$P.4']"
check "config credentials tried in order: v1 worked" test "$(json_get "$T/a.json" 'sorted(set((d["credential"], d["snmp_version"]) for d in j["devices"]))')" = "[('old-v1', '1')]"
check "SNMPv1 reads tables (GETNEXT)" test "$(json_get "$T/a.json" '[len(d["supplies"]) for d in j["devices"] if d["address"]=="'$P.4'"]')" = "[5]"
check "store path from the config" test -s "$T/site/store.db"
check "settings stored with the assessment" test "$(sqlite3 "$T/site/store.db" 'select settings from assessments' | $PY -c 'import json,sys; s=json.load(sys.stdin); print(s["timeout_ms"], s["rate_pps"], s["credentials"])')" = "400 2000 ['wrong', 'old-v1']"

# The command line overrides: a range given replaces the file's; a
# community given replaces the file's credentials.
fa assess -q --json --config "$T/site.conf" $P.6 >"$T/b.json"
check "range on the command line replaces the config's" test "$(json_get "$T/b.json" '[d["address"] for d in j["devices"]]')" = "['$P.6']"
fa assess -q --json --config "$T/site.conf" -c public $P.7 >"$T/c.json"
check "community on the command line replaces the config's" test "$(json_get "$T/c.json" '[d["credential"] for d in j["devices"]]')" = "['v2c#1']"
fa assess -q --json --config "$T/site.conf" --db "$T/other.db" $P.1 >/dev/null
check "--db overrides the config's store" test -s "$T/other.db"

# HOME/fleetaudit.conf is read when present; the XDG default home.
mkdir -p "$T/xdg/fleetaudit"
printf 'range = %s.2\n' $P >"$T/xdg/fleetaudit/fleetaudit.conf"
env -i PATH=/usr/bin:/bin HOME="$T/nohome" XDG_DATA_HOME="$T/xdg" \
    "$FA" assess -q -t 300ms >/dev/null 2>"$T/err"
check "default home under XDG_DATA_HOME, its config read" test -s "$T/xdg/fleetaudit/store.db"
env -i PATH=/usr/bin:/bin HOME="$T/h3" "$FA" assess -q -t 200ms $P.99 \
    >/dev/null 2>&1
check "default home under HOME/.local/share" test -s "$T/h3/.local/share/fleetaudit/store.db"
check "home directory is private" test "$(stat -c %a "$T/h3/.local/share/fleetaudit")" = 700
finish
