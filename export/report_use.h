/*
 * report_use.h: utilisation and age in the assessment report, from the
 * model catalog (catalog.h): each device's average monthly volume against
 * the maker's recommended monthly volume and maximum duty cycle, its
 * model's age, and end-of-life flags (docs/report.md, "Utilisation and
 * age").  Pure.
 */
#ifndef FA_REPORT_USE_H
#define FA_REPORT_USE_H

#include "catalog.h"
#include "report.h"

/* Under-used below this share of the recommended monthly volume. */
#define REPORT_UNDER_USED	0.20
/* End of life: a model launched this many years or more before the
 * report's end (or one its maker ended, end_of_life). */
#define REPORT_EOL_YEARS	7

struct report_use {
	const struct catalog_entry *cat;	/* NULL: not in the catalog */
	double	 monthly;		/* average pages a month; NAN */
	double	 util;			/* monthly / recommended; NAN */
	const char *use;		/* "under-used", "in range",
					 * "over-used", "over duty cycle",
					 * NULL unknown */
	int	 age;			/* years since launch, -1 unknown */
	int	 eol;
	char	*eol_why;
};

struct report_uses {
	struct report_use *dev;		/* [report.ndevs] */
	size_t	 ndevs;
	int	 nunder, nover, neol, nuncatalogued;
};

void	report_uses(const struct report *, const struct catalog *,
	    struct report_uses *);
void	report_uses_release(struct report_uses *);
/* utilisation.csv (RFC 4180): one row per device. */
void	report_uses_csv(const struct report *, const struct report_uses *,
	    struct fa_buf *);

#endif
