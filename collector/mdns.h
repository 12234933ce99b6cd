/*
 * mdns.h: IPP printers announced by DNS-SD on the local link (assess
 * --mdns): _ipp._tcp and _ipps._tcp services browsed and resolved through
 * the system's avahi-daemon (libavahi-client), each turned into the URI
 * an IPP read takes ("ipp://192.0.2.7:631/ipp/print", the path from the
 * TXT record's "rp" key).
 *
 * Only IPv4 addresses are resolved: an IPv6 link-local address needs its
 * interface in the URI, which libcups' URIs do not carry.  A printer
 * announcing both services on one address and port (IPP Everywhere
 * printers do) is one URI, ipp:// (the cheaper read, as --ipp-probe).
 */
#ifndef FA_MDNS_H
#define FA_MDNS_H

#include <stddef.h>
#include <stdint.h>

#include "../cli/util.h"

#define MDNS_MAX_SERVICES	1024	/* services resolved at most */

struct mdns_list {
	char	**uri;		/* owned */
	size_t	  n;
};
#define MDNS_LIST_INIT	{ NULL, 0 }

/*
 * Browses for at most wait_ms (less when avahi says it has reported all
 * it knows and every resolution is done), appending each printer's URI to
 * out in the order resolved.  Returns the count added, or -1 with e
 * filled when avahi-daemon cannot be reached.
 */
int	mdns_browse(int64_t wait_ms, struct mdns_list *out, struct fa_err *e)
	    FA_WUR;
void	mdns_list_release(struct mdns_list *);

#endif
