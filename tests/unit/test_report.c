/*
 * test_report.c: the report's math (export/report.h) with numbers worked
 * out by hand: month bounds, proration split at month boundaries, gaps
 * and excluded steps, Theil-Sen days to empty on a staircase, a shaken
 * toner bump and too short a history; and the model from a hand-made
 * device (volumes, mono pages of a mono device, summary counts).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../cli/util.h"
#include "../../export/report.h"
#include "../../export/report_csv.h"
#include "unit.h"

#define DAY	86400
#define CLOSE_TO(a, b)	(fabs((a) - (b)) < 1e-9)

static int64_t
ymd(int y, int m, int d)
{
	struct tm	tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	return fa_timegm(&tm);
}

static void
test_months(void)
{
	int64_t	b[8];
	size_t	n = 0;

	CHECK(report_months(ymd(2026, 1, 15), ymd(2026, 3, 10), b, 7,
	    &n) == 0);
	CHECK(n == 3);
	CHECK(b[0] == ymd(2026, 1, 1));
	CHECK(b[1] == ymd(2026, 2, 1));
	CHECK(b[2] == ymd(2026, 3, 1));
	CHECK(b[3] == ymd(2026, 4, 1));
	/* an end exactly at a month start adds no empty month */
	CHECK(report_months(ymd(2025, 12, 1), ymd(2026, 2, 1), b, 7,
	    &n) == 0);
	CHECK(n == 2);
	CHECK(b[2] == ymd(2026, 2, 1));
	CHECK(report_months(ymd(2020, 1, 1), ymd(2026, 1, 1), b, 7, &n) ==
	    -1);
}

struct seen {
	int	kinds[4];
};

static void
count_cb(int kind, const struct report_reading *a,
    const struct report_reading *b, void *arg)
{
	struct seen *s = arg;

	(void)a;
	(void)b;
	s->kinds[kind]++;
}

static void
test_prorate(void)
{
	/*
	 * Jan 21 -> Feb 10: 2000 pages over 20 days: January holds 11 days
	 * (1100 pages), February 9 (900).  Feb 10 -> Feb 20: 500 pages,
	 * all February.  Feb 20 -> Feb 25 flagged: left out.  Feb 25 ->
	 * Mar 2 a decrease: left out.  Mar 2 -> Apr 11 (40 days): a gap.
	 */
	struct report_reading r[] = {
		{ ymd(2026, 1, 21), 1000, 0, 1 },
		{ ymd(2026, 2, 10), 3000, 0, 2 },
		{ ymd(2026, 2, 20), 3500, 0, 3 },
		{ ymd(2026, 2, 25), 9000, 1, 4 },
		{ ymd(2026, 3, 2), 100, 0, 5 },
		{ ymd(2026, 4, 11), 900, 0, 6 },
	};
	int64_t	b[6];
	size_t	n;
	double	pages[5] = { 0 }, secs[5] = { 0 }, sum;
	struct seen s;

	memset(&s, 0, sizeof(s));
	CHECK(report_months(ymd(2026, 1, 1), ymd(2026, 5, 1), b, 5, &n) ==
	    0);
	CHECK(n == 4);
	sum = report_prorate(r, nitems(r), b, n, ymd(2026, 1, 1),
	    ymd(2026, 5, 1), pages, secs, count_cb, &s);
	CHECK(CLOSE_TO(sum, 2500));
	CHECK(CLOSE_TO(pages[0], 1100));
	CHECK(CLOSE_TO(secs[0], 11.0 * DAY));
	CHECK(CLOSE_TO(pages[1], 1400));
	CHECK(CLOSE_TO(secs[1], 19.0 * DAY));
	CHECK(CLOSE_TO(pages[2], 0) && CLOSE_TO(secs[2], 0));
	CHECK(CLOSE_TO(pages[3], 0) && CLOSE_TO(secs[3], 0));
	CHECK(s.kinds[REPORT_STEP_OK] == 2);
	CHECK(s.kinds[REPORT_STEP_FLAGGED] == 1);
	CHECK(s.kinds[REPORT_STEP_DECREASE] == 1);
	CHECK(s.kinds[REPORT_STEP_GAP] == 1);

	/* Clipped to [Feb 1, Feb 15): 900 of the first step (Feb 1-10)
	 * and 5 of the 10 days of the second (250). */
	memset(pages, 0, sizeof(pages));
	memset(secs, 0, sizeof(secs));
	sum = report_prorate(r, 3, b, n, ymd(2026, 2, 1), ymd(2026, 2, 15),
	    pages, secs, NULL, NULL);
	CHECK(CLOSE_TO(sum, 1150));
	CHECK(CLOSE_TO(pages[0], 0));
	CHECK(CLOSE_TO(pages[1], 1150));
	CHECK(CLOSE_TO(secs[1], 14.0 * DAY));
}

static void
fill(struct report_level *l, int64_t t0, const int *days, const int *lv,
    size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		l[i].t = t0 + (int64_t)days[i] * DAY;
		l[i].level = lv[i];
	}
}

static void
test_dte_staircase(void)
{
	/* Coarse 25 % steps, read daily: 100 for days 0-9, 75 for 10-19,
	 * 50 from 20; last seen day 25.  Points (0,100) (10,75) (20,50):
	 * slope -2.5/day, intercept 100, empty at day 40: 15 days left. */
	struct report_level l[26];
	struct report_dte d;
	int	i;

	for (i = 0; i <= 25; i++) {
		l[i].t = ymd(2026, 3, 1) + (int64_t)i * DAY;
		l[i].level = i < 10 ? 100 : i < 20 ? 75 : 50;
	}
	report_days_to_empty(l, 26, l[25].t, &d);
	CHECK(d.status == REPORT_DTE_OK);
	CHECK(d.points == 3);
	CHECK(CLOSE_TO(d.slope, -2.5));
	CHECK(CLOSE_TO(d.days, 15));
	CHECK(CLOSE_TO(d.history_days, 25));
	CHECK(CLOSE_TO(d.confidence, 1));
	CHECK(d.empty_at == ymd(2026, 3, 1) + 40 * DAY);
}

static void
test_dte_bump(void)
{
	/* Days 0, 5, 10, 15, 20: 50, 45, 48 (shaken), 35, 30.  The ten
	 * pairwise slopes sorted: -2.6 -1.8 -1 -1 -1 -1 -1 -1 -0.2 0.6,
	 * median -1; level + t: 50 50 58 50 50, median 50: empty at day
	 * 50, 30 days after day 20.  9 pairs fall, 1 rises: 0.8. */
	static const int days[] = { 0, 5, 10, 15, 20 };
	static const int lv[] = { 50, 45, 48, 35, 30 };
	struct report_level l[5];
	struct report_dte d;

	fill(l, ymd(2026, 6, 1), days, lv, 5);
	report_days_to_empty(l, 5, l[4].t, &d);
	CHECK(d.status == REPORT_DTE_OK);
	CHECK(d.points == 5);
	CHECK(CLOSE_TO(d.slope, -1));
	CHECK(CLOSE_TO(d.days, 30));
	CHECK(CLOSE_TO(d.confidence, 0.8));
	CHECK(CLOSE_TO(d.history_days, 20));
}

static void
test_dte_short(void)
{
	static const int days[] = { 0, 3, 6 };
	static const int lv[] = { 50, 40, 30 };
	static const int days2[] = { 0, 30 };
	static const int lv2[] = { 50, 40 };
	static const int lv3[] = { 40, 45, 50 };
	static const int days3[] = { 0, 10, 20 };
	struct report_level l[3];
	struct report_dte d;

	/* three levels over 6 days: under the 7-day minimum */
	fill(l, ymd(2026, 6, 1), days, lv, 3);
	report_days_to_empty(l, 3, l[2].t, &d);
	CHECK(d.status == REPORT_DTE_SHORT);
	CHECK(CLOSE_TO(d.history_days, 6));
	/* ...but the same seen unchanged 2 more days is enough: 8 days,
	 * slope -10/3 per day, empty at day 15, 7 days after day 8 */
	report_days_to_empty(l, 3, l[2].t + 2 * DAY, &d);
	CHECK(d.status == REPORT_DTE_OK);
	CHECK(CLOSE_TO(d.days, 7));
	/* two levels only, over 30 days: a long history whose level moved
	 * too little, never "not enough history" */
	fill(l, ymd(2026, 6, 1), days2, lv2, 2);
	report_days_to_empty(l, 2, l[1].t, &d);
	CHECK(d.status == REPORT_DTE_FEW);
	CHECK(d.points == 2);
	/* ...and over 5 days: not enough history */
	report_days_to_empty(l, 1, l[0].t + 5 * DAY, &d);
	CHECK(d.status == REPORT_DTE_SHORT);
	/* rising: not falling */
	fill(l, ymd(2026, 6, 1), days3, lv3, 3);
	report_days_to_empty(l, 3, l[2].t, &d);
	CHECK(d.status == REPORT_DTE_FLAT);
	/* nothing */
	report_days_to_empty(l, 0, 0, &d);
	CHECK(d.status == REPORT_DTE_NONE);
}

/* report_levels_days() and report_supply_days(): the one method every
 * view uses.  The staircase of test_dte_staircase (empty at day 40, 15
 * days after the last read on day 25), its readings given newest first:
 * the same line; judged on day 25 and 30 nothing more; on day 33 stale
 * (last read more than 7 days before); on day 41 overdue and stale; a
 * waste box has no days. */
static void
test_supply_days(void)
{
	int64_t			 d0 = ymd(2026, 3, 1);
	struct report_level	 l[26], s[26];
	struct store_rlevel	 sl[26];
	struct store_rsupply	 sp;
	struct report_dte	 ref;
	struct report_sdays	 x;
	int			 i;

	for (i = 0; i <= 25; i++) {
		s[i].t = d0 + (int64_t)i * DAY;
		s[i].level = i < 10 ? 100 : i < 20 ? 75 : 50;
		l[25 - i] = s[i];
		sl[25 - i].time = s[i].t;
		sl[25 - i].percent = s[i].level;
	}
	report_days_to_empty(s, 26, s[25].t, &ref);
	report_levels_days(l, 26, s[25].t, d0 + 25 * DAY, &x);
	CHECK(l[0].t == d0 && l[25].t == d0 + 25 * DAY);	/* sorted */
	CHECK(x.dte.status == REPORT_DTE_OK && CLOSE_TO(x.dte.days, 15));
	CHECK(x.dte.empty_at == ref.empty_at && x.dte.empty_at ==
	    d0 + 40 * DAY);
	CHECK(CLOSE_TO(x.dte.slope, ref.slope) && x.dte.points == ref.points);
	CHECK(!x.overdue && !x.stale);

	memset(&sp, 0, sizeof(sp));
	sp.class = "consumed";
	sp.percent = 50;
	sp.last_seen = s[25].t;
	sp.levels = sl;
	sp.nlevels = 26;
	report_supply_days(&sp, d0 + 30 * DAY, &x);
	CHECK(x.dte.status == REPORT_DTE_OK && CLOSE_TO(x.dte.days, 15));
	CHECK(!x.overdue && !x.stale);
	report_supply_days(&sp, d0 + 33 * DAY, &x);
	CHECK(!x.overdue && x.stale);
	report_supply_days(&sp, d0 + 41 * DAY, &x);
	CHECK(x.overdue && x.stale && CLOSE_TO(x.dte.days, 15));
	report_supply_days(&sp, 0, &x);		/* not judged */
	CHECK(!x.overdue && !x.stale && x.dte.status == REPORT_DTE_OK);
	sp.class = "filled";
	report_supply_days(&sp, d0 + 41 * DAY, &x);
	CHECK(x.dte.status == REPORT_DTE_NONE && !x.overdue);
	/* the store's levels are left as they were */
	CHECK(sl[0].time == d0 + 25 * DAY);
}

static void
test_model(void)
{
	/* A mono device read on Jan 21 (1000), Feb 10 (3000) and Feb 20
	 * (3500), with one toner falling 10 points every 10 days; a colour
	 * device in error (critical alert) with split counters. */
	struct store_rread r1[] = {
		{ 1, ymd(2026, 1, 21), 1000, DEV_NONE, DEV_NONE },
		{ 2, ymd(2026, 2, 10), 3000, DEV_NONE, DEV_NONE },
		{ 3, ymd(2026, 2, 20), 3500, DEV_NONE, DEV_NONE },
	};
	struct store_rlevel lv[] = {
		{ ymd(2026, 1, 21), 60 }, { ymd(2026, 1, 31), 50 },
		{ ymd(2026, 2, 10), 40 },
	};
	struct store_rsupply s1 = { 1, "Black Toner", "toner", "consumed",
	    "black", "ok", "CF259A", "S1", 40, ymd(2026, 1, 21),
	    ymd(2026, 2, 20), lv, 3 };
	struct store_rread r2[] = {
		{ 10, ymd(2026, 2, 1), 100, 60, 40 },
		{ 11, ymd(2026, 2, 11), 200, 140, 60 },
	};
	struct store_ralert a2 = { "critical", "jam", "mediaPath",
	    "Paper jam", ymd(2026, 2, 11), ymd(2026, 2, 11), 1 };
	struct store_rdev d1, d2;
	struct report r;
	struct fa_err e;

	memset(&d1, 0, sizeof(d1));
	d1.id = 1;
	d1.address = "192.0.2.20";
	d1.vendor = "HP";
	d1.model = "M404";
	d1.last_seen = ymd(2026, 2, 25);
	d1.reads = r1;
	d1.nreads = 3;
	d1.supplies = &s1;
	d1.nsupplies = 1;
	memset(&d2, 0, sizeof(d2));
	d2.id = 2;
	d2.address = "192.0.2.3";
	d2.vendor = "Ricoh";
	d2.model = "IM C3000";
	d2.last_seen = ymd(2026, 2, 11);
	d2.colour_meter = 1;
	d2.reads = r2;
	d2.nreads = 2;
	d2.alerts = &a2;
	d2.nalerts = 1;

	CHECK(report_init(&r, ymd(2026, 1, 1), ymd(2026, 3, 1),
	    ymd(2026, 3, 1), "test", &e) == 0);
	CHECK(r.nmonths == 2);
	CHECK(CLOSE_TO(r.months[0].days, 31) && CLOSE_TO(r.months[1].days, 28));
	CHECK(report_add(&d1, &r, &e) == 0);
	CHECK(report_add(&d2, &r, &e) == 0);
	report_finish(&r);
	CHECK(r.ndevs == 2);
	/* sorted by address: 192.0.2.3 first */
	CHECK(r.devs[0].id == 2 && r.devs[1].id == 1);
	CHECK(CLOSE_TO(r.devs[1].vol[0].total, 1100));
	CHECK(CLOSE_TO(r.devs[1].vol[0].mono, 1100));
	CHECK(CLOSE_TO(r.devs[1].vol[0].colour, 0));
	CHECK(CLOSE_TO(r.devs[1].vol[0].days_covered, 11));
	CHECK(CLOSE_TO(r.devs[1].vol[1].total, 1400));
	CHECK(CLOSE_TO(r.devs[1].vol[1].days_covered, 19));
	CHECK(isnan(r.devs[0].vol[0].total));
	CHECK(CLOSE_TO(r.devs[0].vol[1].colour, 20));
	CHECK(CLOSE_TO(r.devs[0].vol[1].mono, 80));
	CHECK(CLOSE_TO(r.mtotal[1], 1500));
	CHECK(CLOSE_TO(r.mmono[1], 1480));
	CHECK(CLOSE_TO(r.mcolour[1], 20));
	CHECK(r.ncolour == 1 && r.nmono == 1);
	CHECK(r.nin_error == 1 && r.nwith_alerts == 1);
	/* the toner: 60 50 40 at days 0 10 20, -1/day, last seen day 30
	 * at 40 %: empty on day 60, 30 days after: running out */
	CHECK(r.devs[1].sup[0].dte.status == REPORT_DTE_OK);
	CHECK(CLOSE_TO(r.devs[1].sup[0].dte.days, 30));
	CHECK(r.nsoon == 1 && r.nlow == 0);
	CHECK(r.nmodels == 2);
	/* device 2 last seen Feb 11, over 7 days before Mar 1 */
	CHECK(r.nstale == 1 && r.devs[0].stale);
	/* the colour device gives a split: nothing "split not known";
	 * the mono device's pages are mono */
	CHECK(CLOSE_TO(r.munknown[1], 0) && CLOSE_TO(r.devs[1].vol[0].unknown, 0));
	CHECK(r.mreadings[0] == 1 && r.mreadings[1] == 2);
	CHECK(CLOSE_TO(r.ptotal, 2600) && CLOSE_TO(r.pmono, 2580) &&
	    CLOSE_TO(r.pcolour, 20));
	report_release(&r);
}

static void
test_words(void)
{
	char	b[64];

	CHECK(strcmp(report_words_code("jam", b, sizeof(b)), "Paper jam") == 0);
	CHECK(strcmp(report_words_code("fuserOverTemp", b, sizeof(b)),
	    "Fuser over temp") == 0);
	CHECK(strcmp(report_words_code("USBPortError", b, sizeof(b)),
	    "USB port error") == 0);
	CHECK(report_words_code(NULL, b, sizeof(b)) == NULL);
	CHECK(strcmp(report_level_state(2, "ok"), "low") == 0);
	CHECK(strcmp(report_level_state(0, "ok"), "empty") == 0);
	CHECK(strcmp(report_level_state(40, "ok"), "ok") == 0);
	CHECK(report_level_state(-1, NULL) == NULL);
	CHECK(report_error_bit_stops("doorOpen") &&
	    report_error_bit_stops("noPaper") &&
	    !report_error_bit_stops("lowToner") &&
	    !report_error_bit_stops("inputTrayEmpty"));
}

static void
test_unknown_split(void)
{
	/* A colour device (cyan supply) without split counters: its pages
	 * are "split not known", never mono; a month without readings of
	 * any device is NAN, never 0. */
	struct store_rread rd[] = {
		{ 1, ymd(2026, 1, 1), 1000, DEV_NONE, DEV_NONE },
		{ 2, ymd(2026, 1, 11), 2000, DEV_NONE, DEV_NONE },
	};
	struct store_rsupply sp = { 1, "Cyan", "toner", "consumed", "cyan",
	    "ok", "C1", NULL, 2, ymd(2026, 1, 1), ymd(2026, 1, 11), NULL, 0 };
	struct store_rdev d;
	struct report r;
	struct fa_err e;

	memset(&d, 0, sizeof(d));
	d.id = 1;
	d.address = "192.0.2.5";
	d.last_seen = ymd(2026, 1, 11);
	d.reads = rd;
	d.nreads = 2;
	d.supplies = &sp;
	d.nsupplies = 1;
	CHECK(report_init(&r, ymd(2026, 1, 1), ymd(2026, 3, 1),
	    ymd(2026, 3, 1), "test", &e) == 0);
	CHECK(report_add(&d, &r, &e) == 0);
	report_finish(&r);
	CHECK(r.ncolour == 1);
	CHECK(isnan(r.devs[0].vol[0].mono) && isnan(r.devs[0].vol[0].colour));
	CHECK(CLOSE_TO(r.devs[0].vol[0].unknown, 1000));
	CHECK(CLOSE_TO(r.mtotal[0], 1000) && CLOSE_TO(r.munknown[0], 1000) &&
	    CLOSE_TO(r.mmono[0], 0) && CLOSE_TO(r.mcolour[0], 0));
	CHECK(isnan(report_ratio(r.mmono[0], r.mcolour[0])));
	CHECK(r.mreadings[1] == 0 && isnan(r.mtotal[1]) && isnan(r.mmono[1]));
	CHECK(strcmp(r.devs[0].sup[0].level_state, "low") == 0);
	CHECK(r.nlow == 1);
	report_release(&r);
}

/* One CSV field as report_csv_field (text) or _number writes it. */
static int
csv_is(int text, const char *in, const char *want)
{
	struct fa_buf	b = FA_BUF_INIT;
	int		same;

	if (text)
		report_csv_field(&b, in);
	else
		report_csv_number(&b, in);
	fa_buf_add(&b, "", 1);
	same = strcmp(b.s, want) == 0;
	if (!same)
		printf("# '%s' -> '%s', not '%s'\n", in, b.s, want);
	fa_buf_release(&b);
	return same;
}

/* OWASP's CSV injection: text that a spreadsheet would run. */
static void
test_csv_formula(void)
{
	CHECK(csv_is(1, "=HYPERLINK(\"http://x\",\"y\")",
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""));
	CHECK(csv_is(1, "+1+2", "\"'+1+2\""));
	CHECK(csv_is(1, "-2+3", "\"'-2+3\""));
	CHECK(csv_is(1, "@SUM(A1)", "\"'@SUM(A1)\""));
	CHECK(csv_is(1, "\t=1", "\"'\t=1\""));
	CHECK(csv_is(1, "\r=1", "\"'\r=1\""));
	CHECK(csv_is(1, "-5", "\"'-5\""));
	CHECK(csv_is(1, "a=1", "a=1"));
	CHECK(csv_is(1, "Building A, floor 1", "\"Building A, floor 1\""));
	CHECK(csv_is(1, "", ""));
	CHECK(csv_is(0, "-5", "-5"));
	CHECK(csv_is(0, "-0.25", "-0.25"));
}

/* Reads every record of text; returns them joined as "f|f|f/" per record
 * with "@LINE" after each, or "ERR@LINE:why" at the first bad one. */
static char *
csv_records(const char *text)
{
	struct report_csv_in in = REPORT_CSV_IN(text, strlen(text));
	struct fa_buf	 b = FA_BUF_INIT;
	char		*f[4];
	const char	*why;
	int		 n, k, line, got;

	while ((got = report_csv_read(&in, f, 4, &n, &line, &why)) != 0) {
		if (got < 0) {
			fa_buf_printf(&b, "ERR@%d:%s", line, why);
			break;
		}
		for (k = 0; k < n; k++) {
			fa_buf_printf(&b, "%s%s", k ? "|" : "", f[k]);
			free(f[k]);
		}
		fa_buf_printf(&b, "@%d/", line);
	}
	fa_buf_add(&b, "", 1);
	return b.s;
}

static int
reads_as(const char *text, const char *want)
{
	char	*got = csv_records(text);
	int	 same = strncmp(got, want, strlen(want)) == 0 &&
		    (strstr(want, "ERR@") != NULL || strlen(got) ==
		    strlen(want));

	if (!same)
		printf("# read '%s', not '%s'\n", got, want);
	free(got);
	return same;
}

/* RFC 4180 reading (the price book and the proposal). */
static void
test_csv_read(void)
{
	/* plain, CRLF, comment and blank lines, a BOM */
	CHECK(reads_as("\xef\xbb\xbf" "a,b\r\n# c,d\r\n\r\ne,,f\n",
	    "a|b@1/e||f@4/"));
	/* quoted commas, doubled quotes, an empty quoted field */
	CHECK(reads_as("device,\"LaserJet, \"\"Pro\"\"\",\"\",10\r\n",
	    "device|LaserJet, \"Pro\"||10@1/"));
	/* a line break inside quotes: one record, the next one on line 3 */
	CHECK(reads_as("\"two\r\nlines\",x\r\ny\r\n",
	    "two\r\nlines|x@1/y@3/"));
	/* a trailing comma is an empty last field; no final line end */
	CHECK(reads_as("a,\nb", "a|@1/b@2/"));
	/* a quoted field never closed: named by the line it starts on */
	CHECK(reads_as("ok\n\"open,x\nmore\n",
	    "ok@1/ERR@2:a quoted field is not closed"));
	/* text after the closing quote */
	CHECK(reads_as("\"ab\"c,d\n", "ERR@1:text after a closing quote"));
	/* a bare quote inside an unquoted field */
	CHECK(reads_as("x\nab\"c\n", "x@1/ERR@2:a quote inside a field"));
	/* too many fields (4 at most here) */
	CHECK(reads_as("1,2,3,4,5\n", "ERR@1:too many fields"));
	CHECK(reads_as("1,2,3,4,\n", "ERR@1:too many fields"));
	CHECK(reads_as("1,2,3,4\n", "1|2|3|4@1/"));
	CHECK(reads_as("", ""));
}

int
main(void)
{
	RUN(test_months);
	RUN(test_prorate);
	RUN(test_dte_staircase);
	RUN(test_dte_bump);
	RUN(test_dte_short);
	RUN(test_supply_days);
	RUN(test_model);
	RUN(test_csv_formula);
	RUN(test_csv_read);
	RUN(test_words);
	RUN(test_unknown_split);
	return unit_any_failed;
}
