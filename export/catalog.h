/*
 * catalog.h: the model catalog, what a maker publishes about a printer
 * model (launch year, speed, recommended monthly volume, maximum duty
 * cycle, colour, A3, duplex, typical electricity consumption), each entry
 * with its source.  Data, not code: the export/catalog/ files (NAME.catalog)
 * carried by the binary, then a dealer's own in HOME/catalog/ (read after, so an
 * entry there replaces a built-in one of the same vendor and model).
 * Format and fields: docs/report.md, "Model catalog".
 *
 * Pure: parses text, never prints.
 */
#ifndef FA_CATALOG_H
#define FA_CATALOG_H

#include <stddef.h>

#include "../cli/util.h"

struct catalog_entry {
	char	*vendor, *model, *source;
	int	 launched;		/* year, 0 unknown */
	int	 end_of_life;		/* year sales/support ended, 0 none */
	double	 speed;			/* pages a minute (A4); NAN */
	double	 recommended;		/* recommended pages a month; NAN */
	double	 duty;			/* maximum pages a month; NAN */
	double	 tec;			/* typical kWh a week; NAN */
	int	 colour, a3, duplex;	/* 1 yes, 0 no, -1 unknown */
};

struct catalog {
	struct catalog_entry *v;
	size_t	 n;
};

/* Adds the entries of one catalog file (text, len bytes, named name in
 * errors: "NAME line N: WHAT").  An entry of a vendor and model already
 * there replaces it. */
int	catalog_parse(struct catalog *, const char *text, size_t len,
	    const char *name, struct fa_err *) FA_WUR;
/* The built-in catalog files. */
int	catalog_builtin(struct catalog *, struct fa_err *) FA_WUR;
/* The entry of a vendor and model (case ignored), or NULL. */
const struct catalog_entry *catalog_find(const struct catalog *,
	    const char *vendor, const char *model);
void	catalog_release(struct catalog *);

#endif
