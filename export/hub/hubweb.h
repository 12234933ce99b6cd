/*
 * hubweb.h: the hub's web view (docs/web.md), served by "hub serve" on
 * its TLS listener beside the SOAP endpoint: every path outside
 * /WebServices/ comes here.  Pages: login, accounts, an account (sites,
 * alerts, supplies running out, devices 100 a page), a device (meter
 * history chart, supplies, alerts) and the account's report as a
 * download; users and sessions from export/hub/hubusers.h.
 */
#ifndef FA_HUBWEB_H
#define FA_HUBWEB_H

#include <stddef.h>

#include <microhttpd.h>

#include "../../cli/util.h"

#define HUBWEB_BODY_MAX		(16 * 1024)	/* bytes of a form */
#define HUBWEB_PAGE_DEVICES	100		/* devices per page */
#define HUBWEB_LIST_MAX		200	/* alerts, supplies shown */
#define HUBWEB_AUDIT_MAX	500	/* access log rows shown */
/* Password checks (Argon2id, 64 MiB each) at once, by default and at
 * most ("hub serve --login-slots"); how long a login waits for one
 * before its 503, and the Retry-After of that 503. */
#define HUBWEB_LOGIN_SLOTS	2
#define HUBWEB_LOGIN_SLOTS_MAX	64
#define HUBWEB_LOGIN_WAIT_MS	1000
#define HUBWEB_LOGIN_RETRY_S	2

struct hubweb;

/* The web view of hub directory dir (copied), with login_slots password
 * checks at once (0: HUBWEB_LOGIN_SLOTS).  log, when not NULL, gets
 * one line per login, logout and error (msg borrowed); it is called from
 * several worker threads at once (the caller serialises). */
struct hubweb	*hubweb_new(const char *dir, unsigned login_slots,
		    void (*log)(void *arg, const char *msg), void *arg);
void		 hubweb_free(struct hubweb *);	/* NULL is a no-op */
/* An import committed: the accounts' triage is looked at now. */
void		 hubweb_imported(struct hubweb *);

/*
 * Answers one request (url already unescaped by libmicrohttpd; body and
 * len the whole request body of a POST, at most HUBWEB_BODY_MAX bytes,
 * else NULL and 0).  Thread-safe: each calling thread keeps a store
 * connection of its own, closed when the thread ends.
 */
enum MHD_Result	 hubweb_handle(struct hubweb *, struct MHD_Connection *,
		    const char *url, const char *method, const char *body,
		    size_t len);

/*
 * Answers a request refused before the web view read it (a form over
 * HUBWEB_BODY_MAX, the hub busy) with an error page: status, and msg
 * (borrowed) as its text.
 */
enum MHD_Result	 hubweb_refuse(struct hubweb *, struct MHD_Connection *,
		    unsigned status, const char *msg);

#endif
