/*
 * hubreport.h: the report's gatherer on the hub: what "fleetaudit hub
 * report" reads from the hub's central store for one customer account,
 * the same per-device structs (struct store_rdev, collector/store.h) that
 * the collector's gatherer gives, so the same model (export/report.h) and
 * renderers make the same report from the same data.
 */
#ifndef FA_HUBREPORT_H
#define FA_HUBREPORT_H

#include <stdint.h>

#include "../../cli/util.h"
#include "../../collector/store.h"
#include "hubstore.h"

/*
 * As store_report_scan(), over the records imported for account, site by
 * site (a site: one collector's data), each device once per site.  Fails
 * on an unknown account ("no account 'X' in hub store 'P'").  Only reads
 * hub.db, in one read transaction.
 */
int	hubreport_scan(struct hubstore *, const char *account, int64_t from,
	    int64_t to, int64_t lead, store_rdev_cb *cb, void *arg,
	    struct fa_err *) FA_WUR;
/* The same, calling site_cb (arg) first for each site with its id, its
 * collector key's fingerprint and its name (NULL: none; both borrowed for
 * the call), so that cb knows whose devices follow; a site_cb that fails
 * stops the scan. */
typedef int hubreport_site_cb(void *arg, int64_t site, const char *fp,
    const char *name, struct fa_err *);
int	hubreport_scan_sites(struct hubstore *, const char *account,
	    int64_t from, int64_t to, int64_t lead, hubreport_site_cb *site_cb,
	    store_rdev_cb *cb, void *arg, struct fa_err *) FA_WUR;

/*
 * What a device is now, without its whole history: as
 * hubreport_scan_sites() over every date, but each device read with its
 * newest scan, its current supplies (each current cartridge's levels
 * since it was fitted), alerts and errors, and its reads and meter flags
 * within recent seconds of its newest scan only (older ones the
 * callback may or may not see); of the reads' counters, only the
 * newest read's are sure to be there (the page count).  For the needs-attention list and the
 * web view's triage (hubattention.c): what they show is the same as
 * over the whole history, read in a time bounded by that window, not by
 * the history's length.
 */
int	hubreport_scan_recent(struct hubstore *, const char *account,
	    int64_t recent, hubreport_site_cb *site_cb, store_rdev_cb *cb,
	    void *arg, struct fa_err *) FA_WUR;

#endif
