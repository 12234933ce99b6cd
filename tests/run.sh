#!/bin/sh
# run.sh: every test program and script, each under a time limit; a log is
# kept only for what failed.  Ends with "N passed, N failed".
#
#   BUILD=build sh tests/run.sh [PATTERN]     PATTERN filters by file name
#
# A program or script prints "ok - name" / "not ok - name" per case; a
# non-zero exit without a failed case (a crash, a sanitizer report) counts
# as one failure.
top=$(cd "$(dirname "$0")/.." && pwd) || exit 1
cd "$top" || exit 1
BUILD=${BUILD:-build}
export BUILD
FLEETAUDIT=$top/$BUILD/fleetaudit
export FLEETAUDIT
logs=$top/$BUILD/test-logs
rm -rf "$logs"
mkdir -p "$logs"
pat=${1:-}
pass=0 fail=0 start=$(date +%s)

for t in "$BUILD"/tests/bin/test_* tests/cli/t[0-9]*.sh; do
	[ -e "$t" ] || continue
	name=${t##*/}
	case $name in *"$pat"*) ;; *) continue ;; esac
	log=$logs/$name.log
	t0=$(date +%s)
	case $t in
	*.sh)	timeout -k 10 300 sh "$t" >"$log" 2>&1 ;;
	*)	timeout -k 10 300 "$t" >"$log" 2>&1 ;;
	esac
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	pass=$((pass + p))
	fail=$((fail + f))
	secs=$(($(date +%s) - t0))
	if [ "$f" -eq 0 ]; then
		printf '%-40s %3d ok   %3ds\n' "$name" "$p" "$secs"
		rm -f "$log"
	else
		printf '%-40s %3d FAIL %3ds (exit %d), see %s\n' "$name" "$f" \
		    "$secs" "$rc" "$log"
		grep '^not ok \|^# ' "$log" | head -20 | sed 's/^/    /'
	fi
done
echo "# $(($(date +%s) - start)) s in all"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
