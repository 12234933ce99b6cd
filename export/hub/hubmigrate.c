/*
 * hubmigrate.c: an SQLite hub store copied into a new PostgreSQL one
 * ("fleetaudit hub migrate --to", hubstore.h).
 *
 * The source is held in one write transaction for the whole copy (BEGIN
 * IMMEDIATE: an import that comes meanwhile waits, or fails and is
 * retried by its sender, rather than land in a store being left), the
 * target is created with the same migrations, then filled in one
 * transaction, table by table in the order of the foreign keys, every
 * column as it is (ids included, so the collectors' rowids and the
 * bundles' links stay).  Identity sequences then start after the highest
 * id, and every table's row count is checked on both sides before the
 * commit.  A failure drops what was created, so the database is as empty
 * as it was and the migration can be run again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hubdb.h"
#include "hubrec.h"
#include "hubstore.h"

/* In the order of the foreign keys; 1: has an identity column "id".
 * The records' tables but the alerts and cartridges are views on
 * PostgreSQL (schema 15, hubrec.h): their rows go into tables of
 * schema 13's columns, rec_KIND_in (hubrec_stage_sql()), then packed
 * (hubrec_unstage_sql()). */
static const struct {
	const char	*name, *src;
	int		 identity;
} tables[] = {
	{ "accounts", "main.accounts", 1 },
	{ "collectors", "main.collectors", 1 },
	{ "sites", "main.sites", 1 },
	{ "collector_sequences", "main.collector_sequences", 0 },
	{ "bundles", "main.bundles", 1 },
	{ "devices", "main.devices", 1 },
	{ "rec_text", "main.rec_text", 1 },
	{ "rec_scans_in", "main.rec_scans", 0 },
	{ "rec_meters_in", "main.rec_meters", 0 },
	{ "rec_supplies_in", "main.rec_supplies", 0 },
	{ "rec_trays_in", "main.rec_trays", 0 },
	{ "rec_alerts", "main.rec_alerts", 0 },
	{ "rec_meter_checks_in", "main.rec_meter_checks", 0 },
	{ "rec_status_errors_in", "main.rec_status_errors", 0 },
	{ "rec_display_in", "main.rec_display", 0 },
	{ "rec_meter_flags_in", "main.rec_meter_flags", 0 },
	{ "rec_supply_instances", "main.rec_supply_instances", 0 },
	{ "users", "main.users", 1 },
	{ "user_accounts", "main.user_accounts", 0 },
	{ "sessions", "main.sessions", 0 },
	{ "login_attempts", "main.login_attempts", 0 },
	{ "supply_orders", "main.supply_orders", 1 },
	{ "audit_log", "main.audit_log", 1 },
	{ "notify_rules", "main.notify_rules", 1 },
	{ "notify_open", "main.notify_open", 0 },
	{ "notify_messages", "main.notify_messages", 1 },
	{ "notify_notices", "main.notify_notices", 1 },
	{ "notify_log", "main.notify_log", 1 },
	{ "rdl_config", "main.rdl_config", 0 },
	{ "rdl_accounts", "main.rdl_accounts", 0 },
	{ "rdl_rights", "main.rdl_rights", 0 },
	{ "rdl_sessions", "main.rdl_sessions", 1 },
	{ "rdl_requests", "main.rdl_requests", 1 },
	{ "cmdq.commands", "cmdq.commands", 1 },
};

/* Whether table name is a packed kind's staging table (rec_KIND_in). */
static int
staged(const char *name)
{
	size_t	len = strlen(name);

	return len > 3 && strcmp(name + len - 3, "_in") == 0;
}

/* sql run on db, then freed. */
static int
exec_free(struct hubdb *db, char *sql, struct fa_err *e)
{
	int	rc = hubdb_exec(db, sql, e);

	free(sql);
	return rc;
}

static const char drop_sql[] = "DROP SCHEMA IF EXISTS cmdq CASCADE;"
    " DROP VIEW IF EXISTS records;"
    " DROP TABLE IF EXISTS rec_scans_p, rec_meters_p, rec_supplies_p,"
    " rec_trays_p, rec_meter_checks_p, rec_status_errors_p,"
    " rec_display_p, rec_meter_flags_p, rec_alerts, rec_supply_instances"
    " CASCADE;"
    " DROP FUNCTION IF EXISTS hubrec_sd(integer, integer[]);"
    " DROP TABLE IF EXISTS rec_text CASCADE;"
    " DROP TABLE IF EXISTS rdl_requests, rdl_sessions, rdl_rights,"
    " rdl_accounts, rdl_config, notify_log, notify_notices, notify_messages,"
    " notify_open, notify_rules, audit_log, supply_orders, login_attempts, sessions, user_accounts, users,"
    " devices, bundles, collector_sequences, sites, collectors,"
    " accounts, hub_meta"
    " CASCADE";

/* The columns of table (schema.name) and whether each is an integer or
 * a blob ('i', 'b', 't'), from SQLite's table_info. */
static int
columns(struct hubdb *src, const char *table, struct fa_buf *cols,
    struct fa_buf *types, struct fa_err *e)
{
	struct hubdb_st	*st;
	const char	*dot = strchr(table, '.'), *type;
	char		*sql;
	int		 rc;

	sql = fa_asprintf("PRAGMA %.*s.table_info(%s)", (int)(dot - table),
	    table, dot + 1);
	rc = hubdb_prepare(src, sql, &st, e);
	free(sql);
	if (rc != 0)
		return -1;
	while ((rc = hubdb_step(st, e)) == 1) {
		type = hubdb_col_text(st, 2);
		fa_buf_printf(cols, "%s\"%s\"", cols->len ? ", " : "",
		    hubdb_col_text(st, 1));
		fa_buf_add(types, strcmp(type, "INTEGER") == 0 ? "i" :
		    strcmp(type, "BLOB") == 0 ? "b" : "t", 1);
	}
	hubdb_finalize(st);
	return rc;
}

/* Every row of one table; *copied gets the count. */
static int
copy_table(struct hubdb *src, struct hubdb *dst, size_t t, int64_t *copied,
    struct fa_err *e)
{
	struct fa_buf	 cols = FA_BUF_INIT, types = FA_BUF_INIT;
	struct fa_buf	 ins = FA_BUF_INIT;
	struct hubdb_st	*rd = NULL, *wr = NULL;
	const void	*blob;
	char		*sql = NULL;
	size_t		 i, len;
	int		 rc = -1, x;

	*copied = 0;
	if (columns(src, tables[t].src, &cols, &types, e) != 0)
		goto out;
	sql = fa_asprintf("SELECT %s FROM %s", cols.s, tables[t].src);
	fa_buf_printf(&ins, "INSERT INTO %s (%s) VALUES (", tables[t].name,
	    cols.s);
	for (i = 0; i < types.len; i++)
		fa_buf_printf(&ins, "%s?%zu", i ? ", " : "", i + 1);
	fa_buf_puts(&ins, ")");
	if (hubdb_prepare(src, sql, &rd, e) != 0 ||
	    hubdb_prepare(dst, ins.s, &wr, e) != 0)
		goto out;
	/* The rows go in pipeline mode, as an import's records. */
	if (hubdb_batch_begin(dst, e) != 0)
		goto out;
	while ((x = hubdb_step(rd, e)) == 1) {
		for (i = 0; i < types.len; i++) {
			if (hubdb_col_null(rd, (int)i))
				hubdb_bind_null(wr, (int)i + 1);
			else if (types.s[i] == 'i')
				hubdb_bind_int(wr, (int)i + 1,
				    hubdb_col_int(rd, (int)i));
			else if (types.s[i] == 'b') {
				blob = hubdb_col_blob(rd, (int)i, &len);
				hubdb_bind_blob(wr, (int)i + 1, blob, len);
			} else
				hubdb_bind_text(wr, (int)i + 1,
				    hubdb_col_text(rd, (int)i));
		}
		if (hubdb_send(wr, NULL, e) != 0)
			goto out;
		++*copied;
	}
	if (hubdb_batch_end(dst, x != 0 ? NULL : e) != 0 || x != 0)
		goto out;
	if (tables[t].identity) {
		free(sql);
		sql = fa_asprintf("SELECT setval(pg_get_serial_sequence('%s',"
		    " 'id'), (SELECT coalesce(max(id), 0) + 1 FROM %s), false)",
		    tables[t].name, tables[t].name);
		if (hubdb_exec(dst, sql, e) != 0)
			goto out;
	}
	rc = 0;
out:
	if (rc != 0 && hubdb_batch_end(dst, NULL) != 0) {
		/* the first error is the one told */
	}
	hubdb_finalize(rd);
	hubdb_finalize(wr);
	fa_buf_release(&cols);
	fa_buf_release(&types);
	fa_buf_release(&ins);
	free(sql);
	return rc;
}

/* Rows of table on db; -1 on error. */
static int64_t
count(struct hubdb *db, const char *table, struct fa_err *e)
{
	char	*sql = fa_asprintf("SELECT count(*) FROM %s", table);
	int64_t	 n;
	int	 rc = hubdb_int(db, sql, NULL, 0, &n, e);

	free(sql);
	return rc == 0 ? n : -1;
}

int
hubstore_migrate(struct hubstore *from, const char *conninfo,
    hubstore_migrate_cb *cb, void *arg, struct fa_err *e)
{
	struct hubstore	*to = NULL;
	struct hubdb	*src = hubstore_db(from), *dst;
	struct fa_err	 e2;
	int64_t		 n, ns, nd;
	size_t		 t, len;
	char		*view;
	int		 created = 0, rc = -1;

	if (hubdb_kind(src) != HUBDB_SQLITE)
		return fa_errf(e, "the hub store is already in PostgreSQL "
		    "(%s)", hubstore_path(from));
	/* Attached before the transaction: SQLite attaches outside one. */
	if (hubstore_command_queue(from, e) != 0 || hubdb_begin(src, e) != 0)
		return -1;
	if (hubstore_create(conninfo, &to, e) != 0)
		goto out;
	created = 1;
	dst = hubstore_db(to);
	if (hubstore_command_queue(to, e) != 0 || hubdb_begin(dst, e) != 0)
		goto out;
	if (exec_free(dst, hubrec_stage_sql(), e) != 0)
		goto out;
	for (t = 0; t < nitems(tables); t++) {
		if (copy_table(src, dst, t, &n, e) != 0)
			goto out;
		if ((ns = count(src, tables[t].src, e)) < 0 ||
		    (nd = count(dst, tables[t].name, e)) < 0)
			goto out;
		if (ns != n || nd != n) {
			fa_errf(e, "table %s: %lld rows in the SQLite store, "
			    "%lld copied, %lld in PostgreSQL", tables[t].name,
			    (long long)ns, (long long)n, (long long)nd);
			goto out;
		}
		if (staged(tables[t].name))
			continue;	/* counted once packed, below */
		if (cb != NULL)
			cb(arg, tables[t].name, n);
	}
	if (exec_free(dst, hubrec_unstage_sql(), e) != 0)
		goto out;
	for (t = 0; t < nitems(tables); t++) {
		if (!staged(tables[t].name))
			continue;
		len = strlen(tables[t].name);
		view = fa_asprintf("%.*s", (int)(len - 3), tables[t].name);
		if ((ns = count(src, tables[t].src, e)) < 0 ||
		    (nd = count(dst, view, e)) < 0) {
			free(view);
			goto out;
		}
		if (ns != nd) {
			fa_errf(e, "table %s: %lld rows in the SQLite store, "
			    "%lld in PostgreSQL", view, (long long)ns,
			    (long long)nd);
			free(view);
			goto out;
		}
		if (cb != NULL)
			cb(arg, view, nd);
		free(view);
	}
	if (hubdb_commit(dst, e) != 0)
		goto out;
	/* Statistics for the planner at once (a device's read in packed
	 * rows is planned to read a whole site without them); the store is
	 * whole whatever this does. */
	if (hubdb_exec(dst, "ANALYZE", &e2) != 0) {
		/* autovacuum analyzes it later */
	}
	rc = 0;
out:
	hubdb_rollback(src);
	if (rc != 0 && created && to != NULL) {
		hubdb_rollback(hubstore_db(to));
		/* The first error is the one told; this one only adds. */
		if (hubdb_exec(hubstore_db(to), drop_sql, &e2) != 0 &&
		    e != NULL)
			fa_strlcat(e->msg, " (and what was created could not "
			    "be dropped)", sizeof(e->msg));
	}
	hubstore_close(to);
	return rc;
}
