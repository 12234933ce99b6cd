/*
 * sess.h: the asynchronous SNMP engine over net-snmp.
 *
 * Many requests are in flight at once over a few UDP sockets: v1/v2c
 * requests to every device share one net-snmp session per address family
 * and version, each PDU carrying its own destination and community.  SNMPv3 needs per
 * device state (engine ID, boots, time, localised keys), so a v3 device
 * gets its own session, opened once its engine ID is known; the engine ID
 * is discovered asynchronously (RFC 3414 4) on a shared session, never by
 * a blocking probe.
 *
 * The engine is gentle by construction: a cap on requests in flight, a
 * token bucket for packets per second (retries included), a timeout and a
 * retry count.  Retries are resent by the engine, not by net-snmp, so they
 * pass through the same caps.
 *
 * Single-threaded: callbacks run inside sess_run(); they may queue more
 * requests (a walk continues that way) but never block.
 */
#ifndef FA_SESS_H
#define FA_SESS_H

#include <stdint.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "../cli/util.h"
#include "range.h"

enum sess_auth { SESS_AUTH_NONE, SESS_AUTH_MD5, SESS_AUTH_SHA,
	SESS_AUTH_SHA224, SESS_AUTH_SHA256, SESS_AUTH_SHA384,
	SESS_AUTH_SHA512 };
enum sess_priv { SESS_PRIV_NONE, SESS_PRIV_DES, SESS_PRIV_AES,
	SESS_PRIV_AES192, SESS_PRIV_AES256, SESS_PRIV_AES192C,
	SESS_PRIV_AES256C };

/* One credential set.  Strings owned (sess_cred_release). */
struct sess_cred {
	char		*label;		/* shown to users; never the secret */
	int		 version;	/* 1, 2 (v2c) or 3 */
	char		*community;
	char		*user;
	char		*context;
	enum sess_auth	 auth;
	char		*auth_pass;
	enum sess_priv	 priv;
	char		*priv_pass;
};
void	sess_cred_release(struct sess_cred *);
/* "MD5", "SHA", "SHA-224"... (case-insensitive, dash optional). */
int	sess_auth_parse(const char *, enum sess_auth *) FA_WUR;
int	sess_priv_parse(const char *, enum sess_priv *) FA_WUR;
const char *sess_auth_name(enum sess_auth);
const char *sess_priv_name(enum sess_priv);
/* Checks a v3 credential: passphrases of at least 8 characters (RFC 3414
 * 11.2), priv only with auth. */
int	sess_cred_check(const struct sess_cred *, struct fa_err *) FA_WUR;

struct sess_opts {
	int	max_inflight;	/* requests awaiting an answer */
	int	pps;		/* packets per second, retries included */
	int	timeout_ms;	/* per try */
	int	retries;	/* tries after the first */
	int	port;		/* UDP port, 161 */
	int	max_v3;		/* v3 device sessions open at once */
};
#define SESS_DEFAULT_INFLIGHT	8192
#define SESS_DEFAULT_PPS	8000
#define SESS_DEFAULT_TIMEOUT	1000
#define SESS_DEFAULT_RETRIES	1

enum sess_status {
	SESS_OK,		/* resp holds the response */
	SESS_TIMEOUT,		/* no answer after every try */
	SESS_ERROR,		/* could not send, or a v3 failure */
};

/*
 * Called once per request.  resp (SESS_OK only) belongs to net-snmp and is
 * valid during the call only.  why is a short reason on SESS_ERROR.
 */
typedef void (*sess_cb)(enum sess_status, netsnmp_pdu *resp,
	    const char *why, void *arg);

struct sess_engine;

struct sess_stats {
	uint64_t	sent;		/* packets, retries included */
	uint64_t	received;
	uint64_t	timeouts;	/* requests that got no answer */
	uint64_t	v3_sessions;
	uint64_t	stray;		/* answers from elsewhere, ignored */
};

int	sess_engine_new(const struct sess_opts *, struct sess_engine **,
	    struct fa_err *) FA_WUR;
void	sess_engine_free(struct sess_engine *);

/*
 * Queues pdu (which the engine takes on every path) to addr with cred.  The
 * pdu's version and community are set here from cred.  cred is borrowed and
 * must outlive sess_run().  Fails only on a bad argument.
 */
int	sess_send(struct sess_engine *, const struct fa_addr *,
	    const struct sess_cred *, netsnmp_pdu *pdu, sess_cb, void *arg)
	    FA_WUR;

/*
 * Optional feeder: called whenever the engine could send more than is
 * queued, so a sweep queues addresses as room frees up instead of all at
 * once (memory stays bounded by the in-flight cap).  It returns after
 * queueing a few requests, or none when it has nothing left.
 */
typedef void (*sess_feed)(struct sess_engine *, void *arg);
void	sess_set_feeder(struct sess_engine *, sess_feed, void *arg);

/* Runs until nothing is queued or in flight, or fa_interrupted is set, or
 * deadline_ms (monotonic, 0 = none) passes. Returns the number of requests
 * still pending (0 when all done). */
size_t	sess_run(struct sess_engine *, int64_t deadline_ms);

/*
 * Ends every request not yet ended: its callback runs with SESS_ERROR
 * ("cancelled") and may not queue more (sess_send fails from now on).
 * For an early stop (interrupt, deadline), while the callbacks' state is
 * still alive; then only sess_engine_free.
 */
void	sess_cancel(struct sess_engine *);

void	sess_get_stats(const struct sess_engine *, struct sess_stats *);
/* How long a request that gets no answer takes to fail: every try's
 * timeout, in ms. */
int64_t	sess_try_ms(const struct sess_engine *);

/* Library set-up: once per process, before any engine (quiet, no MIBs). */
void	sess_lib_init(void);

#endif
