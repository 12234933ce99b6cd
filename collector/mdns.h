/*
 * mdns.h: IPP printers announced by DNS-SD on the local link (assess
 * --mdns): _ipp._tcp and _ipps._tcp services browsed and resolved through
 * the system's avahi-daemon (libavahi-client), each turned into the URI
 * an IPP read takes ("ipp://192.0.2.7:631/ipp/print", the path from the
 * TXT record's "rp" key).
 *
 * Each announcement is resolved over the protocol it was heard on: IPv4,
 * or IPv6 ("ipp://[2001:db8::7]:631/ipp/print").  An IPv6 link-local
 * address (fe80::/10) means something only with its interface, which
 * neither a URI we read nor the store keeps: such a printer is left out
 * and counted (link_local).  A printer is one URI: its services and
 * protocols are one instance name, which takes IPv4 over IPv6, and
 * ipp:// over ipps:// (the cheaper read, as --ipp-probe).
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
	size_t	  link_local;	/* printers heard at an IPv6 link-local
				 * address only: left out */
};
#define MDNS_LIST_INIT	{ NULL, 0, 0 }

/*
 * Browses for at most wait_ms (less when avahi says it has reported all
 * it knows and every resolution is done), appending each printer's URI to
 * out in the order resolved (and adding to out->link_local those left
 * out).  Returns the count added, or -1 with e filled when avahi-daemon
 * cannot be reached.
 */
int	mdns_browse(int64_t wait_ms, struct mdns_list *out, struct fa_err *e)
	    FA_WUR;
void	mdns_list_release(struct mdns_list *);

#endif
