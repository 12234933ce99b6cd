/*
 * hubsupply.h: supply orders from the hub's central store ("fleetaudit
 * hub supplies", docs/supplies.md): per account, the cartridges to ship,
 * those at or under a level threshold or expected empty within N days,
 * with part number, quantity, device, site and location.
 *
 * Each cartridge is suggested once: the first listing records it in the
 * store (supply_orders), and once the desk marks it ordered it is not
 * listed again; the cartridge swapped in after it is a new one, listed
 * again when it runs low in turn.
 */
#ifndef FA_HUBSUPPLY_H
#define FA_HUBSUPPLY_H

#include <stddef.h>
#include <stdint.h>

#include "../../cli/util.h"
#include "hubstore.h"
#include "../report.h"

#define HUBSUPPLY_THRESHOLD	10	/* percent, by default */
#define HUBSUPPLY_DAYS		14	/* days to empty, by default */
#define HUBSUPPLY_DAYS_MAX	365

struct hubsupply_opts {
	int	 threshold;	/* percent, 0..100 */
	int	 days;		/* 0..HUBSUPPLY_DAYS_MAX */
	int64_t	 now;		/* epoch s */
	int	 only_new;	/* only the cartridges first suggested now */
};

/* One cartridge to ship.  Strings owned (NULL: unknown). */
struct hubsupply_row {
	int64_t	 id;		/* the suggestion's number (supply_orders) */
	char	*collector;	/* the site's collector key fingerprint */
	char	*site;		/* the site's name, NULL when none */
	int64_t	 device;	/* the device's id at that collector */
	char	*serial, *model, *address, *location;
	int	 idx;		/* the supply's index on the device */
	char	*description, *colorant, *part_number, *cart_serial;
	int	 percent;	/* -1 unknown */
	int64_t	 empty_at;	/* expected empty (epoch s), 0: no estimate */
	int64_t	 installed;	/* the cartridge first seen, 0 unknown */
	char	 reason[64];
	int	 quantity;	/* 1: one cartridge per slot */
	int64_t	 suggested;	/* first suggested (epoch s) */
	int	 is_new;	/* first suggested by this call */
};
void	hubsupply_row_release(struct hubsupply_row *);

/*
 * Whether a cartridge is due: percent known and <= threshold, or dte
 * REPORT_DTE_OK with empty_at <= now + days.  reason (len bytes) says
 * which: "at 8%", "empty by 2026-12-16".  1 due, 0 not.
 */
int	hubsupply_due(int percent, const struct report_dte *, int threshold,
	    int days, int64_t now, char *reason, size_t len);

/*
 * The cartridges of account due now and not yet ordered, by collector,
 * device and supply index; records the ones never suggested before (one
 * write transaction, after the read).  Fails on an unknown account.
 * *rows: caller releases each row and frees the array.
 */
int	hubsupply_scan(struct hubstore *, const char *account,
	    const struct hubsupply_opts *, struct hubsupply_row **rows,
	    size_t *n, struct fa_err *) FA_WUR;

/*
 * Marks suggestion id of account ordered at now by who.  0 done, 1 no
 * such suggestion not yet ordered in account, -1 error.
 */
int	hubsupply_order(struct hubstore *, const char *account, int64_t id,
	    const char *who, int64_t now, struct fa_err *) FA_WUR;

/* The CSV layout (docs/supplies.md): a header line and one line per
 * row, CRLF ends, appended to b; "hub supplies --csv" and the web view's
 * download write the same bytes. */
void	hubsupply_csv(const struct hubsupply_row *, size_t n, struct fa_buf *b);

#endif
