/*
 * test_hubstore.c: unit tests for export/hub/hubstore.c on real SQLite files
 * in a temporary directory: creation (0600, 'FAHB', schema version 2),
 * refusals (an existing file, a missing one, the collector's store,
 * another program's database, a text file, an empty file, a newer
 * schema), account names, and trusting collectors: add, the same again,
 * another account, list order, remove, remove again, add after removal
 * (the removed row stays); a store of schema version 1 (its SQL kept
 * here verbatim) migrated to version 2 with its rows.
 *
 * The test opens the files with SQLite directly to look at what the store
 * wrote and to make the foreign files.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../../export/hub/hubstore.h"
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

static int
has(const char *needle)
{
	if (strstr(err.msg, needle) != NULL)
		return 1;
	printf("# expected '%s' in '%s'\n", needle, err.msg);
	return 0;
}

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
	sql_exec(p, "PRAGMA user_version = 11");
	CHECK(hubstore_open(p, &h, &err) == -1 &&
	    has("has schema version 11, newer than this program's 10"));
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

static void
rmtree(void)
{
	DIR		*d = opendir(dir);
	struct dirent	*de;
	char		*p;

	while (d != NULL && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		p = path(de->d_name);
		unlink(p);
		free(p);
	}
	if (d != NULL)
		closedir(d);
	rmdir(dir);
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
/* Before version 10: no Remote Device Link tables. */
#define PRE_10	" DROP TABLE rdl_requests; DROP TABLE rdl_sessions;" \
	" DROP TABLE rdl_rights; DROP TABLE rdl_accounts;" \
	" DROP TABLE rdl_config;"

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
	    " INSERT INTO records VALUES"
	    " (1, 'scans', 3, 7, '{\"id\":3,\"parts\":15}', 1),"
	    " (1, 'scans', 4, 7, '{\"id\":4,\"parts\":12}', 1),"
	    " (1, 'scans', 5, 7, '{\"id\":5,\"parts\":9}', 1),"
	    " (1, 'scans', 6, 8, '{\"id\":6,\"parts\":0}', 1);"
	    " ALTER TABLE devices DROP COLUMN supplies_scan;"
	    " ALTER TABLE devices DROP COLUMN errors_scan;"
	    " DROP TABLE collector_sequences;" PRE_6
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

int
main(void)
{
	const char	*tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/fa-hubstore.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		fa_bug("mkdtemp %s", dir);
	RUN(test_create);
	RUN(test_refusals);
	RUN(test_accounts);
	RUN(test_trust);
	RUN(test_migrate_v1);
	RUN(test_migrate_v3);
	RUN(test_migrate_v4);
	RUN(test_migrate_v5);
	rmtree();
	return unit_any_failed;
}
