/*
 * pwg.h: the PWG Imaging System Counter MIB (PWG 5106.1-2007,
 * PWG-IMAGING-COUNTER-MIB, 1.3.6.1.4.1.2699.1.3), read generically: any
 * device that answers it gets its per-service counters (system totals,
 * print, copy, fax, scan), mono and colour, with no model definition.
 *
 * Cost: one varbind (icGeneralTotalServiceRecords, a non-repeater of the
 * first GETBULK of the tables of a read with meters); only a device that
 * counts at least one service record there gets its counter columns
 * (pwg_roots) walked, in a second walk.
 */
#ifndef FA_PWG_H
#define FA_PWG_H

#include "device.h"
#include "vb.h"

/* icGeneralTotalServiceRecords.0: how many icServiceTable rows; a
 * GETNEXT of its column rides with the standard tables of a meters read. */
#define PWG_PROBE		"1.3.6.1.4.1.2699.1.3.1.1.2.0"
#define PWG_PROBE_COLUMN	"1.3.6.1.4.1.2699.1.3.1.1.2"

extern const char *const pwg_roots[];	/* columns the walk reads */
extern const size_t pwg_nroots;

/* 1 when the probe (in l, sorted) says the device keeps service records. */
int	pwg_present(const struct vb_list *);

/*
 * Adds the counters of l (sorted) to d, each only when d has no meter of
 * that name yet (a model definition read first wins), with the OID read
 * as its source: from the icKeyTable rows of a service (icKeySubunitIndex
 * 0), the lifetime (persistence 3) work totals (work type 3) row of
 * icImpressionTable (total, monochrome, full colour impressions) for the
 * system totals, print, copy and fax-in services, of icImageTable (images)
 * for scan; icTwoSidedTable's total for the system is "duplex".  Rows of
 * one service type with several service indexes are added up.
 */
void	pwg_decode(const struct vb_list *, struct device *);

#endif
