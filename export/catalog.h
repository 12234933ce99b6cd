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

/* The fields an entry may give, each with its own source ("FIELD_source"
 * keys; docs/report.md, "Model catalog"). */
enum catalog_field {
	CAT_LAUNCHED, CAT_END_OF_LIFE, CAT_SPEED, CAT_RECOMMENDED, CAT_DUTY,
	CAT_TEC, CAT_COLOUR, CAT_A3, CAT_DUPLEX, CAT_LABEL, CAT_NFIELDS
};

struct catalog_entry {
	/* source: the entry's (the "source" key), then "; FIELD: ITS
	 * SOURCE" for each field with its own, so one text says where every
	 * figure comes from */
	char	*vendor, *model, *source;
	char	*entry_source;			/* the "source" key alone */
	char	*field_source[CAT_NFIELDS];	/* "FIELD_source", or NULL */
	int	 launched;		/* year, 0 unknown */
	int	 end_of_life;		/* year sales/support ended, 0 none */
	double	 speed;			/* pages a minute (A4); NAN */
	double	 recommended;		/* recommended pages a month; NAN */
	double	 duty;			/* maximum pages a month; NAN */
	double	 tec;			/* typical kWh a week; NAN */
	int	 colour, a3, duplex;	/* 1 yes, 0 no, -1 unknown */
	int	 label;			/* a label printer: 1, 0, -1 */
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
/* The key name of a field ("colour"). */
const char *catalog_field_name(enum catalog_field);
/* The source of one field: its own, else the entry's. */
const char *catalog_field_source(const struct catalog_entry *,
	    enum catalog_field);
/* The entry of a vendor and model (case ignored), or NULL. */
const struct catalog_entry *catalog_find(const struct catalog *,
	    const char *vendor, const char *model);
void	catalog_release(struct catalog *);

#endif
