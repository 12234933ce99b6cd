/*
 * rdl.c: Remote Device Link, the hub's side (see rdl.h, docs/rdl.md).
 *
 * Why a long poll and not a WebSocket: the collector only ever opens
 * connections (outbound HTTPS, through the proxy "upload" uses), and
 * both ends already speak plain HTTPS: libcurl posts, libmicrohttpd
 * holds a request with MHD_suspend_connection() without tying up a
 * worker thread and answers it when there is work or after the hold
 * time.  libcurl's WebSocket support is experimental in the versions we
 * build with and libmicrohttpd's is new; a proxy that knows HTTPS but not
 * WebSockets passes a long poll unchanged.
 *
 * The pieces, all in this process's memory under one mutex:
 *  - a channel per collector, opened with its signed headers (the same
 *    Ed25519 key as its Hellos, under a magic of its own), named by a
 *    random token the collector sends with each poll and answer;
 *  - sessions, each with its host label and cookie token (both random),
 *    its queue of browser requests and those given to the collector;
 *  - browser requests are suspended until their answer comes (or
 *    RDL_WAIT_S), the collector's poll until there is work (or its hold
 *    time);
 *  - a device's answer streamed: the collector's upload of it (chunked)
 *    writes into a pipe that the browser's response reads (struct rpipe),
 *    each side suspended while the pipe is full or empty;
 *  - a janitor thread (every 100 ms): hold times, idle and absolute
 *    expiry, collectors gone, the ends written to the store.
 * Every request carried is written to the audit (rdl_requests) when its
 * answer has gone to the browser (a streamed one: when it is over, with
 * the bytes it carried), refused ones too.
 */
#include <sys/socket.h>

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../../crypto/keys.h"
#include "../../crypto/sig.h"
#include "../soapup.h"
#include "hubdb.h"
#include "hubstore.h"
#include "hubusers.h"
#include "rdl.h"
#include "rdlstore.h"

#define RDL_CMD_BASE	((int64_t)1 << 40)	/* Hello command ids */
#define RDL_POLL_MAX	(8 * 1024 * 1024)	/* bytes of requests handed
						 * over in one poll */
#define RDL_PAGE_MAX	(16 * 1024)	/* a form of the hub's pages */
#define RDL_NONCES	256		/* channel opens remembered */
#define RDL_KEEP_S	60		/* an ended session is kept so */
#define RDL_CONF_S	2		/* the switch is read again */
#define RDL_STALE_S	60		/* sessions left open by a hub
					 * gone: looked for so often */

static const char rdl_tag[] = "rdl";

enum { RK_BROWSER, RK_POLL, RK_ANSWER, RK_ACCEPT, RK_CHANNEL, RK_BYE,
	RK_PAGE, RK_START, RK_OFFERS };
enum { RS_READ, RS_QUEUED, RS_SENT, RS_HELD, RS_DONE, RS_FAILED };
enum { S_OFFERED, S_ACTIVE, S_ENDED };

struct rsess;
struct chan;

/*
 * A device's answer on its way: the collector's upload (RK_ANSWER)
 * writes the body here as it comes, the browser's response reads it
 * (libmicrohttpd's callback response).  The upload is suspended while
 * PIPE_HIGH bytes wait, the browser's connection while none does.  Held
 * by the upload, the browser's request and its response (refs); under
 * the module's lock.
 */
struct rpipe {
	struct rpipe	*next;		/* r->pipes */
	struct rdl	*r;
	struct rsess	*s;
	struct MHD_Connection *bc, *ac;	/* browser, upload; NULL: gone */
	int		 refs, bwait, asusp, done, err;
	struct fa_buf	 buf;
	size_t		 off;
	int64_t		 in, sent;	/* body bytes */
};
#define PIPE_HIGH	(1024 * 1024)
#define PIPE_LOW	(256 * 1024)

/* One request of this module (libmicrohttpd's con_cls). */
struct rreq {
	const void	*tag;		/* rdl_tag */
	int		 kind, state;
	struct MHD_Connection *c;
	struct rsess	*s;		/* RK_BROWSER: held (refs) */
	struct chan	*ch;		/* RK_POLL: while held */
	struct rreq	*next;		/* in a session's queue or sent */
	int64_t		 id;		/* RK_BROWSER, RK_ANSWER */
	int64_t		 t0, deadline;	/* ms */
	char		 method[16];
	char		*path;		/* as sent to the device */
	struct fa_buf	 head;		/* the request's line and headers */
	struct fa_buf	 body;
	size_t		 limit;
	int		 over;
	struct fa_buf	 ans;		/* the answer given back (its head
					 * only when streamed) */
	struct rpipe	*pipe;		/* RK_BROWSER, RK_ANSWER: streamed */
	int64_t		 length;	/* RK_BROWSER: announced, or -1 */
	unsigned	 status;	/* RK_BROWSER: for the audit */
	unsigned	 fail;		/* RS_FAILED: HTTP status */
	char		 msg[192];
	char		 token[2 * RDL_TOKEN_BYTES + 1];	/* channel */
};

struct rsess {
	struct rsess	*next;
	int64_t		 id, user_id, device;
	char		 label[2 * RDL_LABEL_BYTES + 1];
	char		 token[2 * RDL_TOKEN_BYTES + 1];
	char		 start[2 * RDL_TOKEN_BYTES + 1];
	int64_t		 start_until;	/* s; 0: no start link */
	char		 fp[KEY_FP_LEN + 1], address[64], scheme[8];
	char		 who[HUBUSERS_NAME_MAX + 1], account[65];
	int		 state, hinted, stored, told, refs;
	char		 reason[128];
	int64_t		 created, last, ended;	/* s */
	double		 bucket;
	int64_t		 bucket_ms;
	unsigned	 inflight;
	struct rreq	*queue, **qtail, *sent;
	int64_t		 requests, up, down;
};

struct chan {
	struct chan	*next;
	char		 fp[KEY_FP_LEN + 1];
	char		 token[2 * RDL_TOKEN_BYTES + 1];
	int64_t		 seen_ms;
	struct rreq	*poll;
};

struct rdl {
	char		*dir;
	void		(*log)(void *, const char *);
	void		*log_arg;
	pthread_mutex_t	 lock;
	pthread_t	 janitor;
	int		 running, stopping;
	pthread_key_t	 store;
	struct rdlstore_conf conf;
	int		 on;
	struct rsess	*sessions;
	struct chan	*chans;
	struct rpipe	*pipes;
	const struct key_secret *sign;
	const char	*hub_fp;
	int64_t		 next_id;
	int64_t		 stale_at;	/* ms: the store's next sweep */
	struct { char v[SOAPUP_NONCE_LEN + 1]; int64_t until; }
			 nonces[RDL_NONCES];
};

void
rdl_log(struct rdl *r, const char *fmt, ...)
{
	char	buf[512];
	va_list	ap;

	if (r->log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r->log(r->log_arg, buf);
}

static void
thread_store_close(void *hs)
{
	hubstore_close(hs);
}

/* This thread's store connection, or NULL (logged). */
static struct hubdb *
tdb(struct rdl *r)
{
	struct hubstore	*hs = pthread_getspecific(r->store);
	struct fa_err	 e;

	if (hs == NULL) {
		if (hubstore_open_hub(r->dir, &hs, &e) != 0) {
			rdl_log(r, "rdl: %s", e.msg);
			return NULL;
		}
		(void)pthread_setspecific(r->store, hs);
	}
	return hubstore_db(hs);
}

/* After a store error: the next use reconnects. */
static void
tdb_broken(struct rdl *r)
{
	struct hubstore	*hs = pthread_getspecific(r->store);

	if (hs != NULL) {
		hubdb_rollback(hubstore_db(hs));
		hubstore_close(hs);
		(void)pthread_setspecific(r->store, NULL);
	}
}

/* ---- sessions and channels (r->lock held) ---- */

static struct rsess *
sess_by_id(struct rdl *r, int64_t id)
{
	struct rsess	*s;

	for (s = r->sessions; s != NULL; s = s->next)
		if (s->id == id)
			return s;
	return NULL;
}

static struct rsess *
sess_by_label(struct rdl *r, const char *label, size_t n)
{
	struct rsess	*s;

	if (n != 2 * RDL_LABEL_BYTES)
		return NULL;
	for (s = r->sessions; s != NULL; s = s->next)
		if (strncasecmp(s->label, label, n) == 0)
			return s;
	return NULL;
}

static struct chan *
chan_by_token(struct rdl *r, const char *token)
{
	struct chan	*ch;

	if (token == NULL || strlen(token) != 2 * RDL_TOKEN_BYTES)
		return NULL;
	for (ch = r->chans; ch != NULL; ch = ch->next)
		if (hubusers_same(ch->token, token))
			return ch;
	return NULL;
}

static struct chan *
chan_by_fp(struct rdl *r, const char *fp)
{
	struct chan	*ch;

	for (ch = r->chans; ch != NULL; ch = ch->next)
		if (strcmp(ch->fp, fp) == 0)
			return ch;
	return NULL;
}

static void
req_fail(struct rreq *q, unsigned status, const char *msg)
{
	q->state = RS_FAILED;
	q->fail = status;
	fa_strlcpy(q->msg, msg, sizeof(q->msg));
	MHD_resume_connection(q->c);
}

/* Drops a reference to p (the lock held). */
static void
pipe_unref(struct rpipe *p)
{
	struct rpipe	**pp;

	if (--p->refs > 0)
		return;
	for (pp = &p->r->pipes; *pp != NULL; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	fa_buf_release(&p->buf);
	free(p);
}

/* The browser's side may read again (the lock held). */
static void
pipe_kick(struct rpipe *p)
{
	if (p->bwait && p->bc != NULL) {
		p->bwait = 0;
		MHD_resume_connection(p->bc);
	}
}

/* Cuts p: the browser's download ends in error, the upload's rest is
 * dropped (the lock held). */
static void
pipe_cut(struct rpipe *p)
{
	p->err = 1;
	pipe_kick(p);
	if (p->asusp && p->ac != NULL) {
		p->asusp = 0;
		MHD_resume_connection(p->ac);
	}
}

/* Frames of work for collector fp into b: "hello", "end SID", and
 * "req ID SID LEN" followed by LEN bytes (the request's head and body).
 * Returns whether anything was written. */
static int
fill_poll(struct rdl *r, const char *fp, struct fa_buf *b)
{
	struct rsess	*s;
	struct rreq	*q;
	int		 any = 0;

	for (s = r->sessions; s != NULL; s = s->next) {
		if (strcmp(s->fp, fp) != 0)
			continue;
		if (s->state == S_OFFERED && !s->hinted) {
			s->hinted = 1;
			if (!any++)
				fa_buf_puts(b, "hello\n");
		}
		if (s->state == S_ENDED && !s->told) {
			s->told = 1;
			fa_buf_printf(b, "end %" PRId64 "\n", s->id);
			any = 1;
		}
		while (s->state == S_ACTIVE && (q = s->queue) != NULL &&
		    b->len < RDL_POLL_MAX) {
			if ((s->queue = q->next) == NULL)
				s->qtail = &s->queue;
			q->next = s->sent;
			s->sent = q;
			q->state = RS_SENT;
			fa_buf_printf(b, "req %" PRId64 " %" PRId64 " %zu\n",
			    q->id, s->id, q->head.len + q->body.len);
			fa_buf_add(b, q->head.s, q->head.len);
			if (q->body.len > 0)
				fa_buf_add(b, q->body.s, q->body.len);
			any = 1;
		}
	}
	return any;
}

/* Gives collector fp's held poll its work, if any (or force: an empty
 * answer). */
static void
wake(struct rdl *r, const char *fp, int force)
{
	struct chan	*ch = chan_by_fp(r, fp);
	struct rreq	*q;

	if (ch == NULL || (q = ch->poll) == NULL)
		return;
	if (!fill_poll(r, fp, &q->ans) && !force)
		return;
	ch->poll = NULL;
	ch->seen_ms = fa_now_ms();	/* held until now: alive */
	q->ch = NULL;
	q->state = RS_DONE;
	MHD_resume_connection(q->c);
}

/* Ends s: its waiting requests are answered, its collector told. */
static void
sess_end(struct rdl *r, struct rsess *s, const char *reason)
{
	struct rreq	*q, *next;

	if (s->state == S_ENDED)
		return;
	s->state = S_ENDED;
	s->ended = fa_wall();
	fa_strlcpy(s->reason, reason, sizeof(s->reason));
	for (q = s->queue; q != NULL; q = next) {
		next = q->next;
		q->next = NULL;
		req_fail(q, MHD_HTTP_BAD_GATEWAY, "The session has ended.");
	}
	s->queue = NULL;
	s->qtail = &s->queue;
	for (q = s->sent; q != NULL; q = next) {
		next = q->next;
		q->next = NULL;
		req_fail(q, MHD_HTTP_BAD_GATEWAY, "The session has ended.");
	}
	s->sent = NULL;
	{
		struct rpipe *p;

		for (p = r->pipes; p != NULL; p = p->next)
			if (p->s == s && !p->done)
				pipe_cut(p);
	}
	rdl_log(r, "rdl: session %" PRId64 " (%s, %s) ended: %s", s->id,
	    s->who, s->address, reason);
	wake(r, s->fp, 0);
}

/* Takes q out of its session's lists (it is being answered). */
static void
unlink_req(struct rsess *s, struct rreq *q)
{
	struct rreq	**p;

	for (p = &s->queue; *p != NULL; p = &(*p)->next)
		if (*p == q) {
			*p = q->next;
			break;
		}
	s->qtail = &s->queue;
	while (*s->qtail != NULL)
		s->qtail = &(*s->qtail)->next;
	for (p = &s->sent; *p != NULL; p = &(*p)->next)
		if (*p == q) {
			*p = q->next;
			break;
		}
	q->next = NULL;
}

/* ---- the janitor ---- */

struct ending {
	int64_t	id, ended;
	char	reason[128];
};

static void
janitor_pass(struct rdl *r, struct hubstore **hs, int64_t *conf_at)
{
	struct rsess	*s, **sp;
	struct chan	*ch, **cp;
	struct rreq	*q;
	struct ending	 ends[RDL_SESSIONS];
	struct rdlstore_conf c;
	struct fa_err	 e;
	size_t		 nends = 0, i;
	int64_t		 now = fa_wall(), ms = fa_now_ms();
	int		 x = 1;

	if (ms >= *conf_at) {
		*conf_at = ms + RDL_CONF_S * 1000;
		if (*hs == NULL && hubstore_open_hub(r->dir, hs, &e) != 0)
			*hs = NULL;
		x = *hs != NULL ? rdlstore_conf_get(hubstore_db(*hs), &c, &e) :
		    -1;
		if (x == -1 && *hs != NULL) {
			hubstore_close(*hs);
			*hs = NULL;
		}
		pthread_mutex_lock(&r->lock);
		if (x == 0) {
			r->conf = c;
			r->on = 1;
		} else if (x == 1)
			r->on = 0;
		pthread_mutex_unlock(&r->lock);
		/* Sessions open in the store that no process carries (a hub
		 * killed): ended once past any session's life.  Younger ones
		 * may be another "hub serve"'s on the same store. */
		if (x != -1 && *hs != NULL && ms >= r->stale_at) {
			r->stale_at = ms + RDL_STALE_S * 1000;
			if (rdlstore_end_open(hubstore_db(*hs), now -
			    r->conf.life - RDL_STALE_S, now, "the hub stopped",
			    &e) != 0)
				rdl_log(r, "rdl: %s", e.msg);
		}
	}
	pthread_mutex_lock(&r->lock);
	for (cp = &r->chans; (ch = *cp) != NULL;) {
		if (ch->poll != NULL && ms >= ch->poll->deadline)
			wake(r, ch->fp, 1);
		if (ch->poll == NULL && ms - ch->seen_ms >
		    (r->conf.poll + RDL_GONE_S) * 1000) {
			for (s = r->sessions; s != NULL; s = s->next)
				if (strcmp(s->fp, ch->fp) == 0 &&
				    s->state != S_ENDED) {
					s->told = 1;
					sess_end(r, s, "the collector is gone");
				}
			rdl_log(r, "rdl: collector %s: channel closed (no poll "
			    "in %" PRId64 " s)", ch->fp, r->conf.poll +
			    RDL_GONE_S);
			*cp = ch->next;
			free(ch);
			continue;
		}
		cp = &ch->next;
	}
	for (s = r->sessions; s != NULL; s = s->next) {
		if (s->state == S_OFFERED && now - s->created > RDL_OFFER_S)
			sess_end(r, s, "the collector did not take the "
			    "session");
		else if (s->state == S_ACTIVE && now - s->last >= r->conf.idle)
			sess_end(r, s, "idle");
		else if (s->state != S_ENDED && now - s->created >=
		    r->conf.life)
			sess_end(r, s, "expired");
		for (q = s->queue; q != NULL; q = q->next)
			if (ms >= q->deadline)
				break;
		if (q == NULL)
			for (q = s->sent; q != NULL; q = q->next)
				if (ms >= q->deadline)
					break;
		if (q != NULL) {
			unlink_req(s, q);
			req_fail(q, MHD_HTTP_GATEWAY_TIMEOUT, "The device did "
			    "not answer in time.");
		}
		if (s->state == S_ENDED && !s->stored && nends <
		    nitems(ends)) {
			ends[nends].id = s->id;
			ends[nends].ended = s->ended;
			fa_strlcpy(ends[nends].reason, s->reason,
			    sizeof(ends[nends].reason));
			nends++;
			s->stored = 1;
		}
	}
	for (sp = &r->sessions; (s = *sp) != NULL;) {
		if (s->state == S_ENDED && s->stored && s->refs == 0 &&
		    (s->told || chan_by_fp(r, s->fp) == NULL) &&
		    now - s->ended > RDL_KEEP_S) {
			*sp = s->next;
			free(s);
			continue;
		}
		sp = &s->next;
	}
	pthread_mutex_unlock(&r->lock);
	for (i = 0; i < nends; i++) {
		if (*hs == NULL && hubstore_open_hub(r->dir, hs, &e) != 0) {
			*hs = NULL;
			rdl_log(r, "rdl: cannot record the end of session %"
			    PRId64 ": %s", ends[i].id, e.msg);
			continue;
		}
		if (rdlstore_session_end(hubstore_db(*hs), ends[i].id,
		    ends[i].ended, ends[i].reason, &e) != 0) {
			rdl_log(r, "rdl: cannot record the end of session %"
			    PRId64 ": %s", ends[i].id, e.msg);
			hubstore_close(*hs);
			*hs = NULL;
		}
	}
}

static void *
janitor(void *arg)
{
	struct rdl	*r = arg;
	struct hubstore	*hs = NULL;
	int64_t		 conf_at = 0;
	struct timespec	 ts = { 0, 100 * 1000 * 1000 };
	int		 stop;

	for (;;) {
		janitor_pass(r, &hs, &conf_at);
		pthread_mutex_lock(&r->lock);
		stop = r->stopping;
		pthread_mutex_unlock(&r->lock);
		if (stop)
			break;
		nanosleep(&ts, NULL);
	}
	hubstore_close(hs);
	return NULL;
}

struct rdl *
rdl_new(const char *dir, void (*log)(void *, const char *), void *arg)
{
	struct rdl	*r = fa_calloc(1, sizeof(*r));
	struct hubstore	*hs = NULL;
	int64_t		 conf_at = 0;

	r->dir = fa_strdup(dir);
	r->log = log;
	r->log_arg = arg;
	r->conf.idle = RDL_IDLE_S;
	r->conf.life = RDL_LIFE_S;
	r->conf.poll = RDL_POLL_S;
	pthread_mutex_init(&r->lock, NULL);
	(void)pthread_key_create(&r->store, thread_store_close);
	janitor_pass(r, &hs, &conf_at);
	hubstore_close(hs);
	r->running = pthread_create(&r->janitor, NULL, janitor, r) == 0;
	return r;
}

void
rdl_stop(struct rdl *r)
{
	struct rsess	*s;
	struct chan	*ch;

	if (r == NULL)
		return;
	pthread_mutex_lock(&r->lock);
	for (s = r->sessions; s != NULL; s = s->next)
		sess_end(r, s, "the hub stopped");
	for (ch = r->chans; ch != NULL; ch = ch->next)
		wake(r, ch->fp, 1);
	r->stopping = 1;
	pthread_mutex_unlock(&r->lock);
	if (r->running)
		pthread_join(r->janitor, NULL);
	r->running = 0;
}

void
rdl_free(struct rdl *r)
{
	struct rsess	*s;
	struct chan	*ch;
	struct hubstore	*hs = NULL;
	struct fa_err	 e;

	if (r == NULL)
		return;
	rdl_stop(r);
	if (hubstore_open_hub(r->dir, &hs, &e) == 0) {
		for (s = r->sessions; s != NULL; s = s->next)
			if (!s->stored && rdlstore_session_end(hubstore_db(hs),
			    s->id, s->ended, s->reason, &e) != 0)
				break;
		hubstore_close(hs);
	}
	while ((s = r->sessions) != NULL) {
		r->sessions = s->next;
		free(s);
	}
	while ((ch = r->chans) != NULL) {
		r->chans = ch->next;
		free(ch);
	}
	thread_store_close(pthread_getspecific(r->store));
	pthread_key_delete(r->store);
	pthread_mutex_destroy(&r->lock);
	free(r->dir);
	free(r);
}

/* ---- for rdlweb.c ---- */

int
rdl_enabled(struct rdl *r)
{
	int	on;

	pthread_mutex_lock(&r->lock);
	on = r->on;
	pthread_mutex_unlock(&r->lock);
	return on;
}

int
rdl_open(struct rdl *r, struct hubdb *db, int64_t user_id, const char *who,
    const char *account, int64_t device, const char *address,
    const char *fp, const char *scheme, int64_t *id, struct fa_err *e)
{
	struct rsess	*s, *t;
	unsigned	 all = 0, mine = 0;
	int64_t		 now = fa_wall();
	int		 linked;

	pthread_mutex_lock(&r->lock);
	for (t = r->sessions; t != NULL; t = t->next)
		if (t->state != S_ENDED) {
			all++;
			mine += strcmp(t->fp, fp) == 0;
		}
	linked = chan_by_fp(r, fp) != NULL;
	pthread_mutex_unlock(&r->lock);
	if (!linked)
		return fa_errf(e, "the collector of this device's site is not "
		    "connected for device pages (it needs 'rdl = yes' and a "
		    "hub-url in its configuration, and to be running)");
	if (all >= RDL_SESSIONS || mine >= RDL_PER_COLLECTOR)
		return fa_errf(e, "too many device sessions are open (at most "
		    "%d on this hub, %d through one collector): end one first",
		    RDL_SESSIONS, RDL_PER_COLLECTOR);
	if (rdlstore_session_add(db, who, account, device, address, fp, now,
	    id, e) != 0)
		return -1;
	s = fa_calloc(1, sizeof(*s));
	s->id = *id;
	s->user_id = user_id;
	s->device = device;
	sig_random_hex(s->label, RDL_LABEL_BYTES);
	sig_random_hex(s->token, RDL_TOKEN_BYTES);
	fa_strlcpy(s->fp, fp, sizeof(s->fp));
	fa_strlcpy(s->address, address, sizeof(s->address));
	fa_strlcpy(s->scheme, scheme, sizeof(s->scheme));
	fa_strlcpy(s->who, who, sizeof(s->who));
	fa_strlcpy(s->account, account, sizeof(s->account));
	s->state = S_OFFERED;
	s->created = s->last = now;
	s->bucket = RDL_BURST;
	s->bucket_ms = fa_now_ms();
	s->qtail = &s->queue;
	pthread_mutex_lock(&r->lock);
	s->next = r->sessions;
	r->sessions = s;
	wake(r, fp, 0);
	pthread_mutex_unlock(&r->lock);
	rdl_log(r, "rdl: session %" PRId64 " requested by %s: device %" PRId64
	    " (%s, account %s) through collector %s", *id, who, device,
	    address, account, fp);
	return 0;
}

static void
info_of(const struct rsess *s, struct rdl_info *i)
{
	static const char *const names[] = { "waiting", "open", "ended" };

	memset(i, 0, sizeof(*i));
	i->id = s->id;
	i->device = s->device;
	i->created = s->created;
	fa_strlcpy(i->who, s->who, sizeof(i->who));
	fa_strlcpy(i->account, s->account, sizeof(i->account));
	fa_strlcpy(i->address, s->address, sizeof(i->address));
	fa_strlcpy(i->collector, s->fp, sizeof(i->collector));
	fa_strlcpy(i->state, names[s->state], sizeof(i->state));
	fa_strlcpy(i->reason, s->reason, sizeof(i->reason));
	i->requests = s->requests;
	i->up = s->up;
	i->down = s->down;
}

int
rdl_info(struct rdl *r, int64_t id, struct rdl_info *i)
{
	struct rsess	*s;

	pthread_mutex_lock(&r->lock);
	if ((s = sess_by_id(r, id)) != NULL)
		info_of(s, i);
	pthread_mutex_unlock(&r->lock);
	return s != NULL ? 0 : 1;
}

size_t
rdl_list(struct rdl *r, struct rdl_info *v, size_t max)
{
	struct rsess	*s;
	size_t		 n = 0;

	pthread_mutex_lock(&r->lock);
	for (s = r->sessions; s != NULL && n < max; s = s->next)
		if (s->state != S_ENDED)
			info_of(s, &v[n++]);
	pthread_mutex_unlock(&r->lock);
	return n;
}

int
rdl_start_link(struct rdl *r, int64_t id, int64_t user_id, const char *host,
    char *url, size_t len)
{
	struct rsess	*s;
	const char	*port = NULL;
	int		 rc = 1;

	if (host != NULL && host[0] != '[')
		port = strrchr(host, ':');
	else if (host != NULL && (port = strstr(host, "]:")) != NULL)
		port++;
	pthread_mutex_lock(&r->lock);
	if ((s = sess_by_id(r, id)) != NULL && s->state == S_ACTIVE &&
	    s->user_id == user_id) {
		sig_random_hex(s->start, RDL_TOKEN_BYTES);
		s->start_until = fa_wall() + RDL_START_S;
		snprintf(url, len, "https://%s.%s%s%s?t=%s", s->label,
		    r->conf.domain, port != NULL && strlen(port) < 8 ? port :
		    "", RDL_START_PATH, s->start);
		rc = 0;
	}
	pthread_mutex_unlock(&r->lock);
	return rc;
}

int
rdl_end(struct rdl *r, int64_t id, const char *who)
{
	struct rsess	*s;
	char		 why[128];
	int		 rc = 1;

	snprintf(why, sizeof(why), "ended by %s", who);
	pthread_mutex_lock(&r->lock);
	if ((s = sess_by_id(r, id)) != NULL && s->state != S_ENDED) {
		sess_end(r, s, why);
		rc = 0;
	}
	pthread_mutex_unlock(&r->lock);
	return rc;
}

size_t
rdl_hello(struct rdl *r, const char *fp, struct soap_command *cmds,
    size_t room, char *buf, size_t len)
{
	struct rsess	*s;
	size_t		 n = 0, used = 0;
	int		 w;

	if (r == NULL)
		return 0;
	pthread_mutex_lock(&r->lock);
	for (s = r->sessions; s != NULL && n < room; s = s->next) {
		if (s->state != S_OFFERED || strcmp(s->fp, fp) != 0)
			continue;
		w = snprintf(buf + used, len - used, "%" PRId64 " %s %s", s->id,
		    s->address, s->scheme);
		if (w < 0 || (size_t)w + 1 > len - used)
			break;
		cmds[n].id = RDL_CMD_BASE + s->id;
		cmds[n].kind = "rdl";
		cmds[n].arg = buf + used;
		used += (size_t)w + 1;
		n++;
	}
	pthread_mutex_unlock(&r->lock);
	return n;
}

/* ---- answers ---- */

static void
esc_html(struct fa_buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '<': fa_buf_puts(b, "&lt;"); break;
		case '>': fa_buf_puts(b, "&gt;"); break;
		case '&': fa_buf_puts(b, "&amp;"); break;
		case '"': fa_buf_puts(b, "&quot;"); break;
		case '\'': fa_buf_puts(b, "&#39;"); break;
		default: fa_buf_add(b, s, 1);
		}
}

static enum MHD_Result
send_buf(struct MHD_Connection *c, unsigned status, const char *type,
    struct fa_buf *b, const char *cookie)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 rc;
	size_t			 len = b->len;

	resp = MHD_create_response_from_buffer(len, b->s != NULL ?
	    fa_buf_steal(b) : fa_strdup(""), MHD_RESPMEM_MUST_FREE);
	if (resp == NULL)
		return MHD_NO;
	(void)MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	(void)MHD_add_response_header(resp, "Cache-Control", "no-store");
	(void)MHD_add_response_header(resp, "X-Content-Type-Options",
	    "nosniff");
	if (cookie != NULL)
		(void)MHD_add_response_header(resp, "Set-Cookie", cookie);
	rc = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return rc;
}

/* A plain text answer (to a collector). */
static enum MHD_Result
text(struct MHD_Connection *c, unsigned status, const char *msg)
{
	struct fa_buf	b = FA_BUF_INIT;

	fa_buf_printf(&b, "%s\n", msg);
	return send_buf(c, status, "text/plain; charset=utf-8", &b, NULL);
}

/* An HTML page of the session's origin (an error of the link, not of
 * the device); it loads nothing. */
static enum MHD_Result
page(struct MHD_Connection *c, unsigned status, const char *msg)
{
	struct MHD_Response	*resp;
	struct fa_buf		 b = FA_BUF_INIT;
	enum MHD_Result		 rc;
	size_t			 len;

	fa_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	    "charset=\"utf-8\"><title>Device link</title></head><body><h1>"
	    "Device link</h1><p>");
	esc_html(&b, msg);
	fa_buf_puts(&b, "</p></body></html>\n");
	len = b.len;
	resp = MHD_create_response_from_buffer(len, fa_buf_steal(&b),
	    MHD_RESPMEM_MUST_FREE);
	if (resp == NULL)
		return MHD_NO;
	(void)MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/html; charset=utf-8");
	(void)MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'none'");
	(void)MHD_add_response_header(resp, "Cache-Control", "no-store");
	rc = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return rc;
}

/* Headers of the device's answer that are the connection's, not the
 * page's: libmicrohttpd writes its own. */
static int
hop_by_hop(const char *name, size_t n)
{
	static const char *const hop[] = { "connection", "keep-alive",
	    "transfer-encoding", "content-length", "date", "upgrade",
	    "proxy-connection", "te", "trailer", "alt-svc",
	    "strict-transport-security" };
	size_t	i;

	for (i = 0; i < nitems(hop); i++)
		if (strlen(hop[i]) == n && strncasecmp(name, hop[i], n) == 0)
			return 1;
	return 0;
}

int
rdl_answer_check(char *a, size_t len, size_t *hlen, unsigned *status,
    const char **why)
{
	char		*end, *line, *nl, *v;
	size_t		 vn;
	long		 st;

	*why = "The collector sent an answer that is not HTTP.";
	if (a == NULL || len < 12 || strncmp(a, "HTTP/1.", 7) != 0 ||
	    memchr(a, '\0', len < RDL_HEAD_MAX ? len : RDL_HEAD_MAX) != NULL)
		return -1;
	*why = "The device's answer has no end of headers, or headers too "
	    "large.";
	end = NULL;
	for (line = a; line + 4 <= a + len && line - a <= RDL_HEAD_MAX; line++)
		if (memcmp(line, "\r\n\r\n", 4) == 0) {
			end = line;
			break;
		}
	if (end == NULL)
		return -1;
	*why = "The device's answer has no valid status.";
	if (a[8] != ' ' || a[9] < '1' || a[9] > '5' || a[10] < '0' ||
	    a[10] > '9' || a[11] < '0' || a[11] > '9')
		return -1;
	st = (a[9] - '0') * 100 + (a[10] - '0') * 10 + (a[11] - '0');
	*hlen = (size_t)(end - a) + 4;
	*end = '\0';
	for (line = strstr(a, "\r\n"); line != NULL; line = nl) {
		line += 2;
		nl = strstr(line, "\r\n");
		if (strncasecmp(line, "Location:", 9) != 0)
			continue;
		for (v = line + 9; *v == ' ' || *v == '\t'; v++)
			;
		vn = nl != NULL ? (size_t)(nl - v) : strlen(v);
		/* a scheme (":" before any "/", "?", "#"), "//" (another
		 * host, same scheme) or a backslash (read as "/" by some) */
		if ((vn >= 2 && v[0] == '/' && v[1] == '/') ||
		    memchr(v, '\\', vn) != NULL ||
		    (v[0] != '/' && memchr(v, ':', strcspn(v, "/?#") < vn ?
		    strcspn(v, "/?#") : vn) != NULL)) {
			*end = '\r';
			*why = "The device redirected to another host: refused (a "
			    "device session reaches only the device).";
			return -1;
		}
	}
	*status = (unsigned)st;
	return 0;
}

/* The browser's response reads the pipe (libmicrohttpd's content
 * reader): what waits, or the connection suspended until more comes. */
static ssize_t
pipe_read(void *cls, uint64_t pos UNUSED, char *buf, size_t max)
{
	struct rpipe	*p = cls;
	struct rdl	*r = p->r;
	size_t		 avail, n;

	pthread_mutex_lock(&r->lock);
	avail = p->buf.len - p->off;
	if (p->err) {
		pthread_mutex_unlock(&r->lock);
		return MHD_CONTENT_READER_END_WITH_ERROR;
	}
	if (avail == 0) {
		if (p->done) {
			pthread_mutex_unlock(&r->lock);
			return MHD_CONTENT_READER_END_OF_STREAM;
		}
		p->bwait = 1;
		MHD_suspend_connection(p->bc);
		pthread_mutex_unlock(&r->lock);
		return 0;
	}
	n = avail < max ? avail : max;
	memcpy(buf, p->buf.s + p->off, n);
	p->off += n;
	p->sent += (int64_t)n;
	if (p->off == p->buf.len)
		p->off = p->buf.len = 0;
	else if (p->off >= PIPE_LOW) {
		memmove(p->buf.s, p->buf.s + p->off, p->buf.len - p->off);
		p->buf.len -= p->off;
		p->off = 0;
	}
	if (p->asusp && p->ac != NULL && p->buf.len - p->off < PIPE_LOW) {
		p->asusp = 0;
		MHD_resume_connection(p->ac);
	}
	pthread_mutex_unlock(&r->lock);
	return (ssize_t)n;
}

static struct rreq *sent_req(struct rdl *, const struct chan *, int64_t);

static void
pipe_free(void *cls)
{
	struct rpipe	*p = cls;
	struct rdl	*r = p->r;

	pthread_mutex_lock(&r->lock);
	pipe_unref(p);
	pthread_mutex_unlock(&r->lock);
}

/*
 * The browser's answer: the device's head as the collector sent it
 * (checked by answer_data() with rdl_answer_check()), its body streamed
 * from the pipe as it comes.  The device may not set the session's
 * cookie.  *status is set for the audit.
 */
static enum MHD_Result
relay_answer(struct rdl *r, struct rreq *q, unsigned *status)
{
	struct MHD_Response	*resp;
	char			*a = q->ans.s, *line, *nl, *colon, *v;
	enum MHD_Result		 rc;

	*status = q->status;
	resp = MHD_create_response_from_callback(q->length >= 0 ?
	    (uint64_t)q->length : MHD_SIZE_UNKNOWN, 64 * 1024, pipe_read,
	    q->pipe, pipe_free);
	if (resp == NULL)
		return MHD_NO;
	pthread_mutex_lock(&r->lock);
	q->pipe->refs++;
	pthread_mutex_unlock(&r->lock);
	for (line = strstr(a, "\r\n"); line != NULL; line = nl) {
		line += 2;
		if ((nl = strstr(line, "\r\n")) != NULL)
			*nl = '\0';
		if ((colon = strchr(line, ':')) == NULL || colon == line)
			continue;
		if (hop_by_hop(line, (size_t)(colon - line)))
			continue;
		*colon = '\0';
		for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
			;
		if (strcasecmp(line, "Set-Cookie") == 0 &&
		    strncasecmp(v, RDL_COOKIE, strlen(RDL_COOKIE)) == 0)
			continue;
		(void)MHD_add_response_header(resp, line, v);
	}
	(void)MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	rc = MHD_queue_response(q->c, q->status, resp);
	MHD_destroy_response(resp);
	return rc;
}

/* The length a head (NUL-terminated, checked) announces, or -1. */
static int64_t
head_length(const char *a)
{
	const char	*line;
	long long	 n;

	for (line = strstr(a, "\r\n"); line != NULL;
	    line = strstr(line, "\r\n")) {
		line += 2;
		if (strncasecmp(line, "Content-Length:", 15) == 0 &&
		    sscanf(line + 15, "%lld", &n) == 1 && n >= 0)
			return (int64_t)n;
	}
	return -1;
}

/*
 * A piece of the collector's answer to request q->id: its head (until
 * the blank line) checked and handed to the browser's held request with
 * a pipe, then the body into the pipe as it comes.  Refused, failed or no
 * longer wanted: the rest is read and dropped (q->over).
 */
static void
answer_data(struct rdl *r, struct rreq *q, const char *data, size_t n)
{
	struct chan	*ch;
	struct rreq	*b;
	struct rpipe	*p;
	const char	*why;
	char		*end = NULL, *x;
	size_t		 hlen, from;
	unsigned	 st;

	pthread_mutex_lock(&r->lock);
	if (q->over)
		goto out;
	if ((p = q->pipe) != NULL) {
		if (p->bc == NULL || p->err) {
			q->over = 2;	/* nobody reads: dropped */
			goto out;
		}
		if (p->in + (int64_t)n > RDL_ANSWER_MAX) {
			pipe_cut(p);
			q->over = 1;
			goto out;
		}
		fa_buf_add(&p->buf, data, n);
		p->in += (int64_t)n;
		p->s->last = fa_wall();	/* a long download is not idle */
		pipe_kick(p);
		if (p->buf.len - p->off >= PIPE_HIGH) {
			p->asusp = 1;
			MHD_suspend_connection(q->c);
		}
		goto out;
	}
	from = q->body.len > 3 ? q->body.len - 3 : 0;
	fa_buf_add(&q->body, data, n);
	for (x = q->body.s + from; x + 4 <= q->body.s + q->body.len; x++)
		if (memcmp(x, "\r\n\r\n", 4) == 0) {
			end = x;
			break;
		}
	ch = chan_by_token(r, q->token);
	b = ch != NULL ? sent_req(r, ch, q->id) : NULL;
	if (end == NULL) {
		if (q->body.len > RDL_HEAD_MAX) {
			q->over = 2;
			if (b != NULL) {
				unlink_req(b->s, b);
				req_fail(b, MHD_HTTP_BAD_GATEWAY, "The device's "
				    "answer has no end of headers, or headers "
				    "too large.");
			}
		}
		goto out;
	}
	hlen = (size_t)(end - q->body.s) + 4;
	if (b == NULL) {	/* the browser gave up, or the session ended */
		q->over = 2;
		goto out;
	}
	unlink_req(b->s, b);
	fa_buf_release(&b->ans);
	fa_buf_add(&b->ans, q->body.s, hlen);
	fa_buf_add(&b->ans, "", 1);
	b->ans.len--;
	if (rdl_answer_check(b->ans.s, b->ans.len, &hlen, &st, &why) != 0) {
		q->over = 2;
		req_fail(b, MHD_HTTP_BAD_GATEWAY, why);
		goto out;
	}
	b->length = head_length(b->ans.s);
	if (b->length > RDL_ANSWER_MAX) {
		q->over = 2;
		req_fail(b, MHD_HTTP_BAD_GATEWAY, "The device's answer is larger "
		    "than the device link passes: refused.");
		goto out;
	}
	if (strcmp(b->method, "HEAD") == 0 || st < 200 || st == 204 ||
	    st == 304)
		b->length = -1;
	p = fa_calloc(1, sizeof(*p));
	p->r = r;
	p->s = b->s;
	p->bc = b->c;
	p->ac = q->c;
	p->refs = 2;
	p->next = r->pipes;
	r->pipes = p;
	p->in = (int64_t)(q->body.len - hlen);
	if (p->in > 0)
		fa_buf_add(&p->buf, q->body.s + hlen, (size_t)p->in);
	fa_buf_release(&q->body);
	q->pipe = b->pipe = p;
	b->status = st;
	b->state = RS_DONE;
	MHD_resume_connection(b->c);
out:
	pthread_mutex_unlock(&r->lock);
}

/* ---- the browser's request ---- */

/* The Host header's name without its port, and its first label. */
static int
host_label(struct MHD_Connection *c, const char *domain, const char **label,
    size_t *n)
{
	const char	*h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
			    MHD_HTTP_HEADER_HOST);
	const char	*dot, *colon;
	size_t		 hn, dn = strlen(domain);

	if (h == NULL || dn == 0 || (dot = strchr(h, '.')) == NULL)
		return 0;
	colon = strchr(h, ':');
	hn = colon != NULL ? (size_t)(colon - h) : strlen(h);
	if (hn != (size_t)(dot - h) + 1 + dn ||
	    strncasecmp(dot + 1, domain, dn) != 0)
		return 0;
	*label = h;
	*n = (size_t)(dot - h);
	return 1;
}

/* Percent-encodes s (n bytes) into b, keeping what a path (path != 0)
 * or a query value may hold as it is. */
static void
pct(struct fa_buf *b, const char *s, size_t n, int path)
{
	static const char hex[] = "0123456789ABCDEF";
	const char	*keep = path ? "-._~/!$&'()*+,;=:@" : "-._~!$'()*,:@/";
	char		 x[3];
	size_t		 i;
	unsigned char	 ch;

	for (i = 0; i < n; i++) {
		ch = (unsigned char)s[i];
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || (ch != 0 && strchr(keep, ch)))
			fa_buf_add(b, s + i, 1);
		else {
			x[0] = '%';
			x[1] = hex[ch >> 4];
			x[2] = hex[ch & 15];
			fa_buf_add(b, x, 3);
		}
	}
}

struct qs {
	struct fa_buf	*b;
	int		 n;
};

static enum MHD_Result
add_arg(void *cls, enum MHD_ValueKind kind UNUSED, const char *key,
    const char *value)
{
	struct qs	*x = cls;

	fa_buf_puts(x->b, x->n++ ? "&" : "?");
	pct(x->b, key, strlen(key), 0);
	if (value != NULL) {
		fa_buf_puts(x->b, "=");
		pct(x->b, value, strlen(value), 0);
	}
	return MHD_YES;
}

/* The headers' rewriting: the session's origin (https://HOST as the
 * browser named it) and the device's own (SCHEME://ADDRESS). */
struct hx {
	struct fa_buf	*b;
	char		*from, *to;
};

/*
 * Request headers not forwarded: the connection's and the cookie header,
 * which is rebuilt without the session's cookie.  Origin and Referer
 * name the session's origin: they are rewritten to the device's own (a
 * device that checks them on its forms sees its own pages), and any
 * other origin becomes "null" and another page's Referer is dropped (a
 * device's check of a cross-site post still refuses it).
 */
static enum MHD_Result
add_header(void *cls, enum MHD_ValueKind kind UNUSED, const char *key,
    const char *value)
{
	static const char *const drop[] = { "host", "connection",
	    "keep-alive", "te", "upgrade", "transfer-encoding",
	    "content-length", "proxy-authorization", "proxy-connection",
	    "cookie", "accept-encoding", "expect", "trailer", "forwarded",
	    "x-forwarded-for" };
	struct hx	*x = cls;
	size_t		 i, fn = strlen(x->from);

	if (value == NULL || strpbrk(key, "\r\n") != NULL ||
	    strpbrk(value, "\r\n") != NULL)
		return MHD_YES;
	for (i = 0; i < nitems(drop); i++)
		if (strcasecmp(key, drop[i]) == 0)
			return MHD_YES;
	if (strcasecmp(key, "origin") == 0) {
		fa_buf_printf(x->b, "Origin: %s\r\n", strcasecmp(value,
		    x->from) == 0 ? x->to : "null");
		return MHD_YES;
	}
	if (strcasecmp(key, "referer") == 0) {
		if (strncasecmp(value, x->from, fn) == 0 && value[fn] == '/')
			fa_buf_printf(x->b, "Referer: %s%s\r\n", x->to,
			    value + fn);
		return MHD_YES;
	}
	fa_buf_printf(x->b, "%s: %s\r\n", key, value);
	return MHD_YES;
}

struct ck {
	struct fa_buf	*b;
	int		 n;
};

static enum MHD_Result
add_cookie(void *cls, enum MHD_ValueKind kind UNUSED, const char *key,
    const char *value)
{
	struct ck	*x = cls;

	if (strcmp(key, RDL_COOKIE) == 0 || strpbrk(key, "\r\n;") != NULL ||
	    (value != NULL && strpbrk(value, "\r\n;") != NULL))
		return MHD_YES;
	fa_buf_printf(x->b, "%s%s=%s", x->n++ ? "; " : "Cookie: ", key,
	    value != NULL ? value : "");
	return MHD_YES;
}

/* The request as the device will get it, into q->head and q->path. */
static void
build_head(struct rreq *q, const char *url)
{
	struct fa_buf	 p = FA_BUF_INIT;
	struct qs	 x = { &p, 0 };
	struct ck	 k = { &q->head, 0 };
	struct hx	 h;
	const char	*host = MHD_lookup_connection_value(q->c,
			    MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);

	pct(&p, url, strlen(url), 1);
	(void)MHD_get_connection_values(q->c, MHD_GET_ARGUMENT_KIND, add_arg,
	    &x);
	q->path = fa_buf_steal(&p);
	fa_buf_printf(&q->head, "%s %s HTTP/1.1\r\n", q->method, q->path);
	h.b = &q->head;
	h.from = fa_asprintf("https://%s", host != NULL ? host : "");
	h.to = strchr(q->s->address, ':') != NULL ? fa_asprintf("%s://[%s]",
	    q->s->scheme, q->s->address) : fa_asprintf("%s://%s",
	    q->s->scheme, q->s->address);
	(void)MHD_get_connection_values(q->c, MHD_HEADER_KIND, add_header,
	    &h);
	free(h.from);
	free(h.to);
	(void)MHD_get_connection_values(q->c, MHD_COOKIE_KIND, add_cookie,
	    &k);
	if (k.n > 0)
		fa_buf_puts(&q->head, "\r\n");
	if (q->body.len > 0 || strcmp(q->method, "POST") == 0 ||
	    strcmp(q->method, "PUT") == 0)
		fa_buf_printf(&q->head, "Content-Length: %zu\r\n", q->body.len);
	fa_buf_puts(&q->head, "\r\n");
}

/* The start link: the session's cookie set on its own origin, then its
 * front page.  Good once, for RDL_START_S, for its user's link only. */
static enum MHD_Result
start(struct rdl *r, struct rreq *q, struct rsess *s)
{
	const char	*t = MHD_lookup_connection_value(q->c,
			    MHD_GET_ARGUMENT_KIND, "t");
	struct fa_buf	 b = FA_BUF_INIT;
	char		*cookie = NULL;
	enum MHD_Result	 rc;
	int		 ok;

	pthread_mutex_lock(&r->lock);
	ok = s->state == S_ACTIVE && t != NULL && s->start_until >= fa_wall() &&
	    strlen(t) == strlen(s->start) && hubusers_same(t, s->start);
	if (ok) {
		s->start_until = 0;
		memset(s->start, 0, sizeof(s->start));
		s->last = fa_wall();
		/* SameSite=Lax: the first page comes from a link on the
		 * hub, another site, which a Strict cookie would miss. */
		cookie = fa_asprintf("%s=%s; Path=/; Secure; HttpOnly; "
		    "SameSite=Lax", RDL_COOKIE, s->token);
	}
	pthread_mutex_unlock(&r->lock);
	if (!ok)
		return page(q->c, MHD_HTTP_NOT_FOUND, "This link is not valid "
		    "(used already, too old, or the session has ended): open "
		    "the device from the hub again.");
	rdl_log(r, "rdl: session %" PRId64 " started in %s's browser", s->id,
	    s->who);
	fa_buf_puts(&b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "<meta http-equiv=\"refresh\" content=\"0; url=/\"><title>Device "
	    "link</title></head><body><p><a href=\"/\">Open the device's "
	    "page</a></p></body></html>\n");
	rc = send_buf(q->c, MHD_HTTP_OK, "text/html; charset=utf-8", &b,
	    cookie);
	free(cookie);
	return rc;
}

/* The session of this request's Host and cookie, held (refs), or NULL. */
static struct rsess *
browser_session(struct rdl *r, struct MHD_Connection *c, int need_cookie)
{
	struct rsess	*s = NULL;
	const char	*label, *ck;
	size_t		 n;

	pthread_mutex_lock(&r->lock);
	if (host_label(c, r->conf.domain, &label, &n))
		s = sess_by_label(r, label, n);
	if (s != NULL && need_cookie) {
		ck = MHD_lookup_connection_value(c, MHD_COOKIE_KIND,
		    RDL_COOKIE);
		if (ck == NULL || strlen(ck) != strlen(s->token) ||
		    !hubusers_same(ck, s->token))
			s = NULL;
	}
	if (s != NULL)
		s->refs++;
	pthread_mutex_unlock(&r->lock);
	return s;
}

/* Queues q for its collector and holds the connection: 1, or 0 refused
 * (q failed, to be answered now).  The lock is taken here. */
static int
browser_queue(struct rdl *r, struct rreq *q, const char *url)
{
	struct rsess	*s = q->s;
	int64_t		 ms = fa_now_ms();
	unsigned	 refuse = 0;
	const char	*why = NULL;

	build_head(q, url);
	pthread_mutex_lock(&r->lock);
	s->bucket += (double)(ms - s->bucket_ms) * RDL_RATE / 1000.0;
	if (s->bucket > RDL_BURST)
		s->bucket = RDL_BURST;
	s->bucket_ms = ms;
	if (s->state != S_ACTIVE) {
		refuse = MHD_HTTP_NOT_FOUND;
		why = s->state == S_ENDED ? "This device session has ended." :
		    "This device session has not started.";
	} else if (s->bucket < 1.0) {
		refuse = MHD_HTTP_TOO_MANY_REQUESTS;
		why = "Too many requests in this device session: slow down.";
	} else if (s->inflight >= RDL_INFLIGHT) {
		refuse = MHD_HTTP_SERVICE_UNAVAILABLE;
		why = "Too many requests of this session wait for the device.";
	} else {
		s->bucket -= 1.0;
		s->inflight++;
		s->last = fa_wall();
		q->id = ++r->next_id;
		q->state = RS_QUEUED;
		q->deadline = ms + RDL_WAIT_S * 1000LL;
		*s->qtail = q;
		s->qtail = &q->next;
		MHD_suspend_connection(q->c);
		wake(r, s->fp, 0);
	}
	pthread_mutex_unlock(&r->lock);
	if (refuse == 0)
		return 1;
	q->state = RS_FAILED;
	q->fail = refuse;
	fa_strlcpy(q->msg, why, sizeof(q->msg));
	return 0;		/* answered by the caller, audited */
}

/* Request q's line in the audit (down: the bytes the browser got). */
static void
audit(struct rdl *r, struct rreq *q, unsigned status, int64_t down)
{
	struct hubdb	*db;
	struct fa_err	 e;

	if ((db = tdb(r)) != NULL && rdlstore_request_add(db, q->s->id,
	    fa_wall(), q->method, q->path != NULL ? q->path : "?", (int)status,
	    (int64_t)q->body.len, down, &e) != 0) {
		rdl_log(r, "rdl: cannot audit a request of session %" PRId64
		    ": %s", q->s->id, e.msg);
		tdb_broken(r);
	}
}

/* A browser request's answer (or failure), audited: a streamed one
 * when it has gone (rdl_done()), with the bytes it carried. */
static enum MHD_Result
browser_reply(struct rdl *r, struct rreq *q)
{
	struct rsess	*s = q->s;
	unsigned	 status;
	int		 streamed = q->state == RS_DONE && q->pipe != NULL;
	enum MHD_Result	 rc;

	if (streamed)
		rc = relay_answer(r, q, &status);
	else {
		status = q->fail;
		rc = page(q->c, q->fail, q->msg);
	}
	pthread_mutex_lock(&r->lock);
	if (q->id != 0 && s->inflight > 0)
		s->inflight--;
	s->requests++;
	s->up += (int64_t)q->body.len;
	s->last = fa_wall();
	pthread_mutex_unlock(&r->lock);
	if (streamed)
		q->status = status;
	else
		audit(r, q, status, 0);
	q->state = -1;		/* answered: nothing more */
	return rc;
}

/* ---- the collector's requests ---- */

/* A channel opened with the collector's signed headers (soapup.h's, the
 * bytes under RDL_AUTH_MAGIC): 0 (*ch the new channel), -1 (e). */
static int
chan_open(struct rdl *r, struct MHD_Connection *c, char *token,
    struct fa_err *e)
{
	struct soapup_auth	 a;
	struct key_pub		 pub;
	struct hubstore		*hs = NULL;
	struct fa_buf		 b = FA_BUF_INIT;
	struct fa_err		 e2;
	struct chan		*ch, *old = NULL;
	char			*pk = NULL, *account = NULL;
	char			 fp[KEY_FP_LEN + 1];
	int64_t			 now = fa_wall();
	size_t			 i, slot = RDL_NONCES;
	int			 x, rc = -1;

	if (soapup_auth_parse(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    SOAPUP_H_COLLECTOR), MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, SOAPUP_H_TIME), MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, SOAPUP_H_NONCE), MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, SOAPUP_H_SIGNATURE), 0, &a, e) != 0)
		return -1;
	if (key_fingerprint_parse(a.collector, fp, &e2) != 0)
		return fa_errf(e, "bad collector fingerprint: %s", e2.msg);
	if (a.time < now - SOAP_SKEW_MAX || a.time > now + SOAP_SKEW_MAX)
		return fa_errf(e, "the collector's clock is %+" PRId64 " s "
		    "from the hub's", a.time - now);
	if (hubstore_open_hub(r->dir, &hs, e) != 0)
		return -1;
	x = hubstore_collector_find(hs, fp, &pk, &account, e);
	hubstore_close(hs);
	if (x == -1)
		goto out;
	if (x == 1 || key_pub_parse(pk, strlen(pk), &pub, &e2) != 0) {
		fa_errf(e, "unknown collector %s", fp);
		goto out;
	}
	fa_buf_puts(&b, RDL_AUTH_MAGIC "\n");
	soapup_auth_bytes(&a, &b);
	if (sig_verify(&pub, b.s, b.len, a.sig) != 0) {
		fa_errf(e, "bad signature on the channel of collector %s", fp);
		goto out;
	}
	pthread_mutex_lock(&r->lock);
	for (i = 0; i < RDL_NONCES; i++) {
		if (r->nonces[i].until > now &&
		    strcmp(r->nonces[i].v, a.nonce) == 0)
			break;
		if (r->nonces[i].until <= now && slot == RDL_NONCES)
			slot = i;
	}
	if (i < RDL_NONCES || slot == RDL_NONCES) {
		pthread_mutex_unlock(&r->lock);
		fa_errf(e, "collector %s: a replayed or too frequent channel "
		    "open", fp);
		goto out;
	}
	fa_strlcpy(r->nonces[slot].v, a.nonce, sizeof(r->nonces[slot].v));
	r->nonces[slot].until = a.time + SOAP_SKEW_MAX + 1;
	if ((old = chan_by_fp(r, fp)) != NULL)
		wake(r, fp, 1);
	ch = old != NULL ? old : fa_calloc(1, sizeof(*ch));
	fa_strlcpy(ch->fp, fp, sizeof(ch->fp));
	sig_random_hex(ch->token, RDL_TOKEN_BYTES);
	ch->seen_ms = fa_now_ms();
	if (old == NULL) {
		ch->next = r->chans;
		r->chans = ch;
	}
	fa_strlcpy(token, ch->token, 2 * RDL_TOKEN_BYTES + 1);
	pthread_mutex_unlock(&r->lock);
	rdl_log(r, "rdl: collector %s: channel open", fp);
	rc = 0;
out:
	fa_buf_release(&b);
	free(pk);
	free(account);
	return rc;
}

/* The session's request id, given to the channel's collector. */
static struct rreq *
sent_req(struct rdl *r, const struct chan *ch, int64_t id)
{
	struct rsess	*s;
	struct rreq	*q;

	for (s = r->sessions; s != NULL; s = s->next) {
		if (strcmp(s->fp, ch->fp) != 0)
			continue;
		for (q = s->sent; q != NULL; q = q->next)
			if (q->id == id)
				return q;
	}
	return NULL;
}

/* The collector's request, its body read (the lock is taken here). */
static enum MHD_Result
collector_req(struct rdl *r, struct rreq *q)
{
	struct chan	*ch;
	struct rreq	*b;
	struct rsess	*s;
	struct fa_buf	 out = FA_BUF_INIT;
	char		 why[160];
	long long	 sid;

	pthread_mutex_lock(&r->lock);
	if ((ch = chan_by_token(r, q->token)) == NULL) {
		pthread_mutex_unlock(&r->lock);
		return text(q->c, MHD_HTTP_FORBIDDEN, "unknown channel: open "
		    "a new one");
	}
	ch->seen_ms = fa_now_ms();
	switch (q->kind) {
	case RK_POLL:
		if (ch->poll != NULL)
			wake(r, ch->fp, 1);
		if (fill_poll(r, ch->fp, &out) || r->stopping) {
			pthread_mutex_unlock(&r->lock);
			return send_buf(q->c, MHD_HTTP_OK,
			    "application/octet-stream", &out, NULL);
		}
		ch->poll = q;
		q->ch = ch;
		q->state = RS_HELD;
		q->deadline = fa_now_ms() + r->conf.poll * 1000;
		MHD_suspend_connection(q->c);
		pthread_mutex_unlock(&r->lock);
		return MHD_YES;
	case RK_ANSWER:
		if (q->pipe != NULL) {
			if (q->over == 1)
				pipe_cut(q->pipe);
			else if (!q->pipe->err)
				q->pipe->done = 1;
			pipe_kick(q->pipe);
		} else if (!q->over && (b = sent_req(r, ch, q->id)) != NULL) {
			unlink_req(b->s, b);	/* it ended before its head */
			req_fail(b, MHD_HTTP_BAD_GATEWAY, "The collector sent "
			    "an answer that is not HTTP.");
		}
		pthread_mutex_unlock(&r->lock);
		return text(q->c, q->over == 1 ? MHD_HTTP_CONTENT_TOO_LARGE :
		    MHD_HTTP_OK, q->over == 1 ? "too large" : "ok");
	case RK_ACCEPT:
		why[0] = '\0';
		if (q->body.s == NULL || sscanf(q->body.s, "%lld", &sid) != 1 ||
		    (s = sess_by_id(r, sid)) == NULL ||
		    strcmp(s->fp, ch->fp) != 0) {
			pthread_mutex_unlock(&r->lock);
			return text(q->c, MHD_HTTP_NOT_FOUND, "no such session");
		}
		if (strstr(q->body.s, " ok") != NULL) {
			if (s->state == S_OFFERED) {
				s->state = S_ACTIVE;
				s->last = fa_wall();
				rdl_log(r, "rdl: session %" PRId64 ": collector "
				    "%s relays %s", s->id, ch->fp, s->address);
			}
		} else if (s->state != S_ENDED) {
			char *sp = strchr(q->body.s, ' ');
			char *esc = fa_esc_line(sp != NULL ? sp + 1 : "refused");

			snprintf(why, sizeof(why), "the collector refused: %.120s",
			    esc);
			free(esc);
			s->told = 1;
			sess_end(r, s, why);
		}
		pthread_mutex_unlock(&r->lock);
		return text(q->c, MHD_HTTP_OK, "ok");
	case RK_BYE:
		for (s = r->sessions; s != NULL; s = s->next)
			if (strcmp(s->fp, ch->fp) == 0 && s->state != S_ENDED) {
				s->told = 1;
				sess_end(r, s, "the collector stopped");
			}
		wake(r, ch->fp, 1);
		{	/* gone now: no session may start on it */
			struct chan **cp;

			for (cp = &r->chans; *cp != NULL; cp = &(*cp)->next)
				if (*cp == ch) {
					*cp = ch->next;
					break;
				}
			free(ch);
		}
		pthread_mutex_unlock(&r->lock);
		return text(q->c, MHD_HTTP_OK, "bye");
	default:
		pthread_mutex_unlock(&r->lock);
		return text(q->c, MHD_HTTP_NOT_FOUND, "not found");
	}
}

void
rdl_signer(struct rdl *r, const struct key_secret *sign, const char *hub_fp)
{
	r->sign = sign;
	r->hub_fp = hub_fp;
}

/* The sessions waiting for the channel's collector, signed for its
 * nonce as a Hello's answer (rdl_signer()). */
static enum MHD_Result
offers(struct rdl *r, struct rreq *q)
{
	struct soap_command	 cmds[SOAP_COMMANDS_MAX];
	struct soap_answer	 a;
	struct fa_buf		 b = FA_BUF_INIT;
	struct chan		*ch;
	struct fa_err		 e;
	char			 fp[KEY_FP_LEN + 1], nonce[SOAP_NONCE_LEN + 1];
	char			 buf[RDL_HELLO_BUF], *body;
	long long		 t;
	int64_t			 now = fa_wall();
	struct MHD_Response	*resp;
	enum MHD_Result		 rc;

	pthread_mutex_lock(&r->lock);
	if ((ch = chan_by_token(r, q->token)) != NULL) {
		fa_strlcpy(fp, ch->fp, sizeof(fp));
		ch->seen_ms = fa_now_ms();
	}
	pthread_mutex_unlock(&r->lock);
	if (ch == NULL)
		return text(q->c, MHD_HTTP_FORBIDDEN, "unknown channel: open "
		    "a new one");
	if (r->sign == NULL || r->hub_fp == NULL)
		return text(q->c, MHD_HTTP_NOT_FOUND, "not found");
	if (q->body.s == NULL || sscanf(q->body.s, "%32s %lld", nonce, &t) !=
	    2 || strlen(nonce) != SOAP_NONCE_LEN ||
	    strspn(nonce, "0123456789abcdef") != SOAP_NONCE_LEN ||
	    t < now - SOAP_SKEW_MAX || t > now + SOAP_SKEW_MAX)
		return text(q->c, MHD_HTTP_BAD_REQUEST, "not NONCE TIME, or "
		    "a clock too far from the hub's");
	memset(&a, 0, sizeof(a));
	a.hub_time = now;
	a.hub_fp = r->hub_fp;
	a.collector = fp;
	a.nonce = nonce;
	a.expires = (int64_t)t + SOAP_ANSWER_TTL;
	a.cmds = cmds;
	a.n = rdl_hello(r, fp, cmds, SOAP_COMMANDS_MAX, buf, sizeof(buf));
	soap_answer_signed_bytes(&a, &b);
	if (key_secret_sign(r->sign, (const unsigned char *)b.s, b.len,
	    a.sig, &e) != 0) {
		fa_buf_release(&b);
		return text(q->c, MHD_HTTP_INTERNAL_SERVER_ERROR, e.msg);
	}
	fa_buf_release(&b);
	body = soap_hello_response(&a);
	resp = MHD_create_response_from_buffer(strlen(body), body,
	    MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	(void)MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/xml; charset=utf-8");
	(void)MHD_add_response_header(resp, "Cache-Control", "no-store");
	rc = MHD_queue_response(q->c, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return rc;
}

/* ---- the hooks ---- */

int
rdl_owns(const void *con_cls)
{
	return con_cls != NULL && *(const void *const *)con_cls == rdl_tag;
}

int
rdl_wants(struct rdl *r, struct MHD_Connection *c, const char *url)
{
	const char	*label;
	size_t		 n;
	int		 x;

	if (r == NULL)
		return 0;
	if (strncmp(url, "/WebServices/rdl/", 17) == 0 ||
	    strcmp(url, "/rdl") == 0 || strncmp(url, "/rdl/", 5) == 0)
		return 1;
	/* Every name under the domain is a session's, switch on or off:
	 * the hub's own pages are never served on a device's origin. */
	pthread_mutex_lock(&r->lock);
	x = host_label(c, r->conf.domain, &label, &n);
	pthread_mutex_unlock(&r->lock);
	return x;
}

/* A new request: its kind, and the checks made before any body. */
static enum MHD_Result
first(struct rdl *r, struct MHD_Connection *c, const char *url,
    const char *method, void **con_cls)
{
	struct rreq	*q = fa_calloc(1, sizeof(*q));
	const char	*h;
	const char	*label;
	size_t		 n;
	int		 session_host;
	struct fa_err	 e;
	long long	 cl = 0;

	q->tag = rdl_tag;
	q->c = c;
	q->t0 = fa_now_ms();
	q->state = RS_READ;
	fa_strlcpy(q->method, method, sizeof(q->method));
	*con_cls = q;
	pthread_mutex_lock(&r->lock);
	session_host = host_label(c, r->conf.domain, &label, &n);
	pthread_mutex_unlock(&r->lock);
	h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (h != NULL && fa_strtonum(h, 0, RDL_ANSWER_MAX, &cl, "length",
	    &e) != 0)
		cl = -1;
	if (session_host) {
		q->kind = strcmp(url, RDL_START_PATH) == 0 ? RK_START :
		    RK_BROWSER;
		q->limit = RDL_BODY_MAX;
		if ((q->s = browser_session(r, c, q->kind == RK_BROWSER)) ==
		    NULL) {
			q->state = -1;
			return page(c, MHD_HTTP_NOT_FOUND, "There is no such "
			    "device session here (it has ended, or this "
			    "browser did not start it).");
		}
		if (cl < 0 || cl > RDL_BODY_MAX) {
			q->state = RS_FAILED;
			q->fail = MHD_HTTP_CONTENT_TOO_LARGE;
			snprintf(q->msg, sizeof(q->msg), "A request body may "
			    "have at most %d KiB in a device session.",
			    RDL_BODY_MAX >> 10);
			q->state = -1;
			return page(c, MHD_HTTP_CONTENT_TOO_LARGE, q->msg);
		}
		return MHD_YES;
	}
	if (strncmp(url, "/WebServices/rdl/", 17) != 0) {
		q->kind = RK_PAGE;
		q->limit = RDL_PAGE_MAX;
		if (cl < 0 || cl > RDL_PAGE_MAX) {
			q->state = -1;
			return page(c, MHD_HTTP_CONTENT_TOO_LARGE, "This form is "
			    "too large.");
		}
		return MHD_YES;
	}
	url += 17;
	if (strcmp(method, "POST") != 0) {
		q->state = -1;
		return text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "POST only");
	}
	q->kind = strcmp(url, "channel") == 0 ? RK_CHANNEL :
	    strcmp(url, "poll") == 0 ? RK_POLL :
	    strcmp(url, "answer") == 0 ? RK_ANSWER :
	    strcmp(url, "accept") == 0 ? RK_ACCEPT :
	    strcmp(url, "bye") == 0 ? RK_BYE :
	    strcmp(url, "offers") == 0 ? RK_OFFERS : -1;
	if (q->kind == -1) {
		q->state = -1;
		return text(c, MHD_HTTP_NOT_FOUND, "not found");
	}
	q->limit = q->kind == RK_ANSWER ? RDL_ANSWER_MAX : 4096;
	if (q->kind != RK_CHANNEL) {
		h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    RDL_H_CHANNEL);
		pthread_mutex_lock(&r->lock);
		if (chan_by_token(r, h) != NULL)
			fa_strlcpy(q->token, h, sizeof(q->token));
		pthread_mutex_unlock(&r->lock);
		if (q->token[0] == '\0') {
			q->state = -1;
			return text(c, MHD_HTTP_FORBIDDEN, "unknown channel: "
			    "open a new one");
		}
	}
	if (q->kind == RK_ANSWER) {
		h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    RDL_H_REQUEST);
		if (h == NULL || fa_strtonum(h, 1, INT64_MAX, &cl, "request",
		    &e) != 0) {
			q->state = -1;
			return text(c, MHD_HTTP_BAD_REQUEST, "no request id");
		}
		q->id = cl;
	}
	return MHD_YES;
}

enum MHD_Result
rdl_handle(struct rdl *r, struct MHD_Connection *c, const char *url,
    const char *method, const char *data, size_t *data_size, void **con_cls)
{
	struct rreq	*q = *con_cls;
	struct fa_err	 e;
	struct hubdb	*db;
	char		 token[2 * RDL_TOKEN_BYTES + 1];

	if (q == NULL)
		return first(r, c, url, method, con_cls);
	if (q->state == -1) {		/* answered already: drop the rest */
		*data_size = 0;
		return MHD_YES;
	}
	if (*data_size > 0 && q->kind == RK_ANSWER) {
		answer_data(r, q, data, *data_size);
		*data_size = 0;
		return MHD_YES;
	}
	if (*data_size > 0) {
		if (fa_now_ms() - q->t0 > RDL_WAIT_S * 1000LL)
			return MHD_NO;	/* too slow */
		if (q->body.len + *data_size > q->limit)
			q->over = 1;
		else
			fa_buf_add(&q->body, data, *data_size);
		*data_size = 0;
		return MHD_YES;
	}
	switch (q->kind) {
	case RK_BROWSER:
		if (q->state == RS_READ) {
			if (q->over) {
				q->state = RS_FAILED;
				q->fail = MHD_HTTP_CONTENT_TOO_LARGE;
				fa_strlcpy(q->msg, "The request body is too "
				    "large for a device session.",
				    sizeof(q->msg));
			} else if (browser_queue(r, q, url))
				return MHD_YES;	/* held; state may move on */
		}
		if (q->state == RS_QUEUED || q->state == RS_SENT)
			return MHD_YES;	/* a spurious call: still waiting */
		return browser_reply(r, q);
	case RK_START:
		q->state = -1;
		return start(r, q, q->s);
	case RK_PAGE:
		q->state = -1;
		if (q->over)
			return page(c, MHD_HTTP_CONTENT_TOO_LARGE, "This form "
			    "is too large.");
		if ((db = tdb(r)) == NULL)
			return page(c, MHD_HTTP_SERVICE_UNAVAILABLE, "The hub's "
			    "store cannot be opened: try again later.");
		return rdlweb_handle(r, db, c, url, method, q->body.s,
		    q->body.len);
	case RK_CHANNEL:
		q->state = -1;
		if (chan_open(r, c, token, &e) != 0) {
			rdl_log(r, "rdl: channel refused: %s", e.msg);
			return text(c, MHD_HTTP_FORBIDDEN, "refused");
		}
		{
			struct fa_buf b = FA_BUF_INIT;

			pthread_mutex_lock(&r->lock);
			fa_buf_printf(&b, "%s %" PRId64 "\n", token,
			    r->conf.poll);
			pthread_mutex_unlock(&r->lock);
			return send_buf(c, MHD_HTTP_OK, "text/plain", &b, NULL);
		}
	case RK_POLL:
		if (q->state == RS_HELD)
			return MHD_YES;
		if (q->state == RS_DONE) {
			q->state = -1;
			return send_buf(c, MHD_HTTP_OK,
			    "application/octet-stream", &q->ans, NULL);
		}
		return collector_req(r, q);
	case RK_OFFERS:
		q->state = -1;
		return offers(r, q);
	default:
		q->state = -1;
		return collector_req(r, q);
	}
}

void
rdl_done(struct rdl *r, void **con_cls)
{
	struct rreq	*q = *con_cls;
	int64_t		 down = 0;

	*con_cls = NULL;
	if (q == NULL)
		return;
	pthread_mutex_lock(&r->lock);
	if (q->ch != NULL && q->ch->poll == q)
		q->ch->poll = NULL;
	if (q->s != NULL) {
		if (q->state == RS_QUEUED || q->state == RS_SENT) {
			unlink_req(q->s, q);
			if (q->s->inflight > 0)
				q->s->inflight--;
		}
	}
	if (q->pipe != NULL) {
		if (q->kind == RK_ANSWER) {	/* the upload has gone */
			q->pipe->ac = NULL;
			q->pipe->asusp = 0;
			if (!q->pipe->done)
				pipe_cut(q->pipe);
		} else {
			q->pipe->bc = NULL;
			q->pipe->bwait = 0;
			if (q->pipe->asusp && q->pipe->ac != NULL) {
				q->pipe->asusp = 0;
				MHD_resume_connection(q->pipe->ac);
			}
			down = (int64_t)q->ans.len + q->pipe->sent;
			if (q->s != NULL)
				q->s->down += down;
		}
	}
	pthread_mutex_unlock(&r->lock);
	if (q->pipe != NULL && q->kind == RK_BROWSER && q->s != NULL &&
	    q->state == -1)
		audit(r, q, q->status, down);
	pthread_mutex_lock(&r->lock);
	if (q->pipe != NULL)
		pipe_unref(q->pipe);
	if (q->s != NULL)
		q->s->refs--;
	pthread_mutex_unlock(&r->lock);
	fa_buf_release(&q->head);
	fa_buf_release(&q->body);
	fa_buf_release(&q->ans);
	free(q->path);
	free(q);
}
