/*
 * hubchart.c: the device page's meter history chart (hubchart.h).  A
 * value holds from its first scan to its last, so a series is a step of
 * points; a device seen once gets a day wide chart rather than none.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

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
	char		 buf[32];
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
		tpl_setf(it, "label", "%.0f", v);
	}
	for (i = 0; i <= 3; i++) {
		it = tpl_item(c, "xlabels");
		x = HUBCHART_LEFT + pw * (double)i / 3;
		report_date(t0 + (int64_t)((double)(t1 - t0) * (double)i / 3),
		    buf, sizeof(buf));
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
