/*
 * hubrec.h: the hub's imported records in typed columns (schema 12).
 *
 * Each payload kind but devices has a table of its own, rec_KIND, whose
 * columns are the kind's keys (docs/bundle-format.md) with their types,
 * between the site's id and the bundle's: a record is a row of plain
 * integers and short text, not a JSON text of its keys and values
 * (about 300 bytes a record before, under 100 now).  The payload reader
 * takes exactly each kind's keys, so no record holds more than its
 * columns.
 *
 * The view "records" (site_id, kind, src_id, device_src, data,
 * bundle_id) gives every kind as the table of schemas 2 to 11 held it,
 * data rebuilt as JSON (json_object() on SQLite, json_build_object() on
 * PostgreSQL), so that readers which take a record whole read it as
 * before; the hot ones read the columns (hubstore_read.c).
 *
 * Schema 13 (the layout the program writes) keeps every text once, in
 * the table rec_text (id, t): a record's text columns hold ids (the
 * names, units, OIDs and descriptions of a fleet are a few thousand
 * texts repeated in millions of records), and, on PostgreSQL, integers
 * that are an SNMP Integer32 or a small code take 4 bytes.  The import
 * gives each text its id (rec_text's rows are written by a connection
 * of their own on PostgreSQL, committed at once, so that imports at the
 * same time never wait on each other's texts).
 *
 * Schema 12's columns are frozen here, apart from the payload's list
 * (export/payload.c): a later payload change is a later migration, and
 * hubrec_check() tells the import when the two differ.
 */
#ifndef FA_HUBREC_H
#define FA_HUBREC_H

#include <stdint.h>

#include "../../cli/util.h"

struct hubdb;

/* A kind's table: its payload kind (STORE_X_*), table name, the key
 * column ("id" or "row"), whether it has device_id, its columns
 * ("name:i" integer, "name:s" text; NULL-terminated). */
struct hubrec_table {
	int			 kind;
	const char		*table;
	const char		*key;
	int			 device;
	const char *const	*cols;
};

/* The table of payload kind, NULL for devices, seen or none. */
const struct hubrec_table *hubrec_table(int kind);
/* The table of every kind, in payload order; *n their count. */
const struct hubrec_table *hubrec_tables(size_t *n);

/* Schema 11 to 12, in the migration's transaction: the tables, every
 * record of "records" converted into its kind's, the old table dropped
 * and the view made.  On a fresh store it converts nothing. */
int	hubrec_migrate(struct hubdb *, struct fa_err *) FA_WUR;

/* Schema 12 to 13, in the migration's transaction: every text of the
 * records once in rec_text (id, t), each table made again with the
 * texts' ids in place of the texts and, on PostgreSQL, its small
 * integers in 4 bytes and its columns widest first (hubrec.c,
 * narrow_cols), every row copied, the view made again. */
int	hubrec_migrate13(struct hubdb *, struct fa_err *) FA_WUR;

/* 0 when the payload's columns are schema 12's, else -1 (e says so). */
int	hubrec_check(struct fa_err *) FA_WUR;

/* The upsert of rows records of t: for each, the site, the columns in
 * order, then the bundle (parameters 1 .. N, N = rows * (columns + 2));
 * caller frees.  No two rows may have the same key (PostgreSQL
 * refuses).  For the engine (hubdb_kind()): on SQLite each parameter is
 * a plain "?", numbered in order as ?N would be, since SQLite's parser
 * looks every ?N up in a list of the ones before it (a 64-row upsert of
 * 2,000 parameters took 5 ms to prepare, a plain "?" one 0.7 ms);
 * PostgreSQL's statements take ?N (hubdb.c turns them into $N). */
char	*hubrec_insert_sql(const struct hubrec_table *t, size_t rows,
	    int engine);

/* PostgreSQL: the COPY of records of t in binary (hubdb_copy()), the
 * fields as hubrec_insert_sql() binds them (the site, the columns, the
 * bundle); caller frees.  hubrec_pg_width(): the bytes of column c
 * ("name:t", or "site_id", "bundle_id") in schema 13, 8 or 4 (a small
 * integer, an id). */
char	*hubrec_copy_sql(const struct hubrec_table *t);
int	 hubrec_pg_width(const char *c);

/* Every kind's records from from, a table shaped as schema 11's
 * records (site_id, kind, src_id, device_src, data, bundle_id), into
 * the typed tables: the SQL for the engine; caller frees. */
char	*hubrec_fill_sql(int engine, const char *from);

/* The records of kinds (n of them, each with a device_id) of one device,
 * ?1 the site and ?2 the device: rows (kind, JSON text as the view
 * gives it), read through each table's device index; caller frees. */
char	*hubrec_device_sql(int engine, const int *kinds, size_t n);

/* hubrec_device_sql() with only some keys of each kind's JSON: keys[i]
 * those of kinds[i] (NULL-terminated; keys or keys[i] NULL: all), for a
 * reader that needs a few (each text is a lookup); caller frees. */
char	*hubrec_device_keys_sql(int engine, const int *kinds,
	    const char *const *const *keys, size_t n);

/* The view's SQL for the engine (hubdb_kind()); caller frees. */
char	*hubrec_view_sql(int engine);

/* Schema 13: the statement that removes from rec_text every text no
 * record's column holds any more (after an account's records are
 * deleted: hubaccount_delete()); caller frees. */
char	*hubrec_text_gc_sql(void);

/* On PostgreSQL a text's id outlives the statement that took it (the
 * import's texts are committed at once, by a connection of their own):
 * an import holds HUBREC_TEXT_SHARED for its transaction, and the text
 * clean-up HUBREC_TEXT_ALONE, so that no text is removed between the
 * moment an import takes its id and the import's commit. */
#define HUBREC_TEXT_SHARED "SELECT pg_advisory_xact_lock_shared(1178683459)"
#define HUBREC_TEXT_ALONE "SELECT pg_advisory_xact_lock(1178683459)"

#endif
