/*
 * report_inputs.h: what the report takes besides the store, read from
 * files: the model catalog (built in, then a directory of NAME.catalog
 * files), a price book and a proposal; then applied to a finished report
 * (utilisation always, costs with a price book, the proposal with both).
 *
 * Why here: "report" and "hub report" read them from their options, and
 * the hub's web view reads the hub's own for its report downloads
 * (HUB/catalog/, HUB/prices.csv, HUB/proposals/ACCOUNT.csv; docs/web.md):
 * one loader, so a download and "hub report --account" make the same
 * report from the same files.
 *
 * Library: reads files, never prints or exits; errors in e ("FILE line
 * N: what", as the parsers say).
 */
#ifndef FA_REPORT_INPUTS_H
#define FA_REPORT_INPUTS_H

#include "catalog.h"
#include "report.h"
#include "report_cost.h"
#include "report_proposal.h"
#include "report_use.h"

#define REPORT_INPUT_MAX	(1024 * 1024)	/* bytes of a price book,
						 * proposal or catalog file */
#define REPORT_HUB_PRICES	"prices.csv"	/* in the hub directory */
#define REPORT_HUB_PROPOSALS	"proposals"	/* ACCOUNT.csv in it */
#define REPORT_HUB_CATALOG	"catalog"	/* NAME.catalog in it */
#define REPORT_HUB_BRANDING	"branding.conf"	/* in the hub directory */

/* The dealer's branding: the keys of "report" (dealer-name, dealer-logo,
 * prepared-by), for the hub's downloads from HUB/branding.conf. */
struct report_branding {
	char		*dealer, *prepared_by;
	char		*logo_path;		/* as resolved, or NULL */
	struct fa_buf	 logo;			/* the file's bytes, or empty */
	const char	*logo_mime;
	int		 logo_w, logo_h;
};

struct report_inputs {
	struct catalog		 cat;
	struct report_prices	 prices;
	struct report_offers	 offers;
	struct report_branding	 brand;
	int			 have_prices, have_offers;
	/* made by report_inputs_apply(), pointed at by the report */
	struct report_uses	 uses;
	struct report_costs	 costs;
	struct report_props	 props;
};

/* Reads a whole file of at most REPORT_INPUT_MAX bytes into b (appended);
 * what names it in errors ("prices: cannot read 'F': ..."). */
int	report_input_read(const char *path, const char *what,
	    struct fa_buf *b, struct fa_err *) FA_WUR;
/* Adds dir/NAME.catalog, in name order (a later file's entry replaces an
 * earlier one's); a missing dir adds none. */
int	report_catalog_dir(struct catalog *, const char *dir,
	    struct fa_err *) FA_WUR;
/* Checks that the len bytes of p (the file path, for errors) are a PNG
 * or JPEG image: its MIME type and size in pixels (0 when not found). */
int	report_logo_check(const unsigned char *p, size_t len,
	    const char *path, const char **mime, int *w, int *h,
	    struct fa_err *) FA_WUR;
/* Reads a branding file ("KEY = VALUE" lines, '#' comments; keys
 * dealer-name, dealer-logo (a PNG or JPEG file, relative to the file's
 * directory unless absolute), prepared-by) into br; errors "FILE line N:
 * what".  The caller releases br even when it fails. */
int	report_branding_read(struct report_branding *br, const char *path,
	    struct fa_err *) FA_WUR;
void	report_branding_release(struct report_branding *);
/* The inputs of the hub in hubdir for account: the built-in catalog and
 * HUB/catalog/, HUB/prices.csv, HUB/proposals/ACCOUNT.csv and
 * HUB/branding.conf when they exist (a proposal without the price book is an error, as with
 * --proposal).  The caller releases in even when it fails. */
int	report_inputs_hub(struct report_inputs *, const char *hubdir,
	    const char *account, struct fa_err *) FA_WUR;
/* Utilisation, then costs and the proposal when in has them, made for r
 * (finished) and set in r, and the branding in r when in has it; in must
 * outlive r's use of them. */
void	report_inputs_apply(struct report *r, struct report_inputs *in);
void	report_inputs_release(struct report_inputs *);

#endif
