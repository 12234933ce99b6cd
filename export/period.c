/*
 * period.c: periods and scales shared by the report and the hub's web
 * view (period.h).
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include "../cli/util.h"
#include "period.h"
#include "report.h"

int64_t
period_months_back(int64_t t, int n)
{
	struct tm	tm;

	fa_gmtime(t, &tm);
	tm.tm_mon -= n;
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	return fa_timegm(&tm);
}

double
period_nice(double v)
{
	double	p = 1;

	if (!(v > 0))
		return 1;
	while (p * 10 <= v)
		p *= 10;
	while (p > v)
		p /= 10;
	return v <= p ? p : v <= 2 * p ? 2 * p : v <= 5 * p ? 5 * p : 10 * p;
}

double
period_straight_days(int64_t first_level, int64_t last_level, int64_t t0,
    int64_t t1)
{
	double	rate;

	if (first_level < 0 || last_level < 0 || last_level >= first_level ||
	    t1 - t0 < (int64_t)REPORT_DTE_MIN_DAYS * REPORT_DAY)
		return NAN;
	rate = (double)(first_level - last_level) /
	    ((double)(t1 - t0) / REPORT_DAY);
	return (double)last_level / rate;
}
