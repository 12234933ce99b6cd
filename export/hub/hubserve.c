/*
 * hubserve.c: the hub's HTTPS SOAP endpoint (see hubserve.h).
 *
 * libmicrohttpd runs HUBSERVE_THREADS worker threads over one listening
 * socket, TLS only (GnuTLS, TLS 1.2 and 1.3: the priority string removes
 * every older version).
 *
 * Hostile clients are expected, so every resource a request takes is
 * bounded, and none is given before it is earned:
 *  - connections: HUBSERVE_CONNS at once, HUBSERVE_CONNS_PER_IP from one
 *    address, so one client cannot fill the hub;
 *  - time: a watchdog (reap(), five times a second) closes a connection
 *    whose TLS handshake and request headers take over HUBSERVE_HEADERS_S
 *    (slowloris), and one whose body falls behind HUBSERVE_BODY_RATE
 *    after a grace of HUBSERVE_HEADERS_S; libmicrohttpd closes one idle
 *    HUBSERVE_IDLE_S, and a request may take HUBSERVE_REQUEST_S;
 *  - bodies: Hello, Result and web forms are held in memory, at most 64
 *    KiB (16 KiB a form) each and HUBSERVE_INFLIGHT in all; an Upload is
 *    never held: it is read as a stream (export/soapup.h: bounded memory
 *    whatever its shape) and its bundle decoded into a file;
 *  - an Upload over SOAP_BODY_MAX must carry the collector's signed
 *    headers (soapup.h), checked against the trusted collector's key
 *    before any byte of the body is taken, its nonce not seen before, and
 *    at most HUBSERVE_UPLOADS of them are read at once (a smaller one is
 *    counted with the Hello bodies).  Unauthenticated clients can hold
 *    neither memory nor upload slots, and Uploads leave the room Hello,
 *    Result and the web view need.
 * A request refused early (too large, not authenticated, busy) is
 * answered as soon as its headers are in, and the connection closed;
 * but a Hello, Result or form body a little too large (at most
 * HUBSERVE_DROP_MAX) that the client sends without waiting for
 * "100-continue" is read and dropped first, so that the client reads the
 * 413 rather than a reset connection (drop_first()).
 *
 * An Upload's bundle is written to HUB/incoming (a temporary file, 0600)
 * and imported by hub_import(), the code "hub import" uses: same checks,
 * one transaction, nothing written when refused.  On SQLite imports are
 * serialised by one mutex (the store takes one writer at a time anyway);
 * on PostgreSQL they go on at once, each locking its site's row.  Each
 * request opens the store for itself (a struct hubstore is not
 * thread-safe).  The receipt is the one "hub import" writes,
 * HUB/receipts/ID.receipt; a bundle sent again (its answer was lost, or
 * another process imported it meanwhile) is "already imported" and gets
 * the same receipt as the first import, rebuilt from the store, so the
 * collector can let it go.
 *
 * A Hello is answered once (its nonce is kept in the store, shared by
 * every hub process) and signed with the hub's key for that nonce, so a
 * collector acts only on its own hub's answer to its own Hello.  An
 * unknown collector and a bad signature get one fault, so that nobody
 * learns from it which fingerprints are trusted.  Every log line is
 * escaped whole (fa_esc_line()): most carry values a client chose.
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "../../crypto/bundle.h"
#include "../../crypto/keys.h"
#include "../../crypto/sig.h"
#include "hubdb.h"
#include "hubdir.h"
#include "hubserve.h"
#include "hubstore.h"
#include "hubweb.h"
#include "import.h"
#include "rdl.h"
#include "../soap.h"
#include "../soapup.h"

#define HUB_INCOMING	"incoming"
#define CERT_MAX	(1024 * 1024)	/* bytes of a PEM file */
#define TLS_PRIORITIES	"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

/* A connection, as the watchdog sees it (socket context). */
struct conn {
	struct conn	*prev, *next;	/* server.conns */
	int		 fd;
	enum { CONN_WAIT, CONN_BODY, CONN_WORK } phase;
	int64_t		 since;		/* ms: the phase began */
	size_t		 got;		/* CONN_BODY: bytes of the body */
	int		 closed;	/* shut down by the watchdog */
};

/* An Upload's nonce, refused again until 'until' (seconds). */
struct nonce {
	char		 v[SOAPUP_NONCE_LEN + 1];
	int64_t		 until;
};

struct server {
	const struct hubserve_conf *conf;
	struct key_pub		 pub;
	char			 fp[KEY_FP_LEN + 1];
	struct key_secret	*box, *sign;
	pthread_mutex_t		 lock;		/* log, inflight, seq, conns,
						 * uploads, nonces */
	pthread_mutex_t		 imports;	/* one at a time on SQLite */
	int			 serial;	/* imports take imports */
	struct hubweb		*web;		/* paths outside /WebServices/ */
	struct rdl		*rdl;		/* device sessions (rdl.h) */
	size_t			 inflight;
	unsigned long		 seq;		/* incoming file names */
	struct conn		*conns;
	unsigned		 uploads;	/* Upload slots taken */
	struct nonce		*nonces;	/* HUBSERVE_NONCES */
};

/* One request being read. */
struct req {
	struct fa_buf	 body;
	size_t		 limit;
	size_t		 counted;	/* bytes charged to inflight */
	int		 over;		/* 1: too big; 2: hub busy */
	int		 web;		/* a form for the web view */
	int64_t		 start;
	struct conn	*conn;		/* or NULL */
	/* An Upload, streamed into tmp. */
	struct soapup	*up;
	char		*tmp;
	int		 fd;
	int		 slot;		/* holds an Upload slot */
	int		 sig;		/* its signed headers checked */
	int		 failed;	/* the stream was refused: e */
	struct fa_err	 e;
};

static void
logf_(struct server *sv, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Every line is escaped whole (fa_esc_line()): most carry values a
 * client chose (a fingerprint, a version, a user name, a bundle's
 * fields), and one escape at the sink misses none of them. */
static void
logf_(struct server *sv, const char *fmt, ...)
{
	char	buf[512], *line;
	va_list	ap;

	if (sv->conf->log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	line = fa_esc_line(buf);
	pthread_mutex_lock(&sv->lock);
	sv->conf->log(sv->conf->log_arg, line);
	pthread_mutex_unlock(&sv->lock);
	free(line);
}

/* The web view's lines, serialised with the others. */
static void
web_log(void *arg, const char *msg)
{
	logf_(arg, "%s", msg);
}

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned status, char *text,
    const char *type)
{
	struct MHD_Response	*r;
	enum MHD_Result		 rc;

	r = MHD_create_response_from_buffer(strlen(text), text,
	    MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(text);
		return MHD_NO;
	}
	(void)MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

/* A fault: "Client" with HTTP 500 as SOAP 1.1 says, or status given. */
static enum MHD_Result
fault(struct MHD_Connection *c, unsigned status, const char *code,
    const char *reason)
{
	return reply(c, status, soap_fault(code, reason),
	    "text/xml; charset=utf-8");
}

static void
charge(struct server *sv, struct req *q, size_t n)
{
	pthread_mutex_lock(&sv->lock);
	if (sv->inflight + n > HUBSERVE_INFLIGHT)
		q->over = 2;
	else {
		sv->inflight += n;
		q->counted += n;
	}
	pthread_mutex_unlock(&sv->lock);
}

/* The watchdog's record of connection c, or NULL. */
static struct conn *
conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci;

	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci != NULL ? ci->socket_context : NULL;
}

static void
conn_phase(struct server *sv, struct conn *k, int phase)
{
	if (k == NULL)
		return;
	pthread_mutex_lock(&sv->lock);
	k->phase = phase;
	k->since = fa_now_ms();
	k->got = 0;
	pthread_mutex_unlock(&sv->lock);
}

/* Connections are listed from accept() (before the TLS handshake) to
 * their end; libmicrohttpd calls CLOSED before it closes the socket, so
 * a listed fd is always the connection's own. */
static void
notify(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct server			*sv = cls;
	struct conn			*k;
	const union MHD_ConnectionInfo	*ci;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		k = fa_calloc(1, sizeof(*k));
		ci = MHD_get_connection_info(c,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		k->fd = ci != NULL ? ci->connect_fd : -1;
		k->phase = CONN_WAIT;
		k->since = fa_now_ms();
		pthread_mutex_lock(&sv->lock);
		if ((k->next = sv->conns) != NULL)
			k->next->prev = k;
		sv->conns = k;
		pthread_mutex_unlock(&sv->lock);
		*socket_context = k;
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED &&
	    (k = *socket_context) != NULL) {
		pthread_mutex_lock(&sv->lock);
		if (k->prev != NULL)
			k->prev->next = k->next;
		else
			sv->conns = k->next;
		if (k->next != NULL)
			k->next->prev = k->prev;
		pthread_mutex_unlock(&sv->lock);
		free(k);
		*socket_context = NULL;
	}
}

/*
 * The watchdog: shuts down (the worker thread then closes) a connection
 * that has not sent its request headers HUBSERVE_HEADERS_S after it was
 * opened or its previous request ended, and one whose body falls behind
 * HUBSERVE_BODY_RATE bytes a second after a grace of HUBSERVE_HEADERS_S.
 * A request the hub is working on is left alone.
 */
static void
reap(struct server *sv)
{
	struct conn	*k;
	int64_t		 now = fa_now_ms(), late;
	unsigned	 waited = 0, slow = 0;

	pthread_mutex_lock(&sv->lock);
	for (k = sv->conns; k != NULL; k = k->next) {
		if (k->closed || k->fd == -1 || k->phase == CONN_WORK)
			continue;
		late = now - k->since - HUBSERVE_HEADERS_S * 1000LL;
		if (k->phase == CONN_BODY)
			late -= (int64_t)(k->got / HUBSERVE_BODY_RATE) * 1000;
		if (late <= 0)
			continue;
		(void)shutdown(k->fd, SHUT_RDWR);
		k->closed = 1;
		if (k->phase == CONN_WAIT)
			waited++;
		else
			slow++;
	}
	pthread_mutex_unlock(&sv->lock);
	if (waited > 0)
		logf_(sv, "closed %u connections without a request in %d s",
		    waited, HUBSERVE_HEADERS_S);
	if (slow > 0)
		logf_(sv, "closed %u connections sending their body slower "
		    "than %d bytes/s", slow, HUBSERVE_BODY_RATE);
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe UNUSED)
{
	struct server	*sv = cls;
	struct req	*q = *con_cls;

	/* Keep-alive: the next request's headers are waited for anew. */
	conn_phase(sv, conn_of(c), CONN_WAIT);
	if (rdl_owns(q)) {
		rdl_done(sv->rdl, con_cls);
		return;
	}
	if (q == NULL)
		return;
	pthread_mutex_lock(&sv->lock);
	sv->inflight -= q->counted;
	if (q->slot)
		sv->uploads--;
	pthread_mutex_unlock(&sv->lock);
	soapup_free(q->up);
	if (q->fd != -1)
		close(q->fd);
	if (q->tmp != NULL) {
		(void)unlink(q->tmp);
		free(q->tmp);
	}
	fa_buf_release(&q->body);
	free(q);
	*con_cls = NULL;
}

/* e's message with path replaced by what (the temporary file's name
 * means nothing to the collector). */
static void
unpath(struct fa_err *e, const char *path, const char *what)
{
	char	*p, out[sizeof(e->msg)];
	size_t	 n = strlen(path);

	if ((p = strstr(e->msg, path)) == NULL)
		return;
	snprintf(out, sizeof(out), "%.*s%s%s", (int)(p - e->msg), e->msg,
	    what, p + n);
	fa_strlcpy(e->msg, out, sizeof(e->msg));
}

/* Whether a refusal is the hub's state (try again) rather than the
 * bundle's. */
static int
transient(const char *msg)
{
	return strstr(msg, "locked") != NULL || strstr(msg, "busy") != NULL ||
	    strstr(msg, "disk") != NULL || strstr(msg, "No space") != NULL ||
	    strstr(msg, "out of memory") != NULL;
}

/* Imports the bundle the Upload's stream was decoded into (tmp, len
 * bytes, removed here) and answers with its receipt; sig: it came with
 * valid signed headers. */
static enum MHD_Result
do_upload(struct server *sv, struct MHD_Connection *c, const char *tmp,
    size_t len, int sig)
{
	const char			*dir = sv->conf->dir;
	struct hub_import_result	 res;
	struct hubstore			*hs = NULL;
	struct fa_err			 e;
	char				*json, *receipt = NULL;
	int				 failed = 0, serverside = 0;

	if (sv->serial)
		pthread_mutex_lock(&sv->imports);
	if (hubstore_open_hub(dir, &hs, &e) != 0) {
		serverside = failed = 1;
	} else if (hub_import(hs, tmp, &sv->pub, sv->box, fa_wall(), &res,
	    &e) != 0) {
		unpath(&e, tmp, "upload");
		failed = 1;
		serverside = transient(e.msg);
	} else {
		/* Already imported, it is the first import's receipt again
		 * (hub_import() gives its time and counts; the signature is
		 * deterministic), whichever process made it and whether or
		 * not its file is written yet: the same bytes, kept again. */
		if (hubdir_receipt_write(dir, sv->sign, &res, &receipt, NULL,
		    &e) != 0)
			serverside = failed = 1;
	}
	hubstore_close(hs);
	if (sv->serial)
		pthread_mutex_unlock(&sv->imports);
	if (!failed)
		hubweb_imported(sv->web);
	(void)unlink(tmp);
	if (failed) {
		free(receipt);
		logf_(sv, "upload refused: %s", e.msg);
		return fault(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    serverside ? "Server" : "Client", !serverside &&
		    (strstr(e.msg, "comes from an unknown collector") != NULL ||
		    strncmp(e.msg, "bad signature", 13) == 0) ?
		    SOAP_FAULT_AUTH : e.msg);
	}
	logf_(sv, "upload: bundle %s, sequence %" PRId64 " from %s%s (%s, "
	    "%zu bytes)", res.bundle_id, res.sequence, res.collector,
	    res.already ? " (already imported)" : "", sig ? "signed" :
	    "unsigned", len);
	json = soap_upload_response(receipt, res.already);
	free(receipt);
	return reply(c, MHD_HTTP_OK, json, "text/xml; charset=utf-8");
}

/*
 * Checks a Hello or Result: a trusted collector's signature first, then
 * a time within SOAP_SKEW_MAX of the hub's, then for a Hello that it was
 * not seen before (its nonce, or for a collector of protocol v1 its
 * signature, kept until the Hello is too old anyway).  Opens *hs.
 * -1: e is the fault's reason, the one SOAP_FAULT_AUTH for an unknown
 * collector and a bad signature alike, and why the line for the log.
 */
static int
check_signed(struct server *sv, const struct soap_req *r,
    struct hubstore **hs, struct fa_err *e, struct fa_err *why)
{
	struct key_pub	 pub;
	struct fa_buf	 b = FA_BUF_INIT;
	struct fa_err	 e2;
	char		*pk = NULL, *account = NULL, fp[KEY_FP_LEN + 1];
	char		*sighex = NULL;
	const char	*nonce;
	int		 x, rc = -1;
	int64_t		 now = fa_wall();

	if (key_fingerprint_parse(r->collector, fp, &e2) != 0) {
		fa_errf(e, "bad collector fingerprint: %s", e2.msg);
		*why = *e;
		return -1;
	}
	if ((x = hubstore_open_hub(sv->conf->dir, hs, e)) != 0)
		goto out;
	x = hubstore_collector_find(*hs, fp, &pk, &account, e);
	if (x == -1)
		goto out;
	if (x == 1 || key_pub_parse(pk, strlen(pk), &pub, &e2) != 0) {
		fa_errf(why, "unknown collector %s (not trusted by this hub)",
		    fp);
		fa_errf(e, "%s", SOAP_FAULT_AUTH);
		goto fail;
	}
	soap_signed_bytes(r, &b);
	if (sig_verify(&pub, b.s, b.len, r->sig) != 0) {
		fa_errf(why, "bad signature: not signed by collector %s", fp);
		fa_errf(e, "%s", SOAP_FAULT_AUTH);
		goto fail;
	}
	if (r->time < now - SOAP_SKEW_MAX || r->time > now + SOAP_SKEW_MAX) {
		fa_errf(e, "the collector's clock is %+" PRId64 " s from the "
		    "hub's (at most %d)", r->time - now, SOAP_SKEW_MAX);
		goto out;
	}
	if (r->op == SOAP_HELLO) {
		if ((nonce = r->nonce) == NULL)
			nonce = sighex = soap_b64_encode(r->sig,
			    SOAP_SIG_BYTES);
		x = hubstore_hello_nonce(*hs, fp, nonce, r->time +
		    SOAP_SKEW_MAX, now, e);
		if (x == -1)
			goto out;
		if (x == 1) {
			fa_errf(e, "this Hello was seen before (a replay): "
			    "refused");
			goto out;
		}
	}
	rc = 0;
out:
	if (rc != 0)
		*why = *e;
fail:
	fa_buf_release(&b);
	free(pk);
	free(account);
	free(sighex);
	return rc;
}

/*
 * The answer is signed with the hub's key, bound to the collector, its
 * Hello's nonce and an expiry (soap_answer_signed_bytes()).  A collector
 * of protocol v1 sends no nonce and would run unsigned commands: it is
 * answered (it may still upload) but given no command.
 */
static enum MHD_Result
do_hello(struct server *sv, struct MHD_Connection *c, struct soap_req *r)
{
	struct hubstore		*hs = NULL;
	struct hubstore_cmdrow	*rows = NULL;
	struct soap_command	 cmds[SOAP_COMMANDS_MAX];
	struct soap_answer	 a;
	struct fa_buf		 b = FA_BUF_INIT;
	struct fa_err		 e, why;
	size_t			 n = 0, i, nc;
	char			 fp[KEY_FP_LEN + 1], rdlbuf[RDL_HELLO_BUF];
	enum MHD_Result		 rc;

	why.msg[0] = '\0';
	if (check_signed(sv, r, &hs, &e, &why) != 0 ||
	    key_fingerprint_parse(r->collector, fp, &e) != 0 ||
	    (r->nonce != NULL && hubstore_command_pending(hs, fp, fa_wall(),
	    SOAP_COMMANDS_MAX, &rows, &n, &e) != 0)) {
		hubstore_close(hs);
		logf_(sv, "hello refused: %s", why.msg[0] != '\0' ? why.msg :
		    e.msg);
		return fault(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    transient(e.msg) ? "Server" : "Client", e.msg);
	}
	hubstore_close(hs);
	for (i = 0; i < n; i++) {
		cmds[i].id = rows[i].id;
		cmds[i].kind = rows[i].kind;
		cmds[i].arg = rows[i].argument;
	}
	nc = n + (r->nonce == NULL ? 0 : rdl_hello(sv->rdl, fp, cmds + n,
	    SOAP_COMMANDS_MAX - n, rdlbuf, sizeof(rdlbuf)));	/* rdl.h */
	memset(&a, 0, sizeof(a));
	a.hub_time = fa_wall();
	a.hub_fp = sv->fp;
	a.collector = fp;
	a.nonce = r->nonce != NULL ? r->nonce : "";
	a.expires = r->time + SOAP_ANSWER_TTL;
	a.cmds = cmds;
	a.n = nc;
	soap_answer_signed_bytes(&a, &b);
	if (key_secret_sign(sv->sign, (const unsigned char *)b.s, b.len,
	    a.sig, &e) != 0) {
		fa_buf_release(&b);
		logf_(sv, "hello refused: %s", e.msg);
		rc = fault(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "Server",
		    e.msg);
		goto out;
	}
	fa_buf_release(&b);
	if (r->nonce == NULL)
		logf_(sv, "hello: collector %s, version %.40s, protocol v1 (no "
		    "nonce): no command given until it is upgraded", fp,
		    r->version);
	else
		logf_(sv, "hello: collector %s, version %.40s, %zu commands",
		    fp, r->version, nc);
	rc = reply(c, MHD_HTTP_OK, soap_hello_response(&a),
	    "text/xml; charset=utf-8");
out:
	for (i = 0; i < n; i++)
		hubstore_cmdrow_release(&rows[i]);
	free(rows);
	return rc;
}

static enum MHD_Result
do_result(struct server *sv, struct MHD_Connection *c, struct soap_req *r)
{
	struct hubstore	*hs = NULL;
	struct fa_err	 e, why;
	char		 fp[KEY_FP_LEN + 1];
	int		 x = -1;

	why.msg[0] = '\0';
	if (check_signed(sv, r, &hs, &e, &why) == 0 &&
	    key_fingerprint_parse(r->collector, fp, &e) == 0) {
		x = hubstore_command_result(hs, fp, r->command, r->status,
		    r->data, r->data_len, fa_wall(), &e);
		if (x == 1)
			fa_errf(&e, "no command %" PRId64 " for collector %s",
			    r->command, fp);
		why = e;
	}
	hubstore_close(hs);
	if (x != 0) {
		logf_(sv, "result refused: %s", why.msg[0] != '\0' ? why.msg :
		    e.msg);
		return fault(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    x == -1 && transient(e.msg) ? "Server" : "Client", e.msg);
	}
	logf_(sv, "result: command %" PRId64 " from %s: %s, %zu bytes",
	    r->command, fp, r->status, r->data_len);
	return reply(c, MHD_HTTP_OK, soap_result_response(),
	    "text/xml; charset=utf-8");
}

/* "?wsdl" (a key without a value, any case). */
static enum MHD_Result
is_wsdl(void *cls, enum MHD_ValueKind kind UNUSED, const char *key,
    const char *value UNUSED)
{
	if (key != NULL && strcasecmp(key, "wsdl") == 0)
		*(int *)cls = 1;
	return MHD_YES;
}

/* Writes a piece of an Upload's bundle to its file. */
static int
put_file(void *arg, const unsigned char *p, size_t n, struct fa_err *e)
{
	struct req	*q = arg;
	ssize_t		 w;

	for (; n > 0; p += w, n -= (size_t)w)
		if ((w = write(q->fd, p, n)) <= 0)
			return fa_errf(e, "cannot write the upload: %s",
			    w == 0 ? "no progress" : strerror(errno));
	return 0;
}

/* The Upload's file in HUB/incoming, open for writing (0600). */
static int
upload_file(struct server *sv, struct req *q, struct fa_err *e)
{
	char	*rd;

	pthread_mutex_lock(&sv->lock);
	q->tmp = fa_asprintf("%s/%s/upload-%ld-%lu.bundle", sv->conf->dir,
	    HUB_INCOMING, (long)getpid(), ++sv->seq);
	pthread_mutex_unlock(&sv->lock);
	rd = fa_asprintf("%s/%s", sv->conf->dir, HUB_INCOMING);
	(void)mkdir(rd, 0700);
	free(rd);
	if ((q->fd = open(q->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		fa_errf(e, "cannot write the upload: %s", strerror(errno));
		FA_FREE(q->tmp);
		return -1;
	}
	return 0;
}

/*
 * Checks a large Upload's signed headers (soapup.h) before its body:
 * a trusted collector's signature over its fingerprint, a time near the
 * hub's, a nonce not seen before and the body's length.  0 accepted, -1
 * refused, 1 busy (every nonce slot in use); e says why for the log, the
 * client is told less.
 */
static int
upload_auth(struct server *sv, struct MHD_Connection *c, long long length,
    struct fa_err *e)
{
	struct soapup_auth	 a;
	struct key_pub		 pub;
	struct hubstore		*hs = NULL;
	struct fa_buf		 b = FA_BUF_INIT;
	struct fa_err		 e2;
	char			*pk = NULL, *account = NULL;
	char			 fp[KEY_FP_LEN + 1];
	int64_t			 now = fa_wall();
	size_t			 i, slot = HUBSERVE_NONCES;
	int			 x, rc = -1;

	if (soapup_auth_parse(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    SOAPUP_H_COLLECTOR), MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, SOAPUP_H_TIME), MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, SOAPUP_H_NONCE), MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, SOAPUP_H_SIGNATURE), length, &a, e) != 0)
		return -1;
	if (key_fingerprint_parse(a.collector, fp, &e2) != 0)
		return fa_errf(e, "bad collector fingerprint: %s", e2.msg);
	if (a.time < now - SOAP_SKEW_MAX || a.time > now + SOAP_SKEW_MAX)
		return fa_errf(e, "the collector's clock is %+" PRId64 " s "
		    "from the hub's (at most %d)", a.time - now,
		    SOAP_SKEW_MAX);
	if (hubstore_open_hub(sv->conf->dir, &hs, e) != 0)
		return -1;
	x = hubstore_collector_find(hs, fp, &pk, &account, e);
	hubstore_close(hs);
	if (x == -1)
		goto out;
	if (x == 1 || key_pub_parse(pk, strlen(pk), &pub, &e2) != 0) {
		fa_errf(e, "unknown collector %s", fp);
		goto out;
	}
	soapup_auth_bytes(&a, &b);
	if (sig_verify(&pub, b.s, b.len, a.sig) != 0) {
		fa_errf(e, "bad signature on the headers of collector %s", fp);
		goto out;
	}
	/* Seen nonces are kept past the clock window, so a replay is
	 * refused for as long as its time is accepted. */
	pthread_mutex_lock(&sv->lock);
	for (i = 0; i < HUBSERVE_NONCES; i++) {
		if (sv->nonces[i].until > now &&
		    strcmp(sv->nonces[i].v, a.nonce) == 0)
			break;
		if (sv->nonces[i].until <= now && slot == HUBSERVE_NONCES)
			slot = i;
	}
	if (i < HUBSERVE_NONCES)
		fa_errf(e, "collector %s: its headers were sent before (a "
		    "replay)", fp);
	else if (slot == HUBSERVE_NONCES) {
		fa_errf(e, "too many uploads in %d s", SOAP_SKEW_MAX * 2);
		rc = 1;
	} else {
		memcpy(sv->nonces[slot].v, a.nonce, sizeof(a.nonce));
		sv->nonces[slot].until = a.time + SOAP_SKEW_MAX + 1;
		rc = 0;
	}
	pthread_mutex_unlock(&sv->lock);
out:
	fa_buf_release(&b);
	free(pk);
	free(account);
	return rc;
}

/*
 * Whether a body too large for memory is read and dropped before the
 * 413 rather than answered at once.  A client that did not ask
 * "Expect: 100-continue" is sending its body already: answered at once,
 * the connection is closed with that body unread, the kernel resets it,
 * and the client may lose the answer (it sees "connection reset", not
 * the 413).  Up to HUBSERVE_DROP_MAX declared bytes are read and dropped
 * (nothing held; the body's rate and time limits still apply); a client
 * that waits for 100-continue, or declares more, is answered at once.
 */
static int
drop_first(struct MHD_Connection *c, const char *length)
{
	const char	*x;
	long long	 cl;
	struct fa_err	 e;

	x = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_EXPECT);
	if (x != NULL && strcasecmp(x, "100-continue") == 0)
		return 0;
	return fa_strtonum(length, 0, HUBSERVE_DROP_MAX, &cl, "length",
	    &e) == 0;
}

/* A refusal before the body, for the SOAP endpoint or the web view. */
static enum MHD_Result
refuse(struct server *sv, struct MHD_Connection *c, struct req *q,
    unsigned status, const char *code, const char *msg)
{
	if (q != NULL && q->web) {
		logf_(sv, "web: refused: %s", msg);
		return hubweb_refuse(sv->web, c, status, msg);
	}
	logf_(sv, "refused: %s", msg);
	return fault(c, status, code, msg);
}

/* Headers in: an Upload is checked and its stream set up, or refused. */
static enum MHD_Result
start_upload(struct server *sv, struct MHD_Connection *c, struct req *q)
{
	const char	*h;
	struct fa_err	 e;
	long long	 cl;
	char		*m;
	enum MHD_Result	 rc;
	int		 x;

	h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (h == NULL)
		return refuse(sv, c, q, MHD_HTTP_LENGTH_REQUIRED, "Client",
		    "an Upload needs a Content-Length");
	if (fa_strtonum(h, 1, SOAP_UPLOAD_MAX, &cl, "length", &e) != 0) {
		m = fa_asprintf("request body larger than %d bytes",
		    SOAP_UPLOAD_MAX);
		rc = refuse(sv, c, q, MHD_HTTP_CONTENT_TOO_LARGE, "Client", m);
		free(m);
		return rc;
	}
	if (cl > SOAP_BODY_MAX || MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, SOAPUP_H_SIGNATURE) != NULL) {
		if ((x = upload_auth(sv, c, cl, &e)) != 0) {
			logf_(sv, "upload refused: %s", e.msg);
			if (x == 1)
				return fault(c, MHD_HTTP_SERVICE_UNAVAILABLE,
				    "Server", "the hub is busy: try again "
				    "later");
			/* "Server": a collector whose clock is off, or not
			 * trusted yet, keeps its bundle and tries again. */
			m = fa_asprintf("an Upload over %d bytes needs the "
			    "signed headers (%s...) of a collector this hub "
			    "trusts, with its clock within %d s of the hub's",
			    SOAP_BODY_MAX, SOAPUP_H_SIGNATURE, SOAP_SKEW_MAX);
			rc = fault(c, MHD_HTTP_FORBIDDEN, "Server", m);
			free(m);
			return rc;
		}
		q->sig = 1;
	}
	if (cl > SOAP_BODY_MAX) {
		pthread_mutex_lock(&sv->lock);
		if (sv->uploads < HUBSERVE_UPLOADS) {
			sv->uploads++;
			q->slot = 1;
		}
		pthread_mutex_unlock(&sv->lock);
		if (!q->slot) {
			logf_(sv, "busy: %d uploads at once", HUBSERVE_UPLOADS);
			return fault(c, MHD_HTTP_SERVICE_UNAVAILABLE, "Server",
			    "the hub is busy: try again later");
		}
	} else {
		charge(sv, q, (size_t)cl);
		if (q->over == 2) {
			logf_(sv, "busy: too many request bytes at once");
			return fault(c, MHD_HTTP_SERVICE_UNAVAILABLE, "Server",
			    "the hub is busy: try again later");
		}
	}
	if (upload_file(sv, q, &e) != 0) {
		logf_(sv, "upload refused: %s", e.msg);
		return fault(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "Server",
		    e.msg);
	}
	q->up = soapup_new(SOAP_UPLOAD_MAX, put_file, q);
	return MHD_YES;
}

/* The body has ended: the Upload's bundle is imported, or refused. */
static enum MHD_Result
end_upload(struct server *sv, struct MHD_Connection *c, struct req *q)
{
	size_t		 n = 0;
	enum MHD_Result	 rc;

	if (!q->failed && soapup_finish(q->up, &n, &q->e) != 0)
		q->failed = 1;
	if (close(q->fd) == -1 && !q->failed) {
		fa_errf(&q->e, "cannot write the upload: %s",
		    strerror(errno));
		q->failed = 1;
	}
	q->fd = -1;
	if (q->failed) {
		logf_(sv, "upload refused: %s", q->e.msg);
		return fault(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    transient(q->e.msg) ? "Server" : "Client", q->e.msg);
	}
	rc = do_upload(sv, c, q->tmp, n, q->sig);
	FA_FREE(q->tmp);
	return rc;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version UNUSED, const char *data,
    size_t *data_size, void **con_cls)
{
	struct server	*sv = cls;
	struct req	*q = *con_cls;
	struct soap_req	 r;
	struct fa_err	 e;
	const char	*h;
	enum MHD_Result	 rc;
	long long	 cl;

	/* Device sessions (rdl.h): their own hosts and /WebServices/rdl/. */
	if (rdl_owns(q) || (q == NULL && rdl_wants(sv->rdl, c, url))) {
		conn_phase(sv, conn_of(c), CONN_WORK);
		return rdl_handle(sv->rdl, c, url, method, data, data_size,
		    con_cls);
	}
	if (q == NULL) {
		conn_phase(sv, conn_of(c), CONN_WORK);
		if (strncmp(url, "/WebServices/", 13) != 0 &&
		    strcmp(method, "POST") != 0)
			return hubweb_handle(sv->web, c, url, method, NULL, 0);
		if (strncmp(url, "/WebServices/", 13) == 0 &&
		    strcmp(url, SOAP_PATH) != 0)
			return reply(c, MHD_HTTP_NOT_FOUND,
			    fa_strdup("not found\n"), "text/plain");
		if (strcmp(method, "GET") == 0) {
			char	*u;
			int	 wsdl = 0;

			(void)MHD_get_connection_values(c,
			    MHD_GET_ARGUMENT_KIND, is_wsdl, &wsdl);
			if (!wsdl)
				return reply(c, MHD_HTTP_OK, fa_strdup(
				    "fleetaudit hub: SOAP 1.1 endpoint; WSDL "
				    "at ?wsdl\n"), "text/plain");
			h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
			    MHD_HTTP_HEADER_HOST);
			u = fa_asprintf("https://%.200s%s", h != NULL ? h :
			    "localhost", SOAP_PATH);
			rc = reply(c, MHD_HTTP_OK, soap_wsdl(u),
			    "text/xml; charset=utf-8");
			free(u);
			return rc;
		}
		if (strcmp(method, "POST") != 0)
			return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED,
			    fa_strdup("only GET (?wsdl) and POST\n"),
			    "text/plain");
		q = fa_calloc(1, sizeof(*q));
		q->start = fa_now_ms();
		q->fd = -1;
		q->conn = conn_of(c);
		q->limit = SOAP_BODY_MAX;
		if ((q->web = strncmp(url, "/WebServices/", 13) != 0))
			q->limit = HUBWEB_BODY_MAX;
		*con_cls = q;
		conn_phase(sv, q->conn, CONN_BODY);
		h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    "SOAPAction");
		if (!q->web && h != NULL && strstr(h, "/Upload") != NULL)
			return start_upload(sv, c, q);
		h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (h != NULL && (fa_strtonum(h, 0, (long long)q->limit, &cl,
		    "length", &e) != 0)) {
			q->over = 1;
			if (drop_first(c, h))
				return MHD_YES;	/* answered at its end */
		} else if (h != NULL)
			charge(sv, q, (size_t)cl);
		if (q->over == 0)
			return MHD_YES;
	}
	if (*data_size > 0) {
		if (fa_now_ms() - q->start > HUBSERVE_REQUEST_S * 1000LL)
			return MHD_NO;	/* too slow: the connection goes */
		if (q->conn != NULL) {
			pthread_mutex_lock(&sv->lock);
			q->conn->got += *data_size;
			pthread_mutex_unlock(&sv->lock);
		}
		if (q->up != NULL) {
			/* once refused, the rest is read and dropped */
			if (!q->failed && soapup_push(q->up, data, *data_size,
			    &q->e) != 0)
				q->failed = 1;
			*data_size = 0;
			return MHD_YES;
		}
		if (!q->over && q->body.len + *data_size > q->limit)
			q->over = 1;
		if (!q->over && q->body.len + *data_size > q->counted)
			charge(sv, q, q->body.len + *data_size - q->counted);
		if (!q->over)
			fa_buf_add(&q->body, data, *data_size);
		*data_size = 0;
		return MHD_YES;
	}
	conn_phase(sv, q->conn, CONN_WORK);
	if (q->up != NULL)
		return end_upload(sv, c, q);
	if (q->over == 1) {
		char *m = fa_asprintf("request body larger than %zu bytes",
		    q->limit);

		rc = refuse(sv, c, q, MHD_HTTP_CONTENT_TOO_LARGE, "Client", m);
		free(m);
		return rc;
	}
	if (q->over == 2) {
		logf_(sv, "busy: too many request bytes at once");
		if (q->web)
			return hubweb_refuse(sv->web, c,
			    MHD_HTTP_SERVICE_UNAVAILABLE,
			    "the hub is busy: try again later");
		return fault(c, MHD_HTTP_SERVICE_UNAVAILABLE, "Server",
		    "the hub is busy: try again later");
	}
	if (q->web)
		return hubweb_handle(sv->web, c, url, method, q->body.s,
		    q->body.len);
	if (soap_parse_request(q->body.s != NULL ? q->body.s : "",
	    q->body.len, &r, &e) != 0) {
		logf_(sv, "refused: %s", e.msg);
		return fault(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "Client",
		    e.msg);
	}
	if (r.op == SOAP_UPLOAD)
		rc = refuse(sv, c, q, MHD_HTTP_INTERNAL_SERVER_ERROR, "Client",
		    "an Upload must be sent with SOAPAction \"" SOAP_NS
		    "/Upload\"");
	else if (r.op == SOAP_HELLO)
		rc = do_hello(sv, c, &r);
	else
		rc = do_result(sv, c, &r);
	soap_req_release(&r);
	return rc;
}

/* A PEM file; the TLS key (secret) must be private to its owner, as
 * every other secret of the hub. */
static char *
read_pem(const char *path, int secret, struct fa_err *e)
{
	struct stat	 sb;
	FILE		*f;
	char		*buf;
	size_t		 n;

	if ((f = fopen(path, "r")) == NULL) {
		fa_errf(e, "cannot read '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (secret && fstat(fileno(f), &sb) == -1) {
		fa_errf(e, "cannot read '%s': %s", path, strerror(errno));
		fclose(f);
		return NULL;
	}
	if (secret && key_mode_private("TLS key", path, &sb, e) != 0) {
		fclose(f);
		return NULL;
	}
	buf = fa_malloc(CERT_MAX + 1);
	n = fread(buf, 1, CERT_MAX + 1, f);
	fclose(f);
	if (n == 0 || n > CERT_MAX) {
		free(buf);
		fa_errf(e, "'%s' is empty or larger than %d bytes", path,
		    CERT_MAX);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

/*
 * A TLS certificate (secret 0) or its private key (1) must be PEM: the
 * hub's own key files (hub-sign.key, hub-encrypt.key, hub.pub) are
 * another format, for bundles and receipts, and no TLS key.  The first
 * "-----BEGIN " line must name a certificate or a private key.
 */
static int
pem_check(const char *buf, const char *path, int secret, struct fa_err *e)
{
	const char	*p = strstr(buf, "-----BEGIN "), *want;
	size_t		 n;

	want = secret ? "PRIVATE KEY-----" : "CERTIFICATE-----";
	if (p != NULL) {
		n = strcspn(p, "\r\n");
		if (n >= strlen(want) && strncmp(p + n - strlen(want), want,
		    strlen(want)) == 0)
			return 0;
	}
	if (secret)
		return fa_errf(e, "--key: '%s' is not a PEM private key "
		    "(-----BEGIN PRIVATE KEY-----): give the TLS certificate's "
		    "key, made with openssl, not the hub's signing keys", path);
	return fa_errf(e, "--cert: '%s' is not a PEM certificate (-----BEGIN "
	    "CERTIFICATE-----): give the TLS certificate, made with openssl, "
	    "not the hub's signing keys", path);
}

/*
 * "HOST:PORT" or "[HOST]:PORT" into ss, and its numeric address into
 * shown (INET6_ADDRSTRLEN + 8 bytes).  HOST is an address or a name,
 * resolved here, once: its first IPv4 address when it has one (what a certificate
 * for 127.0.0.1 and most clients expect), else its first IPv6 one.
 */
static int
parse_listen(const char *s, struct sockaddr_storage *ss, char *shown,
    size_t shownlen, struct fa_err *e)
{
	struct addrinfo	 hints, *ai = NULL, *a, *pick = NULL;
	char		 host[256], num[INET6_ADDRSTRLEN];
	const char	*colon, *port, *h = s;
	long long	 pn;
	size_t		 n;
	int		 x;

	if (s[0] == '[') {
		if ((colon = strstr(s, "]:")) == NULL)
			goto bad;
		h = s + 1;
		port = colon + 2;
	} else {
		if ((colon = strrchr(s, ':')) == NULL)
			goto bad;
		port = colon + 1;
	}
	n = (size_t)(colon - h);
	if (n == 0 || n >= sizeof(host) || *port == '\0')
		goto bad;
	memcpy(host, h, n);
	host[n] = '\0';
	if (fa_strtonum(port, 1, 65535, &pn, "--listen port", e) != 0)
		return fa_errf(e, "--listen: '%s': the port must be a number "
		    "from 1 to 65535", s);
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICSERV;
	hints.ai_socktype = SOCK_STREAM;
	if ((x = getaddrinfo(host, port, &hints, &ai)) != 0 || ai == NULL)
		return fa_errf(e, "--listen: cannot resolve '%s': %s", host,
		    x != 0 ? gai_strerror(x) : "no address");
	for (a = ai; a != NULL && pick == NULL; a = a->ai_next)
		if (a->ai_family == AF_INET)
			pick = a;
	if (pick == NULL)
		pick = ai;
	memset(ss, 0, sizeof(*ss));
	memcpy(ss, pick->ai_addr, pick->ai_addrlen);
	if (getnameinfo(pick->ai_addr, pick->ai_addrlen, num, sizeof(num),
	    NULL, 0, NI_NUMERICHOST) != 0)
		fa_strlcpy(num, "?", sizeof(num));
	snprintf(shown, shownlen, pick->ai_family == AF_INET6 ? "[%s]:%s" :
	    "%s:%s", num, port);
	freeaddrinfo(ai);
	return 0;
bad:
	return fa_errf(e, "--listen: '%s' is not HOST:PORT (127.0.0.1:8443, "
	    "[::1]:8443, 0.0.0.0:443, localhost:8443)", s);
}

/* The hub's keys (hubdir.h) into sv: they stay for as long as it serves. */
static int
open_keys(struct server *sv, struct fa_err *e)
{
	struct hubdir_keys	k;

	if (hubdir_keys_open(sv->conf->dir, sv->conf->pass, &k, e) != 0)
		return -1;
	sv->pub = k.pub;
	sv->box = k.box;
	sv->sign = k.sign;
	key_fingerprint(&sv->pub, sv->fp);
	return 0;
}

int
hubserve_run(const struct hubserve_conf *conf, struct fa_err *e)
{
	struct server		 sv;
	struct sockaddr_storage	 ss;
	struct MHD_Daemon	*d = NULL;
	struct hubstore		*hs = NULL;
	char			*cert = NULL, *key = NULL;
	char			 shown[INET6_ADDRSTRLEN + 8];
	int			 rc = -1, x;
	struct timespec		 ts = { 0, 200 * 1000 * 1000 };

	memset(&sv, 0, sizeof(sv));
	sv.conf = conf;
	pthread_mutex_init(&sv.lock, NULL);
	pthread_mutex_init(&sv.imports, NULL);
	soap_init();
	if (parse_listen(conf->listen, &ss, shown, sizeof(shown), e) != 0)
		goto out;
	x = hubstore_open_hub(conf->dir, &hs, e);
	/* SQLite takes one writer at a time: imports wait here rather than
	 * on its lock.  PostgreSQL imports of different sites go on at once
	 * (each locks its site's row). */
	sv.serial = x == 0 && hubdb_kind(hubstore_db(hs)) == HUBDB_SQLITE;
	hubstore_close(hs);
	if (x != 0 || open_keys(&sv, e) != 0)
		goto out;
	if ((cert = read_pem(conf->cert, 0, e)) == NULL ||
	    pem_check(cert, conf->cert, 0, e) != 0 ||
	    (key = read_pem(conf->key, 1, e)) == NULL ||
	    pem_check(key, conf->key, 1, e) != 0)
		goto out;
	sv.web = hubweb_new(conf->dir, conf->login_slots, web_log, &sv);
	sv.rdl = rdl_new(conf->dir, web_log, &sv);
	rdl_signer(sv.rdl, sv.sign, sv.fp);	/* sessions taken at once */
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		fa_errf(e, "this libmicrohttpd has no TLS support");
		goto out;
	}
	sv.nonces = fa_calloc(HUBSERVE_NONCES, sizeof(*sv.nonces));
	d = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_TLS |
	    MHD_ALLOW_SUSPEND_RESUME,
	    0, NULL, NULL, handle, &sv,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_HTTPS_MEM_CERT, cert,
	    MHD_OPTION_HTTPS_MEM_KEY, key,
	    MHD_OPTION_HTTPS_PRIORITIES, TLS_PRIORITIES,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)HUBSERVE_THREADS,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)HUBSERVE_CONNS,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)HUBSERVE_CONNS_PER_IP,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HUBSERVE_IDLE_S,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, &sv,
	    MHD_OPTION_NOTIFY_CONNECTION, notify, &sv,
	    MHD_OPTION_END);
	if (d == NULL) {
		fa_errf(e, "cannot serve on %s: the address is in use or "
		    "not local, or the certificate and key do not match",
		    conf->listen);
		goto out;
	}
	if (strcmp(shown, conf->listen) == 0)
		logf_(&sv, "hub %s serving https://%s%s (WSDL: ?wsdl)", sv.fp,
		    conf->listen, SOAP_PATH);
	else
		logf_(&sv, "hub %s serving https://%s%s (WSDL: ?wsdl) on %s",
		    sv.fp, conf->listen, SOAP_PATH, shown);
	while (!fa_interrupted) {
		nanosleep(&ts, NULL);
		reap(&sv);
	}
	rdl_stop(sv.rdl);	/* held connections answered first */
	MHD_stop_daemon(d);
	logf_(&sv, "stopped");
	rc = 0;
out:
	if (key != NULL) {
		memset(key, 0, strlen(key));
		free(key);
	}
	free(cert);
	key_secret_free(sv.box);
	key_secret_free(sv.sign);
	hubweb_free(sv.web);
	rdl_free(sv.rdl);
	free(sv.nonces);
	pthread_mutex_destroy(&sv.lock);
	return rc;
}
