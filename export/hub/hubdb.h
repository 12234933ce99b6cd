/*
 * hubdb.h: the hub store's SQL connection, on SQLite (a file) or on
 * PostgreSQL (libpq), behind one small interface so that the hub's
 * schema, migrations, import and queries are written once
 * (export/hub/hubstore.c and its neighbours).
 *
 * SQL given to hubdb_prepare() is in the subset both engines read, with
 * numbered parameters ?1 .. ?N (rewritten $1 .. $N for PostgreSQL); where
 * the engines differ (JSON functions, row locks) the caller asks
 * hubdb_kind().  Schema text given to hubdb_schema() is written for
 * SQLite and translated for PostgreSQL: "INTEGER PRIMARY KEY" becomes an
 * identity column, INTEGER BIGINT, BLOB BYTEA, "WITHOUT ROWID" goes.
 *
 * Values are 64-bit integers, NUL-terminated text, blobs, or NULL.  A
 * statement's text and blob results stay valid until its next step,
 * reset or finalize.  Not thread-safe: one struct hubdb per thread.
 */
#ifndef FA_HUBDB_H
#define FA_HUBDB_H

#include <stddef.h>
#include <stdint.h>

#include "../../cli/util.h"

enum hubdb_kind { HUBDB_SQLITE, HUBDB_PG };

#define HUBDB_UNIQUE	(-2)	/* hubdb_step(): a unique constraint */

struct hubdb;
struct hubdb_st;

/* Opens the SQLite file path, which exists (an empty file is a fresh
 * store); WAL, foreign keys, a busy timeout. */
int	hubdb_open_sqlite(const char *path, struct hubdb **, struct fa_err *)
	    FA_WUR;
/* Connects to PostgreSQL with a libpq connection string (URI or
 * key=value); one that holds a password is refused (PGPASSWORD or
 * ~/.pgpass hold it).  Messages name the database without secrets. */
int	hubdb_open_pg(const char *conninfo, struct hubdb **, struct fa_err *)
	    FA_WUR;
void	hubdb_close(struct hubdb *);	/* NULL is a no-op */

/* Whether conninfo is a PostgreSQL connection string (postgresql://,
 * postgres:// or key=value), and if so whether it is well formed and
 * holds no password: 1 a good one, 0 not one, -1 (e filled) bad. */
int	hubdb_pg_check(const char *conninfo, struct fa_err *) FA_WUR;

enum hubdb_kind	 hubdb_kind(const struct hubdb *);
/* The store's name for messages: the file, or "postgresql://host/db". */
const char	*hubdb_name(const struct hubdb *);
/* The SQLite connection (NULL on PostgreSQL). */
struct sqlite3	*hubdb_sqlite(struct hubdb *);

/* Runs sql (one or more statements, no parameters, no rows). */
int	hubdb_exec(struct hubdb *, const char *sql, struct fa_err *) FA_WUR;
/* Runs schema text written for SQLite (translated for PostgreSQL). */
int	hubdb_schema(struct hubdb *, const char *sql, struct fa_err *) FA_WUR;

/* A write transaction (SQLite: BEGIN IMMEDIATE, the write lock first);
 * a read one (one snapshot for every query until commit or rollback). */
int	hubdb_begin(struct hubdb *, struct fa_err *) FA_WUR;
int	hubdb_begin_read(struct hubdb *, struct fa_err *) FA_WUR;
int	hubdb_commit(struct hubdb *, struct fa_err *) FA_WUR;
void	hubdb_rollback(struct hubdb *);	/* no-op outside a transaction */
int	hubdb_in_tx(const struct hubdb *);
/* Ends a write transaction after its work, whose result is ret: commits
 * when ret is 0 (a failed commit: -1, e filled), else rolls back; returns
 * that result.  The one ending of "ret = 0; out: return hubdb_end(...)". */
int	hubdb_end(struct hubdb *, int ret, struct fa_err *) FA_WUR;

int	hubdb_prepare(struct hubdb *, const char *sql, struct hubdb_st **,
	    struct fa_err *) FA_WUR;
/* Parameters count from 1; text and blobs are borrowed until the next
 * step; text NULL binds NULL. */
void	hubdb_bind_int(struct hubdb_st *, int, int64_t);
void	hubdb_bind_text(struct hubdb_st *, int, const char *);
void	hubdb_bind_blob(struct hubdb_st *, int, const void *, size_t);
void	hubdb_bind_null(struct hubdb_st *, int);
/* 1 a row, 0 done, -1 error (e filled), HUBDB_UNIQUE when a unique
 * constraint refused the statement (e filled too). */
int	hubdb_step(struct hubdb_st *, struct fa_err *) FA_WUR;
int	hubdb_col_null(struct hubdb_st *, int);
int64_t	hubdb_col_int(struct hubdb_st *, int);	/* NULL: 0 */
double	hubdb_col_double(struct hubdb_st *, int);
const char *hubdb_col_text(struct hubdb_st *, int);	/* NULL: NULL */
char	*hubdb_col_strdup(struct hubdb_st *, int);	/* NULL: NULL */
const void *hubdb_col_blob(struct hubdb_st *, int, size_t *len);
/* Rows fetched one at a time rather than all at once (PostgreSQL's
 * single-row mode), for big reads; until the statement is done, reset
 * or finalized, no other statement may run on the connection. */
void	hubdb_stream(struct hubdb_st *);
/* Rows the statement's last run changed. */
int64_t	hubdb_changes(struct hubdb_st *);
/* Ready to run again (bindings cleared). */
void	hubdb_reset(struct hubdb_st *);
void	hubdb_finalize(struct hubdb_st *);	/* NULL is a no-op */

/*
 * Batches, for writes by the thousand (an import's records): between
 * hubdb_batch_begin() and hubdb_batch_end(), hubdb_send() runs statements
 * that return no rows without waiting for each answer (PostgreSQL's
 * pipeline mode, answers read every HUBDB_BATCH statements; SQLite runs
 * each at once), and nothing else may run on the connection.  An error
 * may be told only by a later hubdb_send() or by hubdb_batch_end(), and
 * leaves the transaction to be rolled back.  *unchanged (may be NULL) is
 * incremented for each statement that changed no row.  hubdb_send()
 * resets the statement.
 */
#define HUBDB_BATCH	256
int	hubdb_batch_begin(struct hubdb *, struct fa_err *) FA_WUR;
int	hubdb_send(struct hubdb_st *, int64_t *unchanged, struct fa_err *)
	    FA_WUR;
int	hubdb_batch_end(struct hubdb *, struct fa_err *) FA_WUR;

/*
 * COPY, on PostgreSQL only, for rows by the hundred thousand: between
 * hubdb_copy_begin(), given "COPY table (columns) FROM STDIN (FORMAT
 * binary)", and hubdb_copy_end(), hubdb_copy_put() streams rows the
 * caller encoded in COPY's binary format (hubdb_copy_row() with the
 * number of fields, then each: hubdb_copy_int() of the column's width,
 * 4 or 8 bytes, or hubdb_copy_null()).  The server reads each value as
 * it is, no text to parse, no statement per row, while the caller makes
 * the next rows.  Nothing else may run on the connection meanwhile.
 * Within a batch, what was sent before is read first (a COPY does not go
 * in a pipeline) and the batch goes on after hubdb_copy_end().  An error
 * (maybe told only by hubdb_copy_end()) leaves the transaction to be
 * rolled back; hubdb_batch_end() ends a COPY still open.
 */
int	hubdb_copy_begin(struct hubdb *, const char *sql, struct fa_err *)
	    FA_WUR;
/* Sends rows and empties it. */
int	hubdb_copy_put(struct hubdb *, struct fa_buf *rows, struct fa_err *)
	    FA_WUR;
int	hubdb_copy_end(struct hubdb *, struct fa_err *) FA_WUR;
void	hubdb_copy_row(struct fa_buf *, int nfields);
void	hubdb_copy_int(struct fa_buf *, int width, int64_t v);
void	hubdb_copy_null(struct fa_buf *);
/* A field that is a one-dimensional array of n integers of width (4 or
 * 8) bytes from 1, v[i] NULL where null[i]. */
void	hubdb_copy_int_array(struct fa_buf *, int width, const int64_t *v,
	    const unsigned char *null, size_t n);

/* Runs sql, which returns no rows, with its parameters: text ?1 and
 * integer ?2 (when it has a ?2) when s1 is given, else integer ?1
 * (PostgreSQL wants every number up to the highest used); the rows it
 * changed into *changed (NULL: not wanted).  0, or -1 (e filled). */
int	hubdb_run(struct hubdb *, const char *sql, const char *s1, int64_t i,
	    int64_t *changed, struct fa_err *) FA_WUR;
/* One integer from sql with up to two parameters (text s1 as ?1 unless
 * NULL, integer i2 as ?2 when the statement has it): 0 (*v set, -1 when
 * no row or NULL), -1 error. */
int	hubdb_int(struct hubdb *, const char *sql, const char *s1,
	    int64_t i2, int64_t *v, struct fa_err *) FA_WUR;

#endif
