/*
 * report.c: the report's model and its math (report.h).  Pure: no store,
 * no clock, no output.  Times are UTC epoch seconds; months are UTC
 * calendar months.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../cli/plat.h"
#include "../cli/plat_net.h"
#include "report.h"

/* ---- Math ---- */

static int64_t
month_start(int y, int m)		/* m 0..11, may overflow into y */
{
	struct tm	tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900 + m / 12;
	tm.tm_mon = m % 12;
	tm.tm_mday = 1;
	return fa_timegm(&tm);
}

int
report_months(int64_t from, int64_t to, int64_t *bounds, size_t max,
    size_t *n)
{
	time_t		t = (time_t)from;
	struct tm	tm;
	int		y, m;
	size_t		k = 0;

	fa_gmtime((int64_t)t, &tm);
	y = tm.tm_year + 1900;
	m = tm.tm_mon;
	bounds[0] = month_start(y, m);
	while (bounds[k] < to) {
		if (k == max)
			return -1;
		m++;
		bounds[++k] = month_start(y, m);
	}
	*n = k;
	return 0;
}

double
report_prorate(const struct report_reading *r, size_t n,
    const int64_t *bounds, size_t nm, int64_t from, int64_t to,
    double *pages, double *secs, report_step_cb *cb, void *arg)
{
	double	 sum = 0;
	size_t	 i, m;

	for (i = 1; i < n; i++) {
		const struct report_reading *a = &r[i - 1], *b = &r[i];
		int64_t	 dt = b->t - a->t, lo, hi;
		double	 d;
		int	 kind;

		if (dt <= 0 || b->t < from || a->t > to)
			continue;
		kind = b->bad ? REPORT_STEP_FLAGGED :
		    b->v < a->v ? REPORT_STEP_DECREASE :
		    dt > (int64_t)REPORT_GAP_DAYS * REPORT_DAY ?
		    REPORT_STEP_GAP : REPORT_STEP_OK;
		if (cb != NULL)
			cb(kind, a, b, arg);
		if (kind != REPORT_STEP_OK)
			continue;
		d = (double)(b->v - a->v);
		for (m = 0; m < nm; m++) {
			lo = a->t > bounds[m] ? a->t : bounds[m];
			if (lo < from)
				lo = from;
			hi = b->t < bounds[m + 1] ? b->t : bounds[m + 1];
			if (hi > to)
				hi = to;
			if (hi <= lo)
				continue;
			pages[m] += d * (double)(hi - lo) / (double)dt;
			secs[m] += (double)(hi - lo);
			sum += d * (double)(hi - lo) / (double)dt;
		}
	}
	return sum;
}

/* The k-th smallest of v[0..n) (v reordered): Hoare's selection. */
static double
select_k(double *v, size_t n, size_t k)
{
	size_t	lo = 0, hi = n - 1, i, j;
	double	p, t;

	while (lo < hi) {
		p = v[lo + (hi - lo) / 2];
		i = lo;
		j = hi;
		while (i <= j) {
			while (v[i] < p)
				i++;
			while (v[j] > p)
				j--;
			if (i <= j) {
				t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j && j != (size_t)-1)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return v[k];
}

static double
median(double *v, size_t n)
{
	double	a, b;

	if (n % 2 == 1)
		return select_k(v, n, n / 2);
	a = select_k(v, n, n / 2 - 1);
	b = select_k(v, n, n / 2);
	return (a + b) / 2;
}

void
report_days_to_empty(const struct report_level *l, size_t n,
    int64_t t_last, struct report_dte *out)
{
	struct report_level	 p[REPORT_DTE_MAX_POINTS];
	double			*s = NULL, slope, icpt, t0, te;
	size_t			 np = 0, i, j, k, ns = 0;
	long			 fall = 0, rise = 0;

	memset(out, 0, sizeof(*out));
	out->status = REPORT_DTE_NONE;
	if (n == 0)
		return;
	/* The first reading of each level, the newest MAX of them. */
	for (i = 0; i < n; i++) {
		if (i > 0 && l[i].level == l[i - 1].level)
			continue;
		if (np == REPORT_DTE_MAX_POINTS) {
			memmove(p, p + 1, (np - 1) * sizeof(p[0]));
			np--;
		}
		p[np++] = l[i];
	}
	out->points = (int)np;
	if (t_last < p[np - 1].t)
		t_last = p[np - 1].t;
	out->history_days = (double)(t_last - p[0].t) / REPORT_DAY;
	out->status = REPORT_DTE_SHORT;
	if (out->history_days < REPORT_DTE_MIN_DAYS)
		return;
	/* a long history whose level moved too little to draw a line */
	out->status = REPORT_DTE_FEW;
	if (np < REPORT_DTE_MIN_POINTS)
		return;
	out->status = REPORT_DTE_SHORT;
	t0 = (double)p[0].t;
	s = fa_reallocarray(NULL, np * (np - 1) / 2 > np ?
	    np * (np - 1) / 2 : np, sizeof(*s));
	for (i = 0; i < np; i++)
		for (j = i + 1; j < np; j++) {
			double dt = (double)(p[j].t - p[i].t) / REPORT_DAY;

			if (dt <= 0)
				continue;
			s[ns++] = (double)(p[j].level - p[i].level) / dt;
			if (p[j].level < p[i].level)
				fall++;
			else if (p[j].level > p[i].level)
				rise++;
		}
	if (ns == 0)
		goto out;
	slope = median(s, ns);
	out->slope = slope;
	out->confidence = fall > rise ?
	    (double)(fall - rise) / (double)ns : 0;
	if (!(slope < 0)) {
		out->status = REPORT_DTE_FLAT;
		goto out;
	}
	for (k = 0; k < np; k++)
		s[k] = p[k].level - slope * ((double)p[k].t - t0) / REPORT_DAY;
	icpt = median(s, np);
	/* the line reaches 0 at te days after t0 */
	te = -icpt / slope;
	out->days = te - ((double)t_last - t0) / REPORT_DAY;
	if (out->days < 0)
		out->days = 0;
	out->empty_at = t_last + (int64_t)llround(out->days * REPORT_DAY);
	out->status = REPORT_DTE_OK;
out:
	free(s);
}

void
report_levels_days(struct report_level *l, size_t n, int64_t t_last,
    int64_t at, struct report_sdays *out)
{
	size_t	i, k;

	memset(out, 0, sizeof(*out));
	for (i = 1; i < n; i++)		/* by time, stable; mostly sorted */
		for (k = i; k > 0 && l[k - 1].t > l[k].t; k--) {
			struct report_level x = l[k];

			l[k] = l[k - 1];
			l[k - 1] = x;
		}
	report_days_to_empty(l, n, t_last, &out->dte);
	if (at <= 0)
		return;
	if (out->dte.status == REPORT_DTE_OK && out->dte.empty_at < at)
		out->overdue = 1;
	if (t_last > 0 && t_last < at - (int64_t)REPORT_STALE_DAYS * REPORT_DAY)
		out->stale = 1;
}

void
report_supply_days(const struct store_rsupply *p, int64_t at,
    struct report_sdays *out)
{
	struct report_level	*lv;
	size_t			 k;

	if (p->class != NULL && strcmp(p->class, "filled") == 0) {
		/* a waste box fills up: no days, nothing judged */
		memset(out, 0, sizeof(*out));
		out->dte.status = REPORT_DTE_NONE;
		return;
	}
	lv = fa_reallocarray(NULL, p->nlevels ? p->nlevels : 1, sizeof(*lv));
	for (k = 0; k < p->nlevels; k++) {
		lv[k].t = p->levels[k].time;
		lv[k].level = p->levels[k].percent;
	}
	report_levels_days(lv, p->nlevels, p->last_seen, at, out);
	free(lv);
}

/* ---- Model ---- */

void
report_date(int64_t t, char *buf, size_t len)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (t <= 0) {
		fa_strlcpy(buf, "", len);
		return;
	}
	fa_gmtime((int64_t)tt, &tm);
	strftime(buf, len, "%Y-%m-%d", &tm);
}

void
report_month_name(const struct report_month *m, char *buf, size_t len)
{
	snprintf(buf, len, "%04d-%02d", m->year, m->mon);
}

size_t
report_nearest(const struct report *r, struct report_near *v, size_t max)
{
	size_t	i, j, k, n = 0;

	if (max == 0)
		return 0;
	for (i = 0; i < r->ndevs; i++)
		for (j = 0; j < r->devs[i].nsup; j++) {
			const struct report_dte *t = &r->devs[i].sup[j].dte;

			/* an overdue one's date has passed: it is counted
			 * and shown as overdue, never as days to come */
			if (t->status != REPORT_DTE_OK ||
			    r->devs[i].sup[j].overdue ||
			    (n == max && t->days >= v[n - 1].days))
				continue;
			k = n < max ? n++ : max - 1;
			while (k > 0 && v[k - 1].days > t->days) {
				v[k] = v[k - 1];
				k--;
			}
			v[k].days = t->days;
			v[k].d = i;
			v[k].s = j;
		}
	return n;
}

void
report_months_note(const struct report *r, char *buf, size_t len)
{
	char	 name[16];
	size_t	 m;

	buf[0] = '\0';
	for (m = 0; m < r->nmonths && r->mreadings[m] == 0; m++)
		;
	if (r->nmonths == 0 || m == 0)
		return;
	if (m == r->nmonths && r->ndevs == 0) {
		snprintf(buf, len, "no reads in the period: every month is "
		    "empty");
		return;
	}
	if (m == r->nmonths) {
		snprintf(buf, len, "no earlier reads: a month's pages need "
		    "two reads of a device's counters in the period, so every "
		    "month is empty");
		return;
	}
	report_month_name(&r->months[m], name, sizeof(name));
	snprintf(buf, len, "no earlier reads: the %zu month%s before the "
	    "first read (%s) %s empty", m, m == 1 ? "" : "s", name,
	    m == 1 ? "is" : "are");
}

double
report_ratio(double mono, double colour)
{
	if (isnan(mono) || isnan(colour) || mono + colour <= 0)
		return NAN;
	return colour / (mono + colour);
}

const char *
report_level_state(int percent, const char *state)
{
	if (percent == 0 || (state != NULL && strcmp(state, "empty") == 0))
		return "empty";
	if (percent > 0 && percent <= REPORT_LOW_PERCENT)
		return "low";
	return state;
}

int
report_error_bit_stops(const char *bit)
{
	/* hrPrinterDetectedErrorState's warnings: printing goes on (one
	 * tray empty or out: the others still feed) */
	static const char *const warn[] = { "lowPaper", "lowToner",
	    "outputNearFull", "overduePreventMaint", "inputTrayEmpty",
	    "inputTrayMissing" };
	size_t	i;

	if (bit == NULL || bit[0] == '\0')
		return 0;
	for (i = 0; i < nitems(warn); i++)
		if (strcmp(bit, warn[i]) == 0)
			return 0;
	return 1;
}

int
report_init(struct report *r, int64_t from, int64_t to, int64_t now,
    const char *source, struct fa_err *e)
{
	int64_t	 b[REPORT_MAX_MONTHS + 1];
	size_t	 n, i;

	memset(r, 0, sizeof(*r));
	if (to <= from)
		return fa_errf(e, "the report's end must come after its start");
	if (report_months(from, to, b, REPORT_MAX_MONTHS, &n) != 0)
		return fa_errf(e, "a report covers at most %d months",
		    REPORT_MAX_MONTHS);
	r->from = from;
	r->to = to;
	r->generated = now;
	r->source = fa_strdup(source);
	r->nmonths = n;
	for (i = 0; i < n; i++) {
		time_t		t = (time_t)b[i];
		struct tm	tm;
		int64_t		lo = b[i] > from ? b[i] : from;
		int64_t		hi = b[i + 1] < to ? b[i + 1] : to;

		fa_gmtime((int64_t)t, &tm);
		r->months[i].year = tm.tm_year + 1900;
		r->months[i].mon = tm.tm_mon + 1;
		r->months[i].start = b[i];
		r->months[i].end = b[i + 1];
		r->months[i].days = hi > lo ? (double)(hi - lo) / REPORT_DAY :
		    0;
	}
	return 0;
}

static const char *
flag_what(const char *reason)
{
	static const char *const w[] = { "decrease", "wrap32", "frozen",
	    "swap" };
	size_t	i;

	for (i = 0; i < nitems(w); i++)
		if (reason != NULL && strcmp(reason, w[i]) == 0)
			return w[i];
	return "flagged";
}

struct stepctx {
	struct report		*r;
	const struct store_rdev	*d;
	const char		*meter;
	int			 nflagged;
};

static void
add_step(struct report *r, size_t dev, const char *meter, const char *what,
    int64_t from, int64_t to, int64_t before, int64_t after,
    const char *detail)
{
	struct report_step *s;

	if (r->nsteps == r->capsteps) {
		r->capsteps = r->capsteps ? r->capsteps * 2 : 64;
		r->steps = fa_reallocarray(r->steps, r->capsteps,
		    sizeof(*r->steps));
	}
	s = &r->steps[r->nsteps++];
	s->dev = dev;
	s->meter = meter;
	s->what = what;
	s->from = from;
	s->to = to;
	s->before = before;
	s->after = after;
	s->detail = fa_strdup(detail);
}

/* Why the step (a, b] of the meter was flagged: its flag, or a swap. */
static const struct store_flagrow *
step_flag(const struct store_rdev *d, const char *meter, int64_t ta,
    int64_t tb, int64_t sb)
{
	size_t	i;

	for (i = 0; i < d->nflags; i++) {
		const struct store_flagrow *f = &d->flags[i];

		if (f->scan_id == sb && f->name != NULL &&
		    strcmp(f->name, meter) == 0)
			return f;
	}
	for (i = 0; i < d->nflags; i++) {
		const struct store_flagrow *f = &d->flags[i];

		if (f->reason != NULL && strcmp(f->reason, "swap") == 0 &&
		    f->time > ta && f->time <= tb)
			return f;
	}
	return NULL;
}

static void
step_cb(int kind, const struct report_reading *a,
    const struct report_reading *b, void *arg)
{
	struct stepctx	*c = arg;
	const struct store_flagrow *f;
	const char	*what;

	if (kind == REPORT_STEP_OK)
		return;
	if (kind == REPORT_STEP_GAP)
		what = "gap";
	else if (kind == REPORT_STEP_DECREASE)
		what = "decrease";
	else {
		f = step_flag(c->d, c->meter, a->t, b->t, b->id);
		what = f != NULL ? flag_what(f->reason) : "flagged";
		add_step(c->r, c->r->ndevs, c->meter, what, a->t, b->t, a->v,
		    b->v, f != NULL ? f->detail : NULL);
		c->nflagged++;
		return;
	}
	if (kind == REPORT_STEP_DECREASE)
		c->nflagged++;
	add_step(c->r, c->r->ndevs, c->meter, what, a->t, b->t, a->v, b->v,
	    NULL);
}

/* Volumes of one meter (0 total, 1 mono, 2 colour) into out[].field. */
static int
meter_volume(struct report *r, const struct store_rdev *d, int which,
    struct report_dvol *vol, int *nflagged)
{
	static const char *const names[] = { "total", "mono", "colour" };
	struct report_reading *rd;
	struct stepctx	 c;
	int64_t		 b[REPORT_MAX_MONTHS + 1];
	double		 pages[REPORT_MAX_MONTHS], secs[REPORT_MAX_MONTHS];
	size_t		 i, n = 0;
	int64_t		 v;

	rd = fa_reallocarray(NULL, d->nreads ? d->nreads : 1, sizeof(*rd));
	for (i = 0; i < d->nreads; i++) {
		const struct store_rread *x = &d->reads[i];

		v = which == 0 ? x->total : which == 1 ? x->mono : x->colour;
		if (v == DEV_NONE)
			continue;
		rd[n].t = x->time;
		rd[n].v = v;
		rd[n].id = x->scan_id;
		rd[n].bad = n > 0 && step_flag(d, names[which],
		    rd[n - 1].t, x->time, x->scan_id) != NULL;
		n++;
	}
	if (n == 0) {
		free(rd);
		return 0;
	}
	for (i = 0; i <= r->nmonths; i++)
		b[i] = i < r->nmonths ? r->months[i].start :
		    r->months[r->nmonths - 1].end;
	memset(pages, 0, sizeof(pages));
	memset(secs, 0, sizeof(secs));
	c.r = r;
	c.d = d;
	c.meter = names[which];
	c.nflagged = 0;
	report_prorate(rd, n, b, r->nmonths, r->from, r->to, pages, secs,
	    which == 0 ? step_cb : NULL, &c);
	for (i = 0; i < r->nmonths; i++) {
		double *f = which == 0 ? &vol[i].total : which == 1 ?
		    &vol[i].mono : &vol[i].colour;

		*f = secs[i] > 0 ? pages[i] : NAN;
		if (which == 0)
			vol[i].days_covered = secs[i] / REPORT_DAY;
	}
	*nflagged += c.nflagged;
	free(rd);
	return 1;
}

static char *
join_errors(const struct store_rdev *d)
{
	struct fa_buf	b = FA_BUF_INIT;
	size_t		i;

	if (d->nerrors == 0)
		return NULL;
	for (i = 0; i < d->nerrors; i++) {
		if (i > 0)
			fa_buf_puts(&b, ", ");
		fa_buf_puts(&b, d->errors[i] ? d->errors[i] : "");
	}
	return fa_buf_steal(&b);
}

static int
is_colorant(const char *c)
{
	return c != NULL && (strcmp(c, "cyan") == 0 ||
	    strcmp(c, "magenta") == 0 || strcmp(c, "yellow") == 0);
}

int
report_add(const struct store_rdev *d, void *arg, struct fa_err *e)
{
	struct report		*r = arg;
	struct report_dev	*x;
	size_t			 i;
	int			 has_total, has_mono, has_colour, nfl = 0;
	struct report_sdays	 sd;

	(void)e;
	if (r->ndevs == r->capdevs) {
		r->capdevs = r->capdevs ? r->capdevs * 2 : 64;
		r->devs = fa_reallocarray(r->devs, r->capdevs,
		    sizeof(*r->devs));
	}
	x = &r->devs[r->ndevs];
	memset(x, 0, sizeof(*x));
	x->id = d->id;
	x->address = fa_strdup(d->address);
	x->vendor = fa_strdup(d->vendor);
	x->model = fa_strdup(d->model);
	x->serial = fa_strdup(d->serial);
	x->mac = fa_strdup(d->mac);
	x->location = fa_strdup(d->location);
	x->firmware = fa_strdup(d->firmware);
	x->name = fa_strdup(d->sys_name);
	x->last_error = fa_strdup(d->last_error);
	x->errors = join_errors(d);
	x->first_seen = d->first_seen;
	x->last_seen = d->last_seen;
	x->missing_since = d->missing_since;
	x->stale = d->last_seen > 0 &&
	    d->last_seen < r->to - (int64_t)REPORT_STALE_DAYS * REPORT_DAY;
	x->total_pages = DEV_NONE;
	for (i = d->nreads; i > 0; i--)
		if (d->reads[i - 1].total != DEV_NONE) {
			x->total_pages = d->reads[i - 1].total;
			break;
		}
	x->colour = d->colour_meter;
	for (i = 0; i < d->nsupplies; i++)
		if (is_colorant(d->supplies[i].colorant))
			x->colour = 1;

	x->vol = fa_calloc(r->nmonths ? r->nmonths : 1, sizeof(*x->vol));
	for (i = 0; i < r->nmonths; i++)
		x->vol[i].total = x->vol[i].mono = x->vol[i].colour =
		    x->vol[i].unknown = NAN;
	has_total = meter_volume(r, d, 0, x->vol, &nfl);
	has_mono = meter_volume(r, d, 1, x->vol, &nfl);
	has_colour = meter_volume(r, d, 2, x->vol, &nfl);
	/* A mono device without split counters: every page is mono. */
	if (has_total && !has_mono && !has_colour && !x->colour)
		for (i = 0; i < r->nmonths; i++) {
			x->vol[i].mono = x->vol[i].total;
			x->vol[i].colour = isnan(x->vol[i].total) ? NAN : 0;
		}
	/* Pages whose split is not known: all of a month's total when the
	 * device gives no split that month (a colour device without split
	 * counters is never counted as mono); with a split, what the total
	 * counted beyond mono + colour (0 on a consistent device). */
	for (i = 0; i < r->nmonths; i++) {
		struct report_dvol *v = &x->vol[i];

		if (isnan(v->total))
			continue;
		if (isnan(v->mono) || isnan(v->colour)) {
			v->mono = v->colour = NAN;
			v->unknown = v->total;
		} else {
			v->unknown = v->total - v->mono - v->colour;
			if (fabs(v->unknown) < 0.005)
				v->unknown = 0;
		}
	}
	x->nflags = nfl;
	/* Swaps and other flags in the span, beside the steps. */
	for (i = 0; i < d->nflags; i++) {
		const struct store_flagrow *f = &d->flags[i];

		if (f->time < r->from || f->time > r->to)
			continue;
		if (f->reason != NULL && strcmp(f->reason, "swap") == 0 &&
		    d->nreads > 0 && d->reads[0].time >= f->time)
			add_step(r, r->ndevs, "serial", "swap", f->time,
			    f->time, DEV_NONE, DEV_NONE, f->detail);
	}

	x->sup = fa_calloc(d->nsupplies ? d->nsupplies : 1, sizeof(*x->sup));
	x->nsup = d->nsupplies;
	for (i = 0; i < d->nsupplies; i++) {
		const struct store_rsupply *p = &d->supplies[i];
		struct report_supply *q = &x->sup[i];

		q->idx = p->idx;
		q->description = fa_strdup(p->description);
		q->colorant = fa_strdup(p->colorant);
		q->part_number = fa_strdup(p->part_number);
		q->serial = fa_strdup(p->serial);
		q->state = fa_strdup(p->state);
		q->type = fa_strdup(p->type);
		q->class = fa_strdup(p->class);
		q->percent = p->percent;
		q->installed = p->installed;
		q->last_seen = p->last_seen;
		q->level_state = report_level_state(p->percent, q->state);
		/* judged at the report's end, not at the last read */
		report_supply_days(p, r->to, &sd);
		q->dte = sd.dte;
		q->overdue = sd.overdue;
		q->stale = sd.stale;
	}

	x->alerts = fa_calloc(d->nalerts ? d->nalerts : 1,
	    sizeof(*x->alerts));
	x->nalerts_all = d->nalerts;
	for (i = 0; i < d->nalerts; i++) {
		const struct store_ralert *a = &d->alerts[i];
		struct report_alert *b = &x->alerts[i];

		b->severity = fa_strdup(a->severity);
		b->code = fa_strdup(a->code);
		b->group = fa_strdup(a->group);
		b->description = fa_strdup(a->description);
		b->first_seen = a->first_seen;
		b->last_seen = a->last_seen;
		b->current = a->current;
		if (a->current) {
			x->nalerts++;
			if (a->severity != NULL &&
			    strcmp(a->severity, "critical") == 0)
				x->in_error = 1;
		}
	}
	if (d->hr_device_status == 5)	/* hrDeviceStatus down(5) */
		x->in_error = 1;
	for (i = 0; i < d->nerrors; i++)
		if (report_error_bit_stops(d->errors[i]))
			x->in_error = 1;
	r->ndevs++;
	return 0;
}

int
report_addr_cmp(const char *a, const char *b)
{
	unsigned char	x[16], y[16];
	int		fx, fy;

	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL);
	fx = inet_pton(AF_INET, a, x) == 1 ? 4 :
	    inet_pton(AF_INET6, a, x) == 1 ? 6 : 0;
	fy = inet_pton(AF_INET, b, y) == 1 ? 4 :
	    inet_pton(AF_INET6, b, y) == 1 ? 6 : 0;
	if (fx != fy)
		return fx == 0 ? 1 : fy == 0 ? -1 : fx - fy;
	if (fx == 0)
		return strcmp(a, b);
	return memcmp(x, y, fx == 4 ? 4 : 16);
}

static int
dev_cmp(const void *pa, const void *pb)
{
	const struct report_dev *a = pa, *b = pb;
	int	c = report_addr_cmp(a->address, b->address);

	return c != 0 ? c : (a->id > b->id) - (a->id < b->id);
}

static int
count_cmp(const void *pa, const void *pb)
{
	const struct report_count *a = pa, *b = pb;

	if (a->n != b->n)
		return b->n - a->n;
	return strcmp(a->key, b->key);
}

static int
idx_cmp(const void *pa, const void *pb, void *arg)
{
	const struct report_dev *d = arg;

	return dev_cmp(&d[*(const size_t *)pa], &d[*(const size_t *)pb]);
}

void
report_finish(struct report *r)
{
	struct report_dev	*sorted;
	size_t			*order, *inv, i, j, m, n1;
	size_t			 nread = 0;

	/* Devices by address; the steps follow their device. */
	n1 = r->ndevs ? r->ndevs : 1;
	order = fa_calloc(n1, sizeof(*order));
	inv = fa_calloc(n1, sizeof(*inv));
	sorted = fa_calloc(n1, sizeof(*sorted));
	for (i = 0; i < r->ndevs; i++)
		order[i] = i;
	fa_sort_r(order, r->ndevs, sizeof(*order), idx_cmp, r->devs);
	for (i = 0; i < r->ndevs; i++) {
		sorted[i] = r->devs[order[i]];
		inv[order[i]] = i;
	}
	if (r->ndevs > 0)
		memcpy(r->devs, sorted, r->ndevs * sizeof(*sorted));
	for (i = 0; i < r->nsteps; i++)
		r->steps[i].dev = inv[r->steps[i].dev];
	free(sorted);
	free(inv);
	free(order);

	for (m = 0; m < r->nmonths; m++) {
		r->mtotal[m] = r->mmono[m] = r->mcolour[m] = r->munknown[m] = 0;
		r->mreadings[m] = 0;
	}
	for (i = 0; i < r->ndevs; i++) {
		struct report_dev *d = &r->devs[i];
		char	*key;

		if (d->colour)
			r->ncolour++;
		else
			r->nmono++;
		if (d->in_error)
			r->nin_error++;
		if (d->nalerts > 0)
			r->nwith_alerts++;
		if (d->stale)
			r->nstale++;
		for (m = 0; m < r->nmonths; m++) {
			const struct report_dvol *v = &d->vol[m];

			if (isnan(v->total))
				continue;
			r->mreadings[m]++;
			r->mtotal[m] += v->total;
			r->munknown[m] += v->unknown;
			if (!isnan(v->mono)) {
				r->mmono[m] += v->mono;
				r->mcolour[m] += v->colour;
			}
		}
		for (j = 0; j < d->nsup; j++) {
			struct report_supply *p = &d->sup[j];
			int consumed = p->class == NULL ||
			    strcmp(p->class, "filled") != 0;

			if (!consumed)
				continue;
			if ((p->percent >= 0 &&
			    p->percent <= REPORT_LOW_PERCENT) ||
			    (p->state != NULL &&
			    strcmp(p->state, "empty") == 0))
				r->nlow++;
			else if (p->overdue)
				r->noverdue++;
			else if (p->dte.status == REPORT_DTE_OK &&
			    p->dte.days <= REPORT_SOON_DAYS)
				r->nsoon++;
		}
		key = fa_asprintf("%s\t%s", d->vendor ? d->vendor : "",
		    d->model ? d->model : "");
		for (j = 0; j < r->nmodels; j++)
			if (strcmp(r->models[j].key, key) == 0)
				break;
		if (j == r->nmodels) {
			r->models = fa_reallocarray(r->models, r->nmodels + 1,
			    sizeof(*r->models));
			r->models[j].key = key;
			r->models[j].vendor = fa_strdup(d->vendor ?
			    d->vendor : "");
			r->models[j].model = fa_strdup(d->model ?
			    d->model : "");
			r->models[j].n = 0;
			r->models[j].colour = d->colour;
			r->nmodels++;
		} else
			free(key);
		r->models[j].n++;
	}
	r->ptotal = r->pmono = r->pcolour = r->punknown = 0;
	for (m = 0; m < r->nmonths; m++) {
		if (r->mreadings[m] == 0) {
			r->mtotal[m] = r->mmono[m] = r->mcolour[m] =
			    r->munknown[m] = NAN;
			continue;
		}
		r->ptotal += r->mtotal[m];
		r->pmono += r->mmono[m];
		r->pcolour += r->mcolour[m];
		r->punknown += r->munknown[m];
		nread++;
	}
	if (nread == 0)		/* "no readings", never 0 pages */
		r->ptotal = r->pmono = r->pcolour = r->punknown = NAN;
	if (r->nmodels > 1)
		fa_sort(r->models, r->nmodels, sizeof(*r->models), count_cmp);
	for (i = 0; i < r->nsteps; i++)
		if (strcmp(r->steps[i].what, "gap") == 0)
			r->ngaps++;
		else
			r->nanomalies++;
}

void
report_release(struct report *r)
{
	size_t	i, j;

	for (i = 0; i < r->ndevs; i++) {
		struct report_dev *d = &r->devs[i];

		free(d->address);
		free(d->vendor);
		free(d->model);
		free(d->serial);
		free(d->mac);
		free(d->location);
		free(d->firmware);
		free(d->name);
		free(d->last_error);
		free(d->errors);
		free(d->vol);
		for (j = 0; j < d->nsup; j++) {
			free(d->sup[j].description);
			free(d->sup[j].colorant);
			free(d->sup[j].part_number);
			free(d->sup[j].serial);
			free(d->sup[j].state);
			free(d->sup[j].type);
			free(d->sup[j].class);
		}
		free(d->sup);
		for (j = 0; j < d->nalerts_all; j++) {
			free(d->alerts[j].severity);
			free(d->alerts[j].code);
			free(d->alerts[j].group);
			free(d->alerts[j].description);
		}
		free(d->alerts);
	}
	free(r->devs);
	for (i = 0; i < r->nsteps; i++)
		free(r->steps[i].detail);
	free(r->steps);
	for (i = 0; i < r->nmodels; i++) {
		free(r->models[i].key);
		free(r->models[i].vendor);
		free(r->models[i].model);
	}
	free(r->models);
	free(r->source);
	memset(r, 0, sizeof(*r));
}
