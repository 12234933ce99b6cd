/*
 * report_cost.h: money in the assessment report.  A dealer's price book
 * (a CSV file, docs/report.md "Costs") gives cartridge prices and rated
 * yields, service cost per page, the energy price and the typical
 * electricity use of models; from it and the report's volumes each
 * device gets a cost per page (mono and colour) and an annual cost
 * (consumables, service, energy), and the fleet its totals.
 *
 * Pure: the price book is parsed from text (the caller reads the file),
 * nothing prints.
 */
#ifndef FA_REPORT_COST_H
#define FA_REPORT_COST_H

#include "report.h"

enum { PRICE_SUPPLY, PRICE_SERVICE, PRICE_ENERGY, PRICE_POWER };

struct report_price {
	int	 kind;
	char	*part, *supply, *model;	/* NULL: any */
	double	 value;			/* price, per page, per kWh, kWh/week */
	double	 yield;			/* supply: pages at 5 % coverage */
	int	 line;
};

struct report_prices {
	struct report_price *v;
	size_t	 n;
};

/* The columns of a price book, its first line. */
#define REPORT_PRICES_HEADER	"kind,part_number,supply,model,value,yield"

/* Parses a price book (text of len bytes, named name in errors):
 * "NAME line N: WHAT" on the first bad line. */
int	report_prices_parse(const char *text, size_t len, const char *name,
	    struct report_prices *, struct fa_err *) FA_WUR;
void	report_prices_release(struct report_prices *);

/* The costs of one device; NAN where not known. */
struct report_cost {
	double	 annual_mono, annual_colour, annual_unknown, annual_total;
	double	 cpp_mono, cpp_colour;
	double	 consumables, service, energy, total;
	char	*note;			/* what is missing or assumed */
};

struct report_costs {
	struct report_cost *dev;	/* [report.ndevs] */
	size_t	 ndevs;
	/* Fleet: each column's sum of what is known; total the sum of the
	 * devices' totals (so it is the column's sum, and the proposal's
	 * "now", like for like); devices without a total. */
	double	 consumables, service, energy, total, pages;
	double	 outside;	/* service and energy of those without one */
	int	 nunpriced;
};

/* The fleet row's note: how many devices have no total, and the part of
 * the column sums that is outside it; "" when every device has one. */
void	report_cost_fleet_note(const struct report_costs *, char *buf,
	    size_t len);

/* Costs of every device of a finished report. */
void	report_costs(const struct report *, const struct report_prices *,
	    struct report_costs *);
void	report_costs_release(struct report_costs *);
/* costs.csv (RFC 4180): one row per device, then a "fleet" row. */
void	report_costs_csv(const struct report *, const struct report_costs *,
	    struct fa_buf *);

#endif
