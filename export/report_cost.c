/*
 * report_cost.c: the price book and the costs of the report's devices
 * (report_cost.h).  Method (docs/report.md, "Costs"):
 *
 * - a supply's cost per page is its price / its rated yield (pages at
 *   5 % coverage); a supply is priced by its part number, else by its
 *   colour (or type) for the device's model, else for any model;
 * - mono cost per page: the black toner or ink and every other priced
 *   part that is not cyan, magenta or yellow (drums, fusers); colour cost
 *   per page: that plus cyan, magenta and yellow.  A black, cyan,
 *   magenta or yellow supply without a price leaves the figure unknown;
 * - annual pages: the period's pages / the days its readings cover x 365
 *   (mono, colour and split not known apart);
 * - consumables: annual mono x mono cost + annual colour x colour cost;
 *   pages whose split is not known are costed as mono (a lower bound,
 *   said in the note);
 * - service: annual pages x the service cost per page (the model's, else
 *   the book's default); energy: the model's typical electricity use
 *   (kWh a week) x 52 x the energy price.
 *
 * The rated 5 % is used for every device: none the collector reads
 * reports its own coverage (docs/report.md, "Costs").  The book is read
 * with report_csv_read() (RFC 4180, report_csv.h).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_cost.h"
#include "report_csv.h"
#include "report_use.h"

/* ---- Price book ---- */

int
report_prices_parse(const char *text, size_t len, const char *name,
    struct report_prices *p, struct fa_err *e)
{
	static const char *const kinds[] = { "supply", "service", "energy",
	    "power" };
	struct report_csv_in in = REPORT_CSV_IN(text, len);
	size_t	 cap = 0;
	int	 line = 0, k, rc = 0, got;
	char	*f[6];

	memset(p, 0, sizeof(*p));
	while (rc == 0) {
		struct report_price *r;

		got = report_csv_row(&in, name, REPORT_PRICES_HEADER, f, 6,
		    &line, e);
		if (got <= 0) {
			rc = got;
			break;
		}
		for (k = 0; k < (int)nitems(kinds); k++)
			if (f[0] != NULL && strcmp(f[0], kinds[k]) == 0)
				break;
		if (k == (int)nitems(kinds)) {
			rc = fa_errf(e, "%s line %d: kind '%s' is not supply, "
			    "service, energy or power", name, line,
			    f[0] ? f[0] : "");
			goto next;
		}
		if (p->n == cap) {
			cap = cap ? cap * 2 : 32;
			p->v = fa_reallocarray(p->v, cap, sizeof(*p->v));
		}
		r = &p->v[p->n];
		memset(r, 0, sizeof(*r));
		r->kind = k;
		r->line = line;
		r->yield = NAN;
		if (report_csv_amount(f[4], &r->value) != 0) {
			rc = fa_errf(e, "%s line %d: value '%s' is not a "
			    "number of 0 or more", name, line,
			    f[4] ? f[4] : "");
			goto next;
		}
		if (k == PRICE_SUPPLY) {
			if (report_csv_amount(f[5], &r->yield) != 0 ||
			    r->yield <= 0) {
				rc = fa_errf(e, "%s line %d: a supply needs "
				    "its rated yield in pages (over 0), not "
				    "'%s'", name, line, f[5] ? f[5] : "");
				goto next;
			}
			if (f[1] == NULL && f[2] == NULL) {
				rc = fa_errf(e, "%s line %d: a supply needs a "
				    "part number or a supply (black, cyan, "
				    "magenta, yellow or a type)", name, line);
				goto next;
			}
		}
		if (k == PRICE_POWER && f[3] == NULL) {
			rc = fa_errf(e, "%s line %d: power needs a model",
			    name, line);
			goto next;
		}
		r->part = f[1];
		r->supply = f[2];
		r->model = f[3];
		f[1] = f[2] = f[3] = NULL;
		p->n++;
next:
		for (k = 0; k < 6; k++)
			free(f[k]);
	}
	if (rc == 0 && !in.header)
		rc = fa_errf(e, "%s: empty price book (the first row must be "
		    "%s)", name, REPORT_PRICES_HEADER);
	if (rc != 0)
		report_prices_release(p);
	return rc;
}

void
report_prices_release(struct report_prices *p)
{
	size_t	i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].part);
		free(p->v[i].supply);
		free(p->v[i].model);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* ---- Costs ---- */

static int
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcasecmp(a, b) == 0;
}

/* The book's row of kind for the model: the model's, else one for any
 * model; for a supply, by part number first. */
static const struct report_price *
find(const struct report_prices *p, int kind, const char *model,
    const struct report_supply *s)
{
	const struct report_price *any = NULL, *mine = NULL;
	size_t	 i;

	for (i = 0; i < p->n; i++) {
		const struct report_price *r = &p->v[i];

		if (r->kind != kind)
			continue;
		if (s != NULL) {
			if (r->part != NULL) {
				if (same(r->part, s->part_number) &&
				    (r->model == NULL || same(r->model, model)))
					return r;
				continue;
			}
			if (!same(r->supply, s->colorant) &&
			    !same(r->supply, s->type))
				continue;
		}
		if (r->model == NULL) {
			if (any == NULL)
				any = r;
		} else if (same(r->model, model) && mine == NULL)
			mine = r;
	}
	return mine != NULL ? mine : any;
}

static int
is_cmy(const char *c)
{
	return c != NULL && (strcmp(c, "cyan") == 0 ||
	    strcmp(c, "magenta") == 0 || strcmp(c, "yellow") == 0);
}

static void
one(const struct report *r, const struct report_dev *d,
    const struct report_prices *p, const struct catalog_entry *cat,
    struct report_cost *c)
{
	struct fa_buf	 note = FA_BUF_INIT;
	const struct report_price *x;
	double		 cov = 0, tot = 0, mono = 0, col = 0, unk = 0;
	double		 cm = 0, cc = 0, kwh = NAN, eprice = NAN;
	int		 mono_ok = 1, col_ok = 1, priced = 0;
	size_t		 m, j;

	for (m = 0; m < r->nmonths; m++) {
		const struct report_dvol *v = &d->vol[m];

		if (isnan(v->total))
			continue;
		cov += v->days_covered;
		tot += v->total;
		unk += v->unknown;
		if (!isnan(v->mono)) {
			mono += v->mono;
			col += v->colour;
		}
	}
	c->annual_total = c->annual_mono = c->annual_colour =
	    c->annual_unknown = NAN;
	c->cpp_mono = c->cpp_colour = c->consumables = c->service =
	    c->energy = c->total = NAN;
	if (cov > 0) {
		c->annual_total = tot / cov * 365;
		c->annual_mono = mono / cov * 365;
		c->annual_colour = col / cov * 365;
		c->annual_unknown = unk / cov * 365;
	} else
		fa_buf_puts(&note, "no pages in the period; ");

	for (j = 0; j < d->nsup; j++) {
		const struct report_supply *s = &d->sup[j];
		int	 cmy = is_cmy(s->colorant);
		int	 needed = cmy || same(s->colorant, "black");

		if (s->class != NULL && strcmp(s->class, "filled") == 0)
			continue;
		if ((x = find(p, PRICE_SUPPLY, d->model, s)) == NULL) {
			fa_buf_printf(&note, "no price for %s; ",
			    s->description ? s->description :
			    s->colorant ? s->colorant : "a supply");
			if (needed) {
				if (!cmy)
					mono_ok = 0;
				col_ok = 0;
			}
			continue;
		}
		priced++;
		if (cmy)
			cc += x->value / x->yield;
		else
			cm += x->value / x->yield;
	}
	if (d->nsup == 0)
		fa_buf_puts(&note, "no supplies read; ");
	if (priced > 0 && mono_ok)
		c->cpp_mono = cm;
	if (priced > 0 && d->colour && col_ok)
		c->cpp_colour = cm + cc;
	if (!isnan(c->annual_total) && !isnan(c->cpp_mono)) {
		if (!d->colour || c->annual_colour == 0)
			c->consumables = (c->annual_mono + c->annual_unknown) *
			    c->cpp_mono;
		else if (!isnan(c->cpp_colour))
			c->consumables = (c->annual_mono + c->annual_unknown) *
			    c->cpp_mono + c->annual_colour * c->cpp_colour;
		if (d->colour && c->annual_unknown > 0)
			fa_buf_puts(&note, "split not known: costed as mono, "
			    "a lower bound; ");
	}
	if ((x = find(p, PRICE_SERVICE, d->model, NULL)) != NULL &&
	    !isnan(c->annual_total))
		c->service = c->annual_total * x->value;
	if ((x = find(p, PRICE_POWER, d->model, NULL)) != NULL)
		kwh = x->value;
	else if (cat != NULL)		/* the model catalog's */
		kwh = cat->tec;
	if ((x = find(p, PRICE_ENERGY, d->model, NULL)) != NULL)
		eprice = x->value;
	if (!isnan(kwh) && !isnan(eprice))
		c->energy = kwh * 52 * eprice;
	else if (isnan(kwh))
		fa_buf_puts(&note, "no typical power; ");
	if (!isnan(c->consumables))
		c->total = c->consumables + (isnan(c->service) ? 0 :
		    c->service) + (isnan(c->energy) ? 0 : c->energy);
	if (note.len >= 2)
		note.s[note.len -= 2] = '\0';
	c->note = fa_buf_steal(&note);
}

void
report_costs(const struct report *r, const struct report_prices *p,
    struct report_costs *out)
{
	size_t	i;

	memset(out, 0, sizeof(*out));
	out->ndevs = r->ndevs;
	out->dev = fa_calloc(r->ndevs ? r->ndevs : 1, sizeof(*out->dev));
	for (i = 0; i < r->ndevs; i++) {
		struct report_cost *c = &out->dev[i];

		one(r, &r->devs[i], p, r->uses != NULL &&
		    i < r->uses->ndevs ? r->uses->dev[i].cat : NULL, c);
		if (!isnan(c->consumables))
			out->consumables += c->consumables;
		if (!isnan(c->service))
			out->service += c->service;
		if (!isnan(c->energy))
			out->energy += c->energy;
		if (!isnan(c->annual_total))
			out->pages += c->annual_total;
		if (isnan(c->total)) {
			out->nunpriced++;
			out->outside += (isnan(c->service) ? 0 : c->service) +
			    (isnan(c->energy) ? 0 : c->energy);
		} else
			out->total += c->total;
	}
	if (out->ndevs > 0 && out->nunpriced == (int)out->ndevs)
		out->total = NAN;	/* no device has one: not known */
}

void
report_costs_release(struct report_costs *c)
{
	size_t	i;

	for (i = 0; i < c->ndevs; i++)
		free(c->dev[i].note);
	free(c->dev);
	memset(c, 0, sizeof(*c));
}

void
report_cost_fleet_note(const struct report_costs *c, char *buf, size_t len)
{
	if (c->nunpriced == 0)
		buf[0] = '\0';
	else if (c->outside > 0)
		snprintf(buf, len, "%d device%s without a total: %s service "
		    "and energy (%.2f) %s in those columns, not in the total",
		    c->nunpriced, c->nunpriced == 1 ? "" : "s",
		    c->nunpriced == 1 ? "its" : "their", c->outside,
		    c->nunpriced == 1 ? "is" : "are");
	else
		snprintf(buf, len, "%d device%s without a total",
		    c->nunpriced, c->nunpriced == 1 ? "" : "s");
}

void
report_costs_csv(const struct report *r, const struct report_costs *c,
    struct fa_buf *b)
{
	size_t	i;
	char	id[32], note[160];

	fa_buf_puts(b, "id,address,vendor,model,annual_pages,annual_mono,"
	    "annual_colour,annual_unknown,cost_per_page_mono,"
	    "cost_per_page_colour,consumables,service,energy,total,note\r\n");
	for (i = 0; i < r->ndevs && i < c->ndevs; i++) {
		const struct report_dev *d = &r->devs[i];
		const struct report_cost *x = &c->dev[i];

		snprintf(id, sizeof(id), "%lld", (long long)d->id);
		report_csv_cell(b, id, 0);
		report_csv_cell(b, d->address, 0);
		report_csv_cell(b, d->vendor, 0);
		report_csv_cell(b, d->model, 0);
		report_csv_money(b, x->annual_total, 2, 0);
		report_csv_money(b, x->annual_mono, 2, 0);
		report_csv_money(b, x->annual_colour, 2, 0);
		report_csv_money(b, x->annual_unknown, 2, 0);
		report_csv_money(b, x->cpp_mono, 4, 0);
		report_csv_money(b, x->cpp_colour, 4, 0);
		report_csv_money(b, x->consumables, 2, 0);
		report_csv_money(b, x->service, 2, 0);
		report_csv_money(b, x->energy, 2, 0);
		report_csv_money(b, x->total, 2, 0);
		report_csv_cell(b, x->note != NULL && x->note[0] ? x->note :
		    NULL, 1);
	}
	fa_buf_puts(b, ",fleet,,,");
	report_csv_money(b, c->pages, 2, 0);
	fa_buf_puts(b, ",,,,,");
	report_csv_money(b, c->consumables, 2, 0);
	report_csv_money(b, c->service, 2, 0);
	report_csv_money(b, c->energy, 2, 0);
	report_csv_money(b, c->total, 2, 0);
	report_cost_fleet_note(c, note, sizeof(note));
	report_csv_cell(b, note[0] ? note : NULL, 1);
}
