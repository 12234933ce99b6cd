/*
 * report_html.c: the report as one self-contained HTML file, from the
 * templates in templates/ (report.html and its partials, carried by the
 * binary).  This file only turns the model into template data: numbers
 * formatted, and the geometry of the inline SVG charts worked out here,
 * so the templates hold no logic and every value goes through the
 * engine's HTML escaping.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "period.h"
#include "report_cost.h"
#include "report_proposal.h"
#include "report_use.h"
#include "report_html.h"
#include "template.h"

/* Chart area of the SVGs, in user units (the viewBox scales it). */
#define CH_W		720
#define CH_H		240
#define CH_LEFT		60
#define CH_BOTTOM	30
#define CH_TOP		10
#define NEAREST		10	/* supplies in the "nearest to empty" chart */

static void
num(struct tpl_node *o, const char *k, double v)
{
	char	buf[64], out[80];
	size_t	i, n, j = 0;

	if (isnan(v))
		return;
	snprintf(buf, sizeof(buf), "%.0f", v);
	n = strlen(buf);
	/* thousands separators for pages */
	for (i = 0; i < n; i++) {
		out[j++] = buf[i];
		if (buf[i] != '-' && (n - i - 1) % 3 == 0 && i + 1 < n)
			out[j++] = ',';
	}
	out[j] = '\0';
	tpl_set(o, k, out);
}

/* Money: two decimals with thousands separators ("1,234.50"). */
static void
money(struct tpl_node *o, const char *k, double v, int decimals)
{
	char	buf[64], out[96];
	size_t	i, n, j = 0, ip;

	if (isnan(v))
		return;
	snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	n = strlen(buf);
	ip = strcspn(buf, ".");
	for (i = 0; i < n && j + 2 < sizeof(out); i++) {
		out[j++] = buf[i];
		if (i < ip && buf[i] != '-' && (ip - i - 1) % 3 == 0 &&
		    i + 1 < ip)
			out[j++] = ',';
	}
	out[j] = '\0';
	tpl_set(o, k, out);
}

/* The logo as a data URI (RFC 2397, base64), so the page loads nothing. */
static void
logo_uri(const struct report *r, struct tpl_node *root)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct fa_buf	 b = FA_BUF_INIT;
	const unsigned char *p = r->logo;
	size_t		 i, n = r->logo_len;
	char		 q[4];
	char		*s;

	fa_buf_printf(&b, "data:%s;base64,", r->logo_mime);
	for (i = 0; i + 2 < n; i += 3) {
		q[0] = b64[p[i] >> 2];
		q[1] = b64[(p[i] & 3) << 4 | p[i + 1] >> 4];
		q[2] = b64[(p[i + 1] & 15) << 2 | p[i + 2] >> 6];
		q[3] = b64[p[i + 2] & 63];
		fa_buf_add(&b, q, 4);
	}
	if (n - i == 1) {
		q[0] = b64[p[i] >> 2];
		q[1] = b64[(p[i] & 3) << 4];
		q[2] = q[3] = '=';
		fa_buf_add(&b, q, 4);
	} else if (n - i == 2) {
		q[0] = b64[p[i] >> 2];
		q[1] = b64[(p[i] & 3) << 4 | p[i + 1] >> 4];
		q[2] = b64[(p[i + 1] & 15) << 2];
		q[3] = '=';
		fa_buf_add(&b, q, 4);
	}
	s = fa_buf_steal(&b);
	tpl_set(root, "logo_uri", s);
	free(s);
}

static void
brand(const struct report *r, struct tpl_node *root)
{
	struct tpl_node	*o;

	if (r->dealer == NULL && r->customer == NULL &&
	    r->prepared_by == NULL && r->logo == NULL)
		return;
	o = tpl_child(root, "brand");
	tpl_set(o, "dealer", r->dealer);
	tpl_set(o, "customer", r->customer);
	tpl_set(o, "prepared_by", r->prepared_by);
	tpl_set(o, "date_shown", r->date_shown);
	if (r->logo != NULL && r->logo_mime != NULL)
		logo_uri(r, o);
}

static void
costs(const struct report *r, struct tpl_node *root)
{
	const struct report_costs *c = r->costs;
	struct tpl_node	*o, *it;
	size_t		 i;

	if (c == NULL)
		return;
	o = tpl_child(root, "costs");
	money(o, "fleet_total", c->total, 2);
	money(o, "fleet_consumables", c->consumables, 2);
	money(o, "fleet_service", c->service, 2);
	money(o, "fleet_energy", c->energy, 2);
	num(o, "fleet_pages", c->pages);
	/* distinct names: a row's unknown value must not find these */
	tpl_setf(o, "nunpriced", "%d", c->nunpriced);
	{
		char	note[160];

		report_cost_fleet_note(c, note, sizeof(note));
		if (note[0])
			tpl_set(o, "fleet_note", note);
	}
	for (i = 0; i < r->ndevs && i < c->ndevs; i++) {
		const struct report_cost *k = &c->dev[i];

		it = tpl_item(o, "rows");
		tpl_set(it, "address", r->devs[i].address);
		tpl_set(it, "model", r->devs[i].model);
		num(it, "pages", k->annual_total);
		num(it, "mono", k->annual_mono);
		num(it, "colour", k->annual_colour);
		num(it, "unknown", k->annual_unknown);
		money(it, "cpp_mono", k->cpp_mono, 4);
		money(it, "cpp_colour", k->cpp_colour, 4);
		money(it, "consumables", k->consumables, 2);
		money(it, "service", k->service, 2);
		money(it, "energy", k->energy, 2);
		money(it, "total", k->total, 2);
		tpl_set(it, "note", k->note);
	}
}

static void
props(const struct report *r, struct tpl_node *root)
{
	const struct report_props *p = r->props;
	struct tpl_node	*o, *it;
	size_t		 i;

	if (p == NULL)
		return;
	o = tpl_child(root, "proposal");
	money(o, "fleet_current", p->current, 2);
	money(o, "fleet_proposed", p->proposed, 2);
	money(o, "fleet_saving", p->saving, 2);
	tpl_setf(o, "nreplace", "%d", p->nreplace);
	tpl_setf(o, "nconsolidate", "%d", p->nconsolidate);
	tpl_setf(o, "nunknown", "%d", p->nunknown);
	for (i = 0; i < r->ndevs && i < p->ndevs; i++) {
		const struct report_prop *k = &p->dev[i];

		if (strcmp(k->action, "keep") == 0)
			continue;	/* the changes, not the whole fleet */
		it = tpl_item(o, "rows");
		tpl_set(it, "address", r->devs[i].address);
		tpl_set(it, "model", r->devs[i].model);
		tpl_set(it, "location", r->devs[i].location);
		tpl_set(it, "action", k->action);
		tpl_set(it, "why", k->why);
		tpl_set(it, "offer", k->offer ? k->offer->model : NULL);
		money(it, "current", k->current, 2);
		money(it, "proposed", k->proposed, 2);
	}
}

/* One row of the Utilisation section (a tpl_gen_fn). */
static struct tpl_node *
use_row(void *arg, size_t i)
{
	const struct report *r = (const struct report *)(uintptr_t)arg;
	const struct report_use *k = &r->uses->dev[i];
	const struct catalog_entry *c = k->cat;
	struct tpl_node *it = tpl_obj();

	tpl_set(it, "address", r->devs[i].address);
	tpl_set(it, "model", r->devs[i].model);
	num(it, "monthly", k->monthly);
	if (c != NULL) {
		tpl_set(it, "cat", "1");
		num(it, "recommended", c->recommended);
		num(it, "duty", c->duty);
		if (!isnan(k->util))
			tpl_setf(it, "util", "%.0f%%", k->util * 100);
		tpl_set(it, "use", k->use);
		if (c->launched > 0)
			tpl_setf(it, "launched", "%d", c->launched);
		if (k->age >= 0)
			tpl_setf(it, "age", "%d", k->age);
	}
	if (k->eol)
		tpl_set(it, "eol", "1");
	tpl_set(it, "eol_why", k->eol_why);
	if (k->use != NULL && strcmp(k->use, "in range") != 0)
		tpl_set(it, "flag", "1");
	return it;
}

static void
uses(const struct report *r, struct tpl_node *root)
{
	const struct report_uses *u = r->uses;
	struct tpl_node	*o;

	if (u == NULL)
		return;
	o = tpl_child(root, "uses");
	tpl_setf(o, "nunder", "%d", u->nunder);
	tpl_setf(o, "nover", "%d", u->nover);
	tpl_setf(o, "neol", "%d", u->neol);
	tpl_setf(o, "nuncat", "%d", u->nuncatalogued);
	tpl_setf(o, "under_pct", "%.0f", REPORT_UNDER_USED * 100);
	tpl_setf(o, "eol_years", "%d", REPORT_EOL_YEARS);
	/* one row at a time as the page is rendered (use_row) */
	tpl_gen(o, "rows", r->ndevs < u->ndevs ? r->ndevs : u->ndevs, use_row,
	    (void *)(uintptr_t)r);
}

static void
date(struct tpl_node *o, const char *k, int64_t t)
{
	char	buf[32];

	if (t <= 0)
		return;
	report_date(t, buf, sizeof(buf));
	tpl_set(o, k, buf);
}

static void
pct(struct tpl_node *o, const char *k, double ratio)
{
	if (!isnan(ratio))
		tpl_setf(o, k, "%.1f%%", ratio * 100);
}

static void
charts(const struct report *r, struct tpl_node *root)
{
	struct tpl_node	*c = tpl_child(root, "volume_chart"), *it;
	double		 max = 0, w, bw, y, h, top;
	size_t		 m, i;
	char		 name[16];
	const int	 plot_h = CH_H - CH_BOTTOM - CH_TOP;

	for (m = 0; m < r->nmonths; m++)
		if (r->mreadings[m] > 0 && r->mtotal[m] > max)
			max = r->mtotal[m];
	max = period_nice(max);
	tpl_setf(c, "w", "%d", CH_W);
	tpl_setf(c, "h", "%d", CH_H);
	tpl_setf(c, "x0", "%d", CH_LEFT);
	tpl_setf(c, "y0", "%d", CH_H - CH_BOTTOM);
	tpl_setf(c, "x1", "%d", CH_W - 10);
	for (i = 0; i <= 4; i++) {
		it = tpl_item(c, "ticks");
		y = CH_H - CH_BOTTOM - plot_h * (double)i / 4;
		tpl_setf(it, "y", "%.1f", y);
		tpl_setf(it, "ty", "%.1f", y + 4);
		num(it, "label", max * (double)i / 4);
	}
	w = (double)(CH_W - CH_LEFT - 10) / (double)(r->nmonths ?
	    r->nmonths : 1);
	bw = w * 0.7;
	for (m = 0; m < r->nmonths; m++) {
		double mono = r->mmono[m], col = r->mcolour[m];
		double other = r->munknown[m];

		it = tpl_item(c, "bars");
		report_month_name(&r->months[m], name, sizeof(name));
		tpl_set(it, "month", name);
		tpl_setf(it, "x", "%.1f", CH_LEFT + w * (double)m +
		    (w - bw) / 2);
		tpl_setf(it, "lx", "%.1f", CH_LEFT + w * (double)m + w / 2);
		tpl_setf(it, "ly", "%d", CH_H - CH_BOTTOM + 16);
		tpl_setf(it, "bw", "%.1f", bw);
		if (r->mreadings[m] == 0) {
			/* no bar of 0: say so on the chart */
			tpl_setf(it, "ny", "%d", CH_H - CH_BOTTOM - 6);
			tpl_set(it, "none", "1");
			continue;
		}
		top = CH_H - CH_BOTTOM;
		h = plot_h * mono / max;
		tpl_setf(it, "mono_y", "%.1f", top - h);
		tpl_setf(it, "mono_h", "%.1f", h);
		top -= h;
		h = plot_h * col / max;
		tpl_setf(it, "colour_y", "%.1f", top - h);
		tpl_setf(it, "colour_h", "%.1f", h);
		top -= h;
		/* pages of devices whose split is unknown */
		h = other > 0 ? plot_h * other / max : 0;
		tpl_setf(it, "other_y", "%.1f", top - h);
		tpl_setf(it, "other_h", "%.1f", h);
		num(it, "mono", mono);
		num(it, "colour", col);
		num(it, "other", other);
		num(it, "total", r->mtotal[m]);
	}

	/* Colour ratio: a polyline over the months that have pages. */
	c = tpl_child(root, "ratio_chart");
	tpl_setf(c, "w", "%d", CH_W);
	tpl_setf(c, "h", "%d", CH_H);
	tpl_setf(c, "x0", "%d", CH_LEFT);
	tpl_setf(c, "y0", "%d", CH_H - CH_BOTTOM);
	tpl_setf(c, "x1", "%d", CH_W - 10);
	for (i = 0; i <= 4; i++) {
		it = tpl_item(c, "ticks");
		y = CH_H - CH_BOTTOM - plot_h * (double)i / 4;
		tpl_setf(it, "y", "%.1f", y);
		tpl_setf(it, "ty", "%.1f", y + 4);
		tpl_setf(it, "label", "%zu%%", i * 25);
	}
	{
		struct fa_buf pts = FA_BUF_INIT;
		char *s;

		for (m = 0; m < r->nmonths; m++) {
			double q = report_ratio(r->mmono[m], r->mcolour[m]);
			double x = CH_LEFT + w * (double)m + w / 2;

			it = tpl_item(c, "labels");
			report_month_name(&r->months[m], name, sizeof(name));
			tpl_set(it, "month", name);
			tpl_setf(it, "lx", "%.1f", x);
			tpl_setf(it, "ly", "%d", CH_H - CH_BOTTOM + 16);
			if (isnan(q))
				continue;
			y = CH_H - CH_BOTTOM - plot_h * q;
			fa_buf_printf(&pts, "%s%.1f,%.1f", pts.len ? " " : "",
			    x, y);
			it = tpl_item(c, "points");
			tpl_setf(it, "x", "%.1f", x);
			tpl_setf(it, "y", "%.1f", y);
			pct(it, "ratio", q);
			tpl_set(it, "month", name);
		}
		s = fa_buf_steal(&pts);
		if (s != NULL && s[0] != '\0')
			tpl_set(c, "polyline", s);
		free(s);
	}

	/* Supplies nearest to empty: the NEAREST fewest days. */
	{
		struct report_near best[NEAREST];
		size_t nb = report_nearest(r, best, NEAREST), k;

		c = tpl_child(root, "near_chart");
		tpl_setf(c, "w", "%d", CH_W);
		tpl_setf(c, "h", "%zu", 24 * (nb ? nb : 1) + 10);
		max = nb ? period_nice(best[nb - 1].days) : 1;
		for (k = 0; k < nb; k++) {
			const struct report_dev *d = &r->devs[best[k].d];
			const struct report_supply *p = &d->sup[best[k].s];

			it = tpl_item(c, "bars");
			tpl_setf(it, "label", "%s %s", d->address ?
			    d->address : "-", p->description ?
			    p->description : "-");
			tpl_setf(it, "y", "%zu", 24 * k + 5);
			tpl_setf(it, "ty", "%zu", 24 * k + 21);
			tpl_setf(it, "x", "%d", 300);
			tpl_setf(it, "bw", "%.1f", 360 * best[k].days / max);
			tpl_setf(it, "vx", "%.1f", 306 + 360 * best[k].days /
			    max);
			tpl_setf(it, "days", "%.0f", best[k].days);
		}
	}
}

static const char *
dte_text(const struct report_supply *p, char *buf, size_t len)
{
	const struct report_dte *t = &p->dte;

	if (t->status == REPORT_DTE_OK && p->overdue)
		return "overdue";
	if (t->status == REPORT_DTE_OK) {
		snprintf(buf, len, "%.0f", t->days);
		return buf;
	}
	return t->status == REPORT_DTE_NONE ? "" : report_words_dte(t->status);
}

/* The lists made on demand, one item per device or per row of one. */
enum { G_DEVICES, G_VOLUMES, G_SUPPLIES, G_ALERTS, G_ERRORS, G_N };
static const char *const gen_names[G_N] = { "devices", "volumes",
    "supplies", "alerts", "errors" };

struct gen {
	const struct report	*r;
	int			 kind;
	size_t			 dev, sub;	/* the cursor */
};

/* Rows of list kind that device d makes. */
static size_t
nsub(const struct report_dev *d, int kind)
{
	switch (kind) {
	case G_SUPPLIES:
		return d->nsup;
	case G_ALERTS:
		return d->nalerts_all;
	case G_ERRORS:
		return d->in_error;
	}
	return 1;
}

static struct tpl_node *
gen_item(void *arg, size_t i)
{
	struct gen		*g = arg;
	const struct report	*r = g->r;
	const struct report_dev	*d;
	struct tpl_node		*it = tpl_obj();
	size_t			 m;
	char			 buf[64];

	/* items come in order: move the cursor to the next row */
	if (i == 0) {
		g->dev = 0;
		g->sub = 0;
	} else
		g->sub++;
	while (g->dev < r->ndevs && g->sub >= nsub(&r->devs[g->dev], g->kind)) {
		g->dev++;
		g->sub = 0;
	}
	if (g->dev >= r->ndevs)
		return it;
	d = &r->devs[g->dev];
	tpl_set(it, "address", d->address);
	tpl_set(it, "model", d->model);
	switch (g->kind) {
	case G_DEVICES:
		tpl_set(it, "vendor", d->vendor);
		tpl_set(it, "serial", d->serial);
		tpl_set(it, "mac", d->mac);
		tpl_set(it, "location", d->location);
		tpl_set(it, "firmware", d->firmware);
		tpl_set(it, "kind", d->colour ? "colour" : "mono");
		date(it, "first_seen", d->first_seen);
		date(it, "last_seen", d->last_seen);
		if (d->total_pages != DEV_NONE)
			num(it, "pages", (double)d->total_pages);
		if (d->stale)
			tpl_set(it, "stale", "1");
		if (d->in_error)
			tpl_set(it, "in_error", "1");
		if (d->missing_since > 0)
			tpl_set(it, "missing", "1");
		break;
	case G_VOLUMES:
		tpl_set(it, "serial", d->serial);
		for (m = 0; m < r->nmonths; m++) {
			struct tpl_node *v = tpl_item(it, "cells");
			const struct report_dvol *x = &d->vol[m];

			num(v, "total", x->total);
			num(v, "mono", x->mono);
			num(v, "colour", x->colour);
			if (!isnan(x->total) && isnan(x->mono))
				tpl_set(v, "unknown", "1");
			tpl_setf(v, "days", "%.1f", x->days_covered);
			tpl_setf(v, "of", "%.0f", r->months[m].days);
			if (x->days_covered + 1e-9 < r->months[m].days)
				tpl_set(v, "partial", "1");
		}
		break;
	case G_SUPPLIES: {
		const struct report_supply *p = &d->sup[g->sub];

		tpl_set(it, "description", p->description);
		tpl_set(it, "colorant", p->colorant);
		tpl_set(it, "part_number", p->part_number);
		tpl_set(it, "serial", p->serial);
		if (p->percent >= 0)
			tpl_setf(it, "level", "%d%%", p->percent);
		tpl_set(it, "state", p->level_state);
		tpl_set(it, "days_to_empty", dte_text(p, buf, sizeof(buf)));
		if (p->dte.status == REPORT_DTE_OK) {
			tpl_setf(it, "confidence", "%.2f", p->dte.confidence);
			date(it, "empty_on", p->dte.empty_at);
			if (p->overdue)
				tpl_set(it, "overdue", "1");
			else if (p->dte.days <= REPORT_SOON_DAYS)
				tpl_set(it, "soon", "1");
		}
		if (p->stale && p->dte.status != REPORT_DTE_NONE)
			date(it, "stale", p->last_seen);
		if (p->dte.status != REPORT_DTE_NONE)
			tpl_setf(it, "history", "%.0f", p->dte.history_days);
		if (p->percent >= 0 && p->percent <= REPORT_LOW_PERCENT)
			tpl_set(it, "low", "1");
		break;
	}
	case G_ALERTS: {
		const struct report_alert *a = &d->alerts[g->sub];

		tpl_set(it, "severity", a->severity);
		tpl_set(it, "code", report_words_code(a->code, buf,
		    sizeof(buf)));
		tpl_set(it, "description", a->description);
		date(it, "first_seen", a->first_seen);
		date(it, "last_seen", a->last_seen);
		tpl_set(it, "status", a->current ? "now" : "cleared");
		if (a->current)
			tpl_set(it, "current", "1");
		break;
	}
	case G_ERRORS: {
		/* why the device is in error now: the same test as the
		 * "in error now" count (report_add()) */
		struct fa_buf why = FA_BUF_INIT;
		char *w;

		for (m = 0; m < d->nalerts_all; m++) {
			const struct report_alert *a = &d->alerts[m];

			if (!a->current || a->severity == NULL ||
			    strcmp(a->severity, "critical") != 0)
				continue;
			fa_buf_printf(&why, "%s%s", why.len ? "; " : "",
			    a->description != NULL ? a->description :
			    report_words_code(a->code, buf, sizeof(buf)));
		}
		w = fa_buf_steal(&why);
		tpl_set(it, "why", w);
		free(w);
		w = report_words_bits(d->errors);
		tpl_set(it, "errors", w);
		free(w);
		break;
	}
	}
	return it;
}

static struct tpl_node *
build(const struct report *r, struct gen *g)
{
	struct tpl_node	*root = tpl_obj(), *it, *c;
	size_t		 i, m;
	int		 k;
	char		 buf[64], note[160];

	tpl_set(root, "source", r->source);
	date(root, "from", r->from);
	date(root, "to", r->to - 1);
	fa_iso8601(r->generated, buf, sizeof(buf));
	tpl_set(root, "generated", buf);
	tpl_setf(root, "ndevs", "%zu", r->ndevs);
	tpl_setf(root, "ncolour", "%d", r->ncolour);
	tpl_setf(root, "nmono", "%d", r->nmono);
	tpl_setf(root, "nin_error", "%d", r->nin_error);
	tpl_setf(root, "nwith_alerts", "%d", r->nwith_alerts);
	tpl_setf(root, "nlow", "%d", r->nlow);
	tpl_setf(root, "nsoon", "%d", r->nsoon);
	tpl_setf(root, "noverdue", "%d", r->noverdue);
	tpl_setf(root, "nstale", "%d", r->nstale);
	tpl_setf(root, "nanomalies", "%d", r->nanomalies);
	tpl_setf(root, "ngaps", "%d", r->ngaps);
	tpl_setf(root, "stale_days", "%d", REPORT_STALE_DAYS);
	tpl_setf(root, "soon_days", "%d", REPORT_SOON_DAYS);
	tpl_setf(root, "low_percent", "%d", REPORT_LOW_PERCENT);
	for (i = 0; i < r->nmodels; i++) {
		it = tpl_item(root, "models");
		tpl_set(it, "vendor", r->models[i].vendor);
		tpl_set(it, "model", r->models[i].model);
		tpl_setf(it, "n", "%d", r->models[i].n);
		tpl_set(it, "kind", r->models[i].colour ? "colour" : "mono");
	}
	for (m = 0; m < r->nmonths; m++) {
		it = tpl_item(root, "months");
		report_month_name(&r->months[m], buf, sizeof(buf));
		tpl_set(it, "month", buf);
		if (r->mreadings[m] == 0)
			continue;	/* "no readings", never 0 */
		tpl_set(it, "readings", "1");
		num(it, "mono", r->mmono[m]);
		num(it, "colour", r->mcolour[m]);
		num(it, "unknown", r->munknown[m]);
		num(it, "total", r->mtotal[m]);
		pct(it, "ratio", report_ratio(r->mmono[m], r->mcolour[m]));
	}
	report_months_note(r, note, sizeof(note));
	if (note[0] != '\0')
		tpl_set(root, "months_note", note);
	c = tpl_child(root, "period");
	num(c, "total", r->ptotal);
	num(c, "mono", r->pmono);
	num(c, "colour", r->pcolour);
	num(c, "unknown", r->punknown);
	pct(c, "ratio", report_ratio(r->pmono, r->pcolour));
	charts(r, root);
	costs(r, root);
	brand(r, root);
	uses(r, root);
	props(r, root);

	/* The per-device lists are made one item at a time as they are
	 * rendered, so the page's data never holds the whole fleet. */
	for (k = 0; k < G_N; k++) {
		size_t n = 0;

		g[k].r = r;
		g[k].kind = k;
		for (i = 0; i < r->ndevs; i++)
			n += nsub(&r->devs[i], k);
		tpl_gen(root, gen_names[k], n, gen_item, &g[k]);
	}
	for (i = 0; i < r->nmonths; i++) {
		it = tpl_item(root, "month_heads");
		report_month_name(&r->months[i], buf, sizeof(buf));
		tpl_set(it, "month", buf);
	}
	for (i = 0; i < r->nsteps; i++) {
		const struct report_step *s = &r->steps[i];
		const struct report_dev *d = &r->devs[s->dev];

		it = tpl_item(root, strcmp(s->what, "gap") == 0 ? "gaps" :
		    "anomalies");
		tpl_set(it, "address", d->address);
		tpl_set(it, "model", d->model);
		tpl_set(it, "meter", report_words_meter(s->meter));
		tpl_set(it, "what", report_words_step(s->what));
		fa_iso8601(s->from, buf, sizeof(buf));
		tpl_set(it, "from", buf);
		fa_iso8601(s->to, buf, sizeof(buf));
		tpl_set(it, "to", buf);
		if (s->before != DEV_NONE)
			num(it, "before", (double)s->before);
		if (s->after != DEV_NONE)
			num(it, "after", (double)s->after);
		tpl_set(it, "detail", s->detail);
		tpl_setf(it, "days", "%.1f", (double)(s->to - s->from) /
		    REPORT_DAY);
	}
	return root;
}

int
report_html(const struct report *r, struct fa_buf *out, struct fa_err *e)
{
	struct gen	 g[G_N];
	struct tpl_node	*root = build(r, g);
	int		 rc;

	rc = tpl_render("report.html", root, out, e);
	tpl_free(root);
	return rc;
}
