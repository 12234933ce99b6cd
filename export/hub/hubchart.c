/*
 * hubchart.c: the device page's meter history chart (hubchart.h).  A
 * value holds from its first scan to its last, so a series is a step of
 * points; a device seen once gets a day wide chart rather than none.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "../../cli/util.h"
#include "../period.h"
#include "../report.h"
#include "../template.h"
#include "hubchart.h"

void
hubchart_add(struct hubchart_series *s, int64_t t, int64_t v)
{
	if (t < 0)
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 32;
		s->t = fa_reallocarray(s->t, s->cap, sizeof(*s->t));
		s->v = fa_reallocarray(s->v, s->cap, sizeof(*s->v));
	}
	s->t[s->n] = t;
	s->v[s->n++] = v;
}

/* Insertion sort: rows come nearly in order. */
void
hubchart_sort(struct hubchart_series *s)
{
	size_t	i, j;
	int64_t	t, v;

	for (i = 1; i < s->n; i++) {
		t = s->t[i];
		v = s->v[i];
		for (j = i; j > 0 && s->t[j - 1] > t; j--) {
			s->t[j] = s->t[j - 1];
			s->v[j] = s->v[j - 1];
		}
		s->t[j] = t;
		s->v[j] = v;
	}
}

void
hubchart_release(struct hubchart_series *s)
{
	free(s->t);
	free(s->v);
	s->t = s->v = NULL;
	s->n = s->cap = 0;
}

void
hubchart_axis(double lo, double hi, double *min, double *max, double *step)
{
	*step = period_nice((hi - lo > 0 ? hi - lo : 1) / HUBCHART_TICKS);
	/* counters are whole numbers: a step under 1 would repeat labels */
	if (*step < 1)
		*step = 1;
	*min = floor(lo / *step) * *step;
	*max = *min + HUBCHART_TICKS * *step < hi ? ceil(hi / *step) * *step :
	    *min + HUBCHART_TICKS * *step;
}

static void
set_int(struct tpl_node *o, const char *k, int64_t v)
{
	tpl_setf(o, k, "%lld", (long long)v);
}

void
hubchart_fill(struct tpl_node *root, const struct hubchart_series *s,
    size_t ns)
{
	struct tpl_node	*c, *it;
	struct fa_buf	 pts = FA_BUF_INIT;
	int64_t		 t0 = INT64_MAX, t1 = INT64_MIN;
	double		 lo = INFINITY, hi = -INFINITY, step, x, y, v;
	const double	 pw = HUBCHART_W - HUBCHART_LEFT - HUBCHART_RIGHT;
	const double	 ph = HUBCHART_H - HUBCHART_BOTTOM - HUBCHART_TOP;
	size_t		 i, j;
	char		 buf[32], last[32];
	char		*p;

	for (i = 0; i < ns; i++)
		for (j = 0; j < s[i].n; j++) {
			t0 = s[i].t[j] < t0 ? s[i].t[j] : t0;
			t1 = s[i].t[j] > t1 ? s[i].t[j] : t1;
			lo = (double)s[i].v[j] < lo ? (double)s[i].v[j] : lo;
			hi = (double)s[i].v[j] > hi ? (double)s[i].v[j] : hi;
		}
	if (t0 > t1)
		return;
	if (t1 == t0)
		t1 = t0 + REPORT_DAY;
	hubchart_axis(lo, hi, &lo, &hi, &step);
	c = tpl_child(root, "chart");
	set_int(c, "w", HUBCHART_W);
	set_int(c, "h", HUBCHART_H);
	set_int(c, "x0", HUBCHART_LEFT);
	set_int(c, "x1", HUBCHART_W - HUBCHART_RIGHT);
	set_int(c, "y0", HUBCHART_H - HUBCHART_BOTTOM);
	set_int(c, "ytop", HUBCHART_TOP);
	for (v = lo; v <= hi + step / 2; v += step) {
		it = tpl_item(c, "ticks");
		y = HUBCHART_H - HUBCHART_BOTTOM - ph * (v - lo) / (hi - lo);
		tpl_setf(it, "y", "%.1f", y);
		tpl_setf(it, "ty", "%.1f", y + 4);
		set_int(it, "lx", HUBCHART_LEFT - 6);
		tpl_set(it, "label", report_words_num((int64_t)v, buf,
		    sizeof(buf)));
	}
	for (i = 0, last[0] = '\0'; i <= 3; i++) {
		x = HUBCHART_LEFT + pw * (double)i / 3;
		report_date(t0 + (int64_t)((double)(t1 - t0) * (double)i / 3),
		    buf, sizeof(buf));
		if (strcmp(buf, last) == 0)
			continue;	/* a short span: each day once */
		fa_strlcpy(last, buf, sizeof(last));
		it = tpl_item(c, "xlabels");
		tpl_setf(it, "x", "%.1f", x);
		set_int(it, "y", HUBCHART_H - HUBCHART_BOTTOM + 18);
		tpl_set(it, "label", buf);
		/* the end labels inside the picture */
		tpl_set(it, "anchor", i == 0 ? "start" : i == 3 ? "end" :
		    "middle");
	}
	for (i = 0; i < ns; i++) {
		if (s[i].n == 0)
			continue;
		for (j = 0; j < s[i].n; j++)
			fa_buf_printf(&pts, "%s%.1f,%.1f", j ? " " : "",
			    HUBCHART_LEFT + pw * (double)(s[i].t[j] - t0) /
			    (double)(t1 - t0), HUBCHART_H - HUBCHART_BOTTOM -
			    ph * ((double)s[i].v[j] - lo) / (hi - lo));
		it = tpl_item(c, "lines");
		tpl_set(it, "name", s[i].name);
		p = fa_buf_steal(&pts);
		tpl_set(it, "points", p);
		free(p);
	}
}

/* ---- monthly volume ---- */

/* Pages of series s per month of bounds[0..nm] (the report's method,
 * report_prorate(): steps spread evenly over their time, decreases and
 * gaps left out) into pages[]. */
static void
prorate(const struct hubchart_series *s, const int64_t *bounds, size_t nm,
    double *pages)
{
	struct report_reading	*r;
	double			*secs;
	size_t			 i;

	if (s == NULL || s->n < 2)
		return;
	r = fa_calloc(s->n, sizeof(*r));
	secs = fa_calloc(nm + 1, sizeof(*secs));
	for (i = 0; i < s->n; i++) {
		r[i].t = s->t[i];
		r[i].v = s->v[i];
	}
	(void)report_prorate(r, s->n, bounds, nm, bounds[0], bounds[nm],
	    pages, secs, NULL, NULL);
	free(r);
	free(secs);
}

void
hubchart_volume(struct tpl_node *root, const struct hubchart_series *mono,
    const struct hubchart_series *colour, int64_t now)
{
	int64_t		 bounds[HUBCHART_MONTHS + 2], t0 = INT64_MAX, t1 = 0;
	double		 pm[HUBCHART_MONTHS + 1], pc[HUBCHART_MONTHS + 1];
	double		 lo, hi, step, v, y, x, bw, hm, hc;
	const double	 pw = HUBCHART_W - HUBCHART_LEFT - HUBCHART_RIGHT;
	const double	 ph = HUBCHART_H - HUBCHART_BOTTOM - HUBCHART_TOP;
	const struct hubchart_series *both[2] = { mono, colour };
	struct tpl_node	*c, *it;
	size_t		 nm = 0, i, k;
	char		 buf[32], num[32];
	struct tm	 tm;

	for (k = 0; k < 2; k++)
		if (both[k] != NULL && both[k]->n > 0) {
			t0 = both[k]->t[0] < t0 ? both[k]->t[0] : t0;
			t1 = both[k]->t[both[k]->n - 1] > t1 ?
			    both[k]->t[both[k]->n - 1] : t1;
		}
	if (t1 <= t0)
		return;
	if (t0 < period_months_back(now - 1, HUBCHART_MONTHS - 1))
		t0 = period_months_back(now - 1, HUBCHART_MONTHS - 1);
	if (t1 <= t0 || report_months(t0, t1, bounds, HUBCHART_MONTHS,
	    &nm) != 0 || nm == 0)
		return;
	memset(pm, 0, sizeof(pm));
	memset(pc, 0, sizeof(pc));
	prorate(mono, bounds, nm, pm);
	prorate(colour, bounds, nm, pc);
	for (i = 0, hi = 0; i < nm; i++)
		hi = pm[i] + pc[i] > hi ? pm[i] + pc[i] : hi;
	hubchart_axis(0, hi, &lo, &hi, &step);
	c = tpl_child(root, "volume");
	tpl_setf(c, "w", "%d", HUBCHART_W);
	tpl_setf(c, "h", "%d", HUBCHART_H);
	tpl_setf(c, "x0", "%d", HUBCHART_LEFT);
	tpl_setf(c, "x1", "%d", HUBCHART_W - HUBCHART_RIGHT);
	tpl_setf(c, "y0", "%d", HUBCHART_H - HUBCHART_BOTTOM);
	tpl_setf(c, "ytop", "%d", HUBCHART_TOP);
	if (colour != NULL && colour->n > 1)
		tpl_set(c, "has_colour", "1");
	for (v = lo; v <= hi + step / 2; v += step) {
		it = tpl_item(c, "ticks");
		y = HUBCHART_H - HUBCHART_BOTTOM - ph * (v - lo) / (hi - lo);
		tpl_setf(it, "y", "%.1f", y);
		tpl_setf(it, "ty", "%.1f", y + 4);
		tpl_setf(it, "lx", "%d", HUBCHART_LEFT - 6);
		tpl_set(it, "label", report_words_num((int64_t)v, buf,
		    sizeof(buf)));
	}
	bw = pw / (double)nm;
	for (i = 0; i < nm; i++) {
		x = HUBCHART_LEFT + bw * (double)i;
		hm = ph * pm[i] / (hi - lo);
		hc = ph * pc[i] / (hi - lo);
		fa_gmtime(bounds[i], &tm);
		snprintf(buf, sizeof(buf), "%04d-%02d",
		    (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100);
		it = tpl_item(c, "bars");
		tpl_setf(it, "x", "%.1f", x + bw * 0.15);
		tpl_setf(it, "w", "%.1f", bw * 0.7);
		tpl_setf(it, "ym", "%.1f", HUBCHART_H - HUBCHART_BOTTOM - hm);
		tpl_setf(it, "hm", "%.1f", hm);
		tpl_setf(it, "yc", "%.1f", HUBCHART_H - HUBCHART_BOTTOM - hm -
		    hc);
		tpl_setf(it, "hc", "%.1f", hc);
		tpl_set(it, "month", buf);
		tpl_set(it, "mono", report_words_num((int64_t)floor(pm[i] +
		    0.5), num, sizeof(num)));
		tpl_set(it, "colour", report_words_num((int64_t)floor(pc[i] +
		    0.5), num, sizeof(num)));
		/* a label per month; one in two or three when crowded */
		if (nm <= 6 || i % ((nm + 5) / 6) == 0) {
			tpl_setf(it, "lx", "%.1f", x + bw / 2);
			tpl_setf(it, "ly", "%d", HUBCHART_H - HUBCHART_BOTTOM +
			    18);
			tpl_set(it, "label", buf);
		}
	}
}