# hubstore.sh: the hub tests on either central store (sourced after
# common.sh).  FA_HUB_STORE picks it: sqlite (the default, HUB/hub.db) or
# postgresql (a private server, tests/lib/pg.sh).
#
#   hub_store_start      postgresql: starts the server on 127.77.0.26, port
#                        50000 + the test's number (t4100-... -> 54100), so
#                        that test scripts run side by side never collide,
#                        with amcheck in template1 (so in every database
#                        made here) and exports PGPASSWORD; sqlite: nothing
#   hub_init_opts NAME   the options of "hub init" for a hub whose store is
#                        database NAME (created here): "--store URL";
#                        sqlite: nothing
#   hub_q HUBDIR SQL     SQL on HUBDIR's store; rows '|' separated, as
#                        sqlite3 -batch -noheader prints them; on SQLite
#                        it waits (up to 10 s) for a lock a hub process
#                        holds, as the hub does: each hub command and each
#                        request of "hub serve" closes its store, and the
#                        last one out takes the database for a moment to
#                        checkpoint its WAL ("database is locked" and an
#                        empty answer, without the wait)
#   hub_where HUBDIR     the store, for Python (tests/lib/hubconn.py): the
#                        file, or the postgresql:// URL
#   hub_integrity HUBDIR "ok" when the store is sound: SQLite's PRAGMA
#                        integrity_check; PostgreSQL: pg_amcheck of that
#                        database (every table's heap, every btree index
#                        with its parent pages and all heap tuples indexed)
#   hub_dump HUBDIR      the store's content, stable, to compare before and
#                        after: sqlite3 .dump; pg_dump's rows, each after
#                        its table's name, sorted (no version lines, no
#                        sequence positions, which PostgreSQL does not
#                        roll back)
#   hub_store_is HUBDIR  whether HUBDIR's store is of that kind
#   hub_copy SRC DST     DST (removed first) a copy of hub SRC with its own
#                        copy of the store
FA_HUB_STORE=${FA_HUB_STORE:-sqlite}
HUB_PG_ADDR=127.77.0.26
case $FA_HUB_STORE in
sqlite) ;;
postgresql) . "$top/tests/lib/pg.sh" ;;
*)	echo "hubstore.sh: FA_HUB_STORE is sqlite or postgresql," \
	    "not '$FA_HUB_STORE'" >&2
	exit 2 ;;
esac

hub_store_start() {
	[ "$FA_HUB_STORE" = postgresql ] || return 0
	_n=$(basename "$0" | sed -n 's/^t0*\([0-9][0-9]*\)-.*/\1/p')
	[ -n "$_n" ] || { not_ok "PostgreSQL: no test number in $0"; finish; }
	if ! pg_start "$HUB_PG_ADDR" $((50000 + _n)) >"$T/pg.out" 2>&1; then
		not_ok "PostgreSQL starts on $HUB_PG_ADDR:$((50000 + _n))"
		sed 's/^/# /' "$T/pg.out"
		finish
	fi
	# amcheck in every database made from now on (hub_integrity).
	pg_sql template1 'CREATE EXTENSION amcheck' >>"$T/pg.out" 2>&1 ||
	    { not_ok "PostgreSQL: amcheck"; sed 's/^/# /' "$T/pg.out"; finish; }
	PGPASSWORD=$PG_PASS
	export PGPASSWORD
}

hub_init_opts() {
	[ "$FA_HUB_STORE" = postgresql ] || return 0
	# On failure an address "hub init" refuses, never none (SQLite).
	_u=$(pg_db "$1") || { echo "--store no-database-$1"; return 1; }
	echo "--store $_u"
}

# _hub_url HUBDIR: the URL in HUBDIR/store.conf; _hub_db HUBDIR: its
# database name.
_hub_url() { head -1 "$1/store.conf"; }
_hub_db() { _hub_url "$1" | sed 's#^.*/##; s#?.*##'; }

hub_q() {
	if [ "$FA_HUB_STORE" = postgresql ]; then
		pg_sql "$(_hub_db "$1")" "$2"
	else
		sqlite3 -batch -noheader -cmd '.timeout 10000' "$1/hub.db" "$2"
	fi
}

hub_where() {
	if [ "$FA_HUB_STORE" = postgresql ]; then
		_hub_url "$1"
	else
		echo "$1/hub.db"
	fi
}

hub_integrity() {
	if [ "$FA_HUB_STORE" != postgresql ]; then
		sqlite3 -batch -noheader -cmd '.timeout 10000' "$1/hub.db" \
		    'pragma integrity_check'
		return
	fi
	# pg_amcheck: heap of every table (TOAST included), every btree
	# index against its parent pages and the heap; silent and 0 when
	# sound.
	_db=$(_hub_db "$1")
	_out=$(_pg_as "$PG_BIN/pg_amcheck" -h "$PG_DIR" -p "$PG_PORT" \
	    -U "$PG_USER" -d "$_db" --heapallindexed \
	    --parent-check --no-strict-names 2>&1)
	_rc=$?
	if [ "$_rc" -eq 0 ] && [ -z "$_out" ]; then
		echo ok
	else
		echo "pg_amcheck $_db: exit $_rc"
		printf '%s\n' "$_out" | head -20
	fi
}

hub_dump() {
	if ! hub_store_is "$1"; then
		# Never the same twice: a missing store is no "unchanged".
		echo "hub_dump: no $FA_HUB_STORE store in $1 $(date +%s%N)"
	elif [ "$FA_HUB_STORE" = postgresql ]; then
		# Each row of every COPY block (one line: COPY escapes
		# newlines) after its table's name, sorted.
		_pg_as "$PG_BIN/pg_dump" -h "$PG_DIR" -p "$PG_PORT" \
		    -U "$PG_USER" -d "$(_hub_db "$1")" --data-only \
		    --no-owner --no-privileges >"$T/hub_dump.sql" ||
		    echo "hub_dump: pg_dump failed $(date +%s%N)"
		awk '/^COPY / { t = $2; next }
		    t != "" && $0 == "\\." { t = ""; next }
		    t != "" { print t "\t" $0 }' "$T/hub_dump.sql" |
		    LC_ALL=C sort
	else
		sqlite3 "$1/hub.db" .dump
	fi
}

# hub_store_is HUBDIR: whether HUBDIR's store is of kind FA_HUB_STORE
# (PostgreSQL: DIR/store.conf and no DIR/hub.db; SQLite: the reverse).
hub_store_is() {
	if [ "$FA_HUB_STORE" = postgresql ]; then
		[ -s "$1/store.conf" ] && [ ! -e "$1/hub.db" ] &&
		    _hub_url "$1" | grep -q '^postgresql://'
	else
		[ -s "$1/hub.db" ] && [ ! -e "$1/store.conf" ]
	fi
}

hub_copy() {
	if [ "$FA_HUB_STORE" != postgresql ]; then
		rm -rf "$2"
		cp -a "$1" "$2"
		return
	fi
	if [ -f "$2/store.conf" ]; then
		_dst=$(_hub_db "$2")
	else
		_dst=$(basename "$2" | tr -c 'a-zA-Z0-9_\n' _)
	fi
	_src=$(_hub_db "$1")
	rm -rf "$2"
	cp -a "$1" "$2" &&
	PGOPTIONS="-c client_min_messages=warning" \
	    pg_sql postgres "DROP DATABASE IF EXISTS \"$_dst\" WITH (FORCE)" &&
	pg_sql postgres "CREATE DATABASE \"$_dst\" TEMPLATE \"$_src\"" &&
	echo "postgresql://$PG_USER@$PG_ADDR:$PG_PORT/$_dst" >"$2/store.conf"
}
