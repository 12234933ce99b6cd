/*
 * store_int.h: for the store's own modules only (store_*.c), which read
 * the same SQLite file for their purpose (what an export carries, what a
 * report shows) and keep their SQL beside their code.  Everything else
 * goes through store.h.  Such a module may include sqlite3.h; it runs its
 * statements on this connection, in the store's transactions rules
 * (docs/store.md), and never changes the schema: migrations stay in
 * store.c.
 */
#ifndef FA_STORE_INT_H
#define FA_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

/* The store's connection. */
sqlite3		*store_sqlite(struct store *);
/* The store file's path (for messages). */
const char	*store_path(const struct store *);

#endif
