/*
 * hubtriage.h: what the web view's lists show of an account, computed
 * once per import, not per view: the needs-attention rows
 * (hubattention.c, with the hub's attention.conf) and, per device, its
 * status, location, page count, lowest supply and when each was read.
 *
 * Looking at an account of 10,000 devices takes seconds, so the result
 * is kept in the serving process, keyed by the account's imports (its
 * sites' last import and bundle sequences), the day and its
 * attention.conf days: a new import, a new day or a changed setting
 * computes it again; other views read the kept one.  "hub serve" has it
 * computed by a thread of its own (hubtriage_start()) as soon as it sees
 * a new import (it looks every HUBTRIAGE_POLL_MS), so that no page waits
 * for it: a page shows the one kept before until the new one is made.
 * Thread-safe: a page holds a reference to the one it reads, which
 * outlives its replacement.
 */
#ifndef FA_HUBTRIAGE_H
#define FA_HUBTRIAGE_H

#include <stddef.h>
#include <stdint.h>

#include "../../cli/util.h"
#include "hubattention.h"
#include "hubstore.h"

#define HUBTRIAGE_THRESHOLD	10	/* supply percent: low at or under */
#define HUBTRIAGE_DAYS		14	/* empty within: low */
#define HUBTRIAGE_POLL_MS	1000	/* the thread looks for imports */
#define HUBTRIAGE_WAIT_MS	150	/* a page waits for a new one */

/* A device as its list shows it; strings owned, NULL unknown. */
/* A current supply's days to empty: the report's (report_supply_days()
 * over the gatherer's levels), judged when the triage was made. */
struct hubtriage_sup {
	int	 idx;		/* the supply's index */
	int	 status;	/* REPORT_DTE_* */
	double	 days;		/* when status is REPORT_DTE_OK */
	int	 overdue, stale;
	/* the account page's "supplies running out": a cartridge (a
	 * tracked instance, not a waste box), its level and last read */
	int	 cartridge;
	char	*description;
	int	 percent;	/* -1 unknown */
	int64_t	 last_seen;
};

struct hubtriage_dev {
	char	*collector;	/* its site's fingerprint */
	int64_t	 src_id;	/* its id there */
	int64_t	 hub_id;	/* devices.id (its page), -1 none */
	char	*address, *serial;
	char	*status;	/* "running", "jammed, doorOpen"... */
	char	*location;
	int64_t	 pages;		/* the newest total, -1 none */
	int64_t	 pages_at;	/* its read, 0 none */
	char	*supply;	/* the lowest supply's description */
	int	 supply_pct;	/* its level, -1 none */
	int64_t	 supply_at;	/* its read */
	int64_t	 last_seen;
	struct hubtriage_sup *sups;	/* its current supplies */
	size_t	 nsups;
};

/* One account's; read-only once made. */
struct hubtriage_acc {
	struct hubattention_row	*rows;	/* most urgent first */
	size_t			 nrows;
	struct hubattention_count count;
	struct hubtriage_dev	*devs;	/* by collector, src_id */
	size_t			 ndevs;
	int64_t			 computed;	/* epoch s */
	/* the cache's */
	int64_t			 account_id;
	char			*key;
	unsigned		 refs;
};

struct hubtriage;
struct hubtriage *hubtriage_new(void);
void	hubtriage_free(struct hubtriage *);

/*
 * Computes, in a thread of its own with a store connection of its own,
 * the triage of every account of hub directory dir whose kept one is not
 * current, at once and then whenever it sees an import (or a new day, or
 * a new attention.conf); stopped by hubtriage_free().
 */
int	hubtriage_start(struct hubtriage *, const char *dir,
	    struct fa_err *) FA_WUR;
/* Asks the thread to look now (an import just committed). */
void	hubtriage_kick(struct hubtriage *);

/*
 * Account id (named name)'s triage as of now, kept or computed: *out
 * holds a reference, given back with hubtriage_put().  dir: the hub
 * directory (its attention.conf).  0: the current one; 1 (with
 * hubtriage_start() only): the one kept before, while the thread
 * computes the current one (waited for at most HUBTRIAGE_WAIT_MS); none
 * kept at all, it is computed for the caller.  -1 on a store error.
 */
int	hubtriage_get(struct hubtriage *, struct hubstore *, const char *dir,
	    int64_t id, const char *name, int64_t now,
	    struct hubtriage_acc **out, struct fa_err *) FA_WUR;
void	hubtriage_put(struct hubtriage *, struct hubtriage_acc *);

/* The device of collector, src_id in a, or NULL. */
const struct hubtriage_dev *hubtriage_dev(const struct hubtriage_acc *a,
	    const char *collector, int64_t src_id);

#endif
