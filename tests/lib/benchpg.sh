# benchpg.sh: a bench's own PostgreSQL server (tests/lib/pg.sh) outside
# the test runner.  Sourced with T set to the bench's scratch directory:
# gives at_exit (pg_start's cleanups, and the bench's own, run at its
# exit, INT and TERM included) and starts nothing; fsync on, as a hub
# runs.
_cleanups=
at_exit() { _cleanups="$1; $_cleanups"; }
trap 'eval "$_cleanups"' EXIT
trap 'exit 130' INT TERM
PG_FSYNC=on
# shellcheck source=tests/lib/pg.sh
. "$top/tests/lib/pg.sh"
