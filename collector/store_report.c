/*
 * store_report.c: what "fleetaudit report" reads from the local store, one
 * device at a time (store.h, "Report gathering").  Read-only: plain
 * SELECTs in one read transaction, so the report is one consistent view
 * even while a collector writes.
 *
 * Values are read through the change-only runs (docs/store.md): the
 * meters of a scan that read them are the run of each name covering it
 * (scan_id <= S <= last_scan_id), found here by binary search over the
 * device's runs rather than by a correlated subquery per scan, which a
 * year of daily readings makes quadratic.  Current supplies, alerts and
 * status errors are the runs whose last_scan_id is the device's newest
 * scan with that part.
 *
 * The queries name the collector's tables unqualified, so the hub's
 * gatherer (export/hub/hubreport.c) runs the very same code over temporary
 * tables of the same names rebuilt from an account's imported records
 * (store_report_gather()).
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "store_int.h"

enum { Q_DEVS, Q_NEWEST, Q_ATTRS, Q_READS, Q_METERS, Q_FLAGS, Q_LASTPART,
	Q_SUPCUR, Q_SUPHIST, Q_ALERTS, Q_ERRORS, Q_N };

static const char *const rq_sql[Q_N] = {
	[Q_DEVS] =
	"SELECT id, address, vendor, model, serial, mac, first_seen,"
	" last_seen, missing_since FROM devices ORDER BY id",
	[Q_NEWEST] =
	"SELECT error, hr_device_status FROM scans WHERE device_id = ?1"
	" ORDER BY time DESC, id DESC LIMIT 1",
	[Q_ATTRS] =
	"SELECT a.sys_location, a.firmware, a.sys_name FROM scans s"
	" JOIN scans a ON a.id = coalesce(s.attrs_from, s.id)"
	" WHERE s.device_id = ?1 AND s.parts != 0"
	" ORDER BY s.time DESC, s.id DESC LIMIT 1",
	[Q_READS] =
	"SELECT id, time FROM scans WHERE device_id = ?1"
	" AND (parts & 1) != 0 AND time BETWEEN ?2 AND ?3 ORDER BY time, id",
	[Q_METERS] =
	"SELECT name, value, scan_id, last_scan_id FROM meters"
	" WHERE device_id = ?1 AND name IN ('total', 'mono', 'colour')"
	" AND value IS NOT NULL AND last_scan_id >= ?2 AND scan_id <= ?3"
	/* a label printer's length counter is not pages */
	" AND (unit IS NULL OR unit NOT IN ('tenThousandthsOfInches',"
	" 'micrometers', 'feet', 'meters'))"
	" ORDER BY name, scan_id, pos, rowid",
	[Q_FLAGS] =
	"SELECT f.scan_id, s.time, f.name, f.reason, f.previous, f.current,"
	" f.detail FROM scans s JOIN meter_flags f ON f.scan_id = s.id"
	" WHERE s.device_id = ?1 AND s.time BETWEEN ?2 AND ?3"
	" ORDER BY s.time, s.id, f.rowid",
	[Q_LASTPART] =
	"SELECT id FROM scans WHERE device_id = ?1 AND (parts & ?2) != 0"
	" ORDER BY time DESC, id DESC LIMIT 1",
	[Q_SUPCUR] =
	"SELECT p.idx, p.description, p.type, p.class, p.colorant,"
	" p.percent, p.state, p.part_number, p.serial, p.instance_id,"
	" i.first_seen, s.time FROM scans s"
	" JOIN supplies p ON p.last_scan_id = s.id"
	" LEFT JOIN supply_instances i ON i.id = p.instance_id"
	" WHERE s.id = ?1 ORDER BY p.pos, p.rowid",
	[Q_SUPHIST] =
	"SELECT s.time, p.percent FROM supplies p"
	" JOIN scans s ON s.id = p.scan_id"
	" WHERE p.instance_id = ?1 AND p.percent IS NOT NULL"
	" ORDER BY s.time, s.id",
	[Q_ALERTS] =
	"SELECT a.severity, a.code_name, a.grp, a.description, f.time,"
	" l.time, a.last_scan_id = ?4 FROM alerts a"
	" JOIN scans f ON f.id = a.scan_id JOIN scans l ON l.id = a.last_scan_id"
	" WHERE a.last_scan_id IN (SELECT id FROM scans WHERE device_id = ?1"
	"  AND (parts & 4) != 0 AND (time >= ?2 OR id = ?4))"
	" AND f.time <= ?3 ORDER BY f.time, a.pos, a.rowid",
	[Q_ERRORS] =
	"SELECT name FROM status_errors WHERE last_scan_id = ?1"
	" ORDER BY pos, rowid",
};

/* Strings of one device, freed after its callback. */
struct pool {
	char	**v;
	size_t	  n, cap;
};

static char *
keep(struct pool *p, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	if (t == NULL)
		return NULL;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = fa_reallocarray(p->v, p->cap, sizeof(*p->v));
	}
	return p->v[p->n++] = fa_strdup((const char *)t);
}

static void
pool_clear(struct pool *p)
{
	size_t	i;

	for (i = 0; i < p->n; i++)
		free(p->v[i]);
	p->n = 0;
}

static int64_t
col_i64(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? DEV_NONE :
	    sqlite3_column_int64(st, col);
}

struct mrun {
	int	 name;			/* 0 total, 1 mono, 2 colour */
	int64_t	 value, first, last;
};

/* The run of meter name covering scan s: binary search over runs r[0..n)
 * sorted by (name, first); the first row of the newest read's name. */
static int64_t
run_at(const struct mrun *r, size_t n, int name, int64_t s)
{
	size_t	lo = 0, hi = n, mid;
	ssize_t	k;

	while (lo < hi) {		/* first index with (name, first) > */
		mid = lo + (hi - lo) / 2;
		if (r[mid].name < name ||
		    (r[mid].name == name && r[mid].first <= s))
			lo = mid + 1;
		else
			hi = mid;
	}
	k = (ssize_t)lo - 1;
	if (k < 0 || r[k].name != name)
		return DEV_NONE;
	while (k > 0 && r[k - 1].name == name &&
	    r[k - 1].first == r[k].first)
		k--;
	/* Several rows of one name in one read: the first covering s. */
	for (; k < (ssize_t)n && r[k].name == name && r[k].first <= s; k++)
		if (r[k].last >= s)
			return r[k].value;
	return DEV_NONE;
}

struct gather {
	sqlite3		*db;
	sqlite3_stmt	*q[Q_N];
	struct pool	 pool;
	struct store_rread *reads;
	size_t		 capreads;
	struct mrun	*runs;
	size_t		 capruns;
	struct store_flagrow *flags;
	size_t		 capflags;
	struct store_rsupply *sup;
	size_t		 capsup;
	struct store_rlevel *levels;	/* all supplies', one buffer */
	size_t		 caplevels;
	struct store_ralert *alerts;
	size_t		 capalerts;
	const char	**errors;
	size_t		 caperrors;
};

#define GROW(p, n, cap) do {						\
	if ((n) == (cap)) {						\
		(cap) = (cap) ? (cap) * 2 : 16;				\
		(p) = fa_reallocarray((p), (cap), sizeof(*(p)));	\
	}								\
} while (0)

static int
sqlfail(struct gather *g, struct fa_err *e)
{
	return fa_errf(e, "cannot read the store for the report: %s",
	    sqlite3_errmsg(g->db));
}

static int64_t
last_part(struct gather *g, int64_t dev, int bit)
{
	sqlite3_stmt	*st = g->q[Q_LASTPART];
	int64_t		 id = 0;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, dev);
	sqlite3_bind_int(st, 2, bit);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	return id;
}

/* Reads one device into d (strings in g->pool). */
static int
gather_dev(struct gather *g, struct store_rdev *d, int64_t from, int64_t to,
    int64_t lead, struct fa_err *e)
{
	sqlite3_stmt	*st;
	size_t		 nruns = 0, i, nlev = 0;
	int64_t		 lo = 0, hi = 0, sid;
	int		 rc;

	st = g->q[Q_NEWEST];
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, d->id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		d->last_error = keep(&g->pool, st, 0);
		d->hr_device_status = sqlite3_column_int(st, 1);
	} else if (rc != SQLITE_DONE)
		return sqlfail(g, e);

	st = g->q[Q_ATTRS];
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, d->id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		d->location = keep(&g->pool, st, 0);
		d->firmware = keep(&g->pool, st, 1);
		d->sys_name = keep(&g->pool, st, 2);
	} else if (rc != SQLITE_DONE)
		return sqlfail(g, e);

	/* Meter readings: the scans that read meters, then the runs. */
	st = g->q[Q_READS];
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, d->id);
	sqlite3_bind_int64(st, 2, from - lead);
	sqlite3_bind_int64(st, 3, to);
	d->nreads = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_rread *r;

		GROW(g->reads, d->nreads, g->capreads);
		r = &g->reads[d->nreads++];
		r->scan_id = sqlite3_column_int64(st, 0);
		r->time = sqlite3_column_int64(st, 1);
		r->total = r->mono = r->colour = DEV_NONE;
		if (lo == 0 || r->scan_id < lo)
			lo = r->scan_id;
		if (r->scan_id > hi)
			hi = r->scan_id;
	}
	if (rc != SQLITE_DONE)
		return sqlfail(g, e);
	if (d->nreads > 0) {
		st = g->q[Q_METERS];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_int64(st, 2, lo);
		sqlite3_bind_int64(st, 3, hi);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *n = (const char *)sqlite3_column_text(st,
			    0);
			struct mrun *m;

			GROW(g->runs, nruns, g->capruns);
			m = &g->runs[nruns++];
			m->name = strcmp(n, "total") == 0 ? 0 :
			    strcmp(n, "mono") == 0 ? 1 : 2;
			m->value = sqlite3_column_int64(st, 1);
			m->first = sqlite3_column_int64(st, 2);
			m->last = sqlite3_column_int64(st, 3);
			if (m->name == 2)
				d->colour_meter = 1;
		}
		if (rc != SQLITE_DONE)
			return sqlfail(g, e);
		/* ORDER BY name sorts colour < mono < total: renumber. */
		for (i = 0; i < nruns; i++)
			g->runs[i].name = g->runs[i].name == 2 ? 0 :
			    g->runs[i].name == 1 ? 1 : 2;
		for (i = 0; i < d->nreads; i++) {
			struct store_rread *r = &g->reads[i];

			r->colour = run_at(g->runs, nruns, 0, r->scan_id);
			r->mono = run_at(g->runs, nruns, 1, r->scan_id);
			r->total = run_at(g->runs, nruns, 2, r->scan_id);
		}
	}
	d->reads = g->reads;

	st = g->q[Q_FLAGS];
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, d->id);
	sqlite3_bind_int64(st, 2, from - lead);
	sqlite3_bind_int64(st, 3, to);
	d->nflags = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_flagrow *f;

		GROW(g->flags, d->nflags, g->capflags);
		f = &g->flags[d->nflags++];
		f->scan_id = sqlite3_column_int64(st, 0);
		f->time = sqlite3_column_int64(st, 1);
		f->name = keep(&g->pool, st, 2);
		f->reason = keep(&g->pool, st, 3);
		f->previous = col_i64(st, 4);
		f->current = col_i64(st, 5);
		f->detail = keep(&g->pool, st, 6);
	}
	if (rc != SQLITE_DONE)
		return sqlfail(g, e);
	d->flags = g->flags;

	/* Current supplies and each current cartridge's levels. */
	d->nsupplies = 0;
	if ((sid = last_part(g, d->id, 2)) > 0) {
		st = g->q[Q_SUPCUR];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, sid);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct store_rsupply *p;

			GROW(g->sup, d->nsupplies, g->capsup);
			p = &g->sup[d->nsupplies++];
			memset(p, 0, sizeof(*p));
			p->idx = sqlite3_column_int(st, 0);
			p->description = keep(&g->pool, st, 1);
			p->type = keep(&g->pool, st, 2);
			p->class = keep(&g->pool, st, 3);
			p->colorant = keep(&g->pool, st, 4);
			p->percent = sqlite3_column_type(st, 5) ==
			    SQLITE_NULL ? -1 : sqlite3_column_int(st, 5);
			p->state = keep(&g->pool, st, 6);
			p->part_number = keep(&g->pool, st, 7);
			p->serial = keep(&g->pool, st, 8);
			/* instance id parked in installed until below */
			p->levels = NULL;
			p->nlevels = (size_t)sqlite3_column_int64(st, 9);
			p->installed = sqlite3_column_type(st, 10) ==
			    SQLITE_NULL ? 0 : sqlite3_column_int64(st, 10);
			p->last_seen = sqlite3_column_int64(st, 11);
		}
		if (rc != SQLITE_DONE)
			return sqlfail(g, e);
		for (i = 0; i < d->nsupplies; i++) {
			struct store_rsupply *p = &g->sup[i];
			int64_t inst = (int64_t)p->nlevels;
			size_t start = nlev;

			p->nlevels = 0;
			if (inst <= 0)
				continue;
			st = g->q[Q_SUPHIST];
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, inst);
			while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
				GROW(g->levels, nlev, g->caplevels);
				g->levels[nlev].time =
				    sqlite3_column_int64(st, 0);
				g->levels[nlev].percent =
				    sqlite3_column_int(st, 1);
				nlev++;
			}
			if (rc != SQLITE_DONE)
				return sqlfail(g, e);
			p->nlevels = nlev - start;
			/* offset until the buffer stops moving */
			p->levels = (struct store_rlevel *)(uintptr_t)start;
		}
		for (i = 0; i < d->nsupplies; i++)
			g->sup[i].levels = g->levels +
			    (size_t)(uintptr_t)g->sup[i].levels;
	}
	d->supplies = g->sup;

	sid = last_part(g, d->id, 4);
	st = g->q[Q_ALERTS];
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, d->id);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	sqlite3_bind_int64(st, 4, sid);
	d->nalerts = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_ralert *a;

		GROW(g->alerts, d->nalerts, g->capalerts);
		a = &g->alerts[d->nalerts++];
		a->severity = keep(&g->pool, st, 0);
		a->code = keep(&g->pool, st, 1);
		a->group = keep(&g->pool, st, 2);
		a->description = keep(&g->pool, st, 3);
		a->first_seen = sqlite3_column_int64(st, 4);
		a->last_seen = sqlite3_column_int64(st, 5);
		a->current = sqlite3_column_int(st, 6);
	}
	if (rc != SQLITE_DONE)
		return sqlfail(g, e);
	d->alerts = g->alerts;

	d->nerrors = 0;
	if (sid > 0) {
		st = g->q[Q_ERRORS];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, sid);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			GROW(g->errors, d->nerrors, g->caperrors);
			g->errors[d->nerrors++] = keep(&g->pool, st, 0);
		}
		if (rc != SQLITE_DONE)
			return sqlfail(g, e);
	}
	d->errors = g->errors;
	return 0;
}

int
store_report_scan(struct store *s, int64_t from, int64_t to, int64_t lead,
    store_rdev_cb *cb, void *arg, struct fa_err *e)
{
	return store_report_gather(store_sqlite(s), from, to, lead, cb, arg,
	    e);
}

int
store_report_gather(sqlite3 *db, int64_t from, int64_t to, int64_t lead,
    store_rdev_cb *cb, void *arg, struct fa_err *e)
{
	struct gather	 g;
	struct store_rdev d;
	sqlite3_stmt	*st;
	int		 rc, ret = -1, intx = 0, i;

	memset(&g, 0, sizeof(g));
	g.db = db;
	for (i = 0; i < Q_N; i++)
		if (sqlite3_prepare_v2(g.db, rq_sql[i], -1, &g.q[i], NULL) !=
		    SQLITE_OK) {
			sqlfail(&g, e);
			goto out;
		}
	/* One read transaction: one consistent view of the store (the
	 * caller's, when it holds one). */
	if (sqlite3_get_autocommit(g.db)) {
		if (sqlite3_exec(g.db, "BEGIN", NULL, NULL, NULL) !=
		    SQLITE_OK) {
			sqlfail(&g, e);
			goto out;
		}
		intx = 1;
	}
	st = g.q[Q_DEVS];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&d, 0, sizeof(d));
		pool_clear(&g.pool);
		d.id = sqlite3_column_int64(st, 0);
		d.address = keep(&g.pool, st, 1);
		d.vendor = keep(&g.pool, st, 2);
		d.model = keep(&g.pool, st, 3);
		d.serial = keep(&g.pool, st, 4);
		d.mac = keep(&g.pool, st, 5);
		d.first_seen = sqlite3_column_int64(st, 6);
		d.last_seen = sqlite3_column_int64(st, 7);
		d.missing_since = sqlite3_column_int64(st, 8);
		if (gather_dev(&g, &d, from, to, lead, e) != 0)
			goto out;
		if (cb(&d, arg, e) != 0)
			goto out;
	}
	if (rc != SQLITE_DONE) {
		sqlfail(&g, e);
		goto out;
	}
	ret = 0;
out:
	if (intx)
		sqlite3_exec(g.db, "COMMIT", NULL, NULL, NULL);
	for (i = 0; i < Q_N; i++)
		sqlite3_finalize(g.q[i]);
	pool_clear(&g.pool);
	free(g.pool.v);
	free(g.reads);
	free(g.runs);
	free(g.flags);
	free(g.sup);
	free(g.levels);
	free(g.alerts);
	free(g.errors);
	return ret;
}
