/*
 * hubstore.c: the hub's central store (see hubstore.h, docs/keys.md).
 *
 * Opening follows the collector's store (collector/store.c): the file is
 * created 0600 before SQLite sees it, a file is ours when its
 * application_id is 'FAHB' (the collector's is 'FAUD', so neither program
 * opens the other's file by mistake), the schema version is user_version
 * and migrations[N] brings version N-1 to N in one transaction that reads
 * the version again first.  Unlike the collector, the hub never creates
 * its store on the fly: hubstore_create() is for "hub init" only, and a
 * missing file is an error everywhere else, so a mistyped --hub cannot
 * start an empty hub.
 *
 * Every change is one BEGIN IMMEDIATE transaction: the write lock is
 * taken first, so a check and the write that depends on it (trusted for
 * another account?) cannot interleave with another process.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "hubstore.h"

#define HUBSTORE_APP_ID		0x46414842	/* application_id, 'FAHB' */
#define COLLECTOR_APP_ID	0x46415544	/* collector/store.c: 'FAUD' */
#define HUBSTORE_BUSY_MS	5000		/* wait for another writer */

struct hubstore {
	sqlite3	*db;
	char	*path;
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
	 * 2: imported data (export/import.c, docs/bundle-format.md).  A site
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
};
_Static_assert(nitems(migrations) == HUBSTORE_SCHEMA_VERSION + 1,
    "one migration step per schema version");

/* "<what> '<path>': <SQLite's message>"; returns -1. */
static int
db_fail(struct hubstore *h, const char *what, struct fa_err *e)
{
	int	c = sqlite3_errcode(h->db);

	if ((c == SQLITE_FULL || c == SQLITE_IOERR) && fa_disk_full(h->path))
		return fa_errf(e, "%s '%s': its disk is full (free some "
		    "space; what it holds is kept)", what, h->path);
	return fa_errf(e, "%s '%s': %s", what, h->path,
	    sqlite3_errmsg(h->db));
}

static int
exec(struct hubstore *h, const char *what, const char *sql,
    struct fa_err *e)
{
	char	*msg = NULL;
	int	 rc = 0;

	if (sqlite3_exec(h->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		rc = fa_errf(e, "%s '%s': %s", what, h->path,
		    msg ? msg : sqlite3_errmsg(h->db));
		sqlite3_free(msg);
	}
	return rc;
}

static void
rollback(struct hubstore *h)
{
	if (!sqlite3_get_autocommit(h->db))
		sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
}

/* An integer query; SQLite's code, e filled if not OK. */
static int
query_int(struct hubstore *h, const char *sql, int64_t *v, struct fa_err *e)
{
	sqlite3_stmt	*st = NULL;
	int		 rc;

	*v = 0;
	rc = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*v = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK)
		db_fail(h, "cannot read hub store", e);
	sqlite3_finalize(st);
	return rc;
}

/* Ours (or, when fresh is allowed, empty), and not from a newer program. */
static int
check_file(struct hubstore *h, int fresh_ok, struct fa_err *e)
{
	int64_t	app, version, tables;
	int	rc;

	rc = query_int(h, "PRAGMA application_id", &app, e);
	if (rc == SQLITE_OK)
		rc = query_int(h, "PRAGMA user_version", &version, e);
	if (rc == SQLITE_OK)
		rc = query_int(h, "SELECT count(*) FROM sqlite_master",
		    &tables, e);
	if (rc == SQLITE_NOTADB)
		return fa_errf(e, "'%s' is not a fleetaudit hub store: not an "
		    "SQLite database", h->path);
	if (rc != SQLITE_OK)
		return -1;
	if (fresh_ok && app == 0 && version == 0 && tables == 0)
		return 0;
	if (app != HUBSTORE_APP_ID)
		return fa_errf(e, "'%s' is not a fleetaudit hub store%s",
		    h->path, app == COLLECTOR_APP_ID ? ": a collector's store" :
		    tables == 0 ? ": an empty file" :
		    ": an SQLite database of another program");
	if (version > HUBSTORE_SCHEMA_VERSION)
		return fa_errf(e, "hub store '%s' has schema version %lld, "
		    "newer than this program's %d", h->path,
		    (long long)version, HUBSTORE_SCHEMA_VERSION);
	return 0;
}

static int
migrate(struct hubstore *h, struct fa_err *e)
{
	char	sql[96];
	int64_t	version;
	int	rc = -1;

	if (query_int(h, "PRAGMA user_version", &version, e) != SQLITE_OK)
		goto out;
	while (version < HUBSTORE_SCHEMA_VERSION) {
		if (exec(h, "cannot migrate hub store", "BEGIN IMMEDIATE",
		    e) == -1)
			goto out;
		if (query_int(h, "PRAGMA user_version", &version, e) !=
		    SQLITE_OK)
			goto out;
		if (version >= HUBSTORE_SCHEMA_VERSION)
			break;
		version++;
		snprintf(sql, sizeof(sql), "PRAGMA application_id = %d;"
		    " PRAGMA user_version = %lld", HUBSTORE_APP_ID,
		    (long long)version);
		if (exec(h, "cannot migrate hub store", migrations[version],
		    e) == -1 ||
		    exec(h, "cannot migrate hub store", sql, e) == -1 ||
		    exec(h, "cannot migrate hub store", "COMMIT", e) == -1)
			goto out;
	}
	if (!sqlite3_get_autocommit(h->db) &&
	    exec(h, "cannot migrate hub store", "COMMIT", e) == -1)
		goto out;
	rc = 0;
out:
	if (rc == -1)
		rollback(h);
	return rc;
}

/* Opens the SQLite file (which exists) and readies it. */
static int
hs_open(const char *path, int fresh, struct hubstore **out, struct fa_err *e)
{
	struct hubstore	*h;
	int		 rc = -1;

	*out = NULL;
	h = fa_calloc(1, sizeof(*h));
	h->path = fa_strdup(path);
	if (sqlite3_open_v2(path, &h->db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		if (h->db == NULL)
			fa_errf(e, "cannot open hub store '%s': out of memory",
			    path);
		else
			db_fail(h, "cannot open hub store", e);
		goto out;
	}
	sqlite3_busy_timeout(h->db, HUBSTORE_BUSY_MS);
	if (check_file(h, fresh, e) == -1)
		goto out;
	/* As the collector's store: readers while an import writes. */
	if (exec(h, "cannot open hub store", "PRAGMA journal_mode = WAL; "
	    "PRAGMA synchronous = NORMAL", e) == -1 || migrate(h, e) == -1 ||
	    exec(h, "cannot open hub store", "PRAGMA foreign_keys = ON",
	    e) == -1)
		goto out;
	*out = h;
	h = NULL;
	rc = 0;
out:
	hubstore_close(h);
	return rc;
}

int
hubstore_create(const char *path, struct hubstore **out, struct fa_err *e)
{
	char	*side;
	int	 fd;

	*out = NULL;
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
	if (hs_open(path, 1, out, e) == 0)
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
	struct stat	sb;

	*out = NULL;
	if (stat(path, &sb) == -1) {
		if (errno == ENOENT)
			return fa_errf(e, "no hub store at '%s'", path);
		return fa_errf(e, "cannot open hub store '%s': %s", path,
		    strerror(errno));
	}
	if (!S_ISREG(sb.st_mode))
		return fa_errf(e, "'%s' is not a fleetaudit hub store: not a "
		    "regular file", path);
	return hs_open(path, 0, out, e);
}

void
hubstore_close(struct hubstore *h)
{
	if (h == NULL)
		return;
	sqlite3_close(h->db);
	free(h->path);
	free(h);
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

/* Prepares sql; -1 with e filled. */
static int
prep(struct hubstore *h, const char *what, const char *sql,
    sqlite3_stmt **st, struct fa_err *e)
{
	if (sqlite3_prepare_v2(h->db, sql, -1, st, NULL) != SQLITE_OK)
		return db_fail(h, what, e);
	return 0;
}

/* The account a fingerprint is trusted for: 1 found (*account set,
 * caller frees), 0 not trusted, -1 error. */
static int
trusted_for(struct hubstore *h, const char *what, const char *fp,
    char **account, struct fa_err *e)
{
	sqlite3_stmt	*st = NULL;
	int		 rc;

	*account = NULL;
	if (prep(h, what, "SELECT a.name FROM collectors c JOIN accounts a"
	    " ON a.id = c.account_id"
	    " WHERE c.fingerprint = ?1 AND c.removed IS NULL", &st, e) == -1)
		return -1;
	sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*account = fa_strdup((const char *)sqlite3_column_text(st, 0));
		rc = 1;
	} else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = db_fail(h, what, e);
	sqlite3_finalize(st);
	return rc;
}

int
hubstore_trust_add(struct hubstore *h, const char *fp,
    const char *public_key, const char *comment, const char *account,
    int64_t now, struct fa_err *e)
{
	static const char what[] = "cannot trust a collector in hub store";
	sqlite3_stmt	*st = NULL;
	char		*cur = NULL;
	int		 rc = -1, t;

	if (hubstore_account_check(account, e) != 0)
		return -1;
	if (exec(h, what, "BEGIN IMMEDIATE", e) == -1)
		return -1;
	if ((t = trusted_for(h, what, fp, &cur, e)) == -1)
		goto out;
	if (t == 1) {
		if (strcmp(cur, account) != 0) {
			fa_errf(e, "collector %s is already trusted for "
			    "account '%s' (remove it first)", fp, cur);
			goto out;
		}
		rc = exec(h, what, "COMMIT", e) == -1 ? -1 : 1;
		goto out;
	}
	if (prep(h, what, "INSERT OR IGNORE INTO accounts (name, created)"
	    " VALUES (?1, ?2)", &st, e) == -1)
		goto out;
	sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_fail(h, what, e);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (prep(h, what, "INSERT INTO collectors (fingerprint, public_key,"
	    " comment, account_id, added) VALUES (?1, ?2, ?3,"
	    " (SELECT id FROM accounts WHERE name = ?4), ?5)", &st, e) == -1)
		goto out;
	sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, public_key, -1, SQLITE_STATIC);
	if (comment != NULL && *comment != '\0')
		sqlite3_bind_text(st, 3, comment, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, account, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_fail(h, what, e);
		goto out;
	}
	if (exec(h, what, "COMMIT", e) == -1)
		goto out;
	rc = 0;
out:
	sqlite3_finalize(st);
	if (rc == -1)
		rollback(h);
	free(cur);
	return rc;
}

int
hubstore_trust_remove(struct hubstore *h, const char *fp, int64_t now,
    char **account, struct fa_err *e)
{
	static const char what[] = "cannot remove a collector in hub store";
	sqlite3_stmt	*st = NULL;
	char		*cur = NULL;
	int		 rc = -1, t;

	if (account != NULL)
		*account = NULL;
	if (exec(h, what, "BEGIN IMMEDIATE", e) == -1)
		return -1;
	if ((t = trusted_for(h, what, fp, &cur, e)) == -1)
		goto out;
	if (t == 0) {
		rc = exec(h, what, "COMMIT", e) == -1 ? -1 : 1;
		goto out;
	}
	/* max(): a clock set back must not break the CHECK. */
	if (prep(h, what, "UPDATE collectors SET removed = max(?1, added)"
	    " WHERE fingerprint = ?2 AND removed IS NULL", &st, e) == -1)
		goto out;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, fp, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_fail(h, what, e);
		goto out;
	}
	if (exec(h, what, "COMMIT", e) == -1)
		goto out;
	if (account != NULL) {
		*account = cur;
		cur = NULL;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	if (rc == -1)
		rollback(h);
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
	memset(r, 0, sizeof(*r));
}

static char *
col_str(sqlite3_stmt *st, int i)
{
	const unsigned char	*s = sqlite3_column_text(st, i);

	return s != NULL ? fa_strdup((const char *)s) : NULL;
}

int
hubstore_trust_list(struct hubstore *h, struct hubstore_trustrow **rows,
    size_t *n, struct fa_err *e)
{
	static const char what[] = "cannot list collectors in hub store";
	sqlite3_stmt		*st = NULL;
	struct hubstore_trustrow *v = NULL;
	size_t			 nv = 0, i;
	int			 rc;

	*rows = NULL;
	*n = 0;
	if (prep(h, what, "SELECT c.fingerprint, c.public_key, c.comment,"
	    " a.name, c.added FROM collectors c JOIN accounts a"
	    " ON a.id = c.account_id WHERE c.removed IS NULL"
	    " ORDER BY a.name, c.added, c.id", &st, e) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct hubstore_trustrow *r;

		v = fa_reallocarray(v, nv + 1, sizeof(*v));
		r = &v[nv++];
		r->fingerprint = col_str(st, 0);
		r->public_key = col_str(st, 1);
		r->comment = col_str(st, 2);
		r->account = col_str(st, 3);
		r->added = sqlite3_column_int64(st, 4);
	}
	if (rc != SQLITE_DONE) {
		db_fail(h, what, e);
		sqlite3_finalize(st);
		for (i = 0; i < nv; i++)
			hubstore_trustrow_release(&v[i]);
		free(v);
		return -1;
	}
	sqlite3_finalize(st);
	*rows = v;
	*n = nv;
	return 0;
}

/* ---- imports (schema version 2) ---- */

enum { IS_RECORD, IS_DEVICE, IS_SEEN, IS_N };

struct hubstore_import {
	struct hubstore	*h;
	int64_t		 site_id, bundle_row;
	sqlite3_stmt	*st[IS_N];
};

static const char *const import_sql[IS_N] = {
	[IS_RECORD] = "INSERT INTO records (site_id, kind, src_id,"
	    " device_src, data, bundle_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " ON CONFLICT (site_id, kind, src_id) DO UPDATE SET"
	    " device_src = excluded.device_src, data = excluded.data,"
	    " bundle_id = excluded.bundle_id",
	[IS_DEVICE] = "INSERT INTO devices (site_id, account_id, src_id,"
	    " key_kind, key_value, vendor, model, serial, mac, address,"
	    " first_seen, last_seen, data, bundle_id)"
	    " SELECT ?1, s.account_id, ?2, json_extract(?3, '$.key_kind'),"
	    " json_extract(?3, '$.key_value'), json_extract(?3, '$.vendor'),"
	    " json_extract(?3, '$.model'), json_extract(?3, '$.serial'),"
	    " json_extract(?3, '$.mac'), json_extract(?3, '$.address'),"
	    " json_extract(?3, '$.first_seen'),"
	    " json_extract(?3, '$.last_seen'), ?3, ?4"
	    " FROM sites s WHERE s.id = ?1"
	    " ON CONFLICT (site_id, src_id) DO UPDATE SET"
	    " key_kind = excluded.key_kind, key_value = excluded.key_value,"
	    " vendor = excluded.vendor, model = excluded.model,"
	    " serial = excluded.serial, mac = excluded.mac,"
	    " address = excluded.address, first_seen = excluded.first_seen,"
	    " last_seen = excluded.last_seen, data = excluded.data,"
	    " bundle_id = excluded.bundle_id",
	[IS_SEEN] = "UPDATE records SET data = json_set(data,"
	    " '$.last_scan_id', ?4, '$.pos', ?5)"
	    " WHERE site_id = ?1 AND kind = ?2 AND src_id = ?3",
};

int
hubstore_collector_find(struct hubstore *h, const char *fp,
    char **public_key, char **account, struct fa_err *e)
{
	static const char what[] = "cannot read hub store";
	sqlite3_stmt	*st = NULL;
	int		 rc;

	*public_key = *account = NULL;
	if (prep(h, what, "SELECT c.public_key, a.name FROM collectors c"
	    " JOIN accounts a ON a.id = c.account_id"
	    " WHERE c.fingerprint = ?1 AND c.removed IS NULL", &st, e) == -1)
		return -1;
	sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*public_key = col_str(st, 0);
		*account = col_str(st, 1);
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = 1;
	else
		rc = db_fail(h, what, e);
	sqlite3_finalize(st);
	return rc;
}

void
hubstore_import_abort(struct hubstore_import *im)
{
	int	i;

	if (im == NULL)
		return;
	for (i = 0; i < IS_N; i++)
		sqlite3_finalize(im->st[i]);
	rollback(im->h);
	free(im);
}

/* One integer (or -1 for none) from sql with one text and one int. */
static int
lookup(struct hubstore *h, const char *sql, const char *s1, int64_t i2,
    int64_t *out, struct fa_err *e)
{
	sqlite3_stmt	*st = NULL;
	int		 rc;

	*out = -1;
	if (prep(h, "cannot read hub store", sql, &st, e) == -1)
		return -1;
	sqlite3_bind_text(st, 1, s1, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(st) > 1)
		sqlite3_bind_int64(st, 2, i2);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 :
		    sqlite3_column_int64(st, 0);
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = db_fail(h, "cannot read hub store", e);
	sqlite3_finalize(st);
	return rc;
}

int
hubstore_import_begin(struct hubstore *h, const struct hubstore_bundle *b,
    int64_t now, struct hubstore_import **out, int64_t *last_seq,
    struct fa_err *e)
{
	static const char what[] = "cannot import into hub store";
	struct hubstore_import	*im;
	sqlite3_stmt		*st = NULL;
	int64_t			 v, account;
	int			 i, rc = -1;

	*out = NULL;
	*last_seq = 0;
	/* One transaction may write millions of rows: a page cache of 64 MiB
	 * (SQLite's default is 2) keeps it from spilling all the time. */
	if (exec(h, what, "PRAGMA cache_size = -65536", e) == -1 ||
	    exec(h, what, "BEGIN IMMEDIATE", e) == -1)
		return -1;
	im = fa_calloc(1, sizeof(*im));
	im->h = h;
	if (lookup(h, "SELECT id FROM bundles WHERE bundle_id = ?1",
	    b->bundle_id, 0, &v, e) != 0)
		goto out;
	if (v != -1) {
		rc = HUBSTORE_ALREADY;
		goto out;
	}
	if (lookup(h, "SELECT id FROM accounts WHERE name = ?1", b->account,
	    0, &account, e) != 0)
		goto out;
	if (account == -1) {
		fa_errf(e, "no account '%s' in hub store", b->account);
		goto out;
	}
	if (lookup(h, "SELECT id FROM sites WHERE fingerprint = ?1 AND"
	    " account_id = ?2", b->fingerprint, account, &im->site_id,
	    e) != 0)
		goto out;
	if (im->site_id != -1) {
		if (lookup(h, "SELECT max(sequence) FROM bundles"
		    " WHERE site_id = ?2 AND ?1 = ?1", "", im->site_id, &v,
		    e) != 0)
			goto out;
		if (v >= b->sequence) {
			*last_seq = v;
			rc = HUBSTORE_REPLAY;
			goto out;
		}
	} else {
		if (prep(h, what, "INSERT INTO sites (account_id, fingerprint,"
		    " public_key, first_import, last_import, last_sequence)"
		    " VALUES (?1, ?2, ?3, ?4, ?4, 0)", &st, e) == -1)
			goto out;
		sqlite3_bind_int64(st, 1, account);
		sqlite3_bind_text(st, 2, b->fingerprint, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, b->public_key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, now);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_fail(h, what, e);
			goto out;
		}
		im->site_id = sqlite3_last_insert_rowid(h->db);
		sqlite3_finalize(st);
		st = NULL;
	}
	if (prep(h, what, "INSERT INTO bundles (bundle_id, site_id, sequence,"
	    " hash, created, imported, after_scan, upto_scan, records,"
	    " manifest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9)", &st,
	    e) == -1)
		goto out;
	sqlite3_bind_text(st, 1, b->bundle_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, im->site_id);
	sqlite3_bind_int64(st, 3, b->sequence);
	sqlite3_bind_text(st, 4, b->hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, b->created);
	sqlite3_bind_int64(st, 6, now);
	sqlite3_bind_int64(st, 7, b->after_scan);
	sqlite3_bind_int64(st, 8, b->upto_scan);
	sqlite3_bind_text(st, 9, b->manifest, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_fail(h, what, e);
		goto out;
	}
	im->bundle_row = sqlite3_last_insert_rowid(h->db);
	sqlite3_finalize(st);
	st = NULL;
	if (prep(h, what, "UPDATE sites SET last_import = ?2,"
	    " last_sequence = ?3 WHERE id = ?1", &st, e) == -1)
		goto out;
	sqlite3_bind_int64(st, 1, im->site_id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, b->sequence);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_fail(h, what, e);
		goto out;
	}
	for (i = 0; i < IS_N; i++)
		if (prep(h, what, import_sql[i], &im->st[i], e) == -1)
			goto out;
	*out = im;
	im = NULL;
	rc = 0;
out:
	sqlite3_finalize(st);
	hubstore_import_abort(im);
	return rc;
}

static int
step_reset(struct hubstore_import *im, sqlite3_stmt *st, struct fa_err *e)
{
	int	rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return db_fail(im->h, "cannot import into hub store", e);
	return 0;
}

int
hubstore_import_record(struct hubstore_import *im, const char *kind,
    int64_t key, int64_t device, const char *json, struct fa_err *e)
{
	sqlite3_stmt	*st;

	if (strcmp(kind, "devices") == 0) {
		st = im->st[IS_DEVICE];
		sqlite3_bind_int64(st, 1, im->site_id);
		sqlite3_bind_int64(st, 2, key);
		sqlite3_bind_text(st, 3, json, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, im->bundle_row);
		return step_reset(im, st, e);
	}
	st = im->st[IS_RECORD];
	sqlite3_bind_int64(st, 1, im->site_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, key);
	if (device >= 0)
		sqlite3_bind_int64(st, 4, device);
	sqlite3_bind_text(st, 5, json, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, im->bundle_row);
	return step_reset(im, st, e);
}

int
hubstore_import_seen(struct hubstore_import *im, const char *table,
    int64_t row, int64_t last_scan, int64_t pos, int *found,
    struct fa_err *e)
{
	sqlite3_stmt	*st = im->st[IS_SEEN];

	sqlite3_bind_int64(st, 1, im->site_id);
	sqlite3_bind_text(st, 2, table, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, row);
	sqlite3_bind_int64(st, 4, last_scan);
	if (pos >= 0)
		sqlite3_bind_int64(st, 5, pos);
	if (step_reset(im, st, e) != 0)
		return -1;
	*found = sqlite3_changes(im->h->db) > 0;
	return 0;
}

int
hubstore_import_commit(struct hubstore_import *im, int64_t records,
    struct fa_err *e)
{
	static const char what[] = "cannot import into hub store";
	sqlite3_stmt	*st = NULL;
	int		 i, rc = -1;

	for (i = 0; i < IS_N; i++) {
		sqlite3_finalize(im->st[i]);
		im->st[i] = NULL;
	}
	if (prep(im->h, what, "UPDATE bundles SET records = ?2 WHERE id = ?1",
	    &st, e) == -1)
		goto out;
	sqlite3_bind_int64(st, 1, im->bundle_row);
	sqlite3_bind_int64(st, 2, records);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_fail(im->h, what, e);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (exec(im->h, what, "COMMIT", e) == -1)
		goto out;
	rc = 0;
out:
	sqlite3_finalize(st);
	if (rc == 0)
		free(im);
	else
		hubstore_import_abort(im);
	return rc;
}

void
hubstore_devrow_release(struct hubstore_devrow *r)
{
	free(r->collector);
	free(r->address);
	free(r->vendor);
	free(r->model);
	free(r->serial);
	free(r->mac);
	memset(r, 0, sizeof(*r));
}

int
hubstore_account_id(struct hubstore *h, const char *account, int64_t *id,
    struct fa_err *e)
{
	if (lookup(h, "SELECT id FROM accounts WHERE name = ?1", account, 0,
	    id, e) != 0)
		return -1;
	if (*id == -1)
		return fa_errf(e, "no account '%s' in hub store '%s'", account,
		    h->path);
	return 0;
}

sqlite3 *
hubstore_sqlite(struct hubstore *h)
{
	return h->db;
}

const char *
hubstore_path(const struct hubstore *h)
{
	return h->path;
}

int
hubstore_devices(struct hubstore *h, const char *account,
    struct hubstore_devrow **rows, size_t *n, struct fa_err *e)
{
	static const char what[] = "cannot list devices in hub store";
	sqlite3_stmt		*st = NULL;
	struct hubstore_devrow	*v = NULL;
	size_t			 nv = 0, i;
	int64_t			 acc;
	int			 rc;

	*rows = NULL;
	*n = 0;
	if (lookup(h, "SELECT id FROM accounts WHERE name = ?1", account, 0,
	    &acc, e) != 0)
		return -1;
	if (acc == -1)
		return fa_errf(e, "no account '%s' in hub store '%s'", account,
		    h->path);
	if (prep(h, what, "SELECT s.fingerprint, d.src_id, d.address,"
	    " d.vendor, d.model, d.serial, d.mac, d.last_seen"
	    " FROM devices d JOIN sites s ON s.id = d.site_id"
	    " WHERE d.account_id = ?1 ORDER BY s.fingerprint, d.src_id", &st,
	    e) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, acc);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct hubstore_devrow *r;

		v = fa_reallocarray(v, nv + 1, sizeof(*v));
		r = &v[nv++];
		r->collector = col_str(st, 0);
		r->src_id = sqlite3_column_int64(st, 1);
		r->address = col_str(st, 2);
		r->vendor = col_str(st, 3);
		r->model = col_str(st, 4);
		r->serial = col_str(st, 5);
		r->mac = col_str(st, 6);
		r->last_seen = sqlite3_column_int64(st, 7);
	}
	if (rc != SQLITE_DONE) {
		db_fail(h, what, e);
		sqlite3_finalize(st);
		for (i = 0; i < nv; i++)
			hubstore_devrow_release(&v[i]);
		free(v);
		return -1;
	}
	sqlite3_finalize(st);
	*rows = v;
	*n = nv;
	return 0;
}

/* ==== the command queue (hub serve, hub command; docs/soap.md) ====
 *
 * Commands the hub keeps for collectors live in a file of their own
 * beside hub.db, HUB/commands.db, attached to the connection as "cmdq"
 * when first needed and created then (0600): hub.db's migrations stay as
 * they are, and a hub without commands has no such file.  One table:
 * a command is given to its collector in every Hello until its result
 * arrives (at least once: a Hello whose answer was lost loses nothing),
 * and the first result is kept; a later one for the same command is
 * ignored.
 */

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
	"CREATE INDEX IF NOT EXISTS cmdq.commands_pending ON commands" \
	" (fingerprint, done);"

static int
cmdq_attach(struct hubstore *h, struct fa_err *e)
{
	static const char what[] = "cannot open the command queue of";
	sqlite3_stmt	*st = NULL;
	char		*dir, *path, *slash;
	int		 fd, rc;

	if (prep(h, what, "SELECT 1 FROM pragma_database_list"
	    " WHERE name = 'cmdq'", &st, e) == -1)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
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
	if (prep(h, what, "ATTACH DATABASE ?1 AS cmdq", &st, e) == -1)
		rc = -1;
	else {
		sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(h, what, e);
		sqlite3_finalize(st);
	}
	free(path);
	if (rc == 0 && exec(h, what, CMDQ_SCHEMA, e) == -1)
		rc = -1;
	return rc;
}

int
hubstore_command_add(struct hubstore *h, const char *fp, const char *kind,
    const char *arg, int64_t now, int64_t *id, struct fa_err *e)
{
	static const char what[] = "cannot queue a command in";
	sqlite3_stmt	*st = NULL;
	char		*account = NULL;
	int		 x;

	if (cmdq_attach(h, e) == -1)
		return -1;
	if ((x = trusted_for(h, what, fp, &account, e)) == -1)
		return -1;
	free(account);
	if (x == 0)
		return fa_errf(e, "no trusted collector has fingerprint %s "
		    "(see 'fleetaudit hub trust list')", fp);
	if (prep(h, what, "INSERT INTO cmdq.commands (fingerprint, kind,"
	    " argument, created) VALUES (?1, ?2, ?3, ?4)", &st, e) == -1)
		return -1;
	sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, arg, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	x = sqlite3_step(st);
	sqlite3_finalize(st);
	if (x != SQLITE_DONE)
		return db_fail(h, what, e);
	*id = sqlite3_last_insert_rowid(h->db);
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
cmd_rows(struct hubstore *h, const char *what, sqlite3_stmt *st,
    size_t max, struct hubstore_cmdrow **rows, size_t *n, struct fa_err *e)
{
	struct hubstore_cmdrow	*v = NULL, *r;
	size_t			 nv = 0, i;
	int			 rc;

	while (nv < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = fa_reallocarray(v, nv + 1, sizeof(*v));
		r = &v[nv++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(st, 0);
		r->fingerprint = col_str(st, 1);
		r->kind = col_str(st, 2);
		r->argument = col_str(st, 3);
		r->created = sqlite3_column_int64(st, 4);
		r->sent = sqlite3_column_int64(st, 5);
		r->done = sqlite3_column_int64(st, 6);
		r->status = col_str(st, 7);
		r->output_len = (size_t)sqlite3_column_bytes(st, 8);
		r->output = fa_malloc(r->output_len + 1);
		if (r->output_len > 0)
			memcpy(r->output, sqlite3_column_blob(st, 8),
			    r->output_len);
		r->output[r->output_len] = '\0';
	}
	if (nv < max && rc != SQLITE_DONE) {
		db_fail(h, what, e);
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
	static const char what[] = "cannot read the command queue of";
	sqlite3_stmt	*st = NULL;
	size_t		 i;
	int		 rc;

	*rows = NULL;
	*n = 0;
	if (cmdq_attach(h, e) == -1 ||
	    exec(h, what, "BEGIN IMMEDIATE", e) == -1)
		return -1;
	if (prep(h, what, "SELECT " CMD_COLS " FROM cmdq.commands"
	    " WHERE fingerprint = ?1 AND done IS NULL ORDER BY id", &st,
	    e) == -1) {
		rollback(h);
		return -1;
	}
	sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
	rc = cmd_rows(h, what, st, max, rows, n, e);
	sqlite3_finalize(st);
	for (i = 0; rc == 0 && i < *n; i++) {
		if (prep(h, what, "UPDATE cmdq.commands SET sent = ?1"
		    " WHERE id = ?2", &st, e) == -1) {
			rc = -1;
			break;
		}
		sqlite3_bind_int64(st, 1, now);
		sqlite3_bind_int64(st, 2, (*rows)[i].id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(h, what, e);
		sqlite3_finalize(st);
	}
	if (rc == 0 && exec(h, what, "COMMIT", e) == 0)
		return 0;
	rollback(h);
	for (i = 0; i < *n; i++)
		hubstore_cmdrow_release(&(*rows)[i]);
	FA_FREE(*rows);
	*n = 0;
	return -1;
}

int
hubstore_command_result(struct hubstore *h, const char *fp, int64_t id,
    const char *status, const void *output, size_t len, int64_t now,
    struct fa_err *e)
{
	static const char what[] = "cannot keep a command result in";
	sqlite3_stmt	*st = NULL;
	int		 x;

	if (cmdq_attach(h, e) == -1)
		return -1;
	if (prep(h, what, "SELECT 1 FROM cmdq.commands WHERE id = ?1"
	    " AND fingerprint = ?2", &st, e) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, fp, -1, SQLITE_STATIC);
	x = sqlite3_step(st);
	sqlite3_finalize(st);
	if (x == SQLITE_DONE)
		return 1;
	if (x != SQLITE_ROW)
		return db_fail(h, what, e);
	if (prep(h, what, "UPDATE cmdq.commands SET done = ?1, status = ?2,"
	    " output = ?3 WHERE id = ?4 AND done IS NULL", &st, e) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, len > 0 ? output : "", (int)len,
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, id);
	x = sqlite3_step(st);
	sqlite3_finalize(st);
	if (x != SQLITE_DONE)
		return db_fail(h, what, e);
	return 0;
}

int
hubstore_command_list(struct hubstore *h, int64_t id,
    struct hubstore_cmdrow **rows, size_t *n, struct fa_err *e)
{
	static const char what[] = "cannot list the commands of";
	sqlite3_stmt	*st = NULL;
	int		 rc;

	*rows = NULL;
	*n = 0;
	if (cmdq_attach(h, e) == -1)
		return -1;
	if (prep(h, what, "SELECT " CMD_COLS " FROM cmdq.commands"
	    " WHERE ?1 = 0 OR id = ?1 ORDER BY id", &st, e) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = cmd_rows(h, what, st, SIZE_MAX, rows, n, e);
	sqlite3_finalize(st);
	return rc;
}
