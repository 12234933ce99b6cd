/*
 * test_hubperiod.c: unit tests for the arithmetic the report and the
 * hub's web view share (export/period.c) and the device page's meter
 * history chart (export/hub/hubchart.c): where a year to now starts
 * (month and year boundaries, leap days), nice axis values, the
 * chart's value axis, readings
 * sorted by time, and the chart's geometry rendered through a template.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../export/hub/hubchart.h"
#include "../../export/period.h"
#include "../../export/report.h"
#include "../../export/template.h"
#include "unit.h"

/* 2026-11-25T15:02:37Z and friends (date -u -d ... +%s). */
#define T_2026_11_25	1795618957LL	/* 15:02:37 */
#define T_2026_12_01	1796083200LL	/* 00:00:00 */
#define T_2025_12_01	1764547200LL
#define T_2026_01_01	1767225600LL
#define T_2025_01_01	1735689600LL
#define T_2024_03_01	1709251200LL
#define T_2024_02_01	1706745600LL
#define T_2024_02_29	1709164800LL	/* 00:00:00, a leap day */
#define T_2024_01_01	1704067200LL

static void
test_months_back(void)
{
	/* a report to now: the 12 months ending with this one */
	CHECK(period_months_back(T_2026_11_25, 11) == T_2025_12_01);
	CHECK(period_months_back(T_2026_11_25, 0) == T_2026_11_25 -
	    (24 * 86400 + 15 * 3600 + 2 * 60 + 37));
	/* "to" at a month's first second: the month before is the last */
	CHECK(period_months_back(T_2026_12_01 - 1, 11) == T_2025_12_01);
	CHECK(period_months_back(T_2026_12_01, 11) == T_2026_01_01);
	/* across years and more than twelve months */
	CHECK(period_months_back(T_2026_01_01, 12) == T_2025_01_01);
	CHECK(period_months_back(T_2026_01_01, 24) == T_2024_01_01);
	/* a leap day: its month, and one back */
	CHECK(period_months_back(T_2024_02_29 + 3600, 0) == T_2024_02_01);
	CHECK(period_months_back(T_2024_03_01, 1) == T_2024_02_01);
	CHECK(period_months_back(T_2024_03_01, 0) == T_2024_03_01);
}

static void
test_nice(void)
{
	CHECK(period_nice(1) == 1);
	CHECK(period_nice(1.5) == 2);
	CHECK(period_nice(2) == 2);
	CHECK(period_nice(2.01) == 5);
	CHECK(period_nice(7) == 10);
	CHECK(period_nice(132.5) == 200);
	CHECK(period_nice(4999) == 5000);
	CHECK(period_nice(50001) == 100000);
	CHECK(fabs(period_nice(0.03) - 0.05) < 1e-12);
	CHECK(period_nice(0) == 1 && period_nice(-3) == 1 &&
	    period_nice(NAN) == 1);
}

static void
test_axis(void)
{
	double	lo, hi, step;

	hubchart_axis(1000, 1530, &lo, &hi, &step);
	CHECK(step == 200 && lo == 1000 && hi == 1800);
	hubchart_axis(1030, 1990, &lo, &hi, &step);
	CHECK(step == 500 && lo == 1000 && hi == 3000);
	/* four steps from the floor fall short: up to the next step */
	hubchart_axis(15, 85, &lo, &hi, &step);
	CHECK(step == 20 && lo == 0 && hi == 100);
	/* whole numbers: a step of 1 at least, so no label repeats (12345
	 * and 12345.5 both read "12,345" at "%.0f") */
	hubchart_axis(0, 1, &lo, &hi, &step);
	CHECK(step == 1 && lo == 0 && hi == 4);
	/* one value: a span of 1 */
	hubchart_axis(12345, 12345, &lo, &hi, &step);
	CHECK(step == 1 && lo == 12345 && hi == 12349);
}

static void
test_series(void)
{
	struct hubchart_series	s = { "total", NULL, NULL, 0, 0 };
	size_t			i;
	int			sorted = 1;

	hubchart_add(&s, 30, 3);
	hubchart_add(&s, -1, 99);	/* unknown time: left out */
	hubchart_add(&s, 10, 1);
	hubchart_add(&s, 20, 2);
	for (i = 0; i < 100; i++)	/* past the first allocation */
		hubchart_add(&s, 1000 - (int64_t)i, 5);
	hubchart_sort(&s);
	CHECK(s.n == 103);
	for (i = 1; i < s.n; i++)
		sorted &= s.t[i - 1] <= s.t[i];
	CHECK(sorted);
	CHECK(s.t[0] == 10 && s.v[0] == 1 && s.t[1] == 20 && s.v[1] == 2 &&
	    s.t[2] == 30 && s.v[2] == 3);
	hubchart_release(&s);
	CHECK(s.t == NULL && s.n == 0);
}

/* The chart's template data rendered with a small template. */
static char *
chart_text(const struct hubchart_series *s, size_t n)
{
	static const char tpl[] = "{{#chart}}{{#ticks}}{{label}}@{{y}} "
	    "{{/ticks}}|{{#xlabels}}{{label}} {{/xlabels}}|{{#lines}}"
	    "{{name}}={{points}};{{/lines}}{{/chart}}{{^chart}}none"
	    "{{/chart}}";
	struct tpl_node	*root = tpl_obj();
	struct fa_buf	 out = FA_BUF_INIT;
	struct fa_err	 e;

	hubchart_fill(root, s, n);
	if (tpl_render_text(tpl, strlen(tpl), root, &out, &e) != 0)
		fa_bug("chart_text: %s", e.msg);
	tpl_free(root);
	return fa_buf_steal(&out);
}

static void
test_chart(void)
{
	struct hubchart_series	s[2] = { { "total", NULL, NULL, 0, 0 },
		{ "mono", NULL, NULL, 0, 0 } };
	char			*t;

	t = chart_text(s, 2);
	CHECK(strcmp(t, "none") == 0);
	free(t);
	/* 2026-11-25 to 2026-12-01 (00:00), 1000 to 1530 pages */
	hubchart_add(&s[0], T_2026_11_25, 1000);
	hubchart_add(&s[0], T_2026_12_01, 1530);
	t = chart_text(s, 2);
	/* five ticks 1000..1800 from the bottom (y 210) to the top (10) */
	CHECK(strstr(t, "1,000@210.0 1,200@160.0 1,400@110.0 1,600@60.0 "
	    "1,800@10.0 |") == t);
	CHECK(strstr(t, "|2026-11-25 ") != NULL &&
	    strstr(t, " 2026-12-01 |") != NULL);
	/* the line from the left edge at 1000 to the right at 1530; no
	 * line for a series without readings */
	CHECK(strstr(t, "|total=70.0,210.0 706.0,77.5;") != NULL);
	CHECK(strstr(t, "mono=") == NULL);
	free(t);
	hubchart_release(&s[0]);
	/* one day, one value: no label twice on either axis */
	hubchart_add(&s[0], T_2026_12_01, 12345);
	hubchart_add(&s[0], T_2026_12_01 + 3600, 12345);
	t = chart_text(s, 2);
	CHECK(strstr(t, "12,345@210.0 12,346@") == t);
	CHECK(strstr(t, "|2026-12-01 |") != NULL);
	free(t);
	hubchart_release(&s[0]);
}

static char *
volume_text(const struct hubchart_series *m, const struct hubchart_series *c)
{
	static const char tpl[] = "{{#volume}}{{#bars}}{{label}}:{{mono}}+"
	    "{{colour}} {{/bars}}|{{#ticks}}{{label}} {{/ticks}}{{/volume}}"
	    "{{^volume}}none{{/volume}}";
	struct tpl_node	*root = tpl_obj();
	struct fa_buf	 out = FA_BUF_INIT;
	struct fa_err	 e;

	hubchart_volume(root, m, c, T_2026_12_01 + 86400);
	if (tpl_render_text(tpl, strlen(tpl), root, &out, &e) != 0)
		fa_bug("volume_text: %s", e.msg);
	tpl_free(root);
	return fa_buf_steal(&out);
}

/* Monthly volume: the report's proration, mono and colour bars. */
static void
test_volume(void)
{
	struct hubchart_series	m = { "mono", NULL, NULL, 0, 0 };
	struct hubchart_series	c = { "colour", NULL, NULL, 0, 0 };
	int64_t			oct1 = T_2026_12_01 - 61 * 86400, i;
	char			*t;

	t = volume_text(&m, &c);
	CHECK(strcmp(t, "none") == 0);
	free(t);
	/* 100 mono and 10 colour pages a day, October and November */
	for (i = 0; i <= 61; i += i < 60 ? 10 : 1) {
		hubchart_add(&m, oct1 + i * 86400, 100 * i);
		hubchart_add(&c, oct1 + i * 86400, 500 + 10 * i);
	}
	t = volume_text(&m, &c);
	CHECK(strstr(t, "2026-10:3,100+310 2026-11:3,000+300 |") == t);
	/* its axis from 0, each label once */
	CHECK(strstr(t, "|0 1,000 2,000 3,000 4,000 ") != NULL);
	free(t);
	hubchart_release(&m);
	hubchart_release(&c);
}

int
main(void)
{
	RUN(test_months_back);
	RUN(test_nice);
	RUN(test_axis);
	RUN(test_series);
	RUN(test_chart);
	RUN(test_volume);
	return unit_any_failed;
}
