/*
 * range.h: IP ranges as users write them, expanded into target addresses.
 *
 * Accepted forms: CIDR "10.0.0.0/24", dash ranges "10.0.0.10-10.0.0.50" and
 * "10.0.0.10-50", single IPv4/IPv6 addresses, IPv6 CIDR (at most 2^16
 * addresses), and host names (resolved with getaddrinfo, every address
 * kept).  For an IPv4 CIDR shorter than /31 the network and broadcast
 * addresses are left out.  One string may hold several specs separated by
 * commas; each is trimmed of white space and may be at most 255 bytes.
 */
#ifndef FA_RANGE_H
#define FA_RANGE_H

#include <stddef.h>
#include <stdint.h>

#include "../cli/util.h"

/* Without force, one expansion may hold at most this many addresses (/16). */
#define RANGE_MAX_DEFAULT	65536
/* With force: a hard cap, so a typo like /8 cannot eat the machine. */
#define RANGE_MAX_FORCED	(1u << 24)

struct fa_addr {
	int	 family;	/* AF_INET or AF_INET6 */
	uint8_t	 a[16];		/* network byte order; IPv4 uses a[0..3] */
};

struct addr_list {
	struct fa_addr	*v;
	size_t		 n, cap;
};
#define ADDR_LIST_INIT	{ NULL, 0, 0 }

void	addr_list_release(struct addr_list *);
/* Formats a numeric address into buf (at least 46 bytes). */
const char *fa_addr_str(const struct fa_addr *, char *buf, size_t len);
/* Parses a numeric IPv4 or IPv6 address (no names). */
int	fa_addr_parse(const char *, struct fa_addr *) FA_WUR;
int	fa_addr_cmp(const struct fa_addr *, const struct fa_addr *);

/*
 * Expands every spec of incl[] less every address of excl[] into out, in
 * order, without duplicates.  Fails with a message naming the bad spec on a
 * malformed range, an unresolvable name, or a total over RANGE_MAX_DEFAULT
 * addresses unless force (then RANGE_MAX_FORCED).  The total is the sum of
 * range_count() over incl[], checked before anything is expanded or
 * resolved.  An excluded IPv4 CIDR covers its whole block.  out is emptied
 * first and left empty on failure; the caller releases it.
 */
int	range_expand(char *const incl[], size_t nincl, char *const excl[],
	    size_t nexcl, int force, struct addr_list *out,
	    struct fa_err *) FA_WUR;

/* Number of addresses one spec (or comma list) covers without resolving
 * names, a name counting as one (for the size check before any work), or
 * -1 with e filled if malformed. */
long long range_count(const char *spec, struct fa_err *);

/* Non-zero: host names are refused instead of resolved (fuzzing). */
extern int range_no_resolve;

#endif
