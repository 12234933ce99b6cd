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
};

/* "<what> '<path>': <SQLite's message>"; returns -1. */
static int
db_fail(struct hubstore *h, const char *what, struct fa_err *e)
{
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
