/*
 * hubtext.h: the texts of the hub's records by id (schema 13, the table
 * rec_text, hubrec.h), as the import gives them.
 *
 * A record's text columns hold the id of the text in rec_text.  The
 * import asks for the ids of a batch of records' texts at once: those it
 * knew already come from its cache, the others are read from rec_text
 * and, when new, inserted there, in one round of statements per batch.
 * On PostgreSQL that connection is one of its own, outside the import's
 * transaction, each insert committed at once and in the texts' order:
 * imports at the same time never wait on each other's uncommitted
 * texts, nor take them in opposite orders; a text whose import fails
 * stays in rec_text, unused.  On SQLite, whose writers take turns, it
 * is the import's own connection, and a rollback forgets the cache
 * (hubtext_forget()).
 */
#ifndef FA_HUBTEXT_H
#define FA_HUBTEXT_H

#include <stdint.h>

#include "../../cli/util.h"

struct hubdb;
struct hubtext;

/* A cache writing rec_text through db (not owned: closed by the caller
 * after hubtext_free()). */
struct hubtext	*hubtext_new(struct hubdb *db);
void		 hubtext_free(struct hubtext *);	/* NULL is a no-op */

/* s wanted: its id known at the next hubtext_resolve(). */
void	hubtext_want(struct hubtext *, const char *s);
/* Every wanted text given its id (read, else inserted). */
int	hubtext_resolve(struct hubtext *, struct fa_err *) FA_WUR;
/* The id of s, wanted and resolved before; -1 when it is not. */
int64_t	hubtext_id(struct hubtext *, const char *s);
/* Forgets every id (the texts of a transaction rolled back). */
void	hubtext_forget(struct hubtext *);

#endif
