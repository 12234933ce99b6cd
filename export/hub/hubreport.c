/*
 * hubreport.c: the report's gatherer on the hub (hubreport.h).
 *
 * The hub keeps each imported record as the JSON line the collector wrote
 * (docs/bundle-format.md, "The hub's store"): a device in devices.data,
 * every other kind in records.data, with "seen" records already applied
 * (they moved the run's last_scan_id and pos).  So the collector's tables
 * are rebuilt, one site at a time, in a private temporary SQLite database
 * (SQLite's "" file: it spills to disk when large and goes on close),
 * with the same names and columns, each row keeping its collector rowid
 * (the record's "row", or "id"), from the kinds' columns in the payload
 * schema (payload_columns()).  The collector's gatherer,
 * store_report_gather(), then reads them with its own queries: one code
 * for both reports, and for both back ends of the hub store, which is
 * only read here, in one read transaction (one snapshot for all sites).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <sqlite3.h>

#include "hubdb.h"
#include "hubrec.h"
#include "hubreport.h"
#include "../payload.h"

/* The kinds the gatherer reads, and the indexes its queries use. */
static const int kinds[] = { STORE_X_DEVICES, STORE_X_SCANS, STORE_X_METERS,
	STORE_X_SUPPLIES, STORE_X_INSTANCES, STORE_X_FLAGS, STORE_X_ALERTS,
	STORE_X_ERRORS };
#define NKINDS	nitems(kinds)

static const char indexes[] =
	"CREATE INDEX r_scans ON scans (device_id, time);"
	"CREATE INDEX r_meters ON meters (device_id, name, scan_id);"
	"CREATE INDEX r_sup_last ON supplies (last_scan_id);"
	"CREATE INDEX r_sup_inst ON supplies (instance_id);"
	"CREATE INDEX r_flags ON meter_flags (scan_id);"
	"CREATE INDEX r_alerts ON alerts (last_scan_id);"
	"CREATE INDEX r_errors ON status_errors (last_scan_id);";

struct rebuild {
	sqlite3		*lite;
	sqlite3_stmt	*ins[NKINDS];
	struct hubdb_st	*read[NKINDS];
	/* recent (hubreport_scan_recent()): the reads bounded by scan id
	 * ?2, the site's bound (recent_bound()) */
	int64_t		 recent;	/* seconds, 0: the whole history */
	struct hubdb_st	*bound;
	/* the records' texts by id (rec_text, hubrec.h), read once: a
	 * lookup per value in the read was a fifth of the rebuild */
	char		**txt;
	size_t		  ntxt;
};

static int
lite_fail(sqlite3 *lite, struct fa_err *e)
{
	return fa_errf(e, "cannot rebuild the account's tables for the "
	    "report: %s", sqlite3_errmsg(lite));
}

/* "CREATE TABLE k (c1 INTEGER PRIMARY KEY, ...)" into create and
 * "INSERT INTO k (c1, ...) VALUES (?1, ...)" into fill. */
static void
table_sql(int k, struct fa_buf *create, struct fa_buf *fill)
{
	const char *const *cols = payload_columns(k);
	const char	*name = payload_kinds[k];
	struct fa_buf	 vals = FA_BUF_INIT;
	size_t		 i, len;

	fa_buf_printf(create, "CREATE TABLE \"%s\" (", name);
	fa_buf_printf(fill, "INSERT INTO \"%s\" (", name);
	for (i = 0; cols[i] != NULL; i++) {
		len = strcspn(cols[i], ":");
		fa_buf_printf(create, "%s\"%.*s\" %s%s", i ? ", " : "",
		    (int)len, cols[i], cols[i][len + 1] == 'i' ? "INTEGER" :
		    "TEXT", i == 0 ? " PRIMARY KEY" : "");
		fa_buf_printf(fill, "%s\"%.*s\"", i ? ", " : "", (int)len,
		    cols[i]);
		fa_buf_printf(&vals, "%s?%zu", i ? ", " : "", i + 1);
	}
	fa_buf_printf(create, ")");
	fa_buf_printf(fill, ") VALUES (%s)", vals.s);
	fa_buf_release(&vals);
}

/* One JSON record into kind k's table, as json_extract() would put it. */
static int
put(struct rebuild *rb, size_t ki, const char *json, struct fa_err *e)
{
	const char *const *cols = payload_columns(kinds[ki]);
	sqlite3_stmt	*st = rb->ins[ki];
	json_object	*o, *v;
	char		 name[64];
	size_t		 i, len;
	int		 rc;

	if ((o = json_tokener_parse(json)) == NULL)
		return fa_errf(e, "the hub store holds a %s record that is not "
		    "JSON", payload_kinds[kinds[ki]]);
	for (i = 0; cols[i] != NULL; i++) {
		len = strcspn(cols[i], ":");
		snprintf(name, sizeof(name), "%.*s", (int)len, cols[i]);
		if (!json_object_object_get_ex(o, name, &v) || v == NULL)
			sqlite3_bind_null(st, (int)i + 1);
		else if (json_object_is_type(v, json_type_string))
			sqlite3_bind_text(st, (int)i + 1,
			    json_object_get_string(v), -1, SQLITE_TRANSIENT);
		else if (json_object_is_type(v, json_type_double))
			sqlite3_bind_double(st, (int)i + 1,
			    json_object_get_double(v));
		else
			sqlite3_bind_int64(st, (int)i + 1,
			    json_object_get_int64(v));
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	json_object_put(o);
	return rc == SQLITE_DONE ? 0 : lite_fail(rb->lite, e);
}

/* One typed record (its columns, in the payload's order, from the
 * current row of rd) into kind k's table. */
static int
put_row(struct rebuild *rb, size_t ki, struct hubdb_st *rd,
    struct fa_err *e)
{
	const char *const *cols = payload_columns(kinds[ki]);
	sqlite3_stmt	*st = rb->ins[ki];
	size_t		 i;
	int64_t		 id;
	int		 rc;

	for (i = 0; cols[i] != NULL; i++)
		if (hubdb_col_null(rd, (int)i))
			sqlite3_bind_null(st, (int)i + 1);
		else if (cols[i][strcspn(cols[i], ":") + 1] == 'i')
			sqlite3_bind_int64(st, (int)i + 1,
			    hubdb_col_int(rd, (int)i));
		else {
			id = hubdb_col_int(rd, (int)i);
			if (id < 0 || (size_t)id >= rb->ntxt ||
			    rb->txt[id] == NULL)
				return fa_errf(e, "the hub store's %s records "
				    "name a text it does not hold (%lld)",
				    payload_kinds[kinds[ki]], (long long)id);
			sqlite3_bind_text(st, (int)i + 1, rb->txt[id], -1,
			    SQLITE_STATIC);
		}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : lite_fail(rb->lite, e);
}

/* Kind k's records read from scan ?2 on are in the packed rows (rec_KIND_p,
 * PostgreSQL, schema 15) whose highest scan, pack_hi, is ?2 or more:
 * the condition for the view's index on it, empty where k is not
 * packed. */
static const char *
since(int k, int engine)
{
	const struct hubrec_table	*t = hubrec_table(k);

	return t != NULL && hubrec_packed(t, engine) ? " AND pack_hi >= ?2" :
	    "";
}

/* The read of kind k's records of site ?1: the devices' JSON, every
 * other kind's typed columns (hubrec.h); caller frees. */
static char *
read_sql(int k, int recent, int engine)
{
	const char *const		*cols = payload_columns(k);
	const struct hubrec_table	*t = hubrec_table(k);
	struct fa_buf			 b = FA_BUF_INIT, c = FA_BUF_INIT;
	struct fa_buf			 sub = FA_BUF_INIT, sup = FA_BUF_INIT;
	size_t				 i;

	if (t == NULL)
		return fa_strdup("SELECT data FROM devices WHERE site_id = ?1");
	/* (each text as its id: put_row() gives the text) */
	for (i = 0; cols[i] != NULL; i++)
		fa_buf_printf(&c, "%s\"%.*s\"", i ? ", " : "",
		    (int)strcspn(cols[i], ":"), cols[i]);
	fa_buf_printf(&b, "SELECT %s FROM %s WHERE site_id = ?1", c.s,
	    t->table);
	if (!recent) {
		fa_buf_release(&c);
		return fa_buf_steal(&b);
	}
	/*
	 * The records of scans from ?2 on, and of the current cartridges
	 * (each one's levels since it was fitted), and the older scans
	 * those name: the attributes' read, an alert's or a level's
	 * first scan.  Packed (PostgreSQL): the same, each record's
	 * packed row found first by its highest scan (since()); a
	 * current cartridge's levels are in rows whose highest scan is at
	 * least its first.
	 */
#define CUR_INST "SELECT id FROM rec_supply_instances WHERE site_id = ?1" \
	" AND last_scan_id >= ?2"
	fa_buf_puts(&sup, "");
	if (hubrec_packed(hubrec_table(STORE_X_SUPPLIES), engine))
		fa_buf_puts(&sup, " AND pack_hi >= LEAST(?2, (SELECT"
		    " coalesce(min(first_scan_id), ?2) FROM"
		    " rec_supply_instances WHERE site_id = ?1 AND"
		    " last_scan_id >= ?2))");
	switch (k) {
	case STORE_X_SCANS:
		fa_buf_printf(&sub, "SELECT attrs_from FROM rec_scans WHERE"
		    " site_id = ?1 AND id >= ?2%s UNION SELECT scan_id FROM"
		    " rec_alerts WHERE site_id = ?1 AND last_scan_id >= ?2%s"
		    " UNION SELECT scan_id FROM rec_supplies WHERE site_id ="
		    " ?1%s AND instance_id IN (" CUR_INST ")",
		    since(k, engine), since(STORE_X_ALERTS, engine), sup.s);
		fa_buf_printf(&b, " AND id >= ?2%s UNION ALL SELECT %s FROM"
		    " rec_scans WHERE site_id = ?1 AND id < ?2 AND id IN (%s)",
		    since(k, engine), c.s, sub.s);
		if (hubrec_packed(t, engine))
			fa_buf_printf(&b, " AND pack_blk IN (SELECT s >> "
			    HUBREC_PACK_SHIFT_S " FROM (%s) q(s))", sub.s);
		break;
	case STORE_X_SUPPLIES:
		fa_buf_printf(&b, " AND (last_scan_id >= ?2 OR instance_id IN"
		    " (" CUR_INST "))%s", sup.s);
		break;
	case STORE_X_FLAGS:
		fa_buf_printf(&b, " AND scan_id >= ?2%s", since(k, engine));
		break;
	default:	/* runs, cartridges: those still read from ?2 on */
		fa_buf_printf(&b, " AND last_scan_id >= ?2%s",
		    since(k, engine));
	}
#undef CUR_INST
	fa_buf_release(&sub);
	fa_buf_release(&sup);
	fa_buf_release(&c);
	return fa_buf_steal(&b);
}

/* Every text of the records by its id into rb->txt. */
static int
texts_read(struct hubstore *h, struct rebuild *rb, struct fa_err *e)
{
	struct hubdb_st	*st;
	size_t		 cap = 0;
	int64_t		 id;
	int		 rc;

	if (hubdb_prepare(hubstore_db(h), "SELECT id, t FROM rec_text", &st,
	    e) != 0)
		return -1;
	hubdb_stream(st);
	while ((rc = hubdb_step(st, e)) == 1) {
		if ((id = hubdb_col_int(st, 0)) < 0 || id > INT32_MAX)
			continue;
		if ((size_t)id >= cap) {
			cap = (size_t)id * 2 + 1024;
			rb->txt = fa_reallocarray(rb->txt, cap,
			    sizeof(*rb->txt));
			memset(rb->txt + rb->ntxt, 0, (cap - rb->ntxt) *
			    sizeof(*rb->txt));
			rb->ntxt = cap;
		}
		free(rb->txt[id]);
		rb->txt[id] = hubdb_col_strdup(st, 1);
	}
	hubdb_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* The scans a recent read's bounds go by (recent_bound()): rec_scans,
 * or on PostgreSQL (schema 15) its packed rows with only the columns
 * read unpacked; caller frees. */
static char *
scans_from(struct hubstore *h)
{
	static const char *const cols[] = { "id", "device_id", "parts",
	    "time", NULL };

	if (!hubrec_packed(hubrec_table(STORE_X_SCANS),
	    hubdb_kind(hubstore_db(h))))
		return fa_strdup("rec_scans");
	return hubrec_pack_cols_sql(STORE_X_SCANS, cols, "p.site_id = ?1");
}

static int
rebuild_open(struct hubstore *h, struct rebuild *rb, int64_t recent,
    struct fa_err *e)
{
	struct fa_buf	c = FA_BUF_INIT, f = FA_BUF_INIT;
	char		*sql, *from;
	size_t		i;
	int		rc = -1, x;

	memset(rb, 0, sizeof(*rb));
	rb->recent = recent;
	/* Each device's newest scan, newest scan of supplies and of
	 * alerts, and the time of its newest (hubreport_scan_recent()). */
	if (recent > 0) {
		from = scans_from(h);
		sql = fa_asprintf("SELECT max(id),"
		    " max(CASE WHEN (parts & 2) != 0 THEN id END),"
		    " max(CASE WHEN (parts & 4) != 0 THEN id END), max(time),"
		    " max(CASE WHEN (parts & 1) != 0 THEN id END)"
		    " FROM %s s WHERE site_id = ?1 GROUP BY device_id", from);
		free(from);
		x = hubdb_prepare(hubstore_db(h), sql, &rb->bound, e);
		free(sql);
		if (x != 0)
			return -1;
	}
	if (sqlite3_open_v2("", &rb->lite, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		return fa_errf(e, "cannot open a temporary database for the "
		    "report");
	if (sqlite3_exec(rb->lite, "PRAGMA journal_mode = OFF;"
	    " PRAGMA synchronous = OFF; PRAGMA cache_size = -65536", NULL,
	    NULL, NULL) != SQLITE_OK)
		return lite_fail(rb->lite, e);
	if (texts_read(h, rb, e) != 0)
		return -1;
	for (i = 0; i < NKINDS; i++) {
		c.len = f.len = 0;
		table_sql(kinds[i], &c, &f);
		if (sqlite3_exec(rb->lite, c.s, NULL, NULL, NULL) !=
		    SQLITE_OK || sqlite3_prepare_v2(rb->lite, f.s, -1,
		    &rb->ins[i], NULL) != SQLITE_OK) {
			lite_fail(rb->lite, e);
			goto out;
		}
		sql = read_sql(kinds[i], recent > 0,
		    hubdb_kind(hubstore_db(h)));
		x = hubdb_prepare(hubstore_db(h), sql, &rb->read[i], e);
		free(sql);
		if (x != 0)
			goto out;
		hubdb_stream(rb->read[i]);
	}
	if (sqlite3_exec(rb->lite, indexes, NULL, NULL, NULL) != SQLITE_OK) {
		lite_fail(rb->lite, e);
		goto out;
	}
	rc = 0;
out:
	fa_buf_release(&c);
	fa_buf_release(&f);
	return rc;
}

static void
rebuild_close(struct rebuild *rb)
{
	size_t	i;

	for (i = 0; i < NKINDS; i++) {
		sqlite3_finalize(rb->ins[i]);
		hubdb_finalize(rb->read[i]);
	}
	hubdb_finalize(rb->bound);
	for (i = 0; i < rb->ntxt; i++)
		free(rb->txt[i]);
	free(rb->txt);
	sqlite3_close(rb->lite);
}

/*
 * The lowest scan id of site whose records a recent read takes: every
 * device's newest scan, newest with meters, with supplies and with
 * alerts, and
 * every scan within rb->recent seconds of a device's newest (the first
 * scan from the oldest such time on), so that each device's current
 * state and its recent flags are all there.  Scan ids grow with the
 * collector's reads; a bound taken from the ids found, not from times,
 * stays right where they do not.  INT64_MAX when the site has no scan.
 * *meters: the lowest of the devices' newest scans that read meters:
 * the meter runs a recent read takes (its devices' newest page counts;
 * the flags are records of their own).
 */
static int
recent_bound(struct hubstore *h, struct rebuild *rb, int64_t site,
    int64_t *bound, int64_t *meters, struct fa_err *e)
{
	struct hubdb_st	*st = rb->bound;
	int64_t		 b = INT64_MAX, t = INT64_MAX, v;
	char		*sql, *from;
	int		 rc, i;

	*meters = INT64_MAX;
	hubdb_reset(st);
	hubdb_bind_int(st, 1, site);
	while ((rc = hubdb_step(st, e)) == 1) {
		if (!hubdb_col_null(st, 4) && hubdb_col_int(st, 4) < *meters)
			*meters = hubdb_col_int(st, 4);
		for (i = 0; i < 5; i++)
			if (i != 3 && !hubdb_col_null(st, i) &&
			    (v = hubdb_col_int(st, i)) < b)
				b = v;
		if (!hubdb_col_null(st, 3) && hubdb_col_int(st, 3) < t)
			t = hubdb_col_int(st, 3);
	}
	hubdb_reset(st);
	if (rc != 0)
		return -1;
	if (t != INT64_MAX) {
		from = scans_from(h);
		sql = fa_asprintf("SELECT min(id) FROM %s s WHERE"
		    " site_id = ?1 AND time >= ?2", from);
		free(from);
		rc = hubdb_prepare(hubstore_db(h), sql, &st, e);
		free(sql);
		if (rc != 0)
			return -1;
		hubdb_bind_int(st, 1, site);
		hubdb_bind_int(st, 2, t - rb->recent);
		if ((rc = hubdb_step(st, e)) == 1 && !hubdb_col_null(st, 0) &&
		    (v = hubdb_col_int(st, 0)) < b)
			b = v;
		hubdb_finalize(st);
		if (rc < 0)
			return -1;
	}
	*bound = b;
	return 0;
}

/* The tables of one site, in one transaction of the temporary database. */
static int
rebuild_site(struct hubstore *h, struct rebuild *rb, int64_t site,
    struct fa_err *e)
{
	struct hubdb_st	*st;
	const char	*data;
	char		*del;
	size_t		 i;
	int64_t		 bound = 0, meters = 0;
	int		 rc, x;

	if (rb->recent > 0 && recent_bound(h, rb, site, &bound, &meters,
	    e) != 0)
		return -1;

	if (sqlite3_exec(rb->lite, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return lite_fail(rb->lite, e);
	for (i = 0; i < NKINDS; i++) {
		del = fa_asprintf("DELETE FROM \"%s\"",
		    payload_kinds[kinds[i]]);
		x = sqlite3_exec(rb->lite, del, NULL, NULL, NULL);
		free(del);
		if (x != SQLITE_OK)
			goto fail;
		st = rb->read[i];
		hubdb_reset(st);
		hubdb_bind_int(st, 1, site);
		if (rb->recent > 0 && kinds[i] != STORE_X_DEVICES)
			hubdb_bind_int(st, 2, kinds[i] == STORE_X_METERS ?
			    meters : bound);
		while ((rc = hubdb_step(st, e)) == 1) {
			if (kinds[i] != STORE_X_DEVICES) {
				if (put_row(rb, i, st, e) != 0) {
					hubdb_reset(st);
					goto out;
				}
				continue;
			}
			if ((data = hubdb_col_text(st, 0)) == NULL)
				continue;
			if (put(rb, i, data, e) != 0) {
				hubdb_reset(st);
				goto out;
			}
		}
		hubdb_reset(st);
		if (rc != 0)
			goto out;
	}
	if (sqlite3_exec(rb->lite, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
		return 0;
fail:
	lite_fail(rb->lite, e);
out:
	sqlite3_exec(rb->lite, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static int scan(struct hubstore *, const char *, int64_t, int64_t, int64_t,
    int64_t, hubreport_site_cb *, store_rdev_cb *, void *, struct fa_err *);

int
hubreport_scan(struct hubstore *h, const char *account, int64_t from,
    int64_t to, int64_t lead, store_rdev_cb *cb, void *arg,
    struct fa_err *e)
{
	return hubreport_scan_sites(h, account, from, to, lead, NULL, cb, arg,
	    e);
}

int
hubreport_scan_sites(struct hubstore *h, const char *account, int64_t from,
    int64_t to, int64_t lead, hubreport_site_cb *site_cb, store_rdev_cb *cb,
    void *arg, struct fa_err *e)
{
	return scan(h, account, from, to, lead, 0, site_cb, cb, arg, e);
}

int
hubreport_scan_recent(struct hubstore *h, const char *account,
    int64_t recent, hubreport_site_cb *site_cb, store_rdev_cb *cb,
    void *arg, struct fa_err *e)
{
	return scan(h, account, 0, INT64_MAX / 2, 0, recent > 0 ? recent : 1,
	    site_cb, cb, arg, e);
}

static int
scan(struct hubstore *h, const char *account, int64_t from, int64_t to,
    int64_t lead, int64_t recent, hubreport_site_cb *site_cb,
    store_rdev_cb *cb, void *arg, struct fa_err *e)
{
	struct hubdb	*db = hubstore_db(h);
	struct hubdb_st	*st = NULL;
	struct rebuild	 rb;
	int64_t		 acc, *sites = NULL;
	char		**fps = NULL, **names = NULL;
	size_t		 nsites = 0, i;
	int		 rc, ret = -1;

	memset(&rb, 0, sizeof(rb));
	if (hubdb_begin_read(db, e) != 0)
		return -1;
	if (hubstore_account_id(h, account, &acc, e) != 0)
		goto out;
	if (hubdb_prepare(db, "SELECT s.id, s.fingerprint, "
	    HUBSTORE_SITE_NAME_SQL " FROM sites s WHERE s.account_id = ?1"
	    " ORDER BY s.id", &st, e) != 0)
		goto out;
	hubdb_bind_int(st, 1, acc);
	while ((rc = hubdb_step(st, e)) == 1) {
		sites = fa_reallocarray(sites, nsites + 1, sizeof(*sites));
		fps = fa_reallocarray(fps, nsites + 1, sizeof(*fps));
		names = fa_reallocarray(names, nsites + 1, sizeof(*names));
		sites[nsites] = hubdb_col_int(st, 0);
		fps[nsites] = hubdb_col_strdup(st, 1);
		names[nsites++] = hubdb_col_strdup(st, 2);
	}
	if (rc != 0 || rebuild_open(h, &rb, recent, e) != 0)
		goto out;
	for (i = 0; i < nsites; i++)
		if ((site_cb != NULL && site_cb(arg, sites[i], fps[i],
		    names[i], e) != 0) || rebuild_site(h, &rb, sites[i],
		    e) != 0 ||
		    store_report_gather(rb.lite, from, to, lead, cb, arg,
		    e) != 0)
			goto out;
	ret = 0;
out:
	hubdb_finalize(st);
	rebuild_close(&rb);
	for (i = 0; i < nsites; i++) {
		free(fps[i]);
		free(names[i]);
	}
	free(fps);
	free(names);
	free(sites);
	/* Nothing was written: the read transaction just ends. */
	hubdb_rollback(db);
	return ret;
}
