/*
 * hubmeters.c: meter reads for billing (hubmeters.h, docs/billing.md).
 *
 * The hub keeps each imported record as the collector's JSON line
 * (docs/bundle-format.md): a device's scans (id, time, parts: which parts
 * the read covered) and its meter rows, which are runs: a value first
 * read by scan scan_id and read again, unchanged, by every meters read
 * of the device up to scan last_scan_id (docs/store.md, "Value rows are
 * runs").  So the reads of one counter are, for each of the device's
 * scans that read meters, the value of the run of that name covering the
 * scan, at the scan's time.  Only the reads around the cut-off are read
 * (win_read(): the site's scans within HUBMETERS_WINDOW of it and the
 * runs covering them, from the typed columns); a device they leave
 * without a value is read whole, through its device index (hist_read()),
 * so the time depends on the account's devices, not on its history.
 *
 * Nothing is extrapolated: a cut-off after a counter's last read, or
 * before its first, has no value, whatever the trend; nor is an estimate
 * made across a counter that went down (a replaced board, a reset),
 * where a straight line means nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "hubdb.h"
#include "hubrec.h"
#include "hubmeters.h"
#include "../report_csv.h"

/* ---- the meter map ---- */

static int
name_ok(const char *s, size_t n)
{
	size_t	i;

	if (n == 0 || n > HUBMETERS_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		    s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

/* Skips spaces and tabs. */
static const char *
ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* A name at p into out (size HUBMETERS_NAME_MAX + 1); NULL when none. */
static const char *
word(const char *p, const char *end, char *out)
{
	const char	*q = p;

	while (q < end && *q != ' ' && *q != '\t' && *q != ',' && *q != '=')
		q++;
	if (!name_ok(p, (size_t)(q - p)))
		return NULL;
	memcpy(out, p, (size_t)(q - p));
	out[q - p] = '\0';
	return q;
}

/* One line "CODE = ALT, ALT" (no line end, no comment) into c. */
static int
map_line(const char *p, const char *end, struct hubmeters_code *c,
    const char *name, size_t line, struct fa_err *e)
{
	struct hubmeters_alt	*a;
	const char		*q;

	memset(c, 0, sizeof(*c));
	p = ws(p, end);
	if ((q = word(p, end, c->code)) == NULL)
		return fa_errf(e, "%s:%zu: '%.*s' is not a billing code "
		    "(lowercase letters, digits, '.', '_', '-')", name, line,
		    (int)(end - p > 40 ? 40 : end - p), p);
	p = ws(q, end);
	if (p >= end || *p != '=')
		return fa_errf(e, "%s:%zu: '=' expected after '%s'", name,
		    line, c->code);
	for (;;) {
		p = ws(p + 1, end);
		if (c->nalt == HUBMETERS_ALTS_MAX)
			return fa_errf(e, "%s:%zu: more than %d meters for "
			    "'%s'", name, line, HUBMETERS_ALTS_MAX, c->code);
		a = &c->alt[c->nalt];
		if ((q = word(p, end, a->meter)) == NULL)
			return fa_errf(e, "%s:%zu: '%.*s' is not a meter name "
			    "(see the meter vocabulary)", name, line,
			    (int)(end - p > 40 ? 40 : end - p), p);
		p = ws(q, end);
		if (end - p >= 6 && strncmp(p, "unless", 6) == 0 &&
		    (end - p == 6 || p[6] == ' ' || p[6] == '\t')) {
			p = ws(p + 6, end);
			if ((q = word(p, end, a->unless)) == NULL)
				return fa_errf(e, "%s:%zu: a meter name "
				    "expected after 'unless'", name, line);
			p = ws(q, end);
		}
		c->nalt++;
		if (p >= end)
			return 0;
		if (*p != ',')
			return fa_errf(e, "%s:%zu: ',' or the line's end "
			    "expected after '%s'", name, line, a->meter);
	}
}

int
hubmeters_map_parse(const char *text, size_t len, const char *name,
    struct hubmeters_map *m, struct fa_err *e)
{
	struct hubmeters_code	 c;
	const char		*p = text, *end = text + len, *eol, *stop;
	size_t			 line = 0, i;

	memset(m, 0, sizeof(*m));
	if (memchr(text, '\0', len) != NULL)
		return fa_errf(e, "%s: not a text file", name);
	while (p < end) {
		line++;
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		stop = memchr(p, '#', (size_t)(eol - p));
		if (stop == NULL)
			stop = eol;
		while (stop > p && (stop[-1] == ' ' || stop[-1] == '\t' ||
		    stop[-1] == '\r'))
			stop--;
		if (ws(p, stop) < stop) {
			if (map_line(p, stop, &c, name, line, e) != 0)
				return -1;
			for (i = 0; i < m->ncode; i++)
				if (strcmp(m->code[i].code, c.code) == 0)
					return fa_errf(e, "%s:%zu: billing "
					    "code '%s' given twice", name,
					    line, c.code);
			if (m->ncode == HUBMETERS_CODES_MAX)
				return fa_errf(e, "%s:%zu: more than %d "
				    "billing codes", name, line,
				    HUBMETERS_CODES_MAX);
			m->code[m->ncode++] = c;
		}
		p = eol + 1;
	}
	if (m->ncode == 0)
		return fa_errf(e, "%s: no billing code in the meter map", name);
	return 0;
}

int
hubmeters_map_read(const char *path, struct hubmeters_map *m,
    struct fa_err *e)
{
	FILE	*f;
	char	*buf;
	size_t	 n;
	int	 rc, err;

	if ((f = fopen(path, "r")) == NULL)
		return fa_errf(e, "cannot read meter map '%s': %s", path,
		    strerror(errno));
	buf = fa_malloc(HUBMETERS_MAP_MAX + 1);
	n = fread(buf, 1, HUBMETERS_MAP_MAX + 1, f);
	err = ferror(f);
	fclose(f);
	if (err)
		rc = fa_errf(e, "cannot read meter map '%s'", path);
	else if (n > HUBMETERS_MAP_MAX)
		rc = fa_errf(e, "meter map '%s' is larger than %d bytes", path,
		    HUBMETERS_MAP_MAX);
	else
		rc = hubmeters_map_parse(buf, n, path, m, e);
	free(buf);
	return rc;
}

void
hubmeters_map_default(struct hubmeters_map *m)
{
	static const char def[] =
	    "mono = mono, total unless colour\n"
	    "colour = colour\n"
	    "large = large, a3, ledger\n"
	    "scans = scan, scan.adf\n";
	struct fa_err	e;

	if (hubmeters_map_parse(def, sizeof(def) - 1, "default", m, &e) != 0)
		fa_bug("the default meter map: %s", e.msg);
}

/* ---- the value at the cut-off ---- */

static const char no_after[] = "no read after the cut-off";

void
hubmeters_pick(const struct hubmeters_read *r, size_t n, int64_t cutoff,
    int64_t tol, struct hubmeters_pick *p)
{
	const struct hubmeters_read *b = NULL, *a = NULL, *near;
	int64_t		 dv, dt, span;
	size_t		 i;

	memset(p, 0, sizeof(*p));
	p->kind = HUBMETERS_MISSING;
	p->time = cutoff;
	/* the newest read at or before the cut-off, the oldest after it */
	for (i = 0; i < n; i++) {
		if (r[i].time <= cutoff) {
			if (b == NULL || r[i].time > b->time)
				b = &r[i];
		} else if (a == NULL || r[i].time < a->time)
			a = &r[i];
	}
	near = b;
	if (a != NULL && (b == NULL || a->time - cutoff < cutoff - b->time))
		near = a;
	if (near != NULL && (near->time > cutoff ? near->time - cutoff :
	    cutoff - near->time) <= tol) {
		p->kind = HUBMETERS_ACTUAL;
		p->value = near->value;
		p->time = near->time;
		return;
	}
	if (n == 0) {
		p->why = "no read";
		return;
	}
	if (a == NULL) {
		p->why = no_after;
		return;
	}
	if (b == NULL) {
		p->why = "no read before the cut-off";
		return;
	}
	if (a->value < b->value) {
		p->why = "the counter went down";
		return;
	}
	dv = a->value - b->value;
	dt = cutoff - b->time;
	span = a->time - b->time;
	p->kind = HUBMETERS_ESTIMATED;
	p->before = b->time;
	p->after = a->time;
	if (dt == 0 || dv <= INT64_MAX / dt)
		p->value = b->value + dv * dt / span;
	else
		p->value = b->value + (int64_t)((long double)dv *
		    (long double)dt / (long double)span);
}

int
hubmeters_period(const char *s, int64_t *cutoff, struct fa_err *e)
{
	struct tm	tm;
	int		y, m, i;

	for (i = 0; s[i] != '\0'; i++)
		if (i > 6 || (i == 4 ? s[i] != '-' :
		    (s[i] < '0' || s[i] > '9')))
			break;
	if (i != 7 || s[7] != '\0')
		return fa_errf(e, "period '%s' is not YYYY-MM", s);
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	if (y < 1970 || m < 1 || m > 12)
		return fa_errf(e, "period '%s' is not a month (YYYY-MM, from "
		    "1970-01)", s);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (m == 12 ? y + 1 : y) - 1900;
	tm.tm_mon = m == 12 ? 0 : m;
	tm.tm_mday = 1;
	*cutoff = fa_timegm(&tm);
	return 0;
}

/* ---- the account's devices ---- */

void
hubmeters_row_release(struct hubmeters_row *r)
{
	free(r->collector);
	free(r->serial);
	free(r->asset);
	free(r->model);
	free(r->address);
	memset(r, 0, sizeof(*r));
}

struct mdev {
	char	*collector, *serial, *model, *address;
	int64_t	 site, src;
};

/* A scan that read meters. */
struct mscan {
	int64_t	id, time;
};

/* A meter run. */
struct mrun {
	char	*name;
	int64_t	 value, first, last;	/* scan_id, last_scan_id */
};

struct hist {
	struct mscan	*scan;
	size_t		 nscan;
	struct mrun	*run;
	size_t		 nrun;
	char		*asset;		/* the newest scan's that has one */
	int64_t		 asset_scan;
};

static int64_t
jint(json_object *o, const char *k, int64_t def)
{
	json_object	*v;

	if (!json_object_object_get_ex(o, k, &v) || v == NULL)
		return def;
	return json_object_get_int64(v);
}

static const char *
jstr(json_object *o, const char *k)
{
	json_object	*v;

	if (!json_object_object_get_ex(o, k, &v) || v == NULL ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static void
hist_release(struct hist *h)
{
	size_t	i;

	for (i = 0; i < h->nrun; i++)
		free(h->run[i].name);
	free(h->scan);
	free(h->run);
	free(h->asset);
	memset(h, 0, sizeof(*h));
}

static int
scan_cmp(const void *a, const void *b)
{
	const struct mscan *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int
run_cmp(const void *a, const void *b)
{
	const struct mrun *x = a, *y = b;
	int	c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* One record of the device's history into h. */
static void
hist_add(struct hist *h, const char *kind, const char *data)
{
	json_object	*o;
	const char	*s;
	struct mrun	*r;
	int64_t		 id;

	if (data == NULL || (o = json_tokener_parse(data)) == NULL)
		return;
	if (strcmp(kind, "scans") == 0) {
		id = jint(o, "id", 0);
		if ((s = jstr(o, "asset")) != NULL && *s != '\0' &&
		    (h->asset == NULL || id > h->asset_scan)) {
			free(h->asset);
			h->asset = fa_strdup(s);
			h->asset_scan = id;
		}
		if ((jint(o, "parts", 0) & 1) != 0) {	/* DEV_P_METERS */
			h->scan = fa_reallocarray(h->scan, h->nscan + 1,
			    sizeof(*h->scan));
			h->scan[h->nscan].id = id;
			h->scan[h->nscan++].time = jint(o, "time", 0);
		}
	} else if ((s = jstr(o, "name")) != NULL &&
	    json_object_object_get_ex(o, "value", NULL) &&
	    !json_object_is_type(json_object_object_get(o, "value"),
	    json_type_null)) {
		h->run = fa_reallocarray(h->run, h->nrun + 1, sizeof(*h->run));
		r = &h->run[h->nrun++];
		r->name = fa_strdup(s);
		r->value = jint(o, "value", 0);
		r->first = jint(o, "scan_id", 0);
		r->last = jint(o, "last_scan_id", r->first);
	}
	json_object_put(o);
}

static int
hist_read(struct hubdb *db, struct hubdb_st **stp, const struct mdev *d,
    struct hist *h, struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc;

	memset(h, 0, sizeof(*h));
	static const int kinds[] = { STORE_X_SCANS, STORE_X_METERS };
	/* the keys hist_add() reads, no others (each text is a lookup) */
	static const char *const scan_keys[] = { "id", "asset", "parts",
	    "time", NULL };
	static const char *const meter_keys[] = { "name", "value",
	    "scan_id", "last_scan_id", NULL };
	static const char *const *const keys[] = { scan_keys, meter_keys };
	char		*sql;

	/* Through each kind's device index (hubrec.h). */
	if (*stp == NULL) {
		sql = hubrec_device_keys_sql(hubdb_kind(db), kinds, keys,
		    nitems(kinds));
		rc = hubdb_prepare(db, sql, stp, e);
		free(sql);
		if (rc != 0)
			return -1;
	}
	st = *stp;
	hubdb_reset(st);
	hubdb_bind_int(st, 1, d->site);
	hubdb_bind_int(st, 2, d->src);
	while ((rc = hubdb_step(st, e)) == 1)
		hist_add(h, hubdb_col_text(st, 0), hubdb_col_text(st, 1));
	hubdb_reset(st);
	if (rc != 0)
		return -1;
	/* qsort(3) of NULL is undefined, even of 0 */
	if (h->nscan > 0)
		qsort(h->scan, h->nscan, sizeof(*h->scan), scan_cmp);
	if (h->nrun > 0)
		qsort(h->run, h->nrun, sizeof(*h->run), run_cmp);
	return 0;
}

/* The runs of meter name: [*lo, *hi) of h->run; 0 when none. */
static int
runs_of(const struct hist *h, const char *name, size_t *lo, size_t *hi)
{
	size_t	i;

	for (i = 0; i < h->nrun && strcmp(h->run[i].name, name) != 0; i++)
		;
	*lo = i;
	while (i < h->nrun && strcmp(h->run[i].name, name) == 0)
		i++;
	*hi = i;
	return *hi > *lo;
}

/* The reads of meter name: one per meters scan that found it. */
static size_t
reads_of(const struct hist *h, const char *name, struct hubmeters_read *out)
{
	size_t	lo, hi, j, k, n = 0;

	if (!runs_of(h, name, &lo, &hi))
		return 0;
	for (k = 0; k < h->nscan; k++) {
		/* the newest run that began at or before the scan */
		for (j = hi; j > lo && h->run[j - 1].first > h->scan[k].id; j--)
			;
		for (; j > lo; j--)
			if (h->run[j - 1].last >= h->scan[k].id)
				break;
		if (j > lo) {
			out[n].time = h->scan[k].time;
			out[n++].value = h->run[j - 1].value;
		}
	}
	return n;
}

static void
mdev_release(struct mdev *d)
{
	free(d->collector);
	free(d->serial);
	free(d->model);
	free(d->address);
}

/*
 * The reads around the cut-off, site by site: the scans that read meters
 * within HUBMETERS_WINDOW of it and the runs that cover them, read from
 * the typed columns in two passes over the site's records (no JSON, no
 * lookup per device), and each scan's asset number where it has one
 * (the newest is the device's).  A device whose picture this leaves
 * incomplete (no read before the cut-off within the window, or one
 * after it only further on, or a value missing) is read whole again by
 * hist_read().
 *
 * A window that reaches the site's newest read (by the devices' last
 * seen: the month in progress) holds all there is after the cut-off: a
 * device read there with no read after the cut-off has none in its
 * whole history either, and its last read, which its row names, is
 * there; it is not read whole again (before, every device of the month
 * in progress was: 65 s for 10,000 devices with a year of reads).  A
 * cut-off more than the window after every read is moved to the newest
 * read, for the same answer.  (A cut-off before every read still reads
 * each device whole: its row names the last read, the newest of the
 * whole history.)
 */
#define HUBMETERS_WINDOW	(35 * 86400)

struct wscan {
	int64_t	 dev, id, time;
	int	 meters;		/* read meters, in the window */
	char	*asset;
};
struct wrun {
	int64_t	 dev, value, first, last;
	char	*name;
};
struct win {
	struct wscan	*scan;
	size_t		 nscan;
	struct wrun	*run;
	size_t		 nrun;
	/* the window reaches the site's newest read: no read after it */
	int		 to_end;
};

static void
win_release(struct win *w)
{
	size_t	i;

	for (i = 0; i < w->nscan; i++)
		free(w->scan[i].asset);
	for (i = 0; i < w->nrun; i++)
		free(w->run[i].name);
	free(w->scan);
	free(w->run);
	memset(w, 0, sizeof(*w));
}

static int
wscan_cmp(const void *a, const void *b)
{
	const struct wscan *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
wrun_cmp(const void *a, const void *b)
{
	const struct wrun *x = a, *y = b;

	return x->dev < y->dev ? -1 : x->dev > y->dev;
}

static int
win_read(struct hubdb *db, int64_t site, int64_t cutoff, int64_t tol,
    struct win *w, struct fa_err *e)
{
	static const char *const scan_cols[] = { "device_id", "id", "time",
	    "parts", "asset", NULL };
	static const char *const run_cols[] = { "device_id", "name",
	    "value", "scan_id", "last_scan_id", NULL };
	struct hubdb_st	*st;
	int64_t		 span = tol > HUBMETERS_WINDOW ? tol : HUBMETERS_WINDOW;
	int64_t		 lo = INT64_MAX, hi = INT64_MIN, centre = cutoff;
	struct wscan	*x;
	struct wrun	*r;
	char		*sql, *scans, *runs;
	size_t		 cap = 0;
	int		 rc;

	memset(w, 0, sizeof(*w));
	if (hubdb_prepare(db, "SELECT max(last_seen) FROM devices WHERE"
	    " site_id = ?1", &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, site);
	if ((rc = hubdb_step(st, e)) == 1 && !hubdb_col_null(st, 0)) {
		if (hubdb_col_int(st, 0) < cutoff - span)
			centre = hubdb_col_int(st, 0);
		w->to_end = hubdb_col_int(st, 0) <= centre + span;
	}
	hubdb_finalize(st);
	if (rc < 0)
		return -1;
	/* (packed on PostgreSQL, schema 15: only these columns unpacked) */
	scans = hubrec_packed(hubrec_table(STORE_X_SCANS), hubdb_kind(db)) ?
	    hubrec_pack_cols_sql(STORE_X_SCANS, scan_cols, "p.site_id = ?1") :
	    fa_strdup("rec_scans");
	sql = fa_asprintf("SELECT s.device_id, s.id, s.time,"
	    " CASE WHEN (s.parts & 1) != 0 AND s.time >= ?2 AND"
	    " s.time <= ?3 THEN 1 ELSE 0 END, t.t"
	    " FROM %s s LEFT JOIN rec_text t ON t.id = s.asset"
	    " WHERE s.site_id = ?1 AND (s.asset IS NOT NULL OR"
	    " ((s.parts & 1) != 0 AND s.time >= ?2 AND s.time <= ?3))",
	    scans);
	free(scans);
	rc = hubdb_prepare(db, sql, &st, e);
	free(sql);
	if (rc != 0)
		return -1;
	hubdb_bind_int(st, 1, site);
	hubdb_bind_int(st, 2, centre - span);
	hubdb_bind_int(st, 3, centre + span);
	hubdb_stream(st);
	while ((rc = hubdb_step(st, e)) == 1) {
		if (w->nscan == cap) {
			cap = cap ? cap * 2 : 1024;
			w->scan = fa_reallocarray(w->scan, cap,
			    sizeof(*w->scan));
		}
		x = &w->scan[w->nscan++];
		x->dev = hubdb_col_int(st, 0);
		x->id = hubdb_col_int(st, 1);
		x->time = hubdb_col_int(st, 2);
		x->meters = hubdb_col_int(st, 3) != 0;
		x->asset = hubdb_col_null(st, 4) || *hubdb_col_text(st, 4) ==
		    '\0' ? NULL : hubdb_col_strdup(st, 4);
		if (x->meters && x->id < lo)
			lo = x->id;
		if (x->meters && x->id > hi)
			hi = x->id;
	}
	hubdb_finalize(st);
	if (rc != 0)
		return -1;
	if (w->nscan > 0)
		qsort(w->scan, w->nscan, sizeof(*w->scan), wscan_cmp);
	if (lo > hi)
		return 0;	/* no read in the window */
	/* (packed on PostgreSQL, schema 15: the rows whose highest scan
	 * reaches the window, by their index, these columns only) */
	runs = hubrec_packed(hubrec_table(STORE_X_METERS), hubdb_kind(db)) ?
	    hubrec_pack_cols_sql(STORE_X_METERS, run_cols, "p.site_id = ?1"
	    " AND p.hi >= ?2") : fa_strdup("rec_meters");
	sql = fa_asprintf("SELECT r.device_id, t.t, r.value, r.scan_id,"
	    " r.last_scan_id FROM %s r JOIN rec_text t"
	    " ON t.id = r.name WHERE r.site_id = ?1 AND r.value IS NOT NULL"
	    " AND r.last_scan_id >= ?2 AND r.scan_id <= ?3", runs);
	free(runs);
	rc = hubdb_prepare(db, sql, &st, e);
	free(sql);
	if (rc != 0)
		return -1;
	hubdb_bind_int(st, 1, site);
	hubdb_bind_int(st, 2, lo);
	hubdb_bind_int(st, 3, hi);
	hubdb_stream(st);
	cap = 0;
	while ((rc = hubdb_step(st, e)) == 1) {
		if (w->nrun == cap) {
			cap = cap ? cap * 2 : 1024;
			w->run = fa_reallocarray(w->run, cap, sizeof(*w->run));
		}
		r = &w->run[w->nrun++];
		r->dev = hubdb_col_int(st, 0);
		r->name = hubdb_col_strdup(st, 1);
		r->value = hubdb_col_int(st, 2);
		r->first = hubdb_col_int(st, 3);
		r->last = hubdb_col_int(st, 4);
	}
	hubdb_finalize(st);
	if (rc != 0)
		return -1;
	if (w->nrun > 0)
		qsort(w->run, w->nrun, sizeof(*w->run), wrun_cmp);
	return 0;
}

/* Device src's part of w into h (as hist_read() would, bounded to the
 * window); *si, *ri: where the scan over w's sorted arrays is. */
static void
win_hist(struct win *w, int64_t src, size_t *si, size_t *ri, struct hist *h)
{
	size_t	i;

	memset(h, 0, sizeof(*h));
	while (*si < w->nscan && w->scan[*si].dev < src)
		(*si)++;
	for (i = *si; i < w->nscan && w->scan[i].dev == src; i++) {
		if (w->scan[i].asset != NULL && (h->asset == NULL ||
		    w->scan[i].id > h->asset_scan)) {
			free(h->asset);
			h->asset = fa_strdup(w->scan[i].asset);
			h->asset_scan = w->scan[i].id;
		}
		if (!w->scan[i].meters)
			continue;
		h->scan = fa_reallocarray(h->scan, h->nscan + 1,
		    sizeof(*h->scan));
		h->scan[h->nscan].id = w->scan[i].id;
		h->scan[h->nscan++].time = w->scan[i].time;
	}
	*si = i;
	while (*ri < w->nrun && w->run[*ri].dev < src)
		(*ri)++;
	for (i = *ri; i < w->nrun && w->run[i].dev == src; i++) {
		h->run = fa_reallocarray(h->run, h->nrun + 1, sizeof(*h->run));
		h->run[h->nrun].name = fa_strdup(w->run[i].name);
		h->run[h->nrun].value = w->run[i].value;
		h->run[h->nrun].first = w->run[i].first;
		h->run[h->nrun++].last = w->run[i].last;
	}
	*ri = i;
	if (h->nrun > 0)
		qsort(h->run, h->nrun, sizeof(*h->run), run_cmp);
}

int
hubmeters_scan(struct hubstore *hs, const char *account, int64_t cutoff,
    int64_t tol, const struct hubmeters_map *map, struct hubmeters_row **rows,
    size_t *nrows, struct fa_err *e)
{
	struct hubdb		*db = hubstore_db(hs);
	struct hubdb_st		*st = NULL, *hst = NULL;
	struct mdev		*dev = NULL;
	struct hist		 h;
	struct win		 w;
	struct hubmeters_read	*reads = NULL;
	struct hubmeters_row	*v = NULL, *r;
	const struct hubmeters_alt *alt = NULL;
	size_t			 ndev = 0, nv = 0, i, c, k, nr, lo, hi, x;
	size_t			 si = 0, ri = 0;
	int64_t			 acc;
	int			 rc, ret = -1;

	*rows = NULL;
	*nrows = 0;
	memset(&h, 0, sizeof(h));
	memset(&w, 0, sizeof(w));
	if (hubdb_begin_read(db, e) != 0)
		return -1;
	if (hubstore_account_id(hs, account, &acc, e) != 0)
		goto out;
	if (hubdb_prepare(db, "SELECT s.fingerprint, d.site_id, d.src_id,"
	    " d.serial, d.model, d.address FROM devices d"
	    " JOIN sites s ON s.id = d.site_id WHERE d.account_id = ?1"
	    " ORDER BY s.fingerprint, d.src_id", &st, e) != 0)
		goto out;
	hubdb_bind_int(st, 1, acc);
	while ((rc = hubdb_step(st, e)) == 1) {
		dev = fa_reallocarray(dev, ndev + 1, sizeof(*dev));
		dev[ndev].collector = hubdb_col_strdup(st, 0);
		dev[ndev].site = hubdb_col_int(st, 1);
		dev[ndev].src = hubdb_col_int(st, 2);
		dev[ndev].serial = hubdb_col_strdup(st, 3);
		dev[ndev].model = hubdb_col_strdup(st, 4);
		dev[ndev++].address = hubdb_col_strdup(st, 5);
	}
	hubdb_finalize(st);
	st = NULL;
	if (rc != 0)
		goto out;
	for (i = 0; i < ndev; i++) {
		size_t	first = nv;
		int	whole = 0, missing;

		if (i == 0 || dev[i].site != dev[i - 1].site) {
			win_release(&w);
			if (win_read(db, dev[i].site, cutoff, tol, &w, e) != 0)
				goto out;
			si = ri = 0;
		}
		win_hist(&w, dev[i].src, &si, &ri, &h);
		/* no read in the window: the whole history says why */
		if (h.nscan == 0) {
			hist_release(&h);
			whole = 1;
			if (hist_read(db, &hst, &dev[i], &h, e) != 0)
				goto out;
		}
again:
		missing = 0;
		reads = fa_reallocarray(reads, h.nscan + 1, sizeof(*reads));
		for (c = 0; c < map->ncode; c++) {
			for (k = 0; k < map->code[c].nalt; k++) {
				alt = &map->code[c].alt[k];
				if (runs_of(&h, alt->meter, &lo, &hi) &&
				    (alt->unless[0] == '\0' ||
				    !runs_of(&h, alt->unless, &lo, &hi)))
					break;
			}
			if (k == map->code[c].nalt)
				continue;	/* not billed on this device */
			nr = reads_of(&h, alt->meter, reads);
			v = fa_reallocarray(v, nv + 1, sizeof(*v));
			r = &v[nv++];
			memset(r, 0, sizeof(*r));
			r->collector = fa_strdup(dev[i].collector);
			r->device = dev[i].src;
			r->serial = dev[i].serial ? fa_strdup(dev[i].serial) :
			    NULL;
			r->model = dev[i].model ? fa_strdup(dev[i].model) :
			    NULL;
			r->address = dev[i].address ?
			    fa_strdup(dev[i].address) : NULL;
			r->asset = h.asset ? fa_strdup(h.asset) : NULL;
			fa_strlcpy(r->code, map->code[c].code, sizeof(r->code));
			fa_strlcpy(r->meter, alt->meter, sizeof(r->meter));
			hubmeters_pick(reads, nr, cutoff, tol, &r->pick);
			for (x = 0; x < nr; x++)
				if (reads[x].time > r->last_read)
					r->last_read = reads[x].time;
			if (r->pick.kind == HUBMETERS_MISSING &&
			    !(w.to_end && r->pick.why == no_after))
				missing = 1;
		}
		hist_release(&h);
		/*
		 * A value the window leaves missing (a read before or after
		 * the cut-off only beyond it; its last read named): the
		 * device read whole again, unless the window reaches the
		 * site's newest read and there is no read after the cut-off.  Any other is the whole
		 * history's: the newest read at or before the cut-off and
		 * the oldest after it are the window's when it has one.
		 */
		if (missing && !whole) {
			while (nv > first)
				hubmeters_row_release(&v[--nv]);
			whole = 1;
			if (hist_read(db, &hst, &dev[i], &h, e) != 0)
				goto out;
			goto again;
		}
	}
	*rows = v;
	*nrows = nv;
	v = NULL;
	nv = 0;
	ret = 0;
out:
	hist_release(&h);
	win_release(&w);
	hubdb_finalize(st);
	hubdb_finalize(hst);
	for (i = 0; i < ndev; i++)
		mdev_release(&dev[i]);
	free(dev);
	for (i = 0; i < nv; i++)
		hubmeters_row_release(&v[i]);
	free(v);
	free(reads);
	hubdb_rollback(db);	/* a read transaction: nothing to keep */
	return ret;
}

/* ---- the CSV layout (docs/billing.md), "hub meters --csv" and the web
 * view's download alike ---- */

const char *
hubmeters_kind_name(enum hubmeters_kind k)
{
	return k == HUBMETERS_ACTUAL ? "actual" : k == HUBMETERS_ESTIMATED ?
	    "estimated" : "missing";
}

char *
hubmeters_method(const struct hubmeters_row *r)
{
	char	a[32], b[32];

	switch (r->pick.kind) {
	case HUBMETERS_ACTUAL:
		return fa_strdup("nearest read");
	case HUBMETERS_ESTIMATED:
		fa_iso8601(r->pick.before, a, sizeof(a));
		fa_iso8601(r->pick.after, b, sizeof(b));
		return fa_asprintf("linear %s %s", a, b);
	default:
		if (r->last_read == 0)
			return fa_strdup(r->pick.why);
		fa_iso8601(r->last_read, a, sizeof(a));
		return fa_asprintf("%s (last read %s)", r->pick.why, a);
	}
}

int
hubmeters_map_for(const char *dir, const char *account,
    struct hubmeters_map *map, struct fa_err *e)
{
	char	*path = fa_asprintf("%s/meters/%s.map", dir, account);
	FILE	*f;
	int	 ret;

	if ((f = fopen(path, "r")) == NULL) {
		free(path);
		hubmeters_map_default(map);
		return 0;
	}
	fclose(f);
	ret = hubmeters_map_read(path, map, e);
	free(path);
	return ret;
}

void
hubmeters_csv(const struct hubmeters_row *v, size_t n, struct fa_buf *b)
{
	char		 ts[32], num[32], *m;
	size_t		 i;

	fa_buf_printf(b, "serial,asset_number,billing_code,value,read_date,"
	    "read_type,method,meter,model,address,collector,device_id\r\n");
	for (i = 0; i < n; i++) {
		const struct hubmeters_row *r = &v[i];

		report_csv_field(b, r->serial);
		fa_buf_printf(b, ",");
		report_csv_field(b, r->asset);
		fa_buf_printf(b, ",");
		report_csv_field(b, r->code);
		if (r->pick.kind == HUBMETERS_MISSING)
			fa_buf_printf(b, ",,,");
		else {
			snprintf(num, sizeof(num), "%lld",
			    (long long)r->pick.value);
			fa_iso8601(r->pick.time, ts, sizeof(ts));
			fa_buf_printf(b, ",%s,%s,", num, ts);
		}
		fa_buf_printf(b, "%s,", hubmeters_kind_name(r->pick.kind));
		m = hubmeters_method(r);
		report_csv_field(b, m);
		free(m);
		fa_buf_printf(b, ",");
		report_csv_field(b, r->meter);
		fa_buf_printf(b, ",");
		report_csv_field(b, r->model);
		fa_buf_printf(b, ",");
		report_csv_field(b, r->address);
		fa_buf_printf(b, ",%s,%lld\r\n", r->collector,
		    (long long)r->device);
	}
}

