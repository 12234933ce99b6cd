/*
 * store_int.h: for the store's own modules only (store_*.c), which read
 * the same SQLite file for their purpose (what an export carries, what a
 * report shows) and keep their SQL beside their code.  Everything else
 * goes through store.h.  Such a module may include sqlite3.h; it runs its
 * statements on this connection, in the store's transactions rules
 * (docs/store.md), and never changes the schema: that is store_schema.c's
 * alone.
 */
#ifndef FA_STORE_INT_H
#define FA_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

/* The store's connection. */
sqlite3		*store_sqlite(struct store *);
/* The store file's path (for messages). */
const char	*store_path(const struct store *);

/*
 * ---- Between store.c and store_schema.c ----
 *
 * Messages: store_ctx() sets what the current call is doing (printf
 * style); a failure then reads "<that>: <SQLite's message>".
 */
void	store_ctx(struct store *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* SQLite's last message after the store_ctx() prefix into e; -1. */
int	store_fail(struct store *, struct fa_err *);
/* Runs sql (several statements may be given); 0, or -1 with e filled. */
int	store_exec(struct store *, const char *sql, struct fa_err *) FA_WUR;

/* Before anything is written: whether the open file is a fleetaudit
 * store (or a fresh file) with a schema this program knows. */
int	store_schema_check(struct store *, struct fa_err *) FA_WUR;
/* Brings the schema to STORE_SCHEMA_VERSION, one transaction a step. */
int	store_schema_migrate(struct store *, struct fa_err *) FA_WUR;
/* The fills of steps 2 and 3 (store.c): the supply instances and the
 * meter flags of the scans already stored, inside the step's transaction
 * with statements of their own (the store's are prepared after). */
int	store_inst_backfill(struct store *, struct fa_err *) FA_WUR;
int	store_flag_backfill(struct store *, struct fa_err *) FA_WUR;

#endif
