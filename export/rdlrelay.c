/*
 * rdlrelay.c: Remote Device Link, the collector's side (see rdlrelay.h).
 *
 * The hub's frames (export/hub/rdl.c): "hello", "end SID", and
 * "req ID SID LEN" followed by LEN bytes, a request as the device gets
 * it (line, headers, blank line, body).  Each request is carried by a
 * worker with its own libcurl handles (one for the device, one for the
 * hub, in a multi handle of its own, so connections and TLS sessions are
 * reused) and its answer streamed to the hub as it comes (carry()) as
 * the device's own bytes: status line, headers (a Location on the device
 * itself made relative, a cookie's Domain dropped), blank line, body.
 * The hub refuses what is left pointing elsewhere.  A device that sends
 * a plain-HTTP session to https on itself has the session's later
 * requests over https (its address, port 443).
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "../collector/range.h"
#include "../crypto/keys.h"
#include "../crypto/sig.h"
#include "rdlrelay.h"
#include "soap.h"
#include "soapup.h"
#include "upload.h"

/* The hub's names (export/hub/rdl.h; the collector has no hub code). */
#define H_CHANNEL	"X-Fleetaudit-Rdl-Channel"
#define H_REQUEST	"X-Fleetaudit-Rdl-Request"
#define AUTH_MAGIC	"fleetaudit-rdl-channel-v1"
#define TOKEN_MAX	128
#define HEAD_MAX	(16 * 1024)	/* bytes of a request's headers */
#define QUEUE_MAX	256		/* requests waiting for a worker */

enum { W_REQ, W_ACCEPT, W_REFUSE };

struct work {
	struct work	*next;
	int		 kind;
	int64_t		 id, sid;
	char		*data;		/* W_REQ: the frame; else the text */
	size_t		 len;
};

struct rsess {
	int64_t		 sid;
	char		 addr[64], scheme[8];
};

struct rdl_relay {
	struct rdl_relay_conf conf;
	char		*base;		/* https://HUB[:PORT] */
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	pthread_t	 poller, workers[RDLRELAY_WORKERS];
	int		 nworkers, poller_on, stop, hello;
	char		 token[TOKEN_MAX + 1];
	struct rsess	 sess[RDLRELAY_SESSIONS];
	struct work	*head, **tail;
	unsigned	 queued;
	struct { int level; char msg[256]; } log[RDLRELAY_LOG];
	unsigned	 nlog, lost;
	struct fa_addr	*allow;		/* rdl_relay_allow() */
	size_t		 nallow;
	char		 hub_fp[KEY_FP_LEN + 1];
};

static void
say(struct rdl_relay *r, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A message for the caller's thread (r->lock held or not: locks). */
static void
say(struct rdl_relay *r, int level, const char *fmt, ...)
{
	char	buf[256];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&r->lock);
	if (r->nlog < RDLRELAY_LOG) {
		r->log[r->nlog].level = level;
		fa_strlcpy(r->log[r->nlog].msg, buf, sizeof(r->log[0].msg));
		r->nlog++;
	} else
		r->lost++;
	pthread_mutex_unlock(&r->lock);
}

static int
stopping(struct rdl_relay *r)
{
	int	s;

	pthread_mutex_lock(&r->lock);
	s = r->stop;
	pthread_mutex_unlock(&r->lock);
	return s;
}

/* ---- calls to the hub ---- */

struct sink {
	struct fa_buf	 b;
	size_t		 max;
	int		 over;
};

static size_t
on_data(char *p, size_t size, size_t n, void *arg)
{
	struct sink	*k = arg;

	n *= size;
	if (k->b.len + n > k->max) {
		k->over = 1;
		return 0;
	}
	fa_buf_add(&k->b, p, n);
	return n;
}

static int
on_progress(void *arg, curl_off_t a UNUSED, curl_off_t b UNUSED,
    curl_off_t c UNUSED, curl_off_t d UNUSED)
{
	return stopping(arg);
}

/* The hub's TLS rules (export/upload.c): verified, TLS 1.2+, https
 * only, no redirect, the pin and the proxy. */
static void
hub_opts(struct rdl_relay *r, CURL *h, long timeout)
{
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (r->conf.cacert != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, r->conf.cacert);
	if (r->conf.pin != NULL)
		curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, r->conf.pin);
	if (r->conf.proxy != NULL)
		curl_easy_setopt(h, CURLOPT_PROXY, r->conf.proxy);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)UPLOAD_CONNECT_S);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "fleetaudit/" FA_VERSION);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, r);
}

/* POST body to BASE/WebServices/rdl/what with extra headers: the HTTP
 * status (0: no answer), the answer in out (may be NULL). */
static long
hub_post(struct rdl_relay *r, CURL *h, const char *what,
    struct curl_slist *extra, const char *body, size_t len, long timeout,
    struct fa_buf *out, size_t max, struct fa_err *e)
{
	struct sink	 k = { FA_BUF_INIT, max, 0 };
	char		*url, errbuf[CURL_ERROR_SIZE];
	struct curl_slist *hd = extra;
	CURLcode	 rc;
	long		 status = 0;

	url = fa_asprintf("%s/WebServices/rdl/%s", r->base, what);
	hd = curl_slist_append(hd, "Expect:");
	hd = curl_slist_append(hd, "Content-Type: application/octet-stream");
	hub_opts(r, h, timeout);
	errbuf[0] = '\0';
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body != NULL ? body : "");
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &k);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	rc = curl_easy_perform(h);
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	else
		fa_errf(e, "the hub: %s", errbuf[0] != '\0' ? errbuf :
		    curl_easy_strerror(rc));
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hd);
	free(url);
	if (out != NULL && rc == CURLE_OK)
		*out = k.b;
	else
		fa_buf_release(&k.b);
	return status;
}

/* A channel: the signed headers (soapup.h's, under AUTH_MAGIC), the
 * hub's token and hold time.  0, or -1 (e). */
static int
channel(struct rdl_relay *r, CURL *h, long *hold, struct fa_err *e)
{
	struct soapup_auth	 a;
	struct fa_buf		 b = FA_BUF_INIT, out = FA_BUF_INIT;
	struct curl_slist	*hd = NULL;
	char			*sig, *line, tok[TOKEN_MAX + 1];
	long			 status;
	int			 x;

	if (soapup_auth_new(r->conf.fp, fa_wall(), 0, &a, e) != 0)
		return -1;
	fa_buf_puts(&b, AUTH_MAGIC "\n");
	soapup_auth_bytes(&a, &b);
	x = key_secret_sign(r->conf.key, (const unsigned char *)b.s, b.len,
	    a.sig, e);
	fa_buf_release(&b);
	if (x != 0)
		return -1;
	sig = soap_b64_encode(a.sig, sizeof(a.sig));
	line = fa_asprintf("%s: %s", SOAPUP_H_COLLECTOR, a.collector);
	hd = curl_slist_append(hd, line);
	free(line);
	line = fa_asprintf("%s: %" PRId64, SOAPUP_H_TIME, a.time);
	hd = curl_slist_append(hd, line);
	free(line);
	line = fa_asprintf("%s: %s", SOAPUP_H_NONCE, a.nonce);
	hd = curl_slist_append(hd, line);
	free(line);
	line = fa_asprintf("%s: %s", SOAPUP_H_SIGNATURE, sig);
	hd = curl_slist_append(hd, line);
	free(line);
	free(sig);
	status = hub_post(r, h, "channel", hd, "", 0, 30, &out, 4096, e);
	if (status == 0) {
		fa_buf_release(&out);
		return -1;
	}
	if (status != 200 || out.s == NULL ||
	    sscanf(out.s, "%128s %ld", tok, hold) != 2 ||
	    strspn(tok, "0123456789abcdef") != strlen(tok)) {
		fa_buf_release(&out);
		return fa_errf(e, "the hub refused the device-link channel "
		    "(HTTP %ld): is this collector trusted, and Remote Device "
		    "Link on there?", status);
	}
	fa_buf_release(&out);
	pthread_mutex_lock(&r->lock);
	fa_strlcpy(r->token, tok, sizeof(r->token));
	pthread_mutex_unlock(&r->lock);
	return 0;
}

/* The channel's header (the caller frees the list). */
static struct curl_slist *
token_header(struct rdl_relay *r, struct curl_slist *l)
{
	char	*line;

	pthread_mutex_lock(&r->lock);
	line = fa_asprintf("%s: %s", H_CHANNEL, r->token);
	pthread_mutex_unlock(&r->lock);
	l = curl_slist_append(l, line);
	free(line);
	return l;
}

/* ---- sessions ---- */

static struct rsess *
sess_find(struct rdl_relay *r, int64_t sid)
{
	size_t	i;

	for (i = 0; i < RDLRELAY_SESSIONS; i++)
		if (r->sess[i].sid == sid)
			return &r->sess[i];
	return NULL;
}

static void
enqueue(struct rdl_relay *r, struct work *w)
{
	pthread_mutex_lock(&r->lock);
	if (r->queued >= QUEUE_MAX) {
		pthread_mutex_unlock(&r->lock);
		free(w->data);
		free(w);
		say(r, 1, "rdl: too many device requests waiting: one dropped");
		return;
	}
	*r->tail = w;
	r->tail = &w->next;
	r->queued++;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

void
rdl_relay_accept(struct rdl_relay *r, int64_t sid, const char *address,
    const char *scheme)
{
	struct rsess	*s;
	struct work	*w;

	pthread_mutex_lock(&r->lock);
	if ((s = sess_find(r, sid)) == NULL)
		s = sess_find(r, 0);
	if (s != NULL) {
		s->sid = sid;
		fa_strlcpy(s->addr, address, sizeof(s->addr));
		fa_strlcpy(s->scheme, scheme, sizeof(s->scheme));
	}
	pthread_mutex_unlock(&r->lock);
	if (s == NULL) {
		rdl_relay_refuse(r, sid, "too many device sessions at once");
		return;
	}
	w = fa_calloc(1, sizeof(*w));
	w->kind = W_ACCEPT;
	w->sid = sid;
	w->data = fa_asprintf("%" PRId64 " ok", sid);
	w->len = strlen(w->data);
	enqueue(r, w);
	say(r, 0, "rdl: session %" PRId64 ": relaying %s://%s", sid, scheme,
	    address);
}

void
rdl_relay_refuse(struct rdl_relay *r, int64_t sid, const char *why)
{
	struct work	*w = fa_calloc(1, sizeof(*w));

	w->kind = W_REFUSE;
	w->sid = sid;
	w->data = fa_asprintf("%" PRId64 " %s", sid, why);
	w->len = strlen(w->data);
	enqueue(r, w);
	say(r, 1, "rdl: session %" PRId64 " refused: %s", sid, why);
}

/* ---- the device ---- */

/*
 * One request carried: the device's answer streamed to the hub as it
 * comes (a curl multi with both handles): the device's bytes go into a
 * small pipe the hub's upload reads from; the device is paused while the
 * pipe holds PIPE_HIGH bytes, the upload while it is empty.  The head
 * (rewritten: a Location on the device made relative, a cookie's Domain
 * dropped) goes first, once the device's headers are complete.
 */
#define PIPE_HIGH	(256 * 1024)
#define PIPE_LOW	(64 * 1024)

struct xfer {
	const struct rsess *s;
	struct fa_buf	 head;		/* the device's header lines */
	struct fa_buf	 pipe;		/* to the hub, from off */
	size_t		 off;
	int64_t		 body;		/* the device's body bytes */
	int		 head_done, dev_done, dev_fail, over;
	int		 to_https;	/* redirected to https on itself */
	int		 fallback;	/* nothing on port 80: https tried */
	int		 composed;	/* the device's own head passed on */
	int		 dev_paused, hub_paused;
};

static void	compose_head(struct xfer *);

static size_t
on_dev_header(char *p, size_t size, size_t n, void *arg)
{
	struct xfer	*x = arg;
	long long	 cl;

	n *= size;
	if (n >= 5 && strncmp(p, "HTTP/", 5) == 0)
		x->head.len = 0;	/* a new answer (after 100 Continue) */
	if (x->head.len + n > HEAD_MAX)
		return 0;
	if (n >= 15 && strncasecmp(p, "Content-Length:", 15) == 0 &&
	    sscanf(p + 15, "%lld", &cl) == 1 && cl > RDLRELAY_ANSWER_MAX) {
		x->over = 1;	/* refused before a byte of it */
		return 0;
	}
	fa_buf_add(&x->head, p, n);
	if ((n == 2 && p[0] == '\r') || (n == 1 && p[0] == '\n')) {
		if (x->head.len > 9 && x->head.s[9] == '1')
			x->head.len = 0;	/* 1xx: the answer comes next */
		else if (!x->head_done)
			compose_head(x);
	}
	return n;
}

static size_t
on_dev_body(char *p, size_t size, size_t n, void *arg)
{
	struct xfer	*x = arg;

	n *= size;
	if (!x->head_done)
		compose_head(x);
	if (x->pipe.len - x->off >= PIPE_HIGH) {
		x->dev_paused = 1;
		return CURL_WRITEFUNC_PAUSE;
	}
	if (x->body + (int64_t)n > RDLRELAY_ANSWER_MAX) {
		x->over = 1;
		return 0;
	}
	x->body += (int64_t)n;
	fa_buf_add(&x->pipe, p, n);
	return n;
}

/* The hub's upload takes the pipe's bytes; paused while it is empty. */
static size_t
on_hub_read(char *p, size_t size, size_t n, void *arg)
{
	struct xfer	*x = arg;
	size_t		 avail = x->pipe.len - x->off;

	n *= size;
	if (avail == 0) {
		if (!x->dev_done || !x->head_done) {
			x->hub_paused = 1;
			return CURL_READFUNC_PAUSE;
		}
		return x->dev_fail ? CURL_READFUNC_ABORT : 0;
	}
	if (n > avail)
		n = avail;
	memcpy(p, x->pipe.s + x->off, n);
	x->off += n;
	if (x->off == x->pipe.len)
		x->off = x->pipe.len = 0;
	else if (x->off >= PIPE_LOW) {
		memmove(x->pipe.s, x->pipe.s + x->off, x->pipe.len - x->off);
		x->pipe.len -= x->off;
		x->off = 0;
	}
	return n;
}

void
rdlrelay_location(struct fa_buf *out, const char *v, const char *addr)
{
	const char	*p = v, *host, *end;
	size_t		 an = strlen(addr);

	if (strncasecmp(p, "http://", 7) == 0)
		p += 7;
	else if (strncasecmp(p, "https://", 8) == 0)
		p += 8;
	else {
		fa_buf_printf(out, "Location: %s\r\n", v);
		return;
	}
	host = p;
	end = host + strcspn(host, "/?#");
	if (*host == '[' && (size_t)(end - host) >= an + 2 &&
	    strncasecmp(host + 1, addr, an) == 0 && host[an + 1] == ']')
		p = host + an + 2;
	else if (an > 0 && (size_t)(end - host) >= an &&
	    strncasecmp(host, addr, an) == 0 &&
	    (host[an] == ':' || host + an == end))
		p = host + an;
	else {
		fa_buf_printf(out, "Location: %s\r\n", v);	/* refused */
		return;
	}
	if (*p == ':')
		p += strspn(p + 1, "0123456789") + 1;
	fa_buf_printf(out, "Location: %s\r\n", *p == '/' ? p : "/");
}

/* A Set-Cookie without its Domain attribute (the browser sees the
 * session's origin, not the device's). */
static void
set_cookie(struct fa_buf *out, const char *v)
{
	const char	*p = v, *semi;

	fa_buf_puts(out, "Set-Cookie: ");
	while (*p != '\0') {
		semi = strchr(p, ';');
		if (semi == NULL)
			semi = p + strlen(p);
		if (strncasecmp(p + strspn(p, " "), "domain=", 7) != 0)
			fa_buf_add(out, p, (size_t)(semi - p) +
			    (*semi == ';' ? 1 : 0));
		p = *semi == ';' ? semi + 1 : semi;
	}
	fa_buf_puts(out, "\r\n");
}

/* The answer of an error of the link itself. */
static void
fail_answer(struct fa_buf *out, int status, const char *msg)
{
	out->len = 0;
	fa_buf_printf(out, "HTTP/1.1 %d Device link\r\nContent-Type: text/plain;"
	    " charset=utf-8\r\n\r\n%s\n", status, msg);
}

/* The device's head as the browser gets it, into the pipe. */
static void
compose_head(struct xfer *x)
{
	const char	*line, *nl;
	char		*hl;
	int		 chunked = 0;

	x->head_done = x->composed = 1;
	fa_buf_add(&x->head, "", 1);
	x->head.len--;
	for (line = x->head.s; line != NULL && *line != '\0'; line = nl) {
		if ((nl = strstr(line, "\r\n")) == NULL)
			break;
		if (strncasecmp(line, "Transfer-Encoding:", 18) == 0)
			chunked = 1;
		nl += 2;
	}
	for (line = x->head.s; line != NULL && *line != '\0'; line = nl) {
		nl = strstr(line, "\r\n");
		if (nl == NULL || nl == line)
			break;
		hl = fa_malloc((size_t)(nl - line) + 1);
		memcpy(hl, line, (size_t)(nl - line));
		hl[nl - line] = '\0';
		nl += 2;
		if (line == x->head.s)
			fa_buf_printf(&x->pipe, "%s\r\n", hl);
		else if (strncasecmp(hl, "Location:", 9) == 0) {
			const char *v = hl + 9 + strspn(hl + 9, " \t");
			size_t at = x->pipe.len;

			rdlrelay_location(&x->pipe, v, x->s->addr);
			/* the device sends http to its own https: the
			 * session's later requests go there */
			if (strncasecmp(v, "https://", 8) == 0 &&
			    strcmp(x->s->scheme, "http") == 0 &&
			    strncmp(x->pipe.s + at, "Location: /", 11) == 0)
				x->to_https = 1;
		}
		else if (strncasecmp(hl, "Set-Cookie:", 11) == 0)
			set_cookie(&x->pipe, hl + 11 + strspn(hl + 11, " \t"));
		/* the length is kept (the hub announces it to the browser)
		 * unless the device sent its body in chunks */
		else if (strncasecmp(hl, "Transfer-Encoding:", 18) != 0 &&
		    (strncasecmp(hl, "Content-Length:", 15) != 0 || !chunked))
			fa_buf_printf(&x->pipe, "%s\r\n", hl);
		free(hl);
	}
	fa_buf_puts(&x->pipe, "\r\n");
}

int
rdlrelay_request_parse(const char *frame, size_t len, char method[16],
    char **path, size_t *hn, const char **why)
{
	const char	*end = NULL, *line, *nl, *sp;

	*path = NULL;
	for (line = frame; line + 4 <= frame + len; line++)
		if (memcmp(line, "\r\n\r\n", 4) == 0) {
			end = line;
			break;
		}
	if (end == NULL || end - frame > HEAD_MAX) {
		*why = "a request without an end of headers";
		return -1;
	}
	*hn = (size_t)(end - frame) + 4;
	nl = memchr(frame, '\r', *hn);
	sp = memchr(frame, ' ', (size_t)(nl - frame));
	if (sp == NULL || sp == frame || (size_t)(sp - frame) >= 16 ||
	    sp + 1 >= nl || sp[1] != '/') {
		*why = "a request line that is not METHOD /PATH";
		return -1;
	}
	memcpy(method, frame, (size_t)(sp - frame));
	method[sp - frame] = '\0';
	if (strspn(method, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(method)) {
		*why = "a bad method";
		return -1;
	}
	line = sp + 1;
	sp = memchr(line, ' ', (size_t)(nl - line));
	if (sp == NULL)
		sp = nl;
	*path = fa_malloc((size_t)(sp - line) + 1);
	memcpy(*path, line, (size_t)(sp - line));
	(*path)[sp - line] = '\0';
	if (strlen(*path) != (size_t)(sp - line) ||
	    strpbrk(*path, " \t#\r\n\\") != NULL) {
		free(*path);
		*path = NULL;
		*why = "a bad path";
		return -1;
	}
	return 0;
}

/* The device handle for request frame (len bytes) of session s, into
 * x; NULL (the failure's answer in x's pipe) when the frame is bad. */
static CURL *
dev_handle(struct rdl_relay *r, CURL *h, struct xfer *x,
    struct curl_slist **hdp, const char *frame, size_t len)
{
	struct curl_slist	*hd = NULL;
	const char		*end, *line, *nl, *why;
	char			 method[16], *path = NULL, *url = NULL, *hl;
	size_t			 hn, bn;

	if (rdlrelay_request_parse(frame, len, method, &path, &hn,
	    &why) != 0) {
		fail_answer(&x->pipe, 400, why);
		x->head_done = x->dev_done = 1;
		return NULL;
	}
	bn = len - hn;
	end = frame + hn - 4;
	nl = memchr(frame, '\r', hn);
	/* only the session's device, on the scheme's own port */
	if (strchr(x->s->addr, ':') != NULL)
		url = fa_asprintf("%s://[%s]%s", x->s->scheme, x->s->addr, path);
	else
		url = fa_asprintf("%s://%s%s", x->s->scheme, x->s->addr, path);
	free(path);
	for (line = nl + 2; line < end + 2; line = nl + 2) {
		nl = memchr(line, '\r', (size_t)(end + 2 - line));
		if (nl == NULL || nl == line)
			break;
		hl = fa_malloc((size_t)(nl - line) + 1);
		memcpy(hl, line, (size_t)(nl - line));
		hl[nl - line] = '\0';
		if (strncasecmp(hl, "Host:", 5) != 0 &&
		    strncasecmp(hl, "Content-Length:", 15) != 0)
			hd = curl_slist_append(hd, hl);
		free(hl);
	}
	hd = curl_slist_append(hd, "Expect:");
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, url);
	free(url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
	/* The device's own certificate, usually self-signed: accepted for
	 * this device's address only (the hub's is always checked). */
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	/* no overall limit (a large download takes its time): a device
	 * silent for RDLRELAY_DEVICE_S fails (a paused transfer is not) */
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, (long)RDLRELAY_DEVICE_S);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_dev_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_dev_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, r);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0 || bn > 0) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, frame + hn);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)bn);
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	}
	*hdp = hd;
	return h;
}

/* The device's transfer ended (rc): its failure's answer when nothing
 * was passed on yet, else the hub's upload is cut. */
static void
dev_ended(struct xfer *x, CURLcode rc, const char *errbuf)
{
	char	*m;

	x->dev_done = 1;
	if (rc == CURLE_OK && x->head_done)
		return;
	if (x->head_done) {
		x->dev_fail = 1;
		return;
	}
	m = x->over ? fa_asprintf("the device's answer is larger than %d "
	    "MiB: refused", RDLRELAY_ANSWER_MAX >> 20) :
	    fa_asprintf("the device did not answer: %s", errbuf[0] != '\0' ?
	    errbuf : curl_easy_strerror(rc));
	x->off = 0;
	fail_answer(&x->pipe, 502, m);
	free(m);
	x->head_done = 1;
}

/*
 * Carries request frame (len bytes) of session s (NULL: not one this
 * collector took) to its device and streams the answer to the hub as
 * request id's: the hub's HTTP status, 0 when it was not reached.  m is
 * the worker's own multi handle: its connections (to the device, TLS to
 * the hub) are kept from one request to the next.
 */
static long
carry(struct rdl_relay *r, CURLM *m, CURL *dev, CURL *hub,
    const struct rsess *s, int64_t id, const char *frame, size_t len)
{
	struct xfer		 x;
	struct sink		 k = { FA_BUF_INIT, 4096, 0 };
	struct curl_slist	*dhd = NULL, *hd;
	CURLMsg			*msg;
	char			*url, *line, errbuf[CURL_ERROR_SIZE];
	int			 running, left, hub_done = 0, dev_in = 0, kick;
	struct rsess		 tls;
	CURLcode		 rc;
	long			 status = 0;

	memset(&x, 0, sizeof(x));
	x.s = s;
	errbuf[0] = '\0';
	if (s == NULL) {
		fail_answer(&x.pipe, 502, "this session is not one this "
		    "collector took");
		x.head_done = x.dev_done = 1;
	} else if (dev_handle(r, dev, &x, &dhd, frame, len) != NULL) {
		curl_easy_setopt(dev, CURLOPT_ERRORBUFFER, errbuf);
		dev_in = curl_multi_add_handle(m, dev) == CURLM_OK;
		if (!dev_in)
			dev_ended(&x, CURLE_FAILED_INIT, errbuf);
	}
	url = fa_asprintf("%s/WebServices/rdl/answer", r->base);
	line = fa_asprintf("%s: %" PRId64, H_REQUEST, id);
	hd = token_header(r, curl_slist_append(NULL, line));
	free(line);
	hd = curl_slist_append(hd, "Expect:");
	hd = curl_slist_append(hd, "Content-Type: application/octet-stream");
	hd = curl_slist_append(hd, "Transfer-Encoding: chunked");
	hub_opts(r, hub, 0);
	/* as the device's: no overall limit, but not stalled */
	curl_easy_setopt(hub, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(hub, CURLOPT_LOW_SPEED_TIME,
	    (long)RDLRELAY_DEVICE_S * 2);
	curl_easy_setopt(hub, CURLOPT_URL, url);
	curl_easy_setopt(hub, CURLOPT_HTTPHEADER, hd);
	curl_easy_setopt(hub, CURLOPT_POST, 1L);
	curl_easy_setopt(hub, CURLOPT_READFUNCTION, on_hub_read);
	curl_easy_setopt(hub, CURLOPT_READDATA, &x);
	curl_easy_setopt(hub, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(hub, CURLOPT_WRITEDATA, &k);
	if (curl_multi_add_handle(m, hub) != CURLM_OK)
		hub_done = 1;
	while (!hub_done && !stopping(r)) {
		(void)curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			if (msg->easy_handle == dev) {
				rc = msg->data.result;
				curl_multi_remove_handle(m, dev);
				dev_in = 0;
				/* nothing on port 80: the device's https, once */
				if (rc == CURLE_COULDNT_CONNECT && !x.head_done &&
				    !x.fallback &&
				    strcmp(x.s->scheme, "http") == 0) {
					x.fallback = 1;
					tls = *x.s;
					fa_strlcpy(tls.scheme, "https",
					    sizeof(tls.scheme));
					x.s = &tls;
					curl_easy_setopt(dev, CURLOPT_HTTPHEADER,
					    NULL);
					curl_slist_free_all(dhd);
					dhd = NULL;
					errbuf[0] = '\0';
					if (dev_handle(r, dev, &x, &dhd, frame,
					    len) != NULL) {
						curl_easy_setopt(dev,
						    CURLOPT_ERRORBUFFER, errbuf);
						dev_in = curl_multi_add_handle(m,
						    dev) == CURLM_OK;
					}
					if (dev_in)
						continue;
					rc = CURLE_FAILED_INIT;
				}
				dev_ended(&x, rc, errbuf);
			} else {
				if (msg->data.result == CURLE_OK)
					curl_easy_getinfo(hub,
					    CURLINFO_RESPONSE_CODE, &status);
				hub_done = 1;
			}
		}
		if (hub_done)
			break;
		kick = 0;
		if (x.hub_paused && x.head_done &&
		    (x.pipe.len > x.off || x.dev_done)) {
			x.hub_paused = 0;
			kick = curl_easy_pause(hub, CURLPAUSE_CONT) == CURLE_OK;
		}
		if (x.dev_paused && x.pipe.len - x.off < PIPE_LOW) {
			x.dev_paused = 0;
			kick |= curl_easy_pause(dev, CURLPAUSE_CONT) == CURLE_OK;
		}
		/* a handle let go moves on now, not at the next event */
		if (!kick)
			(void)curl_multi_poll(m, NULL, 0, 100, NULL);
	}
	if (dev_in)
		curl_multi_remove_handle(m, dev);
	curl_multi_remove_handle(m, hub);
	curl_easy_setopt(hub, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hd);
	if (s != NULL)
		curl_easy_setopt(dev, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(dhd);
	free(url);
	fa_buf_release(&k.b);
	fa_buf_release(&x.head);
	fa_buf_release(&x.pipe);
	if (x.to_https || (x.fallback && x.composed)) {
		struct rsess	*t;

		pthread_mutex_lock(&r->lock);
		if ((t = sess_find(r, s->sid)) != NULL)
			fa_strlcpy(t->scheme, "https", sizeof(t->scheme));
		pthread_mutex_unlock(&r->lock);
		say(r, 0, "rdl: session %" PRId64 ": the device %s: relayed "
		    "over https from now on", s->sid, x.to_https ? "sends its "
		    "web page to https" : "has no web page on port 80");
	}
	return status;
}

/* ---- the threads ---- */

static void *
worker(void *arg)
{
	struct rdl_relay	*r = arg;
	struct work		*w;
	struct rsess		 s;
	struct curl_slist	*hd;
	struct fa_err		 e;
	CURL			*dev = curl_easy_init(), *hub = curl_easy_init();
	CURLM			*m = curl_multi_init();
	long			 st;
	int			 known;

	for (;;) {
		pthread_mutex_lock(&r->lock);
		while (r->head == NULL && !r->stop)
			pthread_cond_wait(&r->cond, &r->lock);
		if ((w = r->head) == NULL) {
			pthread_mutex_unlock(&r->lock);
			break;
		}
		if ((r->head = w->next) == NULL)
			r->tail = &r->head;
		r->queued--;
		known = sess_find(r, w->sid) != NULL;
		if (known)
			s = *sess_find(r, w->sid);
		pthread_mutex_unlock(&r->lock);
		if (dev == NULL || hub == NULL || m == NULL) {
			free(w->data);
			free(w);
			continue;
		}
		if (w->kind == W_REQ) {
			st = carry(r, m, dev, hub, known ? &s : NULL, w->id,
			    w->data, w->len);
			if (st != 200 && !stopping(r))
				say(r, 1, "rdl: an answer of session %" PRId64
				    " was not taken (HTTP %ld)", w->sid, st);
		} else {
			hd = token_header(r, NULL);
			st = hub_post(r, hub, "accept", hd, w->data, w->len, 30,
			    NULL, 4096, &e);
			if (st != 200 && !stopping(r))
				say(r, 1, "rdl: the hub did not take the answer "
				    "to session %" PRId64 " (HTTP %ld)", w->sid,
				    st);
		}
		free(w->data);
		free(w);
	}
	if (m != NULL)
		curl_multi_cleanup(m);
	if (dev != NULL)
		curl_easy_cleanup(dev);
	if (hub != NULL)
		curl_easy_cleanup(hub);
	return NULL;
}

int
rdlrelay_frame_next(const char **pp, const char *end,
    struct rdlrelay_frame *f)
{
	const char	*p = *pp, *nl;
	char		 line[128];

	memset(f, 0, sizeof(*f));
	if (p >= end)
		return 0;
	nl = memchr(p, '\n', (size_t)(end - p));
	if (nl == NULL || (size_t)(nl - p) >= sizeof(line))
		return -1;
	memcpy(line, p, (size_t)(nl - p));
	line[nl - p] = '\0';
	p = nl + 1;
	if (strcmp(line, "hello") == 0)
		f->kind = RDLRELAY_HELLO;
	else if (sscanf(line, "end %lld", &f->sid) == 1 && f->sid > 0)
		f->kind = RDLRELAY_END;
	else if (sscanf(line, "req %lld %lld %zu", &f->id, &f->sid,
	    &f->len) == 3 && f->id > 0 && f->sid > 0 &&
	    f->len <= (size_t)(end - p)) {
		f->kind = RDLRELAY_REQ;
		f->data = p;
		p += f->len;
	} else
		return -1;
	*pp = p;
	return 1;
}

/* The hub's frames of one poll; a malformed one drops the rest.
 * Returns whether a session waits (the hub said "hello"). */
static int
frames(struct rdl_relay *r, const char *p, size_t n)
{
	int			 hello = 0;
	const char		*end = p + n;
	struct rdlrelay_frame	 f;
	struct work		*w;
	struct rsess		*s;

	while (rdlrelay_frame_next(&p, end, &f) == 1) {
		if (f.kind == RDLRELAY_HELLO)
			hello = 1;
		else if (f.kind == RDLRELAY_END) {
			pthread_mutex_lock(&r->lock);
			if ((s = sess_find(r, f.sid)) != NULL)
				memset(s, 0, sizeof(*s));
			pthread_mutex_unlock(&r->lock);
			if (s != NULL)
				say(r, 0, "rdl: session %lld ended", f.sid);
		} else {
			w = fa_calloc(1, sizeof(*w));
			w->kind = W_REQ;
			w->id = f.id;
			w->sid = f.sid;
			w->data = fa_malloc(f.len + 1);
			memcpy(w->data, f.data, f.len);
			w->data[f.len] = '\0';
			w->len = f.len;
			enqueue(r, w);
		}
	}
	return hello;
}

/* run's Hello is needed. */
static void
hello_due(struct rdl_relay *r)
{
	pthread_mutex_lock(&r->lock);
	r->hello = 1;
	pthread_mutex_unlock(&r->lock);
}

/*
 * The hub's offers, taken here when signed by the trusted hub key for
 * this nonce and for an address rdl_relay_allow() gave; anything else
 * (no key, a failure, another address) is left to run's Hello.
 */
static void
take_offers(struct rdl_relay *r, CURL *h)
{
	struct soap_resp	 resp;
	struct fa_buf		 out = FA_BUF_INIT;
	struct fa_err		 e;
	struct fa_addr		 a;
	char			 nonce[SOAP_NONCE_LEN + 1], body[64];
	char			 addr[64], scheme[8], canon[64];
	long long		 sid;
	int64_t			 t0 = fa_wall();
	size_t			 i, k;
	long			 st;
	int			 rest = 0, ok;

	if (r->conf.hub == NULL) {
		hello_due(r);
		return;
	}
	sig_random_hex(nonce, SOAP_NONCE_BYTES);
	snprintf(body, sizeof(body), "%s %" PRId64, nonce, t0);
	st = hub_post(r, h, "offers", token_header(r, NULL), body,
	    strlen(body), 30, &out, 64 * 1024, &e);
	if (st != 200 || out.s == NULL) {
		fa_buf_release(&out);
		hello_due(r);
		return;
	}
	memset(&resp, 0, sizeof(resp));
	if (soap_parse_response(out.s, out.len, SOAP_HELLO, &resp, &e) != 0 ||
	    resp.hub_fp == NULL || strcmp(resp.hub_fp, r->hub_fp) != 0 ||
	    soap_answer_verify(&resp, r->conf.hub, r->conf.fp, nonce, t0,
	    fa_wall(), &e) != 0) {
		say(r, 1, "rdl: the hub's offers are refused (%s): left to "
		    "the next Hello", resp.hub_fp == NULL ||
		    strcmp(resp.hub_fp, r->hub_fp) != 0 ? "not the trusted "
		    "hub" : e.msg);
		soap_resp_release(&resp);
		fa_buf_release(&out);
		hello_due(r);
		return;
	}
	for (i = 0; i < resp.ncmds; i++) {
		if (strcmp(resp.cmds[i].kind, "rdl") != 0)
			continue;
		ok = sscanf(resp.cmds[i].arg, "%lld %63s %7s", &sid, addr,
		    scheme) == 3 && sid > 0 && (strcmp(scheme, "http") == 0 ||
		    strcmp(scheme, "https") == 0) &&
		    fa_addr_parse(addr, &a) == 0;
		pthread_mutex_lock(&r->lock);
		for (k = 0; ok && k < r->nallow; k++)
			if (fa_addr_cmp(&r->allow[k], &a) == 0)
				break;
		ok = ok && k < r->nallow;
		pthread_mutex_unlock(&r->lock);
		if (!ok) {
			rest = 1;
			continue;
		}
		fa_addr_str(&a, canon, sizeof(canon));
		rdl_relay_accept(r, (int64_t)sid, canon, scheme);
	}
	soap_resp_release(&resp);
	fa_buf_release(&out);
	if (rest)
		hello_due(r);
}

void
rdl_relay_allow(struct rdl_relay *r, const struct fa_addr *v, size_t n)
{
	struct fa_addr	*c = fa_reallocarray(NULL, n ? n : 1, sizeof(*c));

	memcpy(c, v, n * sizeof(*c));
	pthread_mutex_lock(&r->lock);
	free(r->allow);
	r->allow = c;
	r->nallow = n;
	pthread_mutex_unlock(&r->lock);
}

static void
nap(struct rdl_relay *r, int seconds)
{
	struct timespec	ts = { 0, 100 * 1000 * 1000 };
	int		i;

	for (i = 0; i < seconds * 10 && !stopping(r); i++)
		nanosleep(&ts, NULL);
}

static void *
poller(void *arg)
{
	struct rdl_relay	*r = arg;
	struct fa_buf		 out;
	struct fa_err		 e;
	CURL			*h = curl_easy_init();
	long			 hold = 20, st;
	int			 wait = 1, have = 0;

	while (h != NULL && !stopping(r)) {
		if (!have) {
			if (channel(r, h, &hold, &e) != 0) {
				if (!stopping(r))
					say(r, 1, "rdl: %s (again in %d s)",
					    e.msg, wait);
				nap(r, wait);
				wait = wait < 60 ? wait * 2 : 60;
				continue;
			}
			say(r, 0, "rdl: device-link channel open");
			have = 1;
			wait = 1;
		}
		memset(&out, 0, sizeof(out));
		st = hub_post(r, h, "poll", token_header(r, NULL), "", 0,
		    hold + 30, &out, 2 * RDLRELAY_ANSWER_MAX, &e);
		if (st == 200) {
			if (out.len > 0 && frames(r, out.s, out.len))
				take_offers(r, h);
		} else if (!stopping(r)) {
			have = 0;	/* a new channel (the hub restarted) */
			if (st == 0)
				say(r, 1, "rdl: poll failed: %s", e.msg);
			nap(r, st == 0 ? wait : 0);
			wait = wait < 60 ? wait * 2 : 60;
		}
		fa_buf_release(&out);
	}
	if (h != NULL)
		curl_easy_cleanup(h);
	return NULL;
}

struct rdl_relay *
rdl_relay_start(const struct rdl_relay_conf *conf, struct fa_err *e)
{
	struct rdl_relay	*r;
	const char		*p;
	int			 i;

	if (conf->hub_url == NULL || strncmp(conf->hub_url, "https://", 8) != 0) {
		fa_errf(e, "Remote Device Link needs an https:// hub-url");
		return NULL;
	}
	r = fa_calloc(1, sizeof(*r));
	r->conf = *conf;
	if (conf->hub != NULL)
		key_fingerprint(conf->hub, r->hub_fp);
	p = strchr(conf->hub_url + 8, '/');
	r->base = p != NULL ? fa_asprintf("%.*s", (int)(p - conf->hub_url),
	    conf->hub_url) : fa_strdup(conf->hub_url);
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	r->tail = &r->head;
	for (i = 0; i < RDLRELAY_WORKERS; i++)
		if (pthread_create(&r->workers[i], NULL, worker, r) == 0)
			r->nworkers++;
	r->poller_on = pthread_create(&r->poller, NULL, poller, r) == 0;
	if (!r->poller_on || r->nworkers == 0) {
		rdl_relay_stop(r);
		fa_errf(e, "cannot start the device-link threads");
		return NULL;
	}
	return r;
}

void
rdl_relay_stop(struct rdl_relay *r)
{
	struct work	*w;
	struct fa_err	 e;
	CURL		*h;
	int		 i, have;

	if (r == NULL)
		return;
	pthread_mutex_lock(&r->lock);
	have = r->token[0] != '\0';
	r->stop = 1;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
	if (r->poller_on)
		pthread_join(r->poller, NULL);
	for (i = 0; i < r->nworkers; i++)
		pthread_join(r->workers[i], NULL);
	/* the hub ends this collector's sessions now, not when it misses
	 * the polls */
	if (have && (h = curl_easy_init()) != NULL) {
		r->stop = 0;
		(void)hub_post(r, h, "bye", token_header(r, NULL), "", 0, 5,
		    NULL, 4096, &e);
		curl_easy_cleanup(h);
	}
	while ((w = r->head) != NULL) {
		r->head = w->next;
		free(w->data);
		free(w);
	}
	pthread_cond_destroy(&r->cond);
	pthread_mutex_destroy(&r->lock);
	free(r->allow);
	free(r->base);
	free(r);
}

int
rdl_relay_hello_due(struct rdl_relay *r)
{
	int	h;

	pthread_mutex_lock(&r->lock);
	h = r->hello;
	r->hello = 0;
	pthread_mutex_unlock(&r->lock);
	return h;
}

void
rdl_relay_log(struct rdl_relay *r, void (*cb)(void *, int, const char *),
    void *arg)
{
	struct { int level; char msg[256]; } v[RDLRELAY_LOG];
	unsigned	n, lost, i;

	pthread_mutex_lock(&r->lock);
	n = r->nlog;
	lost = r->lost;
	memcpy(v, r->log, n * sizeof(v[0]));
	r->nlog = r->lost = 0;
	pthread_mutex_unlock(&r->lock);
	for (i = 0; i < n; i++)
		cb(arg, v[i].level, v[i].msg);
	if (lost > 0) {
		char	m[64];

		snprintf(m, sizeof(m), "rdl: %u messages lost", lost);
		cb(arg, 1, m);
	}
}
