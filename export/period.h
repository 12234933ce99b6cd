/*
 * period.h: the arithmetic of periods and scales that the report
 * (cli/cmd_report.c, export/report_html.c) and the hub's web view
 * (export/hub/hubweb.c, export/hub/hubchart.c) share, written once: where
 * a default report period starts, a "nice" step for a chart's axis, and
 * a cartridge's days to empty on a straight line.
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

/*
 * Days to empty of a cartridge on a straight line from its first level
 * (percent, at t0) to its last (at t1): NAN when either level is unknown
 * (below 0), the level did not fall, or t0 to t1 is shorter than
 * REPORT_DTE_MIN_DAYS (the report's own minimum, report.h).  For lists
 * that read no level history; the report's estimate is
 * report_days_to_empty().
 */
double	period_straight_days(int64_t first_level, int64_t last_level,
	    int64_t t0, int64_t t1);

#endif
