# pg.sh: a private PostgreSQL server for the hub's tests and benchmarks
# (sourced after common.sh).  PG_FSYNC=on for a server that syncs as a
# real one does (the tests' default is off: their servers are thrown away).
#
#   pg_start ADDR PORT   initdb into a new directory, start the server on
#                        ADDR:PORT (loopback) and on a socket in that
#                        directory; stopped and removed on exit
#   pg_db NAME           creates database NAME; prints its URL
#   pg_sql DB SQL        runs SQL in database DB (psql, unaligned)
#   fa_pg ARGS...        fa() with PGPASSWORD set
#
# As root the server runs as the unprivileged user "postgres" (Debian's
# postgresql package makes it); otherwise as the caller.  Local socket
# connections are trusted; TCP ones need the password of role "fa"
# (scram-sha-256), which only PGPASSWORD carries: the URLs hold none.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PG_USER=fa
PG_PASS=fa-test-$$

_pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	[ -x "$PG_BIN/initdb" ] || { echo "pg.sh: no PostgreSQL server" \
	    "(package postgresql)" >&2; return 1; }
	PG_ADDR=$1
	PG_PORT=$2
	# Outside $T: the server's user must reach it, and $T may not be.
	PG_DIR=$(mktemp -d /tmp/fa-pg.XXXXXX) || return 1
	at_exit "_pg_as '$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m immediate stop \
	    >/dev/null 2>&1; rm -rf '$PG_DIR'"
	printf '%s\n' "$PG_PASS" >"$PG_DIR/pw"
	[ "$(id -u)" = 0 ] && chown -R postgres "$PG_DIR"
	_pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$PG_USER" \
	    --pwfile="$PG_DIR/pw" --auth-local=trust \
	    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
	    >"$PG_DIR/initdb.log" 2>&1 || {
		echo "pg.sh: initdb failed:" >&2
		tail -5 "$PG_DIR/initdb.log" >&2
		return 1
	}
	_pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
	    -w -t 60 -o "-c listen_addresses=$PG_ADDR -p $PG_PORT \
	    -c unix_socket_directories=$PG_DIR -c fsync=${PG_FSYNC:-off} \
	    -c max_connections=200 -c shared_buffers=64MB" start \
	    >/dev/null 2>&1 || {
		echo "pg.sh: the server did not start:" >&2
		tail -5 "$PG_DIR/server.log" >&2
		return 1
	}
}

pg_sql() {
	_pg_as "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U "$PG_USER" \
	    -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

pg_db() {
	pg_sql postgres "CREATE DATABASE \"$1\"" >/dev/null || return 1
	echo "postgresql://$PG_USER@$PG_ADDR:$PG_PORT/$1"
}

fa_pg() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home" \
	    PGPASSWORD="$PG_PASS" PGCONNECT_TIMEOUT=10 \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    "$FA" "$@"
}
