/*
 * hubaccount.c: an account's data exported whole, or deleted from every
 * table (hubaccount.h, docs/accounts.md).
 *
 * The export is JSON lines, one row a line, so that an account of
 * millions of records streams through in constant memory (the rows are
 * read in PostgreSQL's single-row mode) and a reader takes it a line at
 * a time.  Columns are named here, table by table, rather than read from
 * the catalogue: the file's layout is a promise to whoever reads it, not
 * whatever the schema happens to be.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "hubaccount.h"
#include "hubdb.h"
#include "hubrec.h"

const char *const hubaccount_tables[HUBACCOUNT_NTABLES] = {
	"accounts", "collectors", "sites", "bundles", "devices", "records",
	"supply_orders", "users", "commands", "notify_rules",
};

/* Each table's query (?1: the account's id) and its columns, each
 * "i:NAME" (integer), "s:NAME" (text) or "j:NAME" (JSON text). */
static const struct {
	const char	*sql;
	const char	*cols;
} q[HUBACCOUNT_NTABLES] = {
	{ "SELECT id, name, created FROM accounts WHERE id = ?1",
	    "i:id,s:name,i:created" },
	{ "SELECT id, fingerprint, public_key, comment, name, added, removed"
	    " FROM collectors WHERE account_id = ?1 ORDER BY id",
	    "i:id,s:fingerprint,s:public_key,s:comment,s:name,i:added,"
	    "i:removed" },
	{ "SELECT id, fingerprint, public_key, first_import, last_import,"
	    " last_sequence FROM sites WHERE account_id = ?1 ORDER BY id",
	    "i:id,s:fingerprint,s:public_key,i:first_import,i:last_import,"
	    "i:last_sequence" },
	{ "SELECT b.id, b.bundle_id, b.site_id, b.sequence, b.hash,"
	    " b.created, b.imported, b.after_scan, b.upto_scan, b.records,"
	    " b.manifest FROM bundles b JOIN sites s ON s.id = b.site_id"
	    " WHERE s.account_id = ?1 ORDER BY b.id",
	    "i:id,s:bundle_id,i:site_id,i:sequence,s:hash,i:created,"
	    "i:imported,i:after_scan,i:upto_scan,i:records,j:manifest" },
	{ "SELECT id, site_id, src_id, key_kind, key_value, vendor, model,"
	    " serial, mac, address, first_seen, last_seen, data"
	    " FROM devices WHERE account_id = ?1 ORDER BY id",
	    "i:id,i:site_id,i:src_id,s:key_kind,s:key_value,s:vendor,"
	    "s:model,s:serial,s:mac,s:address,i:first_seen,i:last_seen,"
	    "j:data" },
	{ "SELECT r.site_id, r.kind, r.src_id, r.device_src, r.data"
	    " FROM records r JOIN sites s ON s.id = r.site_id"
	    " WHERE s.account_id = ?1 ORDER BY r.site_id, r.kind, r.src_id",
	    "i:site_id,s:kind,i:src_id,i:device_src,j:data" },
	{ "SELECT id, site_id, device_src, idx, installed, part_number,"
	    " reason, suggested, ordered, ordered_by FROM supply_orders"
	    " WHERE account_id = ?1 ORDER BY id",
	    "i:id,i:site_id,i:device_src,i:idx,i:installed,s:part_number,"
	    "s:reason,i:suggested,i:ordered,s:ordered_by" },
	{ "SELECT u.name, u.role FROM users u JOIN user_accounts a"
	    " ON a.user_id = u.id WHERE a.account_id = ?1 ORDER BY u.name",
	    "s:name,s:role" },
	{ "SELECT m.id, m.fingerprint, m.kind, m.argument, m.created, m.sent,"
	    " m.done, m.status FROM cmdq.commands m WHERE m.fingerprint IN"
	    " (SELECT c.fingerprint FROM collectors c WHERE"
	    " c.account_id = ?1) ORDER BY m.id",
	    "i:id,s:fingerprint,s:kind,s:argument,i:created,i:sent,i:done,"
	    "s:status" },
	/* never the webhook's secret */
	{ "SELECT id, name, conditions, target, threshold, days, silent_days,"
	    " digest_hour, created FROM notify_rules WHERE account_id = ?1"
	    " ORDER BY id",
	    "i:id,s:name,s:conditions,s:target,i:threshold,i:days,"
	    "i:silent_days,i:digest_hour,i:created" },
};

/* The row's columns as a JSON object. */
static json_object *
row_json(struct hubdb_st *st, const char *cols)
{
	json_object	*o = json_object_new_object(), *v;
	const char	*p = cols, *end, *t;
	char		 name[64];
	int		 i = 0;
	size_t		 n;

	while (*p != '\0') {
		end = strchr(p, ',');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		snprintf(name, sizeof(name), "%.*s", (int)n - 2, p + 2);
		v = NULL;
		if (!hubdb_col_null(st, i)) {
			if (p[0] == 'i')
				v = json_object_new_int64(hubdb_col_int(st,
				    i));
			else if ((t = hubdb_col_text(st, i)) != NULL &&
			    (p[0] != 'j' ||
			    (v = json_tokener_parse(t)) == NULL))
				v = json_object_new_string(t);
		}
		json_object_object_add(o, name, v);
		i++;
		p += n + (end != NULL);
	}
	return o;
}

static int
emit(hubaccount_write_fn *fn, void *arg, json_object *o, struct fa_err *e)
{
	const char	*s = json_object_to_json_string_ext(o,
			    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

	return fn(arg, s, strlen(s), e);
}

int
hubaccount_export(struct hubstore *hs, const char *account, int64_t now,
    hubaccount_write_fn *fn, void *arg, struct hubaccount_counts *c,
    struct fa_err *e)
{
	struct hubdb	*db = hubstore_db(hs);
	struct hubdb_st	*st = NULL;
	json_object	*o, *line;
	int64_t		 acc;
	size_t		 t;
	int		 rc, ret = -1;

	memset(c, 0, sizeof(*c));
	if (hubstore_command_queue(hs, e) != 0 || hubdb_begin_read(db, e) != 0)
		return -1;
	if (hubstore_account_id(hs, account, &acc, e) != 0)
		goto out;
	o = json_object_new_object();
	json_object_object_add(o, "fleetaudit",
	    json_object_new_string("account-export"));
	json_object_object_add(o, "version", json_object_new_int(1));
	json_object_object_add(o, "account", json_object_new_string(account));
	json_object_object_add(o, "exported", json_object_new_int64(now));
	rc = emit(fn, arg, o, e);
	json_object_put(o);
	if (rc != 0)
		goto out;
	for (t = 0; t < HUBACCOUNT_NTABLES; t++) {
		if (hubdb_prepare(db, q[t].sql, &st, e) != 0)
			goto out;
		hubdb_bind_int(st, 1, acc);
		hubdb_stream(st);
		while ((rc = hubdb_step(st, e)) == 1) {
			line = json_object_new_object();
			json_object_object_add(line, "table",
			    json_object_new_string(hubaccount_tables[t]));
			json_object_object_add(line, "row",
			    row_json(st, q[t].cols));
			rc = emit(fn, arg, line, e);
			json_object_put(line);
			if (rc != 0)
				goto out;
			c->n[t]++;
		}
		hubdb_finalize(st);
		st = NULL;
		if (rc != 0)
			goto out;
	}
	ret = 0;
out:
	hubdb_finalize(st);
	hubdb_rollback(db);	/* a read transaction: nothing to keep */
	return ret;
}

/* What goes, children first (foreign keys); ?1 the account's id.  The
 * counts are those of the tables of the same index. */
static const struct {
	int		 table;
	const char	*sql;
} del[] = {
	{ HUBACCOUNT_COMMANDS, "DELETE FROM cmdq.commands WHERE fingerprint IN"
	    " (SELECT c.fingerprint FROM collectors c WHERE c.account_id = ?1)"
	    " AND fingerprint NOT IN (SELECT c.fingerprint FROM collectors c"
	    " WHERE c.account_id != ?1 AND c.removed IS NULL)" },
	{ HUBACCOUNT_ORDERS, "DELETE FROM supply_orders WHERE account_id = ?1" },
	/* a rule's notices, messages and open conditions, then the rules
	 * (the count is the rules') */
#define NOTIFY_OF " WHERE rule_id IN (SELECT id FROM notify_rules" \
	" WHERE account_id = ?1)"
	{ HUBACCOUNT_NOTIFY, "DELETE FROM notify_notices" NOTIFY_OF },
	{ HUBACCOUNT_NOTIFY, "DELETE FROM notify_messages" NOTIFY_OF },
	{ HUBACCOUNT_NOTIFY, "DELETE FROM notify_open" NOTIFY_OF },
	{ HUBACCOUNT_NOTIFY, "DELETE FROM notify_rules WHERE account_id = ?1" },
#undef NOTIFY_OF
	{ HUBACCOUNT_USERS, "DELETE FROM user_accounts WHERE account_id = ?1" },
	/* each kind's table (hubrec.h; the count is their sum) */
#define RECORDS_OF(T) { HUBACCOUNT_RECORDS, "DELETE FROM " T " WHERE" \
	" site_id IN (SELECT id FROM sites WHERE account_id = ?1)" }
	RECORDS_OF("rec_scans"), RECORDS_OF("rec_meters"),
	RECORDS_OF("rec_supplies"), RECORDS_OF("rec_trays"),
	RECORDS_OF("rec_alerts"), RECORDS_OF("rec_meter_checks"),
	RECORDS_OF("rec_status_errors"), RECORDS_OF("rec_display"),
	RECORDS_OF("rec_meter_flags"), RECORDS_OF("rec_supply_instances"),
#undef RECORDS_OF
	{ HUBACCOUNT_DEVICES, "DELETE FROM devices WHERE account_id = ?1" },
	{ HUBACCOUNT_BUNDLES, "DELETE FROM bundles WHERE site_id IN"
	    " (SELECT id FROM sites WHERE account_id = ?1)" },
	{ HUBACCOUNT_SITES, "DELETE FROM sites WHERE account_id = ?1" },
	{ HUBACCOUNT_COLLECTORS, "DELETE FROM collectors WHERE"
	    " account_id = ?1" },
	{ HUBACCOUNT_ACCOUNTS, "DELETE FROM accounts WHERE id = ?1" },
};

/* Whether del's statement sql0 deletes from a view of packed records
 * (PostgreSQL, schema 15: hubrec.h). */
static int
packed_delete(struct hubdb *db, const char *sql0)
{
	const struct hubrec_table	*t;
	const char			*v = sql0 + strlen("DELETE FROM ");
	size_t				 i, n;

	t = hubrec_tables(&n);
	for (i = 0; i < n; i++)
		if (strlen(t[i].table) == strcspn(v, " ") &&
		    strncmp(t[i].table, v, strcspn(v, " ")) == 0)
			return hubrec_packed(&t[i], hubdb_kind(db));
	return 0;
}

/* PostgreSQL (schema 15): del's records of account acc deleted from
 * the packed table behind the view it names (hubrec.h), their count
 * into *n, not the rows'. */
static int
records_delete_pg(struct hubdb *db, const char *sql0, int64_t acc,
    int64_t *n, struct fa_err *e)
{
	struct hubdb_st	*st;
	const char	*v = sql0 + strlen("DELETE FROM ");
	char		*sql;
	int		 rc;

	*n = 0;
	sql = fa_asprintf("WITH d AS (DELETE FROM %.*s_p%s RETURNING"
	    " bundle_id) SELECT count(b) FROM d CROSS JOIN LATERAL"
	    " unnest(d.bundle_id) AS b", (int)strcspn(v, " "), v,
	    v + strcspn(v, " "));
	rc = hubdb_prepare(db, sql, &st, e);
	free(sql);
	if (rc != 0)
		return -1;
	hubdb_bind_int(st, 1, acc);
	if ((rc = hubdb_step(st, e)) == 1)
		*n = hubdb_col_int(st, 0);
	hubdb_finalize(st);
	return rc == 1 ? 0 : -1;
}

int
hubaccount_delete(struct hubstore *hs, const char *account,
    struct hubaccount_counts *c, struct fa_err *e)
{
	struct hubdb	*db = hubstore_db(hs);
	int64_t		 acc, n;
	size_t		 i;
	int		 ret = -1;
	char		*gc = NULL;

	memset(c, 0, sizeof(*c));
	if (hubstore_command_queue(hs, e) != 0 || hubdb_begin(db, e) != 0)
		return -1;
	if (hubstore_account_id(hs, account, &acc, e) != 0)
		goto out;
	if (hubdb_kind(db) == HUBDB_PG &&
	    hubdb_exec(db, HUBREC_TEXT_ALONE, e) != 0)
		goto out;
	for (i = 0; i < nitems(del); i++) {
		if (del[i].table == HUBACCOUNT_RECORDS &&
		    packed_delete(db, del[i].sql)) {
			if (records_delete_pg(db, del[i].sql, acc, &n, e) != 0)
				goto out;
		} else if (hubdb_run(db, del[i].sql, NULL, acc, &n, e) != 0)
			goto out;
		if (del[i].table == HUBACCOUNT_RECORDS)
			c->n[del[i].table] += n;
		else
			c->n[del[i].table] = n;
	}
	/* the texts (a location, a contact, a serial) only its records
	 * held go with them */
	gc = hubrec_text_gc_sql();
	if (hubdb_exec(db, gc, e) != 0)
		goto out;
	ret = 0;
out:
	free(gc);
	return hubdb_end(db, ret, e);
}
