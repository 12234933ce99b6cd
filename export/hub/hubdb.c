/*
 * hubdb.c: the hub store's SQL connection on SQLite or PostgreSQL (see
 * hubdb.h).
 *
 * SQLite is used as the collector's store uses it.  On PostgreSQL each
 * distinct SQL text is prepared once per connection (PQprepare, names
 * s1, s2, ...) and run with PQexecPrepared, parameters as text (blobs as
 * binary), results as text: a statement's first step runs it and holds
 * the whole result, later steps walk its rows, unless hubdb_stream()
 * asked for single-row mode.  A unique violation (SQLSTATE 23505) is told
 * apart, so that callers can rely on constraints rather than on a check
 * before the write; a full disk (53100) is named as such.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "hubdb.h"

#define HUBDB_BUSY_MS	5000		/* SQLite: wait for another writer */
#define HUBDB_PARAMS	65535		/* parameters of one statement (the
					   protocol's limit) */
#define BYTEA_OID	17

struct prepared {
	char	*sql;			/* as given (the cache's key) */
	char	 name[16];
	int	 nparams;
};

struct hubdb {
	enum hubdb_kind	 kind;
	char		*name;
	sqlite3		*lite;
	PGconn		*pg;
	struct prepared	**prep;		/* each apart: statements point here */
	size_t		 nprep;
	int		 busy;		/* a streaming statement runs */
	int		 batch;		/* in pipeline mode */
	int		 copy;		/* a COPY runs (hubdb_copy_begin()) */
	int64_t		*pend[HUBDB_BATCH];	/* sent, answers not read */
	size_t		 npend;
};

struct hubdb_st {
	struct hubdb	*db;
	sqlite3_stmt	*lite;
	/* PostgreSQL */
	const struct prepared *p;
	const char	**val;		/* each parameter's, p->nparams */
	int		 *len, *fmt;
	char		(*num)[24];
	PGresult	*res;
	int		 row, nrows, ran, stream, done;
	unsigned char	*blob;		/* an unescaped bytea */
	int64_t		 changes;
};

/* ---- errors ---- */

static int
lite_fail(struct hubdb *db, struct fa_err *e)
{
	int	c = sqlite3_errcode(db->lite);

	if ((c == SQLITE_FULL || c == SQLITE_IOERR) && fa_disk_full(db->name))
		fa_errf(e, "hub store '%s': its disk is full (free some "
		    "space; what it holds is kept)", db->name);
	else
		fa_errf(e, "hub store '%s': %s", db->name,
		    sqlite3_errmsg(db->lite));
	return (sqlite3_extended_errcode(db->lite) ==
	    SQLITE_CONSTRAINT_UNIQUE || sqlite3_extended_errcode(db->lite) ==
	    SQLITE_CONSTRAINT_PRIMARYKEY) ? HUBDB_UNIQUE : -1;
}

/* PostgreSQL's message, first line only. */
static int
pg_fail(struct hubdb *db, const PGresult *res, struct fa_err *e)
{
	const char	*state, *msg;
	size_t		 n;

	state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	msg = res != NULL ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) :
	    NULL;
	if (msg == NULL)
		msg = PQerrorMessage(db->pg);
	n = strcspn(msg, "\n");
	if (state != NULL && strcmp(state, "53100") == 0)
		fa_errf(e, "hub store '%s': its disk is full (free some "
		    "space; what it holds is kept)", db->name);
	else
		fa_errf(e, "hub store '%s': %.*s", db->name, (int)n,
		    n > 0 ? msg : "connection lost");
	return state != NULL && strcmp(state, "23505") == 0 ? HUBDB_UNIQUE :
	    -1;
}

/* ---- opening ---- */

int
hubdb_open_sqlite(const char *path, struct hubdb **out, struct fa_err *e)
{
	struct hubdb	*db;

	*out = NULL;
	db = fa_calloc(1, sizeof(*db));
	db->kind = HUBDB_SQLITE;
	db->name = fa_strdup(path);
	if (sqlite3_open_v2(path, &db->lite, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		if (db->lite == NULL)
			fa_errf(e, "cannot open hub store '%s': out of memory",
			    path);
		else
			fa_errf(e, "cannot open hub store '%s': %s", path,
			    sqlite3_errmsg(db->lite));
		hubdb_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db->lite, HUBDB_BUSY_MS);
	*out = db;
	return 0;
}

/* "postgresql://user@host:port/dbname" from the parsed options. */
static char *
pg_display(PQconninfoOption *opts)
{
	const char	*host = NULL, *port = NULL, *dbname = NULL, *user = NULL;
	PQconninfoOption *o;

	for (o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL || *o->val == '\0')
			continue;
		if (strcmp(o->keyword, "host") == 0)
			host = o->val;
		else if (strcmp(o->keyword, "port") == 0)
			port = o->val;
		else if (strcmp(o->keyword, "dbname") == 0)
			dbname = o->val;
		else if (strcmp(o->keyword, "user") == 0)
			user = o->val;
	}
	return fa_asprintf("postgresql://%s%s%s%s%s/%s", user ? user : "",
	    user ? "@" : "", host ? host : "", port ? ":" : "",
	    port ? port : "", dbname ? dbname : "");
}

int
hubdb_pg_check(const char *conninfo, struct fa_err *e)
{
	PQconninfoOption *opts, *o;
	char		 *err = NULL;
	int		  rc = 1;

	if (e != NULL)
		e->msg[0] = '\0';
	if (strncmp(conninfo, "postgresql://", 13) != 0 &&
	    strncmp(conninfo, "postgres://", 11) != 0 &&
	    strchr(conninfo, '=') == NULL)
		return 0;
	if ((opts = PQconninfoParse(conninfo, &err)) == NULL) {
		fa_errf(e, "bad PostgreSQL connection string: %.*s",
		    err != NULL ? (int)strcspn(err, "\n") : 13,
		    err != NULL ? err : "out of memory");
		PQfreemem(err);
		return -1;
	}
	for (o = opts; o->keyword != NULL; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val != NULL &&
		    *o->val != '\0')
			rc = fa_errf(e, "the PostgreSQL connection string "
			    "holds a password: give it in PGPASSWORD or "
			    "~/.pgpass instead");
	PQconninfoFree(opts);
	return rc;
}

int
hubdb_open_pg(const char *conninfo, struct hubdb **out, struct fa_err *e)
{
	PQconninfoOption *opts;
	struct hubdb	*db;
	PGresult	*res;

	*out = NULL;
	if (hubdb_pg_check(conninfo, e) != 1) {
		if (e != NULL && e->msg[0] == '\0')
			fa_errf(e, "'%s' is not a PostgreSQL connection string",
			    conninfo);
		return -1;
	}
	opts = PQconninfoParse(conninfo, NULL);
	db = fa_calloc(1, sizeof(*db));
	db->kind = HUBDB_PG;
	db->name = pg_display(opts);
	PQconninfoFree(opts);
	db->pg = PQconnectdb(conninfo);
	if (db->pg == NULL || PQstatus(db->pg) != CONNECTION_OK) {
		const char *m = db->pg != NULL ? PQerrorMessage(db->pg) :
		    "out of memory";

		/* libpq's message may run over lines; the last says why. */
		fa_errf(e, "cannot connect to hub store '%s': %.*s", db->name,
		    (int)strcspn(m, "\n"), m);
		hubdb_close(db);
		return -1;
	}
	/* Quiet: NOTICEs (e.g. "already exists, skipping") are not ours. */
	res = PQexec(db->pg, "SET client_min_messages = warning");
	PQclear(res);
	*out = db;
	return 0;
}

void
hubdb_close(struct hubdb *db)
{
	size_t	i;

	if (db == NULL)
		return;
	if (db->lite != NULL)
		sqlite3_close(db->lite);
	if (db->pg != NULL)
		PQfinish(db->pg);
	for (i = 0; i < db->nprep; i++) {
		free(db->prep[i]->sql);
		free(db->prep[i]);
	}
	free(db->prep);
	free(db->name);
	free(db);
}

enum hubdb_kind
hubdb_kind(const struct hubdb *db)
{
	return db->kind;
}

const char *
hubdb_name(const struct hubdb *db)
{
	return db->name;
}

struct sqlite3 *
hubdb_sqlite(struct hubdb *db)
{
	return db->lite;
}

/* ---- statements without parameters ---- */

static int
pg_exec(struct hubdb *db, const char *sql, struct fa_err *e)
{
	PGresult	*res = PQexec(db->pg, sql);
	int		 rc = 0;

	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = pg_fail(db, res, e);
	PQclear(res);
	return rc;
}

int
hubdb_exec(struct hubdb *db, const char *sql, struct fa_err *e)
{
	char	*msg = NULL;
	int	 rc = 0;

	if (db->kind == HUBDB_PG)
		return pg_exec(db, sql, e) == 0 ? 0 : -1;
	if (sqlite3_exec(db->lite, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (msg != NULL && sqlite3_errcode(db->lite) != SQLITE_FULL)
			fa_errf(e, "hub store '%s': %s", db->name, msg);
		else
			lite_fail(db, e);
		rc = -1;
	}
	sqlite3_free(msg);
	return rc;
}

/* Replaces every from in b with to. */
static void
replace(struct fa_buf *b, const char *from, const char *to)
{
	struct fa_buf	 o = FA_BUF_INIT;
	const char	*p = b->s, *q;
	size_t		 n = strlen(from);

	while ((q = strstr(p, from)) != NULL) {
		fa_buf_add(&o, p, (size_t)(q - p));
		fa_buf_puts(&o, to);
		p = q + n;
	}
	fa_buf_puts(&o, p);
	fa_buf_release(b);
	*b = o;
}

int
hubdb_schema(struct hubdb *db, const char *sql, struct fa_err *e)
{
	struct fa_buf	b = FA_BUF_INIT;
	int		rc;

	if (db->kind == HUBDB_SQLITE)
		return hubdb_exec(db, sql, e);
	fa_buf_puts(&b, sql);
	replace(&b, " INTEGER PRIMARY KEY,", " BIGINT GENERATED BY DEFAULT"
	    " AS IDENTITY PRIMARY KEY,");
	replace(&b, " INTEGER", " BIGINT");
	replace(&b, " BLOB", " BYTEA");
	replace(&b, ") WITHOUT ROWID;", ");");
	rc = hubdb_exec(db, b.s, e);
	fa_buf_release(&b);
	return rc;
}

/* ---- transactions ---- */

int
hubdb_begin(struct hubdb *db, struct fa_err *e)
{
	return hubdb_exec(db, db->kind == HUBDB_SQLITE ? "BEGIN IMMEDIATE" :
	    "BEGIN", e);
}

int
hubdb_begin_read(struct hubdb *db, struct fa_err *e)
{
	return hubdb_exec(db, db->kind == HUBDB_SQLITE ? "BEGIN" :
	    "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", e);
}

int
hubdb_commit(struct hubdb *db, struct fa_err *e)
{
	return hubdb_exec(db, "COMMIT", e);
}

int
hubdb_in_tx(const struct hubdb *db)
{
	if (db->kind == HUBDB_SQLITE)
		return !sqlite3_get_autocommit(db->lite);
	return PQtransactionStatus(db->pg) != PQTRANS_IDLE;
}

void
hubdb_rollback(struct hubdb *db)
{
	PGresult	*res;

	if (!hubdb_in_tx(db))
		return;
	if (db->kind == HUBDB_SQLITE)
		sqlite3_exec(db->lite, "ROLLBACK", NULL, NULL, NULL);
	else {
		res = PQexec(db->pg, "ROLLBACK");
		PQclear(res);
	}
}

static int	copy_end(struct hubdb *, const char *, struct fa_err *);

/* ---- prepared statements ---- */

/* sql with ?N turned into $N (outside quotes); *nparams the highest N. */
static char *
pg_sql(const char *sql, int *nparams)
{
	struct fa_buf	 b = FA_BUF_INIT;
	const char	*p;
	char		 quote = 0;
	int		 n;

	*nparams = 0;
	for (p = sql; *p != '\0'; p++) {
		if (quote != 0) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"')
			quote = *p;
		else if (*p == '?' && p[1] >= '1' && p[1] <= '9') {
			n = (int)strtol(p + 1, NULL, 10);
			if (n > *nparams)
				*nparams = n;
			fa_buf_add(&b, "$", 1);
			continue;
		}
		fa_buf_add(&b, p, 1);
	}
	return fa_buf_steal(&b);
}

static int
pg_prepare(struct hubdb *db, const char *sql, const struct prepared **out,
    struct fa_err *e)
{
	struct prepared	*p;
	PGresult	*res;
	char		*text;
	size_t		 i;
	int		 n, rc;

	for (i = 0; i < db->nprep; i++)
		if (strcmp(db->prep[i]->sql, sql) == 0) {
			*out = db->prep[i];
			return 0;
		}
	text = pg_sql(sql, &n);
	if (n > HUBDB_PARAMS) {
		free(text);
		return fa_errf(e, "hub store '%s': %d parameters (at most %d)",
		    db->name, n, HUBDB_PARAMS);
	}
	p = fa_calloc(1, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "s%zu", db->nprep + 1);
	p->nparams = n;
	res = PQprepare(db->pg, p->name, text, n, NULL);
	free(text);
	rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 :
	    pg_fail(db, res, e);
	PQclear(res);
	if (rc != 0) {
		free(p);
		return -1;
	}
	p->sql = fa_strdup(sql);
	db->prep = fa_reallocarray(db->prep, db->nprep + 1,
	    sizeof(*db->prep));
	db->prep[db->nprep++] = p;
	*out = p;
	return 0;
}

int
hubdb_prepare(struct hubdb *db, const char *sql, struct hubdb_st **out,
    struct fa_err *e)
{
	struct hubdb_st	*st;
	size_t		 n;

	*out = NULL;
	st = fa_calloc(1, sizeof(*st));
	st->db = db;
	if (db->kind == HUBDB_SQLITE) {
		if (sqlite3_prepare_v2(db->lite, sql, -1, &st->lite, NULL) !=
		    SQLITE_OK) {
			lite_fail(db, e);
			free(st);
			return -1;
		}
	} else if (pg_prepare(db, sql, &st->p, e) != 0) {
		free(st);
		return -1;
	} else {
		n = st->p->nparams > 0 ? (size_t)st->p->nparams : 1;
		st->val = fa_calloc(n, sizeof(*st->val));
		st->len = fa_calloc(n, sizeof(*st->len));
		st->fmt = fa_calloc(n, sizeof(*st->fmt));
		st->num = fa_calloc(n, sizeof(*st->num));
	}
	*out = st;
	return 0;
}

static void
pg_param(struct hubdb_st *st, int i, const char *v, int len, int fmt)
{
	if (i < 1 || i > st->p->nparams)
		fa_bug("hubdb: parameter %d of %d", i, st->p->nparams);
	st->val[i - 1] = v;
	st->len[i - 1] = len;
	st->fmt[i - 1] = fmt;
}

void
hubdb_bind_int(struct hubdb_st *st, int i, int64_t v)
{
	if (st->lite != NULL) {
		sqlite3_bind_int64(st->lite, i, v);
		return;
	}
	if (i < 1 || i > st->p->nparams)
		fa_bug("hubdb: parameter %d of %d", i, st->p->nparams);
	snprintf(st->num[i - 1], sizeof(st->num[0]), "%lld", (long long)v);
	pg_param(st, i, st->num[i - 1], 0, 0);
}

void
hubdb_bind_text(struct hubdb_st *st, int i, const char *v)
{
	if (st->lite != NULL) {
		if (v == NULL)
			sqlite3_bind_null(st->lite, i);
		else
			sqlite3_bind_text(st->lite, i, v, -1, SQLITE_STATIC);
		return;
	}
	pg_param(st, i, v, 0, 0);
}

void
hubdb_bind_blob(struct hubdb_st *st, int i, const void *v, size_t len)
{
	if (st->lite != NULL) {
		sqlite3_bind_blob(st->lite, i, len > 0 ? v : "", (int)len,
		    SQLITE_STATIC);
		return;
	}
	pg_param(st, i, len > 0 ? v : "", (int)len, 1);
}

void
hubdb_bind_null(struct hubdb_st *st, int i)
{
	if (st->lite != NULL)
		sqlite3_bind_null(st->lite, i);
	else
		pg_param(st, i, NULL, 0, 0);
}

static void
pg_clear(struct hubdb_st *st)
{
	PGresult	*res;

	PQclear(st->res);
	st->res = NULL;
	if (st->stream && st->ran && !st->done) {
		/* Drain what single-row mode has not given yet. */
		(void)PQrequestCancel(st->db->pg);
		while ((res = PQgetResult(st->db->pg)) != NULL)
			PQclear(res);
	}
	if (st->stream && st->ran)
		st->db->busy = 0;
	if (st->blob != NULL)
		PQfreemem(st->blob);
	st->blob = NULL;
	st->ran = st->done = 0;
	st->row = st->nrows = 0;
}

/* Single-row mode: the next row into st->res. */
static int
pg_stream_step(struct hubdb_st *st, struct fa_err *e)
{
	struct hubdb	*db = st->db;
	PGresult	*res;
	int		 rc;

	PQclear(st->res);
	st->res = NULL;
	if (st->done)
		return 0;
	res = PQgetResult(db->pg);
	if (res == NULL) {
		st->done = 1;
		db->busy = 0;
		return 0;
	}
	switch (PQresultStatus(res)) {
	case PGRES_SINGLE_TUPLE:
		st->res = res;
		st->row = 0;
		st->nrows = 1;
		return 1;
	case PGRES_TUPLES_OK:
	case PGRES_COMMAND_OK:
		PQclear(res);
		while ((res = PQgetResult(db->pg)) != NULL)
			PQclear(res);
		st->done = 1;
		db->busy = 0;
		return 0;
	default:
		rc = pg_fail(db, res, e);
		PQclear(res);
		while ((res = PQgetResult(db->pg)) != NULL)
			PQclear(res);
		st->done = 1;
		db->busy = 0;
		return rc;
	}
}

static int
pg_step(struct hubdb_st *st, struct fa_err *e)
{
	struct hubdb	*db = st->db;
	ExecStatusType	 s;
	int		 rc;

	if (st->blob != NULL) {
		PQfreemem(st->blob);
		st->blob = NULL;
	}
	if (st->ran) {
		if (st->stream)
			return pg_stream_step(st, e);
		return ++st->row < st->nrows ? 1 : 0;
	}
	if (db->busy)
		fa_bug("hubdb: a statement while a streaming one runs");
	st->ran = 1;
	if (st->stream) {
		if (!PQsendQueryPrepared(db->pg, st->p->name, st->p->nparams,
		    st->val, st->len, st->fmt, 0) ||
		    !PQsetSingleRowMode(db->pg)) {
			st->done = 1;
			return pg_fail(db, NULL, e);
		}
		db->busy = 1;
		return pg_stream_step(st, e);
	}
	st->res = PQexecPrepared(db->pg, st->p->name, st->p->nparams,
	    st->val, st->len, st->fmt, 0);
	s = PQresultStatus(st->res);
	if (s == PGRES_TUPLES_OK) {
		st->nrows = PQntuples(st->res);
		st->row = 0;
		st->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
		return st->nrows > 0 ? 1 : 0;
	}
	if (s == PGRES_COMMAND_OK) {
		st->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
		return 0;
	}
	rc = pg_fail(db, st->res, e);
	return rc;
}

int
hubdb_step(struct hubdb_st *st, struct fa_err *e)
{
	int	rc;

	if (st->lite == NULL)
		return pg_step(st, e);
	rc = sqlite3_step(st->lite);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE) {
		st->changes = sqlite3_changes(st->db->lite);
		return 0;
	}
	rc = lite_fail(st->db, e);
	sqlite3_reset(st->lite);
	return rc;
}

void
hubdb_stream(struct hubdb_st *st)
{
	st->stream = 1;
}

int
hubdb_col_null(struct hubdb_st *st, int i)
{
	if (st->lite != NULL)
		return sqlite3_column_type(st->lite, i) == SQLITE_NULL;
	return st->res == NULL || PQgetisnull(st->res, st->row, i);
}

int64_t
hubdb_col_int(struct hubdb_st *st, int i)
{
	if (st->lite != NULL)
		return sqlite3_column_int64(st->lite, i);
	if (hubdb_col_null(st, i))
		return 0;
	return strtoll(PQgetvalue(st->res, st->row, i), NULL, 10);
}

double
hubdb_col_double(struct hubdb_st *st, int i)
{
	if (st->lite != NULL)
		return sqlite3_column_double(st->lite, i);
	if (hubdb_col_null(st, i))
		return 0;
	return strtod(PQgetvalue(st->res, st->row, i), NULL);
}

const char *
hubdb_col_text(struct hubdb_st *st, int i)
{
	if (st->lite != NULL)
		return (const char *)sqlite3_column_text(st->lite, i);
	if (hubdb_col_null(st, i))
		return NULL;
	return PQgetvalue(st->res, st->row, i);
}

char *
hubdb_col_strdup(struct hubdb_st *st, int i)
{
	return fa_strdup(hubdb_col_text(st, i));
}

const void *
hubdb_col_blob(struct hubdb_st *st, int i, size_t *len)
{
	size_t	n = 0;

	*len = 0;
	if (st->lite != NULL) {
		*len = (size_t)sqlite3_column_bytes(st->lite, i);
		return sqlite3_column_blob(st->lite, i);
	}
	if (hubdb_col_null(st, i))
		return NULL;
	if (PQftype(st->res, i) != BYTEA_OID) {
		*len = (size_t)PQgetlength(st->res, st->row, i);
		return PQgetvalue(st->res, st->row, i);
	}
	if (st->blob != NULL)
		PQfreemem(st->blob);
	st->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(st->res,
	    st->row, i), &n);
	*len = n;
	return st->blob;
}

int64_t
hubdb_changes(struct hubdb_st *st)
{
	return st->changes;
}

void
hubdb_reset(struct hubdb_st *st)
{
	if (st->lite != NULL) {
		sqlite3_reset(st->lite);
		sqlite3_clear_bindings(st->lite);
		return;
	}
	pg_clear(st);
	if (st->p != NULL && st->p->nparams > 0) {
		memset(st->val, 0, (size_t)st->p->nparams * sizeof(*st->val));
		memset(st->len, 0, (size_t)st->p->nparams * sizeof(*st->len));
		memset(st->fmt, 0, (size_t)st->p->nparams * sizeof(*st->fmt));
	}
}

void
hubdb_finalize(struct hubdb_st *st)
{
	if (st == NULL)
		return;
	if (st->lite != NULL)
		sqlite3_finalize(st->lite);
	else
		pg_clear(st);
	free(st->val);
	free(st->len);
	free(st->fmt);
	free(st->num);
	free(st);
}

int
hubdb_end(struct hubdb *db, int ret, struct fa_err *e)
{
	if (ret == 0 && hubdb_commit(db, e) != 0)
		ret = -1;
	if (ret != 0)
		hubdb_rollback(db);
	return ret;
}

int
hubdb_run(struct hubdb *db, const char *sql, const char *s1, int64_t i,
    int64_t *changed, struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc;

	if (hubdb_prepare(db, sql, &st, e) != 0)
		return -1;
	if (s1 == NULL)
		hubdb_bind_int(st, 1, i);
	else {
		hubdb_bind_text(st, 1, s1);
		if (strstr(sql, "?2") != NULL)
			hubdb_bind_int(st, 2, i);
	}
	rc = hubdb_step(st, e);
	if (rc >= 0 && changed != NULL)
		*changed = hubdb_changes(st);
	hubdb_finalize(st);
	return rc >= 0 ? 0 : -1;
}

int
hubdb_int(struct hubdb *db, const char *sql, const char *s1, int64_t i2,
    int64_t *v, struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc, n;

	*v = -1;
	if (hubdb_prepare(db, sql, &st, e) != 0)
		return -1;
	n = st->lite != NULL ? sqlite3_bind_parameter_count(st->lite) :
	    st->p->nparams;
	if (s1 != NULL && n >= 1)
		hubdb_bind_text(st, 1, s1);
	if (n >= 2)
		hubdb_bind_int(st, 2, i2);
	rc = hubdb_step(st, e);
	if (rc == 1) {
		if (!hubdb_col_null(st, 0))
			*v = hubdb_col_int(st, 0);
		rc = 0;
	}
	hubdb_finalize(st);
	return rc == 0 ? 0 : -1;
}

/* ---- batches ---- */

int
hubdb_batch_begin(struct hubdb *db, struct fa_err *e)
{
	if (db->batch || db->busy)
		fa_bug("hubdb: a batch within a batch or a stream");
	if (db->kind == HUBDB_PG && PQenterPipelineMode(db->pg) != 1)
		return pg_fail(db, NULL, e);
	db->batch = 1;
	db->npend = 0;
	return 0;
}

/* Reads the answers of what was sent, up to a sync point; the first
 * error is told. */
static int
drain(struct hubdb *db, struct fa_err *e)
{
	PGresult	*res;
	size_t		 i;
	int		 rc = 0;

	if (PQpipelineSync(db->pg) != 1)
		return pg_fail(db, NULL, e);
	for (i = 0; i < db->npend; i++) {
		if ((res = PQgetResult(db->pg)) == NULL) {
			rc = rc ? rc : pg_fail(db, NULL, e);
			break;
		}
		switch (PQresultStatus(res)) {
		case PGRES_COMMAND_OK:
		case PGRES_TUPLES_OK:
			if (db->pend[i] != NULL &&
			    strtoll(PQcmdTuples(res), NULL, 10) == 0)
				++*db->pend[i];
			break;
		case PGRES_PIPELINE_ABORTED:
			break;
		default:
			if (rc == 0)
				rc = pg_fail(db, res, e);
			break;
		}
		PQclear(res);
		/* Each statement's answers end with a NULL. */
		while ((res = PQgetResult(db->pg)) != NULL)
			PQclear(res);
	}
	/* Then the sync point's. */
	while ((res = PQgetResult(db->pg)) != NULL) {
		ExecStatusType s = PQresultStatus(res);

		PQclear(res);
		if (s == PGRES_PIPELINE_SYNC)
			break;
	}
	db->npend = 0;
	return rc;
}

int
hubdb_send(struct hubdb_st *st, int64_t *unchanged, struct fa_err *e)
{
	struct hubdb	*db = st->db;
	int		 rc;

	if (db->copy)
		fa_bug("hubdb: a statement while a COPY runs");
	if (!db->batch || db->kind == HUBDB_SQLITE) {
		rc = hubdb_step(st, e);
		if (rc == 0 && unchanged != NULL && hubdb_changes(st) == 0)
			++*unchanged;
		hubdb_reset(st);
		return rc == 0 ? 0 : -1;
	}
	rc = PQsendQueryPrepared(db->pg, st->p->name, st->p->nparams,
	    st->val, st->len, st->fmt, 0) == 1 ? 0 : pg_fail(db, NULL, e);
	hubdb_reset(st);
	if (rc != 0)
		return -1;
	db->pend[db->npend++] = unchanged;
	if (db->npend == HUBDB_BATCH)
		return drain(db, e) == 0 ? 0 : -1;
	return 0;
}

int
hubdb_batch_end(struct hubdb *db, struct fa_err *e)
{
	int	rc = 0;

	if (db->copy) {
		/* an import that stopped half way: what it sent is refused */
		(void)copy_end(db, "the import stopped", NULL);
		rc = fa_errf(e, "hub store '%s': a COPY not ended", db->name);
	}
	if (!db->batch)
		return rc;
	db->batch = 0;
	if (db->kind == HUBDB_SQLITE)
		return 0;
	if ((db->npend > 0 || PQpipelineStatus(db->pg) ==
	    PQ_PIPELINE_ABORTED) && drain(db, e) != 0)
		rc = -1;
	if (PQexitPipelineMode(db->pg) != 1 && rc == 0)
		rc = pg_fail(db, NULL, e);
	return rc == 0 ? 0 : -1;
}

/* ---- COPY (binary) ---- */

static void
put_be(struct fa_buf *b, uint64_t v, int bytes)
{
	unsigned char	c[8];
	int		i;

	for (i = bytes - 1; i >= 0; i--) {
		c[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
	fa_buf_add(b, c, (size_t)bytes);
}

void
hubdb_copy_row(struct fa_buf *b, int nfields)
{
	put_be(b, (uint64_t)nfields, 2);
}

void
hubdb_copy_int(struct fa_buf *b, int width, int64_t v)
{
	put_be(b, (uint64_t)width, 4);
	put_be(b, (uint64_t)v, width);
}

void
hubdb_copy_null(struct fa_buf *b)
{
	put_be(b, 0xffffffffU, 4);
}

void
hubdb_copy_int_array(struct fa_buf *b, int width, const int64_t *v,
    const unsigned char *null, size_t n)
{
	size_t	i, len = 20;
	int	nulls = 0;

	for (i = 0; i < n; i++) {
		len += 4 + (null[i] ? 0 : (size_t)width);
		nulls |= null[i];
	}
	/* array_recv(): dimensions, has nulls, element type (int8 20,
	 * int4 23), each dimension's length and lower bound, then each
	 * element as a field */
	put_be(b, (uint64_t)len, 4);
	put_be(b, 1, 4);
	put_be(b, nulls ? 1 : 0, 4);
	put_be(b, width == 8 ? 20 : 23, 4);
	put_be(b, (uint64_t)n, 4);
	put_be(b, 1, 4);
	for (i = 0; i < n; i++)
		if (null[i])
			hubdb_copy_null(b);
		else
			hubdb_copy_int(b, width, v[i]);
}

/* Ends the COPY; abort (a message) refuses what it sent. */
static int
copy_end(struct hubdb *db, const char *abort, struct fa_err *e)
{
	static const char	tail[2] = "\377\377";
	PGresult		*res;
	int			 rc = 0;

	if (!db->copy)
		return 0;
	db->copy = 0;
	if ((abort == NULL && PQputCopyData(db->pg, tail,
	    (int)sizeof(tail)) != 1) || PQputCopyEnd(db->pg, abort) != 1)
		rc = pg_fail(db, NULL, e);
	/* The COPY's answer (an error, if any), then its end. */
	while ((res = PQgetResult(db->pg)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == 0 &&
		    abort == NULL)
			rc = pg_fail(db, res, e);
		PQclear(res);
	}
	if (db->batch && PQenterPipelineMode(db->pg) != 1) {
		db->batch = 0;
		if (rc == 0)
			rc = pg_fail(db, NULL, e);
	}
	return rc == 0 ? 0 : -1;
}

int
hubdb_copy_begin(struct hubdb *db, const char *sql, struct fa_err *e)
{
	/* signature, flags, no header extension */
	static const char	head[19] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
	PGresult		*res;
	int			 rc = 0;

	if (db->kind != HUBDB_PG || db->copy || db->busy)
		fa_bug("hubdb: a COPY on SQLite, within a COPY or a stream");
	if (db->batch) {
		if ((db->npend > 0 || PQpipelineStatus(db->pg) ==
		    PQ_PIPELINE_ABORTED) && drain(db, e) != 0)
			rc = -1;
		if (PQexitPipelineMode(db->pg) != 1 && rc == 0)
			rc = pg_fail(db, NULL, e);
		if (rc != 0) {
			db->batch = 0;
			return -1;
		}
	}
	res = PQexec(db->pg, sql);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		rc = pg_fail(db, res, e);
		PQclear(res);
		db->batch = 0;
		return -1;
	}
	PQclear(res);
	db->copy = 1;
	if (PQputCopyData(db->pg, head, (int)sizeof(head)) != 1) {
		pg_fail(db, NULL, e);
		(void)copy_end(db, "the COPY failed", NULL);
		db->batch = 0;
		return -1;
	}
	return 0;
}

int
hubdb_copy_put(struct hubdb *db, struct fa_buf *rows, struct fa_err *e)
{
	int	rc = 0;

	if (!db->copy)
		fa_bug("hubdb: COPY data outside a COPY");
	if (rows->len > 0 && PQputCopyData(db->pg, rows->s,
	    (int)rows->len) != 1)
		rc = pg_fail(db, NULL, e);
	rows->len = 0;
	return rc == 0 ? 0 : -1;
}

int
hubdb_copy_end(struct hubdb *db, struct fa_err *e)
{
	return copy_end(db, NULL, e);
}
