/*
 * rdl.h: Remote Device Link, the hub's side (docs/rdl.md): a device's
 * own web page opened from the hub, relayed by the collector on site.
 *
 * "hub serve" hands this module three kinds of request (rdl_wants()):
 *  - a browser's, on a session's own origin: Host LABEL.DOMAIN, where
 *    LABEL is 128 random bits; each needs the session's cookie (256
 *    random bits) and is queued for the collector;
 *  - a collector's, on /WebServices/rdl/: its channel (opened with its
 *    signed headers), the long poll that takes the queued requests, the
 *    device's answers, its acceptance of a session;
 *  - the hub's own pages under /rdl/ (rdlweb.c): open a session from a
 *    device page, its start link, the list and the end button.
 * A session is offered to its collector in the hub's signed answer to a
 * Hello (rdl_hello()), as commands are.  Sessions live in this process's
 * memory; the store keeps their audit (export/hub/rdlstore.h).
 */
#ifndef FA_RDL_H
#define FA_RDL_H

#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

#include "../../cli/util.h"
#include "../soap.h"

#define RDL_LABEL_BYTES	16	/* a session's host label: 128 bits */
#define RDL_TOKEN_BYTES	32	/* its cookie and start token: 256 bits */
#define RDL_SESSIONS	64	/* sessions open at once, the whole hub */
#define RDL_PER_COLLECTOR 20	/* of them through one collector */
#define RDL_BODY_MAX	(1024 * 1024)	/* bytes a browser may send */
#define RDL_ANSWER_MAX	(64 * 1024 * 1024)	/* bytes of one answer
					 * of a device */
#define RDL_HEAD_MAX	(16 * 1024)	/* bytes of a request's or an
					 * answer's headers */
#define RDL_INFLIGHT	32	/* requests of one session not yet
				 * answered; above: 503 */
#define RDL_RATE	20	/* requests a second, per session */
#define RDL_BURST	100	/* and in a burst */
#define RDL_WAIT_S	60	/* a browser waits so long for an answer */
#define RDL_START_S	60	/* a start link is good this long, once */
#define RDL_OFFER_S	120	/* a collector takes a session in this */
#define RDL_GONE_S	10	/* a channel without a poll for its hold
				 * time and this long: the collector is
				 * gone, its sessions end */
#define RDL_START_PATH	"/.fleetaudit-rdl/start"
#define RDL_COOKIE	"__Host-fa_rdl"
#define RDL_H_CHANNEL	"X-Fleetaudit-Rdl-Channel"
#define RDL_H_REQUEST	"X-Fleetaudit-Rdl-Request"
#define RDL_AUTH_MAGIC	"fleetaudit-rdl-channel-v1"

struct rdl;

/* The module for hub directory dir (copied); log as hubweb_new()'s.
 * Sessions the store still has open (a hub stopped or killed) end. */
struct rdl	*rdl_new(const char *dir, void (*log)(void *, const char *),
		    void *arg);
/* Before MHD_stop_daemon(): every held connection is answered. */
void		 rdl_stop(struct rdl *);
void		 rdl_free(struct rdl *);	/* NULL is a no-op */

/* Whether con_cls is one of this module's requests. */
int		 rdl_owns(const void *con_cls);
/* Whether a new request (url, its Host header) is this module's. */
int		 rdl_wants(struct rdl *, struct MHD_Connection *,
		    const char *url);
/* libmicrohttpd's access handler for those requests. */
enum MHD_Result	 rdl_handle(struct rdl *, struct MHD_Connection *,
		    const char *url, const char *method, const char *data,
		    size_t *data_size, void **con_cls);
/* Its request-completed callback. */
void		 rdl_done(struct rdl *, void **con_cls);

/*
 * The sessions waiting for collector fp, as commands of kind "rdl"
 * (argument "SESSION ADDRESS SCHEME") for its Hello's signed answer, at
 * most room; their strings are written into buf (len bytes), which must
 * outlive cmds.  Returns how many.
 */
size_t		 rdl_hello(struct rdl *, const char *fp,
		    struct soap_command *cmds, size_t room, char *buf,
		    size_t len);
#define RDL_HELLO_BUF	4096

struct key_secret;
/*
 * The hub's signing key and fingerprint (borrowed, outlive r), for the
 * answers to a collector's "offers" (POST /WebServices/rdl/offers on its
 * channel, body "NONCE TIME"): the sessions waiting for it, signed as a
 * Hello's answer for that nonce (what rdl_hello() gives), so the relay
 * takes a session at once, not after run's scan pass.  Without a key
 * the endpoint answers 404 and the collector waits for its Hello.
 */
void		 rdl_signer(struct rdl *, const struct key_secret *sign,
		    const char *hub_fp);

/*
 * Checks a device's answer as the collector sent it (a, len bytes: status
 * line, headers, blank line, body): 0 (*hlen the bytes up to the body,
 * *status, the blank line's first CR made a NUL), or -1 with *why, a
 * sentence for the browser: not HTTP, headers over RDL_HEAD_MAX or
 * without an end, no status, or a Location off the session's origin
 * (absolute, scheme-relative, or with a backslash).
 */
int	rdl_answer_check(char *a, size_t len, size_t *hlen, unsigned *status,
	    const char **why) FA_WUR;

/* ---- for rdlweb.c ---- */

struct hubdb;

/* A session as the pages show it; strings copied. */
struct rdl_info {
	int64_t	 id, device, created;
	char	 who[65], account[65], address[64], collector[64];
	char	 state[16], reason[128];
	int64_t	 requests, up, down;
};
/* The dealer's switch, as the janitor last read it: 1 on. */
int	rdl_enabled(struct rdl *);
/* Opens a session for user who (user_id) on device (account, address,
 * collector fp, scheme): 0 (*id), -1 refused (e says why, for the user). */
int	rdl_open(struct rdl *, struct hubdb *, int64_t user_id,
	    const char *who, const char *account, int64_t device,
	    const char *address, const char *fp, const char *scheme,
	    int64_t *id, struct fa_err *) FA_WUR;
/* Session id's state; 0, or 1 unknown here (ended long ago, or another
 * process's). */
int	rdl_info(struct rdl *, int64_t id, struct rdl_info *);
/* Its one-time start link for user_id (only the session's user), into
 * url: 0, 1 not active (or not this user's). host is the hub's Host
 * header, whose port the link keeps. */
int	rdl_start_link(struct rdl *, int64_t id, int64_t user_id,
	    const char *host, char *url, size_t len);
/* Ends session id (who: the name in the reason): 0, 1 not open here. */
int	rdl_end(struct rdl *, int64_t id, const char *who);
/* The open sessions, at most max, into v; how many. */
size_t	rdl_list(struct rdl *, struct rdl_info *v, size_t max);

/* rdlweb.c: the pages under /rdl/ (url), body the whole form of a POST. */
enum MHD_Result	 rdlweb_handle(struct rdl *, struct hubdb *,
		    struct MHD_Connection *, const char *url,
		    const char *method, const char *body, size_t len);
/* rdl.c's log, for rdlweb.c. */
void	rdl_log(struct rdl *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
