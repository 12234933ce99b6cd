/*
 * upload.h: the collector's side of SOAP over HTTPS (libcurl): one call
 * of an operation of export/soap.h to the hub, with the TLS rules of
 * docs/soap.md: HTTPS only, TLS 1.2 or newer, the hub's certificate
 * checked against the system's CAs or cacert, its name against the URL,
 * and optionally its public key against a pin.  Proxies: proxy, else the
 * usual environment variables (https_proxy, all_proxy, no_proxy), which
 * libcurl reads itself.  Nothing here prints.
 */
#ifndef FA_UPLOAD_H
#define FA_UPLOAD_H

#include <stddef.h>

#include "../cli/util.h"
#include "soap.h"

#define UPLOAD_CONNECT_S	15	/* TCP and TLS handshake */
#define UPLOAD_TIMEOUT_S	300	/* one whole call (a 64 MiB upload) */
#define UPLOAD_RESPONSE_MAX	(1024 * 1024)	/* bytes of an answer */

struct upload_conf {
	const char	*url;		/* https://HUB/WebServices/... */
	const char	*cacert;	/* PEM file, or NULL: the system's */
	const char	*pin;		/* "sha256//BASE64" or "BASE64", or
					 * NULL */
	const char	*proxy;		/* or NULL: the environment's */
};

/* Once per process, before any call (curl_global_init). */
int	upload_init(struct fa_err *) FA_WUR;

/* Whether c is usable (an https URL, a well-formed pin). */
int	upload_check(const struct upload_conf *c, struct fa_err *) FA_WUR;

/*
 * Posts the envelope body (len bytes) for op and parses the answer into
 * resp (a response or a fault).  0: resp filled, the caller releases it;
 * -1: no usable answer (the hub is unreachable, TLS failed, timed out,
 * answered something that is not SOAP, HTTP 5xx without a fault): e says
 * why in one line; the call may be tried again later.
 */
int	upload_call(const struct upload_conf *, enum soap_op op,
	    const char *body, size_t len, struct soap_resp *resp,
	    struct fa_err *) FA_WUR;

/* The same with extra request headers ("Name: value", borrowed; a
 * NULL-terminated list, or NULL): an Upload's signed headers. */
int	upload_call_with(const struct upload_conf *, enum soap_op op,
	    const char *const *extra, const char *body, size_t len,
	    struct soap_resp *resp, struct fa_err *) FA_WUR;

#endif
