/*
 * hubstore.c: the hub's central store (see hubstore.h, docs/keys.md,
 * docs/hub-postgresql.md), on SQLite or PostgreSQL through export/hub/hubdb.c:
 * one schema, one set of migrations and one import for both.
 *
 * Opening follows the collector's store (collector/store.c): an SQLite
 * file is created 0600 before SQLite sees it, a store is ours when its
 * application_id is 'FAHB' (the collector's is 'FAUD', so neither program
 * opens the other's file by mistake; on PostgreSQL both numbers live in
 * the table hub_meta), and migrations[N] brings version N-1 to N in one
 * transaction that reads the version again first.  Unlike the collector,
 * the hub never creates its store on the fly: hubstore_create() is for
 * "hub init" only, and a missing store is an error everywhere else, so a
 * mistyped --hub cannot start an empty hub.
 *
 * Every change is one write transaction whose checks cannot interleave
 * with another process's: SQLite's BEGIN IMMEDIATE takes the write lock
 * first; on PostgreSQL an import locks its site's row, and the unique
 * constraints (a trusted fingerprint, a bundle id, a site's sequence)
 * refuse what a race would let through.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <sqlite3.h>

#include "../payload.h"
#include "hubdb.h"
#include "hubrec.h"
#include "hubtext.h"
#include "hubstore.h"

#define HUBSTORE_APP_ID		0x46414842	/* application_id, 'FAHB' */
#define COLLECTOR_APP_ID	0x46415544	/* collector/store_schema.c: 'FAUD' */

struct hubstore {
	struct hubdb	*db;
	char		*path;		/* for messages: file or database */
	int		 cmdq;		/* the command queue is ready */
	/* the records' texts by id (hubtext.h), made by the first import;
	 * on PostgreSQL through a connection of their own, tdb */
	struct hubtext	*text;
	struct hubdb	*tdb;
};

/*
 * migrations[N] turns version N-1 into version N.  Append only; a shipped
 * step is never edited.
 */
static const char *const migrations[] = {
	NULL,				/* version 0: an empty file */

	/* 1: accounts and the collectors trusted for them. */
	"CREATE TABLE accounts ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\tname TEXT NOT NULL UNIQUE,"
	"\n\tcreated INTEGER NOT NULL\n);"

	"CREATE TABLE collectors ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\tfingerprint TEXT NOT NULL,"
	"\n\tpublic_key TEXT NOT NULL,"
	"\n\tcomment TEXT,"
	"\n\taccount_id INTEGER NOT NULL REFERENCES accounts (id),"
	"\n\tadded INTEGER NOT NULL,"
	"\n\tremoved INTEGER,"
	"\n\tCHECK (removed IS NULL OR removed >= added)\n);"
	"CREATE UNIQUE INDEX collectors_trusted ON collectors (fingerprint)"
	" WHERE removed IS NULL;"
	"CREATE INDEX collectors_account ON collectors (account_id);",

	/*
	 * 2: imported data (export/hub/import.c, docs/bundle-format.md).  A site
	 * is one collector key's data under one account; bundles are the
	 * bundles imported, one sequence number each per site; devices and
	 * records are the payload's records as imported (data: the JSON
	 * record, whose last_scan_id and pos "seen" records move).
	 */
	"CREATE TABLE sites ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\taccount_id INTEGER NOT NULL REFERENCES accounts (id),"
	"\n\tfingerprint TEXT NOT NULL,"
	"\n\tpublic_key TEXT NOT NULL,"
	"\n\tfirst_import INTEGER NOT NULL,"
	"\n\tlast_import INTEGER NOT NULL,"
	"\n\tlast_sequence INTEGER NOT NULL,"
	"\n\tUNIQUE (fingerprint, account_id)\n);"
	"CREATE TABLE bundles ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\tbundle_id TEXT NOT NULL UNIQUE,"
	"\n\tsite_id INTEGER NOT NULL REFERENCES sites (id),"
	"\n\tsequence INTEGER NOT NULL,"
	"\n\thash TEXT NOT NULL,"
	"\n\tcreated INTEGER NOT NULL,"
	"\n\timported INTEGER NOT NULL,"
	"\n\tafter_scan INTEGER NOT NULL,"
	"\n\tupto_scan INTEGER NOT NULL,"
	"\n\trecords INTEGER NOT NULL,"
	"\n\tmanifest TEXT NOT NULL,"
	"\n\tUNIQUE (site_id, sequence)\n);"
	"CREATE TABLE devices ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\tsite_id INTEGER NOT NULL REFERENCES sites (id),"
	"\n\taccount_id INTEGER NOT NULL REFERENCES accounts (id),"
	"\n\tsrc_id INTEGER NOT NULL,"
	"\n\tkey_kind TEXT,"
	"\n\tkey_value TEXT,"
	"\n\tvendor TEXT,"
	"\n\tmodel TEXT,"
	"\n\tserial TEXT,"
	"\n\tmac TEXT,"
	"\n\taddress TEXT,"
	"\n\tfirst_seen INTEGER,"
	"\n\tlast_seen INTEGER,"
	"\n\tdata TEXT NOT NULL,"
	"\n\tbundle_id INTEGER NOT NULL REFERENCES bundles (id),"
	"\n\tUNIQUE (site_id, src_id)\n);"
	"CREATE INDEX devices_account ON devices (account_id, address);"
	"CREATE TABLE records ("
	"\n\tsite_id INTEGER NOT NULL REFERENCES sites (id),"
	"\n\tkind TEXT NOT NULL,"
	"\n\tsrc_id INTEGER NOT NULL,"
	"\n\tdevice_src INTEGER,"
	"\n\tdata TEXT NOT NULL,"
	"\n\tbundle_id INTEGER NOT NULL REFERENCES bundles (id),"
	"\n\tPRIMARY KEY (site_id, kind, src_id)\n) WITHOUT ROWID;"
	"CREATE INDEX records_device ON records (site_id, device_src);",

	/*
	 * 3: the web view's people (export/hub/hubusers.c, docs/web.md).  A
	 * user is a dealer admin (every account) or an account user (the
	 * accounts of user_accounts); hash is libsodium's Argon2id string.
	 * A session is kept by the BLAKE2b hash of its cookie's token, never
	 * the token; login_failures rate-limits logins by name and address.
	 */
	"CREATE TABLE users ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\tname TEXT NOT NULL UNIQUE,"
	"\n\trole TEXT NOT NULL CHECK (role IN ('admin', 'user')),"
	"\n\thash TEXT NOT NULL,"
	"\n\tcreated INTEGER NOT NULL,"
	"\n\tchanged INTEGER NOT NULL\n);"
	"CREATE TABLE user_accounts ("
	"\n\tuser_id INTEGER NOT NULL REFERENCES users (id)"
	" ON DELETE CASCADE,"
	"\n\taccount_id INTEGER NOT NULL REFERENCES accounts (id),"
	"\n\tPRIMARY KEY (user_id, account_id)\n) WITHOUT ROWID;"
	"CREATE TABLE sessions ("
	"\n\tid TEXT PRIMARY KEY,"
	"\n\tuser_id INTEGER NOT NULL REFERENCES users (id)"
	" ON DELETE CASCADE,"
	"\n\tcsrf TEXT NOT NULL,"
	"\n\tcreated INTEGER NOT NULL,"
	"\n\tseen INTEGER NOT NULL,"
	"\n\texpires INTEGER NOT NULL\n);"
	"CREATE INDEX sessions_user ON sessions (user_id);"
	"CREATE TABLE login_failures ("
	"\n\twho TEXT NOT NULL,"
	"\n\ttime INTEGER NOT NULL\n);"
	"CREATE INDEX login_failures_who ON login_failures (who, time);",

	/*
	 * 4: each device's newest scan that read its supplies, and its
	 * errors (scans.parts): what is current on the web view's pages, as
	 * in the report, when "run" reads each part on its own interval.
	 * Kept by the import (hubstore_import_scan()); backfill[4] fills
	 * them from the scans already imported.
	 */
	"ALTER TABLE devices ADD COLUMN supplies_scan INTEGER;"
	"ALTER TABLE devices ADD COLUMN errors_scan INTEGER;",

	/*
	 * 5: the replay guard is the collector key's, whatever its account:
	 * the highest sequence imported from each fingerprint, for good (a
	 * collector trusted again under another account must not import its
	 * old bundles again); backfill[5] fills it from the bundles already
	 * imported.
	 */
	"CREATE TABLE collector_sequences ("
	"\n\tfingerprint TEXT PRIMARY KEY,"
	"\n\tlast_sequence INTEGER NOT NULL\n);",

	/*
	 * 6: the web view's login limit (export/hub/hubusers.c, docs/web.md):
	 * one row per (address, name), "pair:ADDRESS NAME", and per address,
	 * "addr:ADDRESS", whose attempt is reserved before the password is
	 * checked; no row per name alone.  The old failure rows go: a
	 * limit's state, nothing else.
	 */
	"DROP TABLE login_failures;"
	"CREATE TABLE login_attempts ("
	"\n\twho TEXT PRIMARY KEY,"
	"\n\tfailures INTEGER NOT NULL,"
	"\n\tlast INTEGER NOT NULL,"
	"\n\tnext_ok INTEGER NOT NULL\n);"
	"CREATE INDEX login_attempts_last ON login_attempts (last);",

	/*
	 * 7: supply orders (export/hub/hubsupply.c, docs/supplies.md): one row
	 * per cartridge suggested for shipping, a cartridge being one
	 * supply slot of one device (site_id, device_src, idx) from when
	 * the cartridge in it was first seen (installed; 0 unknown), so a
	 * cartridge is suggested once and a swapped-in one again; ordered
	 * (and by whom) once the desk has ordered it.
	 */
	"CREATE TABLE supply_orders ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\taccount_id INTEGER NOT NULL REFERENCES accounts (id),"
	"\n\tsite_id INTEGER NOT NULL REFERENCES sites (id),"
	"\n\tdevice_src INTEGER NOT NULL,"
	"\n\tidx INTEGER NOT NULL,"
	"\n\tinstalled INTEGER NOT NULL,"
	"\n\tpart_number TEXT,"
	"\n\treason TEXT NOT NULL,"
	"\n\tsuggested INTEGER NOT NULL,"
	"\n\tordered INTEGER,"
	"\n\tordered_by TEXT,"
	"\n\tUNIQUE (site_id, device_src, idx, installed)\n);"
	"CREATE INDEX supply_orders_account ON supply_orders (account_id);",

	/*
	 * 8: a site's name ("hub trust add --name"), kept with the trusted
	 * collector whose data the site is, shown instead of its
	 * fingerprint (hubstore_site_name()).
	 */
	"ALTER TABLE collectors ADD COLUMN name TEXT;",

	/*
	 * 9: who viewed or downloaded which account's data
	 * (export/hub/hubaudit.c): the account by name, so that the log
	 * outlives a deleted account.
	 */
	"CREATE TABLE audit_log ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\ttime INTEGER NOT NULL,"
	"\n\twho TEXT NOT NULL,"
	"\n\taddress TEXT,"
	"\n\taccount TEXT,"
	"\n\taction TEXT NOT NULL,"
	"\n\tdetail TEXT\n);"
	"CREATE INDEX audit_log_account ON audit_log (account, time);"
	"CREATE INDEX audit_log_time ON audit_log (time);",

	/*
	 * 10: notifications (export/hub/notify.c, docs/notify.md): the
	 * rules of each account; the conditions open for a rule (noticed
	 * once until they clear); each notice; the messages that carry
	 * them (one per run, or a day's digest) with their retry state;
	 * and each delivery tried, by rule and account name so that the
	 * log outlives a removed rule.
	 */
	"CREATE TABLE notify_rules ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\taccount_id INTEGER NOT NULL REFERENCES accounts (id),"
	"\n\tname TEXT NOT NULL,"
	"\n\tconditions TEXT NOT NULL,"
	"\n\ttarget TEXT NOT NULL,"
	"\n\tsecret TEXT,"
	"\n\tthreshold INTEGER NOT NULL,"
	"\n\tdays INTEGER NOT NULL,"
	"\n\tsilent_days INTEGER NOT NULL,"
	"\n\tdigest_hour INTEGER,"
	"\n\tlast_digest INTEGER,"
	"\n\tcreated INTEGER NOT NULL,"
	"\n\tUNIQUE (account_id, name)\n);"
	"CREATE TABLE notify_open ("
	"\n\trule_id INTEGER NOT NULL REFERENCES notify_rules (id),"
	"\n\tkey TEXT NOT NULL,"
	"\n\topened INTEGER NOT NULL,"
	"\n\tPRIMARY KEY (rule_id, key)\n);"
	"CREATE TABLE notify_messages ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\trule_id INTEGER NOT NULL REFERENCES notify_rules (id),"
	"\n\tcreated INTEGER NOT NULL,"
	"\n\tdigest INTEGER NOT NULL,"
	"\n\tnotices INTEGER NOT NULL,"
	"\n\tsubject TEXT NOT NULL,"
	"\n\ttext TEXT NOT NULL,"
	"\n\tjson TEXT NOT NULL,"
	"\n\tattempts INTEGER NOT NULL,"
	"\n\tnext_try INTEGER,"
	"\n\tstatus TEXT NOT NULL\n);"
	"CREATE INDEX notify_messages_due ON notify_messages (status, next_try);"
	"CREATE TABLE notify_notices ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\trule_id INTEGER NOT NULL REFERENCES notify_rules (id),"
	"\n\ttime INTEGER NOT NULL,"
	"\n\tkind TEXT NOT NULL,"
	"\n\tkey TEXT NOT NULL,"
	"\n\tsite TEXT,"
	"\n\tcollector TEXT,"
	"\n\tdevice_src INTEGER NOT NULL,"
	"\n\tserial TEXT,"
	"\n\tmodel TEXT,"
	"\n\taddress TEXT,"
	"\n\tlocation TEXT,"
	"\n\tdetail TEXT,"
	"\n\tsince INTEGER,"
	"\n\tmessage_id INTEGER REFERENCES notify_messages (id)\n);"
	"CREATE INDEX notify_notices_rule ON notify_notices (rule_id, message_id);"
	"CREATE TABLE notify_log ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\ttime INTEGER NOT NULL,"
	"\n\taccount TEXT NOT NULL,"
	"\n\trule TEXT NOT NULL,"
	"\n\tmessage_id INTEGER NOT NULL,"
	"\n\ttarget TEXT NOT NULL,"
	"\n\tattempt INTEGER NOT NULL,"
	"\n\toutcome TEXT NOT NULL,"
	"\n\tdetail TEXT\n);"
	"CREATE INDEX notify_log_time ON notify_log (time);",
	/*
	 * 11: Remote Device Link (export/hub/rdl.c, docs/rdl.md): the
	 * dealer's switch and limits (one row, none: off), the accounts it
	 * is enabled for, the users given the right on an account, and the
	 * audit: every session and every request it carried.  Sessions name
	 * their user and account by name, so the audit outlives them.
	 */
	"CREATE TABLE rdl_config ("
	"\n\tid INTEGER PRIMARY KEY CHECK (id = 1),"
	"\n\tdomain TEXT NOT NULL,"
	"\n\tidle INTEGER NOT NULL,"
	"\n\tlife INTEGER NOT NULL,"
	"\n\tpoll INTEGER NOT NULL,"
	"\n\tchanged INTEGER NOT NULL\n);"
	"CREATE TABLE rdl_accounts ("
	"\n\taccount_id INTEGER PRIMARY KEY REFERENCES accounts (id)"
	" ON DELETE CASCADE,"
	"\n\tsince INTEGER NOT NULL\n);"
	"CREATE TABLE rdl_rights ("
	"\n\tuser_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
	"\n\taccount_id INTEGER NOT NULL REFERENCES accounts (id)"
	" ON DELETE CASCADE,"
	"\n\tPRIMARY KEY (user_id, account_id)\n) WITHOUT ROWID;"
	"CREATE TABLE rdl_sessions ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\twho TEXT NOT NULL,"
	"\n\taccount TEXT NOT NULL,"
	"\n\tdevice_id INTEGER NOT NULL,"
	"\n\taddress TEXT NOT NULL,"
	"\n\tcollector TEXT NOT NULL,"
	"\n\tstarted INTEGER NOT NULL,"
	"\n\tended INTEGER,"
	"\n\treason TEXT\n);"
	"CREATE INDEX rdl_sessions_started ON rdl_sessions (started);"
	"CREATE TABLE rdl_requests ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\tsession_id INTEGER NOT NULL REFERENCES rdl_sessions (id),"
	"\n\ttime INTEGER NOT NULL,"
	"\n\tmethod TEXT NOT NULL,"
	"\n\tpath TEXT NOT NULL,"
	"\n\tstatus INTEGER NOT NULL,"
	"\n\tbytes_up INTEGER NOT NULL,"
	"\n\tbytes_down INTEGER NOT NULL\n);"
	"CREATE INDEX rdl_requests_session ON rdl_requests (session_id);",

	/*
	 * 12: the records in typed columns, a table per kind, and the view
	 * "records" that gives them as before (export/hub/hubrec.h): made
	 * and filled by steps[12], hubrec_migrate(), in this step's
	 * transaction.
	 */
	NULL,

	/*
	 * 13: on PostgreSQL the records' small integers (SNMP Integer32
	 * values, codes, the site's and bundle's ids) in 4 bytes and each
	 * table's columns widest first: steps[13], hubrec_migrate13().
	 */
	NULL,

	/*
	 * 14: the alerts and cartridges by the scan that last saw them, so
	 * that the web view reads a device's current ones, not its history:
	 * steps[14], hubstore_migrate14().
	 */
	NULL,

	/*
	 * 15: on PostgreSQL 64 records of a kind a row, in arrays, read
	 * through a view of each table's old name (the alerts and
	 * cartridges stay as 14 has them): steps[15], hubrec_migrate15().
	 * SQLite's tables stay.
	 */
	NULL,
};

/* What a step does beyond SQL text: steps[N] runs after migrations[N]. */
static int (*const steps[])(struct hubdb *, struct fa_err *) = {
	[12] = hubrec_migrate,
	[13] = hubrec_migrate13,
	[14] = hubstore_migrate14,
	[15] = hubrec_migrate15,
};

/* What a migration step needs in each engine's own SQL (JSON): run after
 * migrations[N], in its transaction; [N][HUBDB_SQLITE], [N][HUBDB_PG]. */
#define BACKFILL_4(PARTS) \
	"UPDATE devices SET supplies_scan = (SELECT max(r.src_id)" \
	" FROM records r WHERE r.site_id = devices.site_id" \
	" AND r.kind = 'scans' AND r.device_src = devices.src_id" \
	" AND (" PARTS " & 2) != 0), errors_scan = (SELECT max(r.src_id)" \
	" FROM records r WHERE r.site_id = devices.site_id" \
	" AND r.kind = 'scans' AND r.device_src = devices.src_id" \
	" AND (" PARTS " & 4) != 0)"
#define BACKFILL_5 \
	"INSERT INTO collector_sequences (fingerprint, last_sequence)" \
	" SELECT s.fingerprint, max(b.sequence) FROM bundles b" \
	" JOIN sites s ON s.id = b.site_id GROUP BY s.fingerprint"
static const char *const backfill[][2] = {
	[4] = {
		[HUBDB_SQLITE] = BACKFILL_4("json_extract(r.data, '$.parts')"),
		[HUBDB_PG] = BACKFILL_4("CAST(r.data::jsonb ->> 'parts' AS"
		    " BIGINT)"),
	},
	[5] = { [HUBDB_SQLITE] = BACKFILL_5, [HUBDB_PG] = BACKFILL_5 },
};
_Static_assert(nitems(migrations) == HUBSTORE_SCHEMA_VERSION + 1,
    "one migration step per schema version");

#define CMDQ_SCHEMA \
	"CREATE TABLE IF NOT EXISTS cmdq.commands (" \
	"\n\tid INTEGER PRIMARY KEY," \
	"\n\tfingerprint TEXT NOT NULL," \
	"\n\tkind TEXT NOT NULL CHECK (kind IN ('scan', 'walk', 'logs'))," \
	"\n\targument TEXT NOT NULL," \
	"\n\tcreated INTEGER NOT NULL," \
	"\n\tsent INTEGER," \
	"\n\tdone INTEGER," \
	"\n\tstatus TEXT," \
	"\n\toutput BLOB\n);" \
	"\nCREATE TABLE IF NOT EXISTS cmdq.hellos (" \
	"\n\tfingerprint TEXT NOT NULL," \
	"\n\tnonce TEXT NOT NULL," \
	"\n\texpires INTEGER NOT NULL," \
	"\n\tPRIMARY KEY (fingerprint, nonce)\n);"
#define CMDQ_INDEX_SQLITE "CREATE INDEX IF NOT EXISTS cmdq.commands_pending" \
	" ON commands (fingerprint, done);" \
	" CREATE INDEX IF NOT EXISTS cmdq.hellos_expires ON hellos (expires);"
#define CMDQ_INDEX_PG "CREATE INDEX IF NOT EXISTS commands_pending" \
	" ON cmdq.commands (fingerprint, done);" \
	" CREATE INDEX IF NOT EXISTS hellos_expires ON cmdq.hellos (expires);"

/* The meta table that holds, on PostgreSQL, what SQLite keeps in its
 * header: application_id and user_version. */
#define PG_META "CREATE TABLE IF NOT EXISTS hub_meta (" \
	"application_id BIGINT NOT NULL, user_version BIGINT NOT NULL)"

static int
is_pg(const struct hubstore *h)
{
	return hubdb_kind(h->db) == HUBDB_PG;
}

/* e's message prefixed with what. */
static int
failed(const char *what, struct fa_err *e)
{
	char	msg[sizeof(e->msg)];

	if (e == NULL)
		return -1;
	fa_strlcpy(msg, e->msg, sizeof(msg));
	return fa_errf(e, "%s: %s", what, msg);
}

/* The schema's version, our mark, and how many tables the store has. */
static int
read_meta(struct hubstore *h, int64_t *app, int64_t *version,
    int64_t *tables, struct fa_err *e)
{
	int64_t	meta;

	*app = *version = 0;
	if (!is_pg(h))
		return hubdb_int(h->db, "PRAGMA application_id", NULL, 0, app,
		    e) || hubdb_int(h->db, "PRAGMA user_version", NULL, 0,
		    version, e) || hubdb_int(h->db, "SELECT count(*) FROM"
		    " sqlite_master", NULL, 0, tables, e) ? -1 : 0;
	if (hubdb_int(h->db, "SELECT count(*) FROM information_schema.tables"
	    " WHERE table_schema = current_schema()", NULL, 0, tables, e) ||
	    hubdb_int(h->db, "SELECT count(*) FROM information_schema.tables"
	    " WHERE table_schema = current_schema() AND table_name ="
	    " 'hub_meta'", NULL, 0, &meta, e))
		return -1;
	if (meta > 0 && (hubdb_int(h->db, "SELECT max(application_id) FROM"
	    " hub_meta", NULL, 0, app, e) || hubdb_int(h->db, "SELECT"
	    " max(user_version) FROM hub_meta", NULL, 0, version, e)))
		return -1;
	if (*app < 0)
		*app = 0;
	if (*version < 0)
		*version = 0;
	return 0;
}

/* Ours (or, when fresh is allowed, empty), and not from a newer program. */
static int
check_store(struct hubstore *h, int fresh_ok, struct fa_err *e)
{
	int64_t	app, version, tables;
	int	pg = is_pg(h);

	if (read_meta(h, &app, &version, &tables, e) != 0) {
		if (!pg && sqlite3_errcode(hubdb_sqlite(h->db)) ==
		    SQLITE_NOTADB)
			return fa_errf(e, "'%s' is not a fleetaudit hub store: "
			    "not an SQLite database", h->path);
		return -1;
	}
	if (fresh_ok && app == 0 && version == 0 && tables == 0)
		return 0;
	if (app != HUBSTORE_APP_ID) {
		if (pg)
			return fa_errf(e, "'%s' is not a fleetaudit hub store: "
			    "%s", h->path, tables == 0 ? "an empty database" :
			    "a database holding other tables");
		return fa_errf(e, "'%s' is not a fleetaudit hub store%s",
		    h->path, app == COLLECTOR_APP_ID ? ": a collector's store" :
		    tables == 0 ? ": an empty file" :
		    ": an SQLite database of another program");
	}
	if (fresh_ok)
		return fa_errf(e, "'%s' already holds a fleetaudit hub store",
		    h->path);
	if (version > HUBSTORE_SCHEMA_VERSION)
		return fa_errf(e, "hub store '%s' has schema version %lld, "
		    "newer than this program's %d", h->path,
		    (long long)version, HUBSTORE_SCHEMA_VERSION);
	return 0;
}

/* Records version (in the migration's transaction). */
static int
write_version(struct hubstore *h, int64_t version, struct fa_err *e)
{
	char	sql[128];

	if (is_pg(h))
		snprintf(sql, sizeof(sql), "DELETE FROM hub_meta; INSERT INTO"
		    " hub_meta VALUES (%d, %lld)", HUBSTORE_APP_ID,
		    (long long)version);
	else
		snprintf(sql, sizeof(sql), "PRAGMA application_id = %d;"
		    " PRAGMA user_version = %lld", HUBSTORE_APP_ID,
		    (long long)version);
	return hubdb_exec(h->db, sql, e);
}

/*
 * Each step in a write transaction that reads the version again first:
 * another process may have migrated meanwhile.  On PostgreSQL an
 * advisory lock plays BEGIN IMMEDIATE's part.
 */
static int
migrate(struct hubstore *h, struct fa_err *e)
{
	int64_t	app, version, tables;
	char	lock[64];

	snprintf(lock, sizeof(lock), "SELECT pg_advisory_xact_lock(%d)",
	    HUBSTORE_APP_ID);
	for (;;) {
		if (hubdb_begin(h->db, e) != 0 ||
		    (is_pg(h) && (hubdb_exec(h->db, lock, e) != 0 ||
		    hubdb_exec(h->db, PG_META, e) != 0)) ||
		    read_meta(h, &app, &version, &tables, e) != 0)
			goto fail;
		if (version >= HUBSTORE_SCHEMA_VERSION)
			break;
		version++;
		if ((migrations[version] != NULL &&
		    hubdb_schema(h->db, migrations[version], e) != 0) ||
		    ((size_t)version < nitems(steps) && steps[version] != NULL &&
		    steps[version](h->db, e) != 0) ||
		    ((size_t)version < nitems(backfill) &&
		    backfill[version][hubdb_kind(h->db)] != NULL &&
		    hubdb_exec(h->db, backfill[version][hubdb_kind(h->db)],
		    e) != 0) ||
		    write_version(h, version, e) != 0 ||
		    hubdb_commit(h->db, e) != 0)
			goto fail;
	}
	if (hubdb_commit(h->db, e) != 0)
		goto fail;
	return 0;
fail:
	hubdb_rollback(h->db);
	return failed("cannot migrate the hub store", e);
}

/* Readies an open connection: checks the store and migrates it. */
static int
hs_ready(struct hubdb *db, int fresh, struct hubstore **out,
    struct fa_err *e)
{
	struct hubstore	*h;

	*out = NULL;
	h = fa_calloc(1, sizeof(*h));
	h->db = db;
	h->path = fa_strdup(hubdb_name(db));
	if (check_store(h, fresh, e) != 0)
		goto fail;
	/* As the collector's store: readers while an import writes. */
	if (!is_pg(h) && hubdb_exec(db, "PRAGMA journal_mode = WAL; "
	    "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON", e) != 0)
		goto fail;
	if (migrate(h, e) != 0)
		goto fail;
	*out = h;
	return 0;
fail:
	hubstore_close(h);
	return -1;
}

static int
hs_open_sqlite(const char *path, int fresh, struct hubstore **out,
    struct fa_err *e)
{
	struct hubdb	*db;

	if (hubdb_open_sqlite(path, &db, e) != 0)
		return -1;
	return hs_ready(db, fresh, out, e);
}

int
hubstore_create(const char *path, struct hubstore **out, struct fa_err *e)
{
	char	*side;
	int	 fd;

	*out = NULL;
	if (hubdb_pg_check(path, e) != 0) {
		struct hubdb *db;

		if (e != NULL && e->msg[0] == '\0')
			fa_errf(e, "bad connection string");
		if (hubdb_open_pg(path, &db, e) != 0)
			return -1;
		return hs_ready(db, 1, out, e);
	}
	/* Created here so that it is 0600 (SQLite would make it 0644). */
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd == -1) {
		if (errno == EEXIST)
			return fa_errf(e, "hub store '%s' already exists",
			    path);
		return fa_errf(e, "cannot create hub store '%s': %s", path,
		    strerror(errno));
	}
	close(fd);
	if (hs_open_sqlite(path, 1, out, e) == 0)
		return 0;
	(void)unlink(path);
	side = fa_asprintf("%s-wal", path);
	(void)unlink(side);
	free(side);
	side = fa_asprintf("%s-shm", path);
	(void)unlink(side);
	free(side);
	return -1;
}

int
hubstore_open(const char *path, struct hubstore **out, struct fa_err *e)
{
	struct stat	 sb;
	struct hubdb	*db;
	int		 x;

	*out = NULL;
	if (e != NULL)
		e->msg[0] = '\0';
	if ((x = hubdb_pg_check(path, e)) != 0) {
		if (x == -1 || hubdb_open_pg(path, &db, e) != 0)
			return -1;
		return hs_ready(db, 0, out, e);
	}
	if (stat(path, &sb) == -1) {
		if (errno == ENOENT)
			return fa_errf(e, "no hub store at '%s'", path);
		return fa_errf(e, "cannot open hub store '%s': %s", path,
		    strerror(errno));
	}
	if (!S_ISREG(sb.st_mode))
		return fa_errf(e, "'%s' is not a fleetaudit hub store: not a "
		    "regular file", path);
	return hs_open_sqlite(path, 0, out, e);
}

char *
hubstore_locate(const char *dir, int *found, struct fa_err *e)
{
	struct stat	 sb;
	char		*conf, *db, line[1024];
	FILE		*f;
	size_t		 n;

	*found = 0;
	conf = fa_asprintf("%s/%s", dir, HUBSTORE_CONF);
	if ((f = fopen(conf, "re")) == NULL) {
		if (errno != ENOENT) {
			fa_errf(e, "cannot read '%s': %s", conf,
			    strerror(errno));
			free(conf);
			return NULL;
		}
		free(conf);
		db = fa_asprintf("%s/%s", dir, HUBSTORE_FILE);
		*found = stat(db, &sb) == 0;
		return db;
	}
	line[0] = '\0';
	if (fgets(line, sizeof(line), f) == NULL && ferror(f)) {
		fa_errf(e, "cannot read '%s': %s", conf, strerror(errno));
		fclose(f);
		free(conf);
		return NULL;
	}
	fclose(f);
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	if (n == 0 || hubdb_pg_check(line, e) != 1) {
		if (n == 0 || e->msg[0] == '\0')
			fa_errf(e, "'%s': no PostgreSQL connection string on "
			    "its first line", conf);
		else
			failed(conf, e);
		free(conf);
		return NULL;
	}
	free(conf);
	*found = 1;
	return fa_strdup(line);
}

int
hubstore_open_hub(const char *dir, struct hubstore **out, struct fa_err *e)
{
	char	*where;
	int	 found, rc;

	*out = NULL;
	if ((where = hubstore_locate(dir, &found, e)) == NULL)
		return -1;
	if (!found)
		rc = fa_errf(e, "no hub in '%s' (no %s; see 'fleetaudit hub "
		    "init', --hub, FLEETAUDIT_HUB)", dir, HUBSTORE_FILE);
	else
		rc = hubstore_open(where, out, e);
	free(where);
	return rc;
}

void
hubstore_close(struct hubstore *h)
{
	if (h == NULL)
		return;
	hubtext_free(h->text);
	hubdb_close(h->tdb);
	hubdb_close(h->db);
	free(h->path);
	free(h);
}

struct hubdb *
hubstore_db(struct hubstore *h)
{
	return h->db;
}

const char *
hubstore_path(const struct hubstore *h)
{
	return h->path;
}

int
hubstore_account_check(const char *name, struct fa_err *e)
{
	size_t	i, n = strlen(name);
	char	c;

	for (i = 0; i < n && n <= HUBSTORE_ACCOUNT_MAX; i++) {
		c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') ||
		    (i > 0 && (c == '.' || c == '_' || c == '-'))))
			break;
	}
	if (n == 0 || n > HUBSTORE_ACCOUNT_MAX || i != n)
		return fa_errf(e, "bad account name '%.*s': 1 to %d letters, "
		    "digits, '.', '_' or '-', starting with a letter or digit",
		    n > 80 ? 80 : (int)n, name, HUBSTORE_ACCOUNT_MAX);
	return 0;
}

/* The account a fingerprint is trusted for: 1 found (*account set,
 * caller frees), 0 not trusted, -1 error. */
static int
trusted_for(struct hubstore *h, const char *fp, char **account,
    struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc;

	*account = NULL;
	if (hubdb_prepare(h->db, "SELECT a.name FROM collectors c"
	    " JOIN accounts a ON a.id = c.account_id"
	    " WHERE c.fingerprint = ?1 AND c.removed IS NULL", &st, e) != 0)
		return -1;
	hubdb_bind_text(st, 1, fp);
	if ((rc = hubdb_step(st, e)) == 1)
		*account = hubdb_col_strdup(st, 0);
	hubdb_finalize(st);
	return rc < 0 ? -1 : rc;
}

/* Runs sql with text and integer parameters bound in order from fmt
 * ('s' a string, may be NULL; 'i' an int64); 0 or -1 (HUBDB_UNIQUE
 * kept).  *id, when not NULL, gets the first column of a returned row. */
static int
run(struct hubstore *h, const char *sql, int64_t *id, struct fa_err *e,
    const char *fmt, ...)
{
	struct hubdb_st	*st;
	va_list		 ap;
	int		 i, rc;

	if (hubdb_prepare(h->db, sql, &st, e) != 0)
		return -1;
	va_start(ap, fmt);
	for (i = 0; fmt[i] != '\0'; i++)
		if (fmt[i] == 's')
			hubdb_bind_text(st, i + 1, va_arg(ap, const char *));
		else
			hubdb_bind_int(st, i + 1, va_arg(ap, int64_t));
	va_end(ap);
	rc = hubdb_step(st, e);
	if (rc == 1 && id != NULL)
		*id = hubdb_col_int(st, 0);
	hubdb_finalize(st);
	return rc < 0 ? rc : 0;
}

int
hubstore_trust_add(struct hubstore *h, const char *fp,
    const char *public_key, const char *comment, const char *account,
    int64_t now, struct fa_err *e)
{
	static const char what[] = "cannot trust a collector in the hub store";
	char	*cur = NULL;
	int	 rc = -1, t;

	if (hubstore_account_check(account, e) != 0)
		return -1;
	if (hubdb_begin(h->db, e) != 0)
		return failed(what, e);
	if ((t = trusted_for(h, fp, &cur, e)) == -1)
		goto fail;
	if (t == 1) {
		if (strcmp(cur, account) != 0) {
			fa_errf(e, "collector %s is already trusted for "
			    "account '%s' (remove it first)", fp, cur);
			goto out;
		}
		if (hubdb_commit(h->db, e) != 0)
			goto fail;
		rc = 1;
		goto out;
	}
	if (run(h, "INSERT INTO accounts (name, created) VALUES (?1, ?2)"
	    " ON CONFLICT (name) DO NOTHING", NULL, e, "si", account,
	    now) != 0 ||
	    run(h, "INSERT INTO collectors (fingerprint, public_key, comment,"
	    " account_id, added) VALUES (?1, ?2, ?3,"
	    " (SELECT id FROM accounts WHERE name = ?4), ?5)", NULL, e,
	    "ssssi", fp, public_key, comment != NULL && *comment != '\0' ?
	    comment : NULL, account, now) != 0 ||
	    hubdb_commit(h->db, e) != 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	failed(what, e);
out:
	if (rc == -1)
		hubdb_rollback(h->db);
	free(cur);
	return rc;
}

int
hubstore_site_name_check(const char *name, struct fa_err *e)
{
	size_t	i, n = strlen(name);

	if (n == 0 || n > HUBSTORE_SITE_NAME_MAX)
		return fa_errf(e, "a site name has 1 to %d characters",
		    HUBSTORE_SITE_NAME_MAX);
	for (i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return fa_errf(e, "a site name holds no control "
			    "characters");
	return 0;
}

int
hubstore_site_name(struct hubstore *h, const char *fp, const char *name,
    struct fa_err *e)
{
	struct hubdb_st	*st;
	int64_t		 changed;

	if (name != NULL && hubstore_site_name_check(name, e) != 0)
		return -1;
	if (hubdb_prepare(h->db, "UPDATE collectors SET name = ?1 WHERE"
	    " fingerprint = ?2 AND removed IS NULL", &st, e) != 0)
		return failed("cannot name the site", e);
	hubdb_bind_text(st, 1, name);
	hubdb_bind_text(st, 2, fp);
	if (hubdb_step(st, e) < 0) {
		hubdb_finalize(st);
		return failed("cannot name the site", e);
	}
	changed = hubdb_changes(st);
	hubdb_finalize(st);
	return changed > 0 ? 0 : 1;
}

int
hubstore_trust_remove(struct hubstore *h, const char *fp, int64_t now,
    char **account, struct fa_err *e)
{
	static const char what[] = "cannot remove a collector in the hub "
	    "store";
	char	*cur = NULL;
	int	 rc = -1, t;

	if (account != NULL)
		*account = NULL;
	if (hubdb_begin(h->db, e) != 0)
		return failed(what, e);
	if ((t = trusted_for(h, fp, &cur, e)) == -1)
		goto out;
	if (t == 0) {
		rc = hubdb_commit(h->db, e) != 0 ? -1 : 1;
		goto out;
	}
	/* CASE: a clock set back must not break the CHECK. */
	if (run(h, "UPDATE collectors SET removed = CASE WHEN ?1 > added"
	    " THEN ?1 ELSE added END WHERE fingerprint = ?2"
	    " AND removed IS NULL", NULL, e, "is", now, fp) != 0 ||
	    hubdb_commit(h->db, e) != 0)
		goto out;
	if (account != NULL) {
		*account = cur;
		cur = NULL;
	}
	rc = 0;
out:
	if (rc == -1) {
		failed(what, e);
		hubdb_rollback(h->db);
	}
	free(cur);
	return rc;
}

void
hubstore_trustrow_release(struct hubstore_trustrow *r)
{
	free(r->fingerprint);
	free(r->public_key);
	free(r->comment);
	free(r->account);
	free(r->name);
	memset(r, 0, sizeof(*r));
}

int
hubstore_trust_list(struct hubstore *h, struct hubstore_trustrow **rows,
    size_t *n, struct fa_err *e)
{
	struct hubdb_st		 *st;
	struct hubstore_trustrow *v = NULL, *r;
	size_t			  nv = 0, i;
	int			  rc;

	*rows = NULL;
	*n = 0;
	if (hubdb_prepare(h->db, "SELECT c.fingerprint, c.public_key,"
	    " c.comment, a.name, c.added, c.name FROM collectors c"
	    " JOIN accounts a"
	    " ON a.id = c.account_id WHERE c.removed IS NULL"
	    " ORDER BY a.name, c.added, c.id", &st, e) != 0)
		return failed("cannot list collectors", e);
	while ((rc = hubdb_step(st, e)) == 1) {
		v = fa_reallocarray(v, nv + 1, sizeof(*v));
		r = &v[nv++];
		r->fingerprint = hubdb_col_strdup(st, 0);
		r->public_key = hubdb_col_strdup(st, 1);
		r->comment = hubdb_col_strdup(st, 2);
		r->account = hubdb_col_strdup(st, 3);
		r->added = hubdb_col_int(st, 4);
		r->name = hubdb_col_strdup(st, 5);
	}
	hubdb_finalize(st);
	if (rc != 0) {
		for (i = 0; i < nv; i++)
			hubstore_trustrow_release(&v[i]);
		free(v);
		return failed("cannot list collectors", e);
	}
	*rows = v;
	*n = nv;
	return 0;
}

/* ---- imports (schema version 2; records typed since 12, hubrec.h) ---- */

enum { IS_DEVICE, IS_SCAN, IS_N };

/* Records go REC_ROWS to a statement: one statement's own cost (a
 * round of the server's parse, plan and executor on PostgreSQL) shared
 * by many rows. */
#define REC_ROWS	64
#define REC_COLS	40	/* columns of a kind, at most */

/* PostgreSQL: what a COPY of new records gathers before it goes to the
 * server (hubdb_copy_put()), which reads it while the next is made. */
#define COPY_BYTES	(256 * 1024)

struct hubstore_import {
	struct hubstore	*h;
	int64_t		 site_id, bundle_row;
	int64_t		 unseen;	/* "seen" records naming no row */
	struct hubdb_st	*st[IS_N];
	/* each kind's upsert of one record and of REC_ROWS, and the "seen"
	 * update of each run kind */
	struct hubdb_st	*rec[PAYLOAD_NKINDS], *recs[PAYLOAD_NKINDS];
	struct hubdb_st	*seen[PAYLOAD_NKINDS];
	/* the records not sent yet, REC_ROWS at most per kind: each one's
	 * key and its columns' values (REC_COLS a record), the strings in
	 * the kind's text */
	struct pval {
		int64_t	 i;		/* an integer */
		int32_t	 s;		/* a string: its offset in text */
		int32_t	 null;
	}		*pend[PAYLOAD_NKINDS];
	struct fa_buf	 text[PAYLOAD_NKINDS];
	/* PostgreSQL (schema 15): each packed kind's upsert of one packed
	 * row (hubrec_pack_sql()), its arrays' text built in arr */
	struct hubdb_st	*pack[PAYLOAD_NKINDS];
	struct fa_buf	 arr[REC_COLS];
	int64_t		 pkey[PAYLOAD_NKINDS][REC_ROWS];
	size_t		 npend[PAYLOAD_NKINDS];
	/* each scan's device and what it read (hubstore_import_scan()),
	 * written once per device at the commit rather than once per
	 * scan: a row version of the device each time on PostgreSQL */
	struct scanpart {
		int64_t	 dev, supplies, errors;	/* -1: not read */
	}		*sp;
	size_t		 nsp, maxsp;
	/* PostgreSQL: a kind's records whose keys grow past every key its
	 * site had (the new records of a bundle, in the collector's order)
	 * go by COPY, not by upserts (direct()) */
	int		 direct[PAYLOAD_NKINDS];	/* 0 not known, 1, -1 no */
	int64_t		 dkey[PAYLOAD_NKINDS];	/* the highest key so far */
	int		 copying;	/* the kind of the COPY open, -1 none */
	struct fa_buf	 copybuf;	/* its rows not sent yet */
	/* each column's bytes in a COPY row: 8, 4 an integer, -4 a text's
	 * id (hubrec_pg_width()); 0 ends; made by the kind's first COPY */
	signed char	 width[PAYLOAD_NKINDS][REC_COLS];
};

/* The device's columns come from its JSON record (device_columns()). */
static const char *const import_sql[IS_N] = {
	[IS_DEVICE] = "INSERT INTO devices (site_id, account_id, src_id,"
	    " key_kind, key_value, vendor, model, serial, mac, address,"
	    " first_seen, last_seen, data, bundle_id)"
	    " SELECT ?1, s.account_id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	    " ?11, ?12, ?13 FROM sites s WHERE s.id = ?1"
	    " ON CONFLICT (site_id, src_id) DO UPDATE SET"
	    " key_kind = excluded.key_kind, key_value = excluded.key_value,"
	    " vendor = excluded.vendor, model = excluded.model,"
	    " serial = excluded.serial, mac = excluded.mac,"
	    " address = excluded.address, first_seen = excluded.first_seen,"
	    " last_seen = excluded.last_seen, data = excluded.data,"
	    " bundle_id = excluded.bundle_id",
	/* a device's newest scans of its supplies (?3) and errors (?4)
	 * in the bundle, NULL none */
	[IS_SCAN] = "UPDATE devices SET"
	    " supplies_scan = CASE WHEN CAST(?3 AS BIGINT) IS NOT NULL AND"
	    " (supplies_scan IS NULL OR supplies_scan < ?3) THEN ?3"
	    " ELSE supplies_scan END,"
	    " errors_scan = CASE WHEN CAST(?4 AS BIGINT) IS NOT NULL AND"
	    " (errors_scan IS NULL OR errors_scan < ?4) THEN ?4"
	    " ELSE errors_scan END"
	    " WHERE site_id = ?1 AND src_id = ?2",
};

/* Whether kind's rows are runs, which "seen" records move. */
static int
run_kind(int kind)
{
	return kind >= STORE_X_METERS && kind <= STORE_X_DISPLAY;
}

enum { KS_ONE, KS_ROWS, KS_SEEN };	/* kind_st()'s statements */

/* Kind's upsert of one record (KS_ONE), of REC_ROWS (KS_ROWS), or the
 * "seen" update of a run kind (KS_SEEN), prepared at its first use on
 * SQLite: a bundle of a few devices has no kind with REC_ROWS records
 * and no records of some kinds at all, and SQLite parses a statement
 * again at each import (every kind's three prepared at every import
 * were 80 % of the CPU of 1,000 small bundles' imports, docs/bench.md).
 * On PostgreSQL all are prepared by import_prepare(), before the
 * import's pipeline (no PQprepare() in it); the server keeps them for
 * the connection's next imports (hubdb.c). */
static struct hubdb_st *
kind_st(struct hubstore_import *im, int which, int kind, struct fa_err *e)
{
	const struct hubrec_table	*t = hubrec_table(kind);
	struct hubdb_st			**stp;
	char				*sql;
	int				 rc;

	stp = which == KS_ONE ? &im->rec[kind] : which == KS_ROWS ?
	    &im->recs[kind] : &im->seen[kind];
	if (*stp != NULL)
		return *stp;
	if (t == NULL || (which == KS_SEEN && !run_kind(kind)))
		fa_bug("hubstore: statement %d of kind %d", which, kind);
	if (which == KS_SEEN)
		sql = hubrec_seen_sql(hubdb_kind(im->h->db), t);
	else
		sql = hubrec_insert_sql(t, which == KS_ONE ? 1 : REC_ROWS,
		    hubdb_kind(im->h->db));
	rc = hubdb_prepare(im->h->db, sql, stp, e);
	free(sql);
	return rc == 0 ? *stp : NULL;
}

/* Checks each kind's columns; on PostgreSQL prepares its statements. */
static int
import_prepare(struct hubstore_import *im, struct fa_err *e)
{
	const struct hubrec_table	*t;
	char				*sql;
	size_t				 i;
	int				 k, rc;

	if (hubrec_check(e) != 0)
		return -1;
	for (k = 0; k < PAYLOAD_NKINDS; k++) {
		if ((t = hubrec_table(k)) == NULL)
			continue;
		for (i = 0; t->cols[i] != NULL; i++)
			if (i + 1 >= REC_COLS)
				fa_bug("hubstore: %s has over %d columns",
				    t->table, REC_COLS - 1);
		if (!is_pg(im->h))
			continue;
		if (hubrec_packed(t, HUBDB_PG)) {
			sql = hubrec_pack_sql(t);
			rc = hubdb_prepare(im->h->db, sql, &im->pack[k], e);
			free(sql);
			if (rc != 0)
				return -1;
		} else if (kind_st(im, KS_ONE, k, e) == NULL ||
		    kind_st(im, KS_ROWS, k, e) == NULL)
			return -1;
		if (run_kind(k) && kind_st(im, KS_SEEN, k, e) == NULL)
			return -1;
	}
	return 0;
}

static void
import_finalize(struct hubstore_import *im)
{
	int	i;

	for (i = 0; i < (int)nitems(im->arr); i++)
		fa_buf_release(&im->arr[i]);
	for (i = 0; i < IS_N; i++) {
		hubdb_finalize(im->st[i]);
		im->st[i] = NULL;
	}
	for (i = 0; i < PAYLOAD_NKINDS; i++) {
		hubdb_finalize(im->rec[i]);
		hubdb_finalize(im->recs[i]);
		hubdb_finalize(im->seen[i]);
		hubdb_finalize(im->pack[i]);
		im->rec[i] = im->recs[i] = im->seen[i] = im->pack[i] = NULL;
		im->npend[i] = 0;
		free(im->pend[i]);
		im->pend[i] = NULL;
		fa_buf_release(&im->text[i]);
	}
}

int
hubstore_collector_find(struct hubstore *h, const char *fp,
    char **public_key, char **account, struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc;

	*public_key = *account = NULL;
	if (hubdb_prepare(h->db, "SELECT c.public_key, a.name FROM"
	    " collectors c JOIN accounts a ON a.id = c.account_id"
	    " WHERE c.fingerprint = ?1 AND c.removed IS NULL", &st, e) != 0)
		return failed("cannot read the hub store", e);
	hubdb_bind_text(st, 1, fp);
	rc = hubdb_step(st, e);
	if (rc == 1) {
		*public_key = hubdb_col_strdup(st, 0);
		*account = hubdb_col_strdup(st, 1);
	}
	hubdb_finalize(st);
	if (rc < 0)
		return failed("cannot read the hub store", e);
	return rc == 1 ? 0 : 1;
}

/* After an import, the connection as hs_ready() set it: foreign keys
 * checked; temporary data (sorts of the web view's queries, on a
 * connection that imported an upload) in a file, SQLite's default.
 * Within a transaction (the caller's, when the import's BEGIN failed)
 * neither pragma had an effect, nor would have one. */
static void
import_pragmas_end(struct hubstore *h)
{
	if (is_pg(h) || hubdb_in_tx(h->db))
		return;
	if (hubdb_exec(h->db, "PRAGMA foreign_keys = ON", NULL) != 0)
		fa_bug("hubstore: foreign keys cannot be checked again");
	if (hubdb_exec(h->db, "PRAGMA temp_store = DEFAULT", NULL) != 0) {
		/* memory then, as during the import */
	}
}

void
hubstore_import_abort(struct hubstore_import *im)
{
	if (im == NULL)
		return;
	/* Any error of the batch is the one already told. */
	if (hubdb_batch_end(im->h->db, NULL) != 0)
		im->unseen = 0;
	import_finalize(im);
	free(im->sp);
	fa_buf_release(&im->copybuf);
	hubdb_rollback(im->h->db);
	import_pragmas_end(im->h);
	free(im);
}

/* The site's id (-1: none yet), its row locked on PostgreSQL. */
static int
site_lock(struct hubstore *h, const char *fp, int64_t account, int64_t *id,
    struct fa_err *e)
{
	return hubdb_int(h->db, is_pg(h) ? "SELECT id FROM sites"
	    " WHERE fingerprint = ?1 AND account_id = ?2 FOR UPDATE" :
	    "SELECT id FROM sites WHERE fingerprint = ?1 AND account_id = ?2",
	    fp, account, id, e);
}

/*
 * One bundle at a time per site: the site's row is locked (on SQLite the
 * whole store is, by BEGIN IMMEDIATE) before the checks, so two processes
 * given the same bundle, or two bundles of one site, take turns; and the
 * unique constraints on bundle_id and (site, sequence) would refuse a
 * second copy anyway: HUBDB_UNIQUE is "already imported" or a replay.
 */
int
hubstore_import_begin(struct hubstore *h, const struct hubstore_bundle *b,
    int64_t now, struct hubstore_import **out, int64_t *last_seq,
    struct fa_err *e)
{
	static const char what[] = "cannot import into the hub store";
	struct hubstore_import	*im;
	int64_t			 v, account;
	int			 i, x, rc = -1;

	*out = NULL;
	*last_seq = 0;
	/* One transaction may write millions of rows: a page cache of 64 MiB
	 * (SQLite's default is 2) keeps it from spilling all the time.  Each
	 * upsert saves the pages it changes in a statement journal, to undo
	 * that one statement if it fails: in memory (a few pages, dropped at
	 * the statement's end) rather than a temporary file written page by
	 * page, which was most of the import's time.  The transaction's own
	 * journal (the WAL) is untouched: a crash still loses all or
	 * nothing of the bundle.  The records' foreign keys are the site's
	 * row and the bundle's, which this transaction locked and wrote
	 * (devices take their account from the site's row): SQLite's check
	 * of them, row after row, is what made every insert keep a
	 * statement journal; they are checked again for the rest of the
	 * connection's life (import_pragmas_end()). */
	if ((!is_pg(h) && (hubdb_exec(h->db, "PRAGMA cache_size = -65536",
	    e) != 0 || hubdb_exec(h->db, "PRAGMA temp_store = MEMORY",
	    e) != 0 || hubdb_exec(h->db, "PRAGMA foreign_keys = OFF",
	    e) != 0)) || hubdb_begin(h->db, e) != 0) {
		import_pragmas_end(h);
		return failed(what, e);
	}
	/* The texts' ids (hubtext.h): on SQLite written in this
	 * transaction, so known for this import only. */
	if (h->text == NULL && is_pg(h) && hubdb_open_pg(h->path, &h->tdb,
	    e) != 0) {
		hubdb_rollback(h->db);
		return failed(what, e);
	}
	/* No text is removed while this import holds ids (hubrec.h); and
	 * an account deleted since the last import may have removed some
	 * this cache knew, so it starts afresh. */
	if (is_pg(h) && hubdb_exec(h->db, HUBREC_TEXT_SHARED, e) != 0) {
		hubdb_rollback(h->db);
		return failed(what, e);
	}
	if (h->text == NULL)
		h->text = hubtext_new(is_pg(h) ? h->tdb : h->db);
	else
		hubtext_forget(h->text);
	im = fa_calloc(1, sizeof(*im));
	im->h = h;
	im->copying = -1;
	if (hubdb_int(h->db, "SELECT id FROM accounts WHERE name = ?1",
	    b->account, 0, &account, e) != 0)
		goto fail;
	if (account == -1) {
		fa_errf(e, "no account '%s' in hub store", b->account);
		goto out;
	}
	/* The site, created on its first bundle (the insert, after a look,
	 * so that an identity number is not spent on every import). */
	if (site_lock(h, b->fingerprint, account, &im->site_id, e) != 0)
		goto fail;
	if (im->site_id == -1 && (run(h, "INSERT INTO sites (account_id,"
	    " fingerprint, public_key, first_import, last_import,"
	    " last_sequence) VALUES (?1, ?2, ?3, ?4, ?4, 0)"
	    " ON CONFLICT (fingerprint, account_id) DO NOTHING", NULL, e,
	    "issi", account, b->fingerprint, b->public_key, now) != 0 ||
	    site_lock(h, b->fingerprint, account, &im->site_id, e) != 0))
		goto fail;
	if (hubdb_int(h->db, "SELECT id FROM bundles WHERE bundle_id = ?1",
	    b->bundle_id, 0, &v, e) != 0)
		goto fail;
	if (v != -1) {
		rc = HUBSTORE_ALREADY;
		goto out;
	}
	/* The replay guard: the collector key's highest sequence, under
	 * whichever account it was imported (its row locked on PostgreSQL,
	 * so that two accounts' imports of one key take turns too). */
	if (run(h, "INSERT INTO collector_sequences (fingerprint,"
	    " last_sequence) VALUES (?1, -1) ON CONFLICT (fingerprint)"
	    " DO NOTHING", NULL, e, "s", b->fingerprint) != 0 ||
	    run(h, is_pg(h) ? "SELECT last_sequence FROM collector_sequences"
	    " WHERE fingerprint = ?1 FOR UPDATE" : "SELECT last_sequence"
	    " FROM collector_sequences WHERE fingerprint = ?1", &v, e, "s",
	    b->fingerprint) != 0)
		goto fail;
	if (v >= b->sequence) {
		*last_seq = v;
		rc = HUBSTORE_REPLAY;
		goto out;
	}
	x = run(h, "INSERT INTO bundles (bundle_id, site_id, sequence, hash,"
	    " created, imported, after_scan, upto_scan, records, manifest)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9) RETURNING id",
	    &im->bundle_row, e, "siisiiiis", b->bundle_id, im->site_id,
	    b->sequence, b->hash, b->created, now, b->after_scan,
	    b->upto_scan, b->manifest);
	if (x == HUBDB_UNIQUE) {
		rc = HUBSTORE_ALREADY;
		goto out;
	}
	if (x != 0 || run(h, "UPDATE sites SET last_import = ?2,"
	    " last_sequence = ?3 WHERE id = ?1", NULL, e, "iii", im->site_id,
	    now, b->sequence) != 0 || run(h, "UPDATE collector_sequences"
	    " SET last_sequence = ?2 WHERE fingerprint = ?1", NULL, e, "si",
	    b->fingerprint, b->sequence) != 0)
		goto fail;
	for (i = 0; i < IS_N; i++)
		if (hubdb_prepare(h->db, import_sql[i], &im->st[i], e) != 0)
			goto fail;
	if (import_prepare(im, e) != 0)
		goto fail;
	/* The records go without waiting for each answer. */
	if (hubdb_batch_begin(h->db, e) != 0)
		goto fail;
	*out = im;
	return 0;
fail:
	failed(what, e);
out:
	hubstore_import_abort(im);
	return rc;
}

/* Ends the COPY open, if any: before any other statement. */
static int
copy_close(struct hubstore_import *im, struct fa_err *e)
{
	if (im->copying < 0)
		return 0;
	im->copying = -1;
	if (hubdb_copy_put(im->h->db, &im->copybuf, e) != 0 ||
	    hubdb_copy_end(im->h->db, e) != 0)
		return failed("cannot import into the hub store", e);
	return 0;
}

static int
send(struct hubstore_import *im, struct hubdb_st *st, int64_t *unchanged,
    struct fa_err *e)
{
	if (copy_close(im, e) != 0)
		return -1;
	if (hubdb_send(st, unchanged, e) != 0)
		return failed("cannot import into the hub store", e);
	return 0;
}

/* The device record's columns, ?3 to ?11 of IS_DEVICE. */
static void
device_columns(struct hubdb_st *st, json_object *o)
{
	static const char *const text[] = { "key_kind", "key_value", "vendor",
	    "model", "serial", "mac", "address" };
	json_object	*v;
	size_t		 i;

	for (i = 0; i < nitems(text); i++)
		if (json_object_object_get_ex(o, text[i], &v) &&
		    json_object_is_type(v, json_type_string))
			hubdb_bind_text(st, 3 + (int)i,
			    json_object_get_string(v));
		else
			hubdb_bind_null(st, 3 + (int)i);
	if (json_object_object_get_ex(o, "first_seen", &v) && v != NULL)
		hubdb_bind_int(st, 10, json_object_get_int64(v));
	else
		hubdb_bind_null(st, 10);
	if (json_object_object_get_ex(o, "last_seen", &v) && v != NULL)
		hubdb_bind_int(st, 11, json_object_get_int64(v));
	else
		hubdb_bind_null(st, 11);
}

/* The value of column c ("name:t") of record o, NULL none; *ent the
 * next of o's keys: they come in the columns' order (the collector
 * writes them so), so the next one, else a lookup. */
static json_object *
col_value(json_object *o, const char *c, struct lh_entry **ent)
{
	const char	*k;
	json_object	*v;
	char		 name[64];
	size_t		 n = strcspn(c, ":");

	k = *ent != NULL ? lh_entry_k(*ent) : NULL;
	if (k != NULL && strncmp(k, c, n) == 0 && k[n] == '\0') {
		v = (json_object *)lh_entry_v(*ent);
		*ent = (*ent)->next;
		return v;
	}
	if (n >= sizeof(name))
		fa_bug("hubstore: column name '%s' too long", c);
	memcpy(name, c, n);
	name[n] = '\0';
	if (!json_object_object_get_ex(o, name, &v))
		v = NULL;
	return v;
}

/* Pending record r of kind: its values. */
static const struct pval *
pend_row(struct hubstore_import *im, int kind, size_t r)
{
	return &im->pend[kind][r * REC_COLS];
}

/* The texts of pending record r of t wanted from the import's text
 * ids. */
static void
want_texts(struct hubstore_import *im, const struct hubrec_table *t,
    size_t r)
{
	const struct pval	*v = pend_row(im, t->kind, r);
	size_t			 i;

	for (i = 0; t->cols[i] != NULL; i++)
		if (!v[i].null && v[i].s >= 0)
			hubtext_want(im->h->text, im->text[t->kind].s +
			    v[i].s);
}

/* Pending record r of t bound from parameter p on: the site, its
 * columns (each text by its id, resolved before), the bundle; the next
 * parameter's number. */
static int
bind_record(struct hubstore_import *im, struct hubdb_st *st,
    const struct hubrec_table *t, size_t r, int p)
{
	const struct pval	*v = pend_row(im, t->kind, r);
	size_t			 i;

	hubdb_bind_int(st, p++, im->site_id);
	for (i = 0; t->cols[i] != NULL; i++, p++) {
		if (v[i].null)
			hubdb_bind_null(st, p);
		else if (v[i].s < 0)
			hubdb_bind_int(st, p, v[i].i);
		else
			hubdb_bind_int(st, p, hubtext_id(im->h->text,
			    im->text[t->kind].s + v[i].s));
	}
	hubdb_bind_int(st, p++, im->bundle_row);
	return p;
}

/* The site's highest key (or packed row) of kind into im->dkey[kind],
 * asked by sql (freed here) outside the import's pipeline; from then on
 * the kind's records may go by COPY (im->direct[kind] 1). */
static int
site_max(struct hubstore_import *im, int kind, char *sql, struct fa_err *e)
{
	struct hubdb	*db = im->h->db;
	int		 rc;

	rc = copy_close(im, e) != 0 || hubdb_batch_end(db, e) != 0 ||
	    run(im->h, sql, &im->dkey[kind], e, "i", im->site_id) != 0 ||
	    hubdb_batch_begin(db, e) != 0;
	free(sql);
	if (rc)
		return failed("cannot import into the hub store", e);
	im->direct[kind] = 1;
	return 0;
}

/*
 * Whether kind's n records not sent yet go by COPY (1; 0 by upserts, -1
 * an error).  On PostgreSQL a COPY of rows is a fraction of the server's
 * work of upserting them (no statement, no parameter parsed, no conflict
 * looked for, the heap written a page at a time), but it cannot update:
 * it takes the records whose keys are above every key the site had of
 * that kind when the import began (its row is locked: no other import
 * adds any) and above the ones before them, which a plain insert gives
 * exactly what the upsert would.  A kind's first full statement's worth
 * asks for the site's highest key (a small bundle never does); the first
 * key that does not grow sends the kind's records by upserts from then
 * on, after the ones copied.
 */
static int
direct(struct hubstore_import *im, int kind, size_t n, struct fa_err *e)
{
	const struct hubrec_table	*t = hubrec_table(kind);
	int64_t				 last;
	size_t				 i;

	if (!is_pg(im->h) || im->direct[kind] < 0 ||
	    (im->direct[kind] == 0 && n < REC_ROWS))
		return 0;
	if (im->direct[kind] == 0 && site_max(im, kind, fa_asprintf("SELECT"
	    " coalesce(max(\"%s\"), -1) FROM %s WHERE site_id = ?1", t->key,
	    t->table), e) != 0)
		return -1;
	for (i = 0, last = im->dkey[kind]; i < n; i++) {
		if (im->pkey[kind][i] <= last) {
			im->direct[kind] = -1;
			return 0;
		}
		last = im->pkey[kind][i];
	}
	im->dkey[kind] = last;
	return 1;
}

/* The COPY of kind open, by sql (freed here), the one open before (of
 * another kind) ended. */
static int
copy_open(struct hubstore_import *im, int kind, char *sql, struct fa_err *e)
{
	int	rc;

	if (im->copying == kind) {
		free(sql);
		return 0;
	}
	if (copy_close(im, e) != 0) {
		free(sql);
		return -1;
	}
	rc = hubdb_copy_begin(im->h->db, sql, e);
	free(sql);
	if (rc != 0)
		return failed("cannot import into the hub store", e);
	im->copying = kind;
	return 0;
}

/* 0 when x fits column c of width w (bytes) on PostgreSQL, else -1 and
 * a line naming the column (the server's own names no column). */
static int
narrow_check(const char *c, int w, int64_t x, struct fa_err *e)
{
	if (w == 4 && (x < INT32_MIN || x > INT32_MAX))
		return fa_errf(e, "cannot import into the hub store: a "
		    "record's %.*s (%lld) is out of range for the store's "
		    "column (4 bytes)", (int)strcspn(c, ":"), c, (long long)x);
	return 0;
}

/*
 * PostgreSQL (schema 15): whether kind's records not sent yet, all of
 * one packed row, go by COPY (1; 0 by an upsert, -1 an error): as
 * direct() does for records, a row above every row the site had of that
 * kind when the import began and above the ones copied since, asked for
 * at a kind's first full row.
 */
static int
pack_direct(struct hubstore_import *im, int kind, struct fa_err *e)
{
	const struct hubrec_table	*t = hubrec_table(kind);
	int64_t				 blk;

	blk = im->pkey[kind][0] >> HUBREC_PACK_SHIFT;
	if (im->direct[kind] < 0 || (im->direct[kind] == 0 &&
	    im->npend[kind] < HUBREC_PACK))
		return 0;
	if (im->direct[kind] == 0 && site_max(im, kind, fa_asprintf("SELECT"
	    " coalesce(max(blk), -1) FROM %s_p WHERE site_id = ?1",
	    t->table), e) != 0)
		return -1;
	if (blk <= im->dkey[kind])
		return 0;
	im->dkey[kind] = blk;
	return 1;
}

/* PostgreSQL (schema 15): kind's records not sent yet, all of one packed
 * row, as that row of its COPY (hubrec_pack_copy_sql()), each column's
 * 64 slots as pack_select_sql() (hubrec.c) makes them. */
static int
copy_pack(struct hubstore_import *im, int kind, struct fa_err *e)
{
	const struct hubrec_table	*t = hubrec_table(kind);
	struct fa_buf			*b = &im->copybuf;
	const struct pval		*v;
	const char			*c;
	int64_t				 val[HUBREC_PACK], hi = 0, x;
	unsigned char			 nul[HUBREC_PACK];
	size_t				 i, j, n = im->npend[kind], nf;
	int				 w, any, slot, hcol = -1;

	if (copy_open(im, kind, hubrec_pack_copy_sql(t), e) != 0)
		return -1;
	for (j = 0, nf = 4; (c = t->cols[j]) != NULL; j++) {
		if (!hubrec_is_key(t, c))
			nf++;
		if (strncmp(c, t->hi, strlen(t->hi)) == 0 &&
		    c[strlen(t->hi)] == ':')
			hcol = (int)j;
	}
	if (hcol < 0)
		fa_bug("hubstore: %s has no column %s", t->table, t->hi);
	for (i = 0; i < n; i++) {
		v = pend_row(im, kind, i);
		x = hubrec_is_key(t, t->cols[hcol]) ? im->pkey[kind][i] :
		    v[hcol].null ? 0 : v[hcol].i;
		if (x > hi)
			hi = x;
	}
	hubdb_copy_row(b, (int)nf);
	hubdb_copy_int(b, hubrec_pg_width("site_id"), im->site_id);
	hubdb_copy_int(b, 8, im->pkey[kind][0] >> HUBREC_PACK_SHIFT);
	hubdb_copy_int(b, 8, hi);
	for (j = 0; (c = t->cols[j]) != NULL; j++) {
		if (hubrec_is_key(t, c))
			continue;
		w = hubrec_pg_width(c);
		memset(nul, 1, sizeof(nul));
		for (i = 0, any = 0; i < n; i++) {
			v = pend_row(im, kind, i) + j;
			if (v->null)
				continue;
			slot = (int)(im->pkey[kind][i] & (HUBREC_PACK - 1));
			x = v->s < 0 ? v->i : hubtext_id(im->h->text,
			    im->text[kind].s + v->s);
			if (narrow_check(c, w, x, e) != 0)
				return -1;
			val[slot] = x;
			nul[slot] = 0;
			any = 1;
		}
		if (!any && !hubrec_keeps_slots(c))
			hubdb_copy_null(b);
		else
			hubdb_copy_int_array(b, w, val, nul, HUBREC_PACK);
	}
	memset(nul, 1, sizeof(nul));
	for (i = 0; i < n; i++) {
		slot = (int)(im->pkey[kind][i] & (HUBREC_PACK - 1));
		val[slot] = im->bundle_row;
		nul[slot] = 0;
	}
	hubdb_copy_int_array(b, hubrec_pg_width("bundle_id"), val, nul,
	    HUBREC_PACK);
	if (b->len >= COPY_BYTES && hubdb_copy_put(im->h->db, b, e) != 0)
		return failed("cannot import into the hub store", e);
	return 0;
}

/* Pending record r of t as a row of the COPY (the fields of
 * bind_record()). */
static int
copy_record(struct hubstore_import *im, const struct hubrec_table *t,
    size_t r, struct fa_err *e)
{
	const struct pval	*v = pend_row(im, t->kind, r);
	const signed char	*width = im->width[t->kind];
	struct fa_buf		*b = &im->copybuf;
	const char		*c;
	int64_t			 x;
	size_t			 i;
	int			 w;

	for (i = 0; width[i] != 0; i++)
		;
	hubdb_copy_row(b, (int)i + 2);
	hubdb_copy_int(b, hubrec_pg_width("site_id"), im->site_id);
	for (i = 0; (c = t->cols[i]) != NULL; i++) {
		if (v[i].null) {
			hubdb_copy_null(b);
			continue;
		}
		w = width[i] < 0 ? -width[i] : width[i];
		x = v[i].s < 0 ? v[i].i : hubtext_id(im->h->text,
		    im->text[t->kind].s + v[i].s);
		if (narrow_check(c, w, x, e) != 0)
			return -1;
		hubdb_copy_int(b, w, x);
	}
	hubdb_copy_int(b, hubrec_pg_width("bundle_id"), im->bundle_row);
	return 0;
}

/* Kind's n records not sent yet into the COPY of kind, opened when
 * another (or none) is. */
static int
copy_records(struct hubstore_import *im, int kind, size_t n,
    struct fa_err *e)
{
	const struct hubrec_table	*t = hubrec_table(kind);
	size_t				 i;

	if (im->width[kind][0] == 0) {
		for (i = 0; t->cols[i] != NULL; i++) {
			if (i + 1 >= sizeof(im->width[kind]))
				fa_bug("hubstore: %s has too many columns",
				    t->table);
			im->width[kind][i] = (signed char)(
			    hubrec_pg_width(t->cols[i]) *
			    (t->cols[i][strcspn(t->cols[i], ":") + 1] ==
			    'i' ? 1 : -1));
		}
	}
	if (copy_open(im, kind, hubrec_copy_sql(t), e) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (copy_record(im, t, i, e) != 0)
			return -1;
	if (im->copybuf.len >= COPY_BYTES &&
	    hubdb_copy_put(im->h->db, &im->copybuf, e) != 0)
		return failed("cannot import into the hub store", e);
	return 0;
}

/* v in decimal after b's text (printf(3) was most of the client's
 * time spent on the arrays). */
static void
put_int(struct fa_buf *b, int64_t v)
{
	char		 d[24], *p = d + sizeof(d);
	uint64_t	 u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	fa_buf_add(b, p, (size_t)(d + sizeof(d) - p));
}

/* PostgreSQL (schema 15): kind's records not sent yet, all of one
 * packed row, in one statement, each column's values an array
 * (hubrec_pack_sql()). */
static int
pack_kind(struct hubstore_import *im, int kind, struct fa_err *e)
{
	const struct hubrec_table	*t = hubrec_table(kind);
	struct hubdb_st			*st = im->pack[kind];
	const struct pval		*v;
	const char			*c;
	int64_t				 x;
	size_t				 i, j, k, ncols;

	for (ncols = 0; t->cols[ncols] != NULL; ncols++)
		;
	if (ncols + 1 > nitems(im->arr))
		fa_bug("hubstore: %zu columns", ncols);
	for (j = 0; j < ncols; j++) {
		im->arr[j].len = 0;
		fa_buf_puts(&im->arr[j], "{");
	}
	for (i = 0; i < im->npend[kind]; i++) {
		v = pend_row(im, kind, i);
		if (i > 0)
			fa_buf_add(&im->arr[0], ",", 1);
		put_int(&im->arr[0], im->pkey[kind][i]);
		for (j = 0, k = 1; (c = t->cols[j]) != NULL; j++) {
			if (hubrec_is_key(t, c))
				continue;
			if (i > 0)
				fa_buf_add(&im->arr[k], ",", 1);
			if (v[j].null) {
				fa_buf_add(&im->arr[k], "NULL", 4);
				k++;
				continue;
			}
			x = v[j].s < 0 ? v[j].i : hubtext_id(im->h->text,
			    im->text[kind].s + v[j].s);
			if (narrow_check(c, hubrec_pg_width(c), x, e) != 0)
				return -1;
			put_int(&im->arr[k], x);
			k++;
		}
	}
	hubdb_bind_int(st, 1, im->site_id);
	hubdb_bind_int(st, 2, im->bundle_row);
	for (j = 0; j < ncols; j++) {
		fa_buf_puts(&im->arr[j], "}");
		hubdb_bind_text(st, 3 + (int)j, im->arr[j].s);
	}
	return send(im, st, NULL, e);
}

/* Sends kind's records not sent yet: by COPY when they can (direct()),
 * else REC_ROWS in one statement, fewer one by one. */
static int
flush_kind(struct hubstore_import *im, int kind, struct fa_err *e)
{
	const struct hubrec_table	*t = hubrec_table(kind);
	struct hubdb_st			*st;
	size_t				 i, n = im->npend[kind];
	int				 p = 1, rc = 0, d;

	for (i = 0; i < n; i++)
		want_texts(im, t, i);
	if (hubtext_resolve(im->h->text, e) != 0)
		rc = -1;
	else if (im->pack[kind] != NULL && (d = pack_direct(im, kind, e)) != 0)
		rc = d < 0 ? -1 : copy_pack(im, kind, e);
	else if (im->pack[kind] != NULL)
		rc = pack_kind(im, kind, e);
	else if ((d = direct(im, kind, n, e)) != 0)
		rc = d < 0 ? -1 : copy_records(im, kind, n, e);
	else if ((st = kind_st(im, n == REC_ROWS ? KS_ROWS : KS_ONE, kind,
	    e)) == NULL)
		rc = failed("cannot import into the hub store", e);
	else if (n == REC_ROWS) {
		for (i = 0; i < n; i++)
			p = bind_record(im, st, t, i, p);
		rc = send(im, st, NULL, e);
	} else
		for (i = 0; i < n && rc == 0; i++) {
			bind_record(im, st, t, i, 1);
			rc = send(im, st, NULL, e);
		}
	im->npend[kind] = 0;
	im->text[kind].len = 0;
	return rc;
}

static int
flush_all(struct hubstore_import *im, struct fa_err *e)
{
	int	k;

	for (k = 0; k < PAYLOAD_NKINDS; k++)
		if (im->npend[k] > 0 && flush_kind(im, k, e) != 0)
			return -1;
	return 0;
}

/* String s into kind's pending text: its offset. */
static int32_t
text_add(struct hubstore_import *im, int kind, const char *s)
{
	size_t	off = im->text[kind].len;

	fa_buf_add(&im->text[kind], s, strlen(s) + 1);
	if (off > INT32_MAX)
		fa_bug("hubstore: 2 GB of text in %d records", REC_ROWS);
	return (int32_t)off;
}

/* Room for a pending record of kind whose key is key: its values (the
 * same key twice in one statement is refused: the first goes before
 * the second joins). */
static struct pval *
pend_add(struct hubstore_import *im, int kind, int64_t key,
    struct fa_err *e)
{
	size_t	i;

	/* PostgreSQL (schema 15): a statement per packed row, so that a
	 * row is written once, not merged with the next statement's part
	 * of it. */
	if (im->pack[kind] != NULL && im->npend[kind] > 0 &&
	    key >> HUBREC_PACK_SHIFT !=
	    im->pkey[kind][0] >> HUBREC_PACK_SHIFT &&
	    flush_kind(im, kind, e) != 0)
		return NULL;
	for (i = 0; i < im->npend[kind]; i++)
		if (im->pkey[kind][i] == key) {
			if (flush_kind(im, kind, e) != 0)
				return NULL;
			break;
		}
	if (im->pend[kind] == NULL)
		im->pend[kind] = fa_calloc(REC_ROWS * REC_COLS,
		    sizeof(*im->pend[kind]));
	im->pkey[kind][im->npend[kind]] = key;
	return &im->pend[kind][im->npend[kind] * REC_COLS];
}

/* Value v of column c from JSON value x (NULL: null). */
static void
pend_set(struct hubstore_import *im, int kind, struct pval *v,
    const char *c, json_object *x)
{
	v->null = x == NULL;
	v->i = 0;
	v->s = -1;
	if (x == NULL)
		return;
	if (c[strcspn(c, ":") + 1] == 'i')
		v->i = json_object_get_int64(x);
	else
		v->s = text_add(im, kind, json_object_get_string(x));
}

/* The record pend_add() made room for is in. */
static int
pend_done(struct hubstore_import *im, int kind, struct fa_err *e)
{
	if (++im->npend[kind] == REC_ROWS)
		return flush_kind(im, kind, e);
	return 0;
}

int
hubstore_import_record(struct hubstore_import *im, int kind, int64_t key,
    json_object *o, struct fa_err *e)
{
	const struct hubrec_table	*t;
	struct lh_entry			*ent;
	struct hubdb_st			*st;
	struct pval			*v;
	const char			*c;
	size_t				 i;

	if (!json_object_is_type(o, json_type_object))
		return fa_errf(e, "cannot import into the hub store: a record "
		    "is not a JSON object");
	if (kind == STORE_X_DEVICES) {
		st = im->st[IS_DEVICE];
		hubdb_bind_int(st, 1, im->site_id);
		hubdb_bind_int(st, 2, key);
		device_columns(st, o);
		hubdb_bind_text(st, 12, payload_record_json(o));
		hubdb_bind_int(st, 13, im->bundle_row);
		return send(im, st, NULL, e);
	}
	ent = json_object_get_object(o)->head;
	if (kind < 0 || kind >= PAYLOAD_NKINDS || hubrec_table(kind) == NULL)
		return fa_errf(e, "cannot import into the hub store: records "
		    "of kind %d have no table", kind);
	if ((v = pend_add(im, kind, key, e)) == NULL)
		return -1;
	t = hubrec_table(kind);
	for (i = 0; (c = t->cols[i]) != NULL; i++)
		pend_set(im, kind, &v[i], c, col_value(o, c, &ent));
	return pend_done(im, kind, e);
}

int
hubstore_import_row(struct hubstore_import *im, int kind, int64_t key,
    const struct payload_val *pv, struct fa_err *e)
{
	const struct hubrec_table	*t;
	struct pval			*v;
	size_t				 i;

	if (kind <= STORE_X_DEVICES || kind >= PAYLOAD_NKINDS ||
	    hubrec_table(kind) == NULL)
		return fa_errf(e, "cannot import into the hub store: records "
		    "of kind %d have no table", kind);
	if ((v = pend_add(im, kind, key, e)) == NULL)
		return -1;
	t = hubrec_table(kind);
	for (i = 0; t->cols[i] != NULL; i++) {
		v[i].null = pv[i].null;
		v[i].i = pv[i].i;
		v[i].s = pv[i].null || pv[i].s == NULL ? -1 :
		    text_add(im, kind, pv[i].s);
	}
	return pend_done(im, kind, e);
}

static int
sp_cmp(const void *a, const void *b)
{
	const struct scanpart	*x = a, *y = b;

	return x->dev < y->dev ? -1 : x->dev > y->dev;
}

/* The scans kept, sorted by device, each device once with its newest of
 * each part. */
static void
sp_reduce(struct hubstore_import *im)
{
	size_t	i, n = 0;

	if (im->nsp == 0)
		return;
	fa_sort(im->sp, im->nsp, sizeof(*im->sp), sp_cmp);
	for (i = 0; i < im->nsp; i++) {
		if (n > 0 && im->sp[n - 1].dev == im->sp[i].dev) {
			if (im->sp[i].supplies > im->sp[n - 1].supplies)
				im->sp[n - 1].supplies = im->sp[i].supplies;
			if (im->sp[i].errors > im->sp[n - 1].errors)
				im->sp[n - 1].errors = im->sp[i].errors;
		} else
			im->sp[n++] = im->sp[i];
	}
	im->nsp = n;
}

int
hubstore_import_scan(struct hubstore_import *im, int64_t device,
    int64_t scan, int64_t parts, struct fa_err *e)
{
	struct scanpart	*p;

	(void)e;
	if ((parts & 6) == 0)
		return 0;
	/* Full: each device once first (memory by devices, not scans),
	 * more room only when that was not enough. */
	if (im->nsp == im->maxsp)
		sp_reduce(im);
	if (im->nsp >= im->maxsp / 4 * 3) {
		im->maxsp = im->maxsp ? im->maxsp * 2 : 1024;
		im->sp = fa_reallocarray(im->sp, im->maxsp, sizeof(*im->sp));
	}
	p = &im->sp[im->nsp++];
	p->dev = device;
	p->supplies = (parts & 2) != 0 ? scan : -1;
	p->errors = (parts & 4) != 0 ? scan : -1;
	return 0;
}

/* Each device's newest scans of its supplies and errors, once. */
static int
scans_write(struct hubstore_import *im, struct fa_err *e)
{
	struct hubdb_st	*st = im->st[IS_SCAN];
	size_t		 i;

	sp_reduce(im);
	for (i = 0; i < im->nsp; i++) {
		hubdb_bind_int(st, 1, im->site_id);
		hubdb_bind_int(st, 2, im->sp[i].dev);
		if (im->sp[i].supplies >= 0)
			hubdb_bind_int(st, 3, im->sp[i].supplies);
		else
			hubdb_bind_null(st, 3);
		if (im->sp[i].errors >= 0)
			hubdb_bind_int(st, 4, im->sp[i].errors);
		else
			hubdb_bind_null(st, 4);
		if (send(im, st, NULL, e) != 0)
			return -1;
	}
	return 0;
}

int
hubstore_import_seen(struct hubstore_import *im, const char *table,
    int64_t row, int64_t last_scan, int64_t pos, struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 k = table != NULL ? payload_kind(table) : -1;

	/* Only runs are seen again: any other table names no row. */
	if (k == -1 || !run_kind(k) || hubrec_table(k) == NULL) {
		im->unseen++;
		return 0;
	}
	if ((st = kind_st(im, KS_SEEN, k, e)) == NULL)
		return failed("cannot import into the hub store", e);
	/* after the records of its kind that came before it */
	if (im->npend[k] > 0 && flush_kind(im, k, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, im->site_id);
	hubdb_bind_int(st, 2, row);
	hubdb_bind_int(st, 3, last_scan);
	if (pos >= 0)
		hubdb_bind_int(st, 4, pos);
	else
		hubdb_bind_null(st, 4);
	return send(im, st, &im->unseen, e);
}

/* PostgreSQL (schema 15), after the commit of an import of TIDY_RECORDS
 * or more (the bundle is in whatever this does; a role that does not own
 * the tables cannot, and autovacuum does it later): the device indexes'
 * pending keys merged, and the packed tables never analyzed analyzed
 * (hubrec.h).  A smaller import leaves a short pending list, which the
 * server merges when it grows: tidied after each one, 1,000 bundles of 5
 * devices took 12.9 s instead of 9.2 (BENCH_ONLY=hubpg, one process). */
#define TIDY_RECORDS	1000
static void
pack_tidy(struct hubstore *h)
{
	struct hubdb_st	*st;
	struct fa_err	 e;
	int64_t		 n;
	char		*sql, *names = NULL;

	sql = hubrec_pack_tidy_sql();
	if (hubdb_int(h->db, sql, NULL, 0, &n, &e) != 0) {
		/* left to autovacuum */
	}
	free(sql);
	sql = hubrec_pack_unanalyzed_sql();
	if (hubdb_prepare(h->db, sql, &st, &e) == 0) {
		if (hubdb_step(st, &e) == 1 && !hubdb_col_null(st, 0))
			names = fa_asprintf("ANALYZE %s", hubdb_col_text(st,
			    0));
		hubdb_finalize(st);
	}
	free(sql);
	if (names != NULL && hubdb_exec(h->db, names, &e) != 0) {
		/* left to autovacuum */
	}
	free(names);
}

int
hubstore_import_commit(struct hubstore_import *im, int64_t records,
    int64_t *unseen, struct fa_err *e)
{
	if (flush_all(im, e) != 0 || copy_close(im, e) != 0 ||
	    scans_write(im, e) != 0 || hubdb_batch_end(im->h->db, e) != 0) {
		failed("cannot import into the hub store", e);
		hubstore_import_abort(im);
		return -1;
	}
	*unseen = im->unseen;
	import_finalize(im);
	if (run(im->h, "UPDATE bundles SET records = ?2 WHERE id = ?1", NULL,
	    e, "ii", im->bundle_row, records) != 0 ||
	    hubdb_commit(im->h->db, e) != 0) {
		failed("cannot import into the hub store", e);
		hubstore_import_abort(im);
		return -1;
	}
	if (is_pg(im->h) && records >= TIDY_RECORDS)
		pack_tidy(im->h);
	/* An import is what grows the tables: SQLite's statistics, where a
	 * query needs them (cheap; nothing when little changed).  The
	 * bundle is in either way. */
	if (!is_pg(im->h) &&
	    hubdb_exec(im->h->db, "PRAGMA optimize", NULL) != 0) {
		/* the store is as the commit left it */
	}
	import_pragmas_end(im->h);
	free(im->sp);
	fa_buf_release(&im->copybuf);
	free(im);
	return 0;
}

int
hubstore_bundle_imported(struct hubstore *h, const char *bundle_id,
    int64_t *imported, struct fa_err *e)
{
	if (hubdb_int(h->db, "SELECT imported FROM bundles WHERE"
	    " bundle_id = ?1", bundle_id, 0, imported, e) != 0)
		return failed("cannot read the hub store", e);
	if (*imported == -1)
		return fa_errf(e, "no bundle %s in hub store '%s'", bundle_id,
		    h->path);
	return 0;
}

int
hubstore_account_id(struct hubstore *h, const char *account, int64_t *id,
    struct fa_err *e)
{
	if (hubdb_int(h->db, "SELECT id FROM accounts WHERE name = ?1",
	    account, 0, id, e) != 0)
		return failed("cannot read the hub store", e);
	if (*id == -1)
		return fa_errf(e, "no account '%s' in hub store '%s'", account,
		    h->path);
	return 0;
}

/* ==== the command queue (hub serve, hub command; docs/soap.md) ====
 *
 * On SQLite, commands live in a file of their own beside hub.db,
 * HUB/commands.db, attached to the connection as "cmdq" when first needed
 * and created then (0600): hub.db's migrations stay as they are, and a
 * hub without commands has no such file.  On PostgreSQL they live in the
 * schema cmdq of the same database, so the queries are the same.  One
 * table: a command is given to its collector in every Hello until its
 * result arrives (at least once: a Hello whose answer was lost loses
 * nothing), and the first result is kept; a later one is ignored.
 *
 * Beside it, the nonces of the Hellos accepted, each kept until its Hello
 * is too old to be accepted anyway: a Hello is answered once, whichever
 * of several hub processes gets it (the primary key decides).
 */

static int
cmdq_attach_pg(struct hubstore *h, struct fa_err *e)
{
	char	lock[64];

	snprintf(lock, sizeof(lock), "SELECT pg_advisory_xact_lock(%d)",
	    HUBSTORE_APP_ID);
	if (hubdb_begin(h->db, e) != 0 || hubdb_exec(h->db, lock, e) != 0 ||
	    hubdb_exec(h->db, "CREATE SCHEMA IF NOT EXISTS cmdq", e) != 0 ||
	    hubdb_schema(h->db, CMDQ_SCHEMA CMDQ_INDEX_PG, e) != 0 ||
	    hubdb_commit(h->db, e) != 0) {
		hubdb_rollback(h->db);
		return -1;
	}
	return 0;
}

int
hubstore_command_queue(struct hubstore *h, struct fa_err *e)
{
	static const char what[] = "cannot open the command queue";
	struct hubdb_st	*st;
	char		*dir, *path, *slash;
	int		 fd, rc;

	if (h->cmdq)
		return 0;
	if (is_pg(h)) {
		if (cmdq_attach_pg(h, e) != 0)
			return failed(what, e);
		h->cmdq = 1;
		return 0;
	}
	dir = fa_strdup(h->path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	path = fa_asprintf("%s/commands.db", slash != NULL ? dir : ".");
	free(dir);
	/* 0600 before SQLite sees it, as hub.db. */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		rc = fa_errf(e, "cannot create '%s': %s", path,
		    strerror(errno));
		free(path);
		return rc;
	}
	close(fd);
	rc = 0;
	if (hubdb_prepare(h->db, "ATTACH DATABASE ?1 AS cmdq", &st, e) != 0)
		rc = -1;
	else {
		hubdb_bind_text(st, 1, path);
		rc = hubdb_step(st, e) == 0 ? 0 : -1;
		hubdb_finalize(st);
	}
	free(path);
	if (rc == 0 && hubdb_exec(h->db, CMDQ_SCHEMA CMDQ_INDEX_SQLITE,
	    e) != 0)
		rc = -1;
	if (rc != 0)
		return failed(what, e);
	h->cmdq = 1;
	return 0;
}

int
hubstore_command_add(struct hubstore *h, const char *fp, const char *kind,
    const char *arg, int64_t now, int64_t *id, struct fa_err *e)
{
	char	*account = NULL;
	int	 x;

	if (hubstore_command_queue(h, e) != 0)
		return -1;
	if ((x = trusted_for(h, fp, &account, e)) == -1)
		return failed("cannot queue a command", e);
	free(account);
	if (x == 0)
		return fa_errf(e, "no trusted collector has fingerprint %s "
		    "(see 'fleetaudit hub trust list')", fp);
	if (run(h, "INSERT INTO cmdq.commands (fingerprint, kind, argument,"
	    " created) VALUES (?1, ?2, ?3, ?4) RETURNING id", id, e, "sssi",
	    fp, kind, arg, now) != 0)
		return failed("cannot queue a command", e);
	return 0;
}

void
hubstore_cmdrow_release(struct hubstore_cmdrow *r)
{
	free(r->fingerprint);
	free(r->kind);
	free(r->argument);
	free(r->status);
	free(r->output);
	memset(r, 0, sizeof(*r));
}

/* Rows of st (the columns of struct hubstore_cmdrow in order). */
static int
cmd_rows(struct hubdb_st *st, size_t max, struct hubstore_cmdrow **rows,
    size_t *n, struct fa_err *e)
{
	struct hubstore_cmdrow	*v = NULL, *r;
	const void		*blob;
	size_t			 nv = 0, i;
	int			 rc = 0;

	while (nv < max && (rc = hubdb_step(st, e)) == 1) {
		v = fa_reallocarray(v, nv + 1, sizeof(*v));
		r = &v[nv++];
		memset(r, 0, sizeof(*r));
		r->id = hubdb_col_int(st, 0);
		r->fingerprint = hubdb_col_strdup(st, 1);
		r->kind = hubdb_col_strdup(st, 2);
		r->argument = hubdb_col_strdup(st, 3);
		r->created = hubdb_col_int(st, 4);
		r->sent = hubdb_col_int(st, 5);
		r->done = hubdb_col_int(st, 6);
		r->status = hubdb_col_strdup(st, 7);
		blob = hubdb_col_blob(st, 8, &r->output_len);
		r->output = fa_malloc(r->output_len + 1);
		if (r->output_len > 0)
			memcpy(r->output, blob, r->output_len);
		r->output[r->output_len] = '\0';
	}
	if (rc < 0) {
		for (i = 0; i < nv; i++)
			hubstore_cmdrow_release(&v[i]);
		free(v);
		return -1;
	}
	*rows = v;
	*n = nv;
	return 0;
}

#define CMD_COLS "id, fingerprint, kind, argument, created," \
	" coalesce(sent, 0), coalesce(done, 0), status, output"

int
hubstore_command_pending(struct hubstore *h, const char *fp, int64_t now,
    size_t max, struct hubstore_cmdrow **rows, size_t *n, struct fa_err *e)
{
	static const char what[] = "cannot read the command queue";
	struct hubdb_st	*st;
	size_t		 i;
	int		 rc;

	*rows = NULL;
	*n = 0;
	if (hubstore_command_queue(h, e) != 0)
		return -1;
	if (hubdb_begin(h->db, e) != 0)
		return failed(what, e);
	if (hubdb_prepare(h->db, "SELECT " CMD_COLS " FROM cmdq.commands"
	    " WHERE fingerprint = ?1 AND done IS NULL ORDER BY id", &st,
	    e) != 0) {
		hubdb_rollback(h->db);
		return failed(what, e);
	}
	hubdb_bind_text(st, 1, fp);
	rc = cmd_rows(st, max, rows, n, e);
	hubdb_finalize(st);
	for (i = 0; rc == 0 && i < *n; i++)
		rc = run(h, "UPDATE cmdq.commands SET sent = ?1 WHERE id = ?2",
		    NULL, e, "ii", now, (*rows)[i].id);
	if (rc == 0 && hubdb_commit(h->db, e) == 0)
		return 0;
	hubdb_rollback(h->db);
	for (i = 0; i < *n; i++)
		hubstore_cmdrow_release(&(*rows)[i]);
	FA_FREE(*rows);
	*n = 0;
	return failed(what, e);
}

int
hubstore_command_result(struct hubstore *h, const char *fp, int64_t id,
    const char *status, const void *output, size_t len, int64_t now,
    struct fa_err *e)
{
	static const char what[] = "cannot keep a command result";
	struct hubdb_st	*st;
	int64_t		 there = -1;
	int		 x;

	if (hubstore_command_queue(h, e) != 0)
		return -1;
	if (run(h, "SELECT id FROM cmdq.commands WHERE id = ?1"
	    " AND fingerprint = ?2", &there, e, "is", id, fp) != 0)
		return failed(what, e);
	if (there == -1)
		return 1;
	if (hubdb_prepare(h->db, "UPDATE cmdq.commands SET done = ?1,"
	    " status = ?2, output = ?3 WHERE id = ?4 AND done IS NULL", &st,
	    e) != 0)
		return failed(what, e);
	hubdb_bind_int(st, 1, now);
	hubdb_bind_text(st, 2, status);
	hubdb_bind_blob(st, 3, output, len);
	hubdb_bind_int(st, 4, id);
	x = hubdb_step(st, e);
	hubdb_finalize(st);
	return x != 0 ? failed(what, e) : 0;
}

int
hubstore_command_list(struct hubstore *h, int64_t id,
    struct hubstore_cmdrow **rows, size_t *n, struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc;

	*rows = NULL;
	*n = 0;
	if (hubstore_command_queue(h, e) != 0)
		return -1;
	if (hubdb_prepare(h->db, "SELECT " CMD_COLS " FROM cmdq.commands"
	    " WHERE id = ?1 OR ?2 = 0 ORDER BY id", &st, e) != 0)
		return failed("cannot list the commands", e);
	hubdb_bind_int(st, 1, id);
	hubdb_bind_int(st, 2, id);
	rc = cmd_rows(st, SIZE_MAX, rows, n, e);
	hubdb_finalize(st);
	return rc != 0 ? failed("cannot list the commands", e) : 0;
}

int
hubstore_hello_nonce(struct hubstore *h, const char *fp, const char *nonce,
    int64_t expires, int64_t now, struct fa_err *e)
{
	static const char what[] = "cannot keep a Hello's nonce";
	int64_t		  fresh = 0;

	if (hubstore_command_queue(h, e) != 0)
		return -1;
	/* One transaction: one commit's syncs per Hello. */
	if (hubdb_begin(h->db, e) != 0)
		return failed(what, e);
	if (run(h, "DELETE FROM cmdq.hellos WHERE expires < ?1", NULL, e, "i",
	    now) != 0 ||
	    run(h, "INSERT INTO cmdq.hellos (fingerprint, nonce, expires)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING RETURNING 1", &fresh,
	    e, "ssi", fp, nonce, expires) != 0 ||
	    hubdb_commit(h->db, e) != 0) {
		hubdb_rollback(h->db);
		return failed(what, e);
	}
	return fresh == 1 ? 0 : 1;
}
