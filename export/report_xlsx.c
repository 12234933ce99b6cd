/*
 * report_xlsx.c: the report as an xlsx workbook (libxlsxwriter).  One sheet
 * per part: Summary (key figures, months, models, supplies nearest to
 * empty, and the three charts), Devices, Volumes (one row per device and
 * month, so it filters and pivots), Anomalies (steps left out of volumes,
 * and gaps), Supplies, Alerts.  Numbers are numbers, dates are dates
 * (Excel serial days with a date format), unknown values are empty cells.
 * Every table sheet has a bold header row, frozen, with an autofilter.
 *
 * The workbook is written in libxlsxwriter's constant-memory mode (each
 * row goes to a temporary file as it is written), so a fleet of ten
 * thousand devices costs no more memory than the model itself; rows of a
 * sheet are therefore written strictly in order.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "report_cost.h"
#include "report_proposal.h"
#include "report_use.h"
#include "report_xlsx.h"

#define NEAREST		10	/* supplies in "nearest to empty" */

struct xl {
	lxw_workbook	*wb;
	lxw_format	*head, *title, *date, *month, *pages, *pct, *days,
			*dec2, *bold, *money, *cpp, *moneyb;
};

static void
str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s)
{
	if (s != NULL && s[0] != '\0')
		worksheet_write_string(ws, r, c, s, NULL);
}

static void
numf(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
	if (!isnan(v))
		worksheet_write_number(ws, r, c, v, f);
}

static void
i64(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int64_t v, lxw_format *f)
{
	if (v != DEV_NONE)
		worksheet_write_number(ws, r, c, (double)v, f);
}

static void
datef(struct xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int64_t t)
{
	if (t > 0)
		worksheet_write_unixtime(ws, r, c, t, x->date);
}

/* A header row: names, widths; frozen, and an autofilter over nrows. */
static void
header(struct xl *x, lxw_worksheet *ws, lxw_row_t r,
    const char *const *names, const double *widths, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i],
		    NULL);
		worksheet_write_string(ws, r, (lxw_col_t)i, names[i], x->head);
	}
	worksheet_freeze_panes(ws, r + 1, 0);
}

static void
filter(lxw_worksheet *ws, lxw_row_t r, size_t ncols, size_t nrows)
{
	worksheet_autofilter(ws, r, 0, (lxw_row_t)(r + (nrows ? nrows : 1)),
	    (lxw_col_t)(ncols - 1));
}

static void
summary(struct xl *x, const struct report *r)
{
	lxw_worksheet	*ws = workbook_add_worksheet(x->wb, "Summary");
	lxw_chart	*ch;
	lxw_chart_series *se;
	lxw_chart_fill	 mono = { .color = 0x3B4A5A }, col = { .color =
			    0xD0583A }, other = { .color = 0x9AA5B1 };
	char		 buf[128], note[160];
	lxw_row_t	 row, mrow, nrow;
	size_t		 i, m, nb = 0, k;
	struct report_near best[NEAREST];
	static const char *const mh[] = { "Month", "Days", "Mono", "Colour",
	    "Split not known", "Total", "Colour ratio", "Readings" };
	static const struct { const char *label; int off; } figs[] = {
		{ "Devices", 0 }, { "Mono devices", 1 },
		{ "Colour devices", 2 }, { "In error now", 3 },
		{ "With alerts now", 4 }, { "Supplies low", 5 },
		{ "Supplies empty within 30 days", 6 },
		{ "Supplies past their empty date", 10 },
		{ "Not seen for 7 days", 7 }, { "Meter anomalies", 8 },
		{ "Gaps in readings", 9 },
	};
	int vals[11];
	int brand;

	vals[0] = (int)r->ndevs;
	vals[1] = r->nmono;
	vals[2] = r->ncolour;
	vals[3] = r->nin_error;
	vals[4] = r->nwith_alerts;
	vals[5] = r->nlow;
	vals[6] = r->nsoon;
	vals[7] = r->nstale;
	vals[8] = r->nanomalies;
	vals[9] = r->ngaps;
	vals[10] = r->noverdue;

	worksheet_set_column(ws, 0, 0, 34, NULL);
	worksheet_set_column(ws, 1, 7, 14, NULL);
	/* row by row: the sheet is written in constant-memory mode */
	brand = r->customer != NULL || r->prepared_by != NULL ||
	    r->dealer != NULL || r->logo != NULL;
	worksheet_write_string(ws, 0, 0, "Print fleet assessment", x->title);
	if (r->dealer != NULL)
		worksheet_write_string(ws, 0, 3, r->dealer, x->title);
	worksheet_write_string(ws, 1, 0, "From", x->bold);
	worksheet_write_unixtime(ws, 1, 1, r->from, x->date);
	if (brand) {
		worksheet_write_string(ws, 1, 3, "Prepared for", x->bold);
		str(ws, 1, 4, r->customer);
	}
	worksheet_write_string(ws, 2, 0, "To", x->bold);
	/* the last day of the period, at midnight: a plain date */
	worksheet_write_unixtime(ws, 2, 1, (r->to - 1) / REPORT_DAY *
	    REPORT_DAY, x->date);
	if (brand) {
		worksheet_write_string(ws, 2, 3, "Prepared by", x->bold);
		str(ws, 2, 4, r->prepared_by);
	}
	worksheet_write_string(ws, 3, 0, "Source", x->bold);
	str(ws, 3, 1, r->source);
	if (brand) {
		worksheet_write_string(ws, 3, 3, "Date", x->bold);
		str(ws, 3, 4, r->date_shown);
	}
	if (r->logo != NULL) {
		lxw_image_options io;

		memset(&io, 0, sizeof(io));
		/* about 60 pixels high, 240 wide at most */
		if (r->logo_h > 0 && r->logo_w > 0) {
			io.x_scale = io.y_scale = 60.0 / r->logo_h;
			if (r->logo_w * io.x_scale > 240)
				io.x_scale = io.y_scale = 240.0 / r->logo_w;
		}
		worksheet_insert_image_buffer_opt(ws, 0, 6, r->logo,
		    r->logo_len, &io);
	}
	worksheet_freeze_panes(ws, 1, 0);
	row = 5;
	for (i = 0; i < nitems(figs); i++, row++) {
		worksheet_write_string(ws, row, 0, figs[i].label, NULL);
		worksheet_write_number(ws, row, 1, vals[figs[i].off], NULL);
	}
	worksheet_write_string(ws, row, 0, "Pages in the period", NULL);
	numf(ws, row++, 1, round(r->ptotal), x->pages);
	worksheet_write_string(ws, row, 0, "Pages, split not known", NULL);
	numf(ws, row++, 1, round(r->punknown), x->pages);
	worksheet_write_string(ws, row, 0,
	    "Colour ratio (devices with a split)", NULL);
	numf(ws, row++, 1, report_ratio(r->pmono, r->pcolour), x->pct);
	if (r->props != NULL) {
		static const char *const pl[] = { "Current cost a year",
		    "Proposed cost a year", "Saving a year" };
		const double pv[] = { r->props->current, r->props->proposed,
		    r->props->saving };

		for (i = 0; i < nitems(pl); i++) {
			worksheet_write_string(ws, row, 0, pl[i], NULL);
			numf(ws, row++, 1, pv[i], x->money);
		}
	}
	if (r->uses != NULL) {
		static const char *const ul[] = { "Under-used devices",
		    "Over-used devices", "End-of-life devices",
		    "Models not in the catalog" };
		const int uv[] = { r->uses->nunder, r->uses->nover,
		    r->uses->neol, r->uses->nuncatalogued };

		for (i = 0; i < nitems(ul); i++) {
			worksheet_write_string(ws, row, 0, ul[i], NULL);
			worksheet_write_number(ws, row++, 1, uv[i], NULL);
		}
	}
	if (r->costs != NULL) {
		static const char *const cl[] = { "Annual consumables",
		    "Annual service", "Annual energy", "Annual cost" };
		const double cv[] = { r->costs->consumables,
		    r->costs->service, r->costs->energy, r->costs->total };

		for (i = 0; i < nitems(cl); i++) {
			worksheet_write_string(ws, row, 0, cl[i], NULL);
			numf(ws, row++, 1, cv[i], x->money);
		}
	}

	row++;
	mrow = row;
	for (i = 0; i < nitems(mh); i++)
		worksheet_write_string(ws, row, (lxw_col_t)i, mh[i], x->head);
	for (m = 0; m < r->nmonths; m++) {
		row++;
		worksheet_write_unixtime(ws, row, 0, r->months[m].start,
		    x->month);
		worksheet_write_number(ws, row, 1, r->months[m].days,
		    x->dec2);
		/* a month without readings: empty cells, never 0 */
		numf(ws, row, 2, round(r->mmono[m]), x->pages);
		numf(ws, row, 3, round(r->mcolour[m]), x->pages);
		numf(ws, row, 4, round(r->munknown[m]), x->pages);
		numf(ws, row, 5, round(r->mtotal[m]), x->pages);
		numf(ws, row, 6, report_ratio(r->mmono[m], r->mcolour[m]),
		    x->pct);
		if (r->mreadings[m] == 0)
			worksheet_write_string(ws, row, 7, "no readings",
			    NULL);
	}
	report_months_note(r, note, sizeof(note));
	if (note[0] != '\0')
		worksheet_write_string(ws, ++row, 0, note, NULL);

	row += 2;
	worksheet_write_string(ws, row, 0, "Vendor", x->head);
	worksheet_write_string(ws, row, 1, "Model", x->head);
	worksheet_write_string(ws, row, 2, "Kind", x->head);
	worksheet_write_string(ws, row, 3, "Devices", x->head);
	for (i = 0; i < r->nmodels; i++) {
		row++;
		str(ws, row, 0, r->models[i].vendor);
		str(ws, row, 1, r->models[i].model);
		worksheet_write_string(ws, row, 2, r->models[i].colour ?
		    "colour" : "mono", NULL);
		worksheet_write_number(ws, row, 3, r->models[i].n, NULL);
	}

	/* Nearest to empty: the NEAREST fewest days. */
	nb = report_nearest(r, best, NEAREST);
	row += 2;
	nrow = row;
	worksheet_write_string(ws, row, 0, "Supply (nearest to empty)",
	    x->head);
	worksheet_write_string(ws, row, 1, "Days to empty", x->head);
	for (k = 0; k < nb; k++) {
		const struct report_dev *d = &r->devs[best[k].d];
		const struct report_supply *p = &d->sup[best[k].s];

		row++;
		snprintf(buf, sizeof(buf), "%s %s", d->address ? d->address :
		    "-", p->description ? p->description : "-");
		worksheet_write_string(ws, row, 0, buf, NULL);
		worksheet_write_number(ws, row, 1, round(best[k].days * 10) /
		    10, x->days);
	}

	/* no chart over an empty range: months without any reading, or no
	 * supply with an estimate, get none */
	for (m = 0, k = 0; m < r->nmonths; m++)
		if (r->mreadings[m] > 0)
			k++;
	if (k > 0) {
		ch = workbook_add_chart(x->wb, LXW_CHART_COLUMN_STACKED);
		chart_title_set_name(ch, "Monthly volume");
		se = chart_add_series(ch, NULL, NULL);
		chart_series_set_categories(se, "Summary", mrow + 1, 0,
		    (lxw_row_t)(mrow + r->nmonths), 0);
		chart_series_set_values(se, "Summary", mrow + 1, 2,
		    (lxw_row_t)(mrow + r->nmonths), 2);
		chart_series_set_name(se, "Mono");
		chart_series_set_fill(se, &mono);
		se = chart_add_series(ch, NULL, NULL);
		chart_series_set_categories(se, "Summary", mrow + 1, 0,
		    (lxw_row_t)(mrow + r->nmonths), 0);
		chart_series_set_values(se, "Summary", mrow + 1, 3,
		    (lxw_row_t)(mrow + r->nmonths), 3);
		chart_series_set_name(se, "Colour");
		chart_series_set_fill(se, &col);
		se = chart_add_series(ch, NULL, NULL);
		chart_series_set_categories(se, "Summary", mrow + 1, 0,
		    (lxw_row_t)(mrow + r->nmonths), 0);
		chart_series_set_values(se, "Summary", mrow + 1, 4,
		    (lxw_row_t)(mrow + r->nmonths), 4);
		chart_series_set_name(se, "Split not known");
		chart_series_set_fill(se, &other);
		chart_axis_set_name(ch->y_axis, "Pages");
		chart_axis_set_num_format(ch->y_axis, "#,##0");
		chart_axis_set_num_format(ch->x_axis, "yyyy-mm");
		worksheet_insert_chart(ws, 1, 9, ch);

		ch = workbook_add_chart(x->wb, LXW_CHART_LINE);
		chart_title_set_name(ch, "Colour ratio");
		se = chart_add_series(ch, NULL, NULL);
		chart_series_set_categories(se, "Summary", mrow + 1, 0,
		    (lxw_row_t)(mrow + r->nmonths), 0);
		chart_series_set_values(se, "Summary", mrow + 1, 6,
		    (lxw_row_t)(mrow + r->nmonths), 6);
		chart_series_set_name(se, "Colour ratio");
		chart_axis_set_num_format(ch->y_axis, "0%");
		chart_axis_set_num_format(ch->x_axis, "yyyy-mm");
		chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
		worksheet_insert_chart(ws, 17, 9, ch);
	}
	if (nb == 0) {
		worksheet_write_string(ws, nrow + 1, 0, "No supply has enough "
		    "level history yet.", NULL);
		return;
	}
	ch = workbook_add_chart(x->wb, LXW_CHART_BAR);
	chart_title_set_name(ch, "Supplies nearest to empty (days)");
	se = chart_add_series(ch, NULL, NULL);
	chart_series_set_categories(se, "Summary", nrow + 1, 0,
	    (lxw_row_t)(nrow + (nb ? nb : 1)), 0);
	chart_series_set_values(se, "Summary", nrow + 1, 1,
	    (lxw_row_t)(nrow + (nb ? nb : 1)), 1);
	chart_series_set_name(se, "Days to empty");
	chart_series_set_fill(se, &col);
	chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
	chart_axis_set_reverse(ch->y_axis);
	worksheet_insert_chart(ws, 33, 9, ch);
}

static void
costs(struct xl *x, const struct report *r)
{
	lxw_worksheet	*ws;
	const struct report_costs *c = r->costs;
	static const char *const h[] = { "Id", "Address", "Vendor", "Model",
	    "Annual pages", "Annual mono", "Annual colour",
	    "Annual split not known", "Cost per page mono",
	    "Cost per page colour", "Consumables a year", "Service a year",
	    "Energy a year", "Total a year", "Note" };
	static const double w[] = { 6, 16, 12, 22, 12, 12, 12, 12, 12, 12,
	    13, 13, 12, 13, 50 };
	size_t		 i;
	lxw_row_t	 row = 0;

	if (c == NULL)
		return;
	ws = workbook_add_worksheet(x->wb, "Costs");
	header(x, ws, 0, h, w, nitems(h));
	for (i = 0; i < r->ndevs && i < c->ndevs; i++) {
		const struct report_dev *d = &r->devs[i];
		const struct report_cost *k = &c->dev[i];

		row++;
		worksheet_write_number(ws, row, 0, (double)d->id, NULL);
		str(ws, row, 1, d->address);
		str(ws, row, 2, d->vendor);
		str(ws, row, 3, d->model);
		numf(ws, row, 4, k->annual_total, x->pages);
		numf(ws, row, 5, k->annual_mono, x->pages);
		numf(ws, row, 6, k->annual_colour, x->pages);
		numf(ws, row, 7, k->annual_unknown, x->pages);
		numf(ws, row, 8, k->cpp_mono, x->cpp);
		numf(ws, row, 9, k->cpp_colour, x->cpp);
		numf(ws, row, 10, k->consumables, x->money);
		numf(ws, row, 11, k->service, x->money);
		numf(ws, row, 12, k->energy, x->money);
		numf(ws, row, 13, k->total, x->money);
		str(ws, row, 14, k->note);
	}
	filter(ws, 0, nitems(h), r->ndevs);
	row += 2;
	worksheet_write_string(ws, row, 1, "Fleet", x->bold);
	numf(ws, row, 4, c->pages, x->pages);
	numf(ws, row, 10, c->consumables, x->moneyb);
	numf(ws, row, 11, c->service, x->moneyb);
	numf(ws, row, 12, c->energy, x->moneyb);
	numf(ws, row, 13, c->total, x->moneyb);
	{
		char	note[160];

		report_cost_fleet_note(c, note, sizeof(note));
		if (note[0])
			worksheet_write_string(ws, row, 14, note, NULL);
	}
}

static void
proposal(struct xl *x, const struct report *r)
{
	lxw_worksheet	*ws;
	const struct report_props *p = r->props;
	static const char *const h[] = { "Id", "Address", "Model",
	    "Location", "Action", "Why", "Replace with", "Current a year",
	    "Proposed a year" };
	static const double w[] = { 6, 16, 22, 24, 12, 50, 22, 14, 14 };
	size_t		 i;
	lxw_row_t	 row = 0;

	if (p == NULL)
		return;
	ws = workbook_add_worksheet(x->wb, "Proposal");
	header(x, ws, 0, h, w, nitems(h));
	for (i = 0; i < r->ndevs && i < p->ndevs; i++) {
		const struct report_dev *d = &r->devs[i];
		const struct report_prop *k = &p->dev[i];

		row++;
		worksheet_write_number(ws, row, 0, (double)d->id, NULL);
		str(ws, row, 1, d->address);
		str(ws, row, 2, d->model);
		str(ws, row, 3, d->location);
		str(ws, row, 4, k->action);
		str(ws, row, 5, k->why);
		str(ws, row, 6, k->offer ? k->offer->model : NULL);
		numf(ws, row, 7, k->current, x->money);
		numf(ws, row, 8, k->proposed, x->money);
	}
	filter(ws, 0, nitems(h), r->ndevs);
	row += 2;
	worksheet_write_string(ws, row, 1, "Fleet", x->bold);
	numf(ws, row, 7, p->current, x->moneyb);
	numf(ws, row, 8, p->proposed, x->moneyb);
	row++;
	worksheet_write_string(ws, row, 1, "Saving", x->bold);
	numf(ws, row, 8, p->saving, x->moneyb);
}

static void
utilisation(struct xl *x, const struct report *r)
{
	lxw_worksheet	*ws;
	const struct report_uses *u = r->uses;
	static const char *const h[] = { "Id", "Address", "Vendor", "Model",
	    "Pages a month", "Recommended a month", "Duty cycle",
	    "Utilisation", "Use", "Launched", "Age (years)", "End of life",
	    "Why", "Speed (ppm)", "Colour", "A3", "Duplex",
	    "Typical kWh a week", "Source" };
	static const double w[] = { 6, 16, 12, 22, 12, 13, 11, 11, 15, 9,
	    10, 10, 26, 10, 8, 6, 8, 11, 50 };
	size_t		 i;
	lxw_row_t	 row = 0;

	if (u == NULL)
		return;
	ws = workbook_add_worksheet(x->wb, "Utilisation");
	header(x, ws, 0, h, w, nitems(h));
	for (i = 0; i < r->ndevs && i < u->ndevs; i++) {
		const struct report_dev *d = &r->devs[i];
		const struct report_use *k = &u->dev[i];
		const struct catalog_entry *c = k->cat;

		row++;
		worksheet_write_number(ws, row, 0, (double)d->id, NULL);
		str(ws, row, 1, d->address);
		str(ws, row, 2, d->vendor);
		str(ws, row, 3, d->model);
		numf(ws, row, 4, k->monthly, x->pages);
		worksheet_write_boolean(ws, row, 11, k->eol, NULL);
		str(ws, row, 12, k->eol_why);
		if (c == NULL) {
			worksheet_write_string(ws, row, 18,
			    "not in the catalog", NULL);
			continue;
		}
		numf(ws, row, 5, c->recommended, x->pages);
		numf(ws, row, 6, c->duty, x->pages);
		numf(ws, row, 7, k->util, x->pct);
		str(ws, row, 8, k->use != NULL ? k->use : "not known");
		if (c->launched > 0)
			worksheet_write_number(ws, row, 9, c->launched, NULL);
		if (k->age >= 0)
			worksheet_write_number(ws, row, 10, k->age, NULL);
		numf(ws, row, 13, c->speed, NULL);
		if (c->colour >= 0)
			worksheet_write_boolean(ws, row, 14, c->colour, NULL);
		if (c->a3 >= 0)
			worksheet_write_boolean(ws, row, 15, c->a3, NULL);
		if (c->duplex >= 0)
			worksheet_write_boolean(ws, row, 16, c->duplex, NULL);
		numf(ws, row, 17, c->tec, x->dec2);
		str(ws, row, 18, c->source);
	}
	filter(ws, 0, nitems(h), r->ndevs);
}

static void
devices(struct xl *x, const struct report *r)
{
	lxw_worksheet	*ws = workbook_add_worksheet(x->wb, "Devices");
	static const char *const h[] = { "Id", "Address", "Vendor", "Model",
	    "Kind", "Serial", "MAC", "Location", "Firmware", "First seen",
	    "Last seen", "Total pages", "In error", "Alerts now",
	    "Not seen lately", "Missing since" };
	static const double w[] = { 6, 16, 14, 24, 8, 16, 18, 30, 16, 12,
	    12, 12, 9, 10, 14, 13 };
	size_t		 i;
	lxw_row_t	 row = 0;

	header(x, ws, 0, h, w, nitems(h));
	for (i = 0; i < r->ndevs; i++) {
		const struct report_dev *d = &r->devs[i];

		row++;
		worksheet_write_number(ws, row, 0, (double)d->id, NULL);
		str(ws, row, 1, d->address);
		str(ws, row, 2, d->vendor);
		str(ws, row, 3, d->model);
		worksheet_write_string(ws, row, 4, d->colour ? "colour" :
		    "mono", NULL);
		str(ws, row, 5, d->serial);
		str(ws, row, 6, d->mac);
		str(ws, row, 7, d->location);
		str(ws, row, 8, d->firmware);
		datef(x, ws, row, 9, d->first_seen);
		datef(x, ws, row, 10, d->last_seen);
		if (d->total_pages != DEV_NONE)
			worksheet_write_number(ws, row, 11,
			    (double)d->total_pages, x->pages);
		worksheet_write_boolean(ws, row, 12, d->in_error, NULL);
		worksheet_write_number(ws, row, 13, d->nalerts, NULL);
		worksheet_write_boolean(ws, row, 14, d->stale, NULL);
		datef(x, ws, row, 15, d->missing_since);
	}
	filter(ws, 0, nitems(h), r->ndevs);
}

static void
volumes(struct xl *x, const struct report *r)
{
	lxw_worksheet	*ws = workbook_add_worksheet(x->wb, "Volumes");
	static const char *const h[] = { "Id", "Address", "Serial", "Model",
	    "Month", "Days in month", "Days covered", "Mono", "Colour",
	    "Total", "Colour ratio", "Split not known", "Readings" };
	static const double w[] = { 6, 16, 16, 24, 10, 13, 13, 10, 10, 10,
	    12, 14, 12 };
	size_t		 i, m;
	lxw_row_t	 row = 0;

	header(x, ws, 0, h, w, nitems(h));
	for (i = 0; i < r->ndevs; i++)
		for (m = 0; m < r->nmonths; m++) {
			const struct report_dev *d = &r->devs[i];
			const struct report_dvol *v = &d->vol[m];

			row++;
			worksheet_write_number(ws, row, 0, (double)d->id,
			    NULL);
			str(ws, row, 1, d->address);
			str(ws, row, 2, d->serial);
			str(ws, row, 3, d->model);
			worksheet_write_unixtime(ws, row, 4,
			    r->months[m].start, x->month);
			worksheet_write_number(ws, row, 5, r->months[m].days,
			    NULL);
			worksheet_write_number(ws, row, 6, v->days_covered,
			    x->days);
			numf(ws, row, 7, v->mono, x->pages);
			numf(ws, row, 8, v->colour, x->pages);
			numf(ws, row, 9, v->total, x->pages);
			numf(ws, row, 10, report_ratio(v->mono, v->colour),
			    x->pct);
			numf(ws, row, 11, v->unknown, x->pages);
			if (isnan(v->total))
				worksheet_write_string(ws, row, 12,
				    "no readings", NULL);
		}
	filter(ws, 0, nitems(h), r->ndevs * r->nmonths);
}

static void
anomalies(struct xl *x, const struct report *r)
{
	lxw_worksheet	*ws = workbook_add_worksheet(x->wb, "Anomalies");
	static const char *const h[] = { "Id", "Address", "Model", "Meter",
	    "What", "From", "To", "Days", "Before", "After", "Detail" };
	static const double w[] = { 6, 16, 24, 14, 30, 12, 12, 8, 12, 12,
	    30 };
	size_t		 i;
	lxw_row_t	 row = 0;

	header(x, ws, 0, h, w, nitems(h));
	for (i = 0; i < r->nsteps; i++) {
		const struct report_step *s = &r->steps[i];
		const struct report_dev *d = &r->devs[s->dev];

		row++;
		worksheet_write_number(ws, row, 0, (double)d->id, NULL);
		str(ws, row, 1, d->address);
		str(ws, row, 2, d->model);
		str(ws, row, 3, report_words_meter(s->meter));
		str(ws, row, 4, report_words_step(s->what));
		worksheet_write_unixtime(ws, row, 5, s->from, x->date);
		worksheet_write_unixtime(ws, row, 6, s->to, x->date);
		worksheet_write_number(ws, row, 7, (double)(s->to - s->from) /
		    REPORT_DAY, x->dec2);
		i64(ws, row, 8, s->before, x->pages);
		i64(ws, row, 9, s->after, x->pages);
		str(ws, row, 10, s->detail);
	}
	filter(ws, 0, nitems(h), r->nsteps);
}

static void
supplies(struct xl *x, const struct report *r)
{
	lxw_worksheet	*ws = workbook_add_worksheet(x->wb, "Supplies");
	static const char *const h[] = { "Id", "Address", "Model", "Supply",
	    "Colour", "Part number", "Serial", "Level", "State", "Installed",
	    "Days to empty", "Empty on", "Confidence", "Days of history",
	    "Levels used", "Estimate" };
	static const double w[] = { 6, 16, 24, 30, 10, 14, 16, 8, 14, 12, 13,
	    12, 11, 14, 11, 36 };
	char		 est[96], day[16];
	size_t		 i, j, n = 0;
	lxw_row_t	 row = 0;

	header(x, ws, 0, h, w, nitems(h));
	for (i = 0; i < r->ndevs; i++)
		for (j = 0; j < r->devs[i].nsup; j++) {
			const struct report_dev *d = &r->devs[i];
			const struct report_supply *p = &d->sup[j];
			const struct report_dte *t = &p->dte;

			row++;
			n++;
			worksheet_write_number(ws, row, 0, (double)d->id,
			    NULL);
			str(ws, row, 1, d->address);
			str(ws, row, 2, d->model);
			str(ws, row, 3, p->description);
			str(ws, row, 4, p->colorant);
			str(ws, row, 5, p->part_number);
			str(ws, row, 6, p->serial);
			if (p->percent >= 0)
				worksheet_write_number(ws, row, 7,
				    p->percent / 100.0, x->pct);
			str(ws, row, 8, p->level_state);
			datef(x, ws, row, 9, p->installed);
			if (t->status == REPORT_DTE_OK) {
				if (!p->overdue)
					worksheet_write_number(ws, row, 10,
					    round(t->days * 10) / 10,
					    x->days);
				datef(x, ws, row, 11, t->empty_at);
				worksheet_write_number(ws, row, 12,
				    t->confidence, x->dec2);
			}
			if (t->status != REPORT_DTE_NONE) {
				worksheet_write_number(ws, row, 13,
				    round(t->history_days * 10) / 10,
				    x->days);
				worksheet_write_number(ws, row, 14, t->points,
				    NULL);
			}
			report_date(p->last_seen, day, sizeof(day));
			snprintf(est, sizeof(est), "%s%s%s",
			    p->overdue ? "overdue: empty date passed" :
			    t->status != REPORT_DTE_NONE ?
			    report_words_dte(t->status) : "",
			    p->stale && t->status != REPORT_DTE_NONE ?
			    "; stale, last read " : "",
			    p->stale && t->status != REPORT_DTE_NONE ?
			    day : "");
			str(ws, row, 15, est);
		}
	filter(ws, 0, nitems(h), n);
}

static void
alerts(struct xl *x, const struct report *r)
{
	lxw_worksheet	*ws = workbook_add_worksheet(x->wb, "Alerts");
	static const char *const h[] = { "Id", "Address", "Model", "Status",
	    "Severity", "Code", "Group", "Description", "First seen",
	    "Last seen" };
	static const double w[] = { 6, 16, 24, 9, 10, 24, 14, 50, 12, 12 };
	char		*words, cw[96];
	size_t		 i, j, n = 0;
	lxw_row_t	 row = 0;

	header(x, ws, 0, h, w, nitems(h));
	for (i = 0; i < r->ndevs; i++) {
		const struct report_dev *d = &r->devs[i];

		if (d->errors != NULL) {
			row++;
			n++;
			worksheet_write_number(ws, row, 0, (double)d->id,
			    NULL);
			str(ws, row, 1, d->address);
			str(ws, row, 2, d->model);
			worksheet_write_string(ws, row, 3, "now", NULL);
			worksheet_write_string(ws, row, 4, "error", NULL);
			worksheet_write_string(ws, row, 5, "Status errors",
			    NULL);
			words = report_words_bits(d->errors);
			str(ws, row, 7, words);
			free(words);
		}
		for (j = 0; j < d->nalerts_all; j++) {
			const struct report_alert *a = &d->alerts[j];

			row++;
			n++;
			worksheet_write_number(ws, row, 0, (double)d->id,
			    NULL);
			str(ws, row, 1, d->address);
			str(ws, row, 2, d->model);
			worksheet_write_string(ws, row, 3, a->current ? "now" :
			    "cleared", NULL);
			str(ws, row, 4, a->severity);
			str(ws, row, 5, report_words_code(a->code, cw,
			    sizeof(cw)));
			str(ws, row, 6, a->group);
			str(ws, row, 7, a->description);
			datef(x, ws, row, 8, a->first_seen);
			datef(x, ws, row, 9, a->last_seen);
		}
	}
	filter(ws, 0, nitems(h), n);
}

int
report_xlsx(const struct report *r, const char *path, struct fa_err *e)
{
	lxw_workbook_options	 o;
	struct xl		 x;
	lxw_error		 err;

	memset(&o, 0, sizeof(o));
	o.constant_memory = LXW_TRUE;
	memset(&x, 0, sizeof(x));
	if ((x.wb = workbook_new_opt(path, &o)) == NULL)
		return fa_errf(e, "cannot create '%s'", path);
	x.head = workbook_add_format(x.wb);
	format_set_bold(x.head);
	format_set_bg_color(x.head, 0xEEF1F4);
	format_set_bottom(x.head, LXW_BORDER_THIN);
	x.title = workbook_add_format(x.wb);
	format_set_bold(x.title);
	format_set_font_size(x.title, 16);
	x.bold = workbook_add_format(x.wb);
	format_set_bold(x.bold);
	x.date = workbook_add_format(x.wb);
	format_set_num_format(x.date, "yyyy-mm-dd");
	x.month = workbook_add_format(x.wb);
	format_set_num_format(x.month, "yyyy-mm");
	x.pages = workbook_add_format(x.wb);
	format_set_num_format(x.pages, "#,##0");
	x.pct = workbook_add_format(x.wb);
	format_set_num_format(x.pct, "0.0%");
	x.days = workbook_add_format(x.wb);
	format_set_num_format(x.days, "0.0");
	x.dec2 = workbook_add_format(x.wb);
	format_set_num_format(x.dec2, "0.00");
	x.money = workbook_add_format(x.wb);
	format_set_num_format(x.money, "#,##0.00");
	x.moneyb = workbook_add_format(x.wb);
	format_set_num_format(x.moneyb, "#,##0.00");
	format_set_bold(x.moneyb);
	x.cpp = workbook_add_format(x.wb);
	format_set_num_format(x.cpp, "0.0000");

	summary(&x, r);
	costs(&x, r);
	proposal(&x, r);
	utilisation(&x, r);
	devices(&x, r);
	volumes(&x, r);
	anomalies(&x, r);
	supplies(&x, r);
	alerts(&x, r);
	if ((err = workbook_close(x.wb)) != LXW_NO_ERROR)
		return fa_errf(e, "cannot write '%s': %s", path,
		    lxw_strerror(err));
	return 0;
}
