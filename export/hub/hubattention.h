/*
 * hubattention.h: what needs the service desk today, across accounts
 * ("fleetaudit hub attention", the web view's /attention page,
 * docs/attention.md): devices in error, supplies empty or running out,
 * devices not reporting, meter anomalies, most urgent first.
 */
#ifndef FA_HUBATTENTION_H
#define FA_HUBATTENTION_H

#include <stddef.h>
#include <stdint.h>

#include "../../cli/util.h"
#include "hubstore.h"

#define HUBATTENTION_SILENT_DAYS	3	/* not reporting after */
#define HUBATTENTION_ANOMALY_DAYS	30	/* flags this recent */
#define HUBATTENTION_ACCOUNTS_MAX	10000	/* accounts looked at */

/* The kinds, most urgent first: the rank of a row. */
enum hubattention_kind {
	HUBATTENTION_ERROR = 1,		/* current status errors */
	HUBATTENTION_EMPTY,		/* a supply at 0% or "empty" */
	HUBATTENTION_SILENT,		/* not seen for silent_days */
	HUBATTENTION_LOW,		/* a supply low or empty soon */
	HUBATTENTION_ANOMALY		/* a meter flagged lately */
};

struct hubattention_opts {
	int64_t	 now;		/* epoch s */
	int	 silent_days;	/* 1..365 */
	int	 threshold;	/* supply percent, 0..100 */
	int	 days;		/* supply empty within, 0..365 */
	int	 anomaly_days;	/* flags within this of the last read */
};

/* One thing to look at.  Strings owned (NULL: unknown). */
struct hubattention_row {
	enum hubattention_kind kind;
	char	*account, *collector;
	char	*site;		/* the site's name, NULL when none */
	int64_t	 device;	/* the device's id at that collector */
	int64_t	 hub_id;	/* its id in the hub (devices.id, its page) */
	char	*serial, *model, *address, *location;
	char	*detail;	/* "jammed", "Cyan Toner at 5%"... */
	char	*what;		/* the supply or meter named, NULL none */
	int64_t	 since;		/* when it began (epoch s), 0 unknown */
};
void	hubattention_row_release(struct hubattention_row *);
const char *hubattention_kind_name(enum hubattention_kind);

/*
 * The rows of the accounts named (all accounts when names is NULL), most
 * urgent first: by kind, then oldest first, then account and device.
 * Only reads.  *rows: caller releases each row and frees the array.
 */
int	hubattention_scan(struct hubstore *, const char *const *names,
	    size_t nnames, const struct hubattention_opts *,
	    struct hubattention_row **rows, size_t *n, struct fa_err *) FA_WUR;

/* Sorts rows most urgent first (exposed for tests). */
void	hubattention_sort(struct hubattention_row *, size_t);

#endif
