#!/bin/sh
# t0100-fuzz-corpus: every fuzz target replays its seed corpus (and the
# inputs that once crashed it) without a finding.  "make fuzz" searches
# for new ones.
. "$(dirname "$0")/../lib/common.sh"
B=$top/${BUILD:-build}/fuzz
n=0
for t in "$top"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$t" .c)
	corpus=$top/tests/fuzz/corpus/${name#fuzz_}
	if [ ! -x "$B/$name" ]; then
		not_ok "$name built (make fuzz-build)"
		continue
	fi
	n=$((n + 1))
	"$B/$name" -runs=0 "$corpus" >"$T/$name.log" 2>&1
	check "$name replays $(ls "$corpus" | wc -l) inputs" test $? -eq 0
done
check "fuzz targets found: $n" test "$n" -ge 3
finish
