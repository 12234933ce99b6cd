/*
 * brother.h: Brother's binary counter and maintenance blobs
 * (1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.N.0, BROTHER-MIB brInfo*), read into
 * the meters and supplies of a struct device.  The code tables and the
 * evidence for them are in brother.c.
 */
#ifndef FA_BROTHER_H
#define FA_BROTHER_H

#include <stddef.h>
#include <stdint.h>

#include "../cli/util.h"
#include "device.h"
#include "vb.h"

/* The blobs, under 1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5 (arc N, then .0). */
#define BROTHER_OID		"1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5"
#define BROTHER_MAINTENANCE	8	/* brInfoMaintenance: life in 1/100 % */
#define BROTHER_COUNTER		10	/* brInfoCounter: page counters */
#define BROTHER_NEXTCARE	11	/* brInfoNextCare: pages remaining */
#define BROTHER_COVERAGE	18	/* brInfoCoverage (short records) */
#define BROTHER_REPLACE		20	/* brInfoReplaceCount (short) */
#define BROTHER_JAM		21	/* brInfoJamCount (short) */

#define BROTHER_MAX_VALUE	8	/* value bytes: fits in 64 bits */
#define BROTHER_MAX_RECS	256	/* per blob; real ones have under 40 */

/* One record: a code, the width its value had, the value (big-endian). */
struct brother_rec {
	uint8_t		code;
	uint8_t		len;
	uint64_t	value;
};

/*
 * Splits blob into records "CODE 0x01 LEN VALUE" (the layout of the
 * maintenance, counter and next-care blobs) into out[0..max).
 *
 * Stops at a 0xff code byte (the terminator), at the end of the blob (no
 * terminator: tolerated), or when a single byte is left (a trailer Brother
 * may use as a check byte: tolerated, whatever its value).  Refuses, with
 * -1 and *n = 0, a record that runs past the end, a second byte other than
 * 0x01, LEN of 0 or above BROTHER_MAX_VALUE, and more than max records.
 * Never reads outside blob[0..len).  Returns 0 with *n records.
 */
int	brother_parse(const uint8_t *blob, size_t len, struct brother_rec *out,
	    size_t max, size_t *n) FA_WUR;

/* The same for the short layout "CODE LEN VALUE" (coverage, replace and
 * jam counts), with the same limits and the same refusals. */
int	brother_parse_short(const uint8_t *blob, size_t len,
	    struct brother_rec *out, size_t max, size_t *n) FA_WUR;

/* The first record with code, or NULL. */
const struct brother_rec *brother_find(const struct brother_rec *, size_t n,
	    uint8_t code);

/*
 * Adds to d the page counters of the counter blob (and the drum counters
 * of the maintenance blob) found in l (sorted), with the meter names of
 * docs/models.md and source_oid "brother:0xCC@<blob OID>".  A name d
 * already has is left alone (the first reading wins); a malformed blob
 * adds nothing.
 */
void	brother_meters(const struct vb_list *, struct device *);

/*
 * From the maintenance and next-care blobs in l: for each supply of d
 * matched by its description (toner/ink by colour, drum, belt, fuser,
 * laser, paper feeding kits) whose standard level is -3 or -2, sets the
 * real level, percent and state, and level_source "brother:0xCC@<blob
 * OID>"; adds a row for each blob supply d does not have.  Percentages
 * above 100 are capped, the raw value kept in level_source
 * ("brother:0x6f@<OID> raw=10350").  Where the blobs give only pages
 * remaining, a new row has that level in impressions and no percent.
 */
void	brother_supplies(const struct vb_list *, struct device *);

#endif
