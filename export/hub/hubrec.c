/*
 * hubrec.c: the typed record tables of schema 12 (see hubrec.h): their
 * columns, the SQL that makes, fills and reads them on either engine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../payload.h"
#include "hubdb.h"
#include "hubrec.h"

/* Schema 12's columns: the payload's of that time, frozen. */
#define RUN	"row:i", "device_id:i", "scan_id:i", "last_scan_id:i", "pos:i"
static const char *const c_scans[] = { "id:i", "assessment_id:i",
	"device_id:i", "time:i", "address:s", "credential:s",
	"snmp_version:i", "is_printer:i", "printer_reason:s", "vendor:s",
	"model:s", "serial:s", "mac:s", "sys_object_id:s", "sys_descr:s",
	"sys_name:s", "sys_location:s", "sys_contact:s", "firmware:s",
	"asset:s", "uptime:i", "enterprise:i", "hr_device_status:i",
	"hr_printer_status:i", "error:s", "read_ms:i", "requests:i",
	"model_def:s", "parts:i", "attrs_from:i", NULL };
static const char *const c_meters[] = { RUN, "name:s", "value:i", "unit:s",
	"source_oid:s", NULL };
static const char *const c_supplies[] = { RUN, "idx:i", "description:s",
	"type:s", "class:s", "colorant:s", "unit:s", "max:i", "level:i",
	"percent:i", "state:s", "part_number:s", "serial:s",
	"level_source:s", "instance_id:i", NULL };
static const char *const c_trays[] = { RUN, "idx:i", "name:s", "media:s",
	"type:s", "capacity:i", "level:i", "percent:i", "state:s",
	"status:s", NULL };
static const char *const c_alerts[] = { RUN, "idx:i", "severity:s",
	"training:s", "grp:s", "group_index:i", "location:i", "code:i",
	"code_name:s", "description:s", "time:i", NULL };
static const char *const c_checks[] = { RUN, "name:s", "left_value:i",
	"right_value:i", "ok:i", NULL };
static const char *const c_errors[] = { RUN, "name:s", NULL };
static const char *const c_display[] = { RUN, "text:s", NULL };
static const char *const c_flags[] = { "row:i", "scan_id:i", "name:s",
	"reason:s", "previous:i", "current:i", "detail:s", NULL };
static const char *const c_instances[] = { "id:i", "device_id:i", "idx:i",
	"description:s", "part_number:s", "serial:s", "first_scan_id:i",
	"last_scan_id:i", "first_seen:i", "last_seen:i", "first_level:i",
	"last_level:i", "first_total:i", "last_total:i", NULL };
#undef RUN

/* The alerts and cartridges are not packed: the web view finds a
 * device's current ones by the scan that last saw them (schema 14's
 * indexes), and they are few. */
static const struct hubrec_table tables[] = {
	{ STORE_X_SCANS, "rec_scans", "id", 1, c_scans, 1, "id" },
	{ STORE_X_METERS, "rec_meters", "row", 1, c_meters, 1,
	    "last_scan_id" },
	{ STORE_X_SUPPLIES, "rec_supplies", "row", 1, c_supplies, 1,
	    "last_scan_id" },
	{ STORE_X_TRAYS, "rec_trays", "row", 1, c_trays, 1, "last_scan_id" },
	{ STORE_X_ALERTS, "rec_alerts", "row", 1, c_alerts, 0, NULL },
	{ STORE_X_CHECKS, "rec_meter_checks", "row", 1, c_checks, 1,
	    "last_scan_id" },
	{ STORE_X_ERRORS, "rec_status_errors", "row", 1, c_errors, 1,
	    "last_scan_id" },
	{ STORE_X_DISPLAY, "rec_display", "row", 1, c_display, 1,
	    "last_scan_id" },
	{ STORE_X_FLAGS, "rec_meter_flags", "row", 0, c_flags, 1, "scan_id" },
	{ STORE_X_INSTANCES, "rec_supply_instances", "id", 1, c_instances, 0,
	    NULL },
};

int
hubrec_packed(const struct hubrec_table *t, int engine)
{
	return engine == HUBDB_PG && t->packed;
}

const struct hubrec_table *
hubrec_table(int kind)
{
	size_t	i;

	for (i = 0; i < nitems(tables); i++)
		if (tables[i].kind == kind)
			return &tables[i];
	return NULL;
}

const struct hubrec_table *
hubrec_tables(size_t *n)
{
	*n = nitems(tables);
	return tables;
}

/* A column's name ("name" of "name:t") into b, quoted. */
static void
col(struct fa_buf *b, const char *c)
{
	fa_buf_printf(b, "\"%.*s\"", (int)strcspn(c, ":"), c);
}

static int
is_int(const char *c)
{
	return c[strcspn(c, ":")] == ':' && c[strcspn(c, ":") + 1] == 'i';
}

/* Whether column c is name. */
static int
is_col(const char *c, const char *name)
{
	size_t	n = strlen(name);

	return strncmp(c, name, n) == 0 && c[n] == ':';
}

int
hubrec_is_key(const struct hubrec_table *t, const char *c)
{
	return is_col(c, t->key);
}

int
hubrec_check(struct fa_err *e)
{
	const char *const	*p;
	size_t			 i, j;

	for (i = 0; i < nitems(tables); i++) {
		p = payload_columns(tables[i].kind);
		for (j = 0; tables[i].cols[j] != NULL && p[j] != NULL; j++)
			if (strcmp(tables[i].cols[j], p[j]) != 0)
				break;
		if (tables[i].cols[j] != NULL || p[j] != NULL)
			return fa_errf(e, "the payload's %s records have other "
			    "columns than the hub store's table %s",
			    payload_kinds[tables[i].kind], tables[i].table);
	}
	return 0;
}

char *
hubrec_insert_sql(const struct hubrec_table *t, size_t rows, int engine)
{
	struct fa_buf	b = FA_BUF_INIT;
	size_t		i, r, ncols, p = 1;
	int		anon = engine == HUBDB_SQLITE;

	fa_buf_printf(&b, "INSERT INTO %s (site_id", t->table);
	for (i = 0; t->cols[i] != NULL; i++) {
		fa_buf_puts(&b, ", ");
		col(&b, t->cols[i]);
	}
	ncols = i;
	fa_buf_puts(&b, ", bundle_id) VALUES ");
	for (r = 0; r < rows; r++) {
		fa_buf_puts(&b, r ? ", (" : "(");
		for (i = 0; i <= ncols + 1; i++, p++)
			if (anon)
				fa_buf_puts(&b, i ? ", ?" : "?");
			else
				fa_buf_printf(&b, "%s?%zu", i ? ", " : "", p);
		fa_buf_puts(&b, ")");
	}
	fa_buf_printf(&b, " ON CONFLICT (site_id, \"%s\") DO UPDATE SET ",
	    t->key);
	for (i = 0; t->cols[i] != NULL; i++) {
		col(&b, t->cols[i]);
		fa_buf_puts(&b, " = excluded.");
		col(&b, t->cols[i]);
		fa_buf_puts(&b, ", ");
	}
	fa_buf_puts(&b, "bundle_id = excluded.bundle_id");
	return fa_buf_steal(&b);
}

char *
hubrec_copy_sql(const struct hubrec_table *t)
{
	struct fa_buf	b = FA_BUF_INIT;
	size_t		i;

	fa_buf_printf(&b, "COPY %s (site_id", t->table);
	for (i = 0; t->cols[i] != NULL; i++) {
		fa_buf_puts(&b, ", ");
		col(&b, t->cols[i]);
	}
	fa_buf_puts(&b, ", bundle_id) FROM STDIN (FORMAT binary)");
	return fa_buf_steal(&b);
}

/* Column c's value as its record's JSON has it: on schema 13 a text
 * column's id looked up in rec_text (NULL stays NULL). */
static void
value_sql(struct fa_buf *b, const char *c, int schema)
{
	if (schema < 13 || is_int(c)) {
		col(b, c);
		return;
	}
	/* (a scan's attributes are null unless they changed: no lookup) */
	fa_buf_puts(b, "CASE WHEN ");
	col(b, c);
	fa_buf_puts(b, " IS NULL THEN NULL ELSE (SELECT t.t FROM rec_text t"
	    " WHERE t.id = ");
	col(b, c);
	fa_buf_puts(b, ") END");
}

static char *
view_sql(int engine, int schema)
{
	struct fa_buf	 b = FA_BUF_INIT;
	const char	*c;
	size_t		 i, j;

	fa_buf_puts(&b, "CREATE VIEW records AS");
	for (i = 0; i < nitems(tables); i++) {
		fa_buf_printf(&b, "%s SELECT site_id, '%s' AS kind, \"%s\" AS"
		    " src_id, %s AS device_src, %s(", i ? " UNION ALL" : "",
		    payload_kinds[tables[i].kind], tables[i].key,
		    tables[i].device ? "device_id" : "CAST(NULL AS INTEGER)",
		    engine == HUBDB_PG ? "json_build_object" : "json_object");
		for (j = 0; (c = tables[i].cols[j]) != NULL; j++) {
			fa_buf_printf(&b, "%s'%.*s', ", j ? ", " : "",
			    (int)strcspn(c, ":"), c);
			value_sql(&b, c, schema);
		}
		fa_buf_printf(&b, ")%s AS data, bundle_id FROM %s",
		    engine == HUBDB_PG ? "::text" : "", tables[i].table);
	}
	return fa_buf_steal(&b);
}

char *
hubrec_view_sql(int engine)
{
	return view_sql(engine, 13);
}

/* Whether column c ("name:t") is one of keys (NULL: every column). */
static int
wanted(const char *c, const char *const *keys)
{
	size_t	i, n = strcspn(c, ":");

	if (keys == NULL)
		return 1;
	for (i = 0; keys[i] != NULL; i++)
		if (strlen(keys[i]) == n && strncmp(keys[i], c, n) == 0)
			return 1;
	return 0;
}

char *
hubrec_device_sql(int engine, const int *kinds, size_t n)
{
	return hubrec_device_keys_sql(engine, kinds, NULL, n);
}

/* Column c of t as a device's read on PostgreSQL sees it (schema 15):
 * slot x.i of packed row p, each text's id looked up. */
static void
pg_ref(struct fa_buf *b, const struct hubrec_table *t, const char *c)
{
	if (is_col(c, t->key)) {
		fa_buf_puts(b, "(p.blk << " HUBREC_PACK_SHIFT_S ") + x.i - 1");
		return;
	}
	if (!is_int(c))
		fa_buf_puts(b, "(SELECT t.t FROM rec_text t WHERE t.id = ");
	fa_buf_puts(b, "p.");
	col(b, c);
	fa_buf_puts(b, "[x.i]");
	if (!is_int(c))
		fa_buf_puts(b, ")");
}

/* PostgreSQL (schema 15): the device's packed rows of t by their GIN
 * index, and in each only the device's slots (array_positions()): no
 * other device's records unpacked.  The site and the device's key are
 * sub-selects: the planner then estimates every device alike and keeps
 * one plan for the statement (a plan a device cost more than reading
 * it). */
static void
pg_device_packed_sql(struct fa_buf *b, const struct hubrec_table *t,
    const char *const *keys)
{
	const char	*c;
	size_t		 j, k;

	fa_buf_printf(b, "SELECT '%s', json_build_object(",
	    payload_kinds[t->kind]);
	for (j = k = 0; (c = t->cols[j]) != NULL; j++) {
		if (!wanted(c, keys))
			continue;
		fa_buf_printf(b, "%s'%.*s', ", k++ ? ", " : "",
		    (int)strcspn(c, ":"), c);
		pg_ref(b, t, c);
	}
	fa_buf_printf(b, ")::text FROM %s_p p CROSS JOIN LATERAL"
	    " unnest(array_positions(p.device_id, CAST(?2 AS"
	    " INTEGER))) AS x(i) WHERE p.site_id = (SELECT CAST(?1 AS"
	    " INTEGER)) AND hubrec_sd(p.site_id, p.device_id) @>"
	    " (SELECT ARRAY[(CAST(?1 AS BIGINT) << 32) | CAST(?2 AS"
	    " BIGINT)])", t->table);
}

char *
hubrec_device_keys_sql(int engine, const int *kinds,
    const char *const *const *keys, size_t n)
{
	struct fa_buf			 b = FA_BUF_INIT;
	const struct hubrec_table	*t;
	const char			*c;
	size_t				 i, j, k;

	for (i = 0; i < n; i++) {
		if ((t = hubrec_table(kinds[i])) == NULL || !t->device)
			fa_bug("hubrec_device_sql: kind %d", kinds[i]);
		if (hubrec_packed(t, engine)) {
			if (i > 0)
				fa_buf_puts(&b, " UNION ALL ");
			pg_device_packed_sql(&b, t, keys != NULL ? keys[i] :
			    NULL);
			continue;
		}
		fa_buf_printf(&b, "%sSELECT '%s', %s(", i ? " UNION ALL " : "",
		    payload_kinds[t->kind], engine == HUBDB_PG ?
		    "json_build_object" : "json_object");
		for (j = k = 0; (c = t->cols[j]) != NULL; j++) {
			if (!wanted(c, keys != NULL ? keys[i] : NULL))
				continue;
			fa_buf_printf(&b, "%s'%.*s', ", k++ ? ", " : "",
			    (int)strcspn(c, ":"), c);
			value_sql(&b, c, 13);
		}
		/* Without statistics (no ANALYZE yet) SQLite would take
		 * the primary key, every row of the site: the device's
		 * index by name. */
		fa_buf_printf(&b, ")%s FROM %s%s%s%s WHERE site_id = ?1 AND"
		    " device_id = ?2", engine == HUBDB_PG ? "::text" : "",
		    t->table, engine == HUBDB_PG ? "" : " INDEXED BY ",
		    engine == HUBDB_PG ? "" : t->table,
		    engine == HUBDB_PG ? "" : "_device");
	}
	return fa_buf_steal(&b);
}

/*
 * Schema 13: the integer columns whose values are an SNMP Integer32 or
 * a small code take 4 bytes on PostgreSQL instead of 8, and so do the
 * hub's own site and bundle ids and the collector's device ids (a site's
 * devices are thousands; a device id past 2^31 - 1 is refused by the
 * import, nothing stored).  The collector's other ids (scans and rows,
 * millions a year), times and counters keep 8.  SQLite stores every
 * integer in the bytes its value needs.
 */
static const char *const narrow_cols[] = { "device_id", "idx",
	"snmp_version", "is_printer", "hr_device_status", "hr_printer_status",
	"read_ms", "requests", "parts", "capacity", "level", "percent", "max",
	"group_index", "location", "code", "ok", "first_level", "last_level",
	NULL };

/* Whether integer column c takes 4 bytes on PostgreSQL. */
static int
is_narrow(const char *c)
{
	size_t	i, n = strcspn(c, ":");

	for (i = 0; narrow_cols[i] != NULL; i++)
		if (strlen(narrow_cols[i]) == n &&
		    strncmp(narrow_cols[i], c, n) == 0)
			return 1;
	return 0;
}

/* A column's width on PostgreSQL in schema 13: 8, else 4 (a small
 * integer, a text's id). */
static int
pg_width(const char *c)
{
	return is_int(c) && !is_narrow(c) ? 8 : 4;
}

int
hubrec_pg_width(const char *c)
{
	if (strchr(c, ':') == NULL)	/* site_id, bundle_id */
		return 4;
	return pg_width(c);
}

/* One table and its index, as schema (12 or 13) has them.  Schema 12:
 * integers 8 bytes on PostgreSQL, text as text.  Schema 13: on
 * PostgreSQL the columns widest first (8-byte integers, 4-byte ones),
 * so that none is padded to its alignment; on both engines each text
 * an id of rec_text (4 bytes; every reader names its columns). */
static void
table_sql(struct fa_buf *b, const struct hubrec_table *t, int engine,
    int schema, const char *suffix)
{
	const char	*c;
	size_t		 i;
	int		 w, first;

	fa_buf_printf(b, "CREATE TABLE %s%s (", t->table, suffix);
	if (engine != HUBDB_PG) {
		fa_buf_puts(b, "\n\tsite_id INTEGER NOT NULL");
		for (i = 0; (c = t->cols[i]) != NULL; i++) {
			fa_buf_puts(b, ",\n\t");
			col(b, c);
			fa_buf_puts(b, is_int(c) || schema >= 13 ? " INTEGER" :
			    " TEXT");
		}
		fa_buf_puts(b, ",\n\tbundle_id INTEGER NOT NULL");
	} else if (schema < 13) {
		fa_buf_puts(b, "\n\tsite_id BIGINT NOT NULL");
		for (i = 0; (c = t->cols[i]) != NULL; i++) {
			fa_buf_puts(b, ",\n\t");
			col(b, c);
			fa_buf_puts(b, is_int(c) ? " BIGINT" : " TEXT");
		}
		fa_buf_puts(b, ",\n\tbundle_id BIGINT NOT NULL");
	} else
		for (first = 1, w = 8; w >= 4; w -= 4) {
			if (w == 4) {
				fa_buf_printf(b, "%s\n\tsite_id INTEGER NOT"
				    " NULL,\n\tbundle_id INTEGER NOT NULL",
				    first ? "" : ",");
				first = 0;
			}
			for (i = 0; (c = t->cols[i]) != NULL; i++) {
				if (pg_width(c) != w)
					continue;
				fa_buf_puts(b, first ? "\n\t" : ",\n\t");
				first = 0;
				col(b, c);
				fa_buf_puts(b, w == 8 ? " BIGINT" : " INTEGER");
			}
		}
	fa_buf_printf(b, ",\n\tPRIMARY KEY (site_id, \"%s\")\n)%s;\n",
	    t->key, engine == HUBDB_PG ? "" : " WITHOUT ROWID");
	if (t->device)
		fa_buf_printf(b, "CREATE INDEX %s%s_device ON %s%s (site_id,"
		    " device_id);\n", t->table, suffix, t->table, suffix);
}

/* Text column c of the JSON of the records-shaped table's row. */
static void
json_sql(struct fa_buf *b, const char *c, int engine)
{
	if (engine == HUBDB_PG)
		fa_buf_printf(b, "j ->> '%.*s'", (int)strcspn(c, ":"), c);
	else
		fa_buf_printf(b, "json_extract(data, '$.%.*s')",
		    (int)strcspn(c, ":"), c);
}

/* The rows of kind t of the records-shaped table from, each with its
 * JSON as j on PostgreSQL. */
static void
from_sql(struct fa_buf *b, const struct hubrec_table *t, int engine,
    const char *from)
{
	if (engine == HUBDB_PG)
		fa_buf_printf(b, " FROM (SELECT site_id, src_id,"
		    " device_src, bundle_id, data::jsonb AS j FROM %s"
		    " WHERE kind = '%s') r", from, payload_kinds[t->kind]);
	else
		fa_buf_printf(b, " FROM %s WHERE kind = '%s'", from,
		    payload_kinds[t->kind]);
}

/* t's records from the records-shaped table from into schema's tables:
 * the key and the device from its columns (what the readers went by),
 * the rest from the JSON; on 13 each text's id, rec_text given it
 * first. */
static void
fill_sql(struct fa_buf *b, const struct hubrec_table *t, int engine,
    const char *from, int schema, const char *suffix)
{
	const char	*c;
	size_t		 i;

	for (i = 0; schema >= 13 && (c = t->cols[i]) != NULL; i++) {
		if (is_int(c))
			continue;
		fa_buf_puts(b, "INSERT INTO rec_text (t) SELECT DISTINCT ");
		json_sql(b, c, engine);
		from_sql(b, t, engine, from);
		fa_buf_puts(b, engine == HUBDB_PG ? " WHERE " : " AND ");
		json_sql(b, c, engine);
		fa_buf_puts(b, " IS NOT NULL ON CONFLICT (t) DO NOTHING;\n");
	}
	fa_buf_printf(b, "INSERT INTO %s%s (site_id", t->table, suffix);
	for (i = 0; (c = t->cols[i]) != NULL; i++) {
		fa_buf_puts(b, ", ");
		col(b, c);
	}
	fa_buf_puts(b, ", bundle_id) SELECT site_id");
	for (i = 0; (c = t->cols[i]) != NULL; i++) {
		if (is_col(c, t->key))
			fa_buf_puts(b, ", src_id");
		else if (t->device && is_col(c, "device_id"))
			fa_buf_puts(b, ", device_src");
		else if (is_int(c) && engine == HUBDB_PG)
			fa_buf_printf(b, ", CAST(j ->> '%.*s' AS BIGINT)",
			    (int)strcspn(c, ":"), c);
		else if (is_int(c) || schema < 13) {
			fa_buf_puts(b, ", ");
			json_sql(b, c, engine);
		} else {
			fa_buf_puts(b, ", (SELECT d.id FROM rec_text d WHERE"
			    " d.t = ");
			json_sql(b, c, engine);
			fa_buf_puts(b, ")");
		}
	}
	fa_buf_puts(b, ", bundle_id");
	from_sql(b, t, engine, from);
	fa_buf_puts(b, ";\n");
}

char *
hubrec_fill_sql(int engine, const char *from)
{
	struct fa_buf	 b = FA_BUF_INIT;
	size_t		 i;
	char		*stage;

	/* (schema 15 on PostgreSQL: the packed kinds through schema 13's
	 * tables) */
	if (engine == HUBDB_PG) {
		stage = hubrec_stage_sql();
		fa_buf_puts(&b, stage);
		free(stage);
	}
	for (i = 0; i < nitems(tables); i++)
		fill_sql(&b, &tables[i], engine, from, 13,
		    hubrec_packed(&tables[i], engine) ? "_in" : "");
	if (engine == HUBDB_PG) {
		stage = hubrec_unstage_sql();
		fa_buf_puts(&b, stage);
		free(stage);
	}
	return fa_buf_steal(&b);
}

/* b's SQL, then the view "records" made again as schema makes it, run
 * on db; b released. */
static int
exec_view(struct hubdb *db, struct fa_buf *b, int schema, struct fa_err *e)
{
	char	*view;
	int	 rc;

	view = view_sql(hubdb_kind(db), schema);
	fa_buf_puts(b, view);
	free(view);
	rc = hubdb_exec(db, b->s, e);
	fa_buf_release(b);
	return rc;
}

int
hubrec_migrate(struct hubdb *db, struct fa_err *e)
{
	struct fa_buf	 b = FA_BUF_INIT;
	int		 engine = hubdb_kind(db), rc;
	size_t		 i;
	int64_t		 left;

	for (i = 0; i < nitems(tables); i++)
		table_sql(&b, &tables[i], engine, 12, "");
	for (i = 0; i < nitems(tables); i++)
		fill_sql(&b, &tables[i], engine, "records", 12, "");
	rc = hubdb_exec(db, b.s, e);
	fa_buf_release(&b);
	if (rc != 0)
		return -1;
	/* Every record went somewhere: a kind of no table (none in any
	 * bundle the payload reader let through) stops the migration. */
	if (hubdb_int(db, "SELECT count(*) FROM records WHERE kind NOT IN"
	    " ('scans', 'meters', 'supplies', 'trays', 'alerts',"
	    " 'meter_checks', 'status_errors', 'display', 'meter_flags',"
	    " 'supply_instances')", NULL, 0, &left, e) != 0)
		return -1;
	if (left > 0)
		return fa_errf(e, "%lld records of an unknown kind",
		    (long long)left);
	b = (struct fa_buf)FA_BUF_INIT;
	fa_buf_puts(&b, "DROP TABLE records; ");
	return exec_view(db, &b, 12, e);
}

int
hubrec_migrate13(struct hubdb *db, struct fa_err *e)
{
	struct fa_buf			 b = FA_BUF_INIT;
	const struct hubrec_table	*t;
	const char			*c;
	size_t				 i, j, n = 0;
	int				 engine = hubdb_kind(db);

	fa_buf_printf(&b, "CREATE TABLE rec_text (\n\tid INTEGER%s PRIMARY"
	    " KEY,\n\tt TEXT NOT NULL UNIQUE\n);\n", engine == HUBDB_PG ?
	    " GENERATED BY DEFAULT AS IDENTITY" : "");
	/* every text once, in order */
	fa_buf_puts(&b, "INSERT INTO rec_text (t) SELECT t FROM (");
	for (i = 0; i < nitems(tables); i++)
		for (j = 0; (c = tables[i].cols[j]) != NULL; j++) {
			if (is_int(c))
				continue;
			fa_buf_printf(&b, "%sSELECT ", n++ ? " UNION " : "");
			col(&b, c);
			fa_buf_printf(&b, " AS t FROM %s", tables[i].table);
		}
	fa_buf_puts(&b, ") u WHERE t IS NOT NULL ORDER BY t;\n"
	    "DROP VIEW records;\n");
	for (i = 0; i < nitems(tables); i++) {
		t = &tables[i];
		if (engine == HUBDB_PG)
			fa_buf_printf(&b, "ALTER TABLE %s DROP CONSTRAINT"
			    " %s_pkey;\n", t->table, t->table);
		if (t->device)
			fa_buf_printf(&b, "DROP INDEX %s_device;\n", t->table);
		fa_buf_printf(&b, "ALTER TABLE %s RENAME TO %s_12;\n",
		    t->table, t->table);
		table_sql(&b, t, engine, 13, "");
		fa_buf_printf(&b, "INSERT INTO %s (site_id", t->table);
		for (j = 0; t->cols[j] != NULL; j++) {
			fa_buf_puts(&b, ", ");
			col(&b, t->cols[j]);
		}
		fa_buf_puts(&b, ", bundle_id) SELECT o.site_id");
		for (j = 0; (c = t->cols[j]) != NULL; j++) {
			if (is_int(c))
				fa_buf_puts(&b, ", o.");
			else
				fa_buf_puts(&b, ", (SELECT d.id FROM rec_text d"
				    " WHERE d.t = o.");
			col(&b, c);
			if (!is_int(c))
				fa_buf_puts(&b, ")");
		}
		fa_buf_printf(&b, ", o.bundle_id FROM %s_12 o;\n"
		    "DROP TABLE %s_12;\n", t->table, t->table);
	}
	return exec_view(db, &b, 13, e);
}

char *
hubrec_text_gc_sql(void)
{
	struct fa_buf	 b = FA_BUF_INIT;
	const char	*c;
	size_t		 i, j;
	int		 first = 1;

	fa_buf_puts(&b, "DELETE FROM rec_text WHERE id NOT IN (");
	for (i = 0; i < nitems(tables); i++)
		for (j = 0; (c = tables[i].cols[j]) != NULL; j++) {
			if (is_int(c))
				continue;
			fa_buf_puts(&b, first ? "SELECT " : " UNION SELECT ");
			first = 0;
			col(&b, c);
			fa_buf_printf(&b, " FROM %s WHERE ", tables[i].table);
			col(&b, c);
			fa_buf_puts(&b, " IS NOT NULL");
		}
	if (first)
		fa_buf_puts(&b, "SELECT NULL WHERE 0 = 1");
	fa_buf_puts(&b, ")");
	return fa_buf_steal(&b);
}

/*
 * Schema 15 on PostgreSQL: HUBREC_PACK records of a kind a row.  A
 * row's heap header and item pointer (28 bytes) and its index entries
 * (two of 8 to 28 bytes) were about 60 of a record's 155 bytes; packed,
 * a record is its values in its columns' arrays and a share of one row.
 * Record with key k (the collector's row or scan id, which "seen"
 * records name alone) is slot k & 63 of row (site_id, blk = k >> 6) of
 * rec_KIND_p: every column an array of 64 slots (NULL when none of the
 * row's records has a value, but last_scan_id and pos, which "seen"
 * records set by slot), bundle_id NOT NULL in a record's slot only.
 * A row of 64 is over PostgreSQL's 2 kB, where it compresses a row's
 * values (TOAST): each array is kept in the row (STORAGE MAIN) and
 * compressed (lz4 where the server has it), down to a fifth or less (the
 * collector's ids and counters grow slowly from slot to slot, texts'
 * ids repeat).
 * hi is the row's highest scan (tables[].hi's highest value), indexed
 * with the site: the rows holding a record read from scan X on are the
 * rows whose hi is X or more.
 * The view rec_KIND gives the records as schema 13's table did (the
 * readers and the view "records" read it), with sd, the site's and
 * device's key that the GIN index on rec_KIND_p finds a device's rows
 * by, and pack_hi and pack_blk, the row's hi and number.  The alerts
 * and cartridges (tables[].packed 0) and SQLite keep schema 14's
 * tables: 60 bytes a record there.
 */

/* Column c's type on PostgreSQL (schema 13's width). */
static const char *
pg_type(const char *c)
{
	return pg_width(c) == 8 ? "BIGINT" : "INTEGER";
}

/* Whether column c keeps its 64 slots when all are null ("seen"). */
static int
keeps_slots(const char *c)
{
	return is_col(c, "last_scan_id") || is_col(c, "pos");
}

int
hubrec_keeps_slots(const char *c)
{
	return keeps_slots(c);
}

char *
hubrec_pack_copy_sql(const struct hubrec_table *t)
{
	struct fa_buf	 b = FA_BUF_INIT;
	const char	*c;
	size_t		 i;

	fa_buf_printf(&b, "COPY %s_p (site_id, blk, hi", t->table);
	for (i = 0; (c = t->cols[i]) != NULL; i++)
		if (!is_col(c, t->key)) {
			fa_buf_puts(&b, ", ");
			col(&b, c);
		}
	fa_buf_puts(&b, ", bundle_id) FROM STDIN (FORMAT binary)");
	return fa_buf_steal(&b);
}

static void
nulls(struct fa_buf *b, const char *c)
{
	fa_buf_printf(b, "array_fill(CAST(NULL AS %s), ARRAY[" HUBREC_PACK_S
	    "])", pg_type(c));
}

/* The packed table of t, its device index and its view; lz4: the
 * server compresses with lz4. */
static void
pack_table_sql(struct fa_buf *b, const struct hubrec_table *t, int lz4)
{
	const char	*c;
	size_t		 i;
	int		 w;

	fa_buf_printf(b, "CREATE TABLE %s_p (\n\tsite_id INTEGER NOT NULL,"
	    "\n\tblk BIGINT NOT NULL,\n\thi BIGINT NOT NULL", t->table);
	for (w = 8; w >= 4; w -= 4)
		for (i = 0; (c = t->cols[i]) != NULL; i++) {
			if (is_col(c, t->key) || pg_width(c) != w)
				continue;
			fa_buf_puts(b, ",\n\t");
			col(b, c);
			fa_buf_printf(b, " %s[]%s", pg_type(c), lz4 ?
			    " COMPRESSION lz4" : "");
		}
	fa_buf_printf(b, ",\n\tbundle_id INTEGER[]%s NOT NULL,\n\tPRIMARY"
	    " KEY (site_id, blk)\n) WITH (toast_tuple_target = 128);\n"
	    "ALTER TABLE %s_p ALTER bundle_id SET STORAGE MAIN", lz4 ?
	    " COMPRESSION lz4" : "", t->table);
	for (i = 0; (c = t->cols[i]) != NULL; i++)
		if (!is_col(c, t->key)) {
			fa_buf_puts(b, ", ALTER ");
			col(b, c);
			fa_buf_puts(b, " SET STORAGE MAIN");
		}
	fa_buf_puts(b, ";\n");
	fa_buf_printf(b, "CREATE INDEX %s_p_hi ON %s_p (site_id, hi);\n",
	    t->table, t->table);
	if (t->device)
		fa_buf_printf(b, "CREATE INDEX %s_p_device ON %s_p USING gin"
		    " (hubrec_sd(site_id, device_id));\n", t->table, t->table);
	fa_buf_printf(b, "CREATE VIEW %s AS SELECT p.site_id", t->table);
	for (i = 0; (c = t->cols[i]) != NULL; i++) {
		if (is_col(c, t->key)) {
			fa_buf_puts(b, ", (p.blk << " HUBREC_PACK_SHIFT_S ")"
			    " + u.o - 1 AS ");
			col(b, c);
			continue;
		}
		fa_buf_puts(b, ", u.");
		col(b, c);
	}
	fa_buf_puts(b, ", u.bundle_id, p.hi AS pack_hi, p.blk AS pack_blk");
	if (t->device)
		fa_buf_puts(b, ", hubrec_sd(p.site_id, p.device_id) AS sd");
	fa_buf_printf(b, " FROM %s_p p CROSS JOIN LATERAL unnest(", t->table);
	for (i = 0; (c = t->cols[i]) != NULL; i++)
		if (!is_col(c, t->key)) {
			fa_buf_puts(b, "p.");
			col(b, c);
			fa_buf_puts(b, ", ");
		}
	fa_buf_puts(b, "p.bundle_id) WITH ORDINALITY AS u(");
	for (i = 0; (c = t->cols[i]) != NULL; i++)
		if (!is_col(c, t->key)) {
			col(b, c);
			fa_buf_puts(b, ", ");
		}
	fa_buf_puts(b, "bundle_id, o) WHERE u.bundle_id IS NOT NULL;\n");
}

/* The packed rows of t's records in from (aliased n; schema 13's
 * columns, key included) for blocks (rows blk, and site_id when
 * per_site): each row's 64 slots in order; site and bundle the SQL of
 * the row's site and of a slot's bundle. */
static void
pack_select_sql(struct fa_buf *b, const struct hubrec_table *t,
    const char *site, const char *bundle, const char *blocks,
    const char *from, int per_site)
{
	const char	*c;
	size_t		 i;

	fa_buf_printf(b, "SELECT %s, b.blk, coalesce(max(n.\"%.*s\"), 0)",
	    site, (int)strcspn(t->hi, ":"), t->hi);
	for (i = 0; (c = t->cols[i]) != NULL; i++) {
		if (is_col(c, t->key))
			continue;
		fa_buf_puts(b, keeps_slots(c) ? ", array_agg(n." :
		    ", NULLIF(array_agg(n.");
		col(b, c);
		fa_buf_puts(b, " ORDER BY g.s)");
		if (!keeps_slots(c)) {
			fa_buf_puts(b, ", ");
			nulls(b, c);
			fa_buf_puts(b, ")");
		}
	}
	fa_buf_printf(b, ", array_agg(%s ORDER BY g.s) FROM %s b CROSS JOIN"
	    " generate_series(0, " HUBREC_PACK_S " - 1) AS g(s) LEFT JOIN %s ON"
	    " n.\"%s\" = (b.blk << " HUBREC_PACK_SHIFT_S ") + g.s%s"
	    " GROUP BY b.blk%s", bundle, blocks, from, t->key, per_site ?
	    " AND n.site_id = b.site_id" : "", per_site ? ", b.site_id" : "");
}

/* INSERT INTO t's packed table (its columns, bundle_id last). */
static void
pack_insert_sql(struct fa_buf *b, const struct hubrec_table *t)
{
	const char	*c;
	size_t		 i;

	fa_buf_printf(b, "INSERT INTO %s_p AS o (site_id, blk, hi", t->table);
	for (i = 0; (c = t->cols[i]) != NULL; i++)
		if (!is_col(c, t->key)) {
			fa_buf_puts(b, ", ");
			col(b, c);
		}
	fa_buf_puts(b, ", bundle_id) ");
}

char *
hubrec_pack_sql(const struct hubrec_table *t)
{
	struct fa_buf	 b = FA_BUF_INIT;
	const char	*c;
	size_t		 i, p = 4;

	pack_insert_sql(&b, t);
	fa_buf_printf(&b, "SELECT * FROM (");
	/* (the records' slots from the parameters' arrays) */
	{
		struct fa_buf	 from = FA_BUF_INIT;
		char		*bundle;

		fa_buf_printf(&from, "unnest(CAST(?3 AS BIGINT[])");
		for (i = 0; (c = t->cols[i]) != NULL; i++)
			if (!is_col(c, t->key))
				fa_buf_printf(&from, ", CAST(?%zu AS %s[])",
				    p++, pg_type(c));
		fa_buf_printf(&from, ") AS n(\"%s\"", t->key);
		for (i = 0; (c = t->cols[i]) != NULL; i++)
			if (!is_col(c, t->key)) {
				fa_buf_puts(&from, ", ");
				col(&from, c);
			}
		fa_buf_puts(&from, ")");
		bundle = fa_asprintf("CASE WHEN n.\"%s\" IS NULL THEN NULL"
		    " ELSE CAST(?2 AS INTEGER) END", t->key);
		pack_select_sql(&b, t, "CAST(?1 AS INTEGER)", bundle,
		    "(SELECT DISTINCT k >> " HUBREC_PACK_SHIFT_S " AS blk"
		    " FROM unnest(CAST(?3 AS BIGINT[])) AS x(k))", from.s, 0);
		fa_buf_release(&from);
		free(bundle);
	}
	fa_buf_puts(&b, ") x ON CONFLICT (site_id, blk) DO UPDATE SET"
	    " hi = GREATEST(o.hi, excluded.hi), ");
	for (i = 0; (c = t->cols[i]) != NULL; i++) {
		if (is_col(c, t->key))
			continue;
		col(&b, c);
		fa_buf_puts(&b, keeps_slots(c) ? " = " : " = NULLIF(");
		fa_buf_puts(&b, "ARRAY(SELECT CASE WHEN m.nb IS NOT NULL THEN"
		    " m.nv ELSE m.ov END FROM unnest(excluded.bundle_id,"
		    " excluded.");
		col(&b, c);
		fa_buf_puts(&b, ", o.");
		col(&b, c);
		fa_buf_puts(&b, ") WITH ORDINALITY AS m(nb, nv, ov, i) ORDER BY"
		    " m.i)");
		if (!keeps_slots(c)) {
			fa_buf_puts(&b, ", ");
			nulls(&b, c);
			fa_buf_puts(&b, ")");
		}
		fa_buf_puts(&b, ", ");
	}
	fa_buf_puts(&b, "bundle_id = ARRAY(SELECT coalesce(m.nb, m.ob) FROM"
	    " unnest(excluded.bundle_id, o.bundle_id) WITH ORDINALITY AS"
	    " m(nb, ob, i) ORDER BY m.i)");
	return fa_buf_steal(&b);
}

char *
hubrec_seen_sql(int engine, const struct hubrec_table *t)
{
	if (!hubrec_packed(t, engine))
		return fa_asprintf("UPDATE %s SET last_scan_id = ?3, pos = ?4"
		    " WHERE site_id = ?1 AND \"row\" = ?2", t->table);
#define SLOT "CAST((CAST(?2 AS BIGINT) & " HUBREC_PACK_MASK_S ") + 1" \
	" AS INTEGER)"
	return fa_asprintf("UPDATE %s_p SET last_scan_id[" SLOT "] = ?3,"
	    " pos[" SLOT "] = ?4, hi = GREATEST(hi, ?3) WHERE site_id = ?1"
	    " AND blk = CAST(?2 AS BIGINT) >> " HUBREC_PACK_SHIFT_S " AND"
	    " bundle_id[" SLOT "] IS NOT NULL", t->table);
#undef SLOT
}

/* The site's and device's key of a packed row's devices, which its GIN
 * index holds (a site's device ids are the collector's: the same in
 * every site). */
#define SD_FUNC "CREATE FUNCTION hubrec_sd(integer, integer[])" \
	" RETURNS bigint[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS" \
	" 'SELECT array_agg(DISTINCT (CAST($1 AS BIGINT) << 32) | x)" \
	" FROM unnest($2) AS x WHERE x IS NOT NULL';\n"

/* Every packed table (and its view) filled from schema 13's tables
 * named TABLE || suffix; those are left. */
static void
pack_fill_sql(struct fa_buf *b, const char *suffix)
{
	const struct hubrec_table	*t;
	char				*blocks, *from;
	size_t				 i;

	for (i = 0; i < nitems(tables); i++) {
		t = &tables[i];
		if (!t->packed)
			continue;
		pack_insert_sql(b, t);
		blocks = fa_asprintf("(SELECT DISTINCT site_id, \"%s\" >> "
		    HUBREC_PACK_SHIFT_S " AS blk FROM %s%s)", t->key, t->table,
		    suffix);
		from = fa_asprintf("%s%s n", t->table, suffix);
		pack_select_sql(b, t, "b.site_id", "n.bundle_id", blocks, from,
		    1);
		fa_buf_puts(b, ";\n");
		free(blocks);
		free(from);
	}
}

int
hubrec_migrate15(struct hubdb *db, struct fa_err *e)
{
	struct fa_buf	 b = FA_BUF_INIT;
	size_t		 i;
	int64_t		 lz4;

	if (hubdb_kind(db) != HUBDB_PG)
		return 0;
	if (hubdb_int(db, "SELECT count(*) FROM pg_settings WHERE name ="
	    " 'default_toast_compression' AND 'lz4' = ANY(enumvals)", NULL, 0,
	    &lz4, e) != 0)
		return -1;
	fa_buf_puts(&b, "DROP VIEW records;\n" SD_FUNC);
	for (i = 0; i < nitems(tables); i++)
		if (tables[i].packed)
			fa_buf_printf(&b, "ALTER TABLE %s RENAME TO %s_13;\n",
			    tables[i].table, tables[i].table);
	for (i = 0; i < nitems(tables); i++)
		if (tables[i].packed)
			pack_table_sql(&b, &tables[i], lz4 > 0);
	pack_fill_sql(&b, "_13");
	for (i = 0; i < nitems(tables); i++)
		if (tables[i].packed)
			fa_buf_printf(&b, "DROP TABLE %s_13;\n",
			    tables[i].table);
	return exec_view(db, &b, 13, e);
}

char *
hubrec_stage_sql(void)
{
	struct fa_buf	 b = FA_BUF_INIT;
	size_t		 i;

	for (i = 0; i < nitems(tables); i++)
		if (tables[i].packed)
			table_sql(&b, &tables[i], HUBDB_PG, 13, "_in");
	return fa_buf_steal(&b);
}

char *
hubrec_unstage_sql(void)
{
	struct fa_buf	 b = FA_BUF_INIT;
	size_t		 i;

	pack_fill_sql(&b, "_in");
	for (i = 0; i < nitems(tables); i++)
		if (tables[i].packed)
			fa_buf_printf(&b, "DROP TABLE %s_in;\n",
			    tables[i].table);
	return fa_buf_steal(&b);
}

char *
hubrec_pack_tidy_sql(void)
{
	struct fa_buf	 b = FA_BUF_INIT;
	size_t		 i;

	fa_buf_puts(&b, "SELECT 0");
	for (i = 0; i < nitems(tables); i++)
		if (tables[i].device && tables[i].packed)
			fa_buf_printf(&b, " + gin_clean_pending_list("
			    "'%s_p_device')", tables[i].table);
	return fa_buf_steal(&b);
}

char *
hubrec_pack_unanalyzed_sql(void)
{
	struct fa_buf	 b = FA_BUF_INIT;
	size_t		 i, n;

	fa_buf_puts(&b, "SELECT string_agg(quote_ident(relname), ', ') FROM"
	    " pg_class WHERE reltuples < 0 AND relkind = 'r' AND oid IN (");
	for (i = 0, n = 0; i < nitems(tables); i++)
		if (tables[i].packed)
			fa_buf_printf(&b, "%sto_regclass('%s_p')", n++ ? ", " :
			    "", tables[i].table);
	fa_buf_puts(&b, ")");
	return fa_buf_steal(&b);
}

char *
hubrec_pack_cols_sql(int kind, const char *const *cols, const char *cond)
{
	const struct hubrec_table	*t = hubrec_table(kind);
	struct fa_buf			 b = FA_BUF_INIT;
	size_t				 i;

	if (t == NULL || !t->packed)
		fa_bug("hubrec_pack_cols_sql: kind %d", kind);
	fa_buf_puts(&b, "(SELECT p.site_id");
	for (i = 0; cols[i] != NULL; i++)
		if (strcmp(cols[i], t->key) == 0)
			fa_buf_printf(&b, ", (p.blk << " HUBREC_PACK_SHIFT_S
			    ") + u.o - 1 AS \"%s\"", t->key);
		else
			fa_buf_printf(&b, ", u.\"%s\"", cols[i]);
	fa_buf_puts(&b, " FROM ");
	fa_buf_printf(&b, "%s_p p CROSS JOIN LATERAL unnest(", t->table);
	for (i = 0; cols[i] != NULL; i++)
		if (strcmp(cols[i], t->key) != 0)
			fa_buf_printf(&b, "p.\"%s\", ", cols[i]);
	fa_buf_puts(&b, "p.bundle_id) WITH ORDINALITY AS u(");
	for (i = 0; cols[i] != NULL; i++)
		if (strcmp(cols[i], t->key) != 0)
			fa_buf_printf(&b, "\"%s\", ", cols[i]);
	fa_buf_printf(&b, "bundle_id, o) WHERE u.bundle_id IS NOT NULL AND"
	    " %s)", cond);
	return fa_buf_steal(&b);
}
