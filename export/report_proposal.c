/*
 * report_proposal.c: the proposal (report_proposal.h).  Method:
 *
 * - current a year: the device's total from the price book (consumables,
 *   service, energy; report_cost.c);
 * - proposed a year: its pages a year at the contract's cost per page
 *   (mono, and colour; pages whose split is not known at the mono rate,
 *   a lower bound as in the costs), plus its energy as now, plus 12
 *   monthly fees of the offered device when it is replaced;
 * - replace: over-used or over its duty cycle, at end of life, or in
 *   error now; the first offered device of the same kind (colour or
 *   mono) replaces it;
 * - consolidate: under-used with another device at the same location
 *   (sysLocation): its pages can go to that device;
 * - the fleet's current and proposed figures add up the devices whose
 *   current cost is known (like for like); the saving is their
 *   difference.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_cost.h"
#include "report_csv.h"
#include "report_proposal.h"
#include "report_use.h"

int
report_offers_parse(const char *text, size_t len, const char *name,
    struct report_offers *o, struct fa_err *e)
{
	struct report_csv_in in = REPORT_CSV_IN(text, len);
	int	 line = 0, contract = 0, k, got, rc = 0;
	char	*f[6];

	memset(o, 0, sizeof(*o));
	while (rc == 0) {
		got = report_csv_row(&in, name, REPORT_PROPOSAL_HEADER, f, 6,
		    &line, e);
		if (got <= 0) {
			rc = got;
			break;
		}
		if (f[0] != NULL && strcmp(f[0], "contract") == 0) {
			if (report_csv_amount(f[3], &o->mono) != 0 ||
			    report_csv_amount(f[4], &o->colour) != 0)
				rc = fa_errf(e, "%s line %d: a contract needs "
				    "its mono and colour cost per page", name,
				    line);
			contract = 1;
		} else if (f[0] != NULL && strcmp(f[0], "device") == 0) {
			struct report_offer x;

			memset(&x, 0, sizeof(x));
			if (f[1] == NULL ||
			    report_csv_amount(f[5], &x.monthly) != 0 ||
			    f[2] == NULL || (strcmp(f[2], "yes") != 0 &&
			    strcmp(f[2], "no") != 0))
				rc = fa_errf(e, "%s line %d: a device needs its "
				    "model, colour (yes or no) and monthly fee",
				    name, line);
			else {
				x.model = f[1];
				f[1] = NULL;
				x.colour = strcmp(f[2], "yes") == 0;
				o->v = fa_reallocarray(o->v, o->n + 1,
				    sizeof(*o->v));
				o->v[o->n++] = x;
			}
		} else
			rc = fa_errf(e, "%s line %d: kind '%s' is not contract "
			    "or device", name, line, f[0] ? f[0] : "");
		for (k = 0; k < 6; k++)
			free(f[k]);
	}
	if (rc == 0 && !contract)
		rc = fa_errf(e, "%s: no contract row (the cost per page "
		    "offered)", name);
	if (rc != 0)
		report_offers_release(o);
	return rc;
}

void
report_offers_release(struct report_offers *o)
{
	size_t	i;

	for (i = 0; i < o->n; i++)
		free(o->v[i].model);
	free(o->v);
	memset(o, 0, sizeof(*o));
}

static int
same_location(const char *a, const char *b)
{
	return a != NULL && b != NULL && a[0] != '\0' && strcmp(a, b) == 0;
}

void
report_props(const struct report *r, const struct report_offers *o,
    struct report_props *out)
{
	const struct report_costs *c = r->costs;
	const struct report_uses *u = r->uses;
	size_t	 i, j, k;

	memset(out, 0, sizeof(*out));
	out->ndevs = r->ndevs;
	out->dev = fa_calloc(r->ndevs ? r->ndevs : 1, sizeof(*out->dev));
	for (i = 0; i < r->ndevs; i++) {
		const struct report_dev *d = &r->devs[i];
		const struct report_cost *x = c ? &c->dev[i] : NULL;
		const struct report_use *y = u ? &u->dev[i] : NULL;
		struct report_prop *p = &out->dev[i];
		struct fa_buf why = FA_BUF_INIT;

		p->action = "keep";
		p->current = p->proposed = NAN;
		if (y != NULL && y->use != NULL &&
		    strcmp(y->use, "in range") != 0 &&
		    strcmp(y->use, "under-used") != 0)
			fa_buf_printf(&why, "%s; ", y->use);
		if (y != NULL && y->eol)
			fa_buf_printf(&why, "end of life (%s); ", y->eol_why);
		if (d->in_error)
			fa_buf_puts(&why, "in error now; ");
		if (why.len > 0) {
			p->action = "replace";
			out->nreplace++;
			for (k = 0; k < o->n; k++)
				if (o->v[k].colour == d->colour) {
					p->offer = &o->v[k];
					break;
				}
		} else if (y != NULL && y->use != NULL &&
		    strcmp(y->use, "under-used") == 0)
			for (j = 0; j < r->ndevs; j++)
				if (j != i && same_location(d->location,
				    r->devs[j].location)) {
					p->action = "consolidate";
					out->nconsolidate++;
					fa_buf_printf(&why, "under-used, with "
					    "another device at %s; ",
					    d->location);
					break;
				}
		if (why.len >= 2)
			why.s[why.len -= 2] = '\0';
		p->why = fa_buf_steal(&why);
		if (x == NULL || isnan(x->total)) {
			out->nunknown++;
			continue;
		}
		p->current = x->total;
		p->proposed = (x->annual_mono + x->annual_unknown) * o->mono +
		    x->annual_colour * o->colour +
		    (isnan(x->energy) ? 0 : x->energy) +
		    (p->offer != NULL ? 12 * p->offer->monthly : 0);
		out->current += p->current;
		out->proposed += p->proposed;
	}
	out->saving = out->current - out->proposed;
}

void
report_props_release(struct report_props *p)
{
	size_t	i;

	for (i = 0; i < p->ndevs; i++)
		free(p->dev[i].why);
	free(p->dev);
	memset(p, 0, sizeof(*p));
}

void
report_props_csv(const struct report *r, const struct report_props *p,
    struct fa_buf *b)
{
	size_t	i;
	char	id[32];

	fa_buf_puts(b, "id,address,model,location,action,why,replace_with,"
	    "current_annual,proposed_annual\r\n");
	for (i = 0; i < r->ndevs && i < p->ndevs; i++) {
		const struct report_dev *d = &r->devs[i];
		const struct report_prop *x = &p->dev[i];

		snprintf(id, sizeof(id), "%lld", (long long)d->id);
		report_csv_cell(b, id, 0);
		report_csv_cell(b, d->address, 0);
		report_csv_cell(b, d->model, 0);
		report_csv_cell(b, d->location, 0);
		report_csv_cell(b, x->action, 0);
		report_csv_cell(b, x->why != NULL && x->why[0] ? x->why : NULL,
		    0);
		report_csv_cell(b, x->offer ? x->offer->model : NULL, 0);
		report_csv_money(b, x->current, 2, 0);
		report_csv_money(b, x->proposed, 2, 1);
	}
	fa_buf_puts(b, ",fleet,,,,,,");
	report_csv_money(b, p->current, 2, 0);
	report_csv_money(b, p->proposed, 2, 1);
	fa_buf_puts(b, ",saving,,,,,,,");
	report_csv_money(b, p->saving, 2, 1);
}
