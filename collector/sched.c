/*
 * sched.c: scan kinds and intervals (sched.h).
 */
#include <stdio.h>
#include <string.h>

#include "../cli/util.h"
#include "sched.h"

#define MIN	60
#define HOUR	3600
#define DAY	86400

const struct sched_limit sched_limits[SCHED_NKINDS] = {
	[SCHED_DISCOVERY] =	{ "discovery", 60 * MIN, 10 * MIN, 7 * DAY },
	[SCHED_METERS] =	{ "meters", 24 * HOUR, 30 * MIN, 14 * DAY },
	[SCHED_SUPPLIES] =	{ "supplies", 4 * HOUR, 30 * MIN, 7 * DAY },
	[SCHED_ERRORS] =	{ "errors", 60 * MIN, 30 * MIN, 7 * DAY },
	[SCHED_ATTRIBUTES] =	{ "attributes", 24 * HOUR, 1 * HOUR, 14 * DAY },
};

void
sched_defaults(int64_t iv[SCHED_NKINDS])
{
	int	k;

	for (k = 0; k < SCHED_NKINDS; k++)
		iv[k] = sched_limits[k].def;
}

void
sched_fmt(int64_t s, char *buf, size_t len)
{
	if (s >= DAY && s % DAY == 0)
		snprintf(buf, len, "%lldd", (long long)(s / DAY));
	else if (s >= HOUR && s % HOUR == 0)
		snprintf(buf, len, "%lldh", (long long)(s / HOUR));
	else if (s >= MIN && s % MIN == 0)
		snprintf(buf, len, "%lldm", (long long)(s / MIN));
	else
		snprintf(buf, len, "%llds", (long long)s);
}

int
sched_parse_interval(const char *spec, int64_t iv[SCHED_NKINDS],
    struct fa_err *e)
{
	const char	*eq = strchr(spec, '=');
	char		 kind[32], lo[16], hi[16];
	long long	 ms;
	size_t		 n;
	int		 k;
	struct fa_err	 e2;

	if (eq == NULL || (n = (size_t)(eq - spec)) == 0 || n >= sizeof(kind))
		return fa_errf(e, "interval: '%s' is not KIND=DURATION", spec);
	memcpy(kind, spec, n);
	kind[n] = '\0';
	for (k = 0; k < SCHED_NKINDS; k++)
		if (strcmp(kind, sched_limits[k].name) == 0)
			break;
	if (k == SCHED_NKINDS)
		return fa_errf(e, "interval: unknown kind '%s' (discovery, "
		    "meters, supplies, errors, attributes)", kind);
	sched_fmt(sched_limits[k].min, lo, sizeof(lo));
	sched_fmt(sched_limits[k].max, hi, sizeof(hi));
	if (fa_parse_duration_ms(eq + 1, 1000, 366LL * DAY * 1000, &ms,
	    kind, &e2) != 0 || ms % 1000 != 0)
		return fa_errf(e, "interval %s: '%s' is not a duration (90s, "
		    "30m, 4h, 7d)", kind, eq + 1);
	if (ms / 1000 < sched_limits[k].min || ms / 1000 >
	    sched_limits[k].max)
		return fa_errf(e, "interval %s: '%s' is out of range (%s to "
		    "%s)", kind, eq + 1, lo, hi);
	iv[k] = ms / 1000;
	return 0;
}
