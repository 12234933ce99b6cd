/*
 * hubsupply.c: supply orders (hubsupply.h, docs/supplies.md).
 *
 * The supplies come from the report's gatherer on the hub
 * (hubreport_scan_sites()): each device's current supplies with the
 * level history of the cartridge in each slot, and the days to empty
 * computed as the report does (report_days_to_empty()), so the order list
 * and the report agree on every date.  A waste box (class "filled") fills
 * up rather than runs out: never ordered here.
 *
 * A cartridge is (site, device, slot, installed): the slot's cartridge as
 * the collector's instance rule tells them apart (a new serial, another
 * part, a level that rose: docs/store.md), from the time it was first
 * seen.  Recording it with a unique key, INSERT .. ON CONFLICT DO NOTHING
 * on both stores, makes two desks listing at once suggest it once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hubdb.h"
#include "hubreport.h"
#include "hubsupply.h"
#include "../report_csv.h"

void
hubsupply_row_release(struct hubsupply_row *r)
{
	free(r->collector);
	free(r->site);
	free(r->serial);
	free(r->model);
	free(r->address);
	free(r->location);
	free(r->description);
	free(r->colorant);
	free(r->part_number);
	free(r->cart_serial);
	memset(r, 0, sizeof(*r));
}

int
hubsupply_due(int percent, const struct report_dte *d, int threshold,
    int days, int64_t now, char *reason, size_t len)
{
	struct tm	tm;
	time_t		t;
	char		day[16];

	if (percent >= 0 && percent <= threshold) {
		snprintf(reason, len, "at %d%%", percent);
		return 1;
	}
	if (d != NULL && d->status == REPORT_DTE_OK &&
	    d->empty_at <= now + (int64_t)days * 86400) {
		t = (time_t)d->empty_at;
		gmtime_r(&t, &tm);
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		snprintf(reason, len, "empty by %s", day);
		return 1;
	}
	return 0;
}

struct gather {
	const struct hubsupply_opts *o;
	int64_t			 site;
	char			*fp, *name;
	struct hubsupply_row	*v;
	int64_t			*sites;		/* v[i]'s site id */
	size_t			 n;
};

static int
on_site(void *arg, int64_t site, const char *fp, const char *name,
    struct fa_err *e)
{
	struct gather	*g = arg;

	(void)e;
	g->site = site;
	free(g->fp);
	g->fp = fa_strdup(fp);
	free(g->name);
	g->name = fa_strdup(name);
	return 0;
}

static int
on_device(const struct store_rdev *d, void *arg, struct fa_err *e)
{
	struct gather		*g = arg;
	struct report_sdays	 sd;
	struct report_dte	 dte;
	struct hubsupply_row	*r;
	char			 why[64];
	size_t			 i;

	(void)e;
	for (i = 0; i < d->nsupplies; i++) {
		const struct store_rsupply *p = &d->supplies[i];

		if (p->class != NULL && strcmp(p->class, "filled") == 0)
			continue;
		/* the report's method, as every page says it */
		report_supply_days(p, g->o->now, &sd);
		dte = sd.dte;
		if (!hubsupply_due(p->percent, &dte, g->o->threshold,
		    g->o->days, g->o->now, why, sizeof(why)))
			continue;
		g->v = fa_reallocarray(g->v, g->n + 1, sizeof(*g->v));
		g->sites = fa_reallocarray(g->sites, g->n + 1,
		    sizeof(*g->sites));
		g->sites[g->n] = g->site;
		r = &g->v[g->n++];
		memset(r, 0, sizeof(*r));
		r->collector = fa_strdup(g->fp != NULL ? g->fp : "");
		r->site = fa_strdup(g->name);
		r->device = d->id;
		r->serial = fa_strdup(d->serial);
		r->model = fa_strdup(d->model);
		r->address = fa_strdup(d->address);
		r->location = fa_strdup(d->location);
		r->idx = p->idx;
		r->description = fa_strdup(p->description);
		r->colorant = fa_strdup(p->colorant);
		r->part_number = fa_strdup(p->part_number);
		r->cart_serial = fa_strdup(p->serial);
		r->percent = p->percent;
		r->empty_at = dte.status == REPORT_DTE_OK ? dte.empty_at : 0;
		r->installed = p->installed;
		r->quantity = 1;
		fa_strlcpy(r->reason, why, sizeof(r->reason));
	}
	return 0;
}

/* Records the candidates and keeps those not ordered: one transaction. */
static int
record(struct hubstore *hs, int64_t acc, struct gather *g, int only_new,
    struct fa_err *e)
{
	struct hubdb		*db = hubstore_db(hs);
	struct hubdb_st		*ins = NULL, *sel = NULL;
	size_t			 i, keep = 0;
	int			 rc, ret = -1;

	if (hubdb_begin(db, e) != 0)
		return -1;
	if (hubdb_prepare(db, "INSERT INTO supply_orders (account_id,"
	    " site_id, device_src, idx, installed, part_number, reason,"
	    " suggested) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	    " ON CONFLICT (site_id, device_src, idx, installed) DO NOTHING",
	    &ins, e) != 0 || hubdb_prepare(db, "SELECT id, suggested,"
	    " ordered FROM supply_orders WHERE site_id = ?1 AND"
	    " device_src = ?2 AND idx = ?3 AND installed = ?4", &sel, e) != 0)
		goto out;
	for (i = 0; i < g->n; i++) {
		struct hubsupply_row *r = &g->v[i];
		int ordered = 0;

		hubdb_reset(ins);
		hubdb_bind_int(ins, 1, acc);
		hubdb_bind_int(ins, 2, g->sites[i]);
		hubdb_bind_int(ins, 3, r->device);
		hubdb_bind_int(ins, 4, r->idx);
		hubdb_bind_int(ins, 5, r->installed);
		hubdb_bind_text(ins, 6, r->part_number);
		hubdb_bind_text(ins, 7, r->reason);
		hubdb_bind_int(ins, 8, g->o->now);
		if (hubdb_step(ins, e) < 0)
			goto out;
		r->is_new = hubdb_changes(ins) > 0;
		hubdb_reset(ins);
		hubdb_reset(sel);
		hubdb_bind_int(sel, 1, g->sites[i]);
		hubdb_bind_int(sel, 2, r->device);
		hubdb_bind_int(sel, 3, r->idx);
		hubdb_bind_int(sel, 4, r->installed);
		if ((rc = hubdb_step(sel, e)) != 1) {
			if (rc == 0)
				fa_errf(e, "a supply suggestion went missing");
			goto out;
		}
		r->id = hubdb_col_int(sel, 0);
		r->suggested = hubdb_col_int(sel, 1);
		ordered = !hubdb_col_null(sel, 2);
		hubdb_reset(sel);
		if (ordered || (only_new && !r->is_new)) {
			hubsupply_row_release(r);
			continue;
		}
		if (keep != i) {
			g->v[keep] = *r;
			g->sites[keep] = g->sites[i];
			memset(r, 0, sizeof(*r));
		}
		keep++;
	}
	hubdb_finalize(ins);
	hubdb_finalize(sel);
	ins = sel = NULL;
	if (hubdb_commit(db, e) != 0)
		goto out;
	g->n = keep;
	ret = 0;
out:
	hubdb_finalize(ins);
	hubdb_finalize(sel);
	if (ret != 0)
		hubdb_rollback(db);
	return ret;
}

int
hubsupply_scan(struct hubstore *hs, const char *account,
    const struct hubsupply_opts *o, struct hubsupply_row **rows, size_t *n,
    struct fa_err *e)
{
	struct gather	g;
	int64_t		acc;
	size_t		i;
	int		ret = -1;

	*rows = NULL;
	*n = 0;
	memset(&g, 0, sizeof(g));
	g.o = o;
	if (hubstore_account_id(hs, account, &acc, e) != 0)
		return -1;
	/* No meter span is needed: supplies are the current ones. */
	if (hubreport_scan_sites(hs, account, o->now, o->now, 0, on_site,
	    on_device, &g, e) != 0 ||
	    record(hs, acc, &g, o->only_new, e) != 0)
		goto out;
	*rows = g.v;
	*n = g.n;
	g.v = NULL;
	g.n = 0;
	ret = 0;
out:
	for (i = 0; i < g.n; i++)
		hubsupply_row_release(&g.v[i]);
	free(g.v);
	free(g.sites);
	free(g.fp);
	free(g.name);
	return ret;
}

int
hubsupply_order(struct hubstore *hs, const char *account, int64_t id,
    const char *who, int64_t now, struct fa_err *e)
{
	struct hubdb	*db = hubstore_db(hs);
	struct hubdb_st	*st = NULL;
	int64_t		 acc, changed;

	if (hubstore_account_id(hs, account, &acc, e) != 0)
		return -1;
	if (hubdb_prepare(db, "UPDATE supply_orders SET ordered = ?1,"
	    " ordered_by = ?2 WHERE id = ?3 AND account_id = ?4"
	    " AND ordered IS NULL", &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, now);
	hubdb_bind_text(st, 2, who);
	hubdb_bind_int(st, 3, id);
	hubdb_bind_int(st, 4, acc);
	if (hubdb_step(st, e) < 0) {
		hubdb_finalize(st);
		return -1;
	}
	changed = hubdb_changes(st);
	hubdb_finalize(st);
	return changed > 0 ? 0 : 1;
}

/* ---- the CSV layout (docs/supplies.md), "hub supplies --csv" and the
 * web view's download alike ---- */

static void
csv_time(int64_t t, char *buf, size_t len)
{
	if (t == 0)
		buf[0] = '\0';
	else
		fa_iso8601(t, buf, len);
}

void
hubsupply_csv(const struct hubsupply_row *v, size_t n, struct fa_buf *b)
{
	char		 t1[32], t2[32], t3[32];
	size_t		 i;

	fa_buf_printf(b, "id,part_number,quantity,description,colorant,"
	    "level,reason,empty_by,serial,model,address,location,site,"
	    "collector,"
	    "device_id,supply_index,cartridge_serial,installed,suggested,"
	    "new\r\n");
	for (i = 0; i < n; i++) {
		const struct hubsupply_row *r = &v[i];

		fa_buf_printf(b, "%lld,", (long long)r->id);
		report_csv_field(b, r->part_number);
		fa_buf_printf(b, ",%d,", r->quantity);
		report_csv_field(b, r->description);
		fa_buf_printf(b, ",");
		report_csv_field(b, r->colorant);
		if (r->percent >= 0)
			fa_buf_printf(b, ",%d,", r->percent);
		else
			fa_buf_printf(b, ",,");
		report_csv_field(b, r->reason);
		csv_time(r->empty_at, t1, sizeof(t1));
		fa_buf_printf(b, ",%s,", t1);
		report_csv_field(b, r->serial);
		fa_buf_printf(b, ",");
		report_csv_field(b, r->model);
		fa_buf_printf(b, ",");
		report_csv_field(b, r->address);
		fa_buf_printf(b, ",");
		report_csv_field(b, r->location);
		fa_buf_printf(b, ",");
		report_csv_field(b, r->site);
		fa_buf_printf(b, ",%s,%lld,%d,", r->collector,
		    (long long)r->device, r->idx);
		report_csv_field(b, r->cart_serial);
		csv_time(r->installed, t2, sizeof(t2));
		csv_time(r->suggested, t3, sizeof(t3));
		fa_buf_printf(b, ",%s,%s,%s\r\n", t2, t3,
		    r->is_new ? "yes" : "no");
	}
}

