#!/bin/sh
# t6040-hub-load: one hub under load from every side at once.  NC
# collectors (12) each make NB bundles (5: an assessment and an export
# each time, so NB sequences per site); then, all at the same time and
# bounded in time:
#  - every collector uploads its bundles over HTTPS (SOAP, "hub serve"
#    with a test CA), one "fleetaudit upload" per bundle, oldest first;
#  - NI "fleetaudit hub import DIR" processes (4) race on overlapping
#    directories of the same bundle files: importer J gets the bundles of
#    every collector C with C % NI != J, so each bundle is given to NI-1
#    importers and uploaded too.
# Afterwards, exactly: every bundle imported once (the hub's bundles
# table: NC x NB rows, NB sequences 1..NB per site, one "imported" among
# all the processes' outcomes for each bundle id, the others "already
# imported"), every uploader and importer exited 0 with no other outcome,
# PRAGMA integrity_check and foreign_key_check clean, no record without
# its bundle, every value of each collector's store equal to the hub's
# (tests/lib/bundle_cmp.py: nothing lost, nothing doubled), devices per
# account equal to the collectors' stores, a hub receipt per bundle and a
# verified receipt in every collector's outbox/sent, the same bytes as the
# hub's (the receipt of the import, "imported").
#
# Loopback only: 127.77.0.23 (a snmpsim endpoint on port 161 serving the
# sample fleet's printers, community = file name, and the hub on
# HUBLOAD_PORT).  The hub is made by make_hub alone and its store read by
# q and by tests/lib/bundle_cmp.py (given $HUB/hub.db), so another store
# back end needs those three changed; the rest goes through fleetaudit.
#
# Knobs (for the bench's bigger run, BENCH_ONLY=hubload): HUBLOAD_COLLECTORS
# (12), HUBLOAD_BUNDLES (5 per collector), HUBLOAD_IMPORTERS (4),
# HUBLOAD_ADDR (127.77.0.23), HUBLOAD_PORT (18446), HUBLOAD_LIMIT (seconds
# one importer may take, 120), HUBLOAD_STAGGER_MS (300: importers 0 and 1
# start that long after the uploads, 2 and 3 twice as long...),
# HUBLOAD_ALL_FILES=1 (every importer gets every bundle), HUBLOAD_FIGURES
# (a file: the figures as "name value" lines), HUBLOAD_KEEP (a directory:
# the logs are copied there).
. "$(dirname "$0")/../lib/common.sh"
ADDR=${HUBLOAD_ADDR:-127.77.0.23}
PORT=${HUBLOAD_PORT:-18446}
NC=${HUBLOAD_COLLECTORS:-12}
NB=${HUBLOAD_BUNDLES:-5}
NI=${HUBLOAD_IMPORTERS:-4}
LIMIT=${HUBLOAD_LIMIT:-120}
STAGGER=${HUBLOAD_STAGGER_MS:-300}
ALLFILES=${HUBLOAD_ALL_FILES:-0}
URL=https://$ADDR:$PORT/WebServices/Onsite2Service.asmx
HUB=$T/hub
NACCT=4			# accounts: collector C belongs to acct$((C % NACCT))
W=$T/w
mkdir "$T/tls" "$W"
cd "$T" || exit 1
for v in "$NC" "$NB" "$NI" "$LIMIT" "$PORT" "$STAGGER"; do
	case $v in ''|*[!0-9]*) echo "t6040: a knob is not a number: $v" >&2
		exit 2 ;; esac
done

# make_hub: the one place the hub is created.
make_hub() {
	fa hub init "$HUB" >"$W/hub-init.out" 2>&1
}
# q SQL: one query on the hub's store.
q() { sqlite3 -batch -noheader "$HUB/hub.db" "$1"; }
# fah HOME ARGS...: fleetaudit for one collector's home.
fah() {
	_h=$1
	shift
	timeout -k 5 120 env -i PATH=/usr/bin:/bin HOME="$T" \
	    FLEETAUDIT_HOME="$_h" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
	    LSAN_OPTIONS="${LSAN_OPTIONS:-}" "$FA" "$@"
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# ---- TLS, hub, device bed ----
tls_ca ca "test CA" && tls_cert hub "$ADDR"
check "test CA and hub certificate made" test -s tls/hub.pem
make_hub
check "hub made (make_hub)" test -s "$HUB/hub.pub"

# The sample fleet's printers on one endpoint, community = file name.
mkdir "$T/recs"
for f in "$top"/samples/fleet/*.snmprec; do
	case $f in *netsnmp-linux-gw*) continue ;; esac
	cp "$f" "$T/recs/"
done
RECS=$(cd "$T/recs" && ls *.snmprec | sed 's/\.snmprec$//')
NRECS=$(echo "$RECS" | wc -l)
at_exit 'bed_stop "$T/bed"'
mkdir "$T/bed"
if ! bed_start_dir "$T/bed" "$T/recs" "$ADDR:161" >"$W/bed.out" 2>&1; then
	not_ok "device bed on $ADDR:161 starts"
	cat "$W/bed.out"
	finish
fi

# ---- NC collectors, NB bundles each (in parallel) ----
# Collector C, round I reads the recording (C + I) % NRECS at the same
# address: a printer replaced by another, so sites hold several devices.
make_collector() {
	_c=$1
	_h=$W/c$_c
	mkdir -p "$_h/staging"
	fah "$_h" keys init >/dev/null 2>&1 &&
	    fah "$_h" keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1 ||
	    return 1
	_i=0
	while [ "$_i" -lt "$NB" ]; do
		_r=$(echo "$RECS" | sed -n "$(((_c + _i) % NRECS + 1))p")
		fah "$_h" assess -q -c "$_r" "$ADDR" >>"$_h/assess.log" 2>&1 ||
		    return 1
		(cd "$_h/staging" && fah "$_h" export bundle -q \
		    >>"$_h/export.log" 2>&1) || return 1
		_i=$((_i + 1))
	done
}
t0=$(now_ms)
pids=
c=1
while [ "$c" -le "$NC" ]; do
	( make_collector "$c" || echo "$c" >>"$W/setup.fail" ) &
	pids="$pids $!"
	c=$((c + 1))
done
# (not a bare wait: the bed's snmpsimd is a child of this shell too)
for p in $pids; do wait "$p"; done
# Enrolment, one at a time (each is a write of the hub's store).
c=1
while [ "$c" -le "$NC" ]; do
	fa hub trust add --hub "$HUB" "$W/c$c/collector.pub" \
	    --account "acct$((c % NACCT))" >>"$W/trust.log" 2>&1 ||
	    echo "$c" >>"$W/setup.fail"
	c=$((c + 1))
done
setup_ms=$(($(now_ms) - t0))
TOTAL=$((NC * NB))
made=$(ls "$W"/c*/staging/*.bundle 2>/dev/null | wc -l)
check "$NC collectors enrolled, $made bundles made (want $TOTAL) in $setup_ms ms" \
    test ! -s "$W/setup.fail" -a "$made" -eq "$TOTAL"
# what each collector exported: devices per account
: >"$W/exported.devices"
c=1
while [ "$c" -le "$NC" ]; do
	echo "acct$((c % NACCT)) $(sqlite3 -batch -noheader "$W/c$c/store.db" \
	    'select count(*) from devices')" >>"$W/exported.devices"
	c=$((c + 1))
done

# Importer J's directory: hard links to the bundles of every collector C
# with C % NI != J (the file names carry the collector's fingerprint).
j=0
while [ "$j" -lt "$NI" ]; do
	mkdir "$W/imp$j"
	c=1
	while [ "$c" -le "$NC" ]; do
		if [ $((c % NI)) -ne "$j" ] || [ "$NI" -eq 1 ] ||
		    [ "$ALLFILES" = 1 ]; then
			ln "$W/c$c"/staging/*.bundle "$W/imp$j/"
		fi
		c=$((c + 1))
	done
	j=$((j + 1))
done

# ---- the hub serving ----
: >"$W/serve.log"
serve_hub "$ADDR:$PORT" "$W/serve.log"
at_exit '[ -n "$SERVE" ] && kill -9 $SERVE 2>/dev/null'
check "hub serve listens on $ADDR:$PORT" grep -q serving "$W/serve.log"

# ---- the load: uploads and imports at once ----
# One collector: each bundle into its outbox, one upload, its exit status
# and latency ("C rc ms" in up.status).
uploader() {
	_c=$1
	_h=$W/c$_c
	mkdir -p "$_h/outbox"
	for _b in "$_h"/staging/*.bundle; do
		cp "$_b" "$_h/outbox/"
		_t0=$(now_ms)
		timeout -k 5 60 env -i PATH=/usr/bin:/bin HOME="$T" \
		    FLEETAUDIT_HOME="$_h" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
		    LSAN_OPTIONS="${LSAN_OPTIONS:-}" "$FA" upload \
		    --hub-url "$URL" --cacert "$T/tls/ca.pem" \
		    >>"$_h/upload.out" 2>>"$_h/upload.err"
		_rc=$?
		echo "$_c $_rc $(($(now_ms) - _t0))" >>"$W/up.status"
	done
}
importer() {
	_j=$1
	# importers start in pairs, STAGGER ms apart: a pair races with
	# itself, and every importer with the uploads under way
	_d=$(((_j / 2 + 1) * STAGGER))
	sleep "$((_d / 1000)).$(printf %03d $((_d % 1000)))"
	_t0=$(now_ms)
	timeout -k 5 "$LIMIT" env -i PATH=/usr/bin:/bin HOME="$T" \
	    FLEETAUDIT_HOME="$T/home" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
	    LSAN_OPTIONS="${LSAN_OPTIONS:-}" "$FA" hub import --hub "$HUB" \
	    "$W/imp$_j" >"$W/imp$_j.out" 2>"$W/imp$_j.err"
	echo "$_j $? $(($(now_ms) - _t0))" >>"$W/imp.status"
}
: >"$W/up.status"
: >"$W/imp.status"
l0=$(now_ms)
pids=
c=1
while [ "$c" -le "$NC" ]; do
	uploader "$c" &
	pids="$pids $!"
	c=$((c + 1))
done
j=0
while [ "$j" -lt "$NI" ]; do
	importer "$j" &
	pids="$pids $!"
	j=$((j + 1))
done
# bounded: every upload and import has its own timeout; this waits for all
for p in $pids; do wait "$p"; done
load_ms=$(($(now_ms) - l0))
kill -TERM "$SERVE"
wait "$SERVE"
serve_rc=$?
SERVE=
check "hub serve stops cleanly after the load (exit $serve_rc)" test "$serve_rc" -eq 0

# ---- outcomes of every process ----
nup=$(wc -l <"$W/up.status")
upbad=$(awk '$2 != 0' "$W/up.status" | wc -l)
check "$nup uploads, every one exited 0 ($upbad did not)" \
    test "$nup" -eq "$TOTAL" -a "$upbad" -eq 0
awk '$2 != 0 { print "# upload, collector " $1 ": exit " $2 }' \
    "$W/up.status" | head -5
cat "$W"/c*/upload.err 2>/dev/null | grep -v '^upload: ' |
    sed 's/^/# upload: /' | head -5
nimp=$(wc -l <"$W/imp.status")
impbad=$(awk '$2 != 0' "$W/imp.status" | wc -l)
check "$nimp importers, every one exited 0 ($impbad did not)" \
    test "$nimp" -eq "$NI" -a "$impbad" -eq 0
cat "$W"/imp*.err | grep -v '^hub import: ' | sed 's/^/# import: /' | head -5

# Every outcome line: "imported ID" / "already ID", from both sides.
# upload: "sent: NAME (bundle ID, sequence N)[, already imported]; ..."
cat "$W"/c*/upload.out 2>/dev/null | sed -n \
    -e 's/^sent: [^ ]* (bundle \([0-9a-f]*\), sequence [0-9]*), already imported;.*/already \1 upload/p' \
    -e 's/^sent: [^ ]* (bundle \([0-9a-f]*\), sequence [0-9]*);.*/imported \1 upload/p' \
    >"$W/outcomes"
cat "$W"/imp*.out | sed -n \
    -e 's/^already imported: [^ ]* (bundle \([0-9a-f]*\),.*/already \1 import/p' \
    -e 's/^imported: [^ ]* (bundle \([0-9a-f]*\),.*/imported \1 import/p' \
    >>"$W/outcomes"
# lines that are none of these (errors, refusals)
other=$( { cat "$W"/c*/upload.out 2>/dev/null | grep -v '^sent: '
	cat "$W"/imp*.out | grep -v -e '^imported: ' -e '^already imported: ' \
	    -e '^receipt: '; } | grep -c .)
check "no outcome but imported or already imported ($other other lines)" \
    test "$other" -eq 0
nfiles=$(ls "$W"/imp*/ | grep -c '\.bundle$')
want_outcomes=$((TOTAL + nfiles))
nout=$(wc -l <"$W/outcomes")
check "$nout outcomes for $TOTAL bundles (want $want_outcomes: each uploaded once, $nfiles files given to $NI importers)" \
    test "$nout" -eq "$want_outcomes"
ids=$(awk '{ print $2 }' "$W/outcomes" | sort -u | wc -l)
once=$(awk '$1 == "imported" { n[$2]++ } END { for (i in n) if (n[i] == 1) k++; print k + 0 }' "$W/outcomes")
check "each of the $ids bundle ids said imported exactly once ($once)" \
    test "$ids" -eq "$TOTAL" -a "$once" -eq "$TOTAL"
by_up=$(awk '$1 == "imported" && $3 == "upload"' "$W/outcomes" | wc -l)
by_imp=$(awk '$1 == "imported" && $3 == "import"' "$W/outcomes" | wc -l)
echo "# imported by upload: $by_up, by hub import: $by_imp; load phase $load_ms ms"

# ---- the hub's store ----
rows=$(q 'select count(*) from bundles')
drows=$(q 'select count(distinct bundle_id) from bundles')
check "bundles table: $rows rows, $drows distinct ids (want $TOTAL)" \
    test "$rows" -eq "$TOTAL" -a "$drows" -eq "$TOTAL"
awk '{ print $2 }' "$W/outcomes" | sort -u >"$W/ids.said"
q 'select bundle_id from bundles' | sort >"$W/ids.hub"
check "the hub holds exactly the bundle ids the processes named" \
    cmp -s "$W/ids.said" "$W/ids.hub"
sites=$(q 'select count(*) from sites')
badseq=$(q "select count(*) from (select site_id, count(*) n,
    count(distinct sequence) d, min(sequence) lo, max(sequence) hi
    from bundles group by site_id) where n != $NB or d != $NB
    or hi - lo + 1 != $NB")
check "$sites sites, each with sequences 1..$NB once ($badseq not)" \
    test "$sites" -eq "$NC" -a "$badseq" -eq 0
lastseq=$(q 'select count(*) from sites s where last_sequence !=
    (select max(sequence) from bundles b where b.site_id = s.id)')
check "every site's last_sequence is its highest bundle ($lastseq not)" \
    test "$lastseq" -eq 0
check "PRAGMA integrity_check ok" test "$(q 'pragma integrity_check')" = ok
check "PRAGMA foreign_key_check clean" test -z "$(q 'pragma foreign_key_check')"
orphans=$(q 'select (select count(*) from records r where not exists
    (select 1 from bundles b where b.id = r.bundle_id)) + (select count(*)
    from devices d where not exists (select 1 from bundles b
    where b.id = d.bundle_id))')
check "no record or device without its bundle ($orphans)" test "$orphans" -eq 0
dup=$(q 'select count(*) from (select site_id, src_id from devices
    group by site_id, src_id having count(*) > 1)')
check "no device twice ($dup)" test "$dup" -eq 0
bad=0
c=1
while [ "$c" -le "$NC" ]; do
	fp=$(fah "$W/c$c" keys show --json | json_get /dev/stdin 'j["fingerprint"]')
	if ! $PY "$top/tests/lib/bundle_cmp.py" "$W/c$c/store.db" \
	    "$HUB/hub.db" "$fp" >"$W/cmp.$c" 2>&1; then
		bad=$((bad + 1))
		sed -n '/^#/p' "$W/cmp.$c" | head -3
	fi
	c=$((c + 1))
done
check "every collector's store equals the hub's: nothing lost or doubled ($bad differ)" \
    test "$bad" -eq 0
awk '{ n[$1] += $2 } END { for (a in n) print a, n[a] }' \
    "$W/exported.devices" | sort >"$W/devices.want"
q "select a.name || ' ' || count(*) from devices d join accounts a
    on a.id = d.account_id group by a.name" | sort >"$W/devices.hub"
check "devices per account equal what was exported ($(tr '\n' ' ' <"$W/devices.hub"| sed 's/ $//'))" \
    cmp -s "$W/devices.want" "$W/devices.hub"
a=0
bad=0
while [ "$a" -lt "$NACCT" ]; do
	n=$(fa hub devices --hub "$HUB" --account "acct$a" 2>/dev/null |
	    tail -n +2 | grep -c .)
	w=$(awk -v a="acct$a" '$1 == a { print $2 }' "$W/devices.want")
	[ "$n" = "${w:-0}" ] || bad=$((bad + 1))
	a=$((a + 1))
done
check "hub devices --account lists them too ($bad accounts differ)" test "$bad" -eq 0

# ---- receipts ----
nrc=0
miss=0
while read -r id; do
	if [ -s "$HUB/receipts/$id.receipt" ]; then nrc=$((nrc + 1))
	else miss=$((miss + 1)); fi
done <"$W/ids.hub"
check "a hub receipt for every bundle ($nrc, $miss missing)" \
    test "$nrc" -eq "$TOTAL" -a "$miss" -eq 0
bad=0
sent=0
c=1
while [ "$c" -le "$NC" ]; do
	ls "$W/c$c"/outbox/*.bundle >/dev/null 2>&1 && bad=$((bad + 1))
	for r in "$W/c$c"/outbox/sent/*.receipt; do
		[ -f "$r" ] || continue
		sent=$((sent + 1))
		fah "$W/c$c" bundle check-receipt "$r" >/dev/null 2>&1 ||
		    bad=$((bad + 1))
	done
	c=$((c + 1))
done
check "every outbox empty, $sent receipts kept on site (want $TOTAL), each verifies ($bad bad)" \
    test "$sent" -eq "$TOTAL" -a "$bad" -eq 0
# The receipt a collector keeps is the one of the import (docs/soap.md:
# "the answer carries the receipt kept from the first import"), the same
# bytes as the hub's, which says "imported" with the bundle's counts.
diff=0
notimp=0
for r in "$W"/c*/outbox/sent/*.receipt; do
	[ -f "$r" ] || continue
	cmp -s "$r" "$HUB/receipts/${r##*/}" || diff=$((diff + 1))
done
for r in "$HUB"/receipts/*.receipt; do
	grep -q '"status":"imported"' "$r" || notimp=$((notimp + 1))
done
check "every receipt on site is the hub's receipt of the import ($diff differ, $notimp hub receipts not \"imported\")" \
    test "$diff" -eq 0 -a "$notimp" -eq 0
# (this found a bug, fixed: hub serve answered an upload that a hub import
# had just committed, but whose receipt file it had not written yet, with
# a receipt of its own, "already imported" and 0 records, and kept it as
# the hub's; now every copy gets the first import's receipt)
for r in "$HUB"/receipts/*.receipt "$W"/c*/outbox/sent/*.receipt; do
	[ -f "$r" ] && ! grep -q '"status":"imported"' "$r" || continue
	case $r in "$HUB"/*) w=hub ;; *) w="on site" ;; esac
	echo "# $w ${r##*/}: $(sed -n 2p "$r" | grep -o '"status":"[^"]*"'), records $(sed -n 2p "$r" | grep -o '"devices":[0-9]*,"scans":[0-9]*')"
done | head -5

# ---- figures ----
sort -n -k3 "$W/up.status" | awk '{ print $3 }' >"$W/lat.sorted"
pct() { awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999)
	if (i < 1) i = 1; print v[i] + 0 }' "$W/lat.sorted"; }
bps=$(awk -v n="$rows" -v ms="$load_ms" 'BEGIN { printf "%.1f", (ms > 0 ? n * 1000 / ms : 0) }')
imp_ms=$(awk '{ print $3 }' "$W/imp.status" | sort -n | tr '\n' ' ')
echo "# load: $rows bundles in $load_ms ms, $bps bundles/s; upload latency p50 $(pct 50) ms, p99 $(pct 99) ms, max $(pct 100) ms; importers $imp_ms ms"
if [ -n "${HUBLOAD_FIGURES:-}" ]; then
	{
		echo "collectors $NC"
		echo "bundles_each $NB"
		echo "importers $NI"
		echo "total $TOTAL"
		echo "files_per_importer $(ls "$W/imp0" | wc -l)"
		echo "setup_ms $setup_ms"
		echo "load_ms $load_ms"
		echo "rows $rows"
		echo "distinct $drows"
		echo "sites $sites"
		echo "bps $bps"
		echo "by_upload $by_up"
		echo "by_import $by_imp"
		echo "already $(awk '$1 == "already"' "$W/outcomes" | wc -l)"
		echo "outcomes $nout"
		echo "uploads $nup"
		echo "upload_fail $upbad"
		echo "import_fail $impbad"
		echo "other_lines $other"
		echo "p50 $(pct 50)"
		echo "p90 $(pct 90)"
		echo "p99 $(pct 99)"
		echo "pmax $(pct 100)"
		echo "importer_ms $(echo $imp_ms | tr ' ' ',')"
		echo "hub_db_bytes $(stat -c %s "$HUB/hub.db")"
		echo "receipts_differ $diff"
		echo "failed $_failed"
	} >"$HUBLOAD_FIGURES"
fi
if [ -n "${HUBLOAD_KEEP:-}" ]; then
	mkdir -p "$HUBLOAD_KEEP" && cp -R "$W/." "$HUBLOAD_KEEP/" 2>/dev/null
	cp "$HUB/hub.db" "$HUBLOAD_KEEP/" 2>/dev/null
	cp -R "$HUB/receipts" "$HUBLOAD_KEEP/hub-receipts" 2>/dev/null
fi
finish
