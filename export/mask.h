/*
 * mask.h: the site's masking of free text and of walks (mask.c): every
 * IPv4 and IPv6 address, MAC address and host name found in a text is
 * replaced by its keyed pseudonym (crypto/bundle.h), the same one the
 * bundle gives that value in its own field, so that a masked value still
 * joins across bundles and fields.  docs/bundle-format.md lists what is
 * found and how.
 */
#ifndef FA_MASK_H
#define FA_MASK_H

#include <stddef.h>

#include "payload.h"

#define MASK_NAME_MIN	3	/* a device's own name shorter: not looked
				 * for in text (too many false hits) */

struct bundle_secret;

/* What to mask (PAYLOAD_MASK_* bits) and the site secret (borrowed; not
 * NULL when what is not 0). */
struct mask {
	unsigned			 what;
	const struct bundle_secret	*secret;
};

/*
 * text with, per m->what: every IPv4 address (dotted quad), IPv6
 * address (compressed, full or with an IPv4 tail), MAC address (six
 * pairs with ':' or '-', three quads with '.', or 12 hex digits alone),
 * fully qualified host name (two labels or more, the last one of 2 to 63
 * letters) and, when name is not NULL, the device's own name as a whole
 * word (any case) replaced by its pseudonym.  Caller frees.
 */
char	*mask_text(const struct mask *m, const char *text, const char *name);

/*
 * A walk in snmprec lines ("OID|TAG|VALUE", as "fleetaudit walk" writes
 * them), masked: values of IpAddress (64) and of octet strings holding an
 * address (4x of 4 or 16 bytes: ip; of 6 bytes: mac) become their
 * pseudonyms, sysName.0 its hostname pseudonym, text values (4, and 4x
 * holding text) go through mask_text(); with ip, the rows of the tables
 * indexed by addresses (at, ip, tcp, udp, ipv6 MIBs) are left out, their
 * count added to *dropped.  Other lines (comments) are masked as text.
 * Caller frees.
 */
char	*mask_walk(const struct mask *m, const char *walk, size_t *dropped);

#endif
