/*
 * period.h: the arithmetic of periods and scales that the report
 * (cli/cmd_report.c, export/report_html.c) and the hub's web view
 * (export/hub/hubweb.c, export/hub/hubchart.c) share, written once: where
 * a default report period starts and a "nice" step for a chart's axis.
 * (Days to empty are the report's alone, report_levels_days().)
 *
 * Pure: no store, no clock, no output.  Times are UTC epoch seconds.
 */
#ifndef FA_PERIOD_H
#define FA_PERIOD_H

#include <stdint.h>

/* The first second of the UTC month n months before the month of t (n 0:
 * t's own month; "a year to now" is period_months_back(now - 1, 11)). */
int64_t	period_months_back(int64_t t, int n);

/* The smallest "nice" value at or above v: 1, 2 or 5 times a power of
 * 10 (an axis maximum, or an axis step when v is the span over the
 * ticks); 1 when v is not above 0 or not a number. */
double	period_nice(double v);

#endif
