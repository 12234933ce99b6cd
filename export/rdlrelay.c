/*
 * rdlrelay.c: Remote Device Link, the collector's side (see rdlrelay.h).
 *
 * The hub's frames (export/hub/rdl.c): "hello", "end SID", and
 * "req ID SID LEN" followed by LEN bytes, a request as the device gets
 * it (line, headers, blank line, body).  Each request is carried by a
 * worker with its own libcurl handles (one for the device, one for the
 * hub, so connections and TLS sessions are reused) and its answer posted
 * as the device's own bytes: status line, headers (a Location on the
 * device itself made relative, a cookie's Domain dropped), blank line,
 * body.  The hub refuses what is left pointing elsewhere.
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

#include "../crypto/keys.h"
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

struct dev {
	struct fa_buf	 head, body;
	int		 over;
};

static size_t
on_dev_header(char *p, size_t size, size_t n, void *arg)
{
	struct dev	*d = arg;

	n *= size;
	if (n >= 5 && strncmp(p, "HTTP/", 5) == 0)
		d->head.len = 0;	/* a new answer (after 100 Continue) */
	if (d->head.len + n > HEAD_MAX) {
		d->over = 1;
		return 0;
	}
	fa_buf_add(&d->head, p, n);
	return n;
}

static size_t
on_dev_body(char *p, size_t size, size_t n, void *arg)
{
	struct dev	*d = arg;

	n *= size;
	if (d->body.len + n > RDLRELAY_ANSWER_MAX) {
		d->over = 1;
		return 0;
	}
	fa_buf_add(&d->body, p, n);
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

/* Carries request frame (len bytes) of session s to its device; the
 * answer into out. */
static void
carry(CURL *h, const struct rsess *s, const char *frame,
    size_t len, struct fa_buf *out)
{
	struct dev		 d = { FA_BUF_INIT, FA_BUF_INIT, 0 };
	struct curl_slist	*hd = NULL;
	const char		*end, *line, *nl, *why;
	char			 method[16], *path = NULL, *url = NULL, *hl;
	char			 errbuf[CURL_ERROR_SIZE];
	size_t			 hn, bn;
	CURLcode		 rc;

	if (rdlrelay_request_parse(frame, len, method, &path, &hn,
	    &why) != 0) {
		fail_answer(out, 400, why);
		return;
	}
	bn = len - hn;
	end = frame + hn - 4;
	nl = memchr(frame, '\r', hn);
	/* only the session's device, on the scheme's own port */
	if (strchr(s->addr, ':') != NULL)
		url = fa_asprintf("%s://[%s]%s", s->scheme, s->addr, path);
	else
		url = fa_asprintf("%s://%s%s", s->scheme, s->addr, path);
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
	errbuf[0] = '\0';
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
	/* The device's own certificate, usually self-signed: accepted for
	 * this device's address only (the hub's is always checked). */
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)RDLRELAY_DEVICE_S);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_dev_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &d);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_dev_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &d);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0 || bn > 0) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, frame + hn);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)bn);
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	}
	rc = curl_easy_perform(h);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hd);
	free(url);
	if (rc != CURLE_OK || d.head.len < 12) {
		char *m = d.over ? fa_asprintf("the device's answer is larger "
		    "than %d MiB: refused", RDLRELAY_ANSWER_MAX >> 20) :
		    fa_asprintf("the device did not answer: %s",
		    errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc));

		fail_answer(out, 502, m);
		free(m);
		goto out;
	}
	/* the status line, then the headers one by one */
	for (line = d.head.s; line != NULL && *line != '\0'; line = nl) {
		nl = strstr(line, "\r\n");
		if (nl == NULL || nl == line)
			break;
		hl = fa_malloc((size_t)(nl - line) + 1);
		memcpy(hl, line, (size_t)(nl - line));
		hl[nl - line] = '\0';
		nl += 2;
		if (line == d.head.s)
			fa_buf_printf(out, "%s\r\n", hl);
		else if (strncasecmp(hl, "Location:", 9) == 0)
			rdlrelay_location(out, hl + 9 + strspn(hl + 9, " \t"),
			    s->addr);
		else if (strncasecmp(hl, "Set-Cookie:", 11) == 0)
			set_cookie(out, hl + 11 + strspn(hl + 11, " \t"));
		else if (strncasecmp(hl, "Transfer-Encoding:", 18) != 0 &&
		    strncasecmp(hl, "Content-Length:", 15) != 0)
			fa_buf_printf(out, "%s\r\n", hl);
		free(hl);
	}
	fa_buf_puts(out, "\r\n");
	if (d.body.len > 0)
		fa_buf_add(out, d.body.s, d.body.len);
out:
	fa_buf_release(&d.head);
	fa_buf_release(&d.body);
}

/* ---- the threads ---- */

static void *
worker(void *arg)
{
	struct rdl_relay	*r = arg;
	struct work		*w;
	struct rsess		 s;
	struct fa_buf		 ans = FA_BUF_INIT;
	struct curl_slist	*hd;
	struct fa_err		 e;
	CURL			*dev = curl_easy_init(), *hub = curl_easy_init();
	char			*line;
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
		if (dev == NULL || hub == NULL) {
			free(w->data);
			free(w);
			continue;
		}
		if (w->kind == W_REQ) {
			ans.len = 0;
			if (!known)
				fail_answer(&ans, 502, "this session is not "
				    "one this collector took");
			else
				carry(dev, &s, w->data, w->len, &ans);
			line = fa_asprintf("%s: %" PRId64, H_REQUEST, w->id);
			hd = token_header(r, curl_slist_append(NULL, line));
			free(line);
			st = hub_post(r, hub, "answer", hd, ans.s, ans.len, 300,
			    NULL, 4096, &e);
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
	fa_buf_release(&ans);
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

/* The hub's frames of one poll; a malformed one drops the rest. */
static void
frames(struct rdl_relay *r, const char *p, size_t n)
{
	const char		*end = p + n;
	struct rdlrelay_frame	 f;
	struct work		*w;
	struct rsess		*s;

	while (rdlrelay_frame_next(&p, end, &f) == 1) {
		if (f.kind == RDLRELAY_HELLO) {
			pthread_mutex_lock(&r->lock);
			r->hello = 1;
			pthread_mutex_unlock(&r->lock);
		} else if (f.kind == RDLRELAY_END) {
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
			if (out.len > 0)
				frames(r, out.s, out.len);
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
