/*
 * sched.h: the scan kinds of "fleetaudit run" and their intervals, with
 * the defaults, minimums and maximums the product fixes (docs: README,
 * "fleetaudit run").  Times are seconds.
 */
#ifndef FA_SCHED_H
#define FA_SCHED_H

#include <stdint.h>

#include "../cli/util.h"

enum sched_kind {
	SCHED_DISCOVERY, SCHED_METERS, SCHED_SUPPLIES, SCHED_ERRORS,
	SCHED_ATTRIBUTES, SCHED_NKINDS
};

struct sched_limit {
	const char	*name;
	int64_t		 def, min, max;
};
extern const struct sched_limit sched_limits[SCHED_NKINDS];

/* Defaults into iv. */
void	sched_defaults(int64_t iv[SCHED_NKINDS]);

/*
 * "KIND=DURATION" (durations 90s, 30m, 4h, 7d) into iv; refuses an
 * unknown kind, a bad duration, or one out of the kind's range (the
 * message names the allowed range).
 */
int	sched_parse_interval(const char *, int64_t iv[SCHED_NKINDS],
	    struct fa_err *) FA_WUR;

/* "1d 2h", "45m", "30s": a short human form of a duration. */
void	sched_fmt(int64_t secs, char *buf, size_t len);

#endif
