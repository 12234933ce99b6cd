#!/bin/sh
# t2010-store-docs: the SQL examples of docs/store.md on a store of this
# schema.  The sample fleet is assessed twice, the second time partly with
# "--parts meters" (change-only runs: values found unchanged are not
# written again), an export is recorded and a device marked missing; then
# every ```sql block of the page runs with sqlite3 -readonly -bail without
# an error, and a few give exactly the answers they promise.
#
# Addresses: the sample fleet on 127.77.14.N (127.77.14.0/24).
. "$(dirname "$0")/../lib/common.sh"
P=127.77.14
DOC=$top/docs/store.md
DB=$T/home/store.db
# HOME=$T: no ~/.sqliterc changes the output of sqlite3 here.
q() { HOME=$T sqlite3 -batch -noheader "$DB" "$1"; }

fleet_bed $P

# First assessment: the whole fleet (11 printers), then an export of it, as
# store_export_mark() records one.
# shellcheck disable=SC2086
fa assess -q -t 1s $V3 $P.1-12 >"$T/a1.out" 2>"$T/a1.err"
check "first assessment exits 0" test $? -eq 0
check "first assessment stores 11 printers" \
    test "$(q 'select count(*) from scans')" -eq 11
q "insert into exports (time, upto_scan_id, what) values
    (strftime('%s', 'now'), (select max(id) from scans), 'test-1')"

# Second time: meters only on the first half when assess can, the rest in
# full.
if "$FA" assess --help 2>&1 | grep -q -- '--parts'; then
	# shellcheck disable=SC2086
	fa assess -q -t 1s $V3 --parts meters $P.1-6 >"$T/a2.out" 2>"$T/a2.err"
	check "meters-only assessment exits 0" test $? -eq 0
	# shellcheck disable=SC2086
	fa assess -q -t 1s $V3 $P.7-12 >"$T/a3.out" 2>"$T/a3.err"
	check "second half assessment exits 0" test $? -eq 0
	check "partial reads stored as such" \
	    test "$(q 'select count(*) from scans where parts = 9')" -gt 0
else
	# shellcheck disable=SC2086
	fa assess -q -t 1s $V3 $P.1-12 >"$T/a2.out" 2>"$T/a2.err"
	check "second assessment exits 0" test $? -eq 0
fi
check "every printer read twice" test "$(q 'select count(*) from scans')" -eq 22
check "unchanged meters extended, not written again" \
    test "$(q 'select count(*) from meters where last_scan_id > scan_id')" -gt 0
# A device marked missing, as "fleetaudit run" does after 3 discoveries
# without it.
q "update devices set missed = 3, missing_since = strftime('%s', 'now')
    where address = '$P.5'"

# Every ```sql block: $T/sql/NN.sql, with the paragraph before it in
# $T/sql/NN.title.
mkdir "$T/sql"
awk -v d="$T/sql" '
/^```sql$/ && !other {
	n++; f = sprintf("%s/%02d", d, n)
	print (para != "" ? para : last) > (f ".title"); close(f ".title")
	printf "" > (f ".sql"); inb = 1; next
}
/^```/ {
	if (inb) { inb = 0; close(f ".sql") } else other = !other
	para = last = ""; next
}
inb { print > (f ".sql"); next }
other { next }
/^[ \t]*$/ { if (para != "") last = para; para = ""; next }
{ para = para (para == "" ? "" : " ") $0 }
' "$DOC"
nblocks=$(find "$T/sql" -name "*.sql" | wc -l)
check "docs/store.md has SQL examples ($nblocks)" test "$nblocks" -ge 10

# sq FILE: runs FILE read-only on the store, output in FILE.out, errors in
# FILE.err; list mode, '|' between columns, no header.
sq() {
	HOME=$T sqlite3 -readonly -bail -batch -noheader -list "$DB" \
	    <"$1" >"$1.out" 2>"$1.err" && test ! -s "$1.err"
}
for f in "$T/sql"/*.sql; do
	n=$(basename "$f" .sql)
	check "sql $n runs: $(sed -n '1s/[[:space:]]*$//p' "$f")" sq "$f"
done

# block TEXT: b = the .sql file whose paragraph contains TEXT; a failed
# case when there is none.
block() {
	b=$(grep -l -F "$1" "$T/sql"/*.title 2>/dev/null | head -n 1)
	if [ -z "$b" ]; then
		not_ok "docs/store.md has the example: $1"
		return 1
	fi
	b=${b%.title}.sql
}
# same NAME A B: files A and B hold the same lines; shows both when not.
same() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diff "$2" "$3" | head -n 20 | sed 's/^/# /'
	fi
}

# Per-scan totals: one row per scan that read meters, each with the total
# of its run.  The sample fleet does not change, so each scan's total is
# its device's total in the first assessment; the Zebra counts meters of
# media, never pages: it has no total (NULL).
NOTOTAL=$(q "select count(*) from scans s join devices d on d.id = s.device_id
    where (s.parts & 1) != 0 and d.vendor = 'Zebra'")
if block "Page counts per device over time"; then
	q "select s.device_id || '|' || coalesce((select m.value from meters m
	    join scans f on f.id = m.scan_id where f.device_id = s.device_id
	    and f.assessment_id = 1 and m.name = 'total'), '')
	    from scans s where (s.parts & 1) != 0" | sort >"$T/totals.want"
	awk -F'|' '{ print $1 "|" $NF }' "$b.out" | sort >"$T/totals.got"
	check "per-scan totals: one row per meters read ($(wc -l <"$b.out"))" \
	    test "$(wc -l <"$b.out")" -eq "$(q 'select count(*) from scans where (parts & 1) != 0')"
	check "per-scan totals: every one has a total but the Zebra's" \
	    test "$(awk -F'|' '$NF == ""' "$b.out" | wc -l)" -eq "$NOTOTAL"
	same "per-scan totals: the run's total for every scan" \
	    "$T/totals.want" "$T/totals.got"
fi

if block "Pages printed between consecutive readings"; then
	check "pages between readings: a row per meters read with a total" \
	    test "$(wc -l <"$b.out")" -eq "$(($(q 'select count(*) from scans where (parts & 1) != 0') - NOTOTAL))"
	check "pages between readings: none printed, each device once unknown" \
	    test "$(awk -F'|' '$4 == "" { u++ } $4 != "" && $4 != 0 { bad++ }
	    END { print u + 0, bad + 0 }' "$b.out")" = "10 0"
fi

# Low supplies as each device's newest read of supplies found them: the
# meters-only reads of the first half do not hide theirs.
if block "Supplies at or under 10 %"; then
	q "select s.device_id || '|' || p.description from supplies p
	    join scans s on s.id = p.scan_id where s.assessment_id = 1
	    and (p.percent <= 10 or p.state = 'empty')" | sort >"$T/low.want"
	awk -F'|' '{ print $1 "|" $4 }' "$b.out" | sort >"$T/low.got"
	check "low supplies found" test -s "$T/low.want"
	same "low supplies: those of each device's newest supplies read" \
	    "$T/low.want" "$T/low.got"
fi

# What changed since the export: the counts sqlite3 gives directly.
if block "What changed since the last export"; then
	U=$(q 'select upto_scan_id from exports order by id desc limit 1')
	{
		echo "scans|$(q "select count(*) from scans where id > $U")|"
		echo "devices|$(q "select count(distinct device_id) from scans where id > $U")|"
		echo "attributes|$(q "select count(*) from scans where id > $U and attrs_from is null")|"
		for t in meters meter_checks supplies trays alerts status_errors \
		    display; do
			echo "$t|$(q "select count(*) from $t where scan_id > $U")|$(q "select count(*) from $t where scan_id <= $U and last_scan_id > $U")"
		done
	} | sort >"$T/delta.want"
	sort "$b.out" >"$T/delta.got"
	same "changed since the last export: the counts of sqlite3" \
	    "$T/delta.want" "$T/delta.got"
	check "changed since the last export: unchanged meters seen again" \
	    test "$(q "select count(*) from meters where scan_id <= $U and last_scan_id > $U")" -gt 0
fi

if block "Devices marked missing"; then
	check "devices marked missing: the one marked" \
	    test "$(awk -F'|' '{ print $2 "|" $6 }' "$b.out")" = "$P.5|3"
fi

# A scan with its attributes: every scan of device 1 has them, written once.
if block "A scan with its attributes is"; then
	check "scans with their attributes: all of device 1's" \
	    test "$(awk -F'|' '$6 != ""' "$b.out" | wc -l)" -eq "$(q 'select count(*) from scans where device_id = 1')"
	check "scans with their attributes: written by the first only" \
	    test "$(awk -F'|' '{ print $5 }' "$b.out" | tr -d '\n')" = 10
fi

# The meters a scan read: here the newest scan of the device at $P.1, as
# its first scan read them.
if block "The meters a scan read"; then
	s=$(q "select max(s.id) from scans s join devices d on d.id = s.device_id where d.address = '$P.1'")
	sed "s/s\.id = 42/s.id = $s/" "$b" >"$T/meters_at.sql"
	check "meters of one scan runs" sq "$T/meters_at.sql"
	q "select m.name || '|' || m.value from meters m join scans s
	    on s.id = m.scan_id join devices d on d.id = s.device_id
	    where d.address = '$P.1' and s.assessment_id = 1" | sort \
	    >"$T/meters_at.want"
	awk -F'|' '{ print $1 "|" $2 }' "$T/meters_at.sql.out" | sort \
	    >"$T/meters_at.got"
	check "meters of one scan: some" test -s "$T/meters_at.want"
	same "meters of one scan: those its run covers" \
	    "$T/meters_at.want" "$T/meters_at.got"
fi
finish
