#!/bin/sh
# hubweb.sh: page load times of the hub's web view for an account of
# BENCH_HUBWEB_DEVICES devices (BENCH_ONLY=hubweb sh tests/bench/bench.sh,
# or this script alone after make units).
#
#  - one collector store (tests/tools/bundle_mkstore) of DEVICES devices
#    read once a day for BENCH_HUBWEB_DAYS days, exported as one bundle;
#  - that bundle imported into an SQLite hub and into a PostgreSQL one (a
#    server of the bench's own, tests/lib/pg.sh), an admin user on each;
#  - "hub serve" for each on loopback; a client logs in (the real form,
#    its CSRF pair, the session cookie) and loads each page
#    BENCH_HUBWEB_RUNS times: the accounts list, the account's first
#    page and its last page of devices, its needs-attention page, a
#    device, the report as HTML (BENCH_HUBWEB_REPORT=0: not the report);
#    the median, the 99th percentile and the slowest time of each, and
#    the page's size.
#
# Knobs: BENCH_HUBWEB_DEVICES (10000), BENCH_HUBWEB_DAYS (7),
# BENCH_HUBWEB_RUNS (5), BENCH_HUBWEB_REPORT (1), BENCH_OUT
# (build/bench: hubweb.md there).
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
_cleanups=
at_exit() { _cleanups="$1; $_cleanups"; }
trap 'eval "$_cleanups"' EXIT
trap 'exit 130' INT TERM
T=$W
PG_FSYNC=on
. "$top/tests/lib/pg.sh"

fa() {
	env -i PATH=/usr/bin:/bin HOME="$W" FLEETAUDIT_HOME="$W/home" \
	    PGPASSWORD="$PG_PASS" "$FA" "$@"
}

say "PostgreSQL server on $A"
pg_start $A 54398 || die "PostgreSQL did not start"
say "a store of $ND devices x $NDAYS days"
"$GEN" "$W/home/store.db" "$ND" "$NDAYS" >/dev/null 2>"$W/gen.err" ||
    die "generator: $(cat "$W/gen.err")"
fa keys init -q >/dev/null || die "keys init"
fa hub init "$W/lite" -q >/dev/null || die "hub init"
fa keys trust-hub "$W/lite/hub.pub" >/dev/null 2>&1 || die "trust-hub"
url=$(pg_db web) || die "createdb"
fa hub init "$W/pg.init" --store "$url" -q >/dev/null || die "hub init --store"
mkdir "$W/pg"
cp "$W/lite/hub-encrypt.key" "$W/lite/hub-sign.key" "$W/lite/hub.pub" \
    "$W/pg.init/store.conf" "$W/pg/"
fa export bundle --since all -q -o "$W/big.bundle" >/dev/null ||
    die "export"
printf 'bench-password-1\n' >"$W/pw"
for h in lite pg; do
	fa hub trust add --hub "$W/$h" "$W/home/collector.pub" --account bench \
	    -q >/dev/null || die "trust add ($h)"
	say "import into $h"
	t0=$(date +%s)
	fa hub import --hub "$W/$h" -q "$W/big.bundle" >/dev/null ||
	    die "import ($h)"
	eval "imp_$h=$(($(date +%s) - t0))"
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
sleep 1

cat >"$W/load.py" <<'EOF'
import http.cookiejar, re, ssl, statistics, sys, time, urllib.parse
import urllib.request
ca, base, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
report = sys.argv[4] != "0"
ctx = ssl.create_default_context(cafile=ca)
jar = http.cookiejar.CookieJar()
op = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ctx),
                                 urllib.request.HTTPCookieProcessor(jar))
for _ in range(100):
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
page = op.open(req, timeout=30).read().decode()
assert "/accounts/bench" in page, "login did not reach the accounts"
acct = op.open(base + "/accounts/bench", timeout=60).read().decode()
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
for h in lite pg; do
	say "page loads ($h)"
	eval "p=\$port_$h"
	$PY "$W/load.py" "$W/tls/cert.pem" "https://$A:$p" "$RUNS" "$REPORT" \
	    >"$W/load-$h.out" 2>"$W/load-$h.err" ||
	    die "page loads ($h): $(tail -3 "$W/load-$h.err")"
done
{
	echo "## Web view: an account of $ND devices"
	echo
	echo "One bundle of $ND devices x $NDAYS days imported into each" \
	    "store (SQLite $imp_lite s, PostgreSQL $imp_pg s); \`hub serve\`" \
	    "on loopback, $(nproc) cores; a logged-in client loads each page" \
	    "$RUNS times (median, slowest, size)."
	echo
	echo "| page | SQLite median | SQLite p99 | SQLite max | PostgreSQL median | PostgreSQL p99 | PostgreSQL max | size |"
	echo "|---|---|---|---|---|---|---|---|"
	paste -d'|' "$W/load-lite.out" "$W/load-pg.out" |
	    awk -F'|' '{ printf "| %s | %d ms | %d ms | %d ms | %d ms | %d ms | %d ms | %d KB |\n", $1, $2, $5, $3, $7, $10, $8, $4 }'
} >"$OUT/hubweb.md"
cat "$OUT/hubweb.md"
