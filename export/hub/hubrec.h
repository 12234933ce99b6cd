/*
 * hubrec.h: the hub's imported records in typed columns (schemas 12-15).
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
 * Schema 15 (PostgreSQL only; SQLite keeps 13's tables, 60 bytes a
 * record there) packs 64 records of a kind in a row of rec_KIND_p, each
 * column an array, compressed by the server: a row header, item pointer
 * and two index entries a record (60 of its 155 bytes) become a 64th of
 * them, 59 bytes a record in all (every table counted).  The alerts and
 * the cartridges stay a row a record: the web view finds each device's
 * current ones by schema 14's indexes, and they are few.  The view
 * rec_KIND gives the records as 13's table did, so that every reader
 * and the view "records" read them unchanged, with pack_hi and pack_blk,
 * the packed row's highest scan (hi: the highest last_scan_id of its
 * runs, scan id of its scans, scan_id of its flags; indexed with the
 * site) and number: a reader of the records read from scan X on adds
 * "pack_hi >= X", which the index answers before any array is opened.
 * The import (a new packed row by COPY, else an upsert), "seen"
 * records, a device's read (hubrec_device_keys_sql()), a scan's time,
 * the readers of many records (hubrec_pack_cols_sql(): the columns they
 * read unpacked, not all) and an account's deletion go to the packed
 * rows themselves.
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
	/* PostgreSQL, schema 15: packed (rec_KIND_p and the view rec_KIND),
	 * and the column whose highest value a packed row keeps as hi */
	int			 packed;
	const char		*hi;
};

/* Whether t's records are packed on engine (PostgreSQL, schema 15). */
int	hubrec_packed(const struct hubrec_table *t, int engine);
/* Whether column c (as in cols, "name:type") is t's key. */
int	hubrec_is_key(const struct hubrec_table *t, const char *c);

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

/* Schema 14 to 15, in the migration's transaction: on PostgreSQL each
 * table made again as rec_KIND_p, 64 records a row in arrays (hubrec.c),
 * and the view rec_KIND that gives its records as schema 13's table did;
 * every record copied, the view "records" made again.  On SQLite
 * nothing: schema 13's tables are 60 bytes a record there. */
int	hubrec_migrate15(struct hubdb *, struct fa_err *) FA_WUR;

/* PostgreSQL (schema 15): record k of a kind is slot k & HUBREC_PACK_MASK
 * (from 0; SQL arrays count from 1) of the packed row k >> HUBREC_PACK_SHIFT
 * of its site (hubrec.c); the _S strings are the same numbers for SQL. */
#define HUBREC_PACK		64
#define HUBREC_PACK_SHIFT	6
#define HUBREC_PACK_S		"64"
#define HUBREC_PACK_SHIFT_S	"6"
#define HUBREC_PACK_MASK_S	"63"

/* PostgreSQL (schema 15): the upsert of up to 64 records of t, ?1 the
 * site, ?2 the bundle, ?3 the records' keys and ?4 on each other column
 * in order, every one an array in text ("{1,NULL,3}"), a record's values
 * at its key's place; caller frees.  No key twice. */
char	*hubrec_pack_sql(const struct hubrec_table *t);

/* The "seen" update of run kind t: ?1 the site, ?2 the row, ?3 its
 * last_scan_id, ?4 its pos; changes no row when none has that key;
 * caller frees. */
char	*hubrec_seen_sql(int engine, const struct hubrec_table *t);

/* PostgreSQL (schema 15), for "hub migrate": the tables rec_KIND_in with
 * schema 13's columns, to copy an SQLite store's records into; then their
 * records into the packed tables, and the _in tables dropped.  Caller
 * frees. */
char	*hubrec_stage_sql(void);
char	*hubrec_unstage_sql(void);

/* PostgreSQL (schema 15), at an import's end: the statement that moves
 * the device indexes' pending entries into the index (GIN keeps an
 * import's new keys in a list every search reads whole, until a vacuum
 * merges them: a device's read took 0.1 s then); and the one that names
 * the packed tables never analyzed ("a, b"; NULL none), which the import
 * then analyzes (without statistics a device's read was planned to read
 * the whole site).  Caller frees. */
char	*hubrec_pack_tidy_sql(void);
char	*hubrec_pack_unanalyzed_sql(void);

/* PostgreSQL (schema 15): whether column c keeps its 64 slots in a
 * packed row when none of its records has a value (last_scan_id and
 * pos, which "seen" records set by slot; any other column is then
 * NULL); and the COPY (binary) of t's packed rows: site_id, blk, hi,
 * each column but the key in cols' order (arrays), bundle_id (an
 * array).  Caller frees. */
int	hubrec_keeps_slots(const char *c);
char	*hubrec_pack_copy_sql(const struct hubrec_table *t);

/* PostgreSQL (schema 15), for a reader of many records of packed kind:
 * its records as a derived table "(SELECT ...)" of site_id and the
 * columns cols (names, the key's too; NULL ends them), only those
 * arrays unpacked (the view rec_KIND unpacks every one), from the
 * packed rows p that meet cond (SQL, e.g. "p.site_id = ?1"); caller
 * frees. */
char	*hubrec_pack_cols_sql(int kind, const char *const *cols,
	    const char *cond);

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
 * the typed tables (PostgreSQL, schema 15: packed, through the _in
 * tables of hubrec_stage_sql()): the SQL for the engine; caller frees. */
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
