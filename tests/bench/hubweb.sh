#!/bin/sh
# hubweb.sh: page load times of the hub's web view for an account of
# BENCH_HUBWEB_DEVICES devices (BENCH_ONLY=hubweb sh tests/bench/bench.sh,
# or this script alone after make units).
#
#  - one collector store (tests/tools/bundle_mkstore) of DEVICES devices
#    read once a day for BENCH_HUBWEB_DAYS days, its reads then put a day
#    apart (the generator stamps them all with the time it ran: each
#    assessment's scans, devices' and cartridges' first and last seen
#    moved back one day per assessment, the last one today), exported as
#    one bundle; store and bundle are kept in BENCH_HUBWEB_CACHE for the
#    next run of the same size;
#  - an SQLite hub and a PostgreSQL one (a server of the bench's own,
#    tests/lib/pg.sh), an admin user on each, "hub serve" for each on
#    loopback; then the bundle imported into each while it serves (the
#    import's time), at once the account's page loaded (the first view
#    after an import: the time it took, and how long until the page's
#    triage, its X-Triage header, says "fresh");
#  - a client logs in (the real form, its CSRF pair, the session cookie)
#    and loads each page BENCH_HUBWEB_RUNS times: the accounts list, the
#    account's first page and its last page of devices, its
#    needs-attention page, a device, the report as HTML
#    (BENCH_HUBWEB_REPORT=0: not the report); the median, the 99th
#    percentile and the slowest time of each, and the page's size;
#  - "hub meters --account bench --period LAST-MONTH" on each store.
#
# Knobs: BENCH_HUBWEB_DEVICES (10000), BENCH_HUBWEB_DAYS (7, up to 365),
# BENCH_HUBWEB_RUNS (5), BENCH_HUBWEB_REPORT (1), BENCH_HUBWEB_CACHE
# (build/bench/hubweb-cache), BENCH_OUT (build/bench: hubweb.md there).
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$top" || exit 2
BUILD=${BUILD:-build}
FA=${FLEETAUDIT:-$top/$BUILD/fleetaudit}
GEN=${BENCH_GEN:-$top/$BUILD/tests/tools/bundle_mkstore}
OUT=${BENCH_OUT:-$top/build/bench}
ND=${BENCH_HUBWEB_DEVICES:-10000}
NDAYS=${BENCH_HUBWEB_DAYS:-7}
RUNS=${BENCH_HUBWEB_RUNS:-5}
REPORT=${BENCH_HUBWEB_REPORT:-1}
CACHE=${BENCH_HUBWEB_CACHE:-$top/build/bench/hubweb-cache}
PY=/usr/bin/python3
A=127.204.0.10

die() { echo "bench: $*" >&2; exit 2; }
say() { echo "bench: [$(date +%H:%M:%S)] $*"; }
num() {
	case $2 in ''|*[!0-9]*) die "$1: a number from $3 to $4" ;; esac
	[ "$2" -ge "$3" ] && [ "$2" -le "$4" ] || die "$1: $3..$4"
}
num BENCH_HUBWEB_DEVICES "$ND" 10 100000
num BENCH_HUBWEB_DAYS "$NDAYS" 1 365
num BENCH_HUBWEB_REPORT "$REPORT" 0 1
num BENCH_HUBWEB_RUNS "$RUNS" 1 100
[ -x "$FA" ] || die "$FA not built (run make first)"
[ -x "$GEN" ] || die "$GEN not built (run make units)"
W=$OUT/hubweb
rm -rf "$W"
mkdir -p "$W/tls" "$W/home" || die "cannot create $W"
chmod 700 "$W/home"
T=$W
. "$top/tests/lib/benchpg.sh"

fa() {
	env -i PATH=/usr/bin:/bin HOME="$W" FLEETAUDIT_HOME="$W/home" \
	    PGPASSWORD="$PG_PASS" "$FA" "$@"
}

say "PostgreSQL server on $A"
pg_start $A 54398 || die "PostgreSQL did not start"
mkdir -p "$CACHE" || die "cannot create $CACHE"
store=$CACHE/store-$ND-$NDAYS.db
if [ ! -s "$store" ]; then
	say "a store of $ND devices x $NDAYS days"
	rm -f "$store.new" "$CACHE/bundle-$ND-$NDAYS"
	"$GEN" "$store.new" "$ND" "$NDAYS" >/dev/null 2>"$W/gen.err" ||
	    die "generator: $(cat "$W/gen.err")"
	# the reads a day apart, the last one now
	sqlite3 "$store.new" >/dev/null 2>"$W/gen.err" <<'SQL' ||
PRAGMA journal_mode = DELETE;
PRAGMA cache_size = -4194304;
BEGIN;
CREATE TEMP TABLE sh AS SELECT id,
    ((SELECT max(id) FROM assessments) - id) * 86400 AS s FROM assessments;
UPDATE assessments SET
    started = started - (SELECT s FROM sh WHERE sh.id = assessments.id),
    finished = finished - (SELECT s FROM sh WHERE sh.id = assessments.id);
UPDATE scans SET time = time -
    (SELECT s FROM sh WHERE sh.id = scans.assessment_id);
UPDATE devices SET
    first_seen = coalesce((SELECT min(time) FROM scans
        WHERE device_id = devices.id), first_seen),
    last_seen = coalesce((SELECT max(time) FROM scans
        WHERE device_id = devices.id), last_seen);
UPDATE supply_instances SET
    first_seen = coalesce((SELECT time FROM scans WHERE id = first_scan_id),
        first_seen),
    last_seen = coalesce((SELECT time FROM scans WHERE id = last_scan_id),
        last_seen);
COMMIT;
SQL
	    die "spreading the reads: $(cat "$W/gen.err")"
	mv "$store.new" "$store" || die "cannot keep $store"
fi
cp "$store" "$W/home/store.db" || die "cannot copy $store"
# The bundle is kept with the keys that sealed it: the collector's (its
# home, but the store) and the hub's.
K=$CACHE/keys-$ND-$NDAYS
if [ -s "$CACHE/bundle-$ND-$NDAYS" ] && [ -d "$K/home" ]; then
	cp -p "$K/home/"* "$W/home/" || die "cannot copy the kept keys"
else
	fa keys init -q >/dev/null || die "keys init"
fi
fa hub init "$W/lite" -q >/dev/null || die "hub init"
[ -d "$K/hub" ] && { cp -p "$K/hub/"* "$W/lite/" || die "kept hub keys"; }
fa keys trust-hub "$W/lite/hub.pub" >/dev/null 2>&1 || die "trust-hub"
url=$(pg_db web) || die "createdb"
fa hub init "$W/pg.init" --store "$url" -q >/dev/null || die "hub init --store"
mkdir "$W/pg"
cp "$W/lite/hub-encrypt.key" "$W/lite/hub-sign.key" "$W/lite/hub.pub" \
    "$W/pg.init/store.conf" "$W/pg/"
if [ ! -s "$CACHE/bundle-$ND-$NDAYS" ] || [ ! -d "$K/home" ]; then
	say "export"
	t0=$(date +%s)
	fa export bundle --since all -q -o "$CACHE/bundle-$ND-$NDAYS" \
	    >/dev/null || die "export"
	say "export: $(($(date +%s) - t0)) s, $(du -m \
	    "$CACHE/bundle-$ND-$NDAYS" | cut -f1) MB"
	rm -rf "$K"
	mkdir -p "$K/home" "$K/hub" || die "cannot create $K"
	for f in "$W/home/"*; do
		case $f in *store.db*) ;; *) [ -f "$f" ] && cp -p "$f" "$K/home/" ;;
		esac
	done
	cp -p "$W/lite/hub-encrypt.key" "$W/lite/hub-sign.key" \
	    "$W/lite/hub.pub" "$K/hub/" || die "cannot keep the hub keys"
fi
ln -sf "$CACHE/bundle-$ND-$NDAYS" "$W/big.bundle"
printf 'bench-password-1\n' >"$W/pw"
for h in lite pg; do
	fa hub trust add --hub "$W/$h" "$W/home/collector.pub" --account bench \
	    -q >/dev/null || die "trust add ($h)"
	fa hub user add --hub "$W/$h" admin --role admin \
	    --password-file "$W/pw" -q >/dev/null 2>&1 || die "user add ($h)"
done
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$A" \
    -addext "subjectAltName=IP:$A" -keyout "$W/tls/key.pem" \
    -out "$W/tls/cert.pem" >/dev/null 2>&1 || die "openssl"
port=18480
for h in lite pg; do
	# env execs fleetaudit: $! is its PID, and the kill reaches it.
	env -i PATH=/usr/bin:/bin HOME="$W" PGPASSWORD="$PG_PASS" "$FA" \
	    hub serve --hub "$W/$h" --listen "$A:$port" \
	    --cert "$W/tls/cert.pem" --key "$W/tls/key.pem" \
	    >"$W/serve-$h.log" 2>&1 &
	at_exit "kill $! 2>/dev/null"
	eval "port_$h=$port"
	port=$((port + 1))
done

cat >"$W/load.py" <<'EOF'
import http.cookiejar, re, ssl, statistics, sys, time, urllib.parse
import urllib.request
ca, base, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
report = sys.argv[4] != "0"
mode = sys.argv[5] if len(sys.argv) > 5 else "pages"
ctx = ssl.create_default_context(cafile=ca)
jar = http.cookiejar.CookieJar()
op = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ctx),
                                 urllib.request.HTTPCookieProcessor(jar))
for _ in range(300):
    try:
        form = op.open(base + "/login", timeout=30).read().decode()
        break
    except OSError:
        time.sleep(0.2)
else:
    sys.exit("no login page at " + base)
tok = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
data = urllib.parse.urlencode({"csrf": tok, "name": "admin",
                               "password": "bench-password-1"}).encode()
req = urllib.request.Request(base + "/login", data,
                             {"Origin": base, "Sec-Fetch-Site": "same-origin"})
t0 = time.monotonic()
# (the login lands on the accounts page: with the accounts' triage)
page = op.open(req, timeout=3600).read().decode()
tlogin = time.monotonic() - t0
assert "/accounts/bench" in page, "login did not reach the accounts"
if mode == "first":
    # the first views after the import (the login's accounts page, then
    # the account's), then until its triage is fresh (a hub without the
    # X-Triage header computed it for the first view)
    t1 = time.monotonic()
    r = op.open(base + "/accounts/bench", timeout=3600)
    r.read()
    first = max(tlogin, time.monotonic() - t1)
    st = r.headers.get("X-Triage")
    n = 0
    while st is not None and st != "fresh" and n < 36000:
        time.sleep(0.1)
        n += 1
        r = op.open(base + "/accounts/bench", timeout=3600)
        r.read()
        st = r.headers.get("X-Triage")
    print("%.0f|%.1f" % (first * 1000, time.monotonic() - t0))
    sys.exit(0)
acct = op.open(base + "/accounts/bench", timeout=3600).read().decode()
pages = [int(p) for p in re.findall(r'[?&]page=(\d+)', acct)] or [1]
dev = re.search(r'href="(/devices/\d+)"', acct).group(1)
todo = [("accounts", "/accounts"),
        ("account, devices page 1", "/accounts/bench"),
        ("account, last devices page", "/accounts/bench?page=%d" % max(pages)),
        ("needs attention", "/attention?account=bench"),
        ("a device", dev)]
if report:
    todo.append(("report (HTML)", "/accounts/bench/report.html"))
for name, path in todo:
    ts, size = [], 0
    for _ in range(runs):
        t0 = time.monotonic()
        body = op.open(base + path, timeout=600).read()
        ts.append(time.monotonic() - t0)
        size = len(body)
    ts.sort()
    # the 99th percentile, nearest rank (the slowest under 100 runs)
    p99 = ts[min(len(ts) - 1, -(-99 * len(ts) // 100) - 1)]
    print("%s|%.0f|%.0f|%d|%.0f" % (name, statistics.median(ts) * 1000,
                                    max(ts) * 1000, size // 1024,
                                    p99 * 1000))
EOF
# the month before this one: the meters' period
period=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%Y-%m)
for h in lite pg; do
	eval "p=\$port_$h"
	say "import into $h (serving)"
	t0=$(date +%s.%N)
	fa hub import --hub "$W/$h" -q "$W/big.bundle" >/dev/null ||
	    die "import ($h)"
	eval "imp_$h=$(echo "$(date +%s.%N) - $t0" | bc | sed 's/^\./0./' |
	    cut -c1-5)"
	say "first view after the import ($h)"
	$PY "$W/load.py" "$W/tls/cert.pem" "https://$A:$p" 1 0 first \
	    >"$W/first-$h.out" 2>"$W/first-$h.err" ||
	    die "first view ($h): $(tail -3 "$W/first-$h.err")"
	eval "first_$h=\$(cut -d'|' -f1 \"\$W/first-\$h.out\")"
	eval "fresh_$h=\$(cut -d'|' -f2 \"\$W/first-\$h.out\")"
	say "page loads ($h)"
	$PY "$W/load.py" "$W/tls/cert.pem" "https://$A:$p" "$RUNS" "$REPORT" \
	    >"$W/load-$h.out" 2>"$W/load-$h.err" ||
	    die "page loads ($h): $(tail -3 "$W/load-$h.err")"
	say "hub meters --period $period ($h)"
	t0=$(date +%s.%N)
	fa hub meters --hub "$W/$h" --account bench --period "$period" --csv \
	    >"$W/meters-$h.csv" 2>"$W/meters-$h.err" ||
	    die "hub meters ($h): $(cat "$W/meters-$h.err")"
	eval "met_$h=$(echo "$(date +%s.%N) - $t0" | bc | sed 's/^\./0./' |
	    cut -c1-5)"
	eval "metrows_$h=$(($(wc -l <"$W/meters-$h.csv") - 1))"
done
cmp -s "$W/meters-lite.csv" "$W/meters-pg.csv" ||
    say "note: hub meters differ between the stores"
# what each store holds: the SQLite database's pages (its WAL, still
# open while serving, counts what it has not written back, not its
# file's size), the PostgreSQL database; MB
size_lite=$(sqlite3 "$W/lite/hub.db" "SELECT page_count * page_size
    / 1048576 FROM pragma_page_count, pragma_page_size") ||
    die "store size"
size_pg=$(pg_sql web "SELECT pg_database_size(current_database())
    / 1048576") || die "database size"
{
	echo "## Web view: an account of $ND devices x $NDAYS days"
	echo
	echo "One bundle of $ND devices x $NDAYS days (reads a day apart)" \
	    "imported into each store while \`hub serve\` runs (SQLite" \
	    "$imp_lite s, PostgreSQL $imp_pg s) on loopback, $(nproc) cores," \
	    "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; a" \
	    "logged-in client loads each page $RUNS times (median, 99th" \
	    "percentile, slowest, size)."
	echo
	echo "| page | SQLite median | SQLite p99 | SQLite max | PostgreSQL median | PostgreSQL p99 | PostgreSQL max | size |"
	echo "|---|---|---|---|---|---|---|---|"
	paste -d'|' "$W/load-lite.out" "$W/load-pg.out" |
	    awk -F'|' '{ printf "| %s | %d ms | %d ms | %d ms | %d ms | %d ms | %d ms | %d KB |\n", $1, $2, $5, $3, $7, $10, $8, $4 }'
	echo
	echo "| | SQLite | PostgreSQL |"
	echo "|---|---|---|"
	echo "| import (while serving) | $imp_lite s | $imp_pg s |"
	echo "| the first view after the import (the slower of the login's accounts page and the account's page) | $first_lite ms | $first_pg ms |"
	echo "| its triage fresh after the import's end | $fresh_lite s | $fresh_pg s |"
	echo "| hub meters --period $period ($metrows_lite rows) | $met_lite s | $met_pg s |"
	echo "| the store's size | $size_lite MB | $size_pg MB |"
} >"$OUT/hubweb.md"
cat "$OUT/hubweb.md"
