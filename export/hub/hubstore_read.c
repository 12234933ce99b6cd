/*
 * hubstore_read.c: the hub store's readers for the web view and "hub
 * devices" (hubstore.h, "readers"): each page asks for rows, not SQL,
 * and an account's devices are read by one function whatever lists them.
 *
 * The SQL is in the subset both engines read (hubdb.h).  Each reader
 * fills an array of rows that own their strings, so a failure halfway
 * frees what it read and gives nothing.  Big reads (an account's alerts
 * and cartridges) stream their rows (hubdb_stream()).
 *
 * Records are JSON as imported; the readers parse them here, so a page
 * gets typed rows.  A device's history reads all of one device's records
 * at once (the records_device index) and keeps them parsed until it is
 * released: its rows' strings point into them.  Scans are sorted by id
 * and looked up by binary search (a row names its first and last scan by
 * id).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../../cli/plat_net.h"
#include "../../cli/util.h"
#include "../../collector/device.h"
#include "../period.h"
#include "../report.h"
#include "hubdb.h"
#include "hubrec.h"
#include "hubstore.h"

/* e's message prefixed with what (as hubstore.c's). */
static int
failed(const char *what, struct fa_err *e)
{
	char	msg[sizeof(e->msg)];

	fa_strlcpy(msg, e->msg, sizeof(msg));
	return fa_errf(e, "%s: %s", what, msg);
}

static const char *
jstr(struct json_object *o, const char *k)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, k, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* An integer member, or dflt when missing or null. */
static int64_t
jint(struct json_object *o, const char *k, int64_t dflt)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, k, &v) ||
	    !json_object_is_type(v, json_type_int))
		return dflt;
	return json_object_get_int64(v);
}

/* How a reader's rows are made: size bytes each; fill() makes one from
 * the statement's current result (0, or 1 to leave that result out: the
 * row is then as fill() left it, and released), release() frees one. */
struct rowtype {
	size_t	 size;
	int	(*fill)(struct hubdb_st *, void *row, const void *arg);
	void	(*release)(void *row);
};

/*
 * Steps st to its end, or to max rows (0: no limit), making a row of
 * type t from each result into a new array *out of *n; finalizes st.  On
 * failure nothing is kept and e's message starts with what.
 */
static int
collect(struct hubdb_st *st, const struct rowtype *t, const void *arg,
    size_t max, void **out, size_t *n, const char *what, struct fa_err *e)
{
	char	*v = NULL, *row;
	size_t	 nv = 0, cap = 0, i;
	int	 rc = 0;

	*out = NULL;
	*n = 0;
	while ((max == 0 || nv < max) && (rc = hubdb_step(st, e)) == 1) {
		if (nv == cap) {
			cap = cap ? 2 * cap : 16;
			v = fa_reallocarray(v, cap, t->size);
		}
		row = v + nv * t->size;
		memset(row, 0, t->size);
		if (t->fill(st, row, arg) == 0)
			nv++;
		else
			t->release(row);
	}
	hubdb_finalize(st);
	if (rc < 0) {
		for (i = 0; i < nv; i++)
			t->release(v + i * t->size);
		free(v);
		return failed(what, e);
	}
	*out = v;
	*n = nv;
	return 0;
}

/* ---- accounts ---- */

void
hubstore_accrow_release(struct hubstore_accrow *r)
{
	free(r->name);
	memset(r, 0, sizeof(*r));
}

static int
acc_fill(struct hubdb_st *st, void *row, const void *counts)
{
	struct hubstore_accrow	*r = row;

	r->id = hubdb_col_int(st, 0);
	r->name = hubdb_col_strdup(st, 1);
	if (*(const int *)counts) {
		r->sites = hubdb_col_int(st, 2);
		r->devices = hubdb_col_int(st, 3);
		r->last_import = hubdb_col_int(st, 4);
	}
	return 0;
}

static void
acc_release(void *r)
{
	hubstore_accrow_release(r);
}

static const struct rowtype acc_rows = { sizeof(struct hubstore_accrow),
	acc_fill, acc_release };

int
hubstore_account_list(struct hubstore *h, int64_t user, size_t max,
    unsigned flags, struct hubstore_accrow **rows, size_t *n,
    struct fa_err *e)
{
	static const char what[] = "cannot list accounts";
	struct hubdb_st	*st;
	void		*v;
	int		 counts = (flags & HUBSTORE_ACC_COUNTS) != 0;

	*rows = NULL;
	*n = 0;
	if (hubdb_prepare(hubstore_db(h), counts ? "SELECT a.id, a.name,"
	    " (SELECT count(*) FROM sites s WHERE s.account_id = a.id),"
	    " (SELECT count(*) FROM devices d WHERE d.account_id = a.id),"
	    " (SELECT max(s.last_import) FROM sites s WHERE"
	    " s.account_id = a.id) FROM accounts a WHERE ?1 = 1 OR a.id IN"
	    " (SELECT u.account_id FROM user_accounts u WHERE u.user_id = ?2)"
	    " ORDER BY a.name" :
	    "SELECT a.id, a.name FROM accounts a WHERE ?1 = 1 OR a.id IN"
	    " (SELECT u.account_id FROM user_accounts u WHERE u.user_id = ?2)"
	    " ORDER BY a.name", &st, e) != 0)
		return failed(what, e);
	hubdb_bind_int(st, 1, user == HUBSTORE_EVERY_ACCOUNT);
	hubdb_bind_int(st, 2, user);
	if (collect(st, &acc_rows, &counts, max, &v, n, what, e) != 0)
		return -1;
	*rows = v;
	return 0;
}

int
hubstore_account_find(struct hubstore *h, const char *name, int64_t *id,
    struct fa_err *e)
{
	if (hubdb_int(hubstore_db(h), "SELECT id FROM accounts WHERE"
	    " name = ?1", name, 0, id, e) != 0)
		return failed("cannot read the hub store", e);
	return *id < 0 ? 1 : 0;
}

/* ---- sites ---- */

void
hubstore_siterow_release(struct hubstore_siterow *r)
{
	free(r->fingerprint);
	free(r->name);
	memset(r, 0, sizeof(*r));
}

static int
site_fill(struct hubdb_st *st, void *row, const void *arg)
{
	struct hubstore_siterow	*r = row;

	(void)arg;
	r->id = hubdb_col_int(st, 0);
	r->fingerprint = hubdb_col_strdup(st, 1);
	r->devices = hubdb_col_int(st, 2);
	r->first_import = hubdb_col_int(st, 3);
	r->last_import = hubdb_col_int(st, 4);
	r->last_sequence = hubdb_col_int(st, 5);
	r->name = hubdb_col_strdup(st, 6);
	return 0;
}

static void
site_release(void *r)
{
	hubstore_siterow_release(r);
}

static const struct rowtype site_rows = { sizeof(struct hubstore_siterow),
	site_fill, site_release };

int
hubstore_site_list(struct hubstore *h, int64_t account_id,
    struct hubstore_siterow **rows, size_t *n, struct fa_err *e)
{
	static const char what[] = "cannot list sites";
	struct hubdb_st	*st;
	void		*v;

	*rows = NULL;
	*n = 0;
	if (hubdb_prepare(hubstore_db(h), "SELECT s.id, s.fingerprint,"
	    " (SELECT count(*) FROM devices d WHERE d.site_id = s.id),"
	    " s.first_import, s.last_import, s.last_sequence, "
	    HUBSTORE_SITE_NAME_SQL " FROM sites s"
	    " WHERE s.account_id = ?1 ORDER BY s.id", &st, e) != 0)
		return failed(what, e);
	hubdb_bind_int(st, 1, account_id);
	if (collect(st, &site_rows, NULL, 0, &v, n, what, e) != 0)
		return -1;
	*rows = v;
	return 0;
}

/* ---- devices ---- */

/* The columns of a struct hubstore_devrow, in devrow_fill()'s order. */
#define DEV_COLUMNS	"SELECT d.id, d.site_id, d.account_id, a.name," \
	" s.fingerprint, d.src_id, d.address, d.vendor, d.model, d.serial," \
	" d.mac, d.first_seen, d.last_seen, " HUBSTORE_SITE_NAME_SQL \
	" FROM devices d" \
	" JOIN sites s ON s.id = d.site_id" \
	" JOIN accounts a ON a.id = d.account_id"

static int
devrow_fill(struct hubdb_st *st, void *row, const void *arg)
{
	struct hubstore_devrow	*r = row;

	(void)arg;
	r->id = hubdb_col_int(st, 0);
	r->site_id = hubdb_col_int(st, 1);
	r->account_id = hubdb_col_int(st, 2);
	r->account = hubdb_col_strdup(st, 3);
	r->collector = hubdb_col_strdup(st, 4);
	r->src_id = hubdb_col_int(st, 5);
	r->address = hubdb_col_strdup(st, 6);
	r->vendor = hubdb_col_strdup(st, 7);
	r->model = hubdb_col_strdup(st, 8);
	r->serial = hubdb_col_strdup(st, 9);
	r->mac = hubdb_col_strdup(st, 10);
	r->first_seen = hubdb_col_int(st, 11);
	r->last_seen = hubdb_col_int(st, 12);
	r->site = hubdb_col_strdup(st, 13);
	return 0;
}

void
hubstore_devrow_release(struct hubstore_devrow *r)
{
	free(r->account);
	free(r->collector);
	free(r->site);
	free(r->address);
	free(r->vendor);
	free(r->model);
	free(r->serial);
	free(r->mac);
	memset(r, 0, sizeof(*r));
}

static void
devrow_rel(void *r)
{
	hubstore_devrow_release(r);
}

static const struct rowtype devrow_rows = { sizeof(struct hubstore_devrow),
	devrow_fill, devrow_rel };

/* An address parsed once, for sorting 10,000 of them: fam 4 or 6 with
 * its bytes, else 0 (compared as report_addr_cmp() does: IPv4, IPv6,
 * other text, NULL). */
struct addrkey {
	int64_t		 id;
	char		*address;
	int		 fam;
	unsigned char	 b[16];
};

static void
addrkey_parse(struct addrkey *k)
{
	k->fam = k->address == NULL ? 0 :
	    inet_pton(AF_INET, k->address, k->b) == 1 ? 4 :
	    inet_pton(AF_INET6, k->address, k->b) == 1 ? 6 : 0;
}

static int
addrkey_cmp(const void *pa, const void *pb)
{
	const struct addrkey *a = pa, *b = pb;
	int	c;

	if (a->fam != 0 && a->fam == b->fam)
		c = memcmp(a->b, b->b, a->fam == 4 ? 4 : 16);
	else if (a->fam != 0 && b->fam != 0)
		c = a->fam - b->fam;
	else
		c = report_addr_cmp(a->address, b->address);
	return c != 0 ? c : (a->id > b->id) - (a->id < b->id);
}

/*
 * Devices by address as addresses (report_addr_cmp(): 127.77.0.2 before
 * 127.77.0.11), which no SQL ORDER BY says on both stores: the account's
 * ids and addresses sorted here, then the page's rows read by id.
 */
static int
by_address(struct hubdb *db, const struct hubstore_devq *q,
    struct hubstore_devrow **rows, size_t *n, struct fa_err *e)
{
	static const char what[] = "cannot list devices";
	struct addrkey	*k = NULL;
	struct hubdb_st	*st;
	size_t		 nk = 0, i, from, to;
	int		 rc, ret = -1;

	if (hubdb_prepare(db, "SELECT id, address FROM devices WHERE"
	    " account_id = ?1", &st, e) != 0)
		return failed(what, e);
	hubdb_bind_int(st, 1, q->account_id);
	while ((rc = hubdb_step(st, e)) == 1) {
		k = fa_reallocarray(k, nk + 1, sizeof(*k));
		k[nk].id = hubdb_col_int(st, 0);
		k[nk].address = hubdb_col_strdup(st, 1);
		addrkey_parse(&k[nk++]);
	}
	hubdb_finalize(st);
	if (rc < 0) {
		(void)failed(what, e);
		goto out;
	}
	fa_sort(k, nk, sizeof(*k), addrkey_cmp);
	from = q->offset > 0 && (uint64_t)q->offset < nk ? (size_t)q->offset :
	    q->offset > 0 ? nk : 0;
	to = q->limit > 0 && (uint64_t)q->limit < nk - from ?
	    from + (size_t)q->limit : nk;
	if (to <= from) {
		ret = 0;
		goto out;
	}
	/* the page's rows in one statement (a round trip on PostgreSQL,
	 * not one a row), put back in the sorted order */
	{
		struct fa_buf	 sql = FA_BUF_INIT;
		struct hubstore_devrow r;
		size_t		 j;

		*rows = fa_calloc(to - from, sizeof(**rows));
		fa_buf_puts(&sql, DEV_COLUMNS " WHERE d.id IN (");
		for (i = from; i < to; i++)
			fa_buf_printf(&sql, "%s?%zu", i > from ? ", " : "",
			    i - from + 1);
		fa_buf_puts(&sql, ")");
		rc = hubdb_prepare(db, sql.s, &st, e);
		fa_buf_release(&sql);
		if (rc != 0) {
			(void)failed(what, e);
			free(*rows);
			*rows = NULL;
			goto out;
		}
		for (i = from; i < to; i++)
			hubdb_bind_int(st, (int)(i - from + 1), k[i].id);
		while ((rc = hubdb_step(st, e)) == 1) {
			(void)devrow_fill(st, &r, NULL);
			for (j = from; j < to && k[j].id != r.id; j++)
				;
			if (j < to && (*rows)[j - from].id == 0)
				(*rows)[j - from] = r;
			else
				hubstore_devrow_release(&r);
		}
		hubdb_finalize(st);
		/* close up a row gone meanwhile (none in a read) */
		for (i = 0, j = 0; i < to - from; i++)
			if ((*rows)[i].id != 0)
				(*rows)[j++] = (*rows)[i];
		*n = j;
	}
	if (rc < 0) {
		(void)failed(what, e);
		for (i = 0; i < *n; i++)
			hubstore_devrow_release(&(*rows)[i]);
		free(*rows);
		*rows = NULL;
		*n = 0;
		goto out;
	}
	ret = 0;
out:
	for (i = 0; i < nk; i++)
		free(k[i].address);
	free(k);
	return ret;
}

int
hubstore_device_list(struct hubstore *h, const struct hubstore_devq *q,
    struct hubstore_devrow **rows, size_t *n, int64_t *total,
    struct fa_err *e)
{
	static const char what[] = "cannot list devices";
	struct hubdb	*db = hubstore_db(h);
	struct hubdb_st	*st;
	void		*v;
	int		 rc;

	*rows = NULL;
	*n = 0;
	if (total != NULL) {
		if (hubdb_prepare(db, "SELECT count(*) FROM devices WHERE"
		    " account_id = ?1", &st, e) != 0)
			return failed(what, e);
		hubdb_bind_int(st, 1, q->account_id);
		rc = hubdb_step(st, e);
		*total = rc == 1 ? hubdb_col_int(st, 0) : 0;
		hubdb_finalize(st);
		if (rc != 1)
			return failed(what, e);
	}
	if (q->order == HUBSTORE_BY_ADDRESS)
		return by_address(db, q, rows, n, e);
	if (hubdb_prepare(db, DEV_COLUMNS " WHERE d.account_id = ?1 ORDER BY"
	    " s.fingerprint, d.src_id LIMIT ?2 OFFSET ?3", &st, e) != 0)
		return failed(what, e);
	hubdb_bind_int(st, 1, q->account_id);
	hubdb_bind_int(st, 2, q->limit > 0 ? q->limit : INT64_MAX);
	hubdb_bind_int(st, 3, q->offset > 0 ? q->offset : 0);
	if (collect(st, &devrow_rows, NULL, 0, &v, n, what, e) != 0)
		return -1;
	*rows = v;
	return 0;
}

int
hubstore_devices(struct hubstore *h, const char *account,
    struct hubstore_devrow **rows, size_t *n, struct fa_err *e)
{
	struct hubstore_devq	q = { 0, HUBSTORE_BY_COLLECTOR, 0, 0 };

	*rows = NULL;
	*n = 0;
	if (hubstore_account_id(h, account, &q.account_id, e) != 0)
		return -1;
	return hubstore_device_list(h, &q, rows, n, NULL, e);
}

int
hubstore_device_get(struct hubstore *h, int64_t id,
    struct hubstore_devrow *row, struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc;

	memset(row, 0, sizeof(*row));
	if (hubdb_prepare(hubstore_db(h), DEV_COLUMNS " WHERE d.id = ?1", &st,
	    e) != 0)
		return failed("cannot read a device", e);
	hubdb_bind_int(st, 1, id);
	if ((rc = hubdb_step(st, e)) == 1)
		(void)devrow_fill(st, row, NULL);
	hubdb_finalize(st);
	if (rc < 0)
		return failed("cannot read a device", e);
	return rc == 1 ? 0 : 1;
}

/* ---- a device's records ---- */

void
hubstore_recrow_release(struct hubstore_recrow *r)
{
	free(r->kind);
	free(r->data);
	memset(r, 0, sizeof(*r));
}

static int
rec_fill(struct hubdb_st *st, void *row, const void *arg)
{
	struct hubstore_recrow	*r = row;

	(void)arg;
	r->kind = hubdb_col_strdup(st, 0);
	r->data = hubdb_col_strdup(st, 1);
	return 0;
}

static void
rec_release(void *r)
{
	hubstore_recrow_release(r);
}

static const struct rowtype rec_rows = { sizeof(struct hubstore_recrow),
	rec_fill, rec_release };

/* hubstore_device_records() with only keys of each kind (NULL: all). */
static int
device_records(struct hubstore *h, int64_t site, int64_t src,
    const char *const *const *keys, struct hubstore_recrow **rows,
    size_t *n, struct fa_err *e)
{
	static const char what[] = "cannot read a device";
	struct hubdb	*db = hubstore_db(h);
	struct hubdb_st	*st;
	void		*v;
	static const int kinds[] = { STORE_X_SCANS, STORE_X_METERS,
	    STORE_X_SUPPLIES, STORE_X_ALERTS };
	char		*sql;
	int		 rc;

	*rows = NULL;
	*n = 0;
	/* Each kind's rows of the device, through its table's device
	 * index (hubrec.h). */
	sql = hubrec_device_keys_sql(hubdb_kind(db), kinds, keys,
	    nitems(kinds));
	rc = hubdb_prepare(db, sql, &st, e);
	free(sql);
	if (rc != 0)
		return failed(what, e);
	hubdb_bind_int(st, 1, site);
	hubdb_bind_int(st, 2, src);
	if (collect(st, &rec_rows, NULL, 0, &v, n, what, e) != 0)
		return -1;
	*rows = v;
	return 0;
}

int
hubstore_device_records(struct hubstore *h, int64_t site, int64_t src,
    struct hubstore_recrow **rows, size_t *n, struct fa_err *e)
{
	return device_records(h, site, src, NULL, rows, n, e);
}

/* ---- an account's current alerts ---- */

void
hubstore_itemrow_release(struct hubstore_itemrow *r)
{
	free(r->address);
	free(r->serial);
	free(r->text);
	free(r->severity);
	free(r->model);
	free(r->collector);
	memset(r, 0, sizeof(*r));
}

/* An alert from the current result (alert_sql()'s columns). */
static int
item_fill(struct hubdb_st *st, void *row, const void *arg)
{
	struct hubstore_itemrow	*it = row;
	int			 cur;

	(void)arg;
	it->site = hubdb_col_int(st, 0);
	it->dev_src = hubdb_col_null(st, 1) ? -1 : hubdb_col_int(st, 1);
	it->alert = hubdb_col_int(st, 2) != 0;
	it->scan = hubdb_col_null(st, 3) ? -1 : hubdb_col_int(st, 3);
	it->first_scan = hubdb_col_null(st, 4) ? -1 : hubdb_col_int(st, 4);
	it->id = hubdb_col_int(st, 5);
	it->idx = hubdb_col_null(st, 6) ? -1 : hubdb_col_int(st, 6);
	it->text = hubdb_col_strdup(st, 7);
	it->severity = hubdb_col_strdup(st, 8);
	it->level = hubdb_col_null(st, 9) ? -1 : (int)hubdb_col_int(st, 9);
	it->last_seen = hubdb_col_null(st, 10) ? 0 : hubdb_col_int(st, 10);
	it->dev = hubdb_col_null(st, 11) ? -1 : hubdb_col_int(st, 11);
	it->address = hubdb_col_strdup(st, 12);
	it->serial = hubdb_col_strdup(st, 13);
	cur = it->alert ? 14 : 15;
	it->current = hubdb_col_null(st, cur) ? -1 : hubdb_col_int(st, cur);
	it->model = hubdb_col_strdup(st, 16);
	it->collector = hubdb_col_strdup(st, 17);
	it->first_time = hubdb_col_null(st, 18) ? -1 : hubdb_col_int(st, 18);
	it->days = NAN;
	return 0;
}

static void
item_release(void *r)
{
	hubstore_itemrow_release(r);
}

static const struct rowtype item_rows = { sizeof(struct hubstore_itemrow),
	item_fill, item_release };

int
hubstore_scan_time(struct hubstore *h, int64_t site, int64_t scan,
    int64_t *t, struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc;

	*t = 0;
	/* (schema 15 on PostgreSQL: the scan's slot of its packed row in
	 * rec_scans_p, by its key; the view rec_scans has no index) */
#define SLOT "CAST((CAST(?2 AS BIGINT) & " HUBREC_PACK_MASK_S ") + 1" \
	" AS INTEGER)"
	if (hubdb_prepare(hubstore_db(h), hubdb_kind(hubstore_db(h)) ==
	    HUBDB_PG ? "SELECT \"time\"[" SLOT "] FROM rec_scans_p WHERE"
	    " site_id = ?1 AND blk = CAST(?2 AS BIGINT) >> "
	    HUBREC_PACK_SHIFT_S " AND bundle_id[" SLOT "] IS NOT NULL" :
	    "SELECT \"time\" FROM rec_scans WHERE site_id = ?1 AND id = ?2",
	    &st, e) != 0)
		return failed("cannot read a scan", e);
	hubdb_bind_int(st, 1, site);
	hubdb_bind_int(st, 2, scan);
	if ((rc = hubdb_step(st, e)) == 1 && !hubdb_col_null(st, 0))
		*t = hubdb_col_int(st, 0);
	hubdb_finalize(st);
#undef SLOT
	return rc < 0 ? failed("cannot read a scan", e) : 0;
}

int
hubstore_migrate14(struct hubdb *db, struct fa_err *e)
{
	return hubdb_exec(db, "CREATE INDEX rec_alerts_last ON rec_alerts"
	    " (site_id, last_scan_id);"
	    "CREATE INDEX rec_supply_instances_last ON rec_supply_instances"
	    " (site_id, last_scan_id)", e);
}

/*
 * The account page's alerts: each device's current ones only, found
 * through the index on (site_id, last_scan_id) (schema 14), a lookup a
 * device rather than a pass over the account's history.  The engines are
 * told so in their own words: SQLite, which has no statistics here, the
 * join order (CROSS JOIN) and the index; PostgreSQL a LATERAL lookup per
 * device, its device_id an expression ("+ 0") so that the device index,
 * which reads every alert the device ever had, is not taken instead:
 * without statistics (a large import not yet analyzed) it was, 275 ms
 * where the lookup by scan takes 21 ms for 10,000 devices with a year of
 * alerts.  Texts by their ids (schema 13), and an alert's first scan's
 * time (its "since"), joined rather than asked for alert by alert.
 */
static char *
alert_sql(int engine)
{
	return fa_asprintf("SELECT r.site_id, r.device_id, 1,"
	    " r.last_scan_id, r.scan_id, r.\"row\", r.idx, td.t, ts.t, NULL,"
	    " NULL, d.id, d.address, d.serial, d.errors_scan, d.supplies_scan,"
	    " d.model, s.fingerprint, f.time FROM sites s JOIN devices d"
	    " ON d.site_id = s.id%s LEFT JOIN rec_text td"
	    " ON td.id = r.description LEFT JOIN rec_text ts"
	    " ON ts.id = r.severity LEFT JOIN %s"
	    " WHERE s.account_id = ?1", engine == HUBDB_PG ? " JOIN LATERAL"
	    " (SELECT * FROM rec_alerts x WHERE x.site_id = d.site_id AND"
	    " x.last_scan_id = d.errors_scan AND x.device_id + 0 = d.src_id) r"
	    " ON true" : " CROSS JOIN rec_alerts r INDEXED BY rec_alerts_last"
	    " ON r.site_id = d.site_id AND r.last_scan_id = d.errors_scan"
	    " AND r.device_id = d.src_id", hubrec_packed(
	    hubrec_table(STORE_X_SCANS), engine) ? "LATERAL (SELECT"
	    " p.\"time\"[(r.scan_id & " HUBREC_PACK_MASK_S ") + 1] AS"
	    " \"time\" FROM rec_scans_p p WHERE p.site_id = r.site_id AND"
	    " p.blk = r.scan_id >> " HUBREC_PACK_SHIFT_S ") f ON true" :
	    "rec_scans f ON f.site_id = r.site_id AND f.id = r.scan_id");
}

int
hubstore_account_alerts(struct hubstore *h, int64_t account_id,
    struct hubstore_itemrow **rows, size_t *n, struct fa_err *e)
{
	static const char what[] = "cannot list alerts";
	struct hubdb_st	*st;
	void		*v;
	char		*sql;
	int		 x;

	*rows = NULL;
	*n = 0;
	sql = alert_sql(hubdb_kind(hubstore_db(h)));
	x = hubdb_prepare(hubstore_db(h), sql, &st, e);
	free(sql);
	if (x != 0)
		return failed(what, e);
	hubdb_bind_int(st, 1, account_id);
	hubdb_stream(st);
	if (collect(st, &item_rows, NULL, 0, &v, n, what, e) != 0)
		return -1;
	*rows = v;
	return 0;
}

/* ---- a device's history ---- */

/* The kinds read, in hubstore_device_records()'s set. */
enum { K_SCANS, K_METERS, K_SUPPLIES, K_ALERTS, K_N };
static const char *const kind_names[K_N] = { "scans", "meters", "supplies",
	"alerts" };

/* The parsed records by kind, and the scans' ids and times by id. */
struct parsed {
	struct json_object	**v[K_N];
	size_t			  n[K_N];
	int64_t			 *scan_id, *scan_t;
	size_t			  nscans;
};

static int
by_id(const void *a, const void *b)
{
	int64_t	x = jint(*(struct json_object *const *)a, "id", 0);
	int64_t	y = jint(*(struct json_object *const *)b, "id", 0);

	return x < y ? -1 : x > y;
}

/* The time of scan id, or -1. */
static int64_t
scan_time(const struct parsed *p, int64_t id)
{
	size_t	lo = 0, hi = p->nscans, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (p->scan_id[mid] == id)
			return p->scan_t[mid];
		if (p->scan_id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The newest value of key among the scans (they hold a value only when
 * it changed). */
static const char *
scan_attr(const struct parsed *p, const char *key)
{
	size_t		 i;
	const char	*s;

	for (i = p->nscans; i-- > 0; )
		if ((s = jstr(p->v[K_SCANS][i], key)) != NULL)
			return s;
	return NULL;
}

static void
parsed_free(struct parsed *p)
{
	size_t	i, k;

	for (k = 0; k < K_N; k++) {
		for (i = 0; i < p->n[k]; i++)
			json_object_put(p->v[k][i]);
		free(p->v[k]);
	}
	free(p->scan_id);
	free(p->scan_t);
	free(p);
}

/* The records of the device, parsed, by kind; the scans sorted by id. */
static struct parsed *
parse(struct hubstore *hs, int64_t site, int64_t src, struct fa_err *e)
{
	struct hubstore_recrow	*rec;
	struct json_object	*o;
	struct parsed		*p;
	size_t			 i, j, n, cap[K_N] = { 0 };

	/* The keys read below, no others (each text is a lookup). */
	static const char *const scan_keys[] = { "id", "time", "parts",
	    "firmware", "sys_location", NULL };
	static const char *const meter_keys[] = { "name", "unit", "value",
	    "scan_id", "last_scan_id", NULL };
	static const char *const supply_keys[] = { "description",
	    "colorant", "state", "part_number", "percent", "instance_id",
	    "scan_id", "last_scan_id", NULL };
	static const char *const alert_keys[] = { "severity", "description",
	    "grp", "code_name", "last_scan_id", NULL };
	/* in hubstore_device_records()'s order of kinds */
	static const char *const *const keys[] = { scan_keys, meter_keys,
	    supply_keys, alert_keys };

	if (device_records(hs, site, src, keys, &rec, &n, e) != 0)
		return NULL;
	p = fa_calloc(1, sizeof(*p));
	for (j = 0; j < n; j++) {
		for (i = 0; i < K_N; i++)
			if (strcmp(rec[j].kind, kind_names[i]) == 0)
				break;
		if (i < K_N && (o = json_tokener_parse(rec[j].data)) != NULL) {
			if (p->n[i] == cap[i]) {
				cap[i] = cap[i] ? 2 * cap[i] : 64;
				p->v[i] = fa_reallocarray(p->v[i], cap[i],
				    sizeof(*p->v[i]));
			}
			p->v[i][p->n[i]++] = o;
		}
		hubstore_recrow_release(&rec[j]);
	}
	free(rec);
	if (p->n[K_SCANS] > 0)
		qsort(p->v[K_SCANS], p->n[K_SCANS], sizeof(*p->v[K_SCANS]),
		    by_id);
	p->nscans = p->n[K_SCANS];
	p->scan_id = fa_calloc(p->nscans + 1, sizeof(*p->scan_id));
	p->scan_t = fa_calloc(p->nscans + 1, sizeof(*p->scan_t));
	for (i = 0; i < p->nscans; i++) {
		p->scan_id[i] = jint(p->v[K_SCANS][i], "id", 0);
		p->scan_t[i] = jint(p->v[K_SCANS][i], "time", 0);
	}
	return p;
}

/* The newest scan (by id) that read part (DEV_P_*), or -1. */
static int64_t
newest(const struct parsed *p, int64_t part)
{
	size_t	i;

	for (i = p->nscans; i-- > 0; )
		if (jint(p->v[K_SCANS][i], "parts", 0) & part)
			return p->scan_id[i];
	return -1;
}

int
hubstore_device_history(struct hubstore *hs, int64_t site, int64_t src,
    struct hubstore_history *d, struct fa_err *e)
{
	struct parsed		*p;
	struct json_object	*o;
	int64_t			 nm, ns, na;
	size_t			 i;

	memset(d, 0, sizeof(*d));
	d->supplies_at = -1;
	if ((p = parse(hs, site, src, e)) == NULL)
		return -1;
	d->json = p;
	d->location = scan_attr(p, "sys_location");
	d->firmware = scan_attr(p, "firmware");
	nm = newest(p, DEV_P_METERS);
	ns = newest(p, DEV_P_SUPPLIES);
	na = newest(p, DEV_P_ERRORS);
	d->supplies_at = scan_time(p, ns);
	d->meters_at = scan_time(p, nm);
	d->errors_at = scan_time(p, na);
	d->attrs_at = scan_time(p, newest(p, DEV_P_ATTRS));
	d->meters = fa_calloc(p->n[K_METERS] + 1, sizeof(*d->meters));
	for (i = 0; i < p->n[K_METERS]; i++) {
		struct hubstore_hmeter *m = &d->meters[d->nmeters++];

		o = p->v[K_METERS][i];
		m->name = jstr(o, "name");
		m->unit = jstr(o, "unit");
		m->value = jint(o, "value", 0);
		m->first = scan_time(p, jint(o, "scan_id", -1));
		m->last = scan_time(p, jint(o, "last_scan_id", -1));
		m->current = jint(o, "last_scan_id", -1) == nm;
	}
	d->supplies = fa_calloc(p->n[K_SUPPLIES] + 1, sizeof(*d->supplies));
	for (i = 0; i < p->n[K_SUPPLIES]; i++) {
		struct hubstore_hsupply *s = &d->supplies[d->nsupplies++];
		int64_t pc;

		o = p->v[K_SUPPLIES][i];
		s->description = jstr(o, "description");
		s->colorant = jstr(o, "colorant");
		s->state = jstr(o, "state");
		s->part_number = jstr(o, "part_number");
		pc = jint(o, "percent", -1);
		s->percent = pc < 0 ? -1 : (int)pc;
		s->instance = jint(o, "instance_id", -1);
		s->first = scan_time(p, jint(o, "scan_id", -1));
		s->last = scan_time(p, jint(o, "last_scan_id", -1));
		s->current = jint(o, "last_scan_id", -1) == ns;
	}
	d->alerts = fa_calloc(p->n[K_ALERTS] + 1, sizeof(*d->alerts));
	for (i = 0; i < p->n[K_ALERTS]; i++) {
		struct hubstore_halert *a = &d->alerts[d->nalerts++];

		o = p->v[K_ALERTS][i];
		a->severity = jstr(o, "severity");
		a->description = jstr(o, "description");
		a->group = jstr(o, "grp");
		a->code = jstr(o, "code_name");
		a->current = jint(o, "last_scan_id", -1) == na;
	}
	return 0;
}

void
hubstore_history_release(struct hubstore_history *d)
{
	free(d->meters);
	free(d->supplies);
	free(d->alerts);
	if (d->json != NULL)
		parsed_free(d->json);
	memset(d, 0, sizeof(*d));
}

void
hubstore_history_days(const struct hubstore_history *d, int64_t instance,
    int64_t at, struct report_sdays *out)
{
	struct report_level	*l;
	size_t			 i, n = 0;

	/* each run's first scan, as the report's gatherer reads levels */
	l = fa_calloc(d->nsupplies + 1, sizeof(*l));
	for (i = 0; i < d->nsupplies; i++) {
		const struct hubstore_hsupply *s = &d->supplies[i];

		if (s->instance != instance || s->percent < 0 || s->first < 0)
			continue;
		l[n++] = (struct report_level){ s->first, s->percent };
	}
	report_levels_days(l, n, d->supplies_at, at, out);
	free(l);
}
