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
