/*
 * report_use.c: utilisation and age (report_use.h).
 *
 * - average pages a month: the period's pages / the days its readings
 *   cover x 365 / 12 (the same pace as the costs);
 * - utilisation: that / the catalog's recommended monthly volume;
 *   under-used below REPORT_UNDER_USED, over-used above 1, "over duty
 *   cycle" above the maximum duty cycle;
 * - age: the report's end year - the launch year;
 * - end of life: launched REPORT_EOL_YEARS or more years before the
 *   report's end, or a model whose maker ended it (end_of_life) by then.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_csv.h"
#include "report_use.h"

static int
year_of(int64_t t)
{
	struct tm	tm;

	fa_gmtime(t, &tm);
	return tm.tm_year + 1900;
}

void
report_uses(const struct report *r, const struct catalog *cat,
    struct report_uses *out)
{
	int	 y = year_of(r->to - 1);
	size_t	 i, m;

	memset(out, 0, sizeof(*out));
	out->ndevs = r->ndevs;
	out->dev = fa_calloc(r->ndevs ? r->ndevs : 1, sizeof(*out->dev));
	for (i = 0; i < r->ndevs; i++) {
		const struct report_dev *d = &r->devs[i];
		struct report_use *u = &out->dev[i];
		const struct catalog_entry *c;
		double	 cov = 0, tot = 0;

		u->monthly = u->util = NAN;
		u->age = -1;
		for (m = 0; m < r->nmonths; m++)
			if (!isnan(d->vol[m].total)) {
				cov += d->vol[m].days_covered;
				tot += d->vol[m].total;
			}
		if (cov > 0)
			u->monthly = tot / cov * 365 / 12;
		u->cat = c = catalog_find(cat, d->vendor, d->model);
		if (c == NULL) {
			out->nuncatalogued++;
			continue;
		}
		if (!isnan(u->monthly) && !isnan(c->recommended)) {
			u->util = u->monthly / c->recommended;
			u->use = !isnan(c->duty) && u->monthly > c->duty ?
			    "over duty cycle" : u->util > 1 ? "over-used" :
			    u->util < REPORT_UNDER_USED ? "under-used" :
			    "in range";
			if (u->util > 1)
				out->nover++;
			else if (u->util < REPORT_UNDER_USED)
				out->nunder++;
		} else if (!isnan(u->monthly) && !isnan(c->duty) &&
		    u->monthly > c->duty) {
			/* no recommended volume, but over the duty cycle */
			u->use = "over duty cycle";
			out->nover++;
		}
		if (c->launched > 0)
			u->age = y - c->launched;
		if (c->end_of_life > 0 && c->end_of_life <= y) {
			u->eol = 1;
			u->eol_why = fa_asprintf("ended by its maker in %d",
			    c->end_of_life);
		} else if (u->age >= REPORT_EOL_YEARS) {
			u->eol = 1;
			u->eol_why = fa_asprintf("launched in %d, %d years "
			    "ago", c->launched, u->age);
		}
		if (u->eol)
			out->neol++;
	}
}

void
report_uses_release(struct report_uses *u)
{
	size_t	i;

	for (i = 0; i < u->ndevs; i++)
		free(u->dev[i].eol_why);
	free(u->dev);
	memset(u, 0, sizeof(*u));
}

static void
cell(struct fa_buf *b, const char *s, int last)
{
	report_csv_field(b, s);
	fa_buf_add(b, last ? "\r\n" : ",", last ? 2 : 1);
}

static void
dbl(struct fa_buf *b, double v, int decimals)
{
	char	buf[64];

	if (!isnan(v)) {
		snprintf(buf, sizeof(buf), "%.*f", decimals, v);
		fa_buf_puts(b, buf);
	}
	fa_buf_add(b, ",", 1);
}

static const char *
yesno_cell(int v)
{
	return v < 0 ? NULL : v ? "1" : "0";
}

void
report_uses_csv(const struct report *r, const struct report_uses *u,
    struct fa_buf *b)
{
	size_t	i;
	char	buf[32];

	fa_buf_puts(b, "id,address,vendor,model,monthly_pages,"
	    "recommended_monthly,duty_cycle,utilisation,use,launched,age,"
	    "end_of_life,end_of_life_why,speed,colour,a3,duplex,tec,"
	    "source\r\n");
	for (i = 0; i < r->ndevs && i < u->ndevs; i++) {
		const struct report_dev *d = &r->devs[i];
		const struct report_use *x = &u->dev[i];
		const struct catalog_entry *c = x->cat;

		snprintf(buf, sizeof(buf), "%lld", (long long)d->id);
		cell(b, buf, 0);
		cell(b, d->address, 0);
		cell(b, d->vendor, 0);
		cell(b, d->model, 0);
		dbl(b, x->monthly, 2);
		dbl(b, c ? c->recommended : NAN, 0);
		dbl(b, c ? c->duty : NAN, 0);
		dbl(b, x->util, 4);
		cell(b, x->use, 0);
		dbl(b, c && c->launched ? c->launched : NAN, 0);
		dbl(b, x->age >= 0 ? x->age : NAN, 0);
		cell(b, x->eol ? "1" : "0", 0);
		cell(b, x->eol_why, 0);
		dbl(b, c ? c->speed : NAN, 0);
		cell(b, c ? yesno_cell(c->colour) : NULL, 0);
		cell(b, c ? yesno_cell(c->a3) : NULL, 0);
		cell(b, c ? yesno_cell(c->duplex) : NULL, 0);
		dbl(b, c ? c->tec : NAN, 2);
		cell(b, c ? c->source : NULL, 1);
	}
}
