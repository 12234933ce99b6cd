#!/bin/sh
# t0052-first-report: what a newcomer meets on a first try.
#  - a first report says why its months are empty, in the command's line,
#    the HTML page and the workbook: after one assessment every month
#    (volumes need two reads), after two the months before the first read;
#  - report files are no more readable than the store: its mode (0600, or
#    0640 once the store is made group-readable), a CSV folder made for
#    them with search added, an existing file replaced with that mode;
#  - walk -o into a folder that does not exist (or is a file) says why in
#    one line, at once, before walking.
. "$(dirname "$0")/../lib/common.sh"
P=127.77.52
printf '%s.1 %s/samples/fleet/hp-lj-m404.snmprec v2c\n%s.2 %s/samples/fleet/kyocera-p5026cdn.snmprec v2c\n' \
    "$P" "$top" "$P" "$top" >"$T/two.map"
at_exit 'bed_stop "$T/bed"'
mkdir "$T/bed" "$T/out"
bed_start "$T/bed" "$T/two.map" >"$T/bed.out" 2>&1 ||
    { not_ok "bed starts"; cat "$T/bed.out"; finish; }

# run ARGS: fa with stdout/stderr in $T/so, $T/err, exit status in $rc.
run() {
	fa "$@" >"$T/so" 2>"$T/err"
	rc=$?
}
# mode FILE: its permission bits, octal.
mode() { stat -c %a "$1"; }
# xlsx_note FILE: the Summary sheet's cells that start "no earlier reads".
xlsx_note() {
	/usr/bin/python3 -c '
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Summary"]
for row in ws.iter_rows(values_only=True):
    for v in row:
        if isinstance(v, str) and v.startswith("no earlier reads"):
            print(v)' "$1"
}

run assess -q "$P.1-2"
check "first assessment" test "$rc" -eq 0
check "the store is 0600" test "$(mode "$T/home/store.db")" = 600

# ---- a first report: one read of each device ----
run report --html "$T/out/r1.html" --xlsx "$T/out/r1.xlsx" --csv "$T/out/c1"
check "first report: exit 0, one line" sh -c \
    "[ $rc -eq 0 ] && [ \$(wc -l <'$T/err') -eq 1 ]"
NOTE1="no earlier reads: a month's pages need two reads of a device's counters in the period, so every month is empty"
check "first report: the line says why every month is empty" \
    grep -qF "; $NOTE1" "$T/err"
check "first report: the HTML page says it" \
    grep -qF "<p class=\"meta\">no earlier reads: a month&#39;s pages need two reads" \
    "$T/out/r1.html"
xlsx_note "$T/out/r1.xlsx" >"$T/xn1"
check "first report: the workbook says it" \
    test "$(cat "$T/xn1")" = "$NOTE1"

# ---- modes: the store's ----
check "report files 0600 as the store" sh -c \
    "[ \$(stat -c %a '$T/out/r1.html') = 600 ] &&
    [ \$(stat -c %a '$T/out/r1.xlsx') = 600 ] &&
    [ \$(stat -c %a '$T/out/c1/devices.csv') = 600 ] &&
    [ \$(stat -c %a '$T/out/c1/summary.csv') = 600 ]"
check "the CSV folder 0700" test "$(mode "$T/out/c1")" = 700
check "no temporary file left" \
    test -z "$(find "$T/out" -name '*.tmp*')"

# ---- a second read: the months before the first read ----
sleep 1
run assess -q "$P.1-2"
chmod 640 "$T/home/store.db"
: >"$T/out/r2.html"
chmod 644 "$T/out/r2.html"
run report --html "$T/out/r2.html" --xlsx "$T/out/r2.xlsx" --csv "$T/out/c2"
M=$(date -u +%Y-%m)
NOTE2="no earlier reads: the 11 months before the first read ($M) are empty"
check "second report: the months before the first read" \
    grep -qF "; $NOTE2" "$T/err"
check "second report: the HTML page" grep -qF "$NOTE2" "$T/out/r2.html"
check "second report: the workbook" \
    test "$(xlsx_note "$T/out/r2.xlsx")" = "$NOTE2"
check "store 0640: report files 0640" sh -c \
    "[ \$(stat -c %a '$T/out/r2.xlsx') = 640 ] &&
    [ \$(stat -c %a '$T/out/c2/volumes.csv') = 640 ]"
check "an existing 0644 file is replaced by a 0640 one" \
    test "$(mode "$T/out/r2.html")" = 640
check "the CSV folder 0750" test "$(mode "$T/out/c2")" = 750
# A report of a span with readings in every month has no note.
run report --from "$M-01" --csv "$T/out/c3"
check "a span with readings: no note" sh -c \
    "[ $rc -eq 0 ] && ! grep -q 'no earlier reads' '$T/err'"

# ---- walk -o into a missing folder ----
start=$(date +%s)
# 127.77.52.9 does not answer: the old code walked (timed out) first
run walk --timeout 2s --retries 1 -o "$T/out/nope/x.snmprec" "$P.9"
end=$(date +%s)
check "walk -o into a missing folder: exit 1, one line, says why" sh -c \
    "[ $rc -eq 1 ] && [ \$(wc -l <'$T/err') -eq 1 ] &&
    grep -qx \"fleetaudit: cannot write '$T/out/nope/x.snmprec': folder '$T/out/nope' does not exist\" '$T/err'"
check "walk -o into a missing folder: at once, before walking" \
    test $((end - start)) -lt 2
run walk -o "$T/out/r1.html/x.snmprec" "$P.1"
check "walk -o under a file: says it is not a folder" sh -c \
    "[ $rc -eq 1 ] && grep -q \"'$T/out/r1.html' is not a folder\" '$T/err'"
run walk -o "$T/out/ok.snmprec" "$P.1"
check "walk -o into a folder that exists: the walk is written" sh -c \
    "[ $rc -eq 0 ] && grep -q '^1\\.3\\.6\\.1\\.2\\.1\\.1\\.1\\.0|4|' '$T/out/ok.snmprec'"
finish
