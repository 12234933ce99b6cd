/*
 * hubserve.h: the hub's HTTPS endpoint (libmicrohttpd with GnuTLS): the
 * SOAP service of export/soap.h at SOAP_PATH and its WSDL at
 * SOAP_PATH?wsdl.  Uploads are imported with hub_import()
 * (export/hub/import.c), the same code as "hub import", and answered with the
 * receipt the hub signs; Hello and Result are checked against the
 * trusted collector's key and use the hub's command queue
 * (export/hub/hubstore.h).  Limits and rules: docs/soap.md.
 */
#ifndef FA_HUBSERVE_H
#define FA_HUBSERVE_H

#include "../../cli/util.h"
#include "../../crypto/keys.h"

#define HUBSERVE_THREADS	4	/* worker threads */
#define HUBSERVE_CONNS		256	/* connections at once */
#define HUBSERVE_CONNS_PER_IP	32	/* from one address: the others keep
					 * 7/8 of the room */
#define HUBSERVE_HEADERS_S	15	/* TLS handshake and request headers
					 * (slowloris), and a body's grace */
#define HUBSERVE_BODY_RATE	4096	/* bytes/s a body must keep up, after
					 * the grace */
#define HUBSERVE_IDLE_S		30	/* an idle connection is closed */
#define HUBSERVE_REQUEST_S	300	/* a request is given at most this */
#define HUBSERVE_INFLIGHT	(16 * 1024 * 1024)	/* bytes of Hello,
					 * Result and form bodies held at
					 * once, all connections; above:
					 * "busy" (Uploads are streamed to
					 * disk, never held) */
#define HUBSERVE_DROP_MAX	(1024 * 1024)	/* a body too large that
					 * is sent without "100-continue":
					 * read and dropped before the 413
					 * up to this size (hubserve.c) */
#define HUBSERVE_UPLOADS	8	/* Uploads over SOAP_BODY_MAX (signed)
					 * read at once; above: "busy" */
#define HUBSERVE_NONCES		4096	/* Upload nonces remembered (for
					 * 2 * SOAP_SKEW_MAX s) */

struct hubserve_conf {
	const char		*dir;		/* the hub directory */
	const char		*listen;	/* "ADDR:PORT", "[ADDR]:PORT" */
	const char		*cert, *key;	/* PEM files */
	const struct key_pass	*pass;		/* the hub's secret keys' */
	unsigned		 login_slots;	/* web logins' password checks
						 * at once; 0: the default
						 * (export/hub/hubweb.h) */
	/* One line per event (start, each request's outcome); msg is
	 * borrowed.  Called from worker threads, one at a time. */
	void			(*log)(void *arg, const char *msg);
	void			*log_arg;
};

/*
 * Opens the hub's keys, then serves until fa_interrupted is set.
 * Returns 0 after a clean stop, -1 when it could not start (e says why).
 */
int	hubserve_run(const struct hubserve_conf *, struct fa_err *) FA_WUR;

#endif
