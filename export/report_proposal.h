/*
 * report_proposal.h: the dealer's proposal against the current fleet
 * (docs/report.md, "Proposal").  A proposal file (CSV) gives the
 * contract's cost per page (mono and colour) and the devices offered as
 * replacements with their monthly fee; with the current costs (the price
 * book) and utilisation (the model catalog) each device is kept,
 * replaced (over-used, at end of life, or in error now) or listed as a
 * consolidation candidate (under-used, with another device at the same
 * location), and the fleet gets its current and proposed annual cost and
 * the saving.  Pure.
 */
#ifndef FA_REPORT_PROPOSAL_H
#define FA_REPORT_PROPOSAL_H

#include "report.h"

#define REPORT_PROPOSAL_HEADER	"kind,model,colour,mono,colour_cpp,monthly"

struct report_offer {
	char	*model;
	int	 colour;
	double	 monthly;
};

struct report_offers {
	double	 mono, colour;		/* contract cost per page */
	struct report_offer *v;
	size_t	 n;
};

int	report_offers_parse(const char *text, size_t len, const char *name,
	    struct report_offers *, struct fa_err *) FA_WUR;
void	report_offers_release(struct report_offers *);

struct report_prop {
	const char *action;		/* "keep", "replace", "consolidate" */
	char	*why;
	const struct report_offer *offer;	/* replace: with this */
	double	 current, proposed;	/* a year; NAN unknown */
};

struct report_props {
	struct report_prop *dev;
	size_t	 ndevs;
	double	 current, proposed, saving;	/* like for like */
	int	 nreplace, nconsolidate, nunknown;
};

/* Needs r->costs; uses r->uses when there. */
void	report_props(const struct report *, const struct report_offers *,
	    struct report_props *);
void	report_props_release(struct report_props *);
void	report_props_csv(const struct report *, const struct report_props *,
	    struct fa_buf *);

#endif
