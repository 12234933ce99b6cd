/*
 * report_csv.c: the report as CSV, one file per part (report_csv.h).
 * Numbers are written plainly (no thousands separators), pages with two
 * decimals where prorated, dates as YYYY-MM-DD and times as ISO 8601 UTC,
 * unknown values as empty fields.
 *
 * Text that comes from a device (a location, a supply's description, an
 * alert) is data, never a formula: a text field that starts with '=',
 * '+', '-', '@', a tab or a CR gets a single quote in front and is
 * quoted, as OWASP's "CSV injection" page recommends, so a spreadsheet
 * shows it as text.  Numeric columns are written as they are, so that a
 * negative number stays a number (row()'s nums mask says which).
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_csv.h"

const char *const report_csv_parts[REPORT_CSV_NPARTS] = {
	"summary", "devices", "volumes", "anomalies", "supplies", "alerts",
	"models", "figures",
};

/* Whether a spreadsheet would read s as a formula (OWASP). */
static int
formula_like(const char *s)
{
	return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

static void
field(struct fa_buf *out, const char *s, int text)
{
	const char	*p;
	int		 neuter;

	if (s == NULL)
		return;
	neuter = text && formula_like(s);
	if (!neuter && strpbrk(s, ",\"\r\n") == NULL) {
		fa_buf_puts(out, s);
		return;
	}
	fa_buf_add(out, neuter ? "\"'" : "\"", neuter ? 2 : 1);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			fa_buf_add(out, "\"", 1);
		fa_buf_add(out, p, 1);
	}
	fa_buf_add(out, "\"", 1);
}

void
report_csv_field(struct fa_buf *out, const char *s)
{
	field(out, s, 1);
}

void
report_csv_number(struct fa_buf *out, const char *s)
{
	field(out, s, 0);
}

/* Fields of one row; bit i of nums set: field i is a number the report
 * wrote (written as it is), otherwise text (neutralised). */
static void
row(struct fa_buf *out, const char *const *f, size_t n, uint32_t nums)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			fa_buf_add(out, ",", 1);
		field(out, f[i], !(i < 32 && (nums & (UINT32_C(1) << i))));
	}
	fa_buf_add(out, "\r\n", 2);
}

static const char *
dbl(char *buf, size_t len, double v, int decimals)
{
	if (isnan(v))
		return NULL;
	snprintf(buf, len, "%.*f", decimals, v);
	return buf;
}

static const char *
i64(char *buf, size_t len, int64_t v)
{
	if (v == DEV_NONE)
		return NULL;
	snprintf(buf, len, "%lld", (long long)v);
	return buf;
}

static const char *
day(char *buf, size_t len, int64_t t)
{
	if (t <= 0)
		return NULL;
	report_date(t, buf, len);
	return buf;
}

static const char *
iso(char *buf, size_t len, int64_t t)
{
	if (t <= 0)
		return NULL;
	fa_iso8601(t, buf, len);
	return buf;
}

void
report_csv(const struct report *r, int part, struct fa_buf *out)
{
	char	b[12][64];
	size_t	i, j, m;

	switch (part) {
	case 0: {		/* summary: one row per month, then totals */
		static const char *const h[] = { "month", "days", "mono",
		    "colour", "total", "colour_ratio", "unknown" };

		row(out, h, nitems(h), 0);
		for (m = 0; m < r->nmonths; m++) {
			const char *f[7];

			report_month_name(&r->months[m], b[0], sizeof(b[0]));
			f[0] = b[0];
			f[1] = dbl(b[1], 64, r->months[m].days, 2);
			f[2] = dbl(b[2], 64, r->mmono[m], 2);
			f[3] = dbl(b[3], 64, r->mcolour[m], 2);
			f[4] = dbl(b[4], 64, r->mtotal[m], 2);
			f[5] = dbl(b[5], 64, report_ratio(r->mmono[m],
			    r->mcolour[m]), 4);
			/* split not known; a month without readings has
			 * empty fields, never 0 */
			f[6] = dbl(b[6], 64, r->munknown[m], 2);
			row(out, f, 7, 0x7f);
		}
		break;
	}
	case 1: {
		static const char *const h[] = { "id", "address", "vendor",
		    "model", "kind", "serial", "mac", "location", "firmware",
		    "first_seen", "last_seen", "total_pages", "in_error",
		    "alerts_now", "not_seen_lately", "missing_since" };

		row(out, h, nitems(h), 0);
		for (i = 0; i < r->ndevs; i++) {
			const struct report_dev *d = &r->devs[i];
			const char *f[16];

			f[0] = i64(b[0], 64, d->id);
			f[1] = d->address;
			f[2] = d->vendor;
			f[3] = d->model;
			f[4] = d->colour ? "colour" : "mono";
			f[5] = d->serial;
			f[6] = d->mac;
			f[7] = d->location;
			f[8] = d->firmware;
			f[9] = day(b[1], 64, d->first_seen);
			f[10] = day(b[2], 64, d->last_seen);
			f[11] = i64(b[3], 64, d->total_pages);
			f[12] = d->in_error ? "1" : "0";
			f[13] = i64(b[4], 64, d->nalerts);
			f[14] = d->stale ? "1" : "0";
			f[15] = day(b[5], 64, d->missing_since);
			row(out, f, 16, 0xfe01);
		}
		break;
	}
	case 2: {
		static const char *const h[] = { "id", "address", "serial",
		    "month", "month_days", "days_covered", "mono", "colour",
		    "total", "unknown" };

		row(out, h, nitems(h), 0);
		for (i = 0; i < r->ndevs; i++)
			for (m = 0; m < r->nmonths; m++) {
				const struct report_dev *d = &r->devs[i];
				const struct report_dvol *v = &d->vol[m];
				const char *f[10];

				f[0] = i64(b[0], 64, d->id);
				f[1] = d->address;
				f[2] = d->serial;
				report_month_name(&r->months[m], b[1], 64);
				f[3] = b[1];
				f[4] = dbl(b[2], 64, r->months[m].days, 2);
				f[5] = dbl(b[3], 64, v->days_covered, 2);
				f[6] = dbl(b[4], 64, v->mono, 2);
				f[7] = dbl(b[5], 64, v->colour, 2);
				f[8] = dbl(b[6], 64, v->total, 2);
				f[9] = dbl(b[7], 64, v->unknown, 2);
				row(out, f, 10, 0x3f9);
			}
		break;
	}
	case 3: {
		static const char *const h[] = { "id", "address", "meter",
		    "what", "from", "to", "before", "after", "detail" };

		row(out, h, nitems(h), 0);
		for (i = 0; i < r->nsteps; i++) {
			const struct report_step *s = &r->steps[i];
			const struct report_dev *d = &r->devs[s->dev];
			const char *f[9];

			f[0] = i64(b[0], 64, d->id);
			f[1] = d->address;
			f[2] = s->meter;
			f[3] = s->what;
			f[4] = iso(b[1], 64, s->from);
			f[5] = iso(b[2], 64, s->to);
			f[6] = i64(b[3], 64, s->before);
			f[7] = i64(b[4], 64, s->after);
			f[8] = s->detail;
			row(out, f, 9, 0xf1);
		}
		break;
	}
	case 4: {
		static const char *const h[] = { "id", "address", "idx",
		    "description", "colorant", "part_number", "serial",
		    "percent", "state", "installed", "days_to_empty",
		    "empty_on", "confidence", "history_days", "points",
		    "estimate", "level_state", "overdue", "stale" };

		row(out, h, nitems(h), 0);
		for (i = 0; i < r->ndevs; i++)
			for (j = 0; j < r->devs[i].nsup; j++) {
				const struct report_dev *d = &r->devs[i];
				const struct report_supply *p = &d->sup[j];
				const struct report_dte *t = &p->dte;
				int ok = t->status == REPORT_DTE_OK;
				const char *f[19];

				f[0] = i64(b[0], 64, d->id);
				f[1] = d->address;
				f[2] = i64(b[1], 64, p->idx);
				f[3] = p->description;
				f[4] = p->colorant;
				f[5] = p->part_number;
				f[6] = p->serial;
				f[7] = p->percent >= 0 ?
				    i64(b[2], 64, p->percent) : NULL;
				f[8] = p->state;
				f[9] = day(b[3], 64, p->installed);
				f[10] = ok ? dbl(b[4], 64, t->days, 1) : NULL;
				f[11] = ok ? day(b[5], 64, t->empty_at) : NULL;
				f[12] = ok ? dbl(b[6], 64, t->confidence, 2) :
				    NULL;
				f[13] = t->status != REPORT_DTE_NONE ?
				    dbl(b[7], 64, t->history_days, 1) : NULL;
				f[14] = i64(b[8], 64, t->points);
				f[15] = report_words_dte(t->status);
				f[16] = p->level_state;
				f[17] = p->overdue ? "1" : "0";
				f[18] = p->stale ? "1" : "0";
				row(out, f, 19, 0x67e85);
			}
		break;
	}
	case 5: {
		static const char *const h[] = { "id", "address", "status",
		    "severity", "code", "group", "description", "first_seen",
		    "last_seen" };

		row(out, h, nitems(h), 0);
		for (i = 0; i < r->ndevs; i++) {
			const struct report_dev *d = &r->devs[i];

			if (d->errors != NULL) {
				const char *f[9] = { i64(b[0], 64, d->id),
				    d->address, "now", "error", "status_errors",
				    NULL, d->errors, NULL, NULL };

				row(out, f, 9, 0x181);
			}
			for (j = 0; j < d->nalerts_all; j++) {
				const struct report_alert *a = &d->alerts[j];
				const char *f[9];

				f[0] = i64(b[0], 64, d->id);
				f[1] = d->address;
				f[2] = a->current ? "now" : "cleared";
				f[3] = a->severity;
				f[4] = a->code;
				f[5] = a->group;
				f[6] = a->description;
				f[7] = iso(b[1], 64, a->first_seen);
				f[8] = iso(b[2], 64, a->last_seen);
				row(out, f, 9, 0x181);
			}
		}
		break;
	}
	case 7: {		/* the summary's key figures */
		static const char *const h[] = { "figure", "value" };
		const struct { const char *name; int v; } fig[] = {
			{ "devices", (int)r->ndevs },
			{ "mono_devices", r->nmono },
			{ "colour_devices", r->ncolour },
			{ "in_error_now", r->nin_error },
			{ "with_alerts_now", r->nwith_alerts },
			{ "supplies_low", r->nlow },
			{ "supplies_empty_within_30_days", r->nsoon },
			{ "supplies_overdue", r->noverdue },
			{ "not_seen_lately", r->nstale },
			{ "meter_anomalies", r->nanomalies },
			{ "gaps", r->ngaps },
		};

		row(out, h, nitems(h), 0);
		for (i = 0; i < nitems(fig); i++) {
			const char *f[2] = { fig[i].name,
			    i64(b[0], 64, fig[i].v) };

			row(out, f, 2, 0x3);
		}
		{
			const char *f[][2] = {
				{ "from", day(b[1], 64, r->from) },
				{ "to", day(b[2], 64, r->to - 1) },
				{ "pages", dbl(b[3], 64, r->ptotal, 2) },
				{ "pages_mono", dbl(b[4], 64, r->pmono, 2) },
				{ "pages_colour", dbl(b[5], 64, r->pcolour,
				    2) },
				{ "colour_ratio", dbl(b[6], 64,
				    report_ratio(r->pmono, r->pcolour), 4) },
				{ "pages_unknown", dbl(b[7], 64, r->punknown,
				    2) },
			};

			for (i = 0; i < nitems(f); i++)
				row(out, f[i], 2, 0x3);
		}
		break;
	}
	case 6: {
		static const char *const h[] = { "vendor", "model", "kind",
		    "devices" };

		row(out, h, nitems(h), 0);
		for (i = 0; i < r->nmodels; i++) {
			const char *f[4] = { r->models[i].vendor,
			    r->models[i].model, r->models[i].colour ?
			    "colour" : "mono", i64(b[0], 64, r->models[i].n) };

			row(out, f, 4, 0x8);
		}
		break;
	}
	}
}

/* ---- Reading ---- */

static void
skip_line(struct report_csv_in *in)
{
	while (in->pos < in->len && in->s[in->pos] != '\n')
		in->pos++;
	if (in->pos < in->len) {
		in->pos++;
		in->line++;
	}
}

int
report_csv_read(struct report_csv_in *in, char **f, int max, int *n,
    int *line, const char **why)
{
	struct fa_buf	 b = FA_BUF_INIT;
	const char	*s = in->s;
	size_t		 len = in->len;
	int		 k = 0, quoted, qline;
	char		 c;

	*n = 0;
	*why = NULL;
	if (in->pos == 0 && len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		in->pos = 3;
	/* blank and comment lines */
	for (;;) {
		if (in->pos >= len)
			return 0;
		c = s[in->pos];
		if (c == '#' || c == '\n' || (c == '\r' && in->pos + 1 < len &&
		    s[in->pos + 1] == '\n'))
			skip_line(in);
		else
			break;
	}
	*line = in->line;
	for (;;) {			/* one field */
		b.len = 0;
		fa_buf_add(&b, "", 0);
		quoted = in->pos < len && s[in->pos] == '"';
		qline = in->line;
		if (quoted) {
			in->pos++;
			for (;;) {
				if (in->pos >= len) {
					*why = "a quoted field is not closed "
					    "(a \" missing)";
					*line = qline;
					goto bad;
				}
				c = s[in->pos++];
				if (c == '"') {
					if (in->pos < len &&
					    s[in->pos] == '"') {
						fa_buf_add(&b, "\"", 1);
						in->pos++;
						continue;
					}
					break;
				}
				if (c == '\n')
					in->line++;
				fa_buf_add(&b, &c, 1);
			}
			if (in->pos < len && s[in->pos] != ',' &&
			    s[in->pos] != '\n' && !(s[in->pos] == '\r' &&
			    (in->pos + 1 == len || s[in->pos + 1] == '\n'))) {
				*why = "text after a closing quote (a quote "
				    "inside a quoted field is written twice)";
				*line = in->line;
				goto bad;
			}
		} else {
			while (in->pos < len && (c = s[in->pos]) != ',' &&
			    c != '\n') {
				if (c == '"') {
					*why = "a quote inside a field that "
					    "does not start with one (quote "
					    "the field and write the quote "
					    "twice)";
					*line = in->line;
					goto bad;
				}
				if (c == '\r' && (in->pos + 1 == len ||
				    s[in->pos + 1] == '\n')) {
					in->pos++;
					continue;
				}
				fa_buf_add(&b, &c, 1);
				in->pos++;
			}
		}
		if (in->pos < len && s[in->pos] == '\r')
			in->pos++;	/* a CR before the LF */
		if (k == max) {
			*why = "too many fields";
			*line = in->line;
			goto bad;
		}
		f[k++] = fa_strdup(b.s ? b.s : "");
		if (in->pos >= len)
			break;
		if (s[in->pos] == '\n') {
			in->pos++;
			in->line++;
			break;
		}
		in->pos++;		/* the comma */
		if (in->pos >= len) {	/* "a,": an empty last field */
			if (k == max) {
				*why = "too many fields";
				goto bad;
			}
			f[k++] = fa_strdup("");
			break;
		}
	}
	fa_buf_release(&b);
	*n = k;
	return 1;
bad:
	fa_buf_release(&b);
	while (k > 0)
		free(f[--k]);
	/* go on after this line, should a caller want to */
	skip_line(in);
	return -1;
}

static char *
trimmed(char *s)
{
	size_t	n = strlen(s), i = 0;

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (isspace((unsigned char)s[i]))
		i++;
	memmove(s, s + i, n - i + 1);
	if (s[0] == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

int
report_csv_row(struct report_csv_in *in, const char *name,
    const char *header, char **f, int max, int *line, struct fa_err *e)
{
	struct fa_buf	 h;
	const char	*why;
	int		 got, n, k, bad;

	for (;;) {
		got = report_csv_read(in, f, max, &n, line, &why);
		if (got == 0)
			return 0;
		if (got < 0)
			return fa_errf(e, "%s line %d: %s", name, *line, why);
		for (k = 0; k < n; k++)
			f[k] = trimmed(f[k]);
		for (; k < max; k++)
			f[k] = NULL;
		if (in->header)
			return 1;
		in->header = 1;
		memset(&h, 0, sizeof(h));
		for (k = 0; k < n; k++)
			fa_buf_printf(&h, "%s%s", k ? "," : "",
			    f[k] ? f[k] : "");
		bad = h.s == NULL || strcmp(h.s, header) != 0;
		fa_buf_release(&h);
		for (k = 0; k < max; k++)
			free(f[k]);
		if (bad)
			return fa_errf(e, "%s line %d: the first row must be "
			    "%s", name, *line, header);
	}
}

int
report_csv_amount(const char *s, double *v)
{
	char	*end;

	if (s == NULL)
		return -1;
	*v = strtod(s, &end);
	return *end != '\0' || end == s || !isfinite(*v) || *v < 0 ? -1 : 0;
}

void
report_csv_cell(struct fa_buf *b, const char *s, int last)
{
	report_csv_field(b, s);
	fa_buf_add(b, last ? "\r\n" : ",", last ? 2 : 1);
}

void
report_csv_money(struct fa_buf *b, double v, int decimals, int last)
{
	char	buf[64];

	if (!isnan(v)) {
		snprintf(buf, sizeof(buf), "%.*f", decimals, v);
		fa_buf_puts(b, buf);
	}
	fa_buf_add(b, last ? "\r\n" : ",", last ? 2 : 1);
}
