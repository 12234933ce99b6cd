/*
 * sess.c: the asynchronous SNMP engine (see sess.h for the design).
 *
 * Choices made on purpose:
 * - v1/v2c requests ride on one shared net-snmp session per address family
 *   and version (net-snmp refuses a PDU of another version than its
 *   session's):
 *   each PDU carries its destination (pdu->transport_data, which net-snmp's
 *   UDP transport sends to) and its community; responses are matched by
 *   request id.  A /16 sweep needs thousands of requests in flight, which
 *   one socket per device (and select()'s FD_SETSIZE) cannot give.
 * - Retries are ours: net-snmp sessions are opened with retries 0, and a
 *   timed-out try is queued again ahead of new work, through the same rate
 *   and in-flight caps.  Each try sends a clone of a kept template PDU.
 * - SNMPv3: an engine-ID probe (a noAuthNoPriv GET with an empty user,
 *   RFC 3414 4) goes out on a shared v3 session; the report names the
 *   engine, and a per-device session is then opened with that engine ID
 *   so net-snmp does not probe synchronously.  net-snmp itself answers the
 *   first notInTimeWindow report by resending with the agent's clock.
 * - Timeouts are checked every SESS_TICK_MS, not per request, to keep the
 *   loop cheap with thousands of requests outstanding.
 * - A sent v1/v2c PDU gives its varbinds back at once (net-snmp keeps the
 *   PDU only to match the answer), for the next PDUs to reuse: memory in
 *   flight is about 1.1 KB a request instead of 1.1 KB a varbind more.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/snmp_transport.h>
#include <net-snmp/library/snmpusm.h>

#include "../cli/plat.h"
#include "../cli/plat_net.h"
#include "../cli/util.h"
#include "sess.h"

#define SESS_TICK_MS		10
#define SESS_RCVBUF		(4 * 1024 * 1024)
#define SESS_MAX_ENGINE_ID	32	/* RFC 3411 SnmpEngineID: 5..32 */

struct v3dev;

struct sreq {
	struct sreq		*next;
	struct fa_addr		 addr;
	const struct sess_cred	*cred;
	netsnmp_pdu		*tmpl;		/* v3: each try sends a clone */
	/* v1/v2c: the request kept compact, its PDU built for each try
	 * (a net-snmp PDU costs about 1.2 KB per varbind) */
	int			 cmd;
	long			 nonrep, maxrep;
	unsigned		 nvars;
	unsigned char		*lens;		/* nvars OID lengths ... */
	oid			*oids;		/* ... and their sub-ids */
	sess_cb			 cb;
	void			*arg;
	int			 tries;
	int			 probe;		/* a v3 engine-ID probe */
	int			 sec_error;	/* the agent refused our v3 */
	unsigned		 usm_errs;	/* usm_errors() at send */
	struct v3dev		*v3;
	struct sess_engine	*eng;
	struct sreq		*lprev, *lnext;	/* every live request */
	int			 sent;		/* net-snmp holds it */
};

/* Per (device, v3 credential) state. */
struct v3dev {
	struct v3dev		*next;
	struct fa_addr		 addr;
	const struct sess_cred	*cred;
	enum { V3_NEW, V3_PROBING, V3_READY, V3_FAILED } state;
	void			*sessp;
	struct sreq		*waiting;	/* queued until ready */
	int			 pending;	/* requests queued or sent */
	int			 idle;		/* to close after this turn */
	char			 why[96];
};

struct sreq_queue {
	struct sreq	*head, *tail;
	size_t		 n;
};

struct sess_engine {
	struct sess_opts	 o;
	/* v2c [0..1] and v1 [2..3] (net-snmp refuses a PDU whose version
	 * differs from its session's), IPv4 then IPv6 in each pair. */
	void			*shared[4];
	void			*probe[2];	/* v3 engine-ID probes */
	struct v3dev		*v3list;
	int			 v3open;
	struct sreq_queue	 retry, queue;
	size_t			 inflight;
	double			 tokens;
	int64_t			 last_refill, last_tick;
	struct sess_stats	 st;
	sess_feed		 feed;
	void			*feed_arg;
	struct sreq		*sending;	/* inside snmp_sess_async_send */
	int			 send_failed;
	char			 send_why[96];
	struct sreq		*live;		/* every request not ended */
	int			 cancelled;	/* sess_cancel() or closing */
	/* varbinds of sent v1/v2c PDUs, for the next ones (send_one()) */
	netsnmp_variable_list	*vfree;
	unsigned		 nvfree;
};

/* Spare varbinds kept at most: a few rounds of requests' worth. */
#define SESS_VFREE_MAX		1024

static int	lib_ready;

void
sess_lib_init(void)
{
	if (lib_ready)
		return;
	lib_ready = 1;
	setenv("MIBS", "", 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	init_snmp("fleetaudit");
	/* net-snmp prints to stderr when no log handler is enabled; a null
	 * handler keeps its messages ("Authentication failed for ...") out
	 * of our output: failures reach the user through our own errors. */
	snmp_disable_log();
	(void)netsnmp_register_loghandler(NETSNMP_LOGHANDLER_NONE, LOG_DEBUG);
	/* The blank noAuthNoPriv user that engine-ID probes are sent as
	 * (RFC 3414 4), created the way net-snmp's own probe does. */
	if (usm_get_user(NULL, 0, (char *)(uintptr_t)"") == NULL) {
		struct usmUser	*u = usm_create_user();

		if (u == NULL)
			fa_bug("out of memory");
		u->name = fa_strdup("");
		u->secName = fa_strdup("");
		free(u->authProtocol);
		u->authProtocolLen = nitems(usmNoAuthProtocol);
		u->authProtocol = snmp_duplicate_objid(usmNoAuthProtocol,
		    u->authProtocolLen);
		free(u->privProtocol);
		u->privProtocolLen = nitems(usmNoPrivProtocol);
		u->privProtocol = snmp_duplicate_objid(usmNoPrivProtocol,
		    u->privProtocolLen);
		usm_add_user(u);
	}
}

void
sess_cred_release(struct sess_cred *c)
{
	free(c->label);
	free(c->community);
	free(c->user);
	free(c->context);
	if (c->auth_pass != NULL)
		fa_wipe(c->auth_pass, strlen(c->auth_pass));
	if (c->priv_pass != NULL)
		fa_wipe(c->priv_pass, strlen(c->priv_pass));
	free(c->auth_pass);
	free(c->priv_pass);
	memset(c, 0, sizeof(*c));
}

static const struct {
	const char	*name;
	enum sess_auth	 a;
} auths[] = {
	{ "MD5", SESS_AUTH_MD5 }, { "SHA", SESS_AUTH_SHA },
	{ "SHA1", SESS_AUTH_SHA }, { "SHA224", SESS_AUTH_SHA224 },
	{ "SHA256", SESS_AUTH_SHA256 }, { "SHA384", SESS_AUTH_SHA384 },
	{ "SHA512", SESS_AUTH_SHA512 },
};
static const struct {
	const char	*name;
	enum sess_priv	 p;
} privs[] = {
	{ "DES", SESS_PRIV_DES }, { "AES", SESS_PRIV_AES },
	{ "AES128", SESS_PRIV_AES }, { "AES192", SESS_PRIV_AES192 },
	{ "AES256", SESS_PRIV_AES256 }, { "AES192C", SESS_PRIV_AES192C },
	{ "AES256C", SESS_PRIV_AES256C },
};

/* Upper-cases s without '-' into buf. */
static void
proto_key(const char *s, char *buf, size_t len)
{
	size_t	n = 0;

	for (; *s != '\0' && n + 1 < len; s++)
		if (*s != '-' && *s != '_')
			buf[n++] = (char)(*s >= 'a' && *s <= 'z' ?
			    *s - 'a' + 'A' : *s);
	buf[n] = '\0';
}

int
sess_auth_parse(const char *s, enum sess_auth *out)
{
	char	k[16];
	size_t	i;

	proto_key(s, k, sizeof(k));
	for (i = 0; i < nitems(auths); i++)
		if (strcmp(k, auths[i].name) == 0) {
			*out = auths[i].a;
			return 0;
		}
	return -1;
}

int
sess_priv_parse(const char *s, enum sess_priv *out)
{
	char	k[16];
	size_t	i;

	proto_key(s, k, sizeof(k));
	for (i = 0; i < nitems(privs); i++)
		if (strcmp(k, privs[i].name) == 0) {
			*out = privs[i].p;
			return 0;
		}
	return -1;
}

const char *
sess_auth_name(enum sess_auth a)
{
	static const char *n[] = { "none", "MD5", "SHA", "SHA-224",
	    "SHA-256", "SHA-384", "SHA-512" };
	return (unsigned)a < nitems(n) ? n[a] : "?";
}

const char *
sess_priv_name(enum sess_priv p)
{
	static const char *n[] = { "none", "DES", "AES", "AES-192",
	    "AES-256", "AES-192C", "AES-256C" };
	return (unsigned)p < nitems(n) ? n[p] : "?";
}

int
sess_cred_check(const struct sess_cred *c, struct fa_err *e)
{
	if (c->version == 1 || c->version == 2) {
		if (c->community == NULL || *c->community == '\0')
			return fa_errf(e, "credential '%s': empty community",
			    c->label);
		return 0;
	}
	if (c->version != 3)
		return fa_errf(e, "credential '%s': unknown SNMP version %d",
		    c->label, c->version);
	if (c->user == NULL || *c->user == '\0')
		return fa_errf(e, "credential '%s': SNMPv3 needs a user",
		    c->label);
	if (c->auth != SESS_AUTH_NONE && (c->auth_pass == NULL ||
	    strlen(c->auth_pass) < 8))
		return fa_errf(e, "credential '%s': auth passphrase must be "
		    "at least 8 characters", c->label);
	if (c->priv != SESS_PRIV_NONE && c->auth == SESS_AUTH_NONE)
		return fa_errf(e, "credential '%s': privacy needs "
		    "authentication too", c->label);
	if (c->priv != SESS_PRIV_NONE && (c->priv_pass == NULL ||
	    strlen(c->priv_pass) < 8))
		return fa_errf(e, "credential '%s': priv passphrase must be "
		    "at least 8 characters", c->label);
	return 0;
}

/* --- queues ------------------------------------------------------------ */

static void
q_push(struct sreq_queue *q, struct sreq *r)
{
	r->next = NULL;
	if (q->tail)
		q->tail->next = r;
	else
		q->head = r;
	q->tail = r;
	q->n++;
}

static struct sreq *
q_pop(struct sreq_queue *q)
{
	struct sreq	*r = q->head;

	if (r != NULL) {
		q->head = r->next;
		if (q->head == NULL)
			q->tail = NULL;
		q->n--;
		r->next = NULL;
	}
	return r;
}

/* --- sessions ---------------------------------------------------------- */

static void *
open_shared(int v6, int ver, const struct sess_opts *o, struct fa_err *e)
{
	netsnmp_session		 s;
	netsnmp_transport	*t;
	void			*sp;
	int			 sz = SESS_RCVBUF;

	snmp_sess_init(&s);
	/* Never a target: every PDU names its own destination. */
	s.peername = v6 ? (char *)(uintptr_t)"udp6:[::1]:9" :
	    (char *)(uintptr_t)"udp:127.0.0.1:9";
	s.version = ver == 3 ? SNMP_VERSION_3 : ver == 1 ? SNMP_VERSION_1 :
	    SNMP_VERSION_2c;
	s.retries = 0;
	s.timeout = (long)o->timeout_ms * 1000L;
	s.flags |= SNMP_FLAGS_DONT_PROBE;
	if (ver == 3) {
		s.securityModel = SNMP_SEC_MODEL_USM;
		s.securityLevel = SNMP_SEC_LEVEL_NOAUTH;
		s.securityName = (char *)(uintptr_t)"";
		s.securityNameLen = 0;
	} else {
		s.community = (u_char *)(uintptr_t)"public";
		s.community_len = 6;
	}
	sp = snmp_sess_open(&s);
	if (sp == NULL) {
		/* No IPv6 on this host is not an error until it is used. */
		if (v6)
			return NULL;
		fa_errf(e, "cannot open SNMP socket: %s",
		    snmp_api_errstring(snmp_errno));
		return NULL;
	}
	/* net-snmp clears the flag on open, and would then probe this
	 * session's placeholder peer synchronously on the first v3 send. */
	snmp_sess_session(sp)->flags |= SNMP_FLAGS_DONT_PROBE;
	t = snmp_sess_transport(sp);
	if (t != NULL && t->sock >= 0)
		(void)fa_sock_setint(t->sock, SOL_SOCKET, SO_RCVBUF, sz);
	return sp;
}

int
sess_engine_new(const struct sess_opts *o, struct sess_engine **out,
    struct fa_err *e)
{
	struct sess_engine	*g;

	if (o->max_inflight < 1 || o->pps < 1 || o->timeout_ms < 1 ||
	    o->retries < 0 || o->port < 1 || o->port > 65535)
		return fa_errf(e, "bad SNMP engine settings");
	sess_lib_init();
	g = fa_calloc(1, sizeof(*g));
	g->o = *o;
	if (g->o.max_v3 < 1)
		g->o.max_v3 = 64;
	if ((g->shared[0] = open_shared(0, 2, o, e)) == NULL ||
	    (g->shared[2] = open_shared(0, 1, o, e)) == NULL ||
	    (g->probe[0] = open_shared(0, 3, o, e)) == NULL) {
		sess_engine_free(g);
		return -1;
	}
	g->shared[1] = open_shared(1, 2, o, e);
	g->shared[3] = open_shared(1, 1, o, e);
	g->probe[1] = open_shared(1, 3, o, e);
	g->last_refill = g->last_tick = fa_now_ms();
	g->tokens = 1;
	*out = g;
	return 0;
}

static void
live_add(struct sess_engine *g, struct sreq *r)
{
	r->eng = g;
	r->lprev = NULL;
	r->lnext = g->live;
	if (g->live != NULL)
		g->live->lprev = r;
	g->live = r;
}

static void
sreq_free(struct sreq *r)
{
	if (r->lprev != NULL)
		r->lprev->lnext = r->lnext;
	else if (r->eng->live == r)
		r->eng->live = r->lnext;
	if (r->lnext != NULL)
		r->lnext->lprev = r->lprev;
	if (r->tmpl != NULL)
		snmp_free_pdu(r->tmpl);
	free(r->lens);
	free(r);
}

static void
v3_close(struct sess_engine *g, struct v3dev *v)
{
	struct v3dev	**pp;

	for (pp = &g->v3list; *pp != NULL; pp = &(*pp)->next)
		if (*pp == v) {
			*pp = v->next;
			break;
		}
	if (v->sessp != NULL) {
		snmp_sess_close(v->sessp);
		g->v3open--;
	}
	free(v);
}

static void
drop_queue(struct sreq_queue *q)
{
	struct sreq	*r;

	while ((r = q_pop(q)) != NULL)
		sreq_free(r);
}

void
sess_engine_free(struct sess_engine *g)
{
	int	i;

	if (g == NULL)
		return;
	/* snmp_sess_close() calls back (TIMED_OUT) for every request still
	 * in flight: net_cb() then only frees it, never calls its owner,
	 * whose state may be gone by now. */
	g->cancelled = 1;
	drop_queue(&g->retry);
	drop_queue(&g->queue);
	while (g->v3list != NULL) {
		struct sreq_queue q = { g->v3list->waiting, NULL, 0 };
		drop_queue(&q);
		v3_close(g, g->v3list);
	}
	/* Closing frees the requests still outstanding. */
	for (i = 0; i < 4; i++)
		if (g->shared[i] != NULL)
			snmp_sess_close(g->shared[i]);
	for (i = 0; i < 2; i++)
		if (g->probe[i] != NULL)
			snmp_sess_close(g->probe[i]);
	snmp_free_varbind(g->vfree);
	free(g);
}

void
sess_cancel(struct sess_engine *g)
{
	struct sreq	*r, *next;
	struct v3dev	*v;

	g->cancelled = 1;
	g->feed = NULL;
	/* Every request is on the live list; the queues and v3 waiting
	 * lists that hold some of them are forgotten first. */
	memset(&g->retry, 0, sizeof(g->retry));
	memset(&g->queue, 0, sizeof(g->queue));
	for (v = g->v3list; v != NULL; v = v->next)
		v->waiting = NULL;
	for (r = g->live; r != NULL; r = next) {
		next = r->lnext;
		if (!r->probe && r->cb != NULL) {
			sess_cb	cb = r->cb;

			r->cb = NULL;
			cb(SESS_ERROR, NULL, "cancelled", r->arg);
		}
		/* One in flight is freed when net-snmp lets it go. */
		if (!r->sent)
			sreq_free(r);
	}
}

void
sess_set_feeder(struct sess_engine *g, sess_feed f, void *arg)
{
	g->feed = f;
	g->feed_arg = arg;
}

void
sess_get_stats(const struct sess_engine *g, struct sess_stats *st)
{
	*st = g->st;
}

int64_t
sess_try_ms(const struct sess_engine *g)
{
	return (int64_t)g->o.timeout_ms * (g->o.retries + 1);
}

static struct v3dev *
v3_find(struct sess_engine *g, const struct fa_addr *a,
    const struct sess_cred *c)
{
	struct v3dev	*v;

	for (v = g->v3list; v != NULL; v = v->next)
		if (v->cred == c && fa_addr_cmp(&v->addr, a) == 0) {
			v->idle = 0;
			return v;
		}
	v = fa_calloc(1, sizeof(*v));
	v->addr = *a;
	v->cred = c;
	v->next = g->v3list;
	g->v3list = v;
	return v;
}

int
sess_send(struct sess_engine *g, const struct fa_addr *a,
    const struct sess_cred *c, netsnmp_pdu *pdu, sess_cb cb, void *arg)
{
	struct sreq	*r;

	if (pdu == NULL || c == NULL || cb == NULL || g->cancelled ||
	    (a->family != AF_INET && a->family != AF_INET6)) {
		if (pdu != NULL)
			snmp_free_pdu(pdu);
		return -1;
	}
	r = fa_calloc(1, sizeof(*r));
	r->addr = *a;
	r->cred = c;
	r->tmpl = pdu;
	r->cb = cb;
	r->arg = arg;
	live_add(g, r);
	if (c->version == 3) {
		r->v3 = v3_find(g, a, c);
		r->v3->pending++;
	} else {
		netsnmp_variable_list	*v;
		size_t			 n = 0, tot = 0, k = 0;

		for (v = pdu->variables; v != NULL; v = v->next_variable) {
			n++;
			tot += v->name_length;
		}
		r->cmd = pdu->command;
		r->nonrep = pdu->non_repeaters;
		r->maxrep = pdu->max_repetitions;
		r->nvars = (unsigned)n;
		/* one block: the lengths, then the sub-ids, aligned */
		r->lens = fa_calloc(1, ((n + sizeof(oid) - 1) / sizeof(oid) +
		    tot) * sizeof(oid) + 1);
		r->oids = (oid *)(void *)(r->lens + (n + sizeof(oid) - 1) /
		    sizeof(oid) * sizeof(oid));
		n = 0;
		for (v = pdu->variables; v != NULL; v = v->next_variable) {
			r->lens[n++] = (unsigned char)v->name_length;
			memcpy(r->oids + k, v->name,
			    v->name_length * sizeof(oid));
			k += v->name_length;
		}
		snmp_free_pdu(pdu);
		r->tmpl = NULL;
	}
	q_push(&g->queue, r);
	return 0;
}

/* --- sending ----------------------------------------------------------- */

/*
 * A reply that fails our own USM checks (wrong passphrase: the agent's
 * report carries a digest we cannot verify) is dropped inside net-snmp
 * with no callback; only its counters move.  A v3 request that times out
 * while they moved is reported as a security error, not as silence.
 */
static unsigned
usm_errors(void)
{
	return snmp_get_statistic(STAT_USMSTATSWRONGDIGESTS) +
	    snmp_get_statistic(STAT_USMSTATSDECRYPTIONERRORS) +
	    snmp_get_statistic(STAT_USMSTATSUNKNOWNUSERNAMES);
}

static void	finish(struct sess_engine *, struct sreq *, enum sess_status,
		    netsnmp_pdu *, const char *);
static void	v3_probe_done(struct sess_engine *, struct sreq *,
		    netsnmp_pdu *);

/*
 * The destination as net-snmp's UDP transports take it from a PDU: an
 * address pair for IPv4 (snmpUDPBaseDomain), a bare sockaddr_in6 for IPv6
 * (snmpUDPIPv6Domain).
 */
static void *
addr_pair(const struct fa_addr *a, int port, int *len)
{
	if (a->family == AF_INET) {
		netsnmp_indexed_addr_pair	*p = fa_calloc(1, sizeof(*p));

		p->remote_addr.sin.sin_family = AF_INET;
		p->remote_addr.sin.sin_port = htons((uint16_t)port);
		memcpy(&p->remote_addr.sin.sin_addr, a->a, 4);
		*len = (int)sizeof(*p);
		return p;
	} else {
		struct sockaddr_in6		*p = fa_calloc(1, sizeof(*p));

		p->sin6_family = AF_INET6;
		p->sin6_port = htons((uint16_t)port);
		memcpy(&p->sin6_addr, a->a, 16);
		*len = (int)sizeof(*p);
		return p;
	}
}

/*
 * On a shared socket any host can answer any request id: take a reply
 * only from the address and port it was sent to.
 */
static int
from_target(const netsnmp_pdu *pdu, const struct sreq *r, int port)
{
	const struct sockaddr	*sa;

	if (pdu->transport_data == NULL)
		return 0;
	if (r->addr.family == AF_INET) {
		const netsnmp_indexed_addr_pair	*p = pdu->transport_data;

		if (pdu->transport_data_length != (int)sizeof(*p))
			return 0;
		sa = &p->remote_addr.sa;
		return sa->sa_family == AF_INET &&
		    p->remote_addr.sin.sin_port == htons((uint16_t)port) &&
		    memcmp(&p->remote_addr.sin.sin_addr, r->addr.a, 4) == 0;
	} else {
		const struct sockaddr_in6	*p = pdu->transport_data;

		if (pdu->transport_data_length != (int)sizeof(*p))
			return 0;
		return p->sin6_family == AF_INET6 &&
		    p->sin6_port == htons((uint16_t)port) &&
		    memcmp(&p->sin6_addr, r->addr.a, 16) == 0;
	}
}

static int
net_cb(int op, netsnmp_session *s, int reqid, netsnmp_pdu *pdu, void *magic)
{
	struct sreq		*r = magic;
	struct sess_engine	*g = r->eng;

	(void)s;
	(void)reqid;
	/* net-snmp reports a failed send from inside the send call: leave
	 * r to send_one(), which sees the failure in the return value. */
	if (r == g->sending) {
		g->send_failed = 1;
		return 1;
	}
	/* Notices, not ends: a security error on a message that is still
	 * delivered (an engine-ID report), or net-snmp resending by itself
	 * after a notInTimeWindow report. */
	if (op == NETSNMP_CALLBACK_OP_SEC_ERROR) {
		r->sec_error = 1;
		return 1;
	}
	if (op == NETSNMP_CALLBACK_OP_RESEND) {
		g->st.sent++;
		return 1;
	}
	/* A stray answer: returning 0 keeps the request waiting. */
	if (op == NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE &&
	    (r->v3 == NULL || r->probe) && !from_target(pdu, r, g->o.port)) {
		g->st.stray++;
		return 0;
	}
	r->sent = 0;
	/* Cancelled or closing: its owner has been told, or is gone. */
	if (g->cancelled) {
		sreq_free(r);
		return 1;
	}
	g->inflight--;
	if (op == NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE) {
		g->st.received++;
		if (r->probe) {
			v3_probe_done(g, r, pdu);
		} else if (pdu->command == SNMP_MSG_REPORT) {
			int	t = snmpv3_get_report_type(pdu);
			finish(g, r, SESS_ERROR, NULL,
			    t == SNMPERR_UNKNOWN_USER_NAME ? "unknown v3 user" :
			    t == SNMPERR_AUTHENTICATION_FAILURE ?
			    "v3 authentication failed" :
			    t == SNMPERR_DECRYPTION_ERR ?
			    "v3 decryption failed" :
			    t == SNMPERR_UNSUPPORTED_SEC_LEVEL ?
			    "v3 security level not supported" :
			    "v3 report");
		} else {
			finish(g, r, SESS_OK, pdu, NULL);
		}
		return 1;
	}
	if (op == NETSNMP_CALLBACK_OP_TIMED_OUT) {
		if (r->tries <= g->o.retries) {
			q_push(&g->retry, r);
			return 1;
		}
		if (r->v3 != NULL && !r->probe && usm_errors() != r->usm_errs)
			r->sec_error = 1;
		g->st.timeouts++;
		if (r->probe)
			v3_probe_done(g, r, NULL);
		else if (r->sec_error)
			finish(g, r, SESS_ERROR, NULL, "v3 security error: "
			    "wrong user, passphrase or protocol");
		else
			finish(g, r, SESS_TIMEOUT, NULL, "no answer");
		return 1;
	}
	/* Send failure or session closing: report it as an error. */
	if (r->probe)
		v3_probe_done(g, r, NULL);
	else
		finish(g, r, SESS_ERROR, NULL, "request failed");
	return 1;
}

static void *
v3_open(struct sess_engine *g, struct v3dev *v, const u_char *eid,
    size_t eidlen, char *why, size_t whylen)
{
	const struct sess_cred	*c = v->cred;
	netsnmp_session		 s;
	char			 peer[80], a[INET6_ADDRSTRLEN];
	const oid		*ap = NULL, *pp = NULL;
	size_t			 aplen = 0, pplen = 0;
	void			*sp;

	fa_addr_str(&v->addr, a, sizeof(a));
	if (v->addr.family == AF_INET6)
		snprintf(peer, sizeof(peer), "udp6:[%s]:%d", a, g->o.port);
	else
		snprintf(peer, sizeof(peer), "udp:%s:%d", a, g->o.port);
	snmp_sess_init(&s);
	s.peername = peer;
	s.version = SNMP_VERSION_3;
	s.retries = 0;
	s.timeout = (long)g->o.timeout_ms * 1000L;
	s.securityModel = SNMP_SEC_MODEL_USM;
	s.securityName = c->user;
	s.securityNameLen = strlen(c->user);
	s.securityEngineID = (u_char *)(uintptr_t)eid;
	s.securityEngineIDLen = eidlen;
	s.contextEngineID = (u_char *)(uintptr_t)eid;
	s.contextEngineIDLen = eidlen;
	if (c->context != NULL) {
		s.contextName = c->context;
		s.contextNameLen = strlen(c->context);
	}
	switch (c->auth) {
	case SESS_AUTH_MD5:
		ap = usmHMACMD5AuthProtocol; break;
	case SESS_AUTH_SHA:
		ap = usmHMACSHA1AuthProtocol; break;
	case SESS_AUTH_SHA224:
		ap = usmHMAC128SHA224AuthProtocol; break;
	case SESS_AUTH_SHA256:
		ap = usmHMAC192SHA256AuthProtocol; break;
	case SESS_AUTH_SHA384:
		ap = usmHMAC256SHA384AuthProtocol; break;
	case SESS_AUTH_SHA512:
		ap = usmHMAC384SHA512AuthProtocol; break;
	case SESS_AUTH_NONE:
		break;
	}
	switch (c->priv) {
	case SESS_PRIV_DES:
		pp = usmDESPrivProtocol; pplen = 10; break;
	case SESS_PRIV_AES:
		pp = usmAESPrivProtocol; pplen = 10; break;
	case SESS_PRIV_AES192:
		pp = usmAES192PrivProtocol; pplen = 9; break;
	case SESS_PRIV_AES256:
		pp = usmAES256PrivProtocol; pplen = 9; break;
	case SESS_PRIV_AES192C:
		pp = usmAES192CiscoPrivProtocol; pplen = 11; break;
	case SESS_PRIV_AES256C:
		pp = usmAES256CiscoPrivProtocol; pplen = 11; break;
	case SESS_PRIV_NONE:
		break;
	}
	s.securityLevel = ap == NULL ? SNMP_SEC_LEVEL_NOAUTH :
	    pp == NULL ? SNMP_SEC_LEVEL_AUTHNOPRIV : SNMP_SEC_LEVEL_AUTHPRIV;
	if (ap != NULL) {
		aplen = 10;
		s.securityAuthProto = (oid *)(uintptr_t)ap;
		s.securityAuthProtoLen = aplen;
		s.securityAuthKeyLen = USM_AUTH_KU_LEN;
		if (generate_Ku(ap, (u_int)aplen, (const u_char *)c->auth_pass,
		    strlen(c->auth_pass), s.securityAuthKey,
		    &s.securityAuthKeyLen) != SNMPERR_SUCCESS) {
			snprintf(why, whylen, "cannot derive v3 auth key");
			return NULL;
		}
	}
	if (pp != NULL) {
		s.securityPrivProto = (oid *)(uintptr_t)pp;
		s.securityPrivProtoLen = pplen;
		s.securityPrivKeyLen = USM_PRIV_KU_LEN;
		if (generate_Ku(ap, (u_int)aplen, (const u_char *)c->priv_pass,
		    strlen(c->priv_pass), s.securityPrivKey,
		    &s.securityPrivKeyLen) != SNMPERR_SUCCESS) {
			snprintf(why, whylen, "cannot derive v3 priv key");
			return NULL;
		}
	}
	sp = snmp_sess_open(&s);
	fa_wipe(s.securityAuthKey, sizeof(s.securityAuthKey));
	fa_wipe(s.securityPrivKey, sizeof(s.securityPrivKey));
	if (sp == NULL)
		snprintf(why, whylen, "cannot open v3 session: %s",
		    snmp_api_errstring(snmp_errno));
	return sp;
}

/* The engine-ID probe of v answered (resp) or not (NULL). */
static void
v3_probe_done(struct sess_engine *g, struct sreq *r, netsnmp_pdu *resp)
{
	struct v3dev	*v = r->v3;
	struct sreq	*w, *list;
	enum sess_status st = SESS_TIMEOUT;

	if (resp != NULL && resp->securityEngineIDLen >= 5 &&
	    resp->securityEngineIDLen <= SESS_MAX_ENGINE_ID) {
		v->sessp = v3_open(g, v, resp->securityEngineID,
		    resp->securityEngineIDLen, v->why, sizeof(v->why));
		if (v->sessp != NULL) {
			g->v3open++;
			g->st.v3_sessions++;
			v->state = V3_READY;
		} else {
			v->state = V3_FAILED;
			st = SESS_ERROR;
		}
	} else {
		v->state = V3_FAILED;
		if (resp != NULL) {
			st = SESS_ERROR;
			snprintf(v->why, sizeof(v->why), "bad v3 engine ID");
		} else if (v->why[0] == '\0')
			snprintf(v->why, sizeof(v->why), "no answer");
	}
	r->v3 = NULL;
	sreq_free(r);
	/* Release the waiting requests: to the queue, or failed. */
	list = v->waiting;
	v->waiting = NULL;
	while ((w = list) != NULL) {
		list = w->next;
		if (v->state == V3_READY)
			q_push(&g->retry, w);
		else
			finish(g, w, st, NULL, v->why);
	}
}

/*
 * The varbinds of a v1/v2c request: each a 1,136-byte
 * netsnmp_variable_list (its OID inline), too big for the allocator's
 * caches, so the ones of sent PDUs are kept (up to SESS_VFREE_MAX) and
 * reused rather than allocated, zeroed and freed for every packet.  A
 * reused one is set as snmp_add_null_var() sets a new one: its OID in
 * name_loc, type NULL, value in its own buffer, nothing else held.
 */
static void
vfree_put(struct sess_engine *g, netsnmp_variable_list *l)
{
	netsnmp_variable_list	*v;

	while (l != NULL) {
		v = l;
		l = l->next_variable;
		if (g->nvfree >= SESS_VFREE_MAX || v->name != v->name_loc ||
		    (v->val.string != NULL && v->val.string != v->buf) ||
		    v->data != NULL) {
			v->next_variable = NULL;
			snmp_free_varbind(v);
			continue;
		}
		v->next_variable = g->vfree;
		g->vfree = v;
		g->nvfree++;
	}
}

static void
add_null(struct sess_engine *g, netsnmp_pdu *p, const oid *o, size_t len)
{
	netsnmp_variable_list	*v = g->vfree, **tail;

	if (v == NULL || len > MAX_OID_LEN) {
		snmp_add_null_var(p, o, len);
		return;
	}
	g->vfree = v->next_variable;
	g->nvfree--;
	v->next_variable = NULL;
	memcpy(v->name_loc, o, len * sizeof(*o));
	v->name = v->name_loc;
	v->name_length = len;
	v->type = ASN_NULL;
	v->val.string = v->buf;
	v->val_len = 0;
	for (tail = &p->variables; *tail != NULL; tail = &(*tail)->next_variable)
		;
	*tail = v;
}

/* Sends one try of r.  Returns 0 when sent or parked, -1 on failure
 * (r is finished then). */
static int
send_one(struct sess_engine *g, struct sreq *r)
{
	netsnmp_pdu	*p;
	void		*sp;
	int		 v6 = r->addr.family == AF_INET6;

	if (r->v3 != NULL && !r->probe) {
		struct v3dev *v = r->v3;

		if (v->state == V3_FAILED) {
			finish(g, r, SESS_ERROR, NULL, v->why);
			return -1;
		}
		if (v->state != V3_READY) {
			r->next = v->waiting;
			v->waiting = r;
			if (v->state == V3_PROBING)
				return 0;
			if (g->probe[v6] == NULL) {
				v->state = V3_FAILED;
				snprintf(v->why, sizeof(v->why),
				    "no IPv6 on this host");
				v->waiting = r->next;
				finish(g, r, SESS_ERROR, NULL, v->why);
				return -1;
			}
			/* Start the engine-ID probe instead. */
			v->state = V3_PROBING;
			r = fa_calloc(1, sizeof(*r));
			r->addr = v->addr;
			r->cred = v->cred;
			r->probe = 1;
			r->v3 = v;
			live_add(g, r);
			r->tmpl = snmp_pdu_create(SNMP_MSG_GET);
			r->tmpl->version = SNMP_VERSION_3;
			r->tmpl->securityModel = SNMP_SEC_MODEL_USM;
			r->tmpl->securityLevel = SNMP_SEC_LEVEL_NOAUTH;
			r->tmpl->securityName = fa_strdup("");
			r->tmpl->securityNameLen = 0;
		}
	}
	if (r->probe)
		sp = g->probe[v6];
	else if (r->v3 != NULL)
		sp = r->v3->sessp;
	else
		sp = g->shared[v6 + (r->cred->version == 1 ? 2 : 0)];
	if (sp == NULL) {
		finish(g, r, SESS_ERROR, NULL, "no IPv6 on this host");
		return -1;
	}
	if (r->tmpl != NULL)
		p = snmp_clone_pdu(r->tmpl);
	else {
		unsigned	i;
		size_t		k = 0;

		p = snmp_pdu_create(r->cmd);
		if (p != NULL) {
			p->version = r->cred->version == 1 ? SNMP_VERSION_1 :
			    SNMP_VERSION_2c;
			p->community = (u_char *)fa_strdup(r->cred->community);
			p->community_len = strlen(r->cred->community);
			p->non_repeaters = r->nonrep;
			p->max_repetitions = r->maxrep;
			for (i = 0; i < r->nvars; i++) {
				add_null(g, p, r->oids + k, r->lens[i]);
				k += r->lens[i];
			}
		}
	}
	if (p == NULL)
		fa_bug("out of memory");
	if (r->v3 == NULL || r->probe)
		p->transport_data = addr_pair(&r->addr, g->o.port,
		    &p->transport_data_length);
	r->tries++;
	g->st.sent++;
	if (r->v3 != NULL && r->tries == 1)
		r->usm_errs = usm_errors();
	g->sending = r;
	g->send_failed = 0;
	if (snmp_sess_async_send(sp, p, net_cb, r) == 0) {
		int	 err = 0, serr = 0;
		char	*msg = NULL;

		g->sending = NULL;
		/* net-snmp freed p when its callback saw the failure. */
		if (!g->send_failed)
			snmp_free_pdu(p);
		snmp_sess_error(sp, &err, &serr, &msg);
		snprintf(g->send_why, sizeof(g->send_why), "cannot send: %s",
		    msg ? msg : "unknown error");
		free(msg);
		if (r->probe) {
			snprintf(r->v3->why, sizeof(r->v3->why), "%s",
			    g->send_why);
			v3_probe_done(g, r, NULL);
		} else
			finish(g, r, SESS_ERROR, NULL, g->send_why);
		return -1;
	}
	g->sending = NULL;
	g->inflight++;
	r->sent = 1;
	/*
	 * v1/v2c: net-snmp keeps the PDU until the answer only to match
	 * its request id (retries are ours, so it never resends it); its
	 * varbinds, about 1.1 KB each, are not read again.  8,192 probes
	 * in flight kept 36 MB of them; now they serve the next requests.
	 */
	if (r->tmpl == NULL && p->variables != NULL) {
		vfree_put(g, p->variables);
		p->variables = NULL;
	}
	return 0;
}

static void
finish(struct sess_engine *g, struct sreq *r, enum sess_status st,
    netsnmp_pdu *resp, const char *why)
{
	struct v3dev	*v = r->v3;

	(void)g;
	r->cb(st, resp, why, r->arg);
	/*
	 * A v3 session whose device has nothing left is closed by reap(),
	 * after this turn: we may be inside net-snmp's read of it now.
	 */
	if (v != NULL && --v->pending == 0 && v->waiting == NULL)
		v->idle = 1;
	sreq_free(r);
}

static void
reap(struct sess_engine *g)
{
	struct v3dev	*v, *next;

	/* Idle sessions stay open while there is room: a device read
	 * right after its discovery reuses its session. */
	if (g->v3open <= g->o.max_v3 / 2)
		return;
	for (v = g->v3list; v != NULL; v = next) {
		next = v->next;
		if (v->idle && v->pending == 0 && v->waiting == NULL)
			v3_close(g, v);
	}
}

/* --- the loop ---------------------------------------------------------- */

static void
refill(struct sess_engine *g, int64_t now)
{
	double	burst = g->o.pps / 100.0 > 1 ? g->o.pps / 100.0 : 1;

	g->tokens += (double)(now - g->last_refill) * g->o.pps / 1000.0;
	if (g->tokens > burst)
		g->tokens = burst;
	g->last_refill = now;
}

static void
dispatch(struct sess_engine *g)
{
	struct sreq	*r;

	while (g->tokens >= 1 && (int)g->inflight < g->o.max_inflight) {
		if (g->queue.n == 0 && g->retry.n == 0 && g->feed != NULL) {
			g->feed(g, g->feed_arg);
			if (g->queue.n == 0)
				g->feed = NULL;		/* it has no more */
		}
		if ((r = q_pop(&g->retry)) == NULL &&
		    (r = q_pop(&g->queue)) == NULL)
			break;
		/* A new v3 device needs a session slot. */
		if (r->v3 != NULL && r->v3->state == V3_NEW &&
		    g->v3open >= g->o.max_v3) {
			q_push(&g->queue, r);
			break;
		}
		if (send_one(g, r) == 0)
			g->tokens -= 1;
	}
}

static int
collect_fds(struct sess_engine *g, struct fa_pollfd *pfd, void **owner, int max)
{
	struct v3dev	*v;
	int		 n = 0, i;

	for (i = 0; i < 4 && n < max; i++)
		if (g->shared[i] != NULL) {
			owner[n] = g->shared[i];
			pfd[n++].fd = snmp_sess_transport(g->shared[i])->sock;
		}
	for (i = 0; i < 2 && n < max; i++) {
		if (g->probe[i] != NULL) {
			owner[n] = g->probe[i];
			pfd[n++].fd = snmp_sess_transport(g->probe[i])->sock;
		}
	}
	for (v = g->v3list; v != NULL && n < max; v = v->next)
		if (v->sessp != NULL) {
			owner[n] = v->sessp;
			pfd[n++].fd = snmp_sess_transport(v->sessp)->sock;
		}
	for (i = 0; i < n; i++) {
		pfd[i].events = FA_POLLIN;
		pfd[i].revents = 0;
	}
	return n;
}

static void
check_timeouts(struct sess_engine *g)
{
	struct v3dev	*v;
	int		 i;

	for (i = 0; i < 4; i++)
		if (g->shared[i] != NULL)
			snmp_sess_timeout(g->shared[i]);
	for (i = 0; i < 2; i++)
		if (g->probe[i] != NULL)
			snmp_sess_timeout(g->probe[i]);
	/* New v3 devices are added at the head: none is freed here. */
	for (v = g->v3list; v != NULL; v = v->next) {
		if (v->sessp != NULL)
			snmp_sess_timeout(v->sessp);
	}
}

size_t
sess_run(struct sess_engine *g, int64_t deadline)
{
	struct fa_pollfd pfd[512];
	void		*owner[512];
	int		 n, i, wait;
	int64_t		 now;

	for (;;) {
		now = fa_now_ms();
		if (fa_interrupted || (deadline && now >= deadline))
			break;
		refill(g, now);
		dispatch(g);
		if (g->inflight == 0 && g->queue.n == 0 && g->retry.n == 0 &&
		    g->feed == NULL)
			break;
		n = collect_fds(g, pfd, owner, (int)nitems(pfd));
		wait = SESS_TICK_MS;
		if (g->tokens < 1 && (g->queue.n || g->retry.n)) {
			int need = (int)((1 - g->tokens) * 1000 / g->o.pps) + 1;
			if (need < wait)
				wait = need;
		}
		if (fa_poll(pfd, n, wait) < 0 && errno != EINTR)
			break;
		for (i = 0; i < n; i++) {
			fd_set	fds;
			int	k;

			if (!(pfd[i].revents & (FA_POLLIN | FA_POLLERR)))
				continue;
			if (!fa_fd_settable(pfd[i].fd))
				continue;
			/* Drain what is there: one read per datagram. */
			for (k = 0; k < 256; k++) {
				struct fa_pollfd one = { pfd[i].fd, FA_POLLIN, 0 };

				if (k > 0 && fa_poll(&one, 1, 0) <= 0)
					break;
				FD_ZERO(&fds);
				FD_SET(pfd[i].fd, &fds);
				snmp_sess_read(owner[i], &fds);
			}
		}
		now = fa_now_ms();
		if (now - g->last_tick >= SESS_TICK_MS) {
			check_timeouts(g);
			g->last_tick = now;
		}
		reap(g);
	}
	reap(g);
	return g->inflight + g->queue.n + g->retry.n;
}
