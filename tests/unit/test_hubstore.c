/*
 * test_hubstore.c: unit tests for export/hub/hubstore.c on real SQLite files
 * in a temporary directory: creation (0600, 'FAHB', schema version 2),
 * refusals (an existing file, a missing one, the collector's store,
 * another program's database, a text file, an empty file, a newer
 * schema), account names, and trusting collectors: add, the same again,
 * another account, list order, remove, remove again, add after removal
 * (the removed row stays); a store of schema version 1 (its SQL kept
 * here verbatim) migrated to version 2 with its rows.  The readers of
 * hubstore_read.c on a store of three accounts: who sees which account,
 * counts, sites, an account's devices a page at a time in either order,
 * one device, a device's records, an account's alerts and cartridges
 * (none of another account's, another device's or another kind's), a
 * device's history (what is current, days to empty).
 *
 * The test opens the files with SQLite directly to look at what the store
 * wrote and to make the foreign files.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <sqlite3.h>

#include "../../export/hub/hubdb.h"
#include "../../export/hub/hubrec.h"
#include "../../export/hub/hubstore.h"
#include "../../export/report.h"
#include "unit.h"

#define FP1	"t8w3-1kcm-9y3r-ys7j"
#define FP2	"wayg-1tpk-p2mk-7ypz"
#define LINE1	"fleetaudit-collector-v1 ed25519:" \
		"VeTFwhKWg/N5xBs2sEvCmClpD58HE+rYPWwleBA36Wg= site1"
#define LINE2	"fleetaudit-collector-v1 ed25519:" \
		"nuLqxJ7TTxUUxshnYu4RAtc2Wdp1CeFh7ArfG2lQN38= site2"

static char		dir[256];
static struct fa_err	err;

static char *
path(const char *name)
{
	return fa_asprintf("%s/%s", dir, name);
}

#define has(needle)	unit_has(err.msg, (needle))

/* One integer from SQL run on the file at p. */
static long long
sql_int(const char *p, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	long long	 v = -1;

	if (sqlite3_open(p, &db) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fa_bug("sql_int %s: %s", p, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void
sql_exec(const char *p, const char *sql)
{
	sqlite3	*db;

	if (sqlite3_open(p, &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fa_bug("sql_exec %s: %s", p, sqlite3_errmsg(db));
	sqlite3_close(db);
}

static void
test_create(void)
{
	struct hubstore	*h = NULL;
	struct stat	 sb;
	char		*p = path("hub.db");

	CHECK(hubstore_create(p, &h, &err) == 0 && h != NULL);
	hubstore_close(h);
	h = NULL;
	CHECK(stat(p, &sb) == 0 && (sb.st_mode & 07777) == 0600);
	CHECK(sql_int(p, "PRAGMA application_id") == 0x46414842);
	CHECK(sql_int(p, "PRAGMA user_version") == HUBSTORE_SCHEMA_VERSION);
	CHECK(sql_int(p, "SELECT count(*) FROM sqlite_master WHERE name IN"
	    " ('accounts', 'collectors')") == 2);
	CHECK(hubstore_open(p, &h, &err) == 0 && h != NULL);
	hubstore_close(h);
	h = NULL;
	/* Never created twice: the first one stays as it was. */
	sql_exec(p, "INSERT INTO accounts (name, created) VALUES ('x', 1)");
	CHECK(hubstore_create(p, &h, &err) == -1 && h == NULL);
	CHECK(has("already exists"));
	CHECK(sql_int(p, "SELECT count(*) FROM accounts") == 1);
	hubstore_close(NULL);
	free(p);
}

static void
test_refusals(void)
{
	static const char text[] = "this is not a database, just text that "
	    "is long enough to fill a header\nand a second line\n";
	struct hubstore	*h = NULL;
	char		*p;
	int		 fd;

	p = path("absent.db");
	CHECK(hubstore_open(p, &h, &err) == -1 && has("no hub store at '"));
	CHECK(access(p, F_OK) == -1);		/* not created */
	free(p);

	p = path("collector.db");
	sql_exec(p, "PRAGMA application_id = 1178686788;"	/* 'FAUD' */
	    " CREATE TABLE devices (id INTEGER PRIMARY KEY)");
	CHECK(hubstore_open(p, &h, &err) == -1 && has("a collector's store"));
	free(p);

	p = path("other.db");
	sql_exec(p, "CREATE TABLE t (x)");
	CHECK(hubstore_open(p, &h, &err) == -1 &&
	    has("an SQLite database of another program"));
	CHECK(sql_int(p, "SELECT count(*) FROM sqlite_master") == 1);
	free(p);

	p = path("text.db");
	fd = open(p, O_WRONLY | O_CREAT, 0600);
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	CHECK(hubstore_open(p, &h, &err) == -1 &&
	    has("not an SQLite database"));
	free(p);

	p = path("empty.db");
	close(open(p, O_WRONLY | O_CREAT, 0600));
	CHECK(hubstore_open(p, &h, &err) == -1 && has("an empty file"));
	free(p);

	p = path("newer.db");
	CHECK(hubstore_create(p, &h, &err) == 0);
	hubstore_close(h);
	h = NULL;
	{
		/* one past this program's, whatever it is */
		char	*q = fa_asprintf("PRAGMA user_version = %d",
		    HUBSTORE_SCHEMA_VERSION + 1);
		char	*m = fa_asprintf("has schema version %d, newer than "
		    "this program's %d", HUBSTORE_SCHEMA_VERSION + 1,
		    HUBSTORE_SCHEMA_VERSION);

		sql_exec(p, q);
		CHECK(hubstore_open(p, &h, &err) == -1 && has(m));
		free(q);
		free(m);
	}
	free(p);

	p = path("no/such/dir/hub.db");
	CHECK(hubstore_create(p, &h, &err) == -1 &&
	    has("cannot create hub store"));
	free(p);
	CHECK(h == NULL);
}

static void
test_accounts(void)
{
	static const char *const good[] = { "acme", "ACME-2", "a", "x.y_z",
	    "0day" };
	static const char *const bad[] = { "", "-acme", ".acme", "ac me",
	    "acme/1", "caf\xc3\xa9", "a'b" };
	char	longest[HUBSTORE_ACCOUNT_MAX + 2];
	size_t	i;

	for (i = 0; i < nitems(good); i++)
		CHECK(hubstore_account_check(good[i], &err) == 0);
	for (i = 0; i < nitems(bad); i++) {
		CHECK(hubstore_account_check(bad[i], &err) == -1);
		CHECK(has("bad account name"));
	}
	memset(longest, 'a', sizeof(longest));
	longest[HUBSTORE_ACCOUNT_MAX] = '\0';
	CHECK(hubstore_account_check(longest, &err) == 0);
	longest[HUBSTORE_ACCOUNT_MAX] = 'a';
	longest[HUBSTORE_ACCOUNT_MAX + 1] = '\0';
	CHECK(hubstore_account_check(longest, &err) == -1);
}

static void
test_trust(void)
{
	struct hubstore			*h = NULL;
	struct hubstore_trustrow	*rows = NULL;
	size_t				 n = 0, i;
	char				*p = path("trust.db"), *acct = NULL;

	CHECK(hubstore_create(p, &h, &err) == 0);
	if (h == NULL)
		return;
	CHECK(hubstore_trust_list(h, &rows, &n, &err) == 0 && n == 0);
	CHECK(hubstore_trust_add(h, FP2, LINE2, "site2", "zeta", 100,
	    &err) == 0);
	CHECK(hubstore_trust_add(h, FP1, LINE1, "site1", "acme", 200,
	    &err) == 0);
	/* The same again: nothing changes. */
	CHECK(hubstore_trust_add(h, FP1, LINE1, "site1", "acme", 300,
	    &err) == 1);
	/* Another account: refused, nothing written. */
	CHECK(hubstore_trust_add(h, FP1, LINE1, "site1", "other", 300,
	    &err) == -1);
	CHECK(has("already trusted for account 'acme'"));
	CHECK(hubstore_trust_add(h, FP1, LINE1, NULL, "bad name", 300,
	    &err) == -1 && has("bad account name"));
	CHECK(sql_int(p, "SELECT count(*) FROM accounts") == 2);

	CHECK(hubstore_trust_list(h, &rows, &n, &err) == 0 && n == 2);
	if (n == 2) {
		/* by account */
		CHECK(strcmp(rows[0].account, "acme") == 0 &&
		    strcmp(rows[0].fingerprint, FP1) == 0 &&
		    strcmp(rows[0].public_key, LINE1) == 0 &&
		    strcmp(rows[0].comment, "site1") == 0 &&
		    rows[0].added == 200);
		CHECK(strcmp(rows[1].account, "zeta") == 0);
	}
	for (i = 0; i < n; i++)
		hubstore_trustrow_release(&rows[i]);
	free(rows);

	CHECK(hubstore_trust_remove(h, FP1, 400, &acct, &err) == 0);
	CHECK(acct != NULL && strcmp(acct, "acme") == 0);
	free(acct);
	CHECK(hubstore_trust_remove(h, FP1, 500, NULL, &err) == 1);
	CHECK(hubstore_trust_list(h, &rows, &n, &err) == 0 && n == 1);
	for (i = 0; i < n; i++)
		hubstore_trustrow_release(&rows[i]);
	free(rows);
	/* Trusted again, now for another account; the old row stays. */
	CHECK(hubstore_trust_add(h, FP1, LINE1, NULL, "other", 600,
	    &err) == 0);
	CHECK(sql_int(p, "SELECT count(*) FROM collectors WHERE"
	    " fingerprint = '" FP1 "'") == 2);
	CHECK(sql_int(p, "SELECT removed FROM collectors WHERE"
	    " fingerprint = '" FP1 "' AND added = 200") == 400);
	CHECK(sql_int(p, "SELECT count(*) FROM collectors WHERE"
	    " fingerprint = '" FP1 "' AND removed IS NULL AND comment IS NULL")
	    == 1);
	/* A clock set back: removed is never before added. */
	CHECK(hubstore_trust_remove(h, FP2, 50, NULL, &err) == 0);
	CHECK(sql_int(p, "SELECT removed FROM collectors WHERE"
	    " fingerprint = '" FP2 "'") == 100);
	hubstore_close(h);
	free(p);
}


/* Schema version 1 as it shipped (export/hub/hubstore.c, migrations[1]). */
static const char v1_sql[] =
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
	"CREATE INDEX collectors_account ON collectors (account_id);";

/* A version 1 store opens as version 2 with its rows kept. */
static void
test_migrate_v1(void)
{
	struct hubstore			*h = NULL;
	struct hubstore_trustrow	*rows = NULL;
	struct hubstore_devrow		*devs = NULL;
	char				*p = path("v1.db"), *sql;
	size_t				 n = 0, i;

	sql = fa_asprintf("%s PRAGMA application_id = %d;"
	    " PRAGMA user_version = 1;"
	    " INSERT INTO accounts VALUES (1, 'acme', 10);"
	    " INSERT INTO collectors VALUES (1, '%s', '%s', 'site1', 1, 11,"
	    " NULL);", v1_sql, 0x46414842, FP1, LINE1);
	sql_exec(p, sql);
	free(sql);
	CHECK(hubstore_open(p, &h, &err) == 0);
	CHECK(sql_int(p, "PRAGMA user_version") == HUBSTORE_SCHEMA_VERSION);
	CHECK(sql_int(p, "SELECT count(*) FROM pragma_table_info('devices')"
	    " WHERE name IN ('supplies_scan', 'errors_scan')") == 2);
	CHECK(sql_int(p, "SELECT count(*) FROM sqlite_master WHERE name IN"
	    " ('sites', 'bundles', 'devices', 'records', 'users',"
	    " 'user_accounts', 'sessions', 'login_attempts',"
	    " 'collector_sequences')") == 9);
	CHECK(h != NULL && hubstore_trust_list(h, &rows, &n, &err) == 0 &&
	    n == 1 && strcmp(rows[0].account, "acme") == 0 &&
	    strcmp(rows[0].fingerprint, FP1) == 0);
	for (i = 0; i < n; i++)
		hubstore_trustrow_release(&rows[i]);
	free(rows);
	CHECK(h != NULL && hubstore_devices(h, "acme", &devs, &n, &err) == 0 &&
	    n == 0);
	free(devs);
	hubstore_close(h);
	free(p);
}

/* The login limit's table before version 6. */
#define PRE_6	" DROP TABLE login_attempts; CREATE TABLE login_failures (" \
	"who TEXT NOT NULL, time INTEGER NOT NULL);" \
	" CREATE INDEX login_failures_who ON login_failures (who, time);" \
	PRE_7
/* Before version 7: no supply orders; before 8, no site names. */
#define PRE_7	" DROP TABLE supply_orders;" PRE_8
#define PRE_8	" ALTER TABLE collectors DROP COLUMN name;" PRE_9
#define PRE_9	" DROP TABLE audit_log;" PRE_10
#define PRE_10	" DROP TABLE notify_log; DROP TABLE notify_notices;" \
	" DROP TABLE notify_messages; DROP TABLE notify_open;" \
	" DROP TABLE notify_rules;" PRE_11
/* Before version 11: no Remote Device Link tables. */
#define PRE_11	" DROP TABLE rdl_requests; DROP TABLE rdl_sessions;" \
	" DROP TABLE rdl_rights; DROP TABLE rdl_accounts;" \
	" DROP TABLE rdl_config;" PRE_12
/* Before version 12: the records as JSON text in one table. */
#define PRE_12	" DROP VIEW records; DROP TABLE rec_text; DROP TABLE rec_scans;" \
	" DROP TABLE rec_meters; DROP TABLE rec_supplies; DROP TABLE rec_trays;" \
	" DROP TABLE rec_alerts; DROP TABLE rec_meter_checks;" \
	" DROP TABLE rec_status_errors; DROP TABLE rec_display;" \
	" DROP TABLE rec_meter_flags; DROP TABLE rec_supply_instances;" \
	" CREATE TABLE records (" \
	" site_id INTEGER NOT NULL REFERENCES sites (id)," \
	" kind TEXT NOT NULL, src_id INTEGER NOT NULL, device_src INTEGER," \
	" data TEXT NOT NULL," \
	" bundle_id INTEGER NOT NULL REFERENCES bundles (id)," \
	" PRIMARY KEY (site_id, kind, src_id)) WITHOUT ROWID;" \
	" CREATE INDEX records_device ON records (site_id, device_src);"

/* Version 3 to 4: each device's newest scans of its supplies and of its
 * errors, from the scans already imported (their "parts"). */
static void
test_migrate_v3(void)
{
	struct hubstore	*h = NULL;
	char		*p = path("v3.db");

	CHECK(hubstore_create(p, &h, &err) == 0);
	hubstore_close(h);
	h = NULL;
	sql_exec(p, "INSERT INTO accounts VALUES (1, 'acme', 10);"
	    " INSERT INTO sites VALUES (1, 1, 'fp', 'pk', 10, 10, 1);"
	    " INSERT INTO bundles VALUES (1, 'b1', 1, 1, 'h', 10, 10, 0, 9,"
	    " 5, '{}');"
	    " INSERT INTO devices (id, site_id, account_id, src_id, data,"
	    " bundle_id) VALUES (1, 1, 1, 7, '{}', 1), (2, 1, 1, 8, '{}', 1);"
	    " ALTER TABLE devices DROP COLUMN supplies_scan;"
	    " ALTER TABLE devices DROP COLUMN errors_scan;"
	    " DROP TABLE collector_sequences;" PRE_6
	    " INSERT INTO records VALUES"
	    " (1, 'scans', 3, 7, '{\"id\":3,\"parts\":15}', 1),"
	    " (1, 'scans', 4, 7, '{\"id\":4,\"parts\":12}', 1),"
	    " (1, 'scans', 5, 7, '{\"id\":5,\"parts\":9}', 1),"
	    " (1, 'scans', 6, 8, '{\"id\":6,\"parts\":0}', 1);"
	    " PRAGMA user_version = 3;");
	CHECK(hubstore_open(p, &h, &err) == 0);
	CHECK(sql_int(p, "PRAGMA user_version") == HUBSTORE_SCHEMA_VERSION);
	/* scan 3 read all, 4 errors and attributes, 5 meters and attributes */
	CHECK(sql_int(p, "SELECT supplies_scan FROM devices WHERE id = 1") == 3);
	CHECK(sql_int(p, "SELECT errors_scan FROM devices WHERE id = 1") == 4);
	/* a device whose only scan got no answer: none */
	CHECK(sql_int(p, "SELECT count(*) FROM devices WHERE id = 2 AND"
	    " supplies_scan IS NULL AND errors_scan IS NULL") == 1);
	hubstore_close(h);
	free(p);
}

/* Version 11 to 12: each record into its kind's typed table, the same
 * values through the view; a record that is not JSON stops the
 * migration, and the store stays as it was. */
static void
test_migrate_v11(void)
{
	struct hubstore	*h = NULL;
	char		*p = path("v11.db"), *q = path("v11bad.db");
	static const char rows[] = " INSERT INTO accounts VALUES"
	    " (1, 'acme', 10);"
	    " INSERT INTO sites VALUES (1, 1, 'fp', 'pk', 10, 10, 1);"
	    " INSERT INTO bundles VALUES (1, 'b1', 1, 1, 'h', 10, 10, 0, 9,"
	    " 5, '{}');" PRE_12
	    " INSERT INTO records VALUES"
	    " (1, 'scans', 3, 7, '{\"id\":3,\"assessment_id\":1,"
	    "\"device_id\":7,\"time\":86400,\"address\":\"10.0.0.1\","
	    "\"sys_descr\":\"x \\\"q\\\" \\u00e9\",\"parts\":15,"
	    "\"error\":null}', 1),"
	    " (1, 'meters', 4, 7, '{\"row\":4,\"device_id\":7,\"scan_id\":3,"
	    "\"last_scan_id\":9,\"pos\":null,\"name\":\"total\","
	    "\"value\":4294967296123,\"unit\":\"impressions\","
	    "\"source_oid\":\"1.3.6.1.2.1.43.10.2.1.4.1.1\"}', 1),"
	    " (1, 'meter_flags', 2, NULL, '{\"row\":2,\"scan_id\":3,"
	    "\"name\":\"total\",\"reason\":\"reset\",\"previous\":5,"
	    "\"current\":1,\"detail\":null}', 1),"
	    " (1, 'supply_instances', 5, 7, '{\"id\":5,\"device_id\":7,"
	    "\"idx\":1,\"description\":\"black\",\"last_level\":20}', 1);"
	    " PRAGMA user_version = 11;";

	CHECK(hubstore_create(p, &h, &err) == 0);
	hubstore_close(h);
	h = NULL;
	sql_exec(p, rows);
	CHECK(hubstore_open(p, &h, &err) == 0);
	hubstore_close(h);
	h = NULL;
	CHECK(sql_int(p, "PRAGMA user_version") == HUBSTORE_SCHEMA_VERSION);
	CHECK(sql_int(p, "SELECT count(*) FROM sqlite_master WHERE"
	    " name = 'records' AND type = 'view'") == 1);
	CHECK(sql_int(p, "SELECT count(*) FROM records") == 4);
	CHECK(sql_int(p, "SELECT value FROM rec_meters WHERE row = 4") ==
	    4294967296123LL);
	CHECK(sql_int(p, "SELECT count(*) FROM rec_meters WHERE row = 4 AND"
	    " device_id = 7 AND last_scan_id = 9 AND pos IS NULL AND"
	    " unit = (SELECT id FROM rec_text WHERE t = 'impressions')") == 1);
	CHECK(sql_int(p, "SELECT count(*) FROM rec_scans WHERE id = 3 AND"
	    " sys_descr = (SELECT id FROM rec_text WHERE"
	    " t = 'x \"q\" ' || char(233)) AND parts = 15 AND"
	    " error IS NULL AND vendor IS NULL") == 1);
	CHECK(sql_int(p, "SELECT count(*) FROM rec_meter_flags WHERE"
	    " row = 2 AND reason = (SELECT id FROM rec_text WHERE"
	    " t = 'reset')") == 1);
	/* through the view, each record's values as imported (every key,
	 * the missing ones null) */
	CHECK(sql_int(p, "SELECT count(*) FROM records WHERE"
	    " kind = 'supply_instances' AND device_src = 7 AND"
	    " json_extract(data, '$.last_level') = 20 AND"
	    " json_type(data, '$.first_level') = 'null'") == 1);
	CHECK(sql_int(p, "SELECT count(*) FROM records WHERE kind = 'scans'"
	    " AND json_extract(data, '$.sys_descr') = 'x \"q\" ' || char(233)"
	    " AND json_extract(data, '$.time') = 86400") == 1);
	CHECK(sql_int(p, "SELECT count(*) FROM records WHERE"
	    " kind = 'meter_flags' AND device_src IS NULL AND"
	    " json_extract(data, '$.previous') = 5") == 1);

	/* a broken record: the migration stops, nothing changed */
	CHECK(hubstore_create(q, &h, &err) == 0);
	hubstore_close(h);
	h = NULL;
	sql_exec(q, rows);
	sql_exec(q, "INSERT INTO records VALUES (1, 'meters', 9, 7, 'not json',"
	    " 1)");
	CHECK(hubstore_open(q, &h, &err) == -1 && h == NULL &&
	    strstr(err.msg, "cannot migrate") != NULL);
	CHECK(sql_int(q, "PRAGMA user_version") == 11);
	CHECK(sql_int(q, "SELECT count(*) FROM sqlite_master WHERE"
	    " name = 'records' AND type = 'table'") == 1);
	CHECK(sql_int(q, "SELECT count(*) FROM records") == 5);
	CHECK(sql_int(q, "SELECT count(*) FROM sqlite_master WHERE"
	    " name LIKE 'rec\\_%' ESCAPE '\\'") == 0);
	free(p);
	free(q);
}

/* An import into the typed tables: columns bound whatever the keys'
 * order, the same key twice in one bundle (the second kept), a "seen"
 * record moving a run, one naming a table that holds no runs; each
 * device's newest scans of its parts written once. */
static void
test_import_typed(void)
{
	struct hubstore		*h = NULL;
	struct hubstore_import	*im = NULL;
	struct hubstore_bundle	 b;
	char			*p = path("imp.db");
	int64_t			 last = 0, unseen = -1;
	size_t			 i;
	static const struct {
		int		 kind;
		int64_t		 key;
		const char	*json;
	} recs[] = {
		{ STORE_X_DEVICES, 7, "{\"id\":7,\"key_kind\":\"serial\","
		    "\"key_value\":\"S7\",\"vendor\":\"HP\",\"model\":\"M\","
		    "\"serial\":\"S7\",\"mac\":null,\"address\":\"10.0.0.7\","
		    "\"credential\":null,\"first_seen\":10,\"last_seen\":20,"
		    "\"missed\":0,\"missing_since\":null}" },
		{ STORE_X_SCANS, 3, "{\"id\":3,\"device_id\":7,\"time\":100,"
		    "\"parts\":2}" },
		{ STORE_X_SCANS, 4, "{\"id\":4,\"device_id\":7,\"time\":200,"
		    "\"parts\":4}" },
		/* keys in another order than the columns' */
		{ STORE_X_METERS, 9, "{\"unit\":\"pages\",\"value\":"
		    "4294967296123,\"name\":\"total\",\"pos\":2,"
		    "\"last_scan_id\":3,\"scan_id\":3,\"device_id\":7,"
		    "\"row\":9,\"source_oid\":null}" },
		{ STORE_X_METERS, 10, "{\"row\":10,\"device_id\":7,"
		    "\"scan_id\":3,\"last_scan_id\":3,\"pos\":1,\"name\":"
		    "\"mono\",\"value\":5,\"unit\":null,\"source_oid\":null}" },
		{ STORE_X_METERS, 10, "{\"row\":10,\"device_id\":7,"
		    "\"scan_id\":3,\"last_scan_id\":4,\"pos\":1,\"name\":"
		    "\"mono\",\"value\":6,\"unit\":null,\"source_oid\":null}" },
	};

	CHECK(hubstore_create(p, &h, &err) == 0);
	CHECK(hubstore_trust_add(h, FP1, LINE1, "site1", "acme", 10, &err) ==
	    0);
	memset(&b, 0, sizeof(b));
	b.bundle_id = "b1";
	b.fingerprint = FP1;
	b.public_key = LINE1;
	b.account = "acme";
	b.hash = "h";
	b.manifest = "{}";
	b.sequence = 1;
	b.upto_scan = 4;
	CHECK(hubstore_import_begin(h, &b, 50, &im, &last, &err) == 0);
	for (i = 0; im != NULL && i < nitems(recs); i++) {
		json_object *o = json_tokener_parse(recs[i].json);

		CHECK(o != NULL && hubstore_import_record(im, recs[i].kind,
		    recs[i].key, o, &err) == 0);
		if (recs[i].kind == STORE_X_SCANS)
			CHECK(hubstore_import_scan(im, 7, recs[i].key,
			    recs[i].key == 3 ? 2 : 4, &err) == 0);
		json_object_put(o);
	}
	if (im != NULL) {
		CHECK(hubstore_import_seen(im, "meters", 9, 4, 5, &err) == 0);
		CHECK(hubstore_import_seen(im, "scans", 3, 4, 5, &err) == 0);
		CHECK(hubstore_import_seen(im, "meters", 99, 4, 5, &err) == 0);
		CHECK(hubstore_import_commit(im, 6, &unseen, &err) == 0);
	}
	/* the unknown row and the table of no runs */
	CHECK(unseen == 2);
	hubstore_close(h);
	/* (schema 13: each text an id of rec_text, once however often it
	 * comes) */
	CHECK(sql_int(p, "SELECT count(*) FROM rec_meters m, rec_text n,"
	    " rec_text u WHERE row = 9 AND device_id = 7 AND n.id = m.name"
	    " AND n.t = 'total' AND value = 4294967296123 AND u.id = m.unit"
	    " AND u.t = 'pages' AND source_oid IS NULL AND scan_id = 3 AND"
	    " last_scan_id = 4 AND pos = 5") == 1);
	CHECK(sql_int(p, "SELECT count(*) FROM rec_text WHERE t = 'total'")
	    == 1);
	CHECK(sql_int(p, "SELECT count(*) FROM rec_meters WHERE typeof(name)"
	    " = 'text' OR typeof(unit) = 'text'") == 0);
	CHECK(sql_int(p, "SELECT value FROM rec_meters WHERE row = 10") == 6);
	CHECK(sql_int(p, "SELECT count(*) FROM rec_scans") == 2);
	CHECK(sql_int(p, "SELECT supplies_scan * 10 + errors_scan FROM devices"
	    " WHERE src_id = 7") == 34);
	CHECK(sql_int(p, "SELECT count(*) FROM records WHERE kind = 'meters'"
	    " AND src_id = 9 AND device_src = 7 AND data = '{\"row\":9,"
	    "\"device_id\":7,\"scan_id\":3,\"last_scan_id\":4,\"pos\":5,"
	    "\"name\":\"total\",\"value\":4294967296123,\"unit\":\"pages\","
	    "\"source_oid\":null}'") == 1);
	free(p);
}

/* Version 4 to 5: the replay guard per collector key, filled with each
 * key's highest sequence over every account it was imported under. */
static void
test_migrate_v4(void)
{
	struct hubstore	*h = NULL;
	char		*p = path("v4.db");

	CHECK(hubstore_create(p, &h, &err) == 0);
	hubstore_close(h);
	h = NULL;
	sql_exec(p, "INSERT INTO accounts VALUES (1, 'acme', 10),"
	    " (2, 'globex', 10);"
	    " INSERT INTO sites VALUES (1, 1, 'fp', 'pk', 10, 10, 3),"
	    " (2, 2, 'fp', 'pk', 20, 20, 2), (3, 2, 'fq', 'pq', 20, 20, 7);"
	    " INSERT INTO bundles VALUES"
	    " (1, 'b1', 1, 1, 'h', 10, 10, 0, 9, 5, '{}'),"
	    " (2, 'b3', 1, 3, 'h', 10, 10, 9, 19, 5, '{}'),"
	    " (3, 'b2', 2, 2, 'h', 20, 20, 0, 9, 5, '{}'),"
	    " (4, 'c7', 3, 7, 'h', 20, 20, 0, 9, 5, '{}');"
	    " DROP TABLE collector_sequences;" PRE_6
	    " PRAGMA user_version = 4;");
	CHECK(hubstore_open(p, &h, &err) == 0);
	CHECK(sql_int(p, "PRAGMA user_version") == HUBSTORE_SCHEMA_VERSION);
	CHECK(sql_int(p, "SELECT last_sequence FROM collector_sequences"
	    " WHERE fingerprint = 'fp'") == 3);
	CHECK(sql_int(p, "SELECT last_sequence FROM collector_sequences"
	    " WHERE fingerprint = 'fq'") == 7);
	CHECK(sql_int(p, "SELECT count(*) FROM collector_sequences") == 2);
	hubstore_close(h);
	free(p);
}

/* Version 5 to 6: login_failures replaced by login_attempts (a limit's
 * state: the old rows go), the rest kept. */
static void
test_migrate_v5(void)
{
	struct hubstore	*h = NULL;
	char		*p = path("v5.db");

	CHECK(hubstore_create(p, &h, &err) == 0);
	hubstore_close(h);
	h = NULL;
	sql_exec(p, PRE_6 " INSERT INTO login_failures VALUES ('user:x', 10),"
	    " ('addr:192.0.2.1', 10);"
	    " INSERT INTO collector_sequences VALUES ('fp', 4);"
	    " PRAGMA user_version = 5;");
	CHECK(hubstore_open(p, &h, &err) == 0);
	CHECK(sql_int(p, "PRAGMA user_version") == HUBSTORE_SCHEMA_VERSION);
	CHECK(sql_int(p, "SELECT count(*) FROM sqlite_master WHERE name ="
	    " 'login_failures'") == 0);
	CHECK(sql_int(p, "SELECT count(*) FROM login_attempts") == 0);
	CHECK(sql_int(p, "SELECT last_sequence FROM collector_sequences") ==
	    4);
	hubstore_close(h);
	free(p);
}

/* ---- the readers (hubstore_read.c) ---- */

/* Three accounts: acme with two sites and three devices, globex with one
 * of each, initech empty; user 1 may see globex, 2 acme, 3 none.  Device
 * 10 has a record of each kind the device page reads, and one it does
 * not. */
#define READERS_SQL \
	"INSERT INTO accounts VALUES (1, 'acme', 10), (2, 'globex', 10)," \
	" (3, 'initech', 10);" \
	" INSERT INTO users VALUES (1, 'ann', 'user', 'x', 10, 10)," \
	" (2, 'bob', 'user', 'x', 10, 10), (3, 'cy', 'user', 'x', 10, 10);" \
	" INSERT INTO user_accounts VALUES (1, 2), (2, 1);" \
	" INSERT INTO sites VALUES (1, 1, 'fpA', 'pk', 100, 300, 4)," \
	" (2, 1, 'fpB', 'pk', 150, 250, 2), (3, 2, 'fpC', 'pk', 200, 200, 1);" \
	" INSERT INTO bundles VALUES (1, 'b1', 1, 4, 'h', 10, 10, 0, 9, 5," \
	" '{}'), (2, 'b2', 2, 2, 'h', 10, 10, 0, 9, 5, '{}')," \
	" (3, 'b3', 3, 1, 'h', 10, 10, 0, 9, 5, '{}');" \
	" INSERT INTO devices (id, site_id, account_id, src_id, vendor, model," \
	" serial, mac, address, first_seen, last_seen, data, bundle_id," \
	" errors_scan, supplies_scan) VALUES" \
	" (10, 1, 1, 5, 'HP', 'M1', 'S9', 'm9', '10.0.0.9', 50, 90, '{}', 1," \
	" 7, 6)," \
	" (11, 1, 1, 3, 'HP', 'M2', 'S2', 'm2', '10.0.0.2', 51, 91, '{}', 1," \
	" NULL, NULL)," \
	" (12, 2, 1, 1, 'Kyocera', 'K1', 'S5', 'm5', '10.0.0.5', 52, 92," \
	" '{}', 2, NULL, NULL)," \
	" (13, 3, 2, 1, 'Canon', 'C1', 'S1', 'm1', '10.0.0.1', 53, 93, '{}'," \
	" 3, 1, 1);" \
	" CREATE TEMP TABLE r11 (site_id BIGINT, kind TEXT, src_id BIGINT," \
	" device_src BIGINT, data TEXT, bundle_id BIGINT);" \
	" INSERT INTO r11 VALUES" \
	" (1, 'scans', 6, 5, '{\"id\":6}', 1)," \
	" (1, 'meters', 1, 5, '{\"id\":1}', 1)," \
	" (1, 'supplies', 1, 5, '{\"id\":1}', 1)," \
	" (1, 'alerts', 1, 5, '{\"row\":1,\"last_scan_id\":7," \
	"\"description\":\"jam\",\"severity\":\"critical\"}', 1)," \
	" (1, 'alerts', 2, 5, '{\"row\":2,\"last_scan_id\":4," \
	"\"description\":\"old\",\"severity\":\"warning\"}', 1)," \
	" (1, 'trays', 1, 5, '{\"id\":1}', 1)," \
	" (1, 'scans', 9, 3, '{\"id\":9,\"time\":86400,\"parts\":15," \
	"\"sys_location\":\"hall\",\"firmware\":\"1.0\"}', 1)," \
	" (1, 'scans', 10, 3, '{\"id\":10,\"time\":432000,\"parts\":3}'," \
	" 1)," \
	" (1, 'scans', 11, 3, '{\"id\":11,\"time\":950400,\"parts\":2," \
	"\"firmware\":\"2.0\"}', 1)," \
	" (1, 'scans', 12, 3, '{\"id\":12,\"time\":1036800,\"parts\":4}'," \
	" 1)," \
	" (1, 'meters', 2, 3, '{\"name\":\"total\",\"unit\":\"pages\"," \
	"\"value\":100,\"scan_id\":9,\"last_scan_id\":9}', 1)," \
	" (1, 'meters', 3, 3, '{\"name\":\"total\",\"value\":150," \
	"\"scan_id\":10,\"last_scan_id\":10}', 1)," \
	" (1, 'meters', 4, 3, '{\"name\":\"mono\",\"value\":80," \
	"\"scan_id\":9,\"last_scan_id\":10}', 1)," \
	" (1, 'supplies', 2, 3, '{\"instance_id\":5,\"percent\":90," \
	"\"scan_id\":9,\"last_scan_id\":9,\"description\":\"black\"}', 1)," \
	" (1, 'supplies', 3, 3, '{\"instance_id\":5,\"percent\":70," \
	"\"scan_id\":10,\"last_scan_id\":10,\"description\":\"black\"}'," \
	" 1)," \
	" (1, 'supplies', 4, 3, '{\"instance_id\":5,\"percent\":40," \
	"\"scan_id\":11,\"last_scan_id\":11,\"description\":\"black\"," \
	"\"colorant\":\"black\",\"state\":\"ok\",\"part_number\":\"X1\"}'," \
	" 1)," \
	" (1, 'supplies', 5, 3, '{\"instance_id\":6,\"percent\":-2," \
	"\"scan_id\":11,\"last_scan_id\":11,\"description\":\"waste\"}'," \
	" 1)," \
	" (1, 'alerts', 3, 3, '{\"severity\":\"warning\",\"description\":" \
	"\"door\",\"grp\":\"cover\",\"code_name\":\"doorOpen\"," \
	"\"last_scan_id\":12}', 1)," \
	" (1, 'alerts', 4, 3, '{\"severity\":\"critical\",\"description\":" \
	"\"gone\",\"last_scan_id\":9}', 1)," \
	" (1, 'supply_instances', 1, 5, '{\"id\":1,\"idx\":2," \
	"\"last_scan_id\":6,\"description\":\"black\",\"first_level\":80," \
	"\"last_level\":20,\"first_seen\":0,\"last_seen\":864000}', 1)," \
	" (2, 'alerts', 1, 8, '{\"row\":1,\"description\":\"ghost\"}', 2)," \
	" (3, 'alerts', 1, 1, '{\"row\":1,\"last_scan_id\":1," \
	"\"description\":\"theirs\"}', 3);"

/* The readers' store, made once (the readers only read): a new SQLite
 * file, or the empty PostgreSQL database FA_TEST_HUB_STORE names
 * (tests/cli/t5200-hub-readers-pg.sh); the rows go in through the
 * store's own connection, so on either engine. */
static struct hubstore	*readers;

static struct hubstore *
readers_store(void)
{
	const char	*pg = getenv("FA_TEST_HUB_STORE");
	char		*p;

	if (readers != NULL)
		return readers;
	p = pg != NULL ? fa_strdup(pg) : path("readers.db");
	if (hubstore_create(p, &readers, &err) != 0 ||
	    hubdb_exec(hubstore_db(readers), READERS_SQL, &err) != 0)
		fa_bug("readers_store: %s", err.msg);
	free(p);
	/* the records as schema 11 held them, typed as schema 12's
	 * migration types them */
	p = hubrec_fill_sql(hubdb_kind(hubstore_db(readers)), "r11");
	if (hubdb_exec(hubstore_db(readers), p, &err) != 0 ||
	    hubdb_exec(hubstore_db(readers), "DROP TABLE r11", &err) != 0)
		fa_bug("readers_store: %s", err.msg);
	free(p);
	return readers;
}

static void
test_read_accounts(void)
{
	struct hubstore		*h = readers_store();
	struct hubstore_accrow	*a = NULL;
	size_t			 n = 0, i;
	int64_t			 id = 0;

	CHECK(hubstore_account_list(h, HUBSTORE_EVERY_ACCOUNT, 0,
	    HUBSTORE_ACC_COUNTS, &a, &n, &err) == 0 && n == 3);
	if (n == 3) {
		CHECK(strcmp(a[0].name, "acme") == 0 && a[0].id == 1);
		CHECK(a[0].sites == 2 && a[0].devices == 3 &&
		    a[0].last_import == 300);
		CHECK(strcmp(a[1].name, "globex") == 0 && a[1].sites == 1 &&
		    a[1].devices == 1 && a[1].last_import == 200);
		CHECK(strcmp(a[2].name, "initech") == 0 && a[2].sites == 0 &&
		    a[2].devices == 0 && a[2].last_import == 0);
	}
	for (i = 0; i < n; i++)
		hubstore_accrow_release(&a[i]);
	free(a);
	/* a user sees the accounts given to them, nothing else */
	CHECK(hubstore_account_list(h, 1, 0, HUBSTORE_ACC_COUNTS, &a, &n,
	    &err) == 0 && n == 1 && strcmp(a[0].name, "globex") == 0);
	for (i = 0; i < n; i++)
		hubstore_accrow_release(&a[i]);
	free(a);
	CHECK(hubstore_account_list(h, 2, 0, 0, &a, &n, &err) == 0 && n == 1 &&
	    strcmp(a[0].name, "acme") == 0);
	for (i = 0; i < n; i++)
		hubstore_accrow_release(&a[i]);
	free(a);
	CHECK(hubstore_account_list(h, 3, 0, 0, &a, &n, &err) == 0 && n == 0);
	free(a);
	/* at most max, without counts */
	CHECK(hubstore_account_list(h, HUBSTORE_EVERY_ACCOUNT, 2, 0, &a, &n,
	    &err) == 0 && n == 2 && strcmp(a[1].name, "globex") == 0 &&
	    a[0].devices == 0);
	for (i = 0; i < n; i++)
		hubstore_accrow_release(&a[i]);
	free(a);
	CHECK(hubstore_account_find(h, "globex", &id, &err) == 0 && id == 2);
	CHECK(hubstore_account_find(h, "nobody", &id, &err) == 1);
}

static void
test_read_sites(void)
{
	struct hubstore		*h = readers_store();
	struct hubstore_siterow	*v = NULL;
	size_t			 n = 0, i;

	CHECK(hubstore_site_list(h, 1, &v, &n, &err) == 0 && n == 2);
	if (n == 2) {
		CHECK(v[0].id == 1 && strcmp(v[0].fingerprint, "fpA") == 0 &&
		    v[0].devices == 2 && v[0].first_import == 100 &&
		    v[0].last_import == 300 && v[0].last_sequence == 4);
		CHECK(v[1].id == 2 && strcmp(v[1].fingerprint, "fpB") == 0 &&
		    v[1].devices == 1);
	}
	for (i = 0; i < n; i++)
		hubstore_siterow_release(&v[i]);
	free(v);
	CHECK(hubstore_site_list(h, 3, &v, &n, &err) == 0 && n == 0);
	free(v);
}

/* The ids of rows v[0..n) as "id,id,..." (for one CHECK). */
static const char *
dev_ids(const struct hubstore_devrow *v, size_t n)
{
	static char	buf[128];
	size_t		i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n && len < sizeof(buf) - 24; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
		    "%s%lld", i ? "," : "", (long long)v[i].id);
	return buf;
}

static void
devs_free(struct hubstore_devrow *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		hubstore_devrow_release(&v[i]);
	free(v);
}

static void
test_read_devices(void)
{
	struct hubstore		*h = readers_store();
	struct hubstore_devq	 q = { 1, HUBSTORE_BY_ADDRESS, 0, 2 };
	struct hubstore_devrow	*v = NULL, d;
	size_t			 n = 0;
	int64_t			 total = 0;

	/* a page at a time, by address */
	CHECK(hubstore_device_list(h, &q, &v, &n, &total, &err) == 0 &&
	    total == 3 && strcmp(dev_ids(v, n), "11,12") == 0);
	if (n == 2)
		CHECK(strcmp(v[0].address, "10.0.0.2") == 0 &&
		    strcmp(v[0].collector, "fpA") == 0 && v[0].src_id == 3 &&
		    strcmp(v[0].account, "acme") == 0 && v[0].site_id == 1 &&
		    v[0].account_id == 1 && strcmp(v[0].vendor, "HP") == 0 &&
		    strcmp(v[0].model, "M2") == 0 &&
		    strcmp(v[0].serial, "S2") == 0 &&
		    strcmp(v[0].mac, "m2") == 0 && v[0].first_seen == 51 &&
		    v[0].last_seen == 91);
	devs_free(v, n);
	q.offset = 2;
	CHECK(hubstore_device_list(h, &q, &v, &n, NULL, &err) == 0 &&
	    strcmp(dev_ids(v, n), "10") == 0);
	devs_free(v, n);
	/* all of them, by collector and its id */
	q = (struct hubstore_devq){ 1, HUBSTORE_BY_COLLECTOR, 0, 0 };
	CHECK(hubstore_device_list(h, &q, &v, &n, &total, &err) == 0 &&
	    total == 3 && strcmp(dev_ids(v, n), "11,10,12") == 0);
	devs_free(v, n);
	CHECK(hubstore_devices(h, "acme", &v, &n, &err) == 0 &&
	    strcmp(dev_ids(v, n), "11,10,12") == 0);
	devs_free(v, n);
	CHECK(hubstore_devices(h, "globex", &v, &n, &err) == 0 &&
	    strcmp(dev_ids(v, n), "13") == 0);
	devs_free(v, n);
	CHECK(hubstore_devices(h, "nobody", &v, &n, &err) == -1 &&
	    has("no account 'nobody'"));
	/* one device, whatever its account */
	CHECK(hubstore_device_get(h, 13, &d, &err) == 0 && d.id == 13 &&
	    strcmp(d.account, "globex") == 0 && d.account_id == 2 &&
	    strcmp(d.collector, "fpC") == 0 && d.site_id == 3 &&
	    d.src_id == 1 && strcmp(d.serial, "S1") == 0);
	hubstore_devrow_release(&d);
	CHECK(hubstore_device_get(h, 99, &d, &err) == 1);
}

static void
test_read_records(void)
{
	struct hubstore		*h = readers_store();
	struct hubstore_recrow	*v = NULL;
	size_t			 n = 0, i;
	int			 scans = 0, meters = 0, supplies = 0;
	int			 alerts = 0, other = 0;

	CHECK(hubstore_device_records(h, 1, 5, &v, &n, &err) == 0 && n == 5);
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].kind, "scans") == 0)
			/* every key of its kind, as schema 12 rebuilds
			 * it (SQLite's json_object(), PostgreSQL's
			 * json_build_object()) */
			scans += (strncmp(v[i].data, "{\"id\":6,", 8) == 0 ||
			    strncmp(v[i].data, "{\"id\" : 6,", 10) == 0) &&
			    strstr(v[i].data, "\"attrs_from\"") != NULL;
		else if (strcmp(v[i].kind, "meters") == 0)
			meters++;
		else if (strcmp(v[i].kind, "supplies") == 0)
			supplies++;
		else if (strcmp(v[i].kind, "alerts") == 0)
			alerts++;
		else
			other++;
		hubstore_recrow_release(&v[i]);
	}
	free(v);
	/* not the trays, not device 3's scan */
	CHECK(scans == 1 && meters == 1 && supplies == 1 && alerts == 2 &&
	    other == 0);
	CHECK(hubstore_device_records(h, 3, 5, &v, &n, &err) == 0 && n == 0);
	free(v);
}

static void
test_read_items(void)
{
	struct hubstore		*h = readers_store();
	struct hubstore_itemrow	*v = NULL, *jam = NULL, *old = NULL;
	size_t			 n = 0, i;
	int			 other = 0;

	/* the current ones only (schema 14): each seen by its device's
	 * newest scan of its errors; no cartridge (the account page takes
	 * those from its triage) */
	CHECK(hubstore_account_alerts(h, 1, &v, &n, &err) == 0 && n >= 1);
	for (i = 0; i < n; i++) {
		CHECK(v[i].alert && v[i].scan == v[i].current &&
		    v[i].current >= 0);
		if (v[i].text != NULL && strcmp(v[i].text, "jam") == 0)
			jam = &v[i];
		else if (v[i].text != NULL && strcmp(v[i].text, "old") == 0)
			old = &v[i];
		else
			other++;
	}
	/* not "old" (an alert no longer seen), nor "ghost" (a record of
	 * a device the hub does not have), nor the cartridge "black" */
	CHECK(jam != NULL && old == NULL && other == 0);
	if (jam != NULL)
		CHECK(jam->dev == 10 && jam->site == 1 &&
		    jam->dev_src == 5 && jam->scan == 7 && jam->current == 7 &&
		    jam->id == 1 && strcmp(jam->severity, "critical") == 0 &&
		    strcmp(jam->address, "10.0.0.9") == 0 &&
		    strcmp(jam->serial, "S9") == 0 && isnan(jam->days));
	for (i = 0; i < n; i++)
		hubstore_itemrow_release(&v[i]);
	free(v);
	CHECK(hubstore_account_alerts(h, 2, &v, &n, &err) == 0 && n == 1 &&
	    strcmp(v[0].text, "theirs") == 0);
	for (i = 0; i < n; i++)
		hubstore_itemrow_release(&v[i]);
	free(v);
}

/* Device 11's history: four scans reading different parts; what is
 * current is what the newest scan of its part saw. */
static void
test_read_history(void)
{
	struct hubstore		*h = readers_store();
	struct hubstore_history	 d;
	struct report_sdays	 t;
	size_t			 i;
	int			 m = 0, s = 0;

	CHECK(hubstore_device_history(h, 1, 3, &d, &err) == 0);
	CHECK(d.location != NULL && strcmp(d.location, "hall") == 0);
	CHECK(d.firmware != NULL && strcmp(d.firmware, "2.0") == 0);
	CHECK(d.nmeters == 3 && d.nsupplies == 4 && d.nalerts == 2);
	CHECK(d.supplies_at == 950400);		/* scan 11 */
	for (i = 0; i < d.nmeters; i++) {
		const struct hubstore_hmeter *x = &d.meters[i];

		/* the newest scan of the meters is 10 */
		if (x->value == 100)
			m += !x->current && x->first == 86400 &&
			    x->last == 86400 && strcmp(x->unit, "pages") == 0;
		else if (x->value == 150)
			m += x->current && x->first == 432000 &&
			    x->last == 432000 && strcmp(x->name, "total") == 0;
		else if (x->value == 80)
			m += x->current && x->first == 86400 &&
			    x->last == 432000 && strcmp(x->name, "mono") == 0;
	}
	CHECK(m == 3);
	for (i = 0; i < d.nsupplies; i++) {
		const struct hubstore_hsupply *x = &d.supplies[i];

		if (x->percent == 40)
			s += x->current && x->instance == 5 &&
			    strcmp(x->part_number, "X1") == 0 &&
			    strcmp(x->state, "ok") == 0 &&
			    strcmp(x->colorant, "black") == 0;
		else if (x->percent == 90 || x->percent == 70)
			s += !x->current;
		else
			s += x->percent == -1 && x->current &&
			    strcmp(x->description, "waste") == 0;
	}
	CHECK(s == 4);
	for (i = 0; i < d.nalerts; i++)
		CHECK(d.alerts[i].current == (strcmp(d.alerts[i].description,
		    "door") == 0));
	for (i = 0; i < d.nalerts; i++)
		if (d.alerts[i].current)
			CHECK(strcmp(d.alerts[i].group, "cover") == 0 &&
			    strcmp(d.alerts[i].code, "doorOpen") == 0 &&
			    strcmp(d.alerts[i].severity, "warning") == 0);
	/* 90, 70, 40 on days 1, 5 and 11: 5 a day, empty 8 days on */
	hubstore_history_days(&d, 5, 0, &t);
	CHECK(t.dte.status == REPORT_DTE_OK && fabs(t.dte.days - 8) < 0.01);
	/* judged 20 days after the last read: overdue and stale */
	hubstore_history_days(&d, 5, 950400 + 20 * 86400, &t);
	CHECK(t.overdue && t.stale);
	hubstore_history_days(&d, 6, 0, &t);
	CHECK(t.dte.status != REPORT_DTE_OK);
	hubstore_history_release(&d);
	/* a device without records */
	CHECK(hubstore_device_history(h, 2, 1, &d, &err) == 0 &&
	    d.nmeters == 0 && d.nsupplies == 0 && d.nalerts == 0 &&
	    d.location == NULL && d.supplies_at == -1);
	hubstore_history_release(&d);
}

int
main(void)
{
	const char	*tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/fa-hubstore.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		fa_bug("mkdtemp %s", dir);
	if (getenv("FA_TEST_HUB_STORE") != NULL)
		goto readers_only;
	RUN(test_create);
	RUN(test_refusals);
	RUN(test_accounts);
	RUN(test_trust);
	RUN(test_migrate_v1);
	RUN(test_migrate_v3);
	RUN(test_migrate_v4);
	RUN(test_migrate_v5);
	RUN(test_migrate_v11);
	RUN(test_import_typed);
readers_only:
	RUN(test_read_accounts);
	RUN(test_read_sites);
	RUN(test_read_devices);
	RUN(test_read_records);
	RUN(test_read_items);
	RUN(test_read_history);
	hubstore_close(readers);
	unit_rmtree(dir);
	return unit_any_failed;
}
